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
