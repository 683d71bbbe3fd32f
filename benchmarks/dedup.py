"""Deduplication benchmark: run by hand, `.venv/bin/python benchmarks/dedup.py`.

On the labelled set in tests/data/dedup/ (statements of our five articles; clusters of true
duplicates and hard negatives, labelled by an editor), prints for the automatic clusters:
pairwise precision, recall and F1; hard negatives merged; candidate recall at k (the share of
true pairs found among a statement's k nearest neighbours); and the time to cluster 10,000
statements. Pairs not labelled as duplicates count as wrong merges, so precision is a floor.
"""

from __future__ import annotations

import itertools
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kapsite.commands.review import automatic_clusters, statements_from_jsonl  # noqa: E402
from kapsite.inputs.vocabulary import load_vocabulary  # noqa: E402
from kapsite.stages.dedupe.candidates import neighbours  # noqa: E402

DATA = ROOT / "tests" / "data" / "dedup"


def pairs_of(clusters: list[list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for c in clusters for p in itertools.combinations(c, 2)}


def main() -> None:
    path = DATA / "statements.jsonl"
    statements = statements_from_jsonl(path.read_text(encoding="utf-8").splitlines(), path)
    labels = json.loads((DATA / "labels.json").read_text(encoding="utf-8"))
    vocabulary = load_vocabulary(ROOT / "content" / "vocabulary.yml")
    gold = pairs_of(labels["clusters"])
    hard = {tuple(sorted(p)) for p in labels["hard_negatives"]}

    predicted = pairs_of(automatic_clusters(statements, vocabulary))
    right = len(predicted & gold)
    precision = right / len(predicted) if predicted else 1.0
    recall = right / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"statements {len(statements)}, true pairs {len(gold)}, hard negatives {len(hard)}")
    print(f"automatic merges: {len(predicted)} pairs, {right} right")
    print(f"pairwise precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    print(f"hard negatives merged: {len(predicted & hard)}")

    ids = [s.id for s in statements]
    near = neighbours([s.text for s in statements], 20)
    for k in (5, 10, 20):
        found = {tuple(sorted((ids[i], ids[j]))) for i, row in enumerate(near) for j, _ in row[:k]}
        print(f"candidate recall at {k}: {len(found & gold) / len(gold):.3f}")

    # 10,000 statements: the labelled ones, each reworded by deterministic word drops and swaps.
    rng = random.Random(9)
    texts = [s.text for s in statements]
    rows = []
    for n in range(10_000):
        words = texts[n % len(texts)].split()
        if n >= len(texts):
            for _ in range(2):
                i = rng.randrange(len(words))
                words[i] = rng.choice(texts[rng.randrange(len(texts))].split())
        rows.append(json.dumps({"id": f"s{n}", "article": f"a{n % 50}", "text": " ".join(words)}))
    big = statements_from_jsonl(rows, Path("synthetic.jsonl"))
    start = time.perf_counter()
    clusters = automatic_clusters(big, vocabulary)
    seconds = time.perf_counter() - start
    print(f"clustering 10,000 statements: {seconds:.1f} s ({len(clusters)} clusters)")


if __name__ == "__main__":
    main()
