from pathlib import Path

from kapsite.checks.accepted_figures import unmatched_entries
from kapsite.inputs.articles import parse_article
from kapsite.stages.segment import segment


def _warnings(figures: list[str], body: str) -> list[str]:
    entries = "".join(
        f"  - figure: '{f}'\n    reason: The source gives no study.\n" for f in figures
    )
    text = f"---\ntitle: T\nsource:\n  publisher: P\naccept_uncited:\n{entries}---\n{body}"
    article = parse_article(Path("content/articles/a.md"), text)
    return [str(w) for w in unmatched_entries([article], segment(article))]


def test_a_near_miss_names_the_figure_found_and_its_line() -> None:
    (warning,) = _warnings(["300 million people"], "Depression affects 300 million people.\n")
    assert warning.startswith("content/articles/a.md:6: accept_uncited figure '300 million people'")
    assert "line 9 states '300 million'" in warning and 'figure: "300 million"' in warning


def test_a_near_miss_in_other_units_names_the_figure_found() -> None:
    (warning,) = _warnings(["24hrs"], "Relief can come within 24 hours.\n")
    assert "states '24 hours'" in warning


def test_an_entry_no_figure_comes_close_to_is_reported_unused() -> None:
    (warning,) = _warnings(["70%"], "Ketamine can lift mood.\n")
    assert "'70%' is stated nowhere in the article" in warning


def test_an_exact_entry_passes() -> None:
    assert _warnings(["300 million"], "Depression affects 300 million people.\n") == []
