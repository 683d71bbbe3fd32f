"""``kapsite check``: the build's checks and reading grades, from a terminal (engine only, no
MkDocs).

Findings are printed in one of two formats:

- ``plain`` (the default): grouped by file, one ``path:line: message (fix: ...)`` line each,
  so an editor or terminal can jump to the line;
- ``github``: GitHub Actions workflow commands (``::warning file=...,line=...::...``), which a
  pull request shows as notes on the changed lines. Warnings fail a strict build; errors stop
  every build.

Paths are relative to the project in both. Exit status: 0 clean, 1 warnings, 2 errors.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from itertools import groupby
from typing import TextIO

from kapsite.checks.anchors import page_url
from kapsite.checks.readability import page_grades
from kapsite.commands import add_profile_argument, add_root_argument
from kapsite.config import SiteConfig
from kapsite.errors import ContentError, ContentErrors
from kapsite.pipeline import BuildResult, build
from kapsite.timing import StageTimes

ANNOTATION_TITLE = "kapsite check"


def check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Print the reading grade of every page, then every warning and error the build would "
        "give. Exit status: 0 if there are none, 1 if there are warnings, 2 if there are errors."
    )
    add_root_argument(parser)
    add_profile_argument(parser)
    parser.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default="plain",
        help="plain: 'path:line: message' grouped by file; github: GitHub Actions annotations",
    )


def run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Reading grade per page, then every warning the build would give; 1 if there is any,
    2 if the build stops with errors."""
    config = SiteConfig.for_project(args.root)
    report = FORMATS[getattr(args, "format", "plain")]
    profile = StageTimes() if getattr(args, "profile", False) else None
    try:
        result = build(config, profile=profile)
    except ContentError as error:
        report(findings_of(error.relative_to(config.root)), "error", out, err)
        return 2
    finally:
        if profile is not None:
            print(profile.table(), file=err)
    print("Flesch-Kincaid grade per page:", file=out)
    for item in page_grades(_page_texts(result)):
        print(f"  {item.grade:5.1f}  {item.page}  ({item.words} words)", file=out)
    report([w.relative_to(config.root) for w in result.warnings], "warning", out, err)
    return 1 if result.warnings else 0


def _page_texts(result: BuildResult) -> dict[str, str]:
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
    kit = result.inputs.kit
    if kit is not None:  # the kit's own introduction and the claims it repeats
        claims = {c.id: c.text for page in result.pages for c in page.claims}
        pages[page_url(f"{kit.slug}.md")] = "\n\n".join(
            [kit.intro] + [claims[claim_id] for claim_id, _ in kit.claim_ids]
        )
    return pages


def findings_of(error: ContentError) -> list[ContentError]:
    return list(error.errors) if isinstance(error, ContentErrors) else [error]


def _by_file(findings: Sequence[ContentError]) -> list[ContentError]:
    """Sorted by file, then line; findings without a line first in their file. The sort is
    stable, so two findings on one line keep the build's order."""
    return sorted(findings, key=lambda f: (str(f.path), f.line or 0))


# --- plain -----------------------------------------------------------------------------------


def report_plain(findings: Sequence[ContentError], kind: str, out: TextIO, err: TextIO) -> None:
    """Each file's findings together, a blank line between files; a count last."""
    files = 0
    for _, group in groupby(_by_file(findings), key=lambda f: str(f.path)):
        if files:
            print(file=err)
        files += 1
        for finding in group:
            print(finding, file=err)
    summary = f"{len(findings)} {kind}(s)"
    if findings:
        summary += f" in {files} file(s)"
    if kind == "error":
        summary += ": the build stops here"
    print(summary, file=out)


# --- github ----------------------------------------------------------------------------------


def report_github(findings: Sequence[ContentError], kind: str, out: TextIO, err: TextIO) -> None:
    """One workflow command per finding, on standard output, where the runner reads them."""
    for finding in _by_file(findings):
        print(annotation(finding, kind), file=out)
    print(f"{len(findings)} {kind}(s)", file=out)


def annotation(finding: ContentError, kind: str) -> str:
    """``::warning file=PATH,line=N,title=...::message (fix: ...)``, escaped as the runner
    expects, so a message with a newline, a colon or a comma stays one annotation."""
    properties = [f"file={_escape_property(finding.path.as_posix())}"]
    if finding.line:
        properties.append(f"line={finding.line}")
    properties.append(f"title={_escape_property(ANNOTATION_TITLE)}")
    text = f"{finding.message} (fix: {finding.fix})" if finding.fix else finding.message
    return f"::{kind} {','.join(properties)}::{_escape_data(text)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


FORMATS: dict[str, Callable[[Sequence[ContentError], str, TextIO, TextIO], None]] = {
    "plain": report_plain,
    "github": report_github,
}
