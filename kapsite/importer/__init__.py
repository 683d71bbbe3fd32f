"""``kapsite import``: a raw web article (text or HTML) -> a draft content article and a .bib.

The stages, in order: ``source`` reads the bytes, ``html`` turns a saved page into lines,
``rules`` cleans and structures the lines (one named rule each), ``references`` parses the
reference list and links author-year mentions, ``draft`` renders and writes. Nothing here
imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kapsite.importer.draft import find_title, render_article, slugify, source_entry, write_pair
from kapsite.importer.html import PageFacts, html_to_lines, page_facts
from kapsite.importer.model import Kind, Line, make_line
from kapsite.importer.references import (
    KeyIndex,
    LinkedMention,
    ListedReference,
    assign_keys,
    link_mentions,
    parse_reference,
    to_bibtex,
)
from kapsite.importer.rules import RULES, clean
from kapsite.importer.source import DEFAULT_MAX_BYTES, read_source

__all__ = ["DEFAULT_MAX_BYTES", "RULES", "Draft", "KeyIndex", "import_file", "write_draft"]


@dataclass(frozen=True)
class Draft:
    """Everything one import produced, written or not."""

    source: Path
    encoding: str
    is_html: bool
    title: str
    article_path: Path
    bib_path: Path
    lines: tuple[Line, ...]
    references: tuple[ListedReference, ...]
    unparsed: tuple[Line, ...]  # reference-list lines that did not read as a reference
    mentions: tuple[LinkedMention, ...]
    article_text: str
    bib_text: str
    source_key: str = ""  # the @online entry drafted for the source article itself

    @property
    def cut_off(self) -> list[Line]:
        return [line for line in self.lines if line.cut_off and line.content]

    @property
    def removed(self) -> list[Line]:
        return [line for line in self.lines if line.removed_by and line.text]

    @property
    def kept(self) -> list[Line]:
        return [line for line in self.lines if line.content]


def text_to_lines(text: str) -> list[Line]:
    """Lines of a text file, each with its source paragraph. A file that leaves blank lines
    between paragraphs may wrap one over several lines; a browser's copy puts each paragraph on
    a line of its own with no blank line, so there every line is its own paragraph."""
    raw = text.split("\n")
    filled = [bool(line.strip()) for line in raw]
    first = filled.index(True) if any(filled) else 0
    last = len(filled) - filled[::-1].index(True) if any(filled) else 0
    wrapped = not all(filled[first:last])
    lines, block = [], 1
    for number, line in enumerate(raw, start=1):
        if not line.strip() or not wrapped:
            block += 1
        lines.append(make_line(number, line, block=block))
    return lines


def import_file(
    path: Path,
    out_dir: Path,
    bib_dir: Path,
    index: KeyIndex,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str = "",
) -> Draft:
    """Read and clean one file; ``index`` gains the keys of its new references."""
    source = read_source(path, max_bytes, encoding)
    lines = html_to_lines(source.text) if source.is_html else text_to_lines(source.text)
    facts = page_facts(source.text) if source.is_html else PageFacts()
    lines = clean(lines)
    title = find_title(lines, facts.title)
    slug = slugify(title) or slugify(path.stem) or "imported-article"
    article_path = out_dir / f"{slug}.md"
    bib_path = bib_dir / f"{slug}.bib"
    source_key = _free_key(f"source-{slug}", index)

    references: list[ListedReference] = []
    unparsed: list[Line] = []
    for line in lines:
        if line.kind is Kind.REFERENCE:
            parsed = parse_reference(line.number, line.text)
            if parsed:
                references.append(parsed)
            else:
                unparsed.append(line)
    references = assign_keys(references, index, bib_path)
    lines, mentions = link_mentions(lines, index)
    return Draft(
        source=path,
        encoding=source.encoding,
        is_html=source.is_html,
        title=title,
        article_path=article_path,
        bib_path=bib_path,
        lines=tuple(lines),
        references=tuple(references),
        unparsed=tuple(unparsed),
        mentions=tuple(mentions),
        article_text=render_article(title, lines, facts.url, source_key),
        bib_text=source_entry(source_key, title, facts.url, facts.site_name)
        + _then(to_bibtex(references, path)),
        source_key=source_key,
    )


def _then(text: str) -> str:
    return f"\n{text}" if text else ""


def _free_key(key: str, index: KeyIndex) -> str:
    """The source entry's key, with a number added if the bibliography has it already."""
    candidate, number = key, 2
    while candidate in index.by_key:
        candidate, number = f"{key}-{number}", number + 1
    index.add(candidate, "", "", "")
    return candidate


def write_draft(draft: Draft) -> list[Path]:
    """Write the article (and the .bib, if there are new entries); return what was written."""
    bib = draft.bib_path if draft.bib_text else None
    write_pair(draft.article_path, draft.article_text, bib, draft.bib_text)
    return [p for p in (bib, draft.article_path) if p]
