"""`kapsite cluster --pairs`: the review queue of a JSONL file of statements, as review asks it.

The claims are the automatic clusters; each line is one question, best first, after the hard
vetoes: ``[id_a, id_b, score]`` with the ids as given in the input.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from kapsite.inputs.vocabulary import Vocabulary
from kapsite.model import Statement
from kapsite.stages.dedupe.merge import deduplicate


def review_pairs(
    statements: Sequence[Statement], vocabulary: Vocabulary
) -> list[tuple[str, str, float]]:
    """The questions `kapsite review` would ask about these statements, best first."""
    pending = deduplicate(list(statements), None, vocabulary).pending
    return [(p.first.id, p.second.id, round(p.score, 4)) for p in pending]


def format_pairs(pairs: Sequence[tuple[str, str, float]]) -> str:
    """One JSON array per line: ``["id a", "id b", 0.73]``."""
    return "".join(json.dumps(list(p), ensure_ascii=False) + "\n" for p in pairs)
