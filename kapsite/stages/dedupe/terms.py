"""The terms a statement is compared by when dedupe looks for repeats.

A statement's text becomes a list of terms, in order:

1. words, lower case (``segment.normalise``); "n't" and "cannot" are spelled out as "not";
   "per cent" and "percent" after a number become "%"; number words become digits;
2. each word's spelling folded (``fold``): British and other regular variants to one form
   (anaesthetic/anesthetic, colour/color, centre/center, -ise/-ize, -yse/-yze, -ogue/-og,
   travelled/traveled), then the irregular ones listed in content/synonyms.yml (licence/license);
3. synonyms and paraphrases from content/synonyms.yml replaced by their group's name
   (booster/maintenance, fast/rapid/quick), longest phrase first;
4. negation carried onto the word it negates: "is not a cure", "isn't a cure" and "does not
   cure" all give ``not:cure``, which matches none of "is a cure";
5. stop words dropped, the rest stemmed (Snowball English: well kept, pure Python, 2 MB, the
   stemmer search engines use; our old suffix stripper left "anaesthesia"/"anaesthetic" and
   "depression"/"depressive" apart).

Folding (step 2) is safe for automatic merges: it never changes what a sentence says. Synonyms
and negation only decide which pairs an editor is asked about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from kapsite.inputs.vocabulary import Synonyms
from kapsite.stages.segment import normalise
from kapsite.text.figures import NUMBER_VALUES

_STOPWORD_TEXT = """a about after again all also an and any are as at be because been before being both but by
    can could did do does doing during each few for from further had has have having how i if in
    into is it its itself just may might more most much must my no nor not of off on once only or
    other our out over own same should so some such than that the their them then there these they
    this those through to too under until up very was we were what when where which while who whom
    why will with would you your"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
NEGATORS = frozenset({"not", "no", "never", "without", "none", "neither", "nor"})
# Words that may stand between a negator and the word it negates: "is not always covered".
_HEDGE_TEXT = """always usually generally necessarily yet typically often fully currently routinely
    commonly widely officially formally reliably permanently completely entirely really just also
    even ever very much well"""
HEDGES = frozenset(_HEDGE_TEXT.split())
# "Two weeks" and "2 weeks" are one term: the figures' own table of number words, from two up
# ("a week" is no figure), single words only (terms are single words).
NUMBER_WORDS = {
    word: value
    for word, value in NUMBER_VALUES.items()
    if value.isdigit() and int(value) >= 2 and word.isalpha()
}
# Regular spelling variants, each (pattern, replacement) on one lower-case word. A rule may also
# change a word that has no variant ("noise" to "noize"): harmless, since every text is folded
# alike; what a rule must never do is make two different words one ("filled" and "filed"), hence
# the letters each one requires before the change.
SPELLING_RULES = (
    (re.compile(r"(?<=\w)ae"), "e"),  # anaesthetic, haemorrhage, paediatric (not at the start)
    (re.compile(r"^oe(?=[sd])"), "e"),  # oesophagus, oestrogen, oedema
    (re.compile(r"rrhoea"), "rrhea"),  # diarrhoea
    (re.compile(r"(?<=\w\w)our(?=(?:s|ed|ing|able|ably|ite|ites|ful|less|hood|al|ally|ist)?$)"), "or"),
    (re.compile(r"(?<=\w\w)([tb])re(?=[sd]?$)"), r"\1er"),  # centre, litre, fibre
    (re.compile(r"(?<=\w\w)is(?=(?:e|es|ed|ing|er|ers|ation|ations|ational)$)"), "iz"),  # realise
    (re.compile(r"(?<=\w\w)ys(?=(?:e|es|ed|ing|er|ers)$)"), "yz"),  # analyse
    (re.compile(r"(?<=\w{3})ogue(?=s?$)"), "og"),  # catalogue, dialogue
    (re.compile(r"(?<=\w{3}[aeiou])ll(?=(?:ed|ing|er|ers|or|ors)$)"), "l"),  # travelled
)  # fmt: skip
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


@lru_cache(maxsize=65536)
def _fold_by_rules(word: str) -> str:
    for pattern, replacement in SPELLING_RULES:
        word = pattern.sub(replacement, word)
    return word


