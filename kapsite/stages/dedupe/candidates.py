"""Candidate pairs: for each statement, its nearest neighbours by TF-IDF cosine similarity.

Similarity only proposes pairs; it never decides a merge (see ``dedupe``). Measured on our
labelled set (benchmarks/dedup.py), word TF-IDF with light stemming and word pairs finds true
matches among the top neighbours as well as anything heavier, and needs only the standard
library: no numpy, no model download.

Search is sub-quadratic: an inverted index maps each term to the statements holding it, and only
terms rarer than ``max_df`` are walked, so "ketamine" (in nearly every statement) never makes
every statement a neighbour of every other. Exact cosine is then computed for the survivors.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from kapsite.stages.segment import normalise

_STOPWORD_TEXT = """a about after again all also an and any are as at be because been before being both but by
    can could did do does doing during each few for from further had has have having how i if in
    into is it its itself just may might more most much must my no nor not of off on once only or
    other our out over own same should so some such than that the their them then there these they
    this those through to too under until up very was we were what when where which while who whom
    why will with would you your"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Terms walked in the index are those in at most this share of statements (and at least 64):
# rarer terms carry the evidence; common ones only add a little to every score.
MAX_DF_SHARE = 0.01
MIN_MAX_DF = 64


@dataclass(frozen=True)
class Candidate:
    first: int  # index into the statements given, first < second
    second: int
    score: float  # cosine similarity, 0..1


def stem(word: str) -> str:
    """A light suffix stripper: enough for 'receptors'/'receptor', 'blocking'/'blocks'."""
    for suffix in ("ations", "ation", "ingly", "ities", "ity", "ing", "ies", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix in ("ies", "ities") else "")
    return word


def terms(text: str) -> list[str]:
    words = [stem(w) for w in re.findall(r"[a-z0-9%]+", normalise(text)) if w not in STOPWORDS]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    """TF-IDF vectors (sublinear term frequency, smoothed IDF), each of unit length."""
    counts = [Counter(terms(t)) for t in texts]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(texts)
    idf = {t: math.log((n + 1) / (d + 1)) + 1.0 for t, d in df.items()}
    out = []
    for c in counts:
        v = {t: (1.0 + math.log(k)) * idf[t] for t, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out.append({t: x / norm for t, x in v.items()})
    return out


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def neighbours(texts: Sequence[str], k: int = 10) -> list[list[tuple[int, float]]]:
    """For each text, up to k others by falling similarity (ties by position): (index, score)."""
    vecs = vectors(texts)
    max_df = max(MIN_MAX_DF, int(len(texts) * MAX_DF_SHARE))
    index: dict[str, list[int]] = {}
    for i, v in enumerate(vecs):
        for t in v:
            index.setdefault(t, []).append(i)
    walked = {t: ids for t, ids in index.items() if len(ids) <= max_df}
    result = []
    for i, v in enumerate(vecs):
        partial: dict[int, float] = {}
        for t, x in v.items():
            for j in walked.get(t, ()):
                if j != i:
                    partial[j] = partial.get(j, 0.0) + x * vecs[j][t]
        # Rank on the rare terms, then score the best few exactly, common terms included.
        shortlist = heapq.nlargest(3 * k, partial.items(), key=lambda p: (p[1], -p[0]))
        scored = [(j, round(cosine(v, vecs[j]), 6)) for j, _ in shortlist]
        result.append(sorted(scored, key=lambda p: (-p[1], p[0]))[:k])
    return result


def candidate_pairs(texts: Sequence[str], k: int = 10, threshold: float = 0.0) -> list[Candidate]:
    """Each pair that is among either side's k nearest neighbours, once, best first."""
    best: dict[tuple[int, int], float] = {}
    for i, near in enumerate(neighbours(texts, k)):
        for j, score in near:
            if score >= threshold:
                best[(min(i, j), max(i, j))] = score
    pairs = [Candidate(a, b, s) for (a, b), s in best.items()]
    return sorted(pairs, key=lambda c: (-c.score, c.first, c.second))
