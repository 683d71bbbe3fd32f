"""Does a model of meaning pay for dedupe? Run by hand, after `.venv/bin/pip install wordllama`:
`.venv/bin/python benchmarks/dedup_meaning.py [--quick]`.

WordLlama (MIT; its 19 MB wheel ships the l2_supercat_256 token embeddings and their tokenizer)
gives each statement one vector: the mean of its tokens' embeddings, unit length. This script
measures, on both labelled sets of benchmarks/dedup.py (team; independent whole, half A, half B):

1. that it loads with no network (an audit hook refuses every socket, HOME is an empty folder),
   how long import and load take in a fresh process, and what it adds to the environment (the
   size on disk of each package it pulls in that kapsite does not already need);
2. the review queue with each claim pair's TF-IDF score fused with the closest members' embedding
   cosine: ``(1 - w) * tfidf + w * max(0, (cosine - base) / (1 - base))``, optionally with each
   statement's ``extra`` nearest neighbours by embedding added as candidates; the simulated review
   of benchmarks/dedup.py (<= 3 questions per statement), for a grid of (w, base, extra), then the
   setting chosen on half A scored on half B, and the other way round;
3. conflicts judged by the meaning of the words around the figure: two figures of one kind, from
   different articles, naming the same medicines, neither value one the other text gives, whose
   windows (the figure and up to 4 content words either side) have an embedding cosine of at
   least t; labelled conflicts found and other pairs flagged, for several t.

The engine is not changed: the fused score is put in place of ``queue.claim_pairs`` for the
length of one run (the only way in without adding to the engine a parameter nothing ships with).

Measured 2026-12-01 (issue 16, meaning helper; the figures are counts, not timings, except 1):
see the "Third pass" table in benchmarks/dedup.py.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import dedup  # noqa: E402
import numpy as np  # noqa: E402  (a WordLlama dependency; this script needs it installed)

from kapsite.inputs.vocabulary import Vocabulary, load_vocabulary  # noqa: E402
from kapsite.stages.dedupe import candidates, queue  # noqa: E402
from kapsite.stages.dedupe.merge import automatic_claims  # noqa: E402
from kapsite.stages.dedupe.terms import STOPWORDS  # noqa: E402
from kapsite.stages.dedupe.vetoes import DOSE_UNIT, figures_at  # noqa: E402

# WordLlama.load() looks for its tokenizer in "tokenizer/" but the wheel ships it in
# "tokenizers/", so by default it goes to Hugging Face for a file it has. Naming the package's
# own folder as the cache finds both files there; disable_download makes a miss an error.
LOAD = (
    "import pathlib, wordllama; from wordllama import WordLlama; "
    "model = WordLlama.load(cache_dir=pathlib.Path(wordllama.__file__).parent, "
    "disable_download=True)"
)
NO_NETWORK = (
    "import sys\n"
    "def refuse(event, args):\n"
    "    if event.startswith('socket.') and event != 'socket.gethostname':\n"
    "        raise RuntimeError('network refused: ' + event)\n"
    "sys.addaudithook(refuse)\n"
)


def offline_load() -> None:
    script = (
        NO_NETWORK + "import time; t0 = time.perf_counter()\n"
        "import wordllama; t1 = time.perf_counter()\n" + LOAD + "\n"
        "t2 = time.perf_counter()\n"
        "v = model.embed(['Ketamine is not a cure.'], norm=True)\n"
        "print(f'{t1 - t0:.2f} {t2 - t1:.2f} {v.shape[1]}')\n"
    )
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home, "HF_HUB_OFFLINE": "1"}
        runs = []
        for _ in range(3):
            done = subprocess.run(
                [sys.executable, "-c", script], env=env, capture_output=True, text=True
            )
            if done.returncode:
                print("WordLlama does not load offline:\n" + done.stderr[-2000:])
                return
            runs.append(done.stdout.split())
    imports = sorted(float(r[0]) for r in runs)
    loads = sorted(float(r[1]) for r in runs)
    print(
        f"loads offline (sockets refused, empty HOME): {runs[0][2]} dimensions; import "
        f"{imports[1]:.2f} s, load {loads[1]:.2f} s (median of 3 fresh processes)"
    )


def _closure(name: str, seen: set[str]) -> set[str]:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    key = canonicalize_name(name)
    if key in seen:
        return seen
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return seen
    seen.add(key)
    for line in dist.requires or ():
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            _closure(requirement.name, seen)
    return seen


def install_size() -> None:
    from packaging.requirements import Requirement

    ours: set[str] = set()
    _closure("kapsite", ours)
    for line in metadata.distribution("kapsite").requires or ():
        _closure(Requirement(line).name, ours)  # the test and bench extras too
    added = sorted(_closure("wordllama", set()) - ours)
    sizes = []
    for name in added:
        files = metadata.distribution(name).files or ()
        total = sum(Path(f.locate()).stat().st_size for f in files if Path(f.locate()).is_file())
        sizes.append((total, name))
    sizes.sort(reverse=True)
    listed = ", ".join(f"{name} {total / 1e6:.1f}" for total, name in sizes)
    print(f"adds {len(sizes)} packages, {sum(t for t, _ in sizes) / 1e6:.0f} MB on disk: {listed}")


class Meaning:
    """Unit vectors of texts, each computed once."""

    def __init__(self) -> None:
        import wordllama
        from wordllama import WordLlama

        model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
        self.tokenizer = model.tokenizer
        self.table = model.embedding.astype(np.float64)
        self.known: dict[str, np.ndarray] = {}

    def vector(self, text: str) -> np.ndarray:
        found = self.known.get(text)
        if found is None:
            ids = self.tokenizer.encode(text, add_special_tokens=False).ids
            found = self.table[ids].mean(axis=0) if ids else np.zeros(self.table.shape[1])
            found /= np.linalg.norm(found) or 1.0
            self.known[text] = found
        return found


def fused_claim_pairs(meaning: Meaning, w: float, base: float, extra: int) -> Callable:
    plain = candidates.claim_pairs

    def claim_pairs(texts, groups, k=10, wording=None, claim_texts=()):
        pairs = plain(texts, groups, k, wording, claim_texts)
        vectors = np.array([meaning.vector(t) for t in texts])

        def fused(tfidf: float, cosine: float) -> float:
            return round((1 - w) * tfidf + w * max(0.0, (cosine - base) / (1 - base)), 6)

        def closest(a: int, b: int) -> float:
            return max(float(vectors[i] @ vectors[j]) for i in groups[a] for j in groups[b])

        out = {
            (p.first_group, p.second_group): candidates.ClaimCandidate(
                p.first_group,
                p.second_group,
                p.first,
                p.second,
                fused(p.score, closest(p.first_group, p.second_group)),
            )
            for p in pairs
        }
        if extra:
            tfidf = candidates.vectors(texts, wording)
            group_of = {i: g for g, members in enumerate(groups) for i in members}
            similar = vectors @ vectors.T  # small labelled sets only: this is quadratic
            np.fill_diagonal(similar, -2.0)
            for i in range(len(texts)):
                for j in np.argsort(-similar[i], kind="stable")[:extra]:
                    a, b, x, y = group_of[i], group_of[int(j)], i, int(j)
                    if a == b:
                        continue
                    if a > b:
                        a, b, x, y = b, a, y, x
                    if (a, b) not in out:
                        score = fused(candidates.cosine(tfidf[x], tfidf[y]), float(similar[i, j]))
                        out[(a, b)] = candidates.ClaimCandidate(a, b, x, y, score)
        return sorted(out.values(), key=lambda c: (-c.score, c.first, c.second))

    return claim_pairs


def recovered(labelled: dedup.LabelledSet, vocabulary: Vocabulary) -> float:
    result = automatic_claims(labelled.statements, vocabulary)
    automatic = sorted(sorted(m.id for m in c.members) for c in result.clusters)
    asked = [(p.first.id, p.second.id, p.score) for p in result.pending]
    return dedup.simulate_review(asked, automatic, labelled)[0]


def fusion(sets: Sequence[dedup.LabelledSet], vocabulary: Vocabulary, quick: bool) -> None:
    meaning = Meaning()
    plain = queue.claim_pairs
    weights = (0.2,) if quick else (0.1, 0.2, 0.3, 0.4, 0.5)
    bases = (0.2,) if quick else (0.0, 0.2, 0.4, 0.6)
    grid = [(0.0, 0.0, 0), *itertools.product(weights, bases, (0, 10))]
    rows = {}
    try:
        for setting in grid:
            queue.claim_pairs = fused_claim_pairs(meaning, *setting) if setting[0] else plain
            rows[setting] = [recovered(s, vocabulary) for s in sets]
            print(
                "w {:.1f} base {:.1f} extra {:2d}: ".format(*setting)
                + ", ".join(f"{s.name} {r:.3f}" for s, r in zip(sets, rows[setting], strict=True))
            )
    finally:
        queue.claim_pairs = plain
    names = [s.name for s in sets]
    a, b = names.index("independent half A"), names.index("independent half B")
    for tuned in (a, b):
        # The best setting on one half (ties: the smaller weight, then the rest of the tuple).
        best = max(rows, key=lambda s: (rows[s][tuned], -s[0], -s[1], -s[2]))
        print(
            f"chosen on {names[tuned]}: w {best[0]} base {best[1]} extra {best[2]}; "
            + ", ".join(f"{n} {rows[best][i]:.3f}" for i, n in enumerate(names))
        )


def _windows(text: str, meaning: Meaning) -> list[tuple]:
    words = [
        w
        for w in re.finditer(r"[A-Za-z][A-Za-z'’-]*", text)
        if w[0].lower() not in STOPWORDS and not DOSE_UNIT.fullmatch(w[0])
    ]
    found = []
    for stated in figures_at(text):
        before = [w[0] for w in words if w.end() <= stated.start][-queue.QUANTITY_WINDOW :]
        after = [w[0] for w in words if w.start() >= stated.end][: queue.QUANTITY_WINDOW]
        window = " ".join([*before, text[stated.start : stated.end], *after])
        price = bool(queue.CURRENCY.search(text, max(0, stated.start - 1), stated.start + 1))
        found.append((stated.figure, price, meaning.vector(window)))
    return found


def conflicts_by_meaning(sets: Sequence[dedup.LabelledSet], vocabulary: Vocabulary) -> None:
    meaning = Meaning()
    for labelled in sets:
        if labelled.conflicts is None:
            continue
        statements = labelled.statements
        windows = [_windows(s.text, meaning) for s in statements]
        closest: dict[tuple[str, str], float] = {}
        for i, j in itertools.combinations(range(len(statements)), 2):
            if statements[i].article == statements[j].article:
                continue
            values_i = {f for f, _, _ in windows[i]}
            values_j = {f for f, _, _ in windows[j]}
            cosines = [
                float(va @ vb)
                for a, price_a, va in windows[i]
                for b, price_b, vb in windows[j]
                if a.kind == b.kind
                and price_a == price_b
                and a not in values_j
                and b not in values_i
            ]
            if cosines and queue._one_treatment(statements[i].text, statements[j].text, vocabulary):
                closest[tuple(sorted((statements[i].id, statements[j].id)))] = max(cosines)
        found = []
        for t in (0.6, 0.7, 0.8, 0.9):
            flagged = {p for p, c in closest.items() if c >= t}
            found.append(
                f"t {t}: {len(flagged & labelled.conflicts)} of {len(labelled.conflicts)} "
                f"(+{len(flagged - labelled.conflicts)})"
            )
        print(f"{labelled.name}: conflicts by window meaning: " + "; ".join(found))


def cost_at_scale(statements: Sequence[str]) -> None:
    meaning = Meaning()
    texts = [f"{statements[n % len(statements)]} ({n})" for n in range(10_000)]
    start = time.process_time()
    for text in texts:
        meaning.vector(text)
    print(f"10,000 statements embedded (one vector each): {time.process_time() - start:.2f} s CPU")


def main(argv: Sequence[str]) -> None:
    vocabulary = load_vocabulary(ROOT / "content" / "vocabulary.yml")
    team = dedup.load_set(dedup.DATA / "dedup")
    independent = dedup.load_set(dedup.DATA / "independent")
    sets = [team, independent, *dedup.halves(independent)]
    offline_load()
    install_size()
    cost_at_scale([s.text for s in independent.statements])
    fusion(sets, vocabulary, "--quick" in argv)
    conflicts_by_meaning(sets[1:], vocabulary)


if __name__ == "__main__":
    main(sys.argv[1:])
