"""No claim changes silently: its words, as a fingerprint in ``claims.lock``, may change only
with a new entry in ``content/changes.yml``, so the "What changed" page and its feed tell a
reader who linked a page what changed since.

The lock holds, for each claim the editors wrote, the fingerprint of its words and how many
change entries it had when ``kapsite lock`` last ran. A claim whose words differ from the lock
needs more entries than that; a new claim needs an "added" entry (its own, or its new page's);
a claim that is gone needs a "left-out" entry. Claims nobody has reviewed are not locked: they
are shown as their article words them, marked "not yet reviewed", until an editor writes them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from kapsite.errors import ContentError
from kapsite.inputs.changes import ChangeRecord, ClaimsLock
from kapsite.inputs.claims import EditorClaim

LOCK_HEADER = (
    "# The words of every claim, as a fingerprint, and how many entries content/changes.yml\n"
    "# holds for it. A strict build fails when a claim's words change without a new entry.\n"
    "# Refresh on purpose, after adding the entry: kapsite lock\n"
)
ENTRY_FIX = (
    "add an entry to content/changes.yml (date, claim: {id}, kind: {kinds}, summary), "
    "then run 'kapsite lock'"
)


def fingerprint(text: str) -> str:
    """Of the words only: re-wrapping a claim's YAML line is not a change readers would see."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def claims_lock_text(
    claims: Iterable[EditorClaim], record: ChangeRecord, old: ClaimsLock | None
) -> str:
    """Every claim now, and every claim the old lock had that is gone: a claim left out stays
    locked, so its "left-out" entry keeps naming a claim the site had."""
    rows = {c.id: (fingerprint(c.text), len(record.for_claim(c.id))) for c in claims}
    for gone in old.claims if old is not None else ():
        rows.setdefault(gone.id, (gone.fingerprint, len(record.for_claim(gone.id))))
    lines = [
        f"{claim_id} {words} {entries}\n" for claim_id, (words, entries) in sorted(rows.items())
    ]
    return LOCK_HEADER + "".join(lines)


def check_claim_changes(
    claims: Iterable[EditorClaim],
    record: ChangeRecord,
    lock: ClaimsLock | None,
    pages: Iterable[str],
) -> list[ContentError]:
    """A warning for every claim changed, added or removed without a change entry, and for every
    entry naming a claim or page the site never had."""
    claims = {c.id: c for c in claims}
    locked = lock.by_id() if lock is not None else {}
    pages = set(pages)
    problems = []
    for change in record.changes:
        if change.claim and change.claim not in claims and change.claim not in locked:
            problems.append(
                ContentError(
                    record.path,
                    change.line,
                    f"'{change.claim}' is not a claim of the site",
                    "use the id of a claim in content/claims/ (or one in claims.lock)",
                )
            )
        elif change.page and change.page not in pages:
            problems.append(
                ContentError(
                    record.path,
                    change.line,
                    f"'{change.page}' is not a topic page",
                    f"use one of {', '.join(sorted(pages))}",
                )
            )
    if lock is None:  # a new project: nothing published yet to compare with
        return problems
    new_pages = {c.page for c in record.changes if c.page and c.kind == "added"}
    for claim in claims.values():
        entries = record.for_claim(claim.id)
        before = locked.get(claim.id)
        if before is None:
            if not any(c.kind == "added" for c in entries) and claim.page not in new_pages:
                problems.append(
                    ContentError(
                        claim.path,
                        claim.line,
                        f"the new claim '{claim.id}' has no entry in content/changes.yml",
                        ENTRY_FIX.format(id=claim.id, kinds="added"),
                    )
                )
        elif len(entries) < before.entries:
            problems.append(_entry_removed(lock, before.line, claim.id))
        elif fingerprint(claim.text) != before.fingerprint and len(entries) == before.entries:
            problems.append(
                ContentError(
                    claim.path,
                    claim.line,
                    f"the words of claim '{claim.id}' changed, with no entry in "
                    "content/changes.yml to tell readers",
                    ENTRY_FIX.format(id=claim.id, kinds="reworded or corrected"),
                )
            )
    for gone in (c for c in locked.values() if c.id not in claims):
        entries = record.for_claim(gone.id)
        if len(entries) < gone.entries:
            problems.append(_entry_removed(lock, gone.line, gone.id))
        elif not any(c.kind == "left-out" for c in entries):
            problems.append(
                ContentError(
                    lock.path,
                    gone.line,
                    f"the claim '{gone.id}' is no longer on the site, with no entry in "
                    "content/changes.yml to tell readers",
                    ENTRY_FIX.format(id=gone.id, kinds="left-out"),
                )
            )
    return problems


def _entry_removed(lock: ClaimsLock, line: int, claim_id: str) -> ContentError:
    return ContentError(
        lock.path,
        line,
        f"content/changes.yml has fewer entries for '{claim_id}' than when the lock was written",
        "restore the entry: the record of changes only grows",
    )
