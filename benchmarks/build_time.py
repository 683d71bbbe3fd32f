"""How long the engine and a full `mkdocs build` take on the real content. Run by hand:

.venv/bin/python benchmarks/build_time.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kapsite import SiteConfig, build

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        result = build(SiteConfig(root=ROOT))
        runs.append(time.perf_counter() - start)
    print(
        f"engine: {len(result.articles)} articles, {len(result.statements)} statements, "
        f"{len(result.clusters)} claims; best of 5: {min(runs) * 1000:.0f} ms"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as site:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", site],
            cwd=ROOT,
            env=env,
            check=True,
        )
        print(f"mkdocs build: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
