"""Candidate pairs: for each statement, its nearest neighbours by TF-IDF cosine similarity, and
the same for claims (groups of statements) compared as wholes.

Similarity only proposes pairs; it never decides a merge (see ``merge``). The terms compared are
stemmed words with spellings folded, synonyms grouped and negation marked (``terms``); measured
on both labelled sets (benchmarks/dedup.py), this finds true matches among the top neighbours
better than the old suffix stripper with word pairs, and needs no model download.

Search is sub-quadratic: an inverted index maps each term to the statements holding it, and only
terms held by at most ``MAX_POSTINGS`` statements (a fixed number, not a share of the corpus) are
walked, so "ketamine" (in nearly every statement) never makes every statement a neighbour of
every other. Exact cosine is then computed for the survivors.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import mul

from kapsite.memo import KeptResults
from kapsite.stages.dedupe.terms import STOPWORDS, Wording

__all__ = ["STOPWORDS", "ClaimCandidate", "claim_pairs", "neighbours"]
PLAIN = Wording()

# Terms walked in the index are those held by at most this many statements. The cap is fixed, not
# a share of the corpus, so each statement walks at most (its terms x MAX_POSTINGS) postings and
# the search grows linearly with the corpus: rarer terms carry the evidence, and common ones
# still count in the exact score of the shortlist.
MAX_POSTINGS = 100


@dataclass(frozen=True)
class ClaimCandidate:
    """Two claims (groups of statements) that may be one, with their closest pair of members."""

    first_group: int  # index into the groups given, first_group < second_group
    second_group: int
    first: int  # the member of each group closest to the other group
    second: int
    score: float  # the best of: closest members, and each member against the other whole claim


def terms(text: str, wording: Wording | None = None) -> tuple[str, ...]:
    return (wording or PLAIN).terms(text)


def vectors(texts: Sequence[str], wording: Wording | None = None) -> list[dict[str, float]]:
    """TF-IDF vectors (sublinear term frequency, smoothed IDF), each of unit length. Texts with
    the same terms share one vector: the copies of a sentence in a large corpus, hundreds of
    them, would otherwise each hold a dict of their own."""
    known = _term_counts(wording or PLAIN)
    counts = [known.get(t, lambda t=t: Counter(terms(t, wording))) for t in texts]
    # Copies of a text share one Counter: each distinct one is read once, times its copies.
    copies: Counter[int] = Counter(id(c) for c in counts)
    df: Counter[str] = Counter()
    for c in {id(c): c for c in counts}.values():
        for t in c:
            df[t] += copies[id(c)]
    n = len(texts)
    idf = {t: math.log((n + 1) / (d + 1)) + 1.0 for t, d in df.items()}
    out = []
    made: dict[tuple[tuple[str, int], ...], dict[str, float]] = {}
    of_counter: dict[int, dict[str, float]] = {}
    for c in counts:
        vector = of_counter.get(id(c))
        if vector is None:
            key = tuple(c.items())
            vector = made.get(key)
            if vector is None:
                v = {t: (1.0 + math.log(k)) * idf[t] for t, k in c.items()}
                norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
                vector = made[key] = {t: x / norm for t, x in v.items()}
            of_counter[id(c)] = vector
        out.append(vector)
    return out


@lru_cache(maxsize=4)
def _term_counts(wording: Wording) -> KeptResults[Counter[str]]:
    """Each text's terms, counted, for one synonyms file (equal files, equal Wordings): kept from
    build to build, so live preview works out only the terms of the sentences an edit added.
    The vectors themselves are made again each time: their IDF weights change with every
    statement added or removed anywhere."""
    return KeptResults()


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # Summed in the order of ``a``'s terms, as a generator over them would, but the loop runs
    # in C: the claim search scores some 300,000 pairs at 1,000 articles.
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(x * x for x in vector.values())) or 1.0
    return {t: x / norm for t, x in vector.items()}


class _Index:
    """Which vectors hold each term, for terms held by at most MAX_POSTINGS of them; of all
    ``vecs``, or only of those at the positions ``only`` names."""

    def __init__(self, vecs: Sequence[dict[str, float]], only: Sequence[int] | None = None) -> None:
        self.vecs = vecs
        postings: dict[str, list[tuple[int, float]]] = {}
        for i in range(len(vecs)) if only is None else only:
            for t, x in vecs[i].items():
                postings.setdefault(t, []).append((i, x))
        # Each posting with its weight, so walking it needs no look-up in the vector.
        self.walked = {t: ids for t, ids in postings.items() if len(ids) <= MAX_POSTINGS}

    def nearest(
        self, query: dict[str, float], k: int, exclude: set[int]
    ) -> list[tuple[int, float]]:
        """Up to k vectors by falling cosine with the query (ties by position)."""
        partial: dict[int, float] = {}
        for t, x in query.items():
            for j, y in self.walked.get(t, ()):
                if j not in exclude:
                    partial[j] = partial.get(j, 0.0) + x * y
        # Rank on the rare terms, then score the best few exactly, common terms included.
        # (score, -position) pairs are all distinct, so comparing them orders exactly as the
        # same key would, without calling a key function for each of thousands of candidates.
        shortlist = heapq.nlargest(3 * k, ((x, -j) for j, x in partial.items()))
        scored = [(-j, round(cosine(query, self.vecs[-j]), 6)) for _, j in shortlist]
        return sorted(scored, key=lambda p: (-p[1], p[0]))[:k]


def neighbours(
    texts: Sequence[str], k: int = 10, wording: Wording | None = None
) -> list[list[tuple[int, float]]]:
    """For each text, up to k others by falling similarity (ties by position): (index, score)."""
    vecs = vectors(texts, wording)
    index = _Index(vecs)
    return [index.nearest(v, k, {i}) for i, v in enumerate(vecs)]


def claim_pairs(
    texts: Sequence[str],
    groups: Sequence[Sequence[int]],
    k: int = 10,
    wording: Wording | None = None,
    claim_texts: Sequence[str] = (),
) -> list[ClaimCandidate]:
    """Pairs of claims that may be one, best first: each statement is matched against every
    other claim as a whole (the claim's own wording, if given in ``claim_texts``, and all its
    statements together), not only against single statements, so a new sentence that shares a
    little with each of a claim's five sources still finds the claim.

    ``groups`` partitions the positions of ``texts``; each group is one claim. Each group is
    paired with the k claims nearest to any of its members or to the group as a whole.
    """
    extra = [t for t in claim_texts if t]
    vecs = vectors([*texts, *extra], wording)
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    wording_of: dict[int, int] = {}
    position = len(texts)
    for g, text in enumerate(claim_texts):
        if text:
            wording_of[g] = position
            position += 1
    members = [list(m) + ([wording_of[g]] if g in wording_of else []) for g, m in enumerate(groups)]
    for g, m in enumerate(members):
        for i in m:
            group_of[i] = g
    whole: dict[int, dict[str, float]] = {}  # the unit sum of the members, for claims of 2+
    for g, m in enumerate(members):
        if len(m) > 1:
            summed: dict[str, float] = {}
            for i in m:
                for t, x in vecs[i].items():
                    summed[t] = summed.get(t, 0.0) + x
            whole[g] = _unit(summed)
    # One entry per distinct wording in each claim (its first member): the copies of a sentence
    # that dedupe merged into one claim are one entry, so a term's postings count wordings, not
    # copies, and the rare terms of a fact that hundreds of articles repeat are still walked
    # (with every copy indexed they passed MAX_POSTINGS, and such claims found no candidate at
    # all). A copy has the same vector, in the same order, as its entry: the same neighbours and
    # the same scores, and its entry wins ties by position, so leaving copies out of the search
    # and out of ``_closest`` changes no result, and a claim of hundreds of copies costs what
    # its few wordings cost.
    wording_of_vector = _equal_vectors(vecs)
    wordings = [
        sorted({wording_of_vector[id(vecs[i])]: i for i in sorted(m, reverse=True)}.values())
        for m in members
    ]
    entries = sorted(i for found in wordings for i in found)
    statement_wordings = [[i for i in found if i < len(texts)] for found in wordings]
    index = _Index(vecs, entries)
    best: dict[tuple[int, int], tuple[float, int, int]] = {}

    def offer(i: int, j: int, score: float) -> None:
        a, b = group_of[i], group_of[j]
        if a == b:
            return
        if a > b:
            a, b, i, j = b, a, j, i
        if i >= len(texts) or j >= len(texts):  # a claim's wording: show its closest member
            i = i if i < len(texts) else _closest(vecs, statement_wordings[a], vecs[j])
            j = j if j < len(texts) else _closest(vecs, statement_wordings[b], vecs[i])
        held = best.get((a, b))
        if held is None or (-score, i, j) < (-held[0], held[1], held[2]):
            best[(a, b)] = (score, i, j)

    for i in entries:
        own = set(members[group_of[i]])
        seen_groups: set[int] = set()
        for j, score in index.nearest(vecs[i], k + 5, own):
            if group_of[j] not in seen_groups and len(seen_groups) < k:
                seen_groups.add(group_of[j])
                offer(i, j, score)
    # Each statement against each nearby claim of 2+ as a whole, and each claim of 2+ against
    # the statements nearest to it as a whole.
    for g, centre in whole.items():
        own = set(members[g])
        for j, _ in index.nearest(centre, k, own):
            h = group_of[j]
            score = round(cosine(vecs[j], centre), 6)
            if h in whole:
                score = max(score, round(cosine(whole[h], centre), 6))
            offer(_closest(vecs, statement_wordings[g], vecs[j]), j, score)
    for (a, b), (score, i, j) in list(best.items()):
        for g, i_other in ((a, j), (b, i)):
            if g in whole:
                score = max(score, round(cosine(vecs[i_other], whole[g]), 6))
        best[(a, b)] = (score, i, j)
    pairs = [ClaimCandidate(a, b, i, j, s) for (a, b), (s, i, j) in best.items()]
    return sorted(pairs, key=lambda c: (-c.score, c.first, c.second))


def _equal_vectors(vecs: Sequence[dict[str, float]]) -> dict[int, int]:
    """One number per distinct vector (the same terms, in the same order, with the same
    weights), by the identity of each vector object: ``vectors`` gives texts with the same
    counted terms one object, so the items are compared once per object, not once per text."""
    number: dict[tuple[tuple[str, float], ...], int] = {}
    of_object: dict[int, int] = {}
    for vector in vecs:
        if id(vector) not in of_object:
            of_object[id(vector)] = number.setdefault(tuple(vector.items()), len(number))
    return of_object


def _closest(vecs: Sequence[dict[str, float]], members: Sequence[int], to: dict[str, float]) -> int:
    return min(members, key=lambda i: (-cosine(vecs[i], to), i))
