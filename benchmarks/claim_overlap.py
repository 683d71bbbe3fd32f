"""Each fact once? Run by hand: `.venv/bin/python benchmarks/claim_overlap.py [N]`.

Prints the N most similar pairs of claims on the real site (TF-IDF cosine over the build's
folded words: spelling, synonyms, negation), for an editor to judge: a pair that states one fact
should be one claim; related but different facts stay apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kapsite.config import SiteConfig  # noqa: E402
from kapsite.pipeline import build  # noqa: E402
from kapsite.stages.dedupe.candidates import vectors  # noqa: E402
from kapsite.stages.dedupe.terms import wording_for  # noqa: E402


def main(shown: int) -> None:
    result = build(SiteConfig(root=ROOT))
    claims = list(result.clusters)
    vecs = vectors([c.text for c in claims], wording_for(result.inputs.vocabulary.synonyms))
    pairs = sorted(
        (
            (sum(w * vecs[j].get(t, 0.0) for t, w in vecs[i].items()), i, j)
            for i in range(len(claims))
            for j in range(i + 1, len(claims))
        ),
        reverse=True,
    )
    print(f"{len(claims)} claims; the {shown} closest pairs:")
    for score, i, j in pairs[:shown]:
        a, b = claims[i], claims[j]
        print(
            f"{score:.2f}  {a.page}/#{a.id}\n      {a.text}\n      {b.page}/#{b.id}\n      {b.text}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
