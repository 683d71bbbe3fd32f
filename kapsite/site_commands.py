"""``kapsite check`` and ``kapsite lock``: the build's checks and the anchor lock, from a terminal.

Both run the engine only (no MkDocs), from the project folder (``--root``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from kapsite.anchors import lock_text, page_url
from kapsite.config import SiteConfig
from kapsite.errors import ContentError, ContentErrors
from kapsite.files import read_text, write_text
from kapsite.pipeline import build
from kapsite.readability import page_grades


def add_root_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help="the project folder")


def run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Reading grade per page, then every warning the build would give; 1 if there is any."""
    config = SiteConfig(root=args.root)
    try:
        result = build(config)
    except ContentError as error:
        print(error.relative_to(config.root), file=err)
        return 2
    # Topic pages are graded on what a reader reads there: the introduction and the claims, not
    # the reference list or the evidence notes. The bibliography page is not prose.
    pages = {
        page_url(f"{page.slug}.md"): "\n\n".join(
            [page.intro] + [c.text for s in page.sections for c in s.clusters]
        )
        for page in result.pages
    }
    for path in sorted(config.docs.rglob("*.md")):
        pages[page_url(path.relative_to(config.docs).as_posix())] = read_text(path)
    print("Flesch-Kincaid grade per page:", file=out)
    for item in page_grades(pages):
        print(f"  {item.grade:5.1f}  {item.page}  ({item.words} words)", file=out)
    for warning in result.warnings:
        print(f"warning: {warning.relative_to(config.root)}", file=err)
    print(f"{len(result.warnings)} warning(s)", file=out)
    return 1 if result.warnings else 0


def run_lock(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write anchors.lock from what the site publishes now: on purpose, never by the build."""
    config = SiteConfig(root=args.root)
    lock = config.anchors_lock
    try:
        # The lock must not stop its own refresh: build as if there were none yet. The lock
        # file itself is never moved, so an interrupt at any point leaves it where it was.
        result = build(config, check_anchors_lock=False)
        before = set(read_text(lock).split("\n")) if lock.exists() else set()
        text = lock_text(result.anchors)
        write_text(lock, text, what="anchor lock")  # whole file or nothing
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
    return 0
