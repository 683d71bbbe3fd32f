"""Hard vetoes: reasons two statements must not be merged automatically, whatever their score.

- ``figures``: both state a figure of the same kind (percent, time, count, amount) and the values
  differ ("55%" against "70%"). Not even a review can merge these: the page shows them side by
  side as "sources differ". Numbers are never changed to agree.
- ``figure-missing``: one states a figure the other does not ("within 24 hours" against "within
  hours"). Never merged automatically; an editor may merge them by review.
- ``entities``: they name different receptors, transmitters, organs, conditions, routes or
  medicines (content/vocabulary.yml). Never merged automatically; shown to the reviewer.
- ``polarity``: one main clause is negated and the other is not. Negation inside a relative or
  subordinate clause ("people who have not responded") does not count, because measured on
  articles of this kind a plain keyword check blocked many true pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kapsite.inputs.vocabulary import Vocabulary
from kapsite.text.figures import ABBREVIATED, figures, number_value

FIGURES = "figures"
FIGURE_MISSING = "figure-missing"
ENTITIES = "entities"
POLARITY = "polarity"
NEGATION = re.compile(
    r"\b(?:not|no|never|cannot|none|neither|nor|without|fails? to|failed to)\b|n't\b", re.IGNORECASE
)
# A relative or subordinate clause runs from its opening word to the next comma, semicolon or end.
SUBORDINATE = re.compile(
    r"\b(?:who|whom|whose|which|where|when|whenever|if|unless|because|although|though|while"
    r"|whereas|until|since|meaning|even if)\b[^,;]*",
    re.IGNORECASE,
)
PARENTHESIS = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class StatedFigure:
    """A figure a statement gives, normalised so two statements' figures compare."""

    kind: str
    value: str  # normalised: "70", "24 hour", "10-20"


# What ``text.figures`` leaves out but a reader compares all the same, when two sources give a
# quantity: years ("1962" against "1965", "the 1960s"), durations in words ("a week", "a few
# hours", "the rest of the day"), fractions as shares ("over half" against "65-70%"), and
# "more than" or "less than" before a figure ("more than a week" is not "a week").
YEAR = re.compile(r"(?<![\d$£€.,-])(1[89]\d\d|20\d\d)(?:s|'s|’s)?(?![\d%])")
WORD_TIME = re.compile(
    r"(?<!once )(?<!twice )(?<!times )(?<!per )\b(an?|one|a few|a couple of|several|few)\s+"
    r"(second|minute|hour|day|week|month|year)s?\b"
    r"|\b(?:the )?((?:rest|remainder) of the (?:\w+ )?day|same day)\b",
    re.IGNORECASE,
)
FRACTIONS = {
    "half": "50", "1/2": "50", "a third": "33", "one third": "33", "two-thirds": "67",
    "two thirds": "67", "a quarter": "25", "1/4": "25", "three-quarters": "75", "3/4": "75",
}  # fmt: skip
MORE_THAN = re.compile(
    r"\b(?:over|more than|at least|upwards of|in excess of|greater than)\s+$", re.IGNORECASE
)
# "Over" before a span of time means "during" ("infused over 40 minutes", "6 sessions over a few
# weeks") unless it follows a word of lasting ("lasts over a week", "for over a month").
DURING = re.compile(
    r"\b(?!(?:last|lasts|lasting|lasted|for|take|takes|took|taking)\s)\w+\s+over\s+$",
    re.IGNORECASE,
)
LESS_THAN = re.compile(r"\b(?:less than|fewer than|under|below)\s+$", re.IGNORECASE)


SAMPLE_SIZE = re.compile(r"\bn\s?=\s?$", re.IGNORECASE)
DOSE_UNIT = re.compile(r"\s?(mg/kg|mg|mcg|µg|ml|kg)\b", re.IGNORECASE)


@dataclass(frozen=True)
class FigureAt:
    """A stated figure and where it stands in its text."""

    figure: StatedFigure
    start: int  # where it stands in the text
    end: int


