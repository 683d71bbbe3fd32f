"""``content/kit.yml``: which claims the Suicide Prevention Month kit page shows, and in what
order. The page repeats the claims' own words; this file only picks them, so an advocate's
copy always matches the topic page the permalink leads to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kapsite.errors import ContentError, raise_together
from kapsite.inputs.yamlfile import item_line, key_line, read_yaml

SLUG = "suicide-prevention-month"  # a published URL: never change it
FIX = "see the comments at the top of content/kit.yml for the format"


@dataclass(frozen=True)
class KitStatistic:
    """A statistic of the press kit: the claim that states it, its year and source."""

    claim: str  # the claim's id: its anchor on its topic page
    year: int  # the newest year the figure is from, as the claim or its note states it
    source: str  # who published the figure, as the claim or its note names it
    line: int


@dataclass(frozen=True)
class KitFact:
    """A fact of the press kit: the claim that states it."""

    claim: str
    line: int


@dataclass(frozen=True)
class Kit:
    """The press kit page (content/kit.yml): its words, statistics and facts."""

    path: Path
    slug: str
    title: str
    intro: str
    reviewed: dt.date  # when an editor last checked the page: the figures' age counts from it
    outdated_after_years: int
    statistics: tuple[KitStatistic, ...]
    facts: tuple[KitFact, ...]
    line: int = 1  # where the title is, for errors about the page's own words
    intro_line: int = 1

    @property
    def claim_ids(self) -> tuple[tuple[str, int], ...]:
        return tuple((e.claim, e.line) for e in (*self.statistics, *self.facts))

    def outdated(self, statistic: KitStatistic) -> bool:
        return self.reviewed.year - statistic.year > self.outdated_after_years


def load_kit(path: Path) -> Kit | None:
    """The kit, or None when the project has no ``content/kit.yml`` (no kit page)."""
    data = read_yaml(path, fix=FIX)
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ContentError(path, 1, "the kit file must be a mapping of keys", FIX)
    errors: list[ContentError] = []
    for key in ("title", "intro", "reviewed"):
        if not data.get(key):
            errors.append(ContentError(path, key_line(data, key), f"'{key}' is missing", FIX))
    for key in ("statistics", "facts"):  # either may be empty while the kit is drafted
        if not isinstance(data.get(key), list):
            errors.append(ContentError(path, key_line(data, key), f"'{key}' needs a list", FIX))
    reviewed = data.get("reviewed")
    if reviewed and not isinstance(reviewed, dt.date):
        errors.append(
            ContentError(
                path,
                key_line(data, "reviewed"),
                f"'reviewed' is {reviewed!r}, not a date",
                "write the date as YYYY-MM-DD",
            )
        )
    years = data.get("outdated_after_years", 5)
    if not isinstance(years, int) or isinstance(years, bool) or years < 1:
        errors.append(
            ContentError(
                path,
                key_line(data, "outdated_after_years"),
                f"'outdated_after_years' is {years!r}",
                "give a whole number of years, such as 5",
            )
        )
    statistics = _statistics(path, data.get("statistics") or [], errors)
    facts = _facts(path, data.get("facts") or [], errors)
    seen: dict[str, int] = {}
    for claim, line in ((e.claim, e.line) for e in (*statistics, *facts)):
        if claim in seen:
            errors.append(
                ContentError(
                    path,
                    line,
                    f"the claim '{claim}' is listed twice (first on line {seen[claim]})",
                    "list each claim once",
                )
            )
        seen.setdefault(claim, line)
    raise_together(errors)
    return Kit(
        path=path,
        slug=SLUG,
        title=str(data["title"]),
        intro=" ".join(str(data["intro"]).split()),
        reviewed=reviewed,
        outdated_after_years=years,
        statistics=statistics,
        facts=facts,
        line=key_line(data, "title") or 1,
        intro_line=key_line(data, "intro") or 1,
    )


def _statistics(path: Path, items: object, errors: list[ContentError]) -> tuple[KitStatistic, ...]:
    found = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        line = item_line(items, index) or 1
        year = item.get("year") if isinstance(item, dict) else None
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("claim"), str)
            or not isinstance(year, int)
            or not item.get("source")
        ):
            errors.append(
                ContentError(
                    path,
                    line,
                    f"a statistic needs 'claim', 'year' and 'source': {item!r}",
                    "write {claim: claim-id, year: 2019, source: World Health Organization}",
                )
            )
            continue
        found.append(KitStatistic(item["claim"], year, str(item["source"]), line))
    return tuple(found)


def _facts(path: Path, items: object, errors: list[ContentError]) -> tuple[KitFact, ...]:
    found = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        line = item_line(items, index) or 1
        if not isinstance(item, str):
            errors.append(
                ContentError(path, line, f"a fact is a claim id, not {item!r}", "write - claim-id")
            )
            continue
        found.append(KitFact(item, line))
    return tuple(found)
