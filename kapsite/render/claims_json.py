"""``claims.json``: every claim of the site, for readers and tools."""

from __future__ import annotations

import json

from kapsite.model import TopicPage


def claims_json(pages: list[TopicPage]) -> str:
    """Every claim, for readers and tools: text, where it is, its sources and support."""
    claims = [
        {
            "id": cluster.id,
            "text": cluster.text,
            "question": cluster.question,
            "page": page.slug,
            "section": section.id,
            "url": f"{page.slug}/#{cluster.id}",
            "articles": list(cluster.articles),
            "statements": [{"article": m.article, "line": m.line} for m in cluster.members],
            "citations": list(cluster.citation_keys),
            "figures": list(cluster.figures),
            "evidence": cluster.evidence,
            "flags": list(cluster.flags),
        }
        for page in pages
        for section in page.sections
        for cluster in section.clusters
    ]
    return json.dumps({"claims": claims}, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