@lru_cache(maxsize=65536)
def figures_at(text: str) -> tuple[FigureAt, ...]:
    """Every figure a reader would compare, with where it stands, in text order."""
    found: list[FigureAt] = []
    taken: list[tuple[int, int]] = []
    cursor = 0
    for f in figures(text):
        start = text.find(f.text, cursor)
        if start < 0:
            start = text.find(f.text)
        end = start + len(f.text)
        cursor = max(cursor, end)
        if SAMPLE_SIZE.search(text, max(0, start - 6), start):
            continue  # "(n = 41)" says how big a study was, not what it found
        kind, value = f.kind, _value(f.text)
        share = FRACTIONS.get(f.text.lower()) or FRACTIONS.get(value)
        if share is not None:
            kind, value = "percent", share
        dose_unit = DOSE_UNIT.match(text, end)
        if kind == "amount" and dose_unit:
            kind = dose_unit[1].lower()  # "0.5 mg/kg" is compared with doses per weight only
        value = _qualified(text, start, value, kind == "time")
        found.append(FigureAt(StatedFigure(kind, value), start, end))
        taken.append((start, end))
    extra = [
        (m, "year", m[1] + ("s" if m[0].rstrip("'’s") != m[0] else "")) for m in YEAR.finditer(text)
    ]
    # Durations in words are their own kind: "within a day" and "within 24 hours" may be one
    # claim (an editor decides), but "a week" and "more than a week" differ.
    for m in WORD_TIME.finditer(text):
        if m[3]:
            said = "same day" if m[3].lower() == "same day" else "rest of the day"
            extra.append((m, "duration-in-words", said))
        else:
            amount = {"a": "1", "an": "1", "one": "1", "a couple of": "2"}.get(m[1].lower())
            if m[1].lower() in ("few", "several"):
                amount = "a few"  # "a few weeks" and "several weeks" say the same
            extra.append((m, "duration-in-words", f"{amount or m[1].lower()} {m[2].lower()}"))
    for m, kind, value in extra:
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        value = _qualified(text, m.start(), value, kind == "duration-in-words")
        found.append(FigureAt(StatedFigure(kind, value), m.start(), m.end()))
    return tuple(sorted(found, key=lambda f: (f.start, f.end)))


def _qualified(text: str, start: int, value: str, span_of_time: bool = False) -> str:
    before = text[max(0, start - 24) : start]
    if span_of_time and DURING.search(before):
        return value
    if MORE_THAN.search(before):
        return ">" + value
    if LESS_THAN.search(before):
        return "<" + value
    return value


@lru_cache(maxsize=65536)
def stated_figures(text: str) -> frozenset[StatedFigure]:
    return frozenset(f.figure for f in figures_at(text))


def _value(text: str) -> str:
    text = text.lower().replace("–", "-").replace(" to ", "-").replace(",", "")
    text = re.sub(r"\s*(%|percent|per cent)|[$£€]", "", text)  # "65%-70%" is "65-70"
    words = [ABBREVIATED.get(w) or number_value(w) for w in re.split(r"\s+", text.strip())]
    words = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words]  # hours -> hour
    return re.sub(r"\s*-\s*", "-", " ".join(words))


@lru_cache(maxsize=65536)
def negated(text: str) -> bool:
    """Whether the main clause is negated; relative and subordinate clauses are left out."""
    main = SUBORDINATE.sub(" ", PARENTHESIS.sub(" ", text))
    return bool(NEGATION.search(main))


def vetoes(first: str, second: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """Every veto that holds between two statements' texts, in a fixed order."""
    found = []
    a, b = stated_figures(first), stated_figures(second)
    if figures_differ(a, b):
        found.append(FIGURES)
    elif {f.kind for f in a} != {f.kind for f in b}:
        found.append(FIGURE_MISSING)
    if vocabulary.entities(first) != vocabulary.entities(second):
        found.append(ENTITIES)
    if negated(first) != negated(second):
        found.append(POLARITY)
    return tuple(found)


def figures_differ(a: frozenset[StatedFigure], b: frozenset[StatedFigure]) -> bool:
    """The FIGURES veto between two texts that state ``a`` and ``b``: for a kind of figure both
    state, they state different figures of it."""
    shared = {f.kind for f in a} & {f.kind for f in b}
    return any({f for f in a if f.kind == k} != {f for f in b if f.kind == k} for k in shared)


def veto_key(text: str, vocabulary: Vocabulary) -> tuple:
    """What ``vetoes`` compares, as one value: no veto holds between two texts exactly when their
    keys are equal (the same stated figures, entities and polarity). So statements that may merge
    are found by grouping on the key, with no comparison of pairs."""
    return (stated_figures(text), vocabulary.entities(text), negated(text))


def explain_vetoes(first: str, second: str, vocabulary: Vocabulary) -> list[str]:
    """Each veto between two texts in words a reviewer can check: which figure or which name
    differs, or which side is negated."""
    found = []
    a, b = stated_figures(first), stated_figures(second)
    reasons = vetoes(first, second, vocabulary)
    if FIGURES in reasons:
        kinds = sorted({f.kind for f in a} & {f.kind for f in b})
        for kind in kinds:
            left = sorted(f.value for f in a if f.kind == kind)
            right = sorted(f.value for f in b if f.kind == kind)
            if left != right:
                found.append(f"figures differ ({kind}): {', '.join(left)} vs {', '.join(right)}")
    if FIGURE_MISSING in reasons:
        only = sorted(f.value for f in a ^ b)
        found.append(f"a figure only one of them gives: {', '.join(only)}")
    if ENTITIES in reasons:
        left = sorted(vocabulary.entities(first) - vocabulary.entities(second))
        right = sorted(vocabulary.entities(second) - vocabulary.entities(first))
        names = lambda items: ", ".join(i.split(":", 1)[1] for i in items) or "none"  # noqa: E731
        found.append(f"they name different things: {names(left)} vs {names(right)}")
    if POLARITY in reasons:
        negated_side = "the statement" if negated(first) else "the claim"
        found.append(f"only {negated_side} is negated ('not', 'no', 'never'...)")
    return found
