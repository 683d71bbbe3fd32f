import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kapsite.text.figures import WORD_FIGURE, figures, may_hold_word_figure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("70% of patients improve within 24 hours.", [("70%", "percent"), ("24 hours", "time")]),
        (
            "close to 800,000 deaths, one every 40 seconds",
            [("800,000", "amount"), ("40 seconds", "time")],
        ),
        ("10-20% of children", [("10-20%", "percent")]),
        ("better mood for six weeks", [("six weeks", "time")]),
        ("after two or more antidepressants", [("two or more", "count")]),
        ("Half of all cases start early.", [("Half", "amount")]),
        # A range that repeats its unit is one figure, and compound number words are read whole.
        ("kept in 65%-70% of patients", [("65%-70%", "percent")]),
        ("costs $425–$750 per session", [("425–$750", "amount")]),
        ("Twenty-four hours after a dose", [("Twenty-four hours", "time")]),
    ],
)
def test_figures_are_found_with_their_kind(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.text, f.kind) for f in figures(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "First made in the 1960s.",
        "Approved in 1970.",
        "COVID-19 and mTORC1.",
        "Pairing the two.",
        "First made in 1965, from PCP.",  # the comma ends the year
        "First tried in a person on August 3, 1964.",  # the day of a date
        "Approved on 3 August 2020.",
    ],
)
def test_dates_and_names_are_not_figures(text: str) -> None:
    assert figures(text) == ()


@given(
    st.lists(
        st.sampled_from(
            [
                "two",
                "Two",
                "TWENTY-four",
                "twenty",
                "ten",
                "often",
                "half",
                "Half-life",
                "a quarter",
                "three-quarters",
                "millions",
                "Billion",
                "sessions",
                "weeks",
                "hours",
                "or more",
                "people",
                "2",
                "x",
                "-",
                " ",
                "  ",
                ".",
                ",",
                "_",
                "K",
                "\u212a",
                "\u017fix",
                "ſ",
                "é",
                "\n",
            ]
        ),
        max_size=8,
    ).map("".join)
)
@settings(max_examples=400, deadline=None)
def test_the_quick_test_for_number_words_never_skips_a_text_the_search_would_match(
    text: str,
) -> None:
    """Figures in words ("two weeks", "half") are searched only where a quick test allows:
    a text it skips must hold none, or a figure would go unchecked."""
    if WORD_FIGURE.search(text):
        assert may_hold_word_figure(text), text
