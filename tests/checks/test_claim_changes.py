"""No claim changes silently: claims.lock and content/changes.yml."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from conftest import Project, review_the_rest

from kapsite.checks.claim_changes import check_claim_changes, claims_lock_text
from kapsite.commands.cli import main
from kapsite.inputs.changes import Change, ChangeRecord, read_claims_lock
from kapsite.inputs.claims import EditorClaim

CLAIMS = Path("content/claims/risks.yml")
RECORD = Path("content/changes.yml")


def _claim(text: str, claim_id: str = "claim-boxed-warning", line: int = 7) -> EditorClaim:
    return EditorClaim(
        claim_id, "risks", "key-safety-facts", text, ("a:0123456789",), CLAIMS, line, 0
    )


def _record(*changes: tuple[str, str]) -> ChangeRecord:
    return ChangeRecord(
        RECORD,
        tuple(
            Change(dt.date(2027, 1, 15), kind, "Why.", RECORD, 2 + 4 * n, claim=claim_id)
            for n, (claim_id, kind) in enumerate(changes)
        ),
    )


def _locked(tmp_path: Path, claims: list[EditorClaim], record: ChangeRecord, old=None):
    path = tmp_path / "claims.lock"
    path.write_text(claims_lock_text(claims, record, old), encoding="utf-8")
    return read_claims_lock(path)


def test_reworded_claim_without_an_entry_is_named_at_its_file_and_line(tmp_path: Path) -> None:
    lock = _locked(tmp_path, [_claim("The label has a boxed warning.")], _record())
    problems = check_claim_changes(
        [_claim("The label has a serious warning.")], _record(), lock, ["risks"]
    )
    assert [(p.path, p.line) for p in problems] == [(CLAIMS, 7)]
    assert "the words of claim 'claim-boxed-warning' changed" in problems[0].message
    assert "add an entry to content/changes.yml" in problems[0].fix


def test_an_entry_for_the_change_lets_it_through(tmp_path: Path) -> None:
    lock = _locked(tmp_path, [_claim("The label has a boxed warning.")], _record())
    entry = _record(("claim-boxed-warning", "reworded"))
    assert check_claim_changes([_claim("The label has a serious warning.")], entry, lock, []) == []


def test_a_second_change_needs_a_second_entry(tmp_path: Path) -> None:
    once = _record(("claim-boxed-warning", "reworded"))
    lock = _locked(tmp_path, [_claim("The label has a serious warning.")], once)
    problems = check_claim_changes([_claim("Now other words.")], once, lock, [])
    assert len(problems) == 1 and "changed" in problems[0].message


def test_rewrapping_a_claim_is_not_a_change(tmp_path: Path) -> None:
    lock = _locked(tmp_path, [_claim("The label has a boxed warning.")], _record())
    rewrapped = _claim("The label  has a\nboxed warning.")
    assert check_claim_changes([rewrapped], _record(), lock, []) == []


def test_a_new_claim_needs_an_added_entry_or_a_new_page(tmp_path: Path) -> None:
    lock = _locked(tmp_path, [], _record())
    new = _claim("A new fact.", "claim-new", line=12)
    problems = check_claim_changes([new], _record(), lock, ["risks"])
    assert [(p.line, "new claim 'claim-new'" in p.message) for p in problems] == [(12, True)]
    assert check_claim_changes([new], _record(("claim-new", "added")), lock, []) == []
    page = ChangeRecord(
        RECORD, (Change(dt.date(2027, 1, 1), "added", "x", RECORD, 2, page="risks"),)
    )
    assert check_claim_changes([new], page, lock, ["risks"]) == []


def test_a_claim_taken_off_the_site_needs_a_left_out_entry_and_stays_locked(tmp_path: Path) -> None:
    lock = _locked(tmp_path, [_claim("Gone soon.")], _record())
    problems = check_claim_changes([], _record(), lock, [])
    assert [(p.path.name, p.line) for p in problems] == [("claims.lock", 4)]
    assert "no longer on the site" in problems[0].message
    left_out = _record(("claim-boxed-warning", "left-out"))
    assert check_claim_changes([], left_out, lock, []) == []
    # After `kapsite lock`, the entry still names a claim the site had.
    relocked = _locked(tmp_path, [], left_out, old=lock)
    assert [c.id for c in relocked.claims] == ["claim-boxed-warning"]
    assert check_claim_changes([], left_out, relocked, []) == []


def test_removing_an_entry_from_the_record_is_refused(tmp_path: Path) -> None:
    once = _record(("claim-boxed-warning", "reworded"))
    lock = _locked(tmp_path, [_claim("Words.")], once)
    problems = check_claim_changes([_claim("Words.")], _record(), lock, [])
    assert ["fewer entries" in p.message for p in problems] == [True]


def test_an_entry_for_a_claim_or_page_the_site_never_had_is_named(tmp_path: Path) -> None:
    record = ChangeRecord(
        RECORD,
        (
            Change(dt.date(2027, 1, 1), "reworded", "x", RECORD, 2, claim="claim-typo"),
            Change(dt.date(2027, 1, 1), "added", "x", RECORD, 6, page="riks"),
        ),
    )
    problems = check_claim_changes([], record, None, ["risks"])
    assert [(p.line, p.message) for p in problems] == [
        (2, "'claim-typo' is not a claim of the site"),
        (6, "'riks' is not a topic page"),
    ]


def test_strict_build_fails_when_a_locked_claim_is_reworded(project: Project) -> None:
    review_the_rest(project)
    out = io.StringIO()
    assert main(["lock", "--root", str(project.root)], out=out, err=io.StringIO()) == 0
    assert "wrote claims.lock: the words of" in out.getvalue()
    claims = project.root / "content" / "claims" / "mechanism.yml"
    source = claims.read_text()
    match = re.search(r'text: "?(Ketamine blocks NMDA receptors in the brain\.?)"?', source)
    assert match, source
    line = source[: match.start()].count("\n") + 1
    claims.write_text(source.replace(match[1], "Ketamine shuts NMDA receptors in the brain."))
    result = project.mkdocs_build()
    assert result.returncode != 0
    assert re.search(
        rf"content/claims/mechanism\.yml:{line - 1}: the words of claim 'claim-ketamine-blocks-nmda",
        result.stderr,
    ), result.stderr
    project.write(
        "content/changes.yml",
        f"""\
        changes:
          - date: 2027-01-15
            claim: {re.search(r"claim '(claim-[a-z0-9-]+)'", result.stderr)[1]}
            kind: reworded
            summary: Says "shuts" instead of "blocks".
        """,
    )
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    page = project.html("changes/index.html")
    assert "Reworded:" in page and 'brain.</a> Says "shuts" instead of "blocks".' in page
    assert re.search(r'href="\.\./mechanism/#claim-ketamine-blocks-nmda[a-z0-9-]*"', page)
