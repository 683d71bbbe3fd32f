"""A topic page as a reader meets it: key facts, a legend, paragraphs of claims in plain words,
each claim's evidence one tap away, labels only where the evidence differs from the legend."""

from pathlib import Path

from kapsite.model import (
    Article,
    Citation,
    Claim,
    Conflict,
    Pointer,
    Reference,
    Section,
    Source,
    Statement,
    TopicPage,
)
from kapsite.render.topic_page import LEGEND, PARAGRAPH_CLAIMS, render_markdown
from kapsite.text.html import NOT_SEARCHED

ARTICLE = Article(
    "a", Path("a.md"), "A", Source("Clinic A", "Original", key="src-a", short="Clinic A"), "x", 6
)
OTHER = Article("b", Path("b.md"), "B", Source("Site B", "Second", short="Site B"), "x", 6)
REF = Reference("k1", "<em>Ref</em>", "Ref text", "corrected", note="Wrong pages in source.")
SRC = Reference("src-a", "Clinic page", "Clinic page", "verified", group="source-article")
REFERENCES = {"k1": REF, "src-a": SRC}


def _statement(sid: str, text: str, line: int = 7, article: str = "a", cite: str = "") -> Statement:
    citations = (Citation(cite),) if cite else ()
    return Statement(f"{article}:{sid}", article, Path(f"{article}.md"), line, text, citations)


def _page(*claims: Claim, key_facts=(), kept=(), articles=(ARTICLE, OTHER), **section) -> TopicPage:
    return TopicPage(
        "p",
        "Title",
        "Intro.",
        (Section("s", "Sec", tuple(claims), **section), Section("empty", "Empty")),
        (REF,),
        articles,
        source_labels=(("a", "Clinic A"), ("b", "Site B")),
        key_facts=tuple(key_facts),
        kept_anchors=tuple(kept),
    )


FAST = Claim(
    "claim-fast",
    "Ketamine can ease depression within hours.",
    (_statement("1", "Ketamine works *fast*, often in hours.", cite="k1"),),
    "p",
    "s",
    evidence="verified-study",
)


def test_a_claim_is_the_editors_sentence_with_a_numbered_marker_and_its_anchor() -> None:
    md = render_markdown(_page(FAST), REFERENCES)
    assert (
        '<span class="kap-claim" id="claim-fast">Ketamine can ease depression within hours.' in md
    )
    assert (
        f'<a class="kap-cite" href="#ref-k1">[1]<span class="kap-preview" {NOT_SEARCHED}> Ref text</span></a>'
        in md
    )
    assert '<li id="ref-k1" value="1"><em>Ref</em>' in md
    assert "Checked and corrected" in md and 'href="../bibliography/#ref-k1">What we checked' in md


def test_evidence_is_one_tap_away_with_each_sources_own_words_article_and_line() -> None:
    md = render_markdown(_page(FAST), REFERENCES)
    evidence = md[md.index(f'<details class="kap-evidence" {NOT_SEARCHED}>') :]
    evidence = evidence[: evidence.index("</details>")]
    assert "<summary>Sources: Clinic A</summary>" in evidence
    assert "“Ketamine works fast, often in hours.” (" in evidence  # Markdown marks removed
    assert 'href="#ref-src-a">Clinic A</a>, line 7)' in evidence
    assert 'Cites <a href="#ref-k1">[1]</a> Ref text <em>Checked and corrected' in evidence


def test_a_label_shows_only_where_evidence_differs_from_the_legend() -> None:
    plain = Claim(
        "claim-plain",
        "Sessions last an hour.",
        (_statement("2", "About an hour."),),
        "p",
        "s",
        evidence="no-study",
    )
    md = render_markdown(_page(plain, FAST), REFERENCES)
    plain_html = md[md.index('id="claim-plain"') : md.index('id="claim-fast"')]
    assert "kap-label" not in plain_html  # the legend's default: source articles, no study
    assert f'<span class="kap-label kap-label-checked" {NOT_SEARCHED}>Checked source</span>' in md
    assert LEGEND in md and "Not yet reviewed" in LEGEND


def test_pending_unverified_uncited_and_differing_claims_are_labelled() -> None:
    pending = Claim(
        "claim-new",
        "A new sentence.",
        (_statement("3", "A new sentence."),),
        "p",
        "s",
        evidence="no-study",
        pending=True,
    )
    odd = Claim(
        "claim-odd",
        "70% respond.",
        (_statement("4", "70% respond."),),
        "p",
        "s",
        evidence="no-study",
        flags=("uncited-figure",),
        conflicts=(Conflict("claim-other", "q", "55% respond.", ("b",)),),
    )
    md = render_markdown(_page(pending, odd), REFERENCES)
    assert f'<span class="kap-label kap-label-pending" {NOT_SEARCHED}>Not yet reviewed</span>' in md
    assert (
        f'<span class="kap-label kap-label-uncited-figure" {NOT_SEARCHED}>No study for this figure</span>'
        in md
    )
    assert '<a class="kap-label kap-label-differ" href="../q/#claim-other"' in md


