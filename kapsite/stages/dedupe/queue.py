"""What dedupe asks an editor, and what it shows readers as "sources differ", claim by claim.

Both start from the same claim-level candidates (``candidates.claim_pairs``): groups of
statements already known to be one claim (automatic merges, or an editor's claims) are compared
as wholes, so each question is asked once per pair of claims, never again for another member.

- The review queue: pairs of claims that may be one, best first, after the hard vetoes. A pair
  whose figures differ (``vetoes.FIGURES``) is never asked: no answer could merge it.
- Conflicts: two claims about the same quantity whose figures differ, ranges included ("70-80%"
  against "70%"), from different articles. They are shown side by side, whoever added them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from kapsite.inputs.vocabulary import Vocabulary
from kapsite.model import Statement
from kapsite.stages.dedupe.candidates import MAX_POSTINGS, claim_pairs
from kapsite.stages.dedupe.terms import Wording, wording_for
from kapsite.stages.dedupe.vetoes import FIGURES, figures_at, stated_figures, vetoes

NEIGHBOURS = 10  # claims compared with each claim
QUESTIONS_PER_CLAIM = 6
QUEUE_SCORE = 0.1  # claim pairs scored below this are not asked
# Each reviewable veto (figure-missing, entities, polarity) lowers a pair's place in the queue:
# with a few questions per statement, the pairs without a reason to differ come first. 0.8 was
# best on the team's labelled set (0.9 and 0.7 each lost a merge; benchmarks/dedup.py).
VETO_FACTOR = 0.8
CONFLICT_SCORE = 0.35  # figures differ between claims this close: "sources differ"
QUANTITY_WINDOW = 4  # words either side of a figure that say what it counts
QUANTITY_SHARED = 3  # words two figures must share to count as one quantity


@dataclass(frozen=True)
class Question:
    """Two statements, each standing for its claim, that an editor is asked about."""

    first: int  # positions in the statements given
    second: int
    score: float  # claim similarity, times VETO_FACTOR for each veto
    vetoes: tuple[str, ...]  # the reviewable vetoes between the two, for the editor to see


@dataclass(frozen=True)
class Comparison:
    queue: tuple[Question, ...]  # best first
    conflicts: tuple[tuple[int, int], ...]  # pairs of group positions, first < second


def compare_claims(
    statements: Sequence[Statement],
    groups: Sequence[Sequence[int]],
    vocabulary: Vocabulary,
    claim_texts: Sequence[str] = (),
) -> Comparison:
    """The review queue and the conflicts between the claims ``groups`` make of ``statements``."""
    wording = wording_for(vocabulary.synonyms)
    texts = [s.text for s in statements]
    summaries = [_FigureSummary.of(members, statements, vocabulary) for members in groups]
    queue: list[Question] = []
    conflicts: list[tuple[int, int]] = []
    for pair in claim_pairs(texts, groups, NEIGHBOURS, wording, claim_texts):
        first, second = summaries[pair.first_group], summaries[pair.second_group]
        differing = first.differing(second, vocabulary)
        if differing:
            if pair.score >= CONFLICT_SCORE and first.from_other_articles(second, differing):
                conflicts.append((pair.first_group, pair.second_group))
            continue
        reasons = vetoes(texts[pair.first], texts[pair.second], vocabulary)
        score = round(pair.score * VETO_FACTOR ** len(reasons), 6)
        if score >= QUEUE_SCORE:
            queue.append(Question(pair.first, pair.second, score, reasons))
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    for x, y in same_quantity(statements, vocabulary, wording):
        a, b = sorted((group_of[x], group_of[y]))
        if a != b:
            conflicts.append((a, b))
    queue.sort(key=lambda q: (-q.score, q.first, q.second))
    return Comparison(_bounded(queue, groups), tuple(sorted(set(conflicts))))


@dataclass(frozen=True)
class _FigureSummary:
    """A claim's members as the figures veto sees them: each distinct set of stated figures,
    with one member's text standing for it and the (entities, article) of every member stating
    it. Whether ``vetoes.FIGURES`` holds between two statements depends only on their stated
    figures, so two claims are compared set against set, never member against member (claims
    made of many near-identical copies would otherwise cost the product of their sizes)."""

    texts: dict[frozenset, str]  # stated figures -> the first member's text stating them
    sources: dict[frozenset, dict[frozenset, set[str]]]  # figures -> entities -> articles

    @staticmethod
    def of(
        members: Sequence[int], statements: Sequence[Statement], vocabulary: Vocabulary
    ) -> _FigureSummary:
        texts: dict[frozenset, str] = {}
        sources: dict[frozenset, dict[frozenset, set[str]]] = {}
        for i in members:
            text = statements[i].text
            stated = stated_figures(text)
            texts.setdefault(stated, text)
            entities = frozenset(vocabulary.entities(text))
            sources.setdefault(stated, {}).setdefault(entities, set()).add(statements[i].article)
        return _FigureSummary(texts, sources)

    def differing(
        self, other: _FigureSummary, vocabulary: Vocabulary
    ) -> list[tuple[frozenset, frozenset]]:
        """The pairs of figure sets, one from each claim, whose figures differ."""
        return [
            (a, b)
            for a, text_a in self.texts.items()
            for b, text_b in other.texts.items()
            if FIGURES in vetoes(text_a, text_b, vocabulary)
        ]

    def from_other_articles(
        self, other: _FigureSummary, differing: list[tuple[frozenset, frozenset]]
    ) -> bool:
        """Whether two members with differing figures, one of each claim, come from different
        articles and name the same things: two sources that disagree, not one that changes."""
        for a, b in differing:
            for entities, articles in self.sources[a].items():
                theirs = other.sources[b].get(entities)
                # Both sides hold these entities; two different articles can be paired unless
                # one article is all there is on both sides.
                if theirs and len(articles | theirs) >= 2:
                    return True
        return False


def _bounded(queue: list[Question], groups: Sequence[Sequence[int]]) -> tuple[Question, ...]:
    """At most QUESTIONS_PER_CLAIM questions about each claim, its best ones: past those an
    editor learns little, and the queue stays a few times the number of claims long."""
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    asked: Counter[int] = Counter()
    kept = []
    for question in queue:
        a, b = group_of[question.first], group_of[question.second]
        if asked[a] < QUESTIONS_PER_CLAIM and asked[b] < QUESTIONS_PER_CLAIM:
            asked[a] += 1
            asked[b] += 1
            kept.append(question)
    return tuple(kept)


def quantity_words(text: str, wording: Wording) -> dict[str, frozenset[str]]:
    """For each kind of figure the text states, the words around its figures: what is counted
    ("sessions", "cost"), measured or dated ("approved", "first made"), stemmed, synonyms as
    their group. Two figures of one kind among the same words are one quantity."""
    words = list(re.finditer(r"[A-Za-z][A-Za-z'’-]*", text))
    around: dict[str, set[str]] = {}
    for stated in figures_at(text):
        before = [w for w in words if w.end() <= stated.start][-QUANTITY_WINDOW:]
        after = [w for w in words if w.start() >= stated.end][:QUANTITY_WINDOW]
        window = " ".join(w[0] for w in [*before, *after])
        terms = {t.removeprefix("not:") for t in wording.terms(window) if " " not in t}
        around.setdefault(stated.figure.kind, set()).update(terms)
    return {kind: frozenset(terms) for kind, terms in around.items()}


def same_quantity(
    statements: Sequence[Statement], vocabulary: Vocabulary, wording: Wording
) -> list[tuple[int, int]]:
    """Pairs of statements from different articles that give one quantity different figures:
    figures of one kind among at least ``QUANTITY_SHARED`` of the same words, naming the same
    medicines and routes. Found through an index of (kind, word) with a fixed cap on postings,
    like the candidate search."""
    keys: list[set[tuple[str, str]]] = []
    for s in statements:
        found = quantity_words(s.text, wording)
        keys.append({(kind, term) for kind, terms in found.items() for term in terms})
    postings: dict[tuple[str, str], list[int]] = {}
    for i, held in enumerate(keys):
        for key in held:
            postings.setdefault(key, []).append(i)
    pairs = []
    for i, held in enumerate(keys):
        shared: dict[int, Counter[str]] = {}
        for key in held:
            ids = postings[key]
            if len(ids) > MAX_POSTINGS:
                continue
            for j in ids:
                if j > i:
                    shared.setdefault(j, Counter())[key[0]] += 1
        for j, kinds in sorted(shared.items()):
            if statements[i].article == statements[j].article:
                continue  # one article does not disagree with itself: two figures, two claims
            if max(kinds.values()) < QUANTITY_SHARED:
                continue
            a, b = statements[i].text, statements[j].text
            if _treatment(a, vocabulary) != _treatment(b, vocabulary):
                continue
            fa, fb = stated_figures(a), stated_figures(b)
            if any(
                n >= QUANTITY_SHARED
                and {f for f in fa if f.kind == kind} != {f for f in fb if f.kind == kind}
                for kind, n in kinds.items()
            ):
                pairs.append((i, j))
    return pairs


def _treatment(text: str, vocabulary: Vocabulary) -> frozenset[str]:
    """The medicines and routes a text names: ketamine's figures are not esketamine's."""
    return frozenset(
        e for e in vocabulary.entities(text) if e.startswith(("medicines:", "routes:"))
    )
