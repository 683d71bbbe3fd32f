"""How long the per-article stages take to read a corpus in one process and in worker
processes (``kapsite/stages/statements.py``): what ``DEFAULT_WORKERS`` (kapsite/config.py) rests
on. Run by hand, on a machine doing nothing else:

    .venv/bin/python benchmarks/workers.py [--articles 1000] [--workers 1 2] [--runs 2]

Each run reads every article of a synthetic corpus (``corpus.py``) without the cache, as a
first build does, and prints its wall seconds, this process's CPU seconds and the workers'. Runs
alternate between the worker counts, so a change in the machine's speed falls on both.

Measured 2026-12-01 (issue 17, seventh session), 1,000 articles (74,819 statements), on the
2-core machine with load about 1.4 from other work: one process 11.4 and 10.1 s; two workers
5.9 and 6.4 s (parent 0.9 CPU s, workers 10.4 and 11.3 CPU s). Earlier, with the machine busy
with other sessions, two workers gained nothing.
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
from pathlib import Path

from corpus import synthetic_corpus

from kapsite.config import SiteConfig
from kapsite.inputs.load import load_inputs
from kapsite.stages.mentions import mention_index
from kapsite.stages.statements import read_statements


def read_all(root: Path, workers: int) -> tuple[int, float, float, float]:
    """Statements read, wall seconds, this process's CPU seconds, the workers' CPU seconds."""
    inputs = load_inputs(SiteConfig(root=root, cache=None), None)
    index = mention_index(inputs.bibliography)
    gc.disable()  # as a build runs them (pipeline.collector_paused)
    try:
        before, start, cpu = os.times(), time.perf_counter(), time.process_time()
        count = 0
        for statements, _ in read_statements(
            list(inputs.articles), inputs.taxonomy, inputs.bibliography, index, workers=workers
        ):
            count += len(statements or ())
        wall, own = time.perf_counter() - start, time.process_time() - cpu
        after = os.times()
    finally:
        gc.enable()
    return count, wall, own, after.children_user - before.children_user


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        synthetic_corpus(root, args.articles)
        print(f"{args.articles} articles; load average {os.getloadavg()[0]:.2f} at the start")
        for run in range(args.runs):
            for workers in args.workers:
                count, wall, own, children = read_all(root, workers)
                print(
                    f"run {run + 1}, workers {workers}: {count} statements, wall {wall:.2f} s, "
                    f"this process {own:.2f} CPU s, workers {children:.2f} CPU s"
                )


if __name__ == "__main__":
    main()
