"""The build report: what became of every sentence of every article (nothing lost).

Each statement is shown as a claim (it gives the claim its wording), merged into a claim (which
one), or left out (why). Headings are not statements: they are listed as left out, with what
they do instead. The report is written beside claims.json as build-report.json, with paths
relative to the project, sorted, and without times, so two builds give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from kapsite.errors import ContentError
from kapsite.model import Article, Cluster, Statement, TopicPage
from kapsite.text.markdown_source import read

SHOWN = "claim"
MERGED = "merged"
LEFT_OUT = "left-out"
HEADING_REASON = "heading: not a claim; it routes the claims under it to a section"
QUESTION_REASON = "FAQ question: shown above the claims that answer it"
NOT_CLUSTERED = "it belongs to no claim (an engine bug: please report it)"


def build_report(
    articles: Iterable[Article],
    statements: Iterable[Statement],
    pages: Iterable[TopicPage],
    root: Path,
    warnings: Iterable[ContentError] = (),
) -> dict:
    placed: dict[tuple[str, int, str], list[dict]] = {}
    for page in pages:
        for section in page.sections:
            for cluster in section.clusters:
                for index, member in enumerate(cluster.members):
                    fate = _placed(cluster, index, page.slug, section.id)
                    placed.setdefault(_key(member), []).append(fate)
    by_article: dict[str, list[dict]] = {}
    for statement in statements:
        fates = placed.get(_key(statement))
        fate = fates.pop(0) if fates else {"fate": LEFT_OUT, "reason": NOT_CLUSTERED}
        item = {"line": statement.line, "kind": statement.kind, "text": statement.text, **fate}
        by_article.setdefault(statement.article, []).append(item)
    report_articles = []
    for article in sorted(articles, key=lambda a: a.slug):
        items = by_article.get(article.slug, []) + _headings(article)
        items.sort(key=lambda i: (i["line"], i["fate"] != LEFT_OUT, i["text"]))
        report_articles.append(
            {"slug": article.slug, "path": _relative(article.path, root), "items": items}
        )
    every = [i for a in report_articles for i in a["items"]]
    return {
        "articles": report_articles,
        "summary": {fate: sum(i["fate"] == fate for i in every) for fate in _FATES},
        "warnings": [str(w.relative_to(root)) for w in warnings],
    }


def report_json(report: dict) -> str:
    return json.dumps(report, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def unaccounted(report: dict) -> list[str]:
    """Statements the report cannot account for: in no claim on any page."""
    return [
        f"{a['path']}:{i['line']}: {i['reason']}"
        for a in report["articles"]
        for i in a["items"]
        if i["fate"] == LEFT_OUT and i["reason"] == NOT_CLUSTERED
    ]


_FATES = (SHOWN, MERGED, LEFT_OUT)


def _placed(cluster: Cluster, index: int, page: str, section: str) -> dict:
    where = {"claim": cluster.id, "page": page, "section": section}
    where["url"] = f"{page}/#{cluster.id}"
    if index == 0:
        return {"fate": SHOWN, **where}
    first = cluster.members[0]
    return {"fate": MERGED, "merged_with": f"{first.article}:{first.line}", **where}


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
        for heading in read(article.body).headings
    ]


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
