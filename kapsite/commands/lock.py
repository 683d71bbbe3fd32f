"""``kapsite lock``: refresh anchors.lock from what the site publishes now, and claims.lock from
the claims' words and change entries now, on purpose."""

from __future__ import annotations

import argparse
from typing import TextIO

from kapsite.checks.anchors import lock_text
from kapsite.checks.claim_changes import claims_lock_text
from kapsite.config import SiteConfig
from kapsite.errors import ContentError, ContentErrors
from kapsite.files import read_text, write_text
from kapsite.inputs.changes import read_claims_lock
from kapsite.pipeline import build


def run_lock(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write anchors.lock from what the site publishes now: on purpose, never by the build."""
    config = SiteConfig.for_project(args.root)
    lock = config.anchors_lock
    try:
        # The lock must not stop its own refresh: build without checking it. The lock file
        # itself is never moved, so an interrupt at any point leaves it where it was.
        result = build(config, check_lock=False)
        before = set(read_text(lock).split("\n")) if lock.exists() else set()
        text = lock_text(result.anchors)
        old_claims = read_claims_lock(config.claims_lock) if config.claims_lock.exists() else None
        claims_text = claims_lock_text(
            result.inputs.editorial.claims, result.inputs.changes, old_claims
        )
        write_text(lock, text, what="anchor lock")  # whole file or nothing
        write_text(config.claims_lock, claims_text, what="claims lock")
    except ContentError as error:
        errors = error.errors if isinstance(error, ContentErrors) else [error]
        for item in errors:
            print(item.relative_to(config.root), file=err)
        return 2
    after = set(text.split("\n"))
    added = sorted(a for a in after - before if a and not a.startswith("#"))
    removed = sorted(a for a in before - after if a and not a.startswith("#"))
    print(
        f"wrote {lock.name}: {len(result.anchors)} URLs and anchors "
        f"({len(added)} added, {len(removed)} removed)",
        file=out,
    )
    for anchor in removed:
        print(f"  removed {anchor}", file=out)
    locked = [row for row in claims_text.split("\n") if row and not row.startswith("#")]
    print(f"wrote {config.claims_lock.name}: the words of {len(locked)} claims", file=out)
    return 0
