from kapsite.inputs.vocabulary import parse_vocabulary


def test_a_vocabulary_mistake_points_at_its_line() -> None:
    import pytest

    from kapsite.errors import ContentError

    for text, line in {
        "receptors:\n  nmda: [nmda]\norgans: liver\n": 3,
        "receptors:\n  nmda: [nmda]\n  ampa: ampa\n": 3,
    }.items():
        with pytest.raises(ContentError) as caught:
            parse_vocabulary(text)
        assert caught.value.line == line, (text, str(caught.value))
