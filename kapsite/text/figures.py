"""Figures in a claim: percentages, counts, times and ranges, read from the text.

A claim that states a figure needs a study behind it; dates (a year, a decade) are history, not
figures, and are left out. Deduplication will compare figures by kind, so each has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = (
    r"seconds?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|years?|sessions?|doses?|"
    r"infusions?|patients?|people|adults?|participants?|times?"
)
# Abbreviated units and the unit they stand for: "40 min" is "40 minutes".
ABBREVIATED = {"min": "minute", "mins": "minute", "h": "hour", "hr": "hour", "hrs": "hour"}
FIGURE = re.compile(
    rf"""
    # 70, 800,000, 10-20, 2.5; a range may repeat its unit ("65%-70%", "$425-$750"); a comma
    # after a number ("in 1965, as") ends it.
    (?P<value>\d(?:,?\d)*(?:\.\d+)?(?:\s?%?\s?(?:-|–|to)\s?[$£€]?\d(?:,?\d)*(?:\.\d+)?)?)
    \s?(?P<unit>%|percent\b|per\s?cent\b|(?:{UNITS})\b|million\b|billion\b)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Number words and the value they stand for: the one table figures are read and compared with.
NUMBER_VALUES = {
    "a": "1", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "fifteen": "15", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60",
    "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100", "thousand": "1000",
    "half": "1/2", "a quarter": "1/4", "three-quarters": "3/4",
}  # fmt: skip
# "two weeks" is a figure, "a week" and "one of the" are not: words from two up count.
NUMBER_WORDS = "|".join(w for w, v in NUMBER_VALUES.items() if v.isdigit() and int(v) >= 2)
TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
WORD_FIGURE = re.compile(
    rf"""\b(?:half|a\ quarter|three-quarters|millions?|billions?
    |(?:(?:{TENS})-)?(?:{NUMBER_WORDS})\s+(?:or\ more|{UNITS})
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
# Every match of WORD_FIGURE holds one of these as a whole word (lower case, hyphens splitting
# words): an ASCII text with none of them is not searched, a quick test where the search is slow.
WORD_FIGURE_WORDS = frozenset(
    ("half", "quarter", "million", "millions", "billion", "billions", *NUMBER_WORDS.split("|"))
)
LETTERS = re.compile(r"[a-z]+")
YEAR = re.compile(r"^(1[89]|20)\d\d(s|’s|'s)?$")
MONTH = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? $"
)
MONTH_AFTER = re.compile(
    r"\s?(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b"
)
COMPOUND = re.compile(rf"^({TENS})-({NUMBER_WORDS})$", re.IGNORECASE)


def number_value(word: str) -> str:
    """A number word's value as digits ("twenty-four" is "24"), or the word as it is."""
    word = word.lower()
    compound = COMPOUND.match(word)
    if compound:
        return str(int(NUMBER_VALUES[compound[1]]) + int(NUMBER_VALUES[compound[2]]))
    return NUMBER_VALUES.get(word, word)


@dataclass(frozen=True)
class Figure:
    """A figure in a text: a percentage, a time, a count or an amount."""

    text: str  # as written, e.g. "70%"
    kind: str  # percent | time | count | amount


def figures(text: str) -> tuple[Figure, ...]:
    found: list[Figure] = []
    taken = []  # every number's span, kept or not: a number word inside one is part of it
    for match in FIGURE.finditer(text):
        taken.append(match.span())
        value, unit = match["value"], (match["unit"] or "").lower()
        after = text[match.end() : match.end() + 2]
        if not unit and (YEAR.match(value + after.rstrip()[:1]) or _years(value)):
            continue  # a year, a decade or a span of years: history, not a figure
        if not unit and re.search(r"[A-Za-z]-?$", text[max(0, match.start() - 2) : match.start()]):
            continue  # part of a name such as "COVID-19" or "mTORC1"
        if not unit and (
            MONTH.search(text[max(0, match.start() - 10) : match.start()])
            or MONTH_AFTER.match(text, match.end())
        ):
            continue  # the day of a date: "August 3, 1964", "on 3 August 2020"
        found.append(Figure(match[0].strip(), _kind(unit)))
    for match in WORD_FIGURE.finditer(text) if may_hold_word_figure(text) else ():
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue  # "million" in "264 million" is part of that figure
        unit = match[0].split()[-1].lower()
        found.append(Figure(match[0], _kind(unit) if len(match[0].split()) > 1 else "amount"))
    return tuple(found)


def may_hold_word_figure(text: str) -> bool:
    """False only where WORD_FIGURE cannot match. Outside ASCII, case rules the regex applies
    ("K", the Kelvin sign, matches "k") are its own: such a text is always searched."""
    if not text.isascii():
        return True
    return not WORD_FIGURE_WORDS.isdisjoint(LETTERS.findall(text.lower()))


def _kind(unit: str) -> str:
    if unit in ("%", "percent", "per cent", "percent") or unit.startswith("per"):
        return "percent"
    if re.match(r"(seconds?|minutes?|hours?|days?|weeks?|months?|years?)$", unit) or (
        unit in ABBREVIATED
    ):
        return "time"
    if unit in ("million", "billion", "millions", "billions"):
        return "amount"  # "264 million" and "millions" are compared as amounts
    if unit:
        return "count"
    return "amount"


def _years(value: str) -> bool:
    """'1970', or a span of years such as '2017 to 2019' or '2017-2019'."""
    ends = re.split(r"\s?(?:-|–|to)\s?", value)
    return all(YEAR.match(end) for end in ends)
