"""Stage 3, classify: give each statement a page and a section from the taxonomy's cue words.

A statement scores one point per cue of a section found in its text, and half a point per cue
found in the heading it stands under. The best section wins; ties go to the section listed first
in topics.yml, so the result never depends on anything but the content.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
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
    """A text as the cues are looked for in it, prepared once per statement."""

    text: str
    folded: str  # case-folded, for the cheap test before a regex
    words: frozenset[str] | None  # its words, lower case; None when not all are ASCII

    @staticmethod
    def of(text: str) -> _Text:
        if text.isascii():
            # Lower-casing ASCII moves no word boundary, and case-folds it: one pass each.
            lowered = text.lower()
            return _Text(text, lowered, frozenset(WORD.findall(lowered)))
        found = WORD.findall(text)
        if not all(w.isascii() for w in found):
            # Case rules outside ASCII ("İ" lowers to two characters, the long s matches "s")
            # are the regex's own: such a text is searched by pattern only.
            return _Text(text, text.casefold(), None)
        return _Text(text, text.casefold(), frozenset(w.lower() for w in found))

    def matches(self, cue: str) -> bool:
        """Whether the cue's pattern matches (a pattern that ignores case can only match where
        the case-folded cue is in the case-folded text, a cheap test that most cues fail)."""
        stem, pattern = _cue_pattern(cue)
        return stem in self.folded and pattern.search(self.text) is not None


class _Cues:
    """Every cue of the taxonomy, indexed by the words that match it: a statement's cues are
    found from its own few words, not by trying each of the 200 cues on it."""

    def __init__(self, cues: frozenset[str]) -> None:
        self.all = sorted(cues)
        self.forms: dict[str, list[str]] = {}  # "dose", "doses", "dosees" -> cue "dose"
        self.stems: dict[str, list[str]] = {}  # "session" -> cue "session*"
        self.patterns: list[str] = []  # cues of several words or with punctuation
        self.stem_lengths: list[int] = []  # the lengths of the stems, so of the words' starts
        for cue in self.all:
            word = _one_word(cue)
            if word is None:
                self.patterns.append(cue)
            elif word[1]:
                self.stems.setdefault(word[0], []).append(cue)
            else:
                for form in (word[0], word[0] + "s", word[0] + "es"):
                    self.forms.setdefault(form, []).append(cue)
        self.stem_lengths = sorted({len(stem) for stem in self.stems})
        # The patterns by their first word: "blood pressure" can only match where the text
        # holds the word "blood" (its pattern starts at a word boundary and the word ends at the
        # space), so only the patterns whose first word the text holds are tried.
        self.by_first_word: dict[str, list[tuple[str, str, re.Pattern[str]]]] = {}
        self.unindexed: list[tuple[str, str, re.Pattern[str]]] = []  # tried on every text
        for cue in self.patterns:
            stem = cue.rstrip("*")
            first = WORD.match(stem)
            if stem.isascii() and first and first.end() < len(stem):
                self.by_first_word.setdefault(first[0].lower(), []).append(
                    (cue, *_cue_pattern(cue))
                )
            else:
                self.unindexed.append((cue, *_cue_pattern(cue)))
        # The cues each word holds, worked out the first time the word is seen: a corpus has a
        # few thousand distinct words and a hundred times as many word uses.
        self.by_word: dict[str, tuple[str, ...]] = {}

    def _of_word(self, word: str) -> tuple[str, ...]:
        cues = self.by_word.get(word)
        if cues is None:
            found = [*self.forms.get(word, ())]
            for n in self.stem_lengths:
                if n <= len(word):
                    found += self.stems.get(word[:n], ())
            cues = self.by_word[word] = tuple(found)
        return cues

    def found(self, text: _Text) -> frozenset[str]:
        if text.words is None:
            return frozenset(c for c in self.all if text.matches(c))
        hits = {c for w in text.words for c in self._of_word(w)}
        tried = [*self.unindexed]
        for word in text.words & self.by_first_word.keys():
            tried += self.by_first_word[word]
        hits.update(
            cue
            for cue, stem, pattern in tried
            if stem in text.folded and pattern.search(text.text)  # as ``_Text.matches``
        )
        return frozenset(hits)


@cache
def _cues(taxonomy: Taxonomy) -> _Cues:
    return _Cues(
        frozenset(
            c for t in taxonomy.topics for c in (*t.cues, *(c for s in t.sections for c in s.cues))
        )
    )


class _Router:
    """The pages and sections of ``topics`` by cue: a statement is scored only where a cue it
    holds is listed, and the best place is the first, in topics.yml's order, of the top score."""

    def __init__(self, topics: list[Topic]) -> None:
        self.topics = topics
        self.pages: dict[str, Counter[int]] = {}  # cue -> how often each topic lists it
        self.sections: dict[str, Counter[tuple[int, int]]] = {}
        for t, topic in enumerate(topics):
            for cue in topic.cues:
                self.pages.setdefault(cue, Counter())[t] += 1
            for n, section in enumerate(topic.sections):
                for cue in section.cues:
                    self.sections.setdefault(cue, Counter())[(t, n)] += 1
        # The place of each pair of cue sets routed so far: statements hold a few hundred
        # distinct pairs among tens of thousands.
        self.routed: dict[tuple[frozenset[str], frozenset[str]], tuple[Topic, int] | None] = {}

    def route(self, text: frozenset[str], heading: frozenset[str]) -> tuple[Topic, int] | None:
        """One point per cue found in the text, half a point per cue in the heading (a cue a
        page and its section both list counts for both); None when no cue is found."""
        key = (text, heading)
        if key not in self.routed:
            self.routed[key] = self._route(text, heading)
        return self.routed[key]

    def _route(self, text: frozenset[str], heading: frozenset[str]) -> tuple[Topic, int] | None:
        pages: dict[int, float] = {}
        sections: dict[tuple[int, int], float] = {}
        for found, weight in ((text, 1.0), (heading, HEADING_WEIGHT)):
            for cue in found:
                for t, count in self.pages.get(cue, {}).items():
                    pages[t] = pages.get(t, 0.0) + count * weight
                for place, count in self.sections.get(cue, {}).items():
                    sections[place] = sections.get(place, 0.0) + count * weight
        places = set(sections) | {
            (t, n) for t in pages for n in range(len(self.topics[t].sections))
        }
        best: tuple[float, int, int] = (0.0, -1, -1)
        for t, n in sorted(places):
            score = pages.get(t, 0.0) + sections.get((t, n), 0.0)
            if score > best[0]:
                best = (score, t, n)
        return None if best[1] < 0 else (self.topics[best[1]], best[2])


