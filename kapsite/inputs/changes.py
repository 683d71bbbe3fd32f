"""The record of what changed in the site's claims (``content/changes.yml``), for readers who
linked a page and want to see what changed since::

    changes:
      - date: 2027-01-15            # the day the change was made (never the build date)
        claim: claim-boxed-warning  # the claim's id (its published anchor)...
        kind: reworded              # added | reworded | corrected | left-out
        summary: Says "strongest kind" in plainer words; the fact is the same.
      - date: 2026-12-01
        page: risks                 # ...or a whole page, for its first publication
        kind: added
        summary: First published, with the claims of the December 2026 editorial review.

The record only grows: the "What changed" page and the Atom feed show every entry, newest first.
``claims.lock`` (written by ``kapsite lock``) makes sure no claim's words change without one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kapsite.errors import ContentError, raise_together
from kapsite.files import read_text
from kapsite.inputs.yamlfile import item_line, key_line, read_yaml

KINDS = {
    "added": "Added",
    "reworded": "Reworded",
    "corrected": "Corrected",
    "left-out": "Left out",
}
ENTRY_KEYS = {"date", "claim", "page", "kind", "summary"}
FORMAT_FIX = "see the comment at the top of kapsite/inputs/changes.py or docs/contributing.md"


@dataclass(frozen=True)
class Change:
    """One entry of content/changes.yml: a dated change to a claim or to a page."""

    date: dt.date
    kind: str  # one of KINDS
    summary: str
    path: Path
    line: int
    claim: str = ""  # a claim's id, or
    page: str = ""  # a page's slug (one of the two)

    @property
    def target(self) -> str:
        return self.claim or self.page


@dataclass(frozen=True)
class ChangeRecord:
    """Every entry of content/changes.yml, in the file's order."""

    path: Path
    changes: tuple[Change, ...] = ()  # as written in the file

    def for_claim(self, claim_id: str) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.claim == claim_id)


def load_changes(path: Path) -> ChangeRecord:
    """Every entry, checked; a missing file is an empty record (a new project has no history)."""
    data = read_yaml(path, fix=FORMAT_FIX, default={"changes": []})
    if data is None:
        data = {"changes": []}
    if not isinstance(data, dict) or set(data) - {"changes"}:
        raise ContentError(path, 1, "expected one key, 'changes', holding a list", FORMAT_FIX)
    entries = data.get("changes") or []
    if not isinstance(entries, list):
        raise ContentError(path, key_line(data, "changes"), "'changes' must be a list", FORMAT_FIX)
    errors: list[ContentError] = []
    changes: list[Change] = []
    seen: dict[tuple[dt.date, str, str], int] = {}
    for index, entry in enumerate(entries):
        line = item_line(entries, index) or 1
        change = _change(path, line, entry, errors)
        if change is None:
            continue
        key = (change.date, change.target, change.kind)
        if key in seen:
            errors.append(
                ContentError(
                    path,
                    line,
                    f"the same change ({change.date}, {change.target}, {change.kind}) is already "
                    f"recorded on line {seen[key]}",
                    "merge the two entries into one summary",
                )
            )
            continue
        seen[key] = line
        changes.append(change)
    raise_together(errors)
    return ChangeRecord(path, tuple(changes))


def _change(path: Path, line: int, entry: object, errors: list[ContentError]) -> Change | None:
    def problem(message: str, fix: str = FORMAT_FIX) -> None:
        errors.append(ContentError(path, line, message, fix))

    if not isinstance(entry, dict):
        problem("each change is a mapping with date, claim or page, kind and summary")
        return None
    unknown = sorted(str(k) for k in set(entry) - ENTRY_KEYS)
    if unknown:
        problem(f"unknown key(s) {', '.join(unknown)}", f"use only {', '.join(sorted(ENTRY_KEYS))}")
    date = entry.get("date")
    if isinstance(date, dt.datetime) or not isinstance(date, dt.date):
        problem(f"'date' must be a day written as YYYY-MM-DD, not {date!r}")
        return None
    claim, page = entry.get("claim") or "", entry.get("page") or ""
    if not isinstance(claim, str) or not isinstance(page, str) or bool(claim) == bool(page):
        problem("give exactly one of 'claim' (a claim's id) or 'page' (a page's slug)")
        return None
    kind = entry.get("kind")
    if kind not in KINDS:
        problem(f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
        return None
    if page and kind != "added":
        problem(
            f"a page-wide entry can only be 'added', not {kind!r}",
            "record a reworded, corrected or left-out claim by its id ('claim: claim-...')",
        )
        return None
    summary = entry.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        problem("'summary' must say in plain words what changed and why")
        return None
    return Change(date, kind, " ".join(summary.split()), path, line, claim=claim, page=page)


@dataclass(frozen=True)
class LockedClaim:
    """A claim as claims.lock recorded it: its words' fingerprint and its change entries then."""

    id: str
    fingerprint: str  # of the claim's words when the lock was written
    entries: int  # how many entries content/changes.yml held for the claim then
    line: int


@dataclass(frozen=True)
class ClaimsLock:
    """The claims listed in claims.lock."""

    path: Path
    claims: tuple[LockedClaim, ...]

    def by_id(self) -> dict[str, LockedClaim]:
        return {c.id: c for c in self.claims}


def read_claims_lock(path: Path) -> ClaimsLock:
    """``claims.lock``: one claim a line, ``<id> <fingerprint> <entries>``; comments skipped."""
    claims = []
    errors = []
    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 3 or not parts[2].isdigit():
            errors.append(
                ContentError(
                    path,
                    number,
                    f"expected '<claim id> <fingerprint> <entries>', not {line.strip()!r}",
                    "run 'kapsite lock' to rewrite the file",
                )
            )
            continue
        claims.append(LockedClaim(parts[0], parts[1], int(parts[2]), number))
    raise_together(errors)
    return ClaimsLock(path, tuple(claims))
