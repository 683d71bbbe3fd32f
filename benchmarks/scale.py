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

Measured 2026-12-01 (issue 17; 2 cores shared by 7 sessions, load 6-15, so every figure is
high and rough; "before" is the engine before the classify, reading-grade and dedupe changes),
engine CPU seconds at 100 / 300 / 1,000 articles (7,442 / 22,431 / 74,819 statements):

| stage | before | after |
|---|---|---|
| classify | 5.69 / 16.91 / 56.07 | 0.99 / 3.95 / 12.62 |
| checks | 2.47 / 6.13 / 15.29 | 1.97 / 4.82 / 14.74 |
| dedupe | 7.06 / 16.02 / 13.42 | 7.22 / 15.34 / 15.10 |
| render | 0.42 / 1.77 / 9.39 | 0.35 / 1.23 / 8.32 |
| engine total | 17.9 / 46.9 / 113.8 | 12.8 / 31.5 / 72.4 |
| peak memory (MB) | 152 / 277 / 930 | 104 / 241 / 944 |

At 1,000 articles dedupe is cheap because it finds almost nothing: each real sentence has
about 166 copies, so nearly every term is held by more than ``MAX_POSTINGS`` statements, is not
walked, and 74,338 claims stay of 74,819 statements (10,927 of 22,431 at 300). Render and
compose grow as n^1.3-1.4 in statements but about linearly in claims (render: 153, 113, 112 µs
per claim).
"""

from __future__ import annotations

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
import json, resource, sys, time
from pathlib import Path
from kapsite.config import SiteConfig
from kapsite.pipeline import build
from kapsite.timing import StageTimes
profile = StageTimes()
start = time.perf_counter()
result = build(SiteConfig(root=Path(sys.argv[1])), profile=profile)
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "stages": profile.seconds,
    "cpu_stages": profile.cpu_seconds,
    "cpu_seconds": time.process_time(),
    "articles": len(result.articles),
    "statements": len(result.statements),
    "claims": len(result.clusters),
    # Each copy's statements reword the real articles' own: these are the facts, the claims
    # there would be if every rewording were merged (by review; automatic merges take only
    # near-identical wordings).
    "facts": sum("-copy-" not in s.article for s in result.statements),
    "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""

MKDOCS_CHILD = """
import json, os, resource, sys, time
from mkdocs.__main__ import cli
os.chdir(sys.argv[1])
start = time.perf_counter()
cli(["build", "--no-strict", "-q", "-d", "site"], standalone_mode=False)
print(json.dumps({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time(),
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
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
    args = sys.argv[1:]
    with_mkdocs = "--mkdocs" in args
    sizes = [int(a) for a in args if a != "--mkdocs"] or list(SIZES)
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
    if with_mkdocs:
        row(
            "mkdocs build CPU",
            [r["mkdocs"]["cpu_seconds"] for r in results],
            [(r["statements"], r["mkdocs"]["cpu_seconds"]) for r in fitted],
            "CPU s",
        )
        row("mkdocs build wall", [r["mkdocs"]["seconds"] for r in results], [], "s")
        row("mkdocs peak memory", [r["mkdocs"]["max_rss_mb"] for r in results], [], "MB")
    print(
        f"exponents: slope of log CPU time on log statements (n) and on log claims (c), "
        f"{FIT_FROM} to {FIT_TO} articles"
    )


if __name__ == "__main__":
    main()
