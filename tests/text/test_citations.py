import pytest

from kapsite.model import Citation
from kapsite.text.citations import CitationSyntaxError, extract


def test_single_and_grouped_citations_are_extracted_and_removed() -> None:
    text, cites = extract("Ketamine acts fast [@a2019; @b2020, p. 5].")
    assert text == "Ketamine acts fast."
    assert cites == [Citation("a2019"), Citation("b2020", "p. 5")]


def test_email_code_span_and_footnote_are_not_citations() -> None:
    text, cites = extract("Write to me@example.org, see `[@notakey]` and a note[^1].")
    assert cites == []
    assert "`[@notakey]`" in text and "[^1]" in text


def test_malformed_citation_is_an_error() -> None:
    with pytest.raises(CitationSyntaxError):
        extract("Broken [@a; b].")


# --- The whole pandoc syntax ------------------------------------------------------------------


def test_prefix_locator_and_suffix_are_read_not_published_raw() -> None:
    text, cites = extract("Relief is fast [see @krystal2019, p. 123 and elsewhere].")
    assert text == "Relief is fast."
    assert cites == [Citation("krystal2019", "p. 123 and elsewhere", prefix="see")]


def test_suppress_author_is_read_not_published_raw() -> None:
    text, cites = extract("Krystal says relief is fast [-@krystal2019].")
    assert text == "Krystal says relief is fast."
    assert cites == [Citation("krystal2019", suppress_author=True)]


def test_several_keys_each_with_its_own_prefix_and_locator() -> None:
    _, cites = extract("Both agree [see @a, pp. 3-4; also @b, ch. 2].")
    assert cites == [Citation("a", "pp. 3-4", prefix="see"), Citation("b", "ch. 2", prefix="also")]


def test_in_text_citation_keeps_its_key_in_the_text_for_the_authors_name() -> None:
    text, cites = extract("@krystal2019 [p. 5] found fast relief.")
    assert text == "@krystal2019 found fast relief."
    assert cites == [Citation("krystal2019", "p. 5", in_text=True)]


def test_a_key_in_braces_may_hold_any_character() -> None:
    _, cites = extract("Relief [@{who.2017:x}].")
    assert cites == [Citation("who.2017:x")]


@pytest.mark.parametrize(
    "text",
    ["Broken [see @].", "Two keys [@a @b].", "Unclosed @{key here.", "Odd [@a!x]."],
)
def test_anything_that_looks_like_a_citation_and_is_not_one_is_an_error(text: str) -> None:
    with pytest.raises(CitationSyntaxError):
        extract(text)


def test_email_addresses_and_an_escaped_at_stay_text() -> None:
    text, cites = extract("Mail info@clinic.org or [write to help@nhs.uk], or \\@home.")
    assert cites == [] and "info@clinic.org" in text and "\\@home" in text


def test_a_marker_shows_prefix_and_locator() -> None:
    assert Citation("a", "p. 5", prefix="see").marker_label(3) == "see 3, p. 5"
    assert Citation("a", suppress_author=True).marker_label(3) == "3"


def test_a_link_whose_text_starts_with_an_at_sign_stays_a_link() -> None:
    text, cites = extract("Follow [@NIMH](https://example.org/nimh) for news.")
    assert cites == [] and text == "Follow [@NIMH](https://example.org/nimh) for news."


def test_an_unclosed_citation_bracket_is_an_error() -> None:
    with pytest.raises(CitationSyntaxError, match="never closes"):
        extract("Relief is fast [@krystal2019")
