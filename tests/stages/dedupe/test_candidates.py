"""Candidate pairs: what the reviewer is asked about, best first."""

from __future__ import annotations

from kapsite.stages.dedupe.candidates import candidate_pairs, neighbours

TEXTS = [
    "Ketamine blocks NMDA receptors in the brain.",
    "Bladder problems can follow heavy long-term use.",
    "In the brain, ketamine blocks the NMDA receptor.",
    "Sessions usually last about an hour.",
]


def test_a_paraphrase_is_the_nearest_neighbour() -> None:
    near = neighbours(TEXTS, k=2)
    assert near[0][0][0] == 2 and near[2][0][0] == 0


def test_pairs_are_listed_once_best_first_and_unrelated_texts_are_not_paired() -> None:
    pairs = candidate_pairs(TEXTS, k=2, threshold=0.1)
    assert (pairs[0].first, pairs[0].second) == (0, 2)
    assert len({(p.first, p.second) for p in pairs}) == len(pairs)
    assert all(p.score >= 0.1 for p in pairs) and [p.score for p in pairs] == sorted(
        (p.score for p in pairs), reverse=True
    )
    assert (1, 3) not in {(p.first, p.second) for p in pairs}
