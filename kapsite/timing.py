"""Per-stage wall time of one build, collected only when asked for.

``pipeline.build(config, profile=StageTimes())`` fills it; the engine keeps no global state, so
two builds never mix their figures. Without a collector each stage runs as before, untimed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext


class StageTimes:
    """Seconds spent in each named stage, in the order the stages first ran. A name with a
    colon ("dedupe: merge") is a part of the stage before the colon, timed within it, so it is
    left out of the total."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}  # wall time
        # CPU time of this process and the workers it waited for (``cpu_seconds``): on a shared
        # machine, steadier than the wall time.
        self.cpu_seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.seconds.setdefault(name, 0.0)  # listed where it starts: a stage before its parts
        self.cpu_seconds.setdefault(name, 0.0)
        start, cpu_start = time.perf_counter(), cpu_seconds()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - start
            self.cpu_seconds[name] += cpu_seconds() - cpu_start

    def add(self, other: StageTimes) -> None:
        """Another collector's times added to these: a worker process's, for the parts it ran."""
        for name, seconds in other.seconds.items():
            self.seconds[name] = self.seconds.get(name, 0.0) + seconds
            self.cpu_seconds[name] = self.cpu_seconds.get(name, 0.0) + other.cpu_seconds[name]

    def table(self) -> str:
        """A plain table for the terminal: stage, wall and CPU milliseconds, share of the wall
        total."""
        total = self.total or 1.0
        lines = [f"{'stage':24} {'wall ms':>9} {'cpu ms':>9} {'share':>6}"]
        for name, seconds in self.seconds.items():
            shown = f"  {name.split(':', 1)[1].strip()}" if ":" in name else name
            cpu = self.cpu_seconds[name] * 1000
            lines.append(f"{shown:24} {seconds * 1000:9.1f} {cpu:9.1f} {seconds / total:6.1%}")
        cpu_total = sum(s for name, s in self.cpu_seconds.items() if ":" not in name)
        lines.append(f"{'total':24} {self.total * 1000:9.1f} {cpu_total * 1000:9.1f}")
        return "\n".join(lines)

    @property
    def total(self) -> float:
        return sum(s for name, s in self.seconds.items() if ":" not in name)


def cpu_seconds() -> float:
    """CPU seconds of this process and of the worker processes it has waited for (a stage that
    reads articles in workers waits for them before it ends)."""
    try:
        import resource  # POSIX only; imported here so that kapsite imports on Windows too
    except ImportError:
        return time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(profile: StageTimes | None, name: str) -> AbstractContextManager[None]:
    """``with timed(profile, "segment"):`` times the block when a collector is given."""
    return profile.stage(name) if profile is not None else nullcontext()
