"""Stage 3, classify: give each statement a page and a section from the taxonomy's cue words.

A statement scores one point per cue of a section found in its text, and half a point per cue
found in the heading it stands under. The best section wins; ties go to the section listed first
in topics.yml, so the result never depends on anything but the content.
"""

from __future__ import annotations

import dataclasses
import re
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


def _found(cue: str, text: str, folded: str) -> bool:
    # A pattern that ignores case can only match where the case-folded cue is in the case-folded
    # text; that test is cheap, and most cues of most sections are absent from a statement.
    stem, pattern = _cue_pattern(cue)
    return stem in folded and pattern.search(text) is not None


def _score(cues: tuple[str, ...], text: str, heading: str, folded: tuple[str, str]) -> float:
    """``folded``: the text and the heading, case-folded once per statement."""
    return sum(
        (1.0 if _found(c, text, folded[0]) else 0.0)
        + (HEADING_WEIGHT if heading and _found(c, heading, folded[1]) else 0.0)
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
    text = f"{statement.question} {statement.text}"
    heading = statement.heading
    folded = (text.casefold(), heading.casefold())
    best: tuple[float, str, str] = (0.0, "", "")
    for topic in topics:
        page_score = _score(topic.cues, text, heading, folded)
        for section in topic.sections:
            score = page_score + _score(section.cues, text, heading, folded)
            if score > best[0]:
                best = (score, topic.slug, section.id)
    if not best[1]:
        page = topics[0] if len(topics) == 1 else fallback
        best = (0.0, page.slug, page.sections[-1].id)
    return dataclasses.replace(statement, page=best[1], section=best[2])