def _words(text: str) -> list[str]:
    text = normalise(text)
    text = re.sub(r"\bcannot\b", "can not", text)
    text = re.sub(r"\b(won|can|shan)'t\b", lambda m: {"won": "will"}.get(m[1], m[1]) + " not", text)
    text = re.sub(r"n't\b", " not", text)
    text = re.sub(r"(\d) (?:per cent|percent)\b", r"\1%", text)
    words = [w.replace("'", "") if not w.endswith("'s") else w[:-2] for w in text.split()]
    return [NUMBER_WORDS.get(w, w) for w in words]


@lru_cache(maxsize=8)
def wording_for(synonyms: Synonyms) -> Wording:
    """One Wording (and so one cache of terms) per synonyms file, shared by every stage."""
    return Wording(synonyms)


@dataclass(frozen=True)
class Wording:
    """Folds, synonyms and negation for one project's content/synonyms.yml."""

    synonyms: Synonyms = field(default_factory=Synonyms)
    _cache: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    # Folded words kept only until the text's terms are made from them: dedupe's merge folds
    # every statement, then its queue asks for the terms of the same texts.
    _folded: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_spellings", {k: v for k, v in self.synonyms.spellings})
        pattern, names = _phrase_pattern(self.synonyms, self.fold)
        object.__setattr__(self, "_phrases", pattern)
        object.__setattr__(self, "_names", names)

    def fold(self, word: str) -> str:
        """One word with its spelling folded: 'anaesthetic' and 'anesthetic' alike."""
        listed = self._spellings.get(word)  # type: ignore[attr-defined]
        return listed if listed is not None else _fold_by_rules(word)

    def folded_words(self, text: str) -> tuple[str, ...]:
        """The text's words with spellings folded, stop words kept: for word-by-word checks."""
        found = self._folded.get(text)
        if found is None:
            found = tuple(self.fold(w) for w in _words(text))
            if text not in self._cache:
                self._folded[text] = found
        return found

    def terms(self, text: str) -> tuple[str, ...]:
        """Stemmed content words, synonyms as their group, negated words marked. Word pairs are
        left out: measured on both labelled sets, they ranked true repeats lower (paraphrases
        rarely share a pair) and added nothing the negation marks do not."""
        found = self._cache.get(text)
        if found is None:
            found = tuple(self._unigrams(text))
            self._cache[text] = found
        return found

    def _unigrams(self, text: str) -> list[str]:
        joined = " ".join(self.folded_words(text))
        self._folded.pop(text, None)
        pattern: re.Pattern[str] | None = self._phrases  # type: ignore[attr-defined]
        if pattern is not None:
            names: list[str] = self._names  # type: ignore[attr-defined]
            joined = pattern.sub(lambda m: "syn:" + names[_alternative(m)], joined)
        out: list[str] = []
        negate = False
        for word in joined.split():
            if word in NEGATORS:
                negate = True
                continue
            if word == "only" and negate and not out:  # "not only ... but" does not negate
                negate = False
            if word in STOPWORDS:
                continue
            term = word if word.startswith("syn:") else stem(word)
            if negate and word not in HEDGES:
                term, negate = "not:" + term, False
            out.append(term)
        return out


def _phrase_pattern(
    synonyms: Synonyms, fold: Callable[[str], str]
) -> tuple[re.Pattern[str] | None, list[str]]:
    """One pattern for every synonym, longest first, and the group name of each alternative."""
    alternatives = []
    for number, (_name, words) in enumerate(synonyms.groups):
        for phrase in words:
            parts = []
            for word in re.findall(r"[a-z0-9%*']+", phrase):
                wild = word.endswith("*")
                core = fold(word.rstrip("*").replace("'", ""))
                parts.append(re.escape(core) + (r"[a-z0-9]*" if wild else r"(?:s|es)?"))
            if parts:
                key = (-len(parts), -len(phrase.replace("*", "")), phrase)
                alternatives.append((key, number, r" ".join(parts)))
    if not alternatives:
        return None, []
    alternatives.sort()
    body = "|".join(f"(?P<a{i}>{p})" for i, (_k, _n, p) in enumerate(alternatives))
    pattern = re.compile(rf"(?<![^ ])(?:{body})(?![^ ])")
    return pattern, [synonyms.groups[n][0] for _k, n, _p in alternatives]


def _alternative(match: re.Match[str]) -> int:
    return int((match.lastgroup or "a0")[1:])
