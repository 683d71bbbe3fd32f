"""Pandoc-style citations in article text: ``[@key]``, ``[@a; @b]``, ``[@key, p. 5]``."""

from __future__ import annotations

import re

from kapsite.model import Citation
from kapsite.text.markdown_source import CODE_SPAN

KEY = r"[A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]*"
# A bracket holding one or more '@key' items separated by ';'. Not preceded by '!' or ']' so
# images and reference links are left alone; footnotes ('[^1]') never start with '@'.
CITATION_GROUP = re.compile(r"(?<![!\]\w])\s?\[(@[^\[\]\n]*)\]")
ITEM = re.compile(rf"^\s*@(?P<key>{KEY}?)(?:\s*,\s*(?P<locator>[^;]*?))?\s*$")


class CitationSyntaxError(ValueError):
    """A bracket that starts with '@' but is not a well-formed citation."""


def parse_group(inner: str) -> list[Citation]:
    """``@a; @b, p. 5`` -> citations; raises CitationSyntaxError on a malformed item."""
    citations = []
    for item in inner.split(";"):
        match = ITEM.match(item)
        if not match or not match["key"]:
            raise CitationSyntaxError(f"'[{inner}]' is not a citation: '{item.strip()}'")
        citations.append(Citation(match["key"].rstrip(".:"), (match["locator"] or "").strip()))
    return citations


def extract(text: str) -> tuple[str, list[Citation]]:
    """Remove citation groups from ``text``; return the clean text and the citations in order.

    Citations inside code spans are text, not citations, and stay as they are.
    """
    protected = [(m.start(), m.end()) for m in CODE_SPAN.finditer(text)]

    def inside_code(pos: int) -> bool:
        return any(start <= pos < end for start, end in protected)

    citations: list[Citation] = []
    out: list[str] = []
    last = 0
    for match in CITATION_GROUP.finditer(text):
        if inside_code(match.start(1)):
            continue
        citations.extend(parse_group(match[1]))
        out.append(text[last : match.start()])
        last = match.end()
    out.append(text[last:])
    clean = re.sub(r"[ \t]+([.,;:!?])", r"\1", "".join(out))
    return re.sub(r"[ \t]{2,}", " ", clean).strip(), citations