def test_a_correction_is_in_the_open_and_a_shared_note_is_shown_once() -> None:
    wrong = _statement("5", "Ketamine stops GABA binding.", line=30, article="b")
    fixed = Claim(
        "claim-fixed",
        "Ketamine blocks NMDA receptors.",
        (_statement("6", "Ketamine blocks NMDA receptors."),),
        "p",
        "s",
        evidence="no-study",
        corrects=(wrong,),
        note="One source says GABA binds there. It does not.",
    )
    twin = Claim(
        "claim-twin",
        "Another.",
        (_statement("7", "Another."),),
        "p",
        "s",
        evidence="no-study",
        note=fixed.note,
    )
    md = render_markdown(_page(fixed, twin), REFERENCES)
    assert md.count("<strong>Editors' note:</strong>") == 1
    assert '<aside class="kap-editors-note" id="note-claim-fixed" role="note">' in md
    assert md.count(f'href="#note-claim-fixed" {NOT_SEARCHED}>Editors\' note</a>') == 2
    assert "<strong>Corrected:</strong> “Ketamine stops GABA binding.”" in md
    assert "Site B</a>, line 30)" in md or "Site B, line 30)" in md


def test_key_facts_come_first_and_link_to_their_claims() -> None:
    md = render_markdown(_page(FAST, key_facts=[FAST]), REFERENCES)
    box = md.index('<div class="kap-key-facts"')
    assert box < md.index("## Sec")
    assert '<li><a href="#claim-fast">Ketamine can ease depression within hours.</a></li>' in md


def test_claims_are_grouped_in_short_paragraphs_or_a_list_when_the_editor_asks() -> None:
    claims = [
        Claim(
            f"claim-{n}",
            f"Fact number {n}.",
            (_statement(str(n), f"Fact {n}."),),
            "p",
            "s",
            evidence="no-study",
        )
        for n in range(PARAGRAPH_CLAIMS + 1)
    ]
    md = render_markdown(_page(*claims), REFERENCES)
    assert (
        md.count(f'<details class="kap-evidence" {NOT_SEARCHED}>') == 2
    )  # one record per paragraph
    listed = render_markdown(_page(*claims, as_list=True), REFERENCES)
    assert listed.count('- <span class="kap-claim"') == len(claims)


def test_old_anchors_land_where_their_statement_stood() -> None:
    merged = Claim(
        "claim-fast", FAST.text, FAST.members, "p", "s", evidence="no-study", aliases=("claim-old",)
    )
    md = render_markdown(
        _page(merged, kept=[("s", "claim-left-out")]),
        REFERENCES,
        aliases={"claim-renamed": "claim-fast", "claim-section-old": "s"},
        moved={"claim-gone": "/q/#claim-there"},
    )
    assert (
        '<span class="kap-claim" id="claim-fast"><span id="claim-old"></span><span id="claim-renamed"></span>'
        in md
    )
    assert (
        '<div class="kap-kept"><span id="claim-left-out"></span><span id="claim-section-old"></span></div>'
        in md
    )
    assert '<a id="claim-gone" href="../q/#claim-there"' in md


def test_the_help_box_stands_beside_the_first_section_about_suicide() -> None:
    about = Claim(
        "claim-s",
        "Ketamine may ease suicidal thoughts fast.",
        (_statement("8", "x"),),
        "p",
        "s2",
        evidence="no-study",
    )
    page = TopicPage(
        "p",
        "Title",
        "Intro.",
        (Section("s", "Receptors", (FAST,)), Section("s2", "Suicidal thoughts", (about,))),
        (REF,),
        (ARTICLE,),
    )
    md = render_markdown(page, REFERENCES, help_box="<aside>HELP</aside>")
    assert md.index("## Receptors") < md.index("## Suicidal thoughts") < md.index("HELP")
    assert md.count("HELP") == 1


def test_faq_asks_each_question_once_in_the_editors_order_with_pointers_to_other_pages() -> None:
    def answer(cid: str, question: str, position: int) -> Claim:
        return Claim(
            cid,
            f"Answer {cid}.",
            (_statement(cid[-1], "x"),),
            "faq",
            "q",
            question=question,
            evidence="no-study",
            position=position,
        )

    pointer = Pointer(
        "How fast is it?", ("", 1, 0), "claim-fast", "p", FAST.text, section="q", position=1
    )
    page = TopicPage(
        "faq",
        "FAQ",
        "",
        (
            Section(
                "q",
                "Questions",
                (answer("claim-b", "Is it safe?", 2), answer("claim-a", "Is it new?", 0)),
                pointers=(pointer,),
            ),
        ),
        (),
        (ARTICLE,),
        answered_elsewhere=(pointer,),
    )
    md = render_markdown(page, REFERENCES)
    order = [md.index(q) for q in ("Is it new?", "How fast is it?", "Is it safe?")]
    assert order == sorted(order)
    assert md.count('<h3 class="kap-question">') == 3
    assert '<a href="../p/#claim-fast">Read it with its sources</a>' in md


def test_article_text_cannot_open_an_html_tag() -> None:
    claim = Claim(
        "claim-x",
        "Claim <script>alert(1)</script> here.",
        (_statement("9", "<b onclick=x>q</b>"),),
        "p",
        "s",
        evidence="no-study",
    )
    md = render_markdown(_page(claim), REFERENCES)
    assert (
        "<script>" not in md
        and "&lt;script&gt;" in md
        and "onclick" not in md.replace("onclick=x&gt;", "")
    )


def test_empty_section_keeps_its_anchor() -> None:
    assert "## Empty { #empty }" in render_markdown(_page(FAST), REFERENCES)
