"""The claims' entries added to the theme's search index (``search/search_index.json``), after
its search plugin has written it. The entries themselves are made by the engine
(``render.search``) and kept with its output, so that a build taken whole from the cache adds
them without importing the engine."""

from __future__ import annotations

import json
from collections.abc import Sequence

from kapsite.output import ClaimEntry
from kapsite.text.html import escape

__all__ = ["with_claim_entries"]


def with_claim_entries(index: str, claims: Sequence[ClaimEntry]) -> str:
    """The theme's search index with an entry per claim, after the entries of the page that
    shows it. The theme's search reads a page's first entry as the page itself and the later
    ones as its sections, so a page the index lacks gets a first entry naming it."""
    data = json.loads(index)
    ours = {f"{claim.path}/#{claim.anchor}" for claim in claims}
    # Entries an earlier run added (``kapsite finish`` may run twice on one site) are replaced.
    docs: list[dict] = [doc for doc in data["docs"] if doc["location"] not in ours]
    by_path: dict[str, list[dict]] = {}
    for claim in claims:
        by_path.setdefault(f"{claim.path}/", []).append(_entry(claim))
    out: list[dict] = []
    for position, doc in enumerate(docs):
        out.append(doc)
        path = doc["location"].split("#")[0]
        following = (
            docs[position + 1]["location"].split("#")[0] if position + 1 < len(docs) else None
        )
        if following != path:  # the page's last entry
            out += by_path.pop(path, [])
    for path, entries in by_path.items():  # pages the theme left out of its index
        first = next(c for c in claims if f"{c.path}/" == path)
        out += [{"location": path, "title": escape(first.page_title), "text": ""}, *entries]
    data["docs"] = out
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _entry(claim: ClaimEntry) -> dict:
    # The theme shows the text under the claim, as HTML: the question it answers, then the
    # sources' other words.
    text = "".join(
        f"<p>{escape(part)}</p>" for part in (claim.question, claim.source_words) if part
    )
    return {
        "location": f"{claim.path}/#{claim.anchor}",
        "title": escape(claim.words),
        "text": text,
    }
