"""The draft article's Markdown, and writing it and its .bib without ever overwriting a file."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from kapsite.errors import ContentError
from kapsite.files import create_text, signals_held
from kapsite.importer.model import Kind, Line

SKIPPED = (Kind.TITLE, Kind.REFERENCE, Kind.PAGE_TITLE)
MAX_SLUG = 60


def find_title(lines: list[Line]) -> str:
    """The title line, else the HTML <title>, else the first heading; '' if there is none."""
    for kind in (Kind.TITLE, Kind.PAGE_TITLE, Kind.HEADING):
        for line in lines:
            if line.kind is kind and (line.live or kind is Kind.PAGE_TITLE):
                return line.text
    return ""


def slugify(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", _ascii(text))
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > MAX_SLUG:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def render_article(title: str, lines: list[Line], source: Path) -> str:
    title_value = json.dumps(title, ensure_ascii=False) if title else ""
    title_line = (
        f"title: {title_value}" if title else "title:  # required: our title for the article"
    )
    front = [
        "---",
        f"# Imported by 'kapsite import' from {source.name}. Before publishing: rewrite every",
        "# sentence in our own words, check each citation, and fill in the source below.",
        title_line,
        "source:",
        "  publisher:  # required: who published the original article (never guess)",
        "  title:  # optional: the original title, exactly as published",
        "  url:  # optional: the original's address, only if you know it",
        "  key:  # optional: the key of the article's own @online entry",
        "---",
        "",
    ]
    return "\n".join(front) + render_body(lines)


def render_body(lines: list[Line]) -> str:
    blocks: list[str] = []
    items: list[str] = []
    for line in lines:
        if not line.content or line.kind in SKIPPED:
            continue
        if line.kind is Kind.ITEM:
            items.append(f"- {line.text}")
            continue
        if items:
            blocks.append("\n".join(items))
            items = []
        if line.kind is Kind.HEADING:
            blocks.append("#" * min(max(line.level, 2), 6) + " " + line.text)
        else:
            blocks.append(line.text)
    if items:
        blocks.append("\n".join(items))
    return "\n\n".join(blocks) + "\n"


def refuse_existing(*paths: Path) -> None:
    for path in paths:
        if path.exists():
            raise ContentError(
                path,
                None,
                "the file already exists; kapsite import never overwrites a file",
                "move or rename the existing file, or import into another folder with --out",
            )


def write_new(path: Path, text: str, what: str = "draft article") -> None:
    """Write ``text`` to a new file at ``path``, whole or not at all (kapsite.files): a reader
    never sees a half-written file, and a file that appeared meanwhile is never replaced."""
    create_text(path, text, what=what)


def write_pair(article: Path, article_text: str, bib: Path | None, bib_text: str) -> None:
    """Both files or neither: the .bib is removed again if the article cannot be written."""
    refuse_existing(*([article, bib] if bib else [article]))
    with signals_held():  # an interrupt never leaves a .bib without its article
        _write_both(article, article_text, bib, bib_text)


def _write_both(article: Path, article_text: str, bib: Path | None, bib_text: str) -> None:
    if bib:
        write_new(bib, bib_text, "draft BibTeX file")
    try:
        write_new(article, article_text)
    except BaseException:
        if bib:
            bib.unlink(missing_ok=True)
        raise
