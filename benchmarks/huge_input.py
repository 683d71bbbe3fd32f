"""Huge input: what one very large article costs. Run by hand (not a timed test):

.venv/bin/python benchmarks/huge_input.py            # 5 MB refused; sizes up to the limit
.venv/bin/python benchmarks/huge_input.py 100000     # only these sizes, in bytes

Measured (this machine, 2026-11): 5 MB is refused before it is read, in 0.01 s (31 MB RSS;
0.2 s for the whole `mkdocs build`). With the limit raised, the engine takes 1.7 s for 50 kB,
20 s / 216 MB for 1 MB and 81 s / 713 MB for 5 MB (about 69,000 statements); a full
`mkdocs build` with a 990 kB article, just under the default 1 MB limit, takes 24-27 s / about 320 MB.
So the default limit of 1 MB per article bounds both time and memory.

Each run is a fresh process on a copy of the real project plus one generated article (plain
sentences with citations, numbers and headings, made up here). It prints the wall time, the
peak memory (max RSS) and the outcome: built, or the error a contributor would see.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "anchors.lock", "hooks", "overrides", "docs", "content", "bibliography")
TIMEOUT = 600
SUBJECTS = ("Ketamine", "The clinic", "A therapist", "The study", "Each session", "A patient")
VERBS = ("may ease", "was linked to", "can reduce", "did not change", "is watched for")
OBJECTS = ("low mood", "nausea", "blood pressure", "sleep", "anxiety", "pain", "dissociation")

CHILD = """
import json, resource, sys, time
from pathlib import Path
from kapsite.config import SiteConfig
from kapsite.errors import ContentError
from kapsite.pipeline import build
start = time.perf_counter()
try:
    result = build(SiteConfig(root=Path(sys.argv[1])))
    outcome = f"built: {len(result.statements)} statements, {len(result.clusters)} claims"
except ContentError as error:
    outcome = f"refused: {error}"
print(json.dumps({"seconds": time.perf_counter() - start, "outcome": outcome,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

# The same, as a full `mkdocs build` (not strict: the generated figures have no study).
MKDOCS_CHILD = """
import json, os, resource, sys, time
from pathlib import Path
from mkdocs.__main__ import cli
os.chdir(sys.argv[1])
start = time.perf_counter()
try:
    cli(["build", "--no-strict", "-q", "-d", "site"], standalone_mode=False)
    outcome = "mkdocs build: built"
except BaseException as error:
    outcome = f"mkdocs build: stopped ({type(error).__name__})"
print(json.dumps({"seconds": time.perf_counter() - start, "outcome": outcome,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def article(size: int, seed: int = 0) -> str:
    """About ``size`` bytes of Markdown, different words each line so few claims merge."""
    rng = random.Random(seed)
    out = ["---", "title: A very long generated article", "source:", "  publisher: Bench", "---"]
    total, number = 0, 0
    while total < size:
        number += 1
        if number % 40 == 1:
            line = f"\n## Part {number // 40 + 1}\n"
        else:
            line = (
                f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
                f"in group {number} of {rng.randint(10, 999)} people [@bench{number % 7}]."
            )
        out.append(line)
        total += len(line) + 1
    return "\n".join(out) + "\n"


def bibliography() -> str:
    return "".join(
        f"@misc{{bench{n},\n  author = {{Bench, A.}},\n  title = {{Bench {n}}},\n"
        f"  year = {{2020}},\n  verification = {{unverified}},\n}}\n"
        for n in range(7)
    )


def run(size: int, max_bytes: int | None, full_build: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
            elif source.is_file():
                shutil.copy(source, root / name)
        (root / "content/articles/huge.md").write_text(article(size), encoding="utf-8")
        (root / "bibliography/bench.bib").write_text(bibliography(), encoding="utf-8")
        code = MKDOCS_CHILD if full_build else CHILD
        if max_bytes is not None:  # what the build would do if the limit were raised
            code = code.replace(
                "SiteConfig(root=Path(sys.argv[1]))",
                f"SiteConfig(root=Path(sys.argv[1]), max_article_bytes={max_bytes})",
            )
        try:
            done = subprocess.run(
                [sys.executable, "-c", code, str(root)],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                env={**os.environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1"},
            )
        except subprocess.TimeoutExpired:
            return {"seconds": TIMEOUT, "outcome": f"gave up after {TIMEOUT} s", "max_rss_mb": 0}
        if done.returncode != 0:
            return {"seconds": 0, "outcome": f"crashed: {done.stderr[-500:]}", "max_rss_mb": 0}
        return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [50_000, 200_000, 1_000_000]
    print("size      limit     seconds  max RSS   outcome")
    cases = [(5_000_000, None, False), (5_000_000, None, True)]
    cases += [(size, 10_000_000, False) for size in sizes]
    cases.append((990_000, None, True))  # the largest article the default limit lets through
    for size, limit, full_build in cases:
        result = run(size, limit, full_build)
        shown = "default" if limit is None else f"{limit:,}"
        print(
            f"{size:>9,} {shown:>10} {result['seconds']:>7.2f} {result['max_rss_mb']:>6.0f} MB"
            f"  {result['outcome'][:140]}"
        )


if __name__ == "__main__":
    main()
