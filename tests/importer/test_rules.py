"""Each cleaning rule, on a few lines written for the test. Removed lines stay in the list."""

from __future__ import annotations

import pytest

from kapsite.importer import text_to_lines
from kapsite.importer.draft import render_body
from kapsite.importer.model import Kind, Line
from kapsite.importer.rules import RULES, clean


def cleaned(text: str) -> list[Line]:
    return clean(text_to_lines(text))


def removed(text: str) -> dict[str, str]:
    """Removed line text -> the rule that removed it."""
    return {line.text: line.removed_by for line in cleaned(text) if line.removed_by}


def body(text: str) -> str:
    return render_body(cleaned(text))


# Every removal rule with a line it must remove, among lines it must keep.
REMOVALS = [
    ("listen-prompt", "🎧 Prefer to listen instead? 🎧"),
    ("photo-credit", "Photo by Kim Sample / Unsplash"),
    ("photo-credit", "Image credit: Example Stock"),
    ("photo-credit", "iStock (2)"),  # a stock site and the photo's number, as saved pages show
    ("call-to-action", "Ring the Example Team at (555) 010-2020 to contact a coordinator."),
    ("call-to-action", "Contact us today to learn more about our sample programme."),
    ("share-prompt", "Share this post with a friend who needs it."),
    ("share-prompt", "Follow us on Instagram for more sample tips."),
    ("thank-you", "Thank you for reading!"),
    ("alt-text", "[Image: a person resting on a sofa]"),
]


@pytest.mark.parametrize(("rule", "noise"), REMOVALS)
def test_removal_rule_removes_its_line_and_keeps_the_claims(rule: str, noise: str) -> None:
    # A blank line above: a line right above a photo credit is its caption.
    text = (
        f"Ketamine is a sample medicine.\n\n{noise}\nKetamine acts on glutamate in this sample.\n"
    )
    assert removed(text) == {noise: rule}
    assert "Ketamine acts on glutamate in this sample." in body(text)


def test_crisis_line_is_never_removed_as_a_call_to_action() -> None:
    text = "Some intro.\nIf you are in crisis, call or text 988 at any time.\nMore text.\n"
    assert removed(text) == {}


def test_phone_number_alone_is_not_a_call_to_action() -> None:
    assert removed("Intro.\nThe sample study ran from 2019 to 2021 with 555 people.\n") == {}


def test_long_claim_mentioning_a_listen_prompt_is_kept() -> None:
    claim = "Patients " + "who took part in the sample " * 5 + "said they prefer to listen instead."
    assert removed(f"Intro.\n{claim}\n") == {}


def test_caption_above_a_photo_credit_is_removed_as_image_caption() -> None:
    text = "Intro text.\n\nA foggy lake at sunrise\nPhoto by Jo Example / Pexels\n\nMore text.\n"
    assert removed(text) == {
        "A foggy lake at sunrise": "image-caption",
        "Photo by Jo Example / Pexels": "photo-credit",
    }


def test_headline_printed_twice_keeps_the_first() -> None:
    lines = cleaned("A Sample Headline\n\nA Sample Headline\nBody text here.\n")
    assert [(line.number, line.removed_by) for line in lines if line.removed_by] == [
        (3, "repeated-headline")
    ]
    assert lines[0].kind is Kind.TITLE


def test_author_bio_at_the_end_is_removed() -> None:
    bio = "Casey is the founder of Sample Notes, a blog about gardening and travel."
    assert removed(f"Heading\nKetamine text.\n{bio}\n") == {bio: "author-bio"}


def test_bio_like_sentence_in_the_middle_is_kept() -> None:
    text = "Ketamine is a blog favourite in this sample.\nMore text follows.\n"
    assert removed(text) == {}


def test_about_the_author_section_is_removed_to_its_end() -> None:
    text = "Body text.\n## About the author\nDana writes about science.\nShe lives by the sea.\n"
    assert set(removed(text).values()) == {"author-bio"}
    assert len(removed(text)) == 3


