"""The importer's model: one input line, as read and as the cleaning rules left it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class Kind(StrEnum):
    """What a line is. Plain text starts as TEXT or BLANK; HTML gives the rest directly."""

    TEXT = "text"
    BLANK = "blank"
    HEADING = "heading"
    ITEM = "item"
    TITLE = "title"  # the article's title: goes to the front matter, not the body
    PAGE_TITLE = "page-title"  # HTML <title>: a fallback for the title, never body text
    HEADLINE = "headline"  # an <h1> outside <article>/<main>, or og:title: the page's headline
    CAPTION = "caption"  # HTML <figcaption>
    ALT = "alt"  # HTML <img alt="...">
    SCRIPT = "script"  # HTML <script>, <style>, <noscript>: never article text
    CHROME = "chrome"  # HTML navigation, footers, forms, text outside <article>/<main>
    REFERENCE = "reference"  # a line of the reference list, moved to the .bib


@dataclass(frozen=True)
class Line:
    """One line of the input. Rules never delete a line: they mark it, so the report can show it."""

    number: int  # 1-based line in the input file
    text: str
    kind: Kind = Kind.TEXT
    level: int = 0  # heading level, 1-6
    removed_by: str = ""  # name of the rule that removed it
    changed_by: tuple[str, ...] = ()  # names of the rules that rewrote it
    original: str = ""  # the text as read, for the report
    block: int = 0  # the source paragraph it belongs to: lines of one block are one paragraph
    cut_off: bool = False  # the sentence stops mid-word or mid-clause in the source
    continues: bool = False  # after an HTML <br>: the same paragraph as the line before it

    @property
    def live(self) -> bool:
        return not self.removed_by

    @property
    def content(self) -> bool:
        """A line a reader would see: live and not blank."""
        return self.live and self.kind is not Kind.BLANK

    def removed(self, rule: str) -> Line:
        return replace(self, removed_by=rule)

    def changed(self, rule: str, **fields: object) -> Line:
        return replace(self, changed_by=(*self.changed_by, rule), **fields)


def make_line(
    number: int, text: str, kind: Kind = Kind.TEXT, level: int = 0, block: int = 0
) -> Line:
    if kind is Kind.TEXT and not text.strip():
        kind = Kind.BLANK
    return Line(number, text.strip(), kind, level, original=text.strip(), block=block)
