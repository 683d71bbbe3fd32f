"""How long the real site takes to build: a full `mkdocs build` (cold cache, cached, and without
the cache) against a plain build of the same final Markdown without hooks, and the engine's
time per stage, cold and cached. Run by hand (each figure is the median of --runs fresh
processes; on a busy machine, run it twice):

.venv/bin/python benchmarks/build.py [--runs 5] [--articles N]

--articles N builds a synthetic corpus of N articles (benchmarks/corpus.py) instead of the real
content. Everything runs on a copy of the project in a temporary folder.

Figures, real site, --runs 3, CPU seconds (x plain), on the 2-core machine shared with three
other sessions (load average 1.3 to 2.4; the clock there counts waiting, so the wall-clock
ratios swing more than the CPU ones, and even CPU seconds by a tenth between runs: re-measure
on a quiet machine). "before" is ef2c369, "after" the reading-grade and import work of
issue 17 (cold build); three pairs, each "after" then "before" (PYTHONPATH pointing at an
export of ef2c369), one line each:

| build                   | before (ef2c369)                | after                           |
|-------------------------|---------------------------------|---------------------------------|
| plain                   | 1.63; 1.53; 1.50                | 1.71; 1.65; 1.64                |
| full, cold cache        | 2.96 (1.82x); 2.71 (1.77x);     | 2.63 (1.53x); 2.70 (1.63x);     |
|                         | 2.62 (1.75x)                    | 2.75 (1.67x)                    |
| full, cached            | 1.73 (1.06x); 1.83 (1.20x);     | 1.93 (1.13x); 1.79 (1.08x);     |
|                         | 1.64 (1.10x)                    | 1.71 (1.04x)                    |
| full, without the cache | 2.56 (1.57x); 2.61 (1.70x);     | 2.72 (1.59x); 2.60 (1.57x);     |
|                         | 2.60 (1.73x)                    | 2.36 (1.44x)                    |

Engine, in process, cold (ms, the stage table of the first pair): reading grade 215 -> 108, load
103 -> 86, the engine 729 -> 686 (noisy); the rest unchanged.

With all of that session's work merged (the above; Python's cycle collector paused during a
build, pipeline.collector_paused; generated pages' final-HTML blocks held out of
Python-Markdown, kapsite/render/held_blocks.py), on a quiet machine (load 0.5), wall seconds
(CPU x plain in brackets): plain 1.10; cold 1.69, 1.53x (1.54x); cached 1.17, 1.07x (1.07x);
without the cache 1.76, 1.60x (1.60x). The engine in process, cold: 345 ms (reading grade 66,
checks 135, statements 64, cite 56, load 42, render 17). The same run at the session's start
(ef2c369, load 0.3): plain 1.23; cold 2.59, 2.11x; cached 1.33, 1.08x; engine cold 763 ms.

A cached build finds the engine's whole output under one digest of every input
(kapsite.site.run_engine) and imports no stage. A cold build runs the engine in on_files, and
what it adds to MkDocs is spread thin; the largest parts, measured on their own in a process
that had imported MkDocs (ms, at load averages of 2.5 to 4: rough):
- importing kapsite's stages, 200-300: creating its 76 dataclasses about 90 (Python 3.11
  compiles each generated method on its own; a docstring spares the signature it would
  otherwise compute for __doc__, 5 in all), snowballstemmer 50 (its package imports the
  stemmers of all its 30 languages to give us the English one), markdown-it 40-70, pybtex's
  HTML backend 35 (xml.sax.saxutils imports urllib.request and ssl), latexcodec 33 (its
  tables), textstat 20-30, regular expressions compiled at import (figures, vetoes,
  citations) about 40;
- the reading grade, 100-120: textstat's import, the CMU dictionary's lines 30, Pyphen's
  pattern lines 12-30 (only the patterns that can apply to the 57 words the CMU dictionary
  lacks are parsed; all 11,000 took 70-230), grading the 11 texts 20-30;
- the docs pages' heading ids 50-70 (Python-Markdown: the conversion MkDocs repeats later),
  the hand-written pages' checks 40 (safe messaging and raw HTML: markdown-it's parse),
  segment and classify 90, pybtex's formatting 75, loading the inputs 86 (YAML: libyaml's
  parser now reads the front matter and the synonyms too), the cache's writes on a cold build
  (cold minus "without the cache": -0.1 to 0.4 CPU s here, too noisy to tell).
The engine table below is kapsite.pipeline.build, which the whole-build entry sits in front
of: its "cached" column is a build after an edit that touched no article. Targets (issue 17):
cold at most 1.5x, cached at most 1.15x.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import copy_project, synthetic_corpus

ENGINE = "engine (build, in process)"
STATEMENTS = "statements (count)"
# Python as a contributor runs it: compiled modules are kept (__pycache__). With
# PYTHONDONTWRITEBYTECODE set, as some shells and agents set it, every build would compile
# kapsite's hundred modules again, which the plain build (no kapsite) never does.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "NO_MKDOCS_2_WARNING": "1",
    "SOURCE_DATE_EPOCH": "1700000000",
}

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


# After kapsite's on_page_content: a generated page's Markdown with its held blocks put back
# (kapsite.render.held_blocks), as Python-Markdown would read it without kapsite.
def on_page_content(html, page, config, files):
    target = OUT / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = "".join(f"{k}: {json.dumps(v)}\\n" for k, v in page.meta.items() if isinstance(v, str))
    markdown = page.markdown
    target.write_text(f"---\\n{meta}---\\n{markdown}" if meta else markdown)
    return html
"""


