from pathlib import Path

import pytest
from conftest import BIB

from kapsite.errors import ContentError
from kapsite.inputs.bibliography import load_bibliography


def _load(tmp_path: Path, *texts: str):
    for number, text in enumerate(texts):
        (tmp_path / f"refs{number}.bib").write_text(text)
    return load_bibliography(tmp_path)


def test_entries_are_loaded_with_their_line(tmp_path: Path) -> None:
    entries = _load(tmp_path, BIB)
    assert sorted(entries) == ["jones2019", "smith2020", "source-a"]
    assert entries["jones2019"].line == 13


def test_duplicate_key_across_files_names_both_places(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        _load(tmp_path, BIB, BIB.split("@article{jones2019")[0])
    assert "already used at" in caught.value.message and "refs0.bib:1" in caught.value.message


def test_syntax_error_shows_the_lines_around_it(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        _load(tmp_path, "@article{x,\n  author = {A, B},\n  title = {T\n  year = {2020},\n}\n")
    assert "in entry 'x'" in caught.value.message
    assert "title = {T" in caught.value.message


@pytest.mark.parametrize(("field", "message"), [("author", "no author"), ("year", "no year")])
def test_study_without_author_or_year_is_an_error(tmp_path: Path, field: str, message: str) -> None:
    text = "@article{x,\n  author = {A, B},\n  title = {T},\n  year = {2020},\n}\n"
    text = "\n".join(line for line in text.split("\n") if not line.strip().startswith(field))
    with pytest.raises(ContentError, match=message):
        _load(tmp_path, text)


def test_a_field_left_empty_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = (
        "@article{x,\n  author = {A, B},\n  title = {T},\n  JOURNAL = { },\n  year = {2020},\n}\n"
    )
    with pytest.raises(ContentError) as caught:
        _load(tmp_path, "A note before the entry.\n\n" + text)
    assert str(caught.value).endswith(
        "refs0.bib:6: entry 'x' has an empty 'journal' field "
        "(fix: fill it in from the publisher's record, or delete the line)"
    )
