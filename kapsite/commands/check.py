"""``kapsite check``: the build's checks and reading grades, from a terminal (engine only, no
MkDocs)."""

from __future__ import annotations

import argparse
from typing import TextIO

from kapsite.checks.anchors import page_url
from kapsite.checks.readability import page_grades
from kapsite.config import SiteConfig
from kapsite.errors import ContentError
from kapsite.pipeline import build


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
    for docs_page in result.inputs.docs_pages:
        pages[page_url(docs_page.src_uri)] = docs_page.source
    print("Flesch-Kincaid grade per page:", file=out)
    for item in page_grades(pages):
        print(f"  {item.grade:5.1f}  {item.page}  ({item.words} words)", file=out)
    for warning in result.warnings:
        print(f"warning: {warning.relative_to(config.root)}", file=err)
    print(f"{len(result.warnings)} warning(s)", file=out)
    return 1 if result.warnings else 0
