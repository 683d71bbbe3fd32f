"""Stage 3, classify: give each statement a page and a section from the taxonomy's cue words.

A statement scores one point per cue of a section found in its text, and half a point per cue
found in the heading it stands under. The best section wins; ties go to the section listed first
in topics.yml, so the result never depends on anything but the content.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cache

from kapsite.inputs.topics import Taxonomy, Topic
from kapsite.model import Statement

HEADING_WEIGHT = 0.5


@cache
def _cue_pattern(cue: str) -> tuple[str, re.Pattern[str]]:
    """The cue's words, case-folded, and its pattern. Whole words only, so 'pain' does not
    match 'Spain'; a trailing '*' allows any ending."""
    stem = cue.rstrip("*")
    tail = r"\w*" if cue.endswith("*") else r"(?:s|es)?"
    return stem.casefold(), re.compile(rf"\b{re.escape(stem)}{tail}\b", re.IGNORECASE)


WORD = re.compile(r"\w+")


@cache
def _one_word(cue: str) -> tuple[str, bool] | None:
    """A cue of one word (ASCII letters and digits only): its stem and whether any ending is allowed.
    Its pattern, bounded by ``\\b`` at both ends, can only match a whole word of the text, so
    a look-up in the text's words gives the same answer without a regex search."""
    stem = cue.rstrip("*")
    return (stem, cue.endswith("*")) if stem.isascii() and WORD.fullmatch(stem) else None


@dataclass(frozen=True)
class _Text:
    """A text as the cues are looked for in it, prepared once per statement: about 200 cues
    are tried on each, and most are absent."""

    text: str
    folded: str  # case-folded, for the cheap test before a regex
    words: frozenset[str] | None  # its words, lower case; None when not all are ASCII
    starts: frozenset[str]  # every beginning of each of its words

    @staticmethod
    def of(text: str) -> _Text:
        found = WORD.findall(text)
        if not all(w.isascii() for w in found):
            # Case rules outside ASCII ("İ" lowers to two characters, the long s matches "s") are the
            # regex's own: such a text is searched by pattern only.
            return _Text(text, text.casefold(), None, frozenset())
        words = frozenset(w.lower() for w in found)
        starts = frozenset(w[:n] for w in words for n in range(1, len(w) + 1))
        return _Text(text, text.casefold(), words, starts)

    def has(self, cue: str) -> bool:
        word = _one_word(cue) if self.words is not None else None
        if word is not None and self.words is not None:
            stem, any_ending = word
            if any_ending:
                return stem in self.starts
            return stem in self.words or stem + "s" in self.words or stem + "es" in self.words
        # A pattern that ignores case can only match where the case-folded cue is in the
        # case-folded text; that test is cheap, and most cues are absent from a statement.
        stem, pattern = _cue_pattern(cue)
        return stem in self.folded and pattern.search(self.text) is not None


def _score(cues: tuple[str, ...], text: _Text, heading: _Text | None) -> float:
    return sum(
        (1.0 if text.has(c) else 0.0) + (HEADING_WEIGHT if heading and heading.has(c) else 0.0)
        for c in cues
    )


def classify(statements: list[Statement], taxonomy: Taxonomy) -> list[Statement]:
    faq_page = next(t for t in taxonomy.topics if t.faq)
    fallback = next(t for t in taxonomy.topics if t.fallback)
    content_pages = [t for t in taxonomy.topics if not t.faq]
    return [
        _route(s, [faq_page] if s.kind == "faq" else content_pages, fallback) for s in statements
    ]


def _route(statement: Statement, topics: list[Topic], fallback: Topic) -> Statement:
    text = _Text.of(f"{statement.question} {statement.text}")
    heading = _Text.of(statement.heading) if statement.heading else None
    best: tuple[float, str, str] = (0.0, "", "")
    for topic in topics:
        page_score = _score(topic.cues, text, heading)
        for section in topic.sections:
            score = page_score + _score(section.cues, text, heading)
            if score > best[0]:
                best = (score, topic.slug, section.id)
    if not best[1]:
        page = topics[0] if len(topics) == 1 else fallback
        best = (0.0, page.slug, page.sections[-1].id)
    return dataclasses.replace(statement, page=best[1], section=best[2])
