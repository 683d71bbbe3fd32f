"""The build report: what became of every sentence of every article (nothing lost).

Each statement supports one or more claims (which), is corrected by a claim (which), is pending
review (shown as it is), or is left out (why). Headings are not statements: they are listed as
left out, with what they do instead. The report is written beside claims.json as build-report.json, with paths
relative to the project, sorted, and without times, so two builds give the same bytes; one
sentence a line (``report_json``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from kapsite.errors import ContentError, relative_texts
from kapsite.files import relative_path
from kapsite.inputs.claims import LeftOut
from kapsite.model import Article, Statement, TopicPage
from kapsite.text.markdown_source import headings

SUPPORTS = "supports"  # it supports one or more claims (shown in their record)
CORRECTED = "corrected"  # a claim puts it right, with an editors' note
PENDING = "pending"  # nobody has reviewed it yet: shown as it is, marked "not yet reviewed"
LEFT_OUT = "left-out"  # shown nowhere, for the reason given
HEADING_REASON = "heading: not a claim; it routes the claims under it to a section"
QUESTION_REASON = "FAQ question: shown above the claims that answer it"
NOT_CLUSTERED = "it belongs to no claim (an engine bug: please report it)"
_FATES = (SUPPORTS, CORRECTED, PENDING, LEFT_OUT)


def build_report(
    articles: Iterable[Article],
    statements: Iterable[Statement],
    pages: Iterable[TopicPage],
    root: Path,
    warnings: Iterable[ContentError] = (),
    left_out: Iterable[tuple[Statement, LeftOut]] = (),
) -> dict:
    """The report as one dict (``report_json`` writes it); ``report_chunks`` writes the same
    text without holding every article's records at once."""
    report_articles = list(article_reports(articles, statements, pages, root, left_out))
    totals = _Totals()
    for article in report_articles:
        totals.count(article)
    return {"articles": report_articles, **totals.fields(relative_texts(warnings, root))}


def article_reports(
    articles: Iterable[Article],
    statements: Iterable[Statement],
    pages: Iterable[TopicPage],
    root: Path,
    left_out: Iterable[tuple[Statement, LeftOut]] = (),
) -> Iterator[dict]:
    """Each article's part of the report, by slug: its path and each of its items (statements
    and headings, by line), each item with its fate. Made one article at a time."""
    # Each statement shown somewhere: [fate, the claims] or [LEFT_OUT, reason, note]. A list,
    # not the item's dict: 750,000 of them at 10,000 synthetic articles, held until the last.
    shown: dict[tuple[str, int, str], list] = {}
    for page in pages:
        for section in page.sections:
            for claim in section.clusters:
                where = {"id": claim.id, "url": f"{page.where(claim.id)}/#{claim.id}"}
                for member in claim.members:
                    fate = shown.setdefault(
                        _key(member), [PENDING if claim.pending else SUPPORTS, []]
                    )
                    if where not in fate[1]:
                        fate[1].append(where)
                for member in claim.corrects:
                    shown.setdefault(_key(member), [CORRECTED, []])[1].append(where)
    for statement, entry in left_out:
        shown.setdefault(_key(statement), [LEFT_OUT, entry.reason, entry.note])
    by_article: dict[str, list[Statement]] = {}
    for statement in statements:
        by_article.setdefault(statement.article, []).append(statement)
    for article in sorted(articles, key=lambda a: a.slug):
        items = [
            {
                "id": statement.id,
                "line": statement.line,
                "kind": statement.kind,
                "text": statement.text,
                **_fate(shown.get(_key(statement))),
            }
            for statement in by_article.pop(article.slug, [])
        ] + _headings(article)
        items.sort(key=lambda i: (i["line"], i["fate"] != LEFT_OUT, i["text"]))
        yield {"slug": article.slug, "path": relative_path(article.path, root), "items": items}


def _fate(shown: list | None) -> dict:
    """A statement's fate as its item in the report gives it."""
    if shown is None:
        return {"fate": LEFT_OUT, "reason": NOT_CLUSTERED}
    if shown[0] == LEFT_OUT:
        return {"fate": LEFT_OUT, "reason": shown[1], "note": shown[2]}
    return {"fate": shown[0], "claims": shown[1]}


