"""The Editorial decisions page: every correction and every statement left out, per article."""

from pathlib import Path

from kapsite.inputs.claims import LeftOut
from kapsite.model import Article, Claim, Section, Source, Statement, TopicPage
from kapsite.render.editorial_page import render_editorial_page

A = Article("a", Path("a.md"), "First article", Source("P"), "x", 6)
B = Article("b", Path("b.md"), "Second article", Source("Q"), "x", 6)


def _s(article: str, line: int, text: str) -> Statement:
    return Statement(f"{article}:{line:010d}", article, Path(f"{article}.md"), line, text)


def test_each_correction_and_each_left_out_statement_is_listed_with_its_reason() -> None:
    wrong = _s("a", 12, "Ketamine stops GABA <b>binding</b>.")
    claim = Claim(
        "claim-nmda",
        "Ketamine blocks NMDA receptors.",
        (_s("b", 3, "Ketamine blocks NMDA receptors."),),
        "mechanism",
        "nmda",
        corrects=(wrong,),
        note="GABA does not bind NMDA receptors.",
    )
    page = TopicPage("mechanism", "How it works", "", (Section("nmda", "NMDA", (claim,)),))
    hype = _s("b", 20, "A game-changer.")
    md = render_editorial_page(
        [page], [A, B], [(hype, LeftOut(hype.id, "promotion", "No fact.", Path("l.yml"), 2))]
    )
    first = md.index("## First article { #a }")
    second = md.index("## Second article { #b }")
    assert first < md.index("Line 12: “Ketamine stops GABA &lt;b&gt;binding&lt;/b&gt;.”") < second
    assert (
        "GABA does not bind NMDA receptors. [See the corrected statement](mechanism.md#claim-nmda)"
        in md
    )
    assert "Line 20: “A game-changer.” *Why: promotion with no fact to keep.* No fact." in md


def test_an_article_with_no_decision_is_not_listed() -> None:
    md = render_editorial_page([], [A], [])
    assert "## First article" not in md and md.startswith("---\ndescription:")
