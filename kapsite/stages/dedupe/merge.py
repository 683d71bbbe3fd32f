"""Stage 4, dedupe: statements that say the same thing become one cluster.

Precision first: a false merge publishes a wrong fact, a missed merge only repeats one.

1. Reviewed merges (content/claims.yml, see ``registry``) are applied first.
2. Candidates: each statement's nearest neighbours by TF-IDF similarity (``candidates``).
3. Automatic merge only when two statements are near-identical once normalised (the same words
   but for a few) and no veto holds between any members of the two groups (``vetoes``).
4. Everything else stays apart. The claims so made are compared as wholes (``queue``): pairs
   that may be one are pending review, best first; pairs whose figures differ on the same
   quantity become conflicts ("sources differ").

Nothing is dropped: a statement nobody reviewed is its own claim.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kapsite.errors import ContentError
from kapsite.inputs.registry import RegisteredClaim, Registry
from kapsite.inputs.vocabulary import Vocabulary
from kapsite.model import Cluster, Conflict, Statement
from kapsite.stages.dedupe.candidates import STOPWORDS, candidate_pairs
from kapsite.stages.dedupe.queue import compare_claims
from kapsite.stages.dedupe.terms import wording_for
from kapsite.stages.dedupe.vetoes import FIGURES, vetoes
from kapsite.stages.segment import normalise

ANCHOR_WORDS = 6
NEIGHBOURS = 10  # candidate recall at 10 on our labelled set: see benchmarks/dedup.py
NEAR_IDENTICAL = 0.9  # word-sequence similarity for an automatic merge
LONG_WORD = 10  # letters: words this long make a sentence harder to read


@dataclass(frozen=True)
class PendingPair:
    """Two statements that may be the same claim, waiting for an editor's decision."""

    first: Statement
    second: Statement
    score: float
    vetoes: tuple[str, ...]


@dataclass(frozen=True)
class Deduplication:
    clusters: tuple[Cluster, ...]
    pending: tuple[PendingPair, ...]  # best first
    warnings: tuple[ContentError, ...]  # registry entries that match no statement


def deduplicate(
    statements: Sequence[Statement],
    registry: Registry | None = None,
    vocabulary: Vocabulary | None = None,
) -> Deduplication:
    vocabulary = vocabulary or Vocabulary()
    groups = _Groups(len(statements))
    registered: dict[int, RegisteredClaim] = {}  # group root -> its reviewed claim
    warnings = _apply_registry(statements, registry, groups, registered, vocabulary)

    vetoed: dict[tuple[int, int], tuple[str, ...]] = {}

    def veto(i: int, j: int) -> tuple[str, ...]:
        key = (min(i, j), max(i, j))
        if key not in vetoed:
            vetoed[key] = vetoes(statements[i].text, statements[j].text, vocabulary)
        return vetoed[key]

    def different(i: int, j: int) -> bool:
        return registry is not None and registry.is_different(statements[i].id, statements[j].id)

    wording = wording_for(vocabulary.synonyms)
    pairs = candidate_pairs([s.text for s in statements], NEIGHBOURS, wording=wording)
    words = [wording.folded_words(s.text) for s in statements]
    for pair in pairs:
        i, j = pair.first, pair.second
        a, b = groups.find(i), groups.find(j)
        if a == b or (a in registered and b in registered) or different(i, j):
            continue
        if not _near_identical(words[i], words[j]):
            continue
        # Complete link: every member of one group must be free of vetoes with every member of
        # the other, so a chain of small steps never joins two claims that differ.
        if any(veto(x, y) or different(x, y) for x in groups.members(a) for y in groups.members(b)):
            continue
        root = groups.union(a, b)
        claim = registered.pop(a, None) or registered.pop(b, None)
        if claim is not None:
            registered[root] = claim

    roots = groups.all()
    order = list(roots)
    comparison = compare_claims(
        statements,
        list(roots.values()),
        vocabulary,
        different,
        [registered[r].text if r in registered else "" for r in order],
    )
    pending = [
        PendingPair(statements[q.first], statements[q.second], q.score, q.vetoes)
        for q in comparison.queue
    ]
    conflicts: dict[int, set[int]] = {}
    for a, b in comparison.conflicts:
        conflicts.setdefault(order[a], set()).add(order[b])
        conflicts.setdefault(order[b], set()).add(order[a])

    clusters = {
        root: _cluster([statements[i] for i in members], registered.get(root))
        for root, members in groups.all().items()
    }
    result = []
    for root, cluster in clusters.items():
        others = sorted((clusters[o] for o in conflicts.get(root, ())), key=lambda c: c.id)
        result.append(
            dataclasses.replace(
                cluster, conflicts=tuple(Conflict(o.id, o.page, o.text, o.articles) for o in others)
            )
        )
    result.sort(
        key=lambda c: (c.members[0].article, c.members[0].line, c.members[0].position, c.id)
    )
    ordered = sorted(
        pending,
        key=lambda p: (-p.score, p.first.article, p.first.line, p.second.article, p.second.line),
    )
    return Deduplication(tuple(result), tuple(ordered), tuple(warnings))


