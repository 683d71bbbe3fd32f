"""HTML as saved from a browser -> lines of text, keeping headings, list items and line numbers.

Nothing is thrown away here: scripts, navigation and image text come out as lines of their own
kind, and the cleaning rules remove them by name, so the report shows every one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from kapsite.importer.model import Kind, Line, make_line

SCRIPT_TAGS = frozenset({"script", "style", "noscript", "template"})
CHROME_TAGS = frozenset({"nav", "footer", "aside", "form", "button", "svg", "select", "dialog"})
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
BLOCK_TAGS = frozenset(
    {
        "address", "article", "blockquote", "body", "dd", "details", "div", "dl", "dt",
        "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "html", "li",
        "main", "ol", "p", "pre", "section", "summary", "table", "td", "th", "title", "tr", "ul",
    }
)  # fmt: skip
HEADINGS = {f"h{n}": n for n in range(1, 7)}
MAIN_TAGS = frozenset({"article", "main"})
SPACE = re.compile(r"\s+")


LEAD_BOLD = frozenset({"strong", "b"})
TERM_BLOCKS = frozenset({"li", "p", "dd"})


def html_to_lines(text: str) -> list[Line]:
    parser = _ArticleParser()
    parser.feed(text)
    parser.close()
    return _mark_outside_main(parser.lines)


@dataclass(frozen=True)
class PageFacts:
    """What the page says about itself in its <head>: never guessed, only read."""

    title: str = ""  # og:title
    url: str = ""  # <link rel="canonical">, else og:url
    site_name: str = ""  # og:site_name


def page_facts(text: str) -> PageFacts:
    parser = _HeadParser()
    parser.feed(text)
    parser.close()
    facts = parser.facts
    url = facts.get("canonical") or facts.get("og:url", "")
    if not url.startswith(("https://", "http://")):
        url = ""  # a relative or odd address is not one a reader can follow
    return PageFacts(facts.get("og:title", ""), url, facts.get("og:site_name", ""))


class _HeadParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "").strip() for k, v in attrs}
        if tag == "meta" and values.get("property", values.get("name", "")).startswith("og:"):
            key = values.get("property") or values.get("name", "")
            self.facts.setdefault(key, SPACE.sub(" ", values.get("content", "")))
        if tag == "link" and "canonical" in values.get("rel", "").split():
            self.facts.setdefault("canonical", values.get("href", ""))


class _ArticleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.stack: list[str] = []
        self.buffer: list[str] = []
        self.buffer_line = 0
        self.script: list[str] = []
        self.script_tag = ""
        self.script_line = 0
        self.block = 0  # source paragraph: a new block element starts a new one, <br> does not
        self.bold_term = 0  # open <strong>/<b> that began a list item or paragraph
        self.after_break = False  # the next line continues its paragraph after a <br>

    # --- events -----------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.script_tag:
            return
        if tag in SCRIPT_TAGS:
            self._flush()
            self.script_tag, self.script_line, self.script = tag, self.getpos()[0], []
            return
        if tag == "img":
            alt = dict(attrs).get("alt") or ""
            if alt.strip():
                self._flush()
                self._emit(self.getpos()[0], alt, Kind.ALT)
            return
        if tag in BLOCK_TAGS or tag in CHROME_TAGS or tag in VOID_TAGS:
            flushed = self._flush()
            if tag != "br":
                self.block += 1
            self.after_break = tag == "br" and flushed
        if tag in VOID_TAGS:
            return
        if tag in LEAD_BOLD and self._opens_block():
            # "<li><strong>Dissociative</strong> You may feel": the term stays marked, so the
            # bullet-term rule can set it off from the text after it.
            self.buffer.append("**")
            self.bold_term += 1
        if tag in ("p", "li") and tag in self.stack:
            self._close(tag)  # HTML lets <p> and <li> close themselves
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and not self.script_tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.script_tag:
            if tag == self.script_tag:
                body = SPACE.sub(" ", "".join(self.script)).strip()
                shown = f"<{tag}> ({len(body):,} characters)"
                self.lines.append(Line(self.script_line, shown, Kind.SCRIPT, original=shown))
                self.script_tag = ""
            return
        if tag in LEAD_BOLD and self.bold_term and tag in self.stack:
            self.buffer.append("**")
            self.bold_term -= 1
        if tag in self.stack:
            if tag in BLOCK_TAGS or tag in CHROME_TAGS:
                self._flush()
                self.block += 1
            self._close(tag)

    def handle_data(self, data: str) -> None:
        if self.script_tag:
            self.script.append(data)
            return
        if data.strip() and not "".join(self.buffer).strip():
            self.buffer_line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        self.buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    # --- helpers ----------------------------------------------------------------------------

    def _opens_block(self) -> bool:
        inner = next((t for t in reversed(self.stack) if t in BLOCK_TAGS), "")
        return inner in TERM_BLOCKS and not "".join(self.buffer).strip()

    def _close(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop() == tag:
                break

    def _flush(self) -> bool:
        text = SPACE.sub(" ", "".join(self.buffer)).strip()
        self.buffer = []
        self.bold_term = 0
        if text.strip("* ") == "":
            text = ""  # an empty bold run: no words
        if text:
            kind, level = self._kind()
            self._emit(self.buffer_line, text, kind, level)
        return bool(text)

    def _emit(self, number: int, text: str, kind: Kind, level: int = 0) -> None:
        line = make_line(number, SPACE.sub(" ", text), kind, level, self.block)
        if self.after_break and kind is Kind.TEXT:
            line = replace(line, continues=True)
        self.after_break = False
        in_main = any(tag in MAIN_TAGS for tag in self.stack)
        self.lines.append(line if in_main else _outside(line))

    def _kind(self) -> tuple[Kind, int]:
        if any(tag in CHROME_TAGS for tag in self.stack):
            return Kind.CHROME, 0
        for tag in reversed(self.stack):
            if tag in HEADINGS:
                return Kind.HEADING, HEADINGS[tag]
            if tag == "li":
                return Kind.ITEM, 0
            if tag == "figcaption":
                return Kind.CAPTION, 0
            if tag == "title":
                return Kind.PAGE_TITLE, 0
        return Kind.TEXT, 0


_OUTSIDE = "outside-main"


def _outside(line: Line) -> Line:
    # A private marker, resolved in _mark_outside_main once we know if the page has a <main>.
    return replace(line, removed_by=_OUTSIDE)


def _mark_outside_main(lines: list[Line]) -> list[Line]:
    """If the page marks its article with <article> or <main>, the text around it is chrome."""
    has_main = any(line.removed_by != _OUTSIDE and line.kind is not Kind.SCRIPT for line in lines)
    result = []
    for line in lines:
        if line.removed_by == _OUTSIDE:
            keep_kind = line.kind in (Kind.SCRIPT, Kind.PAGE_TITLE) or not has_main
            kind = line.kind if keep_kind else Kind.CHROME
            if has_main and line.kind is Kind.HEADING and line.level == 1:
                kind = Kind.HEADLINE  # a hero <h1> above the article is still its headline
            line = replace(line, kind=kind, removed_by="")
        result.append(line)
    return result
