"""The draft article's Markdown, and writing it and its .bib without ever overwriting a file."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from kapsite.errors import ContentError
from kapsite.files import create_text, signals_held
from kapsite.importer.model import Kind, Line

SKIPPED = (Kind.TITLE, Kind.REFERENCE, Kind.PAGE_TITLE, Kind.HEADLINE)
MAX_SLUG = 60
# The build refuses any line holding this marker, so a draft's open question is never published.
CUT_OFF_NOTE = (
    "TODO(kapsite): this sentence is cut off in the source; finish it from the original, "
    "or delete it"
)
SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]+$")


def find_title(lines: list[Line], page_title: str = "") -> str:
    """The page's headline: its <h1> (in the article, else above it), else the og:title the page
    declares, else its <title> without the site's name, else the first heading; '' if none.
    Alt text and captions are never a title."""
    for kind in (Kind.TITLE, Kind.HEADLINE):
        for line in lines:
            if line.kind is kind and (line.live or kind is Kind.HEADLINE):
                return line.text
    if page_title:
        return page_title
    for line in lines:
        if line.kind is Kind.PAGE_TITLE:
            return SITE_SUFFIX.sub("", line.text)
    for line in lines:
        if line.kind is Kind.HEADING and line.live:
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


def render_article(title: str, lines: list[Line], url: str = "", key: str = "") -> str:
    """The draft: front matter with what the page itself says (its headline as the source's
    title, its canonical address, the key of the drafted @online entry) and the body. The
    publisher is left for the contributor: a page's look is no proof of who published it."""
    title_value = json.dumps(title, ensure_ascii=False) if title else ""
    title_line = (
        f"title: {title_value}  # our title: reword it if you like"
        if title
        else "title:  # required: our title for the article"
    )
    source_title = (
        f"  title: {title_value}  # the original title, from the page's headline"
        if title
        else "  title:  # optional: the original title, exactly as published"
    )
    url_line = (
        f"  url: {json.dumps(url)}  # the page's own canonical address"
        if url
        else "  url:  # optional: the original's address, only if you know it"
    )
    key_line = (
        f"  key: {key}  # the @online entry drafted for this article in the .bib"
        if key
        else "  key:  # optional: the key of the article's own @online entry"
    )
    front = [
        "---",
        "# Imported by 'kapsite import'. Before publishing: rewrite every sentence in our own",
        "# words, check each citation, and fill in the source below.",
        title_line,
        "source:",
        "  publisher:  # required: who published the original article (never guess)",
        source_title,
        url_line,
        key_line,
        "---",
        "",
    ]
    return "\n".join(front) + render_body(lines)


def render_body(lines: list[Line]) -> str:
    """Markdown blocks in the source's order: the lines of one source paragraph stay one
    paragraph, a run of items one list; a cut-off sentence carries the build-stopping note."""
    blocks: list[list[str]] = []
    previous: Line | None = None
    for line in lines:
        if not line.content or line.kind in SKIPPED:
            continue
        text = f"{line.text} {CUT_OFF_NOTE}" if line.cut_off else line.text
        if line.kind is Kind.ITEM:
            text = f"- {text}"
        elif line.kind is Kind.HEADING:
            text = "#" * min(max(line.level, 2), 6) + " " + text
        same_block = previous is not None and (
            (line.kind is Kind.ITEM and previous.kind is Kind.ITEM)
            or (line.continues and previous.kind is Kind.TEXT)
            or (
                line.kind is Kind.TEXT
                and previous.kind is Kind.TEXT
                and line.block == previous.block
                and line.block != 0
            )
        )
        if same_block:
            blocks[-1].append(text)
        else:
            blocks.append([text])
        previous = line
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def source_entry(key: str, title: str, url: str, site_name: str) -> str:
    """The @online entry for the source article itself, unverified until an editor checks it."""
    fields = [
        ("organization", site_name),
        ("title", title),
        ("url", url),
        ("keywords", "source-article"),
        ("verification", "unverified"),
        (
            "note",
            "Source article, rewritten in our own words. Drafted by kapsite import from the "
            "page's own headline"
            + (" and name" if site_name else "; add the publisher as organization")
            + ": check both against the page.",
        ),
    ]
    body = ",\n".join(
        f"  {name:<12} = {{{value.replace('{', '').replace('}', '')}}}"
        for name, value in fields
        if value
    )
    return f"@online{{{key},\n{body}\n}}\n"


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