class _Totals:
    """The report's fields after its articles, counted an article at a time: how many items had
    each fate, how many were left out for each reason."""

    def __init__(self) -> None:
        self.fates: Counter[str] = Counter()
        self.by_reason: Counter[str] = Counter()

    def count(self, article: dict) -> None:
        for item in article["items"]:
            self.fates[item["fate"]] += 1
            if item["fate"] == LEFT_OUT:
                self.by_reason[item["reason"]] += 1

    def fields(self, warnings: list[str]) -> dict:
        return {
            "summary": {fate: self.fates[fate] for fate in _FATES},
            "left_out_by_reason": {r: self.by_reason[r] for r in sorted(self.by_reason)},
            "warnings": warnings,
        }


# The standard library's C encoder: it is used only without ``indent``, and an indented report
# went through the pure-Python one (8.4 s of a profiled build at 1,000 synthetic articles).
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def report_json(report: dict) -> str:
    """The report as JSON with one record per line: each article's slug and path, then each of
    its sentences (and headings) on a line of its own, then the summary, the reasons and each
    warning. Any JSON reader reads it whole; ``grep`` finds a sentence's line."""
    return "".join(report_chunks(report["articles"], report["warnings"]))


def report_chunks(
    report_articles: Iterable[dict], warnings: Iterable[str], lost: list[str] | None = None
) -> Iterator[str]:
    """``report_json``'s text in pieces, an article at a time, then the warnings a thousand at a
    time: at 10,000 synthetic articles the report is over 500 million characters, and held whole
    (with every article's records) it took more memory than the rest of the build. ``lost``
    collects ``unaccounted``'s lines."""
    totals = _Totals()
    yield '{\n"articles": '
    first = True
    for a in report_articles:
        totals.count(a)
        if lost is not None:
            lost += unaccounted({"articles": [a]})
        yield ("[\n" if first else ",\n") + (
            f'{{"path": {_ENCODER.encode(a["path"])}, "slug": {_ENCODER.encode(a["slug"])}, '
            f'"items": {_records(a["items"])}}}'
        )
        first = False
    yield "[]" if first else "\n]"
    fields = totals.fields([])
    for key in sorted({*fields, "warnings"}):
        yield f",\n{_ENCODER.encode(key)}: "
        if key == "warnings":
            yield from _records_in_pieces(warnings)
        else:
            yield _ENCODER.encode(fields[key])
    yield "\n}\n"


def _records_in_pieces(values: Iterable, size: int = 1000) -> Iterator[str]:
    """``_records(values)`` in pieces of ``size`` values."""
    batch: list[str] = []
    first = True
    for value in values:
        batch.append(_ENCODER.encode(value))
        if len(batch) == size:
            yield ("[\n" if first else ",\n") + ",\n".join(batch)
            batch, first = [], False
    if batch:
        yield ("[\n" if first else ",\n") + ",\n".join(batch)
        first = False
    yield "[]" if first else "\n]"


def _records(values: list) -> str:
    """A JSON list with each value on a line of its own."""
    if not values:
        return "[]"
    return "[\n" + ",\n".join([_ENCODER.encode(value) for value in values]) + "\n]"


def unaccounted(report: dict) -> list[str]:
    """Statements the report cannot account for: in no claim on any page, and not left out."""
    return [
        f"{a['path']}:{i['line']}: {i['reason']}"
        for a in report["articles"]
        for i in a["items"]
        if i["fate"] == LEFT_OUT and i["reason"] == NOT_CLUSTERED
    ]


def _key(statement: Statement) -> tuple[str, int, str]:
    return (statement.article, statement.line, statement.text)


def _headings(article: Article) -> list[dict]:
    """Headings (ATX or setext, outside code): the only body text that is not a statement."""
    return [
        {
            "line": article.body_line + heading.line,
            "kind": "heading",
            "text": heading.text,
            "fate": LEFT_OUT,
            "reason": QUESTION_REASON if heading.question else HEADING_REASON,
        }
        for heading in headings(article.body)
    ]
