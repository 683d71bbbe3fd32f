"""Edit-to-page latency under `mkdocs serve`: start live preview on a copy of the project, add a
sentence to an article, and poll the page until the sentence shows. Run by hand:

.venv/bin/python benchmarks/serve.py [--edits 5] [--articles N]

--articles N serves a synthetic corpus of N articles (benchmarks/corpus.py). Prints, for each
edit, the seconds from the file write to the page showing it, and the engine's own time for
that rebuild as the hook logs it ("kapsite: engine ... s"); then the medians. The first edit
also finds the page the sentence is routed to (every topic page is polled), so it is shown but
left out of the medians.

--engine measures the engine alone: one process builds with the cache (cold), then adds a
sentence to one article and rebuilds, ``--edits`` times, and prints the last rebuild's
per-stage table (wall and CPU ms). That is what live preview's engine pays, without the server.
--cprofile N (with --engine) also prints the N costliest functions of the last rebuild, by
cumulative time, from cProfile (which about doubles the times it shows).

Measured 2026-12-01 with --engine --edits 3 (2 cores shared by 4 sessions, load 4-6, so wall
times are up to twice the CPU times and CPU times vary by 20 % from run to run; the lead
re-measures). CPU seconds of the last rebuild:

| articles | rebuild | dedupe (merge, queue) | checks (safe messaging) | render | load + statements |
|---|---|---|---|---|---|
| 6 (real site), before | 0.13 | 0.01 | 0.03 (0.02) | 0.03 | 0.04 |
| 6 (real site), now | 0.11 | 0.02 | 0.01 (0.00) | 0.02 | 0.06 |
| 1,000, before | 12.7 | 5.0 (0.41, 3.7) | 4.7 (3.3) | 2.3 | 0.25 |
| 1,000, now | 6.6 | 4.7 (0.36, 3.7) | 0.30 (0.07) | 1.0 | 0.28 |
| 1,000, seventh session | 0.76 | 0.30 (0.08, 0.13) | 0.12 (0.04) | 0.19 | 0.09 |

"Before" is d2c1b20, "now" the results kept between builds (``kapsite.memo``): each article's
safe-messaging hits and raw-HTML warnings, each pending statement's warning (since the seventh
session, each pending claim's), each claim's record in claims.json, each text's terms,
entities, merge key and quoted words. A memo is keyed
by the work's whole input, by value, and holds the last build's results only; a fresh process
gives the same bytes (tests/test_memo.py).

The review queue's claim search (``candidates.claim_pairs``, about 3 s of the 6.6 above) is no
longer in a live-preview rebuild (sixth session): its TF-IDF weights depend on every statement,
so no score of the last build could be reused, and the queue reaches only the terminal ("N
candidate pairs ... pending review"); the pages are the same without it. The conflicts readers
see are found apart from it, by what two claims state (``queue.same_quantity``), each text's
figure windows kept from build to build. A preview rebuild's terminal says where the pairs are
listed (``make build``). The ``--engine`` child builds as live preview rebuilds
(``review_queue=False``).

Measured 2026-12-01 (sixth session), --engine --edits 3 --articles 1000, quiet machine (load
under 1), one process, CPU ms of the last rebuild: total 2,241 (edits 2.33, 2.31, 2.24 s):
render 761, dedupe 646 (merge 203, conflicts 142, the rest building the claims 300), checks 317,
compose 175, statements 137, load 112, cite 94. Under 1 s needs render and the claims' own
assembly kept per part or per claim between builds.

Seventh session: the claims' assembly and the parts are kept between builds. A statement and a
claim hash by their id, an article by its path (``model``): the dataclass hash walked every
field of every memo key on every look-up. A memo is one dict, so a look-up hashes its key once.
Each group's claim is kept by its statements, then with its conflicts, as pending under its
anchor and labelled, each by its inputs: a claim no edit touched is the last build's object, so
its articles, citations and figures are not computed again, and the memos keyed by claims
(claims.json's records, pending warnings, weights, places) find it by identity. Each part of a
split page is written from what it shows (``topic_page._part_inputs``) and kept by that. Merge
keys are looked up per distinct text (75,000 statements, 3,500 texts), difflib's comparisons
and the conflicts' verdicts by their two texts, each article's digest by the article.
Measured 2026-12-01, --engine --edits 3 --articles 1000, 2 cores shared with two other sessions
(load average 2.4 to 3.1; wall times up to 1.5 times the CPU times), CPU ms of the last
rebuild: total 764 (edits 1.11, 0.91, 0.79 s wall): dedupe 300 (merge 79, conflicts 125, the
rest building the claims 96), render 194, checks 124 (dangling-reference 49, safe-messaging 37,
accept-uncited 14), load 73, cite 30, compose 25, statements 17. What is left runs over every
statement or every part on each rebuild: ``queue.same_quantity`` whole (any new text may change
an index posting's cap), the merge's grouping of 75,000 statements by text, the dangling-
reference check, and each part's inputs gathered and compared.
The lead, after all of the session's merges (load under 1): edits 0.77, 0.97 and 0.77 s; CPU ms
of the last: total 770: dedupe 304, render 154, checks 122, load 121, compose 25, statements 23,
cite 22.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.error import URLError

from corpus import copy_project, synthetic_corpus

TOPIC_PAGES = ("overview/", "mechanism/", "conditions/", "risks/", "faq/")
STARTUP_SECONDS = 1800  # the first build of a large corpus, with a cold cache
EDIT_SECONDS = 600
NAMES = ("alder", "birch", "cedar", "dogwood", "elm", "fir", "ginkgo", "hazel", "ivy", "juniper")
ENGINE_LINE = re.compile(r"kapsite: engine ([0-9.]+) s")


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except (URLError, OSError):
        return ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(found, seconds: float, every: float = 0.02) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if found():
            return time.perf_counter() - start
        time.sleep(every)
    raise SystemExit(f"not shown within {seconds} s")


ENGINE_CHILD = """
import sys, time
from pathlib import Path
from kapsite.config import SiteConfig
from kapsite.pipeline import build
from kapsite.timing import StageTimes
root, article, edits = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
shown = int(sys.argv[4])
config = SiteConfig(root=root)
start = time.perf_counter()
build(config)
print(f"first build (cold cache): {time.perf_counter() - start:.1f} s", flush=True)
original = article.read_text(encoding="utf-8")
for number in range(edits):
    article.write_text(original.rstrip() + f"\\n\\nClinic staff wrote note {number}.\\n", "utf-8")
    profile = StageTimes()
    if shown and number == edits - 1:
        import cProfile, pstats
        with cProfile.Profile() as functions:
            build(config, profile=profile, review_queue=False)  # as live preview rebuilds
    else:
        build(config, profile=profile, review_queue=False)
    print(f"edit {number + 1}: engine {profile.total:.2f} s", flush=True)
