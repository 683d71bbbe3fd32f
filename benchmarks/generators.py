"""How long the real site takes with each generator: `mkdocs build` (the hook) against
`kapsite render` + `zensical build` / `properdocs build` + `kapsite finish`. Run by hand:

.venv/bin/python benchmarks/generators.py [--runs 5]

Each step runs in a fresh process, as a contributor runs it; medians of the runs are printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def timed(argv: list[str], cwd: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "render"
        for _ in range(runs):
            times.setdefault("mkdocs build (hook)", []).append(
                timed([str(BIN / "mkdocs"), "build", "-q", "-d", f"{folder}/mkdocs"], ROOT)
            )
            times.setdefault("kapsite render", []).append(
                timed([str(BIN / "kapsite"), "render", "--out", str(out)], ROOT)
            )
            for generator in ("zensical", "properdocs"):
                times.setdefault(f"{generator} build", []).append(
                    timed([str(BIN / generator), "build", "-f", str(out / "mkdocs.yml")], out)
                )
                times.setdefault(f"kapsite finish ({generator})", []).append(
                    timed([str(BIN / "kapsite"), "finish", "site", "--generator", generator], out)
                )
    for step, values in times.items():
        print(f"{step:<28} median {statistics.median(values):6.2f} s  (of {len(values)})")
    for generator in ("zensical", "properdocs"):
        total = sum(
            statistics.median(times[step])
            for step in ("kapsite render", f"{generator} build", f"kapsite finish ({generator})")
        )
        print(f"{'total, ' + generator:<28} median {total:6.2f} s  (sum of the medians)")


if __name__ == "__main__":
    main()
