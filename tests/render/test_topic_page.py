from pathlib import Path

from kapsite.model import (
    Article,
    Citation,
    Claim,
    Reference,
    Section,
    Source,
    Statement,
    TopicPage,
)
from kapsite.render.topic_page import render_markdown

ARTICLE = Article("a", Path("a.md"), "A", Source("Clinic A", "Original", key="src-a"), "x", 6)
REF = Reference("k1", "<em>Ref</em>", "Ref text", "corrected", note="Wrong pages in source.")
SRC = Reference("src-a", "Clinic page", "Clinic page", "verified", group="source-article")


def _page(text: str) -> str:
    member = Statement("a:1", "a", Path("a.md"), 7, text, (Citation("k1"),), page="p", section="s")
    cluster = Claim("claim-x-1", text, (member,), "p", "s", evidence="verified-study")
    page = TopicPage(
        "p",
        "Title",
        "Intro.",
        (Section("s", "Sec", (cluster,)), Section("empty", "Empty")),
        (REF,),
        (ARTICLE,),
    )
    return render_markdown(page, {"k1": REF, "src-a": SRC})


def test_claim_has_anchor_marker_sources_and_reference() -> None:
    md = _page("Ketamine acts fast.")
    assert '<div class="kap-claim" id="claim-x-1" markdown>' in md
    assert (
        'Ketamine acts fast. <a class="kap-cite" href="#ref-k1">[1]'
        '<span class="kap-preview"> Ref text</span></a>'
    ) in md
    assert (
        'Source article: <a class="kap-cite" href="#ref-src-a">[A]<span class="kap-preview"> Original'
        in md
    )
    assert '<li id="ref-src-a"><strong>[A]</strong> Clinic page' in md
    assert '<li id="ref-k1" value="1"><em>Ref</em>' in md
    assert "corrected" in md and "Wrong pages in source." in md
    assert '<a href="#claim-x-1" aria-label="Back to claim 1">1</a>' in md
    assert "Backed by a cited source that we checked." in md


def test_empty_section_keeps_its_anchor() -> None:
    assert "## Empty { #empty }" in _page("x")


def test_article_text_cannot_open_an_html_tag() -> None:
    md = _page("Claim <script>alert(1)</script> here.")
    assert "<script>" not in md and "&lt;script&gt;" in md


def test_faq_question_is_asked_once_above_its_answers_in_article_order() -> None:
    def claim(cid: str, text: str, position: int) -> Claim:
        member = Statement(
            f"a:{cid}",
            "a",
            Path("a.md"),
            20,
            text,
            kind="faq",
            question="Is it safe?",
            page="faq",
            section="q",
            position=position,
        )
        return Claim(
            cid, text, (member,), "faq", "q", question="Is it safe?", evidence="no-study"
        )

    second, first = claim("claim-b", "Second sentence.", 1), claim("claim-a", "First sentence.", 0)
    page = TopicPage(
        "faq", "FAQ", "", (Section("q", "Questions", (second, first)),), (), (ARTICLE,)
    )
    md = render_markdown(page, {"src-a": SRC})
    assert md.count("Is it safe?") == 1
    assert md.index("Is it safe?") < md.index("First sentence.") < md.index("Second sentence.")


def test_faq_still_asks_a_question_whose_answer_was_merged_into_another_page() -> None:
    from kapsite.model import Pointer

    pointer = Pointer(
        "Does it act fast?", ("a", 30, 4), "claim-fast-1", "conditions", "Ketamine acts fast."
    )
    page = TopicPage(
        "faq",
        "FAQ",
        "",
        (Section("q", "Questions"),),
        (),
        (ARTICLE,),
        answered_elsewhere=(pointer,),
    )
    md = render_markdown(page, {"src-a": SRC})
    assert '<h3 class="kap-question">Does it act fast?</h3>' in md
    assert (
        'Ketamine acts fast. <a href="../conditions/#claim-fast-1">Read this claim with its sources</a>'
        in md
    )
