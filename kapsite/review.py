"""Editor tools around dedupe: `kapsite review` (decide pending pairs) and `kapsite cluster`.

`review` walks the pending candidate pairs, best first, and writes each decision into
content/claims.yml at once, edited as round-trip YAML (ruamel.yaml), so the file's comments,
order and flow-style lists stay as the editor left them, and written whole by kapsite.files, so
an interrupt leaves the old file or the new one.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kapsite.classify import classify
from kapsite.config import SiteConfig
from kapsite.dedupe import PendingPair, canonical_statement, claim_anchor, deduplicate
from kapsite.errors import ContentError
from kapsite.files import read_text, write_text
from kapsite.ingest import read_articles
from kapsite.model import Statement
from kapsite.numbers import figures
from kapsite.registry import HEADER, Registry, load_registry, parse_registry
from kapsite.segment import normalise, segment
from kapsite.topics import load_taxonomy
from kapsite.vocabulary import Vocabulary

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


def pending_summary(pending: tuple[PendingPair, ...], shown: int = 20) -> list[str]:
    """Lines for the build output: how many pairs wait for review, and the best of them."""
    if not pending:
        return []
    lines = [f"{len(pending)} candidate pairs of claims are pending review (run `kapsite review`)"]
    for pair in pending[:shown]:
        lines.append(
            f"pending review ({pair.score:.2f}): {_where(pair.first)} and {_where(pair.second)}"
        )
    return lines


def _where(statement: Statement) -> str:
    """content/articles/x.md:12, the same on every machine."""
    return f"{Path(*statement.path.parts[-3:]).as_posix()}:{statement.line}"


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
        assert claim is not None
        newcomer = second if a is not None else first

        def add_member(data: CommentedMap) -> None:
            entry = next(c for c in data["claims"] if str(c.get("id", "")).strip() == claim.id)
            entry["members"] = _block_list(entry.get("members"))
            _append(entry["members"], newcomer.id, _preview(newcomer.text), indent=8)

        _edit_registry(registry.path, add_member)
        return f"recorded: added to claim '{claim.id}'"
    canonical = canonical_statement([first, second])

    def add_claim(data: CommentedMap) -> None:
        members = CommentedSeq()
        for statement in (first, second):
            _append(members, statement.id, _preview(statement.text), indent=8)
        claim = CommentedMap()
        claim["id"] = claim_anchor(normalise(canonical.text))
        claim["page"] = canonical.page or "overview"
        claim["section"] = canonical.section or "background"
        claim["members"] = members
        data["claims"] = _block_list(data.get("claims"))
        data["claims"].append(claim)

    _edit_registry(registry.path, add_claim)
    return "recorded: new claim"


def record_different(registry: Registry, first: Statement, second: Statement) -> str:
    x, y = sorted((first.id, second.id))

    def add_pair(data: CommentedMap) -> None:
        pair = CommentedSeq([x, y])
        pair.fa.set_flow_style()
        data["different"] = _block_list(data.get("different"))
        comment = f"{_preview(first.text)} / {_preview(second.text)}"
        _append(data["different"], pair, comment, indent=4, width=len(x) + len(y) + 4)

    _edit_registry(registry.path, add_pair)
    return "recorded: different claims"


def _preview(text: str) -> str:
    text = " ".join(text.replace("#", "").split())
    return text if len(text) <= PREVIEW else text[: PREVIEW - 3].rstrip() + "..."


def _round_trip() -> YAML:
    """ruamel's round-trip YAML, set to the registry's layout: an edit changes only its lines,
    and flow-style lists (``different: []``, ``members: [a, b]``) stay valid YAML."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a long line
    yaml.preserve_quotes = True
    return yaml


def _edit_registry(path: Path, change: Callable[[CommentedMap], None]) -> None:
    """Apply ``change`` to the registry's data and write it back whole (kapsite.files). The
    file is written only if it still means what it meant, plus the decision."""
    text = read_text(path) if path.exists() else HEADER + "\nclaims:\ndifferent:\n"
    before = parse_registry(text, path)  # the registry's own errors, with their lines
    yaml = _round_trip()
    data = yaml.load(text)
    if data is None:  # comments only (load_registry refuses such a file): add the two lists
        data = yaml.load(text.rstrip("\n") + "\n\nclaims:\ndifferent:\n")
    change(data)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    new_text = buffer.getvalue()
    after = parse_registry(new_text, path)
    if not _keeps_meaning(before, after):
        raise ContentError(
            path,
            None,
            "kapsite review would change the meaning of the registry; nothing was written",
            "this is a bug in kapsite: please report it with the file",
        )
    write_text(path, new_text, what="claim registry")


def _keeps_meaning(before: Registry, after: Registry) -> bool:
    """Every claim keeps its id, place, wording and members; every 'different' pair stays."""
    kept = {c.id: c for c in after.claims}
    for claim in before.claims:
        new = kept.get(claim.id)
        if new is None or (new.page, new.section, new.text) != (
            claim.page,
            claim.section,
            claim.text,
        ):
            return False
        if not set(claim.members) <= set(new.members):
            return False
    return {(a, b) for a, b, _ in before.different} <= {(a, b) for a, b, _ in after.different}


def _block_list(value: object) -> CommentedSeq:
    """The list to add to, in block style so each entry has its own line and comment."""
    if not isinstance(value, CommentedSeq):
        value = CommentedSeq(value or [])
    value.fa.set_block_style()
    return value


def _append(seq: CommentedSeq, item: object, comment: str, *, indent: int, width: int = 0) -> None:
    seq.append(item)
    column = indent + (width or len(str(item))) + 2
    seq.yaml_add_eol_comment(f"# {comment}", len(seq) - 1, column=column)


def site_statements(config: SiteConfig) -> list[Statement]:
    """The site's statements, segmented and classified exactly as the build does."""
    taxonomy = load_taxonomy(config.topics)
    articles = read_articles(config.articles, config.max_article_bytes)
    return classify([s for a in articles for s in segment(a)], taxonomy)
