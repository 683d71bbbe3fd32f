from kapsite.checks.readability import MAX_GRADE, grade, page_grades, plain_text


def test_prose_is_graded_without_markup_code_or_link_targets() -> None:
    text = plain_text(
        "---\nreviewed: 2026-01-01\n---\n# Title\n\nSee [the page](https://x.org/a-very-long-address).\n\n```\ncode here\n```\n- A list item\n"
    )
    assert text == "Title. See the page. A list item."


def test_short_plain_sentences_grade_low_and_long_technical_ones_high() -> None:
    plain = (
        "Ketamine is a medicine. It can help some people feel better fast. Talk to a doctor first."
    )
    hard = (
        "Ketamine, an N-methyl-D-aspartate receptor antagonist, modulates glutamatergic "
        "neurotransmission, consequently potentiating synaptogenesis and neuroplasticity."
    )
    assert grade(plain) <= MAX_GRADE < grade(hard)


def test_pages_are_reported_in_url_order_with_word_counts() -> None:
    grades = page_grades({"/b/": "Two words.", "/a/": "One two three."})
    assert [(g.page, g.words) for g in grades] == [("/a/", 3), ("/b/", 2)]
