"""The bibliography page: every reference once, and the pages that rely on it."""

from __future__ import annotations

from collections import Counter

from kapsite.model import Reference, TopicPage
from kapsite.render.topic_page import status_html
from kapsite.text.html import escape

BIBLIOGRAPHY_SLUG = "bibliography"
GROUP_TITLES = (
    ("study", "Studies", "studies"),
    ("official", "Regulatory and official documents", "official"),
    ("source-article", "The source articles", "source-articles"),
)


def render_bibliography(pages: list[TopicPage], references: dict[str, Reference]) -> str:
    """Every reference once, grouped, each with its anchor and the pages whose claims cite it."""
    cited_on: dict[str, list[tuple[TopicPage, int]]] = {}
    for page in pages:
        # How many of the page's claims cite each key, and draw on each article: counted in one
        # pass over the claims, not once per reference or article (that grew as their product).
        claims_citing: Counter[str] = Counter()
        claims_from: Counter[str] = Counter()
        for claim in (c for s in page.sections for c in s.clusters):
            claims_citing.update(claim.citation_keys)
            claims_from.update(claim.articles)
        listed = {r.key for r in page.references}
        for ref in page.references:
            cited_on.setdefault(ref.key, []).append((page, claims_citing[ref.key]))
        for article in page.articles:
            if article.source.key in references and article.source.key not in listed:
                cited_on.setdefault(article.source.key, []).append(
                    (page, claims_from[article.slug])
                )
    out = [
        "# All references",
        "",
        "Every study, document and source article the topic pages draw on, listed once. "
        "Each entry says whether we could check it, and which pages rely on it.",
        "",
    ]
    for group, title, anchor in GROUP_TITLES:
        refs = [references[k] for k in sorted(references) if references[k].group == group]
        if not refs:
            continue
        out += [f"## {title} {{ #{anchor} }}", ""]
        for ref in refs:
            used = cited_on.get(ref.key, [])
            where = "; ".join(
                f"[{escape(p.title)}]({p.slug}.md#references) ({n} claim{'s' if n != 1 else ''})"
                for p, n in used
            )
            out += [
                f'<div class="kap-reference" id="ref-{ref.key}" markdown>',
                "",
                f"{ref.html} {status_html(ref, collapsed=False)}",
                "",
                f"Used on: {where}" if where else "*Not cited on any topic page yet.*",
                "",
                "</div>",
                "",
            ]
    return "\n".join(out).rstrip() + "\n"