def test_closing_disclaimer_only_at_the_end() -> None:
    disclaimer = (
        "This page is for informational purposes only and is not a substitute for medical advice."
    )
    assert removed(f"Body.\n{disclaimer}\n") == {disclaimer: "closing-disclaimer"}
    assert removed(f"{disclaimer}\nBody text continues here.\n") == {}


def test_emoji_bullets_become_list_items_with_the_claim_kept() -> None:
    text = "Intro.\n✅ Sleep improved in the sample\n💊 One dose lasted a week in the sample.\n- ⚡ Fast effect.\n"
    assert body(text) == (
        "Intro.\n\n- Sleep improved in the sample\n- One dose lasted a week in the sample.\n"
        "- Fast effect.\n"
    )


def test_bullets_and_numbered_sentences_become_list_items() -> None:
    text = "Intro:\n  • First sample point.\n* Second sample point.\n3. Third sample point.\n"
    assert body(text) == (
        "Intro:\n\n- First sample point.\n- Second sample point.\n- Third sample point.\n"
    )


def test_short_lines_followed_by_text_become_headings() -> None:
    text = "Opening Headline\nIntro sentence.\nHow It Works\nKetamine blocks a receptor.\n1. A Numbered Part\nMore text.\n"
    assert body(text) == (
        "Intro sentence.\n\n## How It Works\n\nKetamine blocks a receptor.\n\n"
        "### A Numbered Part\n\nMore text.\n"
    )


def test_wrapped_paragraph_line_is_not_a_heading() -> None:
    text = "Intro.\nThis sentence was wrapped by the\nBrowser Window\nat a narrow width.\n"
    assert "##" not in body(text)


def test_faq_becomes_question_headings_with_answers() -> None:
    text = (
        "Intro.\nFAQ’s\nIs ketamine a sample drug?\nYes, in this sample it is.\n"
        "Q: How long is a session?\nA: About an hour here.\n"
    )
    assert body(text).endswith(
        "## Frequently asked questions\n\n### Is ketamine a sample drug?\n\n"
        "Yes, in this sample it is.\n\n### How long is a session?\n\nAbout an hour here.\n"
    )


def test_reference_list_is_moved_out_of_the_body() -> None:
    lines = cleaned("Intro.\nReferences\n- Doe, J. (2020). A title. A Journal, 1, 2-3.\n")
    assert [line.removed_by for line in lines[1:3]] == ["reference-list", "reference-list"]
    assert lines[2].kind is Kind.REFERENCE
    assert lines[2].text.startswith("Doe, J.")


def test_heading_with_nothing_under_it_is_removed() -> None:
    text = "Intro.\nA Section\nSome text.\nFrequently Asked Questions\n"
    assert removed(text) == {"Frequently Asked Questions": "empty-heading"}


def test_html_kinds_are_removed_by_their_rules() -> None:
    lines = [
        Line(1, "<script> (10 characters)", Kind.SCRIPT),
        Line(2, "Menu", Kind.CHROME),
        Line(3, "Site | Title", Kind.PAGE_TITLE),
        Line(4, "a chair", Kind.ALT),
        Line(5, "Our room", Kind.CAPTION),
        Line(6, "Body text.", Kind.TEXT),
    ]
    assert [line.removed_by for line in clean(lines)] == [
        "script",
        "page-chrome",
        "page-title",
        "alt-text",
        "image-caption",
        "",
    ]


def test_rules_never_drop_a_line() -> None:
    text = "Title Here\n\nPhoto by A / Unsplash\n✅ Claim one\nThank you for reading"
    assert [line.number for line in cleaned(text)] == [1, 2, 3, 4, 5]


def test_every_rule_has_a_unique_name_and_a_description() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert all(rule.what for rule in RULES)


def test_line_right_above_a_photo_credit_is_taken_for_its_caption() -> None:
    # Known limit: copied text gives no other sign of a caption; the report shows the line.
    text = "Intro.\nA sentence right above the credit.\nPhoto by Jo / Unsplash\nMore.\n"
    assert removed(text)["A sentence right above the credit."] == "image-caption"
