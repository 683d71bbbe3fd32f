"""'Page last reviewed' and 'Next review due', like NHS pages, from content dates only.

A page built from several articles is only as fresh as its least recently reviewed one, so the
oldest date counts. The build clock is never used: the same content gives the same dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kapsite.text.html import NOT_SEARCHED

if TYPE_CHECKING:  # every page's notices print review dates; the model is not needed for them
    from kapsite.model import Article

REVIEW_INTERVAL_MONTHS = 12


def review_dates(dates: Iterable[str]) -> tuple[dt.date, dt.date] | None:
    """None when any date is missing: a page is only as fresh as its least reviewed part, and a
    publication date is not a review, so a page with an unreviewed article says so."""
    dates = list(dates)
    if not dates or not all(dates):
        return None
    known = sorted(dt.date.fromisoformat(d) for d in dates)
    last = known[0]
    return last, _add_months(last, REVIEW_INTERVAL_MONTHS)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):  # 29 February -> 28 February
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def topic_review_dates(articles: Iterable[Article]) -> list[str]:
    """A topic page's dates: only its articles' own review dates count, so an article never
    reviewed makes the page say so."""
    return [article.reviewed for article in articles]


def review_html(dates: Iterable[str]) -> str:
    found = review_dates(dates)
    if found is None:
        return f'<p class="kap-review" {NOT_SEARCHED}>This page has not been reviewed yet.</p>'
    last, due = found
    return (
        f'<p class="kap-review" {NOT_SEARCHED}>Page last reviewed: '
        f'<time datetime="{last.isoformat()}">'
        f"{long_date(last)}</time>. Next review due: "
        f'<time datetime="{due.isoformat()}">{long_date(due)}</time>.</p>'
    )


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)  # not strftime: its month names follow the locale


def long_date(day: dt.date) -> str:
    """A date as readers write it: 20 November 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