def _apply_registry(
    statements: Sequence[Statement],
    registry: Registry | None,
    groups: _Groups,
    registered: dict[int, RegisteredClaim],
    vocabulary: Vocabulary,
) -> list[ContentError]:
    if registry is None:
        return []
    by_id: dict[str, list[int]] = {}
    for index, statement in enumerate(statements):
        by_id.setdefault(statement.id, []).append(index)
    warnings = []
    for claim in registry.claims:
        found = [i for member in claim.members for i in by_id.get(member, [])]
        for member in claim.members:
            if member not in by_id:
                warnings.append(
                    ContentError(
                        registry.path,
                        claim.line,
                        f"claim '{claim.id}' lists '{member}', which no article states any more",
                        "the sentence was reworded: run `kapsite review` to place it again, "
                        "then delete this member line",
                    )
                )
        for x in found:
            for y in found:
                if x < y and FIGURES in vetoes(statements[x].text, statements[y].text, vocabulary):
                    raise ContentError(
                        registry.path,
                        claim.line,
                        f"claim '{claim.id}' merges statements whose figures differ: "
                        f"'{statements[x].text}' and '{statements[y].text}'",
                        "remove one member: figures are never merged, "
                        "the page shows them side by side",
                    )
        if found:
            root = found[0]
            for other in found[1:]:
                root = groups.union(root, other)
            registered[groups.find(root)] = claim
    return warnings


def _near_identical(a: list[str], b: list[str]) -> bool:
    """Nearly the same words in nearly the same order, and the same content words: sentences
    that differ only in small words and punctuation. "Raises" against "lowers" changes one word
    in twelve, yet says the opposite, so any content word that differs sends the pair to review."""
    if a == b:
        return True
    if {w for w in a if w not in STOPWORDS} != {w for w in b if w not in STOPWORDS}:
        return False
    if min(len(a), len(b)) < NEAR_IDENTICAL * max(len(a), len(b)):
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= NEAR_IDENTICAL and matcher.ratio() >= NEAR_IDENTICAL


def _cluster(members: list[Statement], claim: RegisteredClaim | None) -> Cluster:
    members = sorted(members, key=lambda s: (s.article, s.line, s.position, s.id))
    canonical = canonical_statement(members)
    text = claim.text if claim is not None and claim.text else canonical.text
    return Cluster(
        id=claim.id
        if claim is not None
        else claim_anchor(normalise(canonical.text) or canonical.id),
        text=text,
        members=tuple(members),
        page=(claim.page if claim is not None and claim.page else canonical.page),
        section=(claim.section if claim is not None and claim.section else canonical.section),
        question=canonical.question,
        aliases=_aliases(members, claim),
    )


def _aliases(members: list[Statement], claim: RegisteredClaim | None) -> tuple[str, ...]:
    """The anchors each member would have as a claim of its own. When review merges claims, the
    anchors of the absorbed ones stay on the page, so links shared before still land."""
    if claim is None:
        return ()
    own = {claim_anchor(normalise(m.text) or m.id) for m in members}
    return tuple(sorted(own - {claim.id}))


def canonical_statement(members: Sequence[Statement]) -> Statement:
    """The clearest member, whose wording the page shows when the registry gives none.

    In order: it states the most figures (a figure is never hidden behind a vaguer wording);
    it is a plain sentence, not a labelled bullet; it is the easiest to read, counting each
    word plus each long word again; then the first in article order, for stable output.
    """

    def cost(s: Statement) -> tuple:
        words = re.findall(r"[A-Za-z0-9'’-]+", s.text)
        long_words = sum(len(w) >= LONG_WORD for w in words)
        labelled = bool(re.match(r"^\s*(\*\*[^*]+\*\*|[A-Z][^.:]{0,60}:)\s", s.text))
        return (-len(s.figures), labelled, len(words) + long_words, s.article, s.line)

    return min(members, key=cost)


def claim_anchor(normalised_text: str) -> str:
    """An anchor from the claim's own words, so links survive unrelated edits elsewhere."""
    words = re.findall(r"[a-z0-9]+", normalised_text)[:ANCHOR_WORDS]
    digest = hashlib.sha1(normalised_text.encode()).hexdigest()[:6]
    return "-".join(["claim", *words, digest])


class _Groups:
    """Union-find over statement positions; the smaller root wins, so results never vary."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.lists: dict[int, list[int]] = {i: [i] for i in range(size)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> int:
        a, b = self.find(a), self.find(b)
        if a == b:
            return a
        root, child = min(a, b), max(a, b)
        self.parent[child] = root
        self.lists[root] += self.lists.pop(child)
        return root

    def members(self, root: int) -> list[int]:
        return self.lists[self.find(root)]

    def all(self) -> dict[int, list[int]]:
        return {root: sorted(members) for root, members in sorted(self.lists.items())}


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
