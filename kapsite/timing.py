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
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.seconds.setdefault(name, 0.0)  # listed where it starts: a stage before its parts
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - start

    def table(self) -> str:
        """A plain table for the terminal: stage, milliseconds, share of the total."""
        total = self.total or 1.0
        lines = [f"{'stage':24} {'ms':>9} {'share':>6}"]
        for name, seconds in self.seconds.items():
            shown = f"  {name.split(':', 1)[1].strip()}" if ":" in name else name
            lines.append(f"{shown:24} {seconds * 1000:9.1f} {seconds / total:6.1%}")
        lines.append(f"{'total':24} {self.total * 1000:9.1f}")
        return "\n".join(lines)

    @property
    def total(self) -> float:
        return sum(s for name, s in self.seconds.items() if ":" not in name)


def timed(profile: StageTimes | None, name: str) -> AbstractContextManager[None]:
    """``with timed(profile, "segment"):`` times the block when a collector is given."""
    return profile.stage(name) if profile is not None else nullcontext()
