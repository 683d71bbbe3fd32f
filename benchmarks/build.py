"""How long the real site takes to build: a full `mkdocs build` (cold cache, cached, and without
the cache) against a plain build of the same final Markdown without hooks, and the engine's
time per stage, cold and cached. Run by hand (each figure is the median of --runs fresh
processes; on a busy machine, run it twice):

.venv/bin/python benchmarks/build.py [--runs 5] [--articles N]

--articles N builds a synthetic corpus of N articles (benchmarks/corpus.py) instead of the real
content. Everything runs on a copy of the project in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import copy_project, synthetic_corpus

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}

# A hook listed after kapsite's: it writes each page's final Markdown (what kapsite's hooks made
# of it), every generated file that is not a page, and the theme values kapsite set.
CAPTURE_HOOK = """
import json
from pathlib import Path

OUT = Path(__file__).parent / "plain-docs"


def on_config(config):
    extra = {k: v for k, v in config.extra.items() if k.startswith("kapsite_")}
    (Path(__file__).parent / "plain-extra.json").write_text(json.dumps(extra))


def on_files(files, config):
    for f in files:
        if f.generated_by and not f.src_uri.endswith(".md"):
            target = OUT / f.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(f.content_bytes)
    return files


def on_page_markdown(markdown, page, config, files):
    target = OUT / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = "".join(f"{k}: {json.dumps(v)}\\n" for k, v in page.meta.items() if isinstance(v, str))
    target.write_text(f"---\\n{meta}---\\n{markdown}" if meta else markdown)
    return markdown
"""

# The stages, as the engine calls them: (module, function, label). Timed by wrapping each.
STAGES = (
    ("kapsite.inputs", "read_articles", "read articles"),
    ("kapsite.pipeline", "load_inputs", "load inputs (all, with articles)"),
    ("kapsite.stages", "_statements", "segment + classify + mentions (not cached)"),
    ("kapsite.stages", "deduplicate", "dedupe"),
    ("kapsite.stages", "render_references", "references"),
    ("kapsite.stages", "compose", "compose"),
    ("kapsite.pipeline", "run_stages", "run_stages (all stages)"),
    ("kapsite.pipeline", "run_checks", "checks"),
    ("kapsite.pipeline", "render_pages", "render pages"),
    ("kapsite.pipeline", "claims_json", "claims.json"),
    ("kapsite.cache", "Cache.load", "  cache reads"),
    ("kapsite.cache", "Cache.store", "  cache writes"),
)


def mkdocs_build(root: Path, **environ: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", "site"],
        cwd=root,
        env={**ENV, **environ},
        check=True,
    )
    return time.perf_counter() - start


def plain_project(root: Path, target: Path) -> Path:
    """``target``: the site's final Markdown as hand-written pages, and no hooks."""
    copy_project(target)
    shutil.rmtree(target / "plain-docs", ignore_errors=True)
    (target / "capture.py").write_text(CAPTURE_HOOK)
    config = (target / "mkdocs.yml").read_text()
    hooks = "hooks:\n  - hooks/kapsite_hooks.py\n"
    assert hooks in config, "mkdocs.yml's hooks changed: update benchmarks/build.py"
    (target / "mkdocs.yml").write_text(config.replace(hooks, hooks + "  - capture.py\n"))
    for name in ("content", "bibliography"):  # the corpus being measured
        shutil.rmtree(target / name)
        shutil.copytree(root / name, target / name)
    shutil.copytree(target / "docs", target / "plain-docs", dirs_exist_ok=True)
    mkdocs_build(target, KAPSITE_NO_CACHE="1")
    extra = json.loads((target / "plain-extra.json").read_text())
    plain = config.replace(hooks, "").replace("docs_dir: docs", "docs_dir: plain-docs")
    plain += "\nextra:\n" + "".join(f"  {k}: {json.dumps(v)}\n" for k, v in extra.items())
    (target / "mkdocs.yml").write_text(plain)
    return target


def stage_times(root: Path) -> dict[str, float]:
    """One engine build in this process, with each stage timed (seconds, summed over calls)."""
    import importlib

    from kapsite.config import SiteConfig

    totals: dict[str, float] = {}

    def timed(function, label):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                totals[label] = totals.get(label, 0.0) + time.perf_counter() - start

        return wrapper

    for module_name, name, label in STAGES:
        module = importlib.import_module(module_name)
        owner_name, _, attribute = name.rpartition(".")
        owner = getattr(module, owner_name) if owner_name else module
        setattr(owner, attribute, timed(getattr(owner, attribute), label))
    from kapsite.pipeline import build

    start = time.perf_counter()
    result = build(SiteConfig.for_project(root))
    totals["engine (build, in process)"] = time.perf_counter() - start
    totals["statements"] = len(result.statements)
    return totals


def child_stage_times(root: Path, cache: str) -> dict[str, float]:
    """``stage_times`` in a fresh process, as a build command runs it."""
    if cache == "cold":
        shutil.rmtree(root / ".cache", ignore_errors=True)
    environ = {"KAPSITE_NO_CACHE": "1"} if cache == "off" else {}
    output = subprocess.run(
        [sys.executable, __file__, "--stage-times", str(root)],
        env={**ENV, **environ},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output)


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=int, default=0, help="a synthetic corpus of N")
    parser.add_argument("--stage-times", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage_times:
        print(json.dumps(stage_times(args.stage_times)))
        return
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        if args.articles:
            synthetic_corpus(root, args.articles)
        else:
            copy_project(root)
        articles = len(list((root / "content" / "articles").glob("*.md")))
        print(f"{articles} articles; median of {args.runs} fresh processes each")
        plain = plain_project(root, Path(folder) / "plain")
        figures: dict[str, list[float]] = {"cold": [], "cached": [], "off": [], "plain": []}
        for _ in range(args.runs):
            shutil.rmtree(root / ".cache", ignore_errors=True)
            figures["cold"].append(mkdocs_build(root))
            figures["cached"].append(mkdocs_build(root))
            figures["off"].append(mkdocs_build(root, KAPSITE_NO_CACHE="1"))
            figures["plain"].append(mkdocs_build(plain))
        base = median(figures["plain"])
        print(f"\n{'mkdocs build --strict':<44}{'seconds':>9}{'x plain':>9}")
        for label, key in (
            ("plain (final Markdown, no hooks)", "plain"),
            ("full, cold cache", "cold"),
            ("full, cached", "cached"),
            ("full, without the cache", "off"),
        ):
            seconds = median(figures[key])
            print(f"{label:<44}{seconds:>9.2f}{seconds / base:>9.2f}")
        tables = {
            cache: [child_stage_times(root, cache) for _ in range(args.runs)]
            for cache in ("cold", "cached", "off")
        }
        print(f"\n{'engine stage (ms, median)':<44}{'cold':>9}{'cached':>9}{'no cache':>9}")
        labels = [label for *_, label in STAGES] + ["engine (build, in process)"]
        for label in labels:
            row = [
                median([run.get(label, 0.0) for run in tables[c]]) * 1000
                for c in ("cold", "cached", "off")
            ]
            print(f"{label:<44}" + "".join(f"{ms:>9.0f}" for ms in row))
        print(
            f"({int(tables['cold'][0]['statements'])} statements; stages nest: "
            "load inputs holds read articles, run_stages holds the stages above it)"
        )


if __name__ == "__main__":
    main()