def mkdocs_build(root: Path, **environ: str) -> tuple[float, float]:
    """Seconds of a build in a fresh process: on the clock, and of CPU (user and system). On a
    machine shared with other work the clock counts the waiting too; the CPU time does not."""
    start, before = time.perf_counter(), _children_cpu()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", "site"],
        cwd=root,
        env={**ENV, **environ},
        check=True,
    )
    return time.perf_counter() - start, _children_cpu() - before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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
    """One engine build in this process, each stage timed by the engine's own collector
    (``kapsite.timing``): seconds per stage, "stage: part" for the parts timed inside one."""
    from kapsite.config import SiteConfig
    from kapsite.pipeline import build
    from kapsite.timing import StageTimes

    profile = StageTimes()
    start = time.perf_counter()
    result = build(SiteConfig.for_project(root), profile=profile)
    totals = dict(profile.seconds)
    totals[ENGINE] = time.perf_counter() - start
    totals[STATEMENTS] = len(result.statements)
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
        mkdocs_build(root)  # once unmeasured: Python compiles kapsite's modules
        figures: dict[str, list[tuple[float, float]]] = {
            "cold": [],
            "cached": [],
            "off": [],
            "plain": [],
        }
        for _ in range(args.runs):
            shutil.rmtree(root / ".cache", ignore_errors=True)
            figures["cold"].append(mkdocs_build(root))
            figures["cached"].append(mkdocs_build(root))
            figures["off"].append(mkdocs_build(root, KAPSITE_NO_CACHE="1"))
            figures["plain"].append(mkdocs_build(plain))
        base = [median([run[i] for run in figures["plain"]]) for i in (0, 1)]
        print(
            f"\n{'mkdocs build --strict':<44}{'seconds':>9}{'x plain':>9}{'CPU s':>9}{'x plain':>9}"
        )
        for label, key in (
            ("plain (final Markdown, no hooks)", "plain"),
            ("full, cold cache", "cold"),
            ("full, cached", "cached"),
            ("full, without the cache", "off"),
        ):
            wall, cpu = (median([run[i] for run in figures[key]]) for i in (0, 1))
            print(f"{label:<44}{wall:>9.2f}{wall / base[0]:>9.2f}{cpu:>9.2f}{cpu / base[1]:>9.2f}")
        tables = {
            cache: [child_stage_times(root, cache) for _ in range(args.runs)]
            for cache in ("cold", "cached", "off")
        }
        print(f"\n{'engine stage (ms, median)':<44}{'cold':>9}{'cached':>9}{'no cache':>9}")
        labels = [label for label in tables["cold"][0] if label != STATEMENTS]
        for label in labels:
            row = [
                median([run.get(label, 0.0) for run in tables[c]]) * 1000
                for c in ("cold", "cached", "off")
            ]
            shown = f"  {label.split(': ', 1)[1]}" if ": " in label else label
            print(f"{shown:<44}" + "".join(f"{ms:>9.0f}" for ms in row))
        print(
            f"({int(tables['cold'][0][STATEMENTS])} statements; an indented row is a part of the "
            "stage above it; a cached build redoes no article, so its parts show 0)"
        )


if __name__ == "__main__":
    main()
