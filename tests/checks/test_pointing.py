from pathlib import Path

from kapsite.checks.pointing import dangling_references
from kapsite.checks.table import CHECKS
from kapsite.inputs.articles import parse_article
from kapsite.stages.segment import segment

HEAD = "---\ntitle: T\nsource:\n  publisher: P\n---\n"


def _warnings(body: str) -> list[str]:
    statements = segment(parse_article(Path("content/articles/art.md"), HEAD + body))
    return [str(w) for w in dangling_references(statements)]


def test_a_paragraph_opening_with_these_is_a_warning_with_file_and_line() -> None:
    found = _warnings("Ketamine is studied.\n\nThese two uses are common.\n")
    assert len(found) == 1
    assert found[0].startswith("content/articles/art.md:8: the sentence opens with 'These'")


def test_a_list_item_opening_with_this_is_a_warning() -> None:
    assert len(_warnings("- Ketamine is a spray.\n- This may or may not be combined.\n")) == 1


def test_a_sentence_whose_paragraph_names_the_subject_passes() -> None:
    assert _warnings("Ketamine blocks NMDA receptors. This raises glutamate.\n") == []


def test_an_faq_answer_points_at_its_question_and_passes() -> None:
    assert _warnings("## FAQ\n\n### Is ketamine safe?\n\nIt is given in a clinic.\n") == []


def test_the_warning_is_a_named_check_that_fails_only_a_strict_build() -> None:
    check = next(c for c in CHECKS if c.name == "dangling-reference")
    assert check.stops is False
