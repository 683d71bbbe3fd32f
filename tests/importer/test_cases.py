"""The importer on the cases found by trying it on real saved web pages, each written small."""

from __future__ import annotations

from pathlib import Path

import pytest

from kapsite.errors import ContentError
from kapsite.importer import KeyIndex, import_file, text_to_lines
from kapsite.importer.draft import CUT_OFF_NOTE, render_body
from kapsite.importer.html import html_to_lines
from kapsite.importer.report import warnings
from kapsite.importer.rules import clean
from kapsite.inputs.articles import parse_article
from kapsite.stages.segment import segment


def body(text: str) -> str:
    return render_body(clean(text_to_lines(text)))


def html_body(html: str) -> str:
    return render_body(clean(html_to_lines(html)))


def _import(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_file(path, tmp_path / "articles", tmp_path / "bib", KeyIndex())


def test_a_caption_above_a_stock_credit_goes_and_the_real_subheading_stays() -> None:
    text = (
        "Ketamine is given in a clinic.\n\nHow a Session Works\nA woman resting by a window\n"
        "iStock (2)\nA nurse checks blood pressure first.\n"
    )
    assert body(text) == (
        "Ketamine is given in a clinic.\n\n## How a Session Works\n\n"
        "A nurse checks blood pressure first.\n"
    )


def test_cut_off_sentences_are_marked_in_the_draft_and_the_report(tmp_path: Path) -> None:
    text = (
        "Ketamine Explained\n\nKetamine can lift mood within hours. However, traditional "
        "antidepress\n\nKetamine is given in a clinic.\n\n"
        "Talk to your doctor about whether ketamine therapy is right for y\n"
    )
    draft = _import(tmp_path, "cut.txt", text)
    assert [line.number for line in draft.cut_off] == [3, 7]
    assert draft.article_text.count(CUT_OFF_NOTE) == 2
    found = warnings(draft)
    assert any(w.startswith("line 3: the sentence is cut off") for w in found)
    assert any(w.startswith("line 7: the sentence is cut off") for w in found)


def test_a_draft_with_a_cut_off_sentence_never_builds_until_it_is_finished(tmp_path: Path) -> None:
    draft = _import(tmp_path, "cut.txt", "Title Here\n\nKetamine helps. However, it also\n")
    text = draft.article_text.replace("  publisher:  #", "  publisher: Clinic  #")
    with pytest.raises(ContentError, match="a note from 'kapsite import'") as caught:
        segment(parse_article(tmp_path / "articles" / "draft.md", text))
    assert caught.value.line == 11


def test_a_safety_instruction_cut_short_at_the_end_is_kept_and_marked() -> None:
    text = "Intro text.\n\nDo not drive or operate machinery for 24 hours after\n"
    lines = clean(text_to_lines(text))
    assert [line.removed_by for line in lines if line.text.startswith("Do not")] == [""]
    assert f"Do not drive or operate machinery for 24 hours after {CUT_OFF_NOTE}" in body(text)


def test_a_short_heading_left_at_the_end_is_still_removed() -> None:
    lines = clean(text_to_lines("Intro.\nSome text.\nFrequently Asked Questions\n"))
    assert lines[-2].removed_by == "empty-heading"


def test_a_bold_term_that_opens_a_bullet_is_set_off_from_its_text() -> None:
    html = (
        "<main><h1>Side Effects</h1><h2>Effects</h2><ul><li><strong>Dissociative</strong> You may feel detached.</li>"
        "<li><strong>Nausea:</strong> Some people feel sick.</li></ul></main>"
    )
    assert html_body(html) == (
        "## Effects\n\n- **Dissociative:** You may feel detached.\n"
        "- **Nausea:** Some people feel sick.\n"
    )


def test_a_wrapped_paragraph_stays_one_paragraph_and_lists_stay_lists() -> None:
    text = (
        "Ketamine was first used in surgery.\nIt is now studied for low mood.\n\n"
        "- One item.\n- Another item.\n\nA last paragraph.\n"
    )
    assert body(text) == (
        "Ketamine was first used in surgery.\nIt is now studied for low mood.\n\n"
        "- One item.\n- Another item.\n\nA last paragraph.\n"
    )


def test_a_browser_copy_with_one_paragraph_per_line_keeps_them_apart() -> None:
    text = "Ketamine was first used in surgery.\nKetamine is now studied for low mood.\n"
    assert body(text) == (
        "Ketamine was first used in surgery.\n\nKetamine is now studied for low mood.\n"
    )


def test_html_paragraphs_stay_apart_and_a_line_break_stays_inside_its_paragraph() -> None:
    html = "<main><p>First line<br>same paragraph.</p><p>Second paragraph.</p></main>"
    assert html_body(html) == "First line\nsame paragraph.\n\nSecond paragraph.\n"


def test_faq_questions_written_as_bullets_become_questions_with_their_answers() -> None:
    text = "Intro.\nFAQ\n- Is ketamine safe?\nIn a clinic, it is watched closely.\n"
    assert body(text).endswith(
        "## Frequently asked questions\n\n### Is ketamine safe?\n\n"
        "In a clinic, it is watched closely.\n"
    )


def test_the_title_is_the_pages_headline_above_the_article_never_alt_text(
    tmp_path: Path,
) -> None:
    html = (
        "<html><head><title>Ketamine Therapy Guide | Example Clinic</title></head><body>"
        "<header><h1>Ketamine Therapy: A Guide</h1></header><main>"
        '<figure><img src="a.jpg" alt="Woman resting on a couch"></figure>'
        "<h2>How it works</h2><p>Ketamine blocks a receptor.</p></main></body></html>"
    )
    draft = _import(tmp_path, "page.html", html)
    assert draft.title == "Ketamine Therapy: A Guide"
    assert "## How it works" in draft.article_text
    assert "Woman resting" not in draft.article_text


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ('<meta property="og:title" content="Ketamine and Low Mood">', "Ketamine and Low Mood"),
        ("<title>Ketamine and Low Mood | Example Clinic</title>", "Ketamine and Low Mood"),
    ],
)
def test_a_page_with_no_h1_takes_its_declared_title(tmp_path: Path, head: str, title: str) -> None:
    html = f"<html><head>{head}</head><body><main><p>Ketamine is studied.</p></main></body></html>"
    assert _import(tmp_path, "page.html", html).title == title


def test_the_source_entry_uses_the_pages_canonical_address_and_site_name(tmp_path: Path) -> None:
    html = (
        '<html><head><link rel="canonical" href="https://clinic.example/ketamine">'
        '<meta property="og:site_name" content="Example Clinic"></head><body><main>'
        "<h1>Ketamine Explained</h1><p>Ketamine is studied.</p></main></body></html>"
    )
    draft = _import(tmp_path, "page.html", html)
    assert '  url: "https://clinic.example/ketamine"' in draft.article_text
    assert "@online{source-ketamine-explained," in draft.bib_text
    assert "organization = {Example Clinic}" in draft.bib_text
    assert "url          = {https://clinic.example/ketamine}" in draft.bib_text


def test_every_non_blank_input_line_is_kept_or_removed(tmp_path: Path) -> None:
    text = (
        "Ketamine Explained\n\nKetamine can lift mood. However, traditional antidepress\n"
        "How a Session Works\nA woman resting by a window\niStock (2)\n"
        "A nurse checks blood pressure first.\n\nFAQ\n- Is ketamine safe?\nIt is watched.\n"
        "Thank you for reading!\n"
    )
    draft = _import(tmp_path, "all.txt", text)
    non_blank = sum(1 for line in text.split("\n") if line.strip())
    assert len(draft.kept) + len(draft.removed) == non_blank
