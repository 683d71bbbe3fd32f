"""How the build grows with the content: synthetic corpora of 10 to 1,000 articles. Run by hand:

    .venv/bin/python benchmarks/scale.py                 # 10, 30, 100, 300, 1,000 articles
    .venv/bin/python benchmarks/scale.py 10000           # only these sizes
    .venv/bin/python benchmarks/scale.py --mkdocs 100 1000   # also a full `mkdocs build`

Each corpus is the real project (its six articles, claims, bibliography and pages) plus reworded
copies of the real articles up to the size asked: each copy swaps common words for others of the
same sense, drops some sentences and keeps every heading, citation and figure, so copies repeat
the real articles' facts in slightly different words, as sources on one subject do. The words
are chosen by a seeded generator: the same size gives the same corpus on every run.

Each size is built in a fresh process (``pipeline.build`` with a ``StageTimes`` collector). The
table gives each stage's CPU seconds, the engine's CPU and wall totals, the peak memory (max RSS
of that process), and, with ``--mkdocs``, the full ``mkdocs build`` (not strict: the copies'
figures and pending claims are warnings) with its own peak memory. Last, each stage's exponent:
the slope of log CPU time against log statements, fitted over the sizes from 100 to 1,000
articles (time ~ n^k). Progress goes to stderr. CPU time is steadier than wall time on a shared
machine, but still noisy: compare runs taken together.

The table also gives the claims made and the facts (the real articles' own statements: the
claims there would be if every rewording were merged). The mkdocs build starts with no cache.

Measured 2026-12-01, third session of issue 17 (2 cores shared by 4 sessions, load 3-7: every
figure is high and rough; the lead re-measures). Engine CPU seconds and peak memory at 100 /
300 / 1,000 articles (7,442 / 22,431 / 74,819 statements). "Before" is main at c645f2f, whose
candidate search walked only terms held by at most ``MAX_POSTINGS`` statements: with about 166
copies of each real sentence at 1,000 articles almost no term was walked and the copies stayed
apart (74,338 claims), so its time at 1,000 was low because it found nothing. "After": every
near-identical pair is merged (grouping on content words and the veto key, exhaustive by
construction) and the claim search indexes each claim's distinct wordings, not its copies.

| | before | after |
|---|---|---|
| claims | 2,276 / 10,927 / 74,338 | 1,799 / 2,430 / 3,012 (facts: 470) |
| statements (segment, classify, mentions) | 3.42 / 8.97 / 33.94 | 2.58 / 8.37 / 28.67 |
| classify | 1.37 / 3.66 / 13.76 | 0.71 / 2.32 / 7.90 |
| dedupe | 7.74 / 15.60 / 17.47 | 2.59 / 5.69 / 9.00 |
| checks | 2.21 / 5.15 / 16.22 | 1.10 / 2.75 / 9.38 |
| render | 0.41 / 1.95 / 10.48 | 0.45 / 0.98 / 2.34 |
| engine total | 15.3 / 33.8 / 86.6 | 7.9 / 19.6 / 53.7 |
| engine peak memory (MB) | 104 / 242 / 925 | 101 / 177 / 420 |

Exponents after, 100 to 1,000 articles: engine n^0.83; statements n^1.04 (segment, classify and
mentions each n^1.03-1.04), dedupe n^0.54, cite n^0.20, compose n^0.84, checks n^0.93, render
n^0.72. Two small checks fit above n^1.2 on this noisy machine: pending-review n^1.45 (0.08 /
0.43 / 2.27 s: one warning per pending statement, all 74,819 of them; the same build alone gave
0.79 s, and 0.36 s with the garbage collector off) and raw-html n^1.18. Statements are now most
of a cold build (57 % at 1,000: markdown-it parsing, citations, figures, the cache write), all
per article and linear. A rerun after the last commits gave engine 49.4 CPU s at 1,000.

The full `mkdocs build --mkdocs 1000`, cold, after the last commits: 77.8 CPU s (93.7 s wall),
660 MB peak; the engine alone in that run 44.5 CPU s, 394 MB. Before (c645f2f, same command,
74,338 claims on the pages): 579 CPU s (855 s wall), 2,218 MB. The 30 s target is missed (the
engine's statements stage is 25 s of it; the hook's and MkDocs' page work the rest), the 1 GB
one is met.

10,000 articles (748,181 statements, by hand, engine only, same day and load): 417 CPU s (895 s
wall), 3,122 MB peak; 3,588 claims. Statements 271 s (segment 148, classify 76, mentions 10),
checks 48 (safe messaging 33), dedupe 40 (merge 9, queue 16), render 25, load 29. Both the
5-minute and 2 GB targets are missed; the stage that limits the next order of magnitude is
statements, the per-article parsing (markdown-it, citations, figures) and routing, which is
linear and cached per article, so only a first build pays it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import synthetic_corpus

SIZES = (10, 30, 100, 300, 1000)
FIT_FROM, FIT_TO = 100, 1000  # articles: the range the exponents are fitted over
CHILD = """
import json, os, resource, sys, time
from pathlib import Path
from kapsite.config import WORKERS_VARIABLE, SiteConfig, workers
from kapsite.pipeline import build
from kapsite.timing import StageTimes, cpu_seconds
profile = StageTimes()
start = time.perf_counter()
config = SiteConfig(root=Path(sys.argv[1]), workers=workers(os.environ.get(WORKERS_VARIABLE, "")))
result = build(config, profile=profile)
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "stages": profile.seconds,
    "cpu_stages": profile.cpu_seconds,
    "cpu_seconds": cpu_seconds(),  # the workers' that read articles too
    "articles": len(result.articles),
    "statements": len(result.statements),
    "claims": len(result.clusters),
    # Each copy's statements reword the real articles' own: these are the facts, the claims
    # there would be if every rewording were merged (by review; automatic merges take only
    # near-identical wordings).
    "facts": sum("-copy-" not in s.article for s in result.statements),
    "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""

