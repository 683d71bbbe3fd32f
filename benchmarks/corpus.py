"""Copies of the project for benchmarks: the real content, or a synthetic corpus of N articles
made by rewording the real ones. Used by ``build.py``, ``scale.py`` and ``serve.py``; not run
on its own.

A synthetic article is a real article under a new slug and source name: common words swapped
for others of the same sense and some sentences dropped, every heading, citation and figure
kept, so copies repeat the real articles' facts in slightly different words, as sources on one
subject do. A seeded generator chooses the words: same N, same bytes.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "anchors.lock", "hooks", "overrides", "docs", "content", "bibliography")

SEED = 17
DROP_SENTENCE = 0.15  # share of body sentences a copy leaves out
SWAP_WORD = 0.5  # chance that a word with a stand-in below is swapped in a copy
# Common words and stand-ins of the same sense. Facts keep their figures, names and citations.
STAND_INS = {
    "people": ("patients", "individuals", "adults"),
    "can": ("may", "is able to"),
    "often": ("frequently", "commonly"),
    "usually": ("typically", "generally"),
    "help": ("support", "aid"),
    "helps": ("supports", "aids"),
    "quickly": ("rapidly", "fast"),
    "fast": ("rapid", "quick"),
    "many": ("a lot of", "numerous"),
    "doctor": ("physician", "clinician"),
    "doctors": ("physicians", "clinicians"),
    "treatment": ("therapy", "care"),
    "shows": ("suggests", "indicates"),
    "found": ("reported", "observed"),
    "important": ("key", "vital"),
    "also": ("as well", "too"),
    "about": ("around", "roughly"),
    "effects": ("results", "outcomes"),
    "brain": ("mind", "nervous system"),
    "feel": ("experience", "notice"),
    "start": ("begin", "commence"),
    "lasting": ("durable", "long-term"),
    "symptoms": ("signs", "complaints"),
    "safe": ("secure", "low-risk"),
    "study": ("trial", "paper"),
}
# Markup a copy keeps as it is: citations, attributes, code, links, HTML and figures.
KEPT = re.compile(r"(\[[^\]]*\](?:\([^)]*\))?|\{[^}]*\}|`[^`]*`|<[^>]+>|https?://\S+)")
WORD = re.compile(r"\b[a-z]+\b")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


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


def reword(text: str, rng: random.Random) -> str:
    """One sentence or line in other common words; markup and figures untouched."""
    parts = KEPT.split(text)
    for n in range(0, len(parts), 2):  # even parts are prose, odd parts kept markup
        parts[n] = WORD.sub(
            lambda m: (
                rng.choice(STAND_INS[m[0]])
                if m[0] in STAND_INS and rng.random() < SWAP_WORD
                else m[0]
            ),
            parts[n],
        )
    return "".join(parts)


def reworded_body(body: str, rng: random.Random) -> str:
    out = []
    for line in body.split("\n"):
        if not line.strip() or line.lstrip().startswith(("#", "|", "```", "<", "!!!", "[^")):
            out.append(line)  # headings, tables, code, HTML, admonitions, footnotes: as they are
            continue
        sentences = SENTENCE_END.split(line)
        kept = [s for s in sentences if len(sentences) == 1 or rng.random() >= DROP_SENTENCE]
        out.append(" ".join(reword(s, rng) for s in kept or sentences[:1]))
    return "\n".join(out)


def copy_of(source: str, number: int, rng: random.Random) -> str:
    """A reworded copy of one article file: its own title and short name, no source key or
    title (the copy's source is not in the bibliography), the same front matter otherwise."""
    _, front, body = source.split("---\n", 2)
    meta = yaml.safe_load(front)
    meta["title"] = f"Copy {number} of an article"
    meta["source"] = {"publisher": f"Publisher {number}", "short": f"Copy {number}"}
    return "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n" + reworded_body(body, rng)


def synthetic_corpus(target: Path, articles: int) -> Path:
    """A copy of the project whose articles folder holds ``articles`` articles: the real ones
    and reworded copies of them. The same size gives the same corpus on every run."""
    copy_project(target)
    real = sorted((ROOT / "content/articles").glob("*.md"))
    rng = random.Random(f"{SEED}:{articles}")
    for number in range(max(0, articles - len(real))):
        original = real[number % len(real)]
        text = copy_of(original.read_text(encoding="utf-8"), number + 1, rng)
        name = f"{original.stem}-copy-{number + 1:05d}.md"
        (target / "content/articles" / name).write_text(text, encoding="utf-8")
    return target
