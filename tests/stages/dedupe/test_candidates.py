"""Nearest neighbours: what the reviewer is asked about, best first."""

from __future__ import annotations

from kapsite.stages.dedupe.candidates import neighbours

TEXTS = [
    "Ketamine blocks NMDA receptors in the brain.",
    "Bladder problems can follow heavy long-term use.",
    "In the brain, ketamine blocks the NMDA receptor.",
    "Sessions usually last about an hour.",
]


def test_a_paraphrase_is_the_nearest_neighbour() -> None:
    near = neighbours(TEXTS, k=2)
    assert near[0][0][0] == 2 and near[2][0][0] == 0