@cache
def _routers(taxonomy: Taxonomy) -> tuple[_Router, _Router, Topic]:
    """The FAQ page's router, the other pages' router and the fallback page: built once per
    taxonomy, not once per article."""
    faq_page = next(t for t in taxonomy.topics if t.faq)
    fallback = next(t for t in taxonomy.topics if t.fallback)
    return _Router([faq_page]), _Router([t for t in taxonomy.topics if not t.faq]), fallback


def classify(statements: list[Statement], taxonomy: Taxonomy) -> list[Statement]:
    faq, content, fallback = _routers(taxonomy)
    cues = _cues(taxonomy)
    headings: dict[str, frozenset[str]] = {"": frozenset()}  # an article repeats its headings
    routed = []
    for s in statements:
        heading = headings.get(s.heading)
        if heading is None:
            heading = headings[s.heading] = cues.found(_Text.of(s.heading))
        routed.append(_route(s, faq if s.kind == "faq" else content, fallback, cues, heading))
    return routed


def _route(
    statement: Statement, router: _Router, fallback: Topic, cues: _Cues, heading: frozenset[str]
) -> Statement:
    text = cues.found(_Text.of(f"{statement.question} {statement.text}"))
    found = router.route(text, heading)
    if found is None:
        page = router.topics[0] if len(router.topics) == 1 else fallback
        return dataclasses.replace(statement, page=page.slug, section=page.sections[-1].id)
    topic, section = found
    return dataclasses.replace(statement, page=topic.slug, section=topic.sections[section].id)
