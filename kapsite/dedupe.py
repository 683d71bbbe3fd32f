"""Stage 4, dedupe: statements that say the same thing become one cluster.

For now two statements merge only when their normalised text is equal (same words, any case,
spacing or punctuation). Paraphrase detection will plug in behind the same interface.
"""

from __future__ import annotations

import hashlib
import re

from kapsite.model import Cluster, Statement
from kapsite.segment import normalise

ANCHOR_WORDS = 6


def dedupe(statements: list[Statement]) -> list[Cluster]:
    groups: dict[str, list[Statement]] = {}
    for statement in statements:
        groups.setdefault(normalise(statement.text) or statement.id, []).append(statement)
    clusters = [_cluster(key, members) for key, members in groups.items()]
    return sorted(clusters, key=lambda c: (c.members[0].article, c.members[0].line))


def _cluster(key: str, members: list[Statement]) -> Cluster:
    members = sorted(members, key=lambda s: (s.article, s.line))
    canonical = members[0]
    return Cluster(
        id=claim_anchor(key),
        text=canonical.text,
        members=tuple(members),
        page=canonical.page,
        section=canonical.section,
        question=canonical.question,
    )


def claim_anchor(normalised_text: str) -> str:
    """An anchor from the claim's own words, so links survive unrelated edits elsewhere."""
    words = re.findall(r"[a-z0-9]+", normalised_text)[:ANCHOR_WORDS]
    digest = hashlib.sha1(normalised_text.encode()).hexdigest()[:6]
    return "-".join(["claim", *words, digest])
