from pathlib import Path

import pytest
from conftest import TOPICS

from kapsite.errors import ContentError
from kapsite.inputs.topics import load_taxonomy


def _load(tmp_path: Path, text: str):
    path = tmp_path / "topics.yml"
    path.write_text(text)
    return load_taxonomy(path)


def test_pages_sections_and_cues_are_read(tmp_path: Path) -> None:
    taxonomy = _load(tmp_path, TOPICS)
    assert [t.slug for t in taxonomy.topics] == [
        "overview",
        "mechanism",
        "conditions",
        "risks",
        "faq",
    ]
    conditions = taxonomy.topic("conditions")
    assert [s.id for s in conditions.sections] == ["depression", "ptsd"]
    assert conditions.sections[1].cues == ("ptsd",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("slug: risks", "slug: Risks Page"), "not lowercase-hyphenated"),
        (("id: ptsd", "id: depression"), "listed twice"),
        (("    faq: true\n", ""), "exactly one page must have 'faq: true'"),
        (("cues: [ptsd]", "cues: ptsd"), "'cues' must be a list"),
        (
            ("    intro: Side effects.\n", "    intro: Side effects.\n    colour: red\n"),
            "unknown field 'colour'",
        ),
    ],
)
def test_bad_topics_file_names_the_line(tmp_path: Path, change, message: str) -> None:
    with pytest.raises(ContentError) as caught:
        _load(tmp_path, TOPICS.replace(*change))
    assert message in caught.value.message
    assert caught.value.line and caught.value.fix


def test_missing_topics_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="missing"):
        load_taxonomy(tmp_path / "nope.yml")