print(profile.table())
if shown:
    pstats.Stats(functions).sort_stats("cumulative").print_stats(shown)
"""


def engine_only(root: Path, edits: int, shown: int = 0) -> None:
    """The engine's rebuild after an edit to one article, in one process with the cache as live
    preview keeps it, without MkDocs: what the rebuild costs, stage by stage."""
    article = sorted((root / "content" / "articles").glob("*.md"))[0]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("KAPSITE_NO_CACHE", None)
    code = [sys.executable, "-c", ENGINE_CHILD, str(root), str(article), str(edits), str(shown)]
    subprocess.run(code, check=True, env=env)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--articles", type=int, default=0, help="a synthetic corpus of N")
    parser.add_argument("--engine", action="store_true", help="the engine alone, no server")
    parser.add_argument(
        "--cprofile", type=int, default=0, metavar="N", help="with --engine: top N functions"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        synthetic_corpus(root, args.articles) if args.articles else copy_project(root)
        if args.engine:
            engine_only(root, args.edits, args.cprofile)
            return
        articles = sorted((root / "content" / "articles").glob("*.md"))
        # The added sentence is not yet reviewed, a warning: live preview shows it, not strict.
        config = root / "mkdocs.yml"
        config.write_text(config.read_text().replace("strict: true", "strict: false"))
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        engine: list[float] = []

        def read_log() -> None:
            assert server.stderr is not None
            for line in server.stderr:
                match = ENGINE_LINE.search(line)
                if match:
                    engine.append(float(match[1]))

        threading.Thread(target=read_log, daemon=True).start()
        try:
            started = wait_for(lambda: "KAP" in fetch(f"{url}/"), STARTUP_SECONDS, every=0.5)
            print(
                f"{len(articles)} articles; first build (cold cache) served after {started:.1f} s"
            )
            article = articles[0]
            original = article.read_text(encoding="utf-8")
            page, shown, engine_times = "", [], []
            for number in range(args.edits):
                # Words only: a figure would be marked up on the page, and not found as written.
                marker = f"Clinic staff wrote the {NAMES[number % len(NAMES)]} note in the record."
                seen = len(engine)
                time.sleep(1.0)  # the watcher must see a new modification time
                start = time.perf_counter()
                article.write_text(original.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
                if not page:
                    wait_for(
                        lambda m=marker: any(m in fetch(f"{url}/{p}") for p in TOPIC_PAGES),
                        EDIT_SECONDS,
                    )
                    page = next(p for p in TOPIC_PAGES if marker in fetch(f"{url}/{p}"))
                else:
                    wait_for(lambda m=marker, p=page: m in fetch(f"{url}/{p}"), EDIT_SECONDS)
                took = time.perf_counter() - start
                wait_for(lambda n=seen: len(engine) > n, 60)
                print(
                    f"edit {number + 1}: shown on {page} after {took:.2f} s; "
                    f"engine {engine[-1]:.2f} s"
                )
                if number:
                    shown.append(took)
                    engine_times.append(engine[-1])
            if shown:
                print(
                    f"median of edits 2-{args.edits}: shown after "
                    f"{statistics.median(shown):.2f} s, engine {statistics.median(engine_times):.2f} s"
                )
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