MKDOCS_CHILD = """
import json, os, resource, sys, time
from mkdocs.__main__ import cli
os.chdir(sys.argv[1])
start = time.perf_counter()
cli(["build", "--no-strict", "-q", "-d", "site"], standalone_mode=False)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": time.perf_counter() - start,
                  "cpu_seconds": time.process_time() + children.ru_utime + children.ru_stime,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_rss_mb": children.ru_maxrss / 1024}))
"""


def run_child(code: str, root: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code, str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1"},
    )
    if done.returncode != 0:
        raise SystemExit(f"build failed at {root}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def exponent(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log y against log x."""
    points = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, help="article counts (default: 10 to 1,000)")
    parser.add_argument("--mkdocs", action="store_true", help="also time a full mkdocs build")
    args = parser.parse_args()
    with_mkdocs = args.mkdocs
    sizes = args.sizes or list(SIZES)
    results = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as temp:
            root = Path(temp)
            print(f"{size} articles: writing the corpus", file=sys.stderr, flush=True)
            synthetic_corpus(root, size)
            started = time.perf_counter()
            print(f"{size} articles: engine build", file=sys.stderr, flush=True)
            result = run_child(CHILD, root)
            if with_mkdocs:
                shutil.rmtree(root / ".cache", ignore_errors=True)  # a cold build, like the first
                print(f"{size} articles: mkdocs build", file=sys.stderr, flush=True)
                result["mkdocs"] = run_child(MKDOCS_CHILD, root)
            print(
                f"{size} articles: done in {time.perf_counter() - started:.1f} s "
                f"(engine {result['cpu_seconds']:.1f} CPU s, {result['max_rss_mb']:.0f} MB)",
                file=sys.stderr,
                flush=True,
            )
            results.append(result)
    stages = list(dict.fromkeys(name for r in results for name in r["stages"]))
    print(f"{'stage':20}" + "".join(f"{r['articles']:>10,}" for r in results) + "  exponents")
    fitted = [r for r in results if FIT_FROM <= r["articles"] <= FIT_TO]

    def row(name: str, values: list[float], fit: list[tuple[float, float]], unit: str) -> None:
        k = exponent(fit)
        # The same times against the number of claims: stages after dedupe work per claim,
        # and how many statements merge into one claim changes with the corpus.
        per_claim = [(r["claims"], y) for r, (_, y) in zip(fitted, fit, strict=True)] if fit else []
        k_claims = exponent(per_claim)
        shown = f"  n^{k:.2f} c^{k_claims:.2f}" if k is not None and k_claims is not None else ""
        print(f"{name:20}" + "".join(f"{v:>10.2f}" for v in values) + f"{shown}  ({unit})")

    print(f"{'statements':20}" + "".join(f"{r['statements']:>10,}" for r in results))
    print(f"{'claims':20}" + "".join(f"{r['claims']:>10,}" for r in results))
    print(f"{'facts':20}" + "".join(f"{r.get('facts', 0):>10,}" for r in results))
    # CPU seconds of the build's process: on a shared machine the wall time also counts the
    # time other processes held the cores, so the exponents are fitted on CPU time.
    for name in stages:
        values = [r["cpu_stages"].get(name, 0.0) for r in results]
        fit = [(r["statements"], r["cpu_stages"].get(name, 0.0)) for r in fitted]
        row(name, values, fit, "CPU s")
    row(
        "engine CPU total",
        [r["cpu_seconds"] for r in results],
        [(r["statements"], r["cpu_seconds"]) for r in fitted],
        "CPU s",
    )
    row(
        "engine wall total",
        [r["seconds"] for r in results],
        [(r["statements"], r["seconds"]) for r in fitted],
        "s",
    )
    row("engine peak memory", [r["max_rss_mb"] for r in results], [], "MB")
    # The largest worker process (none below statements.PARALLEL_FROM articles, or with
    # KAPSITE_WORKERS=1); it runs beside the build's process, so the two add up.
    row("engine worker memory", [r.get("worker_rss_mb", 0.0) for r in results], [], "MB")
    if with_mkdocs:
        row(
            "mkdocs build CPU",
            [r["mkdocs"]["cpu_seconds"] for r in results],
            [(r["statements"], r["mkdocs"]["cpu_seconds"]) for r in fitted],
            "CPU s",
        )
        row("mkdocs build wall", [r["mkdocs"]["seconds"] for r in results], [], "s")
        row("mkdocs peak memory", [r["mkdocs"]["max_rss_mb"] for r in results], [], "MB")
        row("mkdocs worker memory", [r["mkdocs"]["worker_rss_mb"] for r in results], [], "MB")
    print(
        f"exponents: slope of log CPU time on log statements (n) and on log claims (c), "
        f"{FIT_FROM} to {FIT_TO} articles"
    )


if __name__ == "__main__":
    main()
