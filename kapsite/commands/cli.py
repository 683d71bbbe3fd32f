"""The ``kapsite`` command. Each subcommand is one entry in ``COMMANDS``.

To add one (``check``, ``lock``, ...), write a function that adds its arguments and one that
runs it, and add a ``Command`` to the table; ``main`` does the rest.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from kapsite.commands import add_root_argument
from kapsite.commands.check import check_arguments, run_check
from kapsite.commands.cluster import (
    automatic_clusters,
    format_clusters,
    format_pairs,
    review_pairs,
    statements_from_jsonl,
)
from kapsite.commands.lock import run_lock
from kapsite.commands.new import new_arguments, run_new
from kapsite.commands.render import finish_arguments, render_arguments, run_finish, run_render
from kapsite.commands.review import review
from kapsite.config import SiteConfig
from kapsite.errors import ContentError
from kapsite.files import create_text, forget_created, read_text
from kapsite.importer import DEFAULT_MAX_BYTES, RULES, Draft, KeyIndex, import_file, write_draft
from kapsite.importer.draft import refuse_existing
from kapsite.importer.report import removed_by_rule, report_markdown, summary
from kapsite.inputs.vocabulary import load_vocabulary


@dataclass(frozen=True)
class Command:
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, TextIO, TextIO], int]


# --- kapsite import --------------------------------------------------------------------------


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = "Turn raw web articles (text or HTML) into draft articles and BibTeX."
    parser.epilog = "cleaning rules, in order:\n" + "\n".join(
        f"  {rule.name:<19} {rule.what}" for rule in RULES
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files to import")
    parser.add_argument(
        "--out", type=Path, default=Path("content/articles"), help="folder for the draft articles"
    )
    parser.add_argument(
        "--bib-out",
        type=Path,
        default=Path("bibliography"),
        help="folder for the new .bib files; its existing *.bib files are read to reuse keys",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would be written and removed"
    )
    parser.add_argument("--report", type=Path, help="write every removed line, by rule, here")
    parser.add_argument("--encoding", default="", help="the files' encoding if not UTF-8")
    parser.add_argument(
        "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="refuse files larger than this"
    )


def _run_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # Checked first, so nothing is written half way; a link, even one to nowhere, counts.
    if args.report and os.path.lexists(args.report):
        print(f"{args.report}: the report file exists (fix: name a new file)", file=err)
        return 1
    try:
        index = KeyIndex.from_folder(args.bib_out)
    except ContentError as error:
        print(f"{error}", file=err)
        return 1
    drafts, errors = [], []
    planned: set[Path] = set()
    total = len(args.paths)
    for number, path in enumerate(args.paths, start=1):
        print(f"[{number}/{total}] {path}", file=out)
        before = KeyIndex(dict(index.by_key))
        try:
            draft = import_file(path, args.out, args.bib_out, index, args.max_bytes, args.encoding)
            if args.dry_run:
                _refuse_planned(draft.article_path, planned)
                _print_dry_run(draft, out)
            else:
                written = write_draft(draft)
                print("  wrote " + ", ".join(str(p) for p in written), file=out)
        except ContentError as error:
            index.by_key = before.by_key  # keys of an import that failed must not be linked
            errors.append(error)
            print(f"  error: {error}", file=err)
            continue
        planned.add(draft.article_path)
        drafts.append(draft)
        for line in summary(draft):
            print(line, file=out)

    removed: Counter[str] = Counter()
    for draft in drafts:
        removed.update(removed_by_rule(draft))
    kept = sum(len(d.kept) for d in drafts)
    refs = sum(len(d.references) for d in drafts)
    verb = "would import" if args.dry_run else "imported"
    print(
        f"{verb} {len(drafts)} of {total} files: kept {kept} lines, removed "
        f"{sum(removed.values())}, parsed {refs} references; {len(errors)} failed",
        file=out,
    )
    if args.report:
        try:
            create_text(args.report, report_markdown(drafts, errors), what="import report")
        except ContentError as error:  # e.g. the report was named like a draft of this run
            print(f"{error}", file=err)
            return 1
        print(f"report: {args.report}", file=out)
    return 1 if errors else 0


def _refuse_planned(path: Path, planned: set[Path]) -> None:
    refuse_existing(path)
    if path in planned:
        raise ContentError(
            path, None, "an earlier file in this run writes this article", "give it another title"
        )


def _print_dry_run(draft: Draft, out: TextIO) -> None:
    print(f"--- would write {draft.article_path} ---", file=out)
    print(draft.article_text, file=out)
    if draft.bib_text:
        print(f"--- would write {draft.bib_path} ---", file=out)
        print(draft.bib_text, file=out)
    print(f"--- would remove from {draft.source} ---", file=out)
    for line in draft.removed:
        print(f"{draft.source}:{line.number}: [{line.removed_by}] {line.original}", file=out)


# --- kapsite review and kapsite cluster --------------------------------------------------------


def _review_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Give each statement nobody has reviewed a fate: it supports a claim, a new claim, is "
        "corrected, or is left out with a reason. Each answer is written to content/claims/ at "
        "once, keeping the files' comments; u undoes the last answer."
    )
    add_root_argument(parser)
    parser.add_argument(
        "--list", action="store_true", help="print the pending statements; ask nothing"
    )


def _run_review(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    config = SiteConfig.for_project(args.root)
    try:
        review(config, sys.stdin, out, args.list)
    except ContentError as error:
        print(f"{error}", file=err)
        return 1
    return 0


def _cluster_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Print the clusters dedupe makes on its own (no editor) as JSON lists of ids. "
        'Input: one {"id", "article", "text"} object per line.'
    )
    parser.add_argument("statements", type=Path, metavar="STATEMENTS.jsonl")
    parser.add_argument(
        "--pairs",
        action="store_true",
        help="print the review queue instead: one [id_a, id_b, score] per line, best first",
    )
    parser.add_argument(
        "--vocabulary",
        type=Path,
        default=SiteConfig(Path(".")).vocabulary,
        help="entity lists for the vetoes (synonyms.yml beside it is read too)",
    )


def _run_cluster(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        lines = read_text(args.statements).splitlines()
        statements = statements_from_jsonl(lines, args.statements)
        vocabulary = load_vocabulary(args.vocabulary)
        if args.pairs:
            out.write(format_pairs(review_pairs(statements, vocabulary)))
            return 0
        clusters = automatic_clusters(statements, vocabulary)
    except (ContentError, OSError) as error:
        print(f"{error}", file=err)
        return 1
    out.write(format_clusters(clusters))
    return 0


# --- the table -------------------------------------------------------------------------------

COMMANDS: dict[str, Command] = {
    "check": Command(
        "reading grades per page and every warning the build would give",
        check_arguments,
        run_check,
    ),
    "lock": Command(
        "refresh anchors.lock from the URLs and anchors the site publishes now",
        add_root_argument,
        run_lock,
    ),
    "new": Command(
        "write a skeleton article or BibTeX reference to fill in", new_arguments, run_new
    ),
    "import": Command(
        "turn raw web articles into draft articles and BibTeX", _import_arguments, _run_import
    ),
    "review": Command(
        "give each statement nobody has reviewed a fate, writing content/claims/",
        _review_arguments,
        _run_review,
    ),
    "render": Command(
        "write the whole site for a generator without MkDocs hooks (Zensical, ProperDocs)",
        render_arguments,
        run_render,
    ),
    "finish": Command(
        "sanitise, check and secure a site built from kapsite render's folder",
        finish_arguments,
        run_finish,
    ),
    "cluster": Command(
        "print the automatic clusters of a JSONL file of statements",
        _cluster_arguments,
        _run_cluster,
    ),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kapsite", description="kapsite content tools")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in COMMANDS.items():
        command.add_arguments(commands.add_parser(name, help=command.help))
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    args = build_parser().parse_args(argv)
    forget_created()  # one command is one run: what it creates, it never replaces
    try:
        return COMMANDS[args.command].run(args, out or sys.stdout, err or sys.stderr)
    except ContentError as error:  # e.g. a setting in the environment, read before any file
        print(f"{error}", file=err or sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
