"""Where a full build's time goes outside MkDocs itself: one `mkdocs build` in this process, with
the CPU time of every plugin's and hook's event handler, and of loading the config (which
imports the hooks, so kapsite). Run by hand from a project folder, twice (the first run fills the
cache; pass --cold to empty it first):

.venv/bin/python benchmarks/hook_events.py [--cold] [--no-strict] [--config mkdocs.yml]

--no-strict for a synthetic corpus (its copies' figures are warnings: a strict build stops at
the end and prints nothing).

CPU seconds rather than the clock's, so a machine shared with other work gives steadier figures.
For the plain build (no hooks) to compare with, run it on the project benchmarks/build.py makes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path


def timed(name: str, handler: Callable, totals: Counter[str]) -> Callable:
    def run(*args, **kwargs):
        start = time.process_time()
        try:
            return handler(*args, **kwargs)
        finally:
            totals[name] += time.process_time() - start

    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="mkdocs.yml")
    parser.add_argument("--cold", action="store_true", help="delete .cache first")
    parser.add_argument("--no-strict", action="store_true", help="warnings do not stop it")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    if args.cold:
        shutil.rmtree(Path(args.config).resolve().parent / ".cache", ignore_errors=True)
    start = time.process_time()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    imported = time.process_time()
    with tempfile.TemporaryDirectory() as site:
        config = load_config(args.config, site_dir=site, strict=not args.no_strict)
        loaded = time.process_time()
        totals: Counter[str] = Counter()
        for event, handlers in config.plugins.events.items():
            for index, handler in enumerate(handlers):
                owner = getattr(handler, "__module__", "?")
                handlers[index] = timed(f"{owner} {event}", handler, totals)
        build(config)
    end = time.process_time()
    print(f"{'CPU seconds':<56}{'':>8}")
    print(f"{'importing mkdocs':<56}{imported - start:>8.3f}")
    print(f"{'loading the config (imports the hooks)':<56}{loaded - imported:>8.3f}")
    for name, seconds in totals.most_common():
        if seconds >= 0.001:
            print(f"  {name:<54}{seconds:>8.3f}")
    print(f"{'the whole build':<56}{end - start:>8.3f}")


if __name__ == "__main__":
    main()
