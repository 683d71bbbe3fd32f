"""Copies of the project for benchmarks: the real content, or a synthetic corpus of N articles
made by rewording the real ones. Used by ``build.py`` and ``serve.py``; not run on its own.

A synthetic article is a real article under a new slug, with a few words swapped for others
(which ones depends on its number), so that copies are near-duplicates the way articles from
different sources are, not identical. Same N, same bytes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "anchors.lock", "hooks", "overrides", "docs", "content", "bibliography")

# Word swaps that keep a sentence's sense (and its citations, figures and cue words).
SWAPS = (
    ("often", "commonly"),
    ("people", "patients"),
    ("may", "might"),
    ("usually", "typically"),
    ("help", "support"),
    ("about", "around"),
    ("shows", "suggests"),
    ("also", "as well"),
    ("doctor", "clinician"),
    ("small", "modest"),
)


def copy_project(target: Path) -> Path:
    """The project's inputs (no cache, no built site) at ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, target / name, ignore=shutil.ignore_patterns("__pycache__", ".cache")
            )
        else:
            shutil.copy2(source, target / name)
    return target


def synthetic_corpus(target: Path, articles: int) -> Path:
    """A copy of the project whose articles folder holds ``articles`` reworded copies of the
    real articles (the real ones included, as copy 0)."""
    copy_project(target)
    folder = target / "content" / "articles"
    real = sorted(folder.glob("*.md"))
    for number in range(len(real), articles):
        source = real[number % len(real)]
        text = source.read_text(encoding="utf-8")
        head, _, body = text.partition("\n---\n")
        for bit, (word, other) in enumerate(SWAPS):
            if number >> bit & 1:
                body = body.replace(f" {word} ", f" {other} ")
        (folder / f"{source.stem}-copy-{number:05}.md").write_text(
            f"{head}\n---\n{body}", encoding="utf-8"
        )
    return target
