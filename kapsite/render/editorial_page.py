"""The "Editorial decisions" page: for each source article, what the editors corrected and what
they left out, with the reason. Corrections are made in the open; nothing is dropped silently."""

from __future__ import annotations

from collections.abc import Sequence

from kapsite.inputs.claims import LEFT_OUT_REASONS, LeftOut
from kapsite.model import Article, Statement, TopicPage
from kapsite.text.html import escape

EDITORIAL_SLUG = "editorial-decisions"


def render_editorial_page(
    pages: Sequence[TopicPage],
    articles: Sequence[Article],
    left_out: Sequence[tuple[Statement, LeftOut]],
) -> str:
    corrected: dict[str, list[tuple[Statement, str, str, str]]] = {}
    for page in pages:
        for section in page.sections:
            for claim in section.clusters:
                for statement in claim.corrects:
                    corrected.setdefault(statement.article, []).append(
                        (statement, page.where(claim.id), claim.id, claim.note)
                    )
    dropped: dict[str, list[tuple[Statement, LeftOut]]] = {}
    for statement, entry in left_out:
        dropped.setdefault(statement.article, []).append((statement, entry))
    out = [
        "---",
        'description: "What the editors corrected or left out of each source article, and why."',
        "---",
        "",
        "# Editorial decisions",
        "",
        "We write every statement on this site in our own plain words, from the source articles. "
        "Where a source says something wrong, we correct it in the open. Where a sentence holds "
        "no fact to keep, we leave it out. This page lists both, for each source article.",
        "",
    ]
    for article in sorted(articles, key=lambda a: a.slug):
        fixes = sorted(corrected.get(article.slug, []), key=lambda x: x[0].line)
        gone = sorted(dropped.get(article.slug, []), key=lambda x: x[0].line)
        if not fixes and not gone:
            continue
        out += [f"## {escape(article.title)} {{ #{article.slug} }}", ""]
        if fixes:
            out += ["**Corrected:**", ""]
            for statement, page, claim_id, note in fixes:
                out.append(
                    f'- <span id="{statement.id.replace(":", "-")}"></span>Line {statement.line}: '
                    f"“{escape(statement.text)}” {escape(note)} "
                    f"[See the corrected statement]({page}.md#{claim_id})."
                )
            out.append("")
        if gone:
            out += ["**Left out:**", ""]
            for statement, entry in gone:
                why = LEFT_OUT_REASONS[entry.reason]
                note = f" {escape(entry.note)}" if entry.note else ""
                out.append(
                    f'- <span id="{statement.id.replace(":", "-")}"></span>Line {statement.line}: '
                    f"“{escape(statement.text)}” *Why: {escape(why)}.*{note}"
                )
            out.append("")
    return "\n".join(out).rstrip() + "\n"
