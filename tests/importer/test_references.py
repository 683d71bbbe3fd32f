"""APA-like reference lines -> BibTeX; author-year mentions -> [@key]."""

from __future__ import annotations

from pathlib import Path

import pytest
from pybtex.database.input.bibtex import Parser

from kapsite.importer import text_to_lines
from kapsite.importer.references import (
    KeyIndex,
    assign_keys,
    link_mentions,
    parse_reference,
    to_bibtex,
)

FULL = (
    "Garcia, M. L., Chen, R., & Novak, P. (2021). Glutamate signalling and fast mood change: "
    "A sample review. Journal of Example Psychiatry, 12(3), 45-58. https://doi.org/10.5555/jep.2021.0045."
)
ELIDED = (
    "Ito, K., Moreau, L., Adeyemi, T., … & Walsh, B. D. (2019). Group sessions with ketamine: "
    "A sample series. Example Frontiers, 10, 1-10. https://example.org/articles/10.5555/ef.2019.10/full."
)


def test_all_fields_of_an_apa_journal_reference_are_parsed() -> None:
    ref = parse_reference(7, f"- {FULL}")
    assert ref is not None
    assert ref.authors == ("Garcia, M. L.", "Chen, R.", "Novak, P.")
    assert ref.year == "2021"
    assert ref.title == "Glutamate signalling and fast mood change: A sample review"
    assert (ref.journal, ref.volume, ref.issue, ref.pages) == (
        "Journal of Example Psychiatry",
        "12",
        "3",
        "45--58",
    )
    assert ref.url == "https://doi.org/10.5555/jep.2021.0045"
    assert ref.doi == "10.5555/jep.2021.0045"
    assert ref.line == 7


def test_elided_authors_become_others_and_the_tail_is_kept_in_the_note() -> None:
    ref = parse_reference(1, ELIDED)
    assert ref is not None
    assert ref.authors == ("Ito, K.", "Moreau, L.", "Adeyemi, T.")
    assert ref.others
    assert ref.elided.startswith("Walsh, B. D")
    assert ref.doi == "10.5555/ef.2019.10"  # '/full' is the web page, not the DOI
    (ref,) = assign_keys([ref], KeyIndex(), Path("new.bib"))
    text = to_bibtex([ref], Path("source.txt"))
    assert "Adeyemi, T. and others}" in text
    assert "before Walsh, B. D." in text


def test_title_with_a_question_mark_is_kept_whole() -> None:
    ref = parse_reference(
        1, "Lee, A. (2018). Does it last? A sample follow-up. Mood Notes, 4, 9-12."
    )
    assert ref is not None
    assert ref.title == "Does it last? A sample follow-up"
    assert ref.journal == "Mood Notes"


def test_organisation_author_without_volume_is_a_misc_entry() -> None:
    ref = parse_reference(1, "Example Health Agency. (2017). Sample figures on low mood. EHA.")
    assert ref is not None
    assert ref.organisation == "Example Health Agency"
    (ref,) = assign_keys([ref], KeyIndex(), Path("new.bib"))
    text = to_bibtex([ref], Path("s.txt"))
    assert text.startswith("@misc{example2017,")
    assert "organization = {Example Health Agency}" in text
    assert "howpublished = {EHA}" in text


@pytest.mark.parametrize(
    "line", ["This line is not a reference at all", "Smith (2020)", "", "(2019). Title only."]
)
def test_lines_that_are_not_references_are_not_parsed(line: str) -> None:
    assert parse_reference(1, line) is None


def test_bibtex_is_valid_and_every_entry_is_unverified() -> None:
    refs = [r for r in (parse_reference(1, FULL), parse_reference(2, ELIDED)) if r]
    refs = assign_keys(refs, KeyIndex(), Path("new.bib"))
    text = to_bibtex(refs, Path("source.txt"))
    data = Parser().parse_string(text)
    assert sorted(data.entries) == ["garcia2021", "ito2019"]
    for entry in data.entries.values():
        assert entry.fields["verification"] == "unverified"
        # The note names the line of the reference list, never the contributor's file.
        assert "line 1" in entry.fields["note"] or "line 2" in entry.fields["note"]
        assert "source.txt" not in entry.fields["note"]
    assert data.entries["garcia2021"].fields["pages"] == "45--58"
    assert data.entries["garcia2021"].fields["number"] == "3"


def test_acronyms_in_titles_are_protected_from_case_changes() -> None:
    ref = parse_reference(1, "Ray, P. (2020). Ketamine for PTSD in a sample. Trauma Notes, 2, 1-2.")
    assert ref is not None
    (ref,) = assign_keys([ref], KeyIndex(), Path("n.bib"))
    assert "{PTSD}" in to_bibtex([ref], Path("s.txt"))


def test_same_author_and_year_get_distinct_keys() -> None:
    refs = [
        parse_reference(1, "Ray, P. (2020). First sample. Notes, 1, 1-2."),
        parse_reference(2, "Ray, P. (2020). Second sample. Notes, 1, 3-4."),
    ]
    keys = [r.key for r in assign_keys([r for r in refs if r], KeyIndex(), Path("n.bib"))]
    assert keys == ["ray2020", "ray2020a"]


def test_reference_already_in_the_bibliography_reuses_its_key(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(
        "@article{garcia2021,\n  author = {Garcia, M. L.},\n  title = {A title},\n"
        "  journal = {J},\n  year = {2021},\n}\n",
        encoding="utf-8",
    )
    index = KeyIndex.from_folder(tmp_path)
    (ref,) = assign_keys([parse_reference(1, FULL)], index, tmp_path / "new.bib")  # type: ignore[list-item]
    assert ref.key == "garcia2021"
    assert ref.existing.endswith("refs.bib")
    assert to_bibtex([ref], Path("s.txt")) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mood lifted fast (Garcia et al., 2021).", "Mood lifted fast [@garcia2021]."),
        (
            "As Garcia et al. (2021) showed, mood lifted.",
            "As Garcia et al. [@garcia2021] showed, mood lifted.",
        ),
        ("Doses repeat (Okafor & Lindqvist, 2020).", "Doses repeat [@okafor2020]."),
        ("Doses repeat (Okafor and Lindqvist, 2020).", "Doses repeat [@okafor2020]."),
        (
            "Both agree (Garcia et al., 2021; Okafor & Lindqvist, 2020).",
            "Both agree [@garcia2021; @okafor2020].",
        ),
        ("Approved for use (in 2019) in the sample.", "Approved for use (in 2019) in the sample."),
    ],
)
def test_author_year_mentions_become_citations(text: str, expected: str) -> None:
    index = KeyIndex()
    index.add("garcia2021", "Garcia", "2021", "a.bib")
    index.add("okafor2020", "Okafor", "2020", "a.bib")
    lines, _ = link_mentions(text_to_lines(text), index)
    assert lines[0].text == expected


def test_mention_without_a_reference_is_left_as_text_and_reported() -> None:
    lines, mentions = link_mentions(
        text_to_lines("A sample finding (Brandt et al., 2015)."), KeyIndex()
    )
    assert lines[0].text == "A sample finding (Brandt et al., 2015)."
    assert [(m.text, m.key) for m in mentions] == [("Brandt et al., 2015", "")]
