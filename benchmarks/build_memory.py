"""Where a full `mkdocs build`'s memory and time go: one build in this process, with the
resident memory (VmRSS), its peak since the row before (VmHWM, reset after each row) and the
cycle collector's seconds so far, after each plugin's and hook's event and around the engine's
steps (its build, its output and report, the inputs digest, the whole build's cache entry); and
the sizes of what the build holds after on_files, once every page is converted (on_env) and at
on_post_build: the engine's output, every page's Markdown and HTML. Run by hand, in a corpus
folder (``benchmarks/corpus.py`` makes one; the build is not strict):

    cd benchmarks && ../.venv/bin/python -c "from pathlib import Path; from corpus import \
        synthetic_corpus; synthetic_corpus(Path('/tmp/c1000'), 1000)"
    cd /tmp/c1000 && /path/to/.venv/bin/python /path/to/benchmarks/build_memory.py --cold

--cold deletes .cache first (the build then writes the whole build's entry); --trace also takes
a tracemalloc snapshot at each of the three points and prints its largest allocation sites
(about five times as slow; its figures are of traced Python objects only, not of RSS).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path


def memory_mb() -> tuple[float, float]:
    """This process's resident memory now and at its peak, in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


class Probe:
    def __init__(self, trace: bool) -> None:
        self.trace = trace
        # event, seconds, rss, peak, collector seconds so far
        self.rows: list[tuple[str, float, float, float, float]] = []
        self.start = time.perf_counter()
        self.seen: dict[str, int] = {}
        self.pages: list = []
        self.top = 0.0
        self.collector = 0.0  # seconds in Python's cycle collector so far
        self._collecting = 0.0
        gc.callbacks.append(self._timed_collection)

    def _timed_collection(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._collecting = time.perf_counter()
        else:
            self.collector += time.perf_counter() - self._collecting

    def mark(self, name: str) -> None:
        """A row: memory now, and its peak since the row before (the peak is reset after)."""
        rss, peak = memory_mb()
        self.top = max(self.top, peak)
        self.rows.append((name, time.perf_counter() - self.start, rss, peak, self.collector))
        print(
            f"{time.perf_counter() - self.start:8.1f} s {rss:8.0f} MB {peak:8.0f} MB "
            f"{self.collector:6.1f} s gc  {name}",
            file=sys.stderr,
            flush=True,
        )
        with contextlib.suppress(OSError):  # the kernel's own reset of VmHWM (Linux 4.0 on)
            Path("/proc/self/clear_refs").write_text("5")

    def around(self, owner: object, name: str, when: Callable = lambda *a: True) -> None:
        """Rows before and after each call of ``owner.name`` (an engine function) for which
        ``when(*args)`` holds."""
        function = getattr(owner, name)

        def run(*args, **kwargs):
            if not when(*args):
                return function(*args, **kwargs)
            self.mark(f"  {name}: starts")
            try:
                return function(*args, **kwargs)
            finally:
                self.mark(f"  {name}: ends")

        setattr(owner, name, run)

    def wrap(self, event: str, owner: str, handler: Callable) -> Callable:
        def run(*args, **kwargs):
            if "page" not in kwargs:
                self.mark(f"{owner} {event}: starts")
            result = handler(*args, **kwargs)
            count = self.seen[f"{owner} {event}"] = self.seen.get(f"{owner} {event}", 0) + 1
            page = kwargs.get("page")
            if page is None:
                self.mark(f"{owner} {event}: ends")
            elif count == 1 or count % 500 == 0:
                self.mark(f"{owner} {event} #{count}")
            if page is not None and event == "page_content":
                self.pages.append(page)
            return result

        return run

    def holders(self, when: str) -> None:
        hooks = next((m for m in list(sys.modules.values()) if hasattr(m, "_held")), None)
        run = getattr(hooks, "_run", None)
        sizes: dict[str, int] = {}
        if run is not None:
            output = run.output
            sizes["engine output: page Markdown"] = sum(len(p.markdown) for p in output.pages)
            for name, text in output.data_files:
                sizes[f"engine output: {name}"] = len(text)
            sizes["engine output: redirect pages"] = sum(len(t) for _, t in output.redirect_pages)
            sizes["engine output: warnings"] = sum(len(w[2]) + len(w[3]) for w in output.warnings)
            sizes["engine output: facts"] = sum(len(f.citations) for f in output.facts)
        sizes["pages: Markdown"] = sum(len(p.markdown or "") for p in self.pages)
        sizes["pages: HTML"] = sum(len(p.content or "") for p in self.pages)
        sizes["pages held (kapsite)"] = len(getattr(hooks, "_held", {}) or {})
        print(f"--- {when}: {len(self.pages)} pages seen (characters)", file=sys.stderr)
        for name, size in sizes.items():
            print(f"    {name:<44}{size:>14,}", file=sys.stderr)
        if self.trace:
            snapshot = tracemalloc.take_snapshot()
            current, peak = tracemalloc.get_traced_memory()
            print(
                f"    traced now {current / 2**20:.0f} MB, peak {peak / 2**20:.0f} MB; "
                "largest sites:",
                file=sys.stderr,
            )
            for stat in snapshot.statistics("lineno")[:15]:
                frame = stat.traceback[0]
                print(
                    f"    {stat.size / 2**20:8.1f} MB {stat.count:>9,}  "
                    f"{frame.filename.split('site-packages/')[-1]}:{frame.lineno}",
                    file=sys.stderr,
                )
        print(file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="mkdocs.yml")
    parser.add_argument("--cold", action="store_true", help="delete .cache first")
    parser.add_argument("--trace", action="store_true", help="tracemalloc snapshots too")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    if args.cold:
        shutil.rmtree(Path(args.config).resolve().parent / ".cache", ignore_errors=True)
    if args.trace:
        tracemalloc.start()
    probe = Probe(args.trace)
    from mkdocs.commands.build import build

    import kapsite.cache
    import kapsite.pipeline
    import kapsite.render.build_report
    import kapsite.site

    probe.around(kapsite.pipeline, "build")
    probe.around(kapsite.site, "engine_output")
    probe.around(kapsite.render.build_report, "report_json")
    probe.around(kapsite.cache.Cache, "store", lambda cache, kind, *_: kind == "site")
    probe.around(kapsite.site, "generated_files")
    probe.around(kapsite.site, "inputs_digest")
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory() as site:
        config = load_config(args.config, site_dir=site, strict=False)
        probe.mark("config loaded")
        for event, handlers in config.plugins.events.items():
            for index, handler in enumerate(handlers):
                owner = getattr(handler, "__module__", "?")
                handlers[index] = probe.wrap(event, owner, handler)
        # Where the build has everything at once: after on_files, once every page is read and
        # converted (on_env), and at the end.
        for event, when in (
            ("files", "on_files"),
            ("env", "all pages converted (on_env)"),
            ("post_build", "on_post_build"),
        ):
            config.plugins.events[event].append(lambda *a, when=when, **k: probe.holders(when))
        logging_quiet()
        build(config)
        probe.mark("build done")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        f"pages: {len(probe.pages)}; wall {time.perf_counter() - probe.start:.1f} s, "
        f"CPU {usage.ru_utime + usage.ru_stime:.1f} s, peak RSS {probe.top:.0f} MB"
    )
    print(
        f"{'event':<52}{'s':>8}{'RSS MB':>9}{'peak MB':>9}{'gc s':>7}  (peak: since the row before)"
    )
    for name, seconds, rss, peak, collector in probe.rows:
        print(f"{name:<52}{seconds:>8.1f}{rss:>9.0f}{peak:>9.0f}{collector:>7.1f}")


def logging_quiet() -> None:
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)


if __name__ == "__main__":
    main()
