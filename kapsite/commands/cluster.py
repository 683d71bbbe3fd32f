"""``kapsite cluster STATEMENTS.jsonl``: the claims dedupe makes on its own, with no editor, for
evaluating the matching on statements from outside a site (see benchmarks/dedup.py); with
``--pairs``, the review queue as review would ask it, best first, after the hard vetoes: one
``[id_a, id_b, score]`` per line, with the ids as given in the input."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from kapsite.errors import ContentError
from kapsite.inputs.vocabulary import Vocabulary
from kapsite.model import Statement
from kapsite.stages.dedupe.merge import automatic_claims
from kapsite.text.figures import figures


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
    """The clusters dedupe makes on its own (no editor), as sorted lists of statement ids."""
    clusters = automatic_claims(statements, vocabulary).clusters
    return sorted(sorted(m.id for m in c.members) for c in clusters)


def format_clusters(clusters: list[list[str]]) -> str:
    """One JSON array, one cluster per line: valid JSON that diffs well."""
    lines = [json.dumps(c, ensure_ascii=False) for c in clusters]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def review_pairs(
    statements: Sequence[Statement], vocabulary: Vocabulary
) -> list[tuple[str, str, float]]:
    """The questions review would ask about these statements, best first."""
    pending = automatic_claims(list(statements), vocabulary).pending
    return [(p.first.id, p.second.id, round(p.score, 4)) for p in pending]


def format_pairs(pairs: Sequence[tuple[str, str, float]]) -> str:
    """One JSON array per line: ``["id a", "id b", 0.73]``."""
    return "".join(json.dumps(list(p), ensure_ascii=False) + "\n" for p in pairs)
