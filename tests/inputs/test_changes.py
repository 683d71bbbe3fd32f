"""content/changes.yml: the record of claim changes, read with errors that name the line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kapsite.errors import ContentError, ContentErrors
from kapsite.inputs.changes import load_changes


def _record(tmp_path: Path, text: str):
    path = tmp_path / "changes.yml"
    path.write_text(text, encoding="utf-8")
    return load_changes(path)


def test_entries_are_read_with_their_day_target_and_line(tmp_path: Path) -> None:
    record = _record(
        tmp_path,
        "changes:\n"
        "  - date: 2027-01-15\n    claim: claim-boxed-warning\n    kind: reworded\n"
        "    summary: Plainer   words.\n"
        "  - date: 2026-12-01\n    page: risks\n    kind: added\n    summary: First published.\n",
    )
    first, second = record.changes
    assert (first.date, first.claim, first.kind, first.summary, first.line) == (
        dt.date(2027, 1, 15),
        "claim-boxed-warning",
        "reworded",
        "Plainer words.",
        2,
    )
    assert (second.page, second.target, second.line) == ("risks", "risks", 6)


def test_a_project_without_a_record_has_no_changes(tmp_path: Path) -> None:
    assert load_changes(tmp_path / "missing.yml").changes == ()


def test_every_bad_entry_is_reported_at_its_line_in_one_run(tmp_path: Path) -> None:
    with pytest.raises(ContentErrors) as caught:
        _record(
            tmp_path,
            "changes:\n"
            "  - date: 2027-01-15\n    claim: claim-a\n    kind: renamed\n    summary: x\n"
            "  - date: soon\n    claim: claim-a\n    kind: added\n    summary: x\n"
            "  - date: 2027-01-15\n    claim: claim-a\n    page: risks\n    kind: added\n"
            "    summary: x\n"
            "  - date: 2027-01-15\n    page: risks\n    kind: corrected\n    summary: x\n",
        )
    found = {(e.line, e.message.split(",")[0].split(" not")[0]) for e in caught.value.errors}
    assert [line for line, _ in sorted(found)] == [2, 6, 10, 15]
    messages = " | ".join(e.message for e in caught.value.errors)
    assert "'kind' must be one of added, reworded, corrected, left-out" in messages
    assert "'date' must be a day" in messages
    assert "exactly one of 'claim'" in messages
    assert "a page-wide entry can only be 'added'" in messages


def test_the_same_change_twice_is_refused_naming_the_first(tmp_path: Path) -> None:
    entry = "  - date: 2027-01-15\n    claim: claim-a\n    kind: reworded\n    summary: x\n"
    with pytest.raises(ContentError, match="already recorded on line 2") as caught:
        _record(tmp_path, "changes:\n" + entry + entry)
    assert caught.value.line == 6


def test_an_entry_without_a_summary_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="'summary' must say"):
        _record(tmp_path, "changes:\n  - date: 2027-01-15\n    claim: claim-a\n    kind: added\n")
