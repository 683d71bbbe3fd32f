"""Editor tools around dedupe: `kapsite review` (decide pending pairs) and `kapsite cluster`.

`review` walks the pending candidate pairs, best first, and writes each decision into
content/claims.yml as a line inserted where it belongs, so the file's comments and order stay
exactly as the editor left them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from kapsite.config import SiteConfig
from kapsite.errors import ContentError
from kapsite.inputs.articles import read_articles
from kapsite.inputs.registry import HEADER, Registry, load_registry
from kapsite.inputs.topics import load_taxonomy
from kapsite.inputs.vocabulary import Vocabulary
from kapsite.model import Statement
from kapsite.stages.classify import classify
from kapsite.stages.dedupe.merge import PendingPair, canonical_statement, claim_anchor, deduplicate
from kapsite.stages.segment import normalise, segment
from kapsite.text.figures import figures

PREVIEW = 60


def statements_from_jsonl(lines: Iterable[str], path: Path) -> list[Statement]:
    """Lines of {"id", "article", "text"} as statements, for evaluation outside a site."""
    statements = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text, article, sid = str(row["text"]), str(row["article"]), str(row["id"])
        except (ValueError, KeyError, TypeError) as error:
            raise ContentError(
                path,
                number,
                f"not a statement: {error}",
                'write {"id": ..., "article": ..., "text": ...}',
            ) from None
        found = tuple(f.text for f in figures(text))
        statements.append(Statement(sid, article, path, number, text, figures=found))
    return statements


def automatic_clusters(statements: list[Statement], vocabulary: Vocabulary) -> list[list[str]]:
    """The clusters dedupe makes on its own (no registry), as sorted lists of statement ids."""
    clusters = deduplicate(statements, None, vocabulary).clusters
    return sorted(sorted(m.id for m in c.members) for c in clusters)


def format_clusters(clusters: list[list[str]]) -> str:
    """One JSON array, one cluster per line: valid JSON that diffs well."""
    lines = [json.dumps(c, ensure_ascii=False) for c in clusters]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def describe(pair: PendingPair, number: int, total: int) -> str:
    vetoes = ", ".join(pair.vetoes) if pair.vetoes else "none"
    return "\n".join(
        [
            f"[{number}/{total}] score {pair.score:.2f}, vetoes: {vetoes}",
            f"  A {pair.first.article}:{pair.first.line}  {pair.first.text}",
            f"  B {pair.second.article}:{pair.second.line}  {pair.second.text}",
        ]
    )


def review(
    statements: list[Statement],
    registry_path: Path,
    vocabulary: Vocabulary,
    answers: TextIO,
    out: TextIO,
    list_only: bool = False,
) -> int:
    """Ask about each pending pair; returns how many decisions were written."""
    registry = load_registry(registry_path)
    pending = deduplicate(statements, registry, vocabulary).pending
    if not pending:
        print("No candidate pairs are pending review.", file=out)
        return 0
    written = 0
    for number, pair in enumerate(pending, start=1):
        print(describe(pair, number, len(pending)), file=out)
        if list_only:
            continue
        answer = _ask(answers, out)
        if answer == "quit":
            break
        if answer == "skip":
            continue
        registry = load_registry(registry_path)  # decisions so far, with their new lines
        if answer == "same":
            message = record_same(registry, pair.first, pair.second, statements)
        else:
            message = record_different(registry, pair.first, pair.second)
        print(f"  {message}", file=out)
        written += message.startswith("recorded")
    if not list_only:
        print(f"{written} decisions written to {registry_path}", file=out)
    return written


def _ask(answers: TextIO, out: TextIO) -> str:
    choices = {"s": "same", "same": "same", "d": "different", "different": "different"}
    choices |= {"k": "skip", "skip": "skip", "": "skip", "q": "quit", "quit": "quit"}
    while True:
        print("  Same claim? [s]ame / [d]ifferent / s[k]ip / [q]uit: ", end="", file=out)
        line = answers.readline()
        if not line:
            return "quit"
        answer = choices.get(line.strip().lower())
        if answer:
            return answer
        print("  please answer s, d, k or q", file=out)


def record_same(
    registry: Registry, first: Statement, second: Statement, statements: list[Statement]
) -> str:
    a, b = registry.claim_of(first.id), registry.claim_of(second.id)
    if a is not None and b is not None:
        if a.id == b.id:
            return "already the same claim"
        return (
            f"not written: the two are in claims '{a.id}' and '{b.id}'; "
            f"merge them by hand in {registry.path}"
        )
    if a is not None or b is not None:
        claim = a or b
        newcomer = second if a is not None else first
        _insert(registry.path, claim.last_member_line, [_member_line(newcomer)])
        return f"recorded: added to claim '{claim.id}'"
    canonical = canonical_statement([first, second])
    block = [
        f"  - id: {claim_anchor(normalise(canonical.text))}",
        f"    page: {canonical.page or 'overview'}",
        f"    section: {canonical.section or 'background'}",
        "    members:",
        _member_line(first),
        _member_line(second),
    ]
    _insert_in_list(registry, "claims", registry.end_of_claims, block)
    return "recorded: new claim"


def record_different(registry: Registry, first: Statement, second: Statement) -> str:
    x, y = sorted((first.id, second.id))
    line = f"  - [{x}, {y}]  # {_preview(first.text)} / {_preview(second.text)}"
    _insert_in_list(registry, "different", registry.end_of_different, [line])
    return "recorded: different claims"


def _member_line(statement: Statement) -> str:
    return f"      - {statement.id}  # {_preview(statement.text)}"


def _preview(text: str) -> str:
    text = " ".join(text.replace("#", "").split())
    return text if len(text) <= PREVIEW else text[: PREVIEW - 3].rstrip() + "..."


def _insert_in_list(registry: Registry, key: str, end_line: int, block: list[str]) -> None:
    path = registry.path
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER + "\nclaims:\ndifferent:\n", encoding="utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")
    if end_line:
        _insert(path, end_line, block)
        return
    # The list is empty: put the entries right under its key, adding the key if it is missing.
    for index, line in enumerate(lines):
        if line.split("#")[0].strip() in (f"{key}:", f"{key}: []"):
            lines[index] = f"{key}:"
            lines[index + 1 : index + 1] = block
            break
    else:
        if lines and lines[-1] == "":
            lines.pop()
        lines += [f"{key}:", *block, ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _insert(path: Path, after_line: int, block: list[str]) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[after_line:after_line] = block
    path.write_text("\n".join(lines), encoding="utf-8")


def site_statements(config: SiteConfig) -> list[Statement]:
    """The site's statements, segmented and classified exactly as the build does."""
    taxonomy = load_taxonomy(config.topics)
    articles = read_articles(config.articles, config.max_article_bytes)
    return classify([s for a in articles for s in segment(a)], taxonomy)
