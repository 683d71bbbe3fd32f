"""Pandoc citations in article text, the whole syntax pandoc, Quarto and MyST share.

- ``[@key]``, ``[@a; @b]``: one or several keys in brackets, separated by ';'
- ``[see @key, p. 5]``, ``[@key, pp. 3-4 and elsewhere]``: a prefix, a locator and a suffix
- ``[-@key]``: suppress the author (the sentence names them already)
- ``@key says...``, ``@key [p. 5] says...``: in-text; the key stays in the text, and the mentions
  stage writes the author's name in its place
- ``@{key.with.odd:chars}``: a key in braces

A bracket or an ``@`` that looks like a citation and is not one is a ``CitationSyntaxError``,
never raw output. An e-mail address (``info@clinic.org``) and an escaped ``\\@`` stay text, and
so does anything inside a code span.
"""

from __future__ import annotations

import bisect
import itertools
import re

from kapsite.model import Citation
from kapsite.text.markdown_source import CODE_SPAN

KEY = r"(?:[A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]*|\{[^{}\n]+\})"
# A bracket not preceded by '!' (an image), ']' (a reference link) or a word character, and not
# followed by '(' or '[' (it is then a link's text) or ':' (a definition).
BRACKET = re.compile(r"(?<![!\]\w\\])\s?\[(?P<inner>[^\[\]\n]*)\](?![(\[:])")
LOOKS_CITED = re.compile(r"(?:^|[\s;])-?@")
ITEM = re.compile(rf"^\s*(?P<prefix>[^@]*?)\s*(?P<suppress>-)?@(?P<key>{KEY})(?P<rest>.*)$", re.S)
IN_TEXT = re.compile(rf"(?<![\w@\\/.:\[])@(?P<key>{KEY})(?:\s?\[(?P<locator>[^\[\]@\n]*)\](?!\())?")
LINK = re.compile(r"!?\[[^\[\]\n]*\]\([^()\n]*\)")
OPEN_BRACKET = re.compile(r"(?<![!\]\\])\[\s*-?@")
AT_SIGN = re.compile(r"(?<![\w\\/.:])@(?=\S)")
SPACE_BEFORE_STOP = re.compile(r"[ \t]+([.,;:!?])")  # left where a citation was taken out
SPACES = re.compile(r"[ \t]{2,}")


class CitationSyntaxError(ValueError):
    """A bracket or an '@' that looks like a citation but is not a well-formed one."""


def _key(raw: str) -> str:
    return raw[1:-1].strip() if raw.startswith("{") else raw.rstrip(".:")


def parse_group(inner: str) -> list[Citation]:
    """``see @a, p. 5; -@b`` -> citations; raises CitationSyntaxError on a malformed item."""
    citations = []
    for item in inner.split(";"):
        match = ITEM.match(item)
        if not match or not _key(match["key"]):
            raise CitationSyntaxError(f"'[{inner}]' is not a citation: '{item.strip()}'")
        rest = match["rest"]
        if match["key"].endswith((".", ":")) and not match["key"].startswith("{"):
            rest = match["key"][len(_key(match["key"])) :] + rest
        locator = rest.strip()
        if locator.startswith(","):
            locator = locator[1:].strip()
        elif rest and not rest[0].isspace() and locator not in (".", ":"):
            raise CitationSyntaxError(f"'[{inner}]' is not a citation: '{item.strip()}'")
        if locator in (".", ":"):
            locator = ""
        if "@" in locator:
            raise CitationSyntaxError(
                f"'[{inner}]' holds several keys in one item: separate them with ';'"
            )
        citations.append(
            Citation(
                _key(match["key"]),
                locator,
                prefix=match["prefix"].strip(),
                suppress_author=bool(match["suppress"]),
            )
        )
    return citations


def extract(text: str) -> tuple[str, list[Citation]]:
    """Remove citation groups from ``text``; return the clean text and the citations in order.

    In-text citations (``@key``) stay in the text, for the author's name to replace them; their
    locator bracket goes. Code spans and links (``[@clinic](https://...)``) are text and stay as
    they are.
    """
    if "[" not in text and "@" not in text:  # most sentences: nothing below can match
        return SPACES.sub(" ", SPACE_BEFORE_STOP.sub(r"\1", text)).strip(), []
    found: list[tuple[int, Citation]] = []
    protected = _Protected(text)
    out: list[str] = []
    last = 0
    for match in BRACKET.finditer(text):
        if protected.covers(match.start("inner")) or not LOOKS_CITED.search(match["inner"]):
            continue
        found += [(match.start(), c) for c in parse_group(match["inner"])]
        out += [text[last : match.start()]]
        last = match.end()
    rest = "".join([*out, text[last:]])
    protected = _Protected(rest)
    out, last = [], 0
    for match in IN_TEXT.finditer(rest):
        if protected.covers(match.start()):
            continue
        key = _key(match["key"])
        locator = (match["locator"] or "").strip()
        found.append((len(text) + match.start(), Citation(key, locator, in_text=True)))
        out += [rest[last : match.start()], f"@{key}"]
        last = match.end()
    rest = "".join([*out, rest[last:]])
    _refuse_leftovers(rest)
    clean = SPACE_BEFORE_STOP.sub(r"\1", rest)
    citations = [c for _, c in sorted(found, key=lambda item: item[0])]
    return SPACES.sub(" ", clean).strip(), citations


class _Protected:
    """Where code spans and links are, found once, asked in log time per position. Found on
    the first question only: most sentences hold no bracket and no '@', so nothing is asked."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] | None = None
        self.ends: list[int] = []

    def covers(self, pos: int) -> bool:
        if self.starts is None:
            spans = [m.span() for m in CODE_SPAN.finditer(self.text)]
            spans += [m.span() for m in LINK.finditer(self.text)]
            spans.sort()
            self.starts = [start for start, _ in spans]
            self.ends = list(itertools.accumulate((end for _, end in spans), max))
        index = bisect.bisect_right(self.starts, pos) - 1
        return index >= 0 and pos < self.ends[index]


def _refuse_leftovers(rest: str) -> None:
    """What is left that still reads as a citation is a mistake, never raw output."""
    protected = _Protected(rest)
    for match in OPEN_BRACKET.finditer(rest):
        if not protected.covers(match.start()):
            raise CitationSyntaxError(
                f"'{rest[match.start() : match.start() + 20]}' opens a citation that never closes"
            )
    for match in AT_SIGN.finditer(rest):
        if not protected.covers(match.start()) and not IN_TEXT.match(rest, match.start()):
            following = rest[match.start() : match.start() + 20].split()[0]
            raise CitationSyntaxError(f"'{following}' looks like a citation but is not one")


def find_citations(text: str) -> bool:
    """Whether ``text`` holds anything that reads as a citation, outside code spans."""
    try:
        return bool(extract(text)[1])
    except CitationSyntaxError:
        return True
