"""What the site's search finds, as the theme's search (Material 9.8) reads it.

The theme indexes every page's text by section (``plugins/search/plugin.py``). What a reader
would not search for (the disclaimer and help box every page repeats, the legend, key facts that
repeat claims, the sources under each paragraph, citation previews, reference lists and review
dates) carries ``NOT_SEARCHED``, which the plugin leaves out of its index and then removes
from the page. Claims carry it too: each claim gets an entry of its own instead
(``with_claim_entries``), so a search for its words leads to the claim's own anchor, on the
page or the part that shows it, not to the top of a long section.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from kapsite.model import TopicPage
from kapsite.render.topic_page import kept_whole, plain_claim_text
from kapsite.text.html import NOT_SEARCHED, escape

__all__ = ["NOT_SEARCHED", "ClaimEntry", "claim_entries", "with_claim_entries"]


@dataclass(frozen=True)
class ClaimEntry:
    """One claim as the search finds it: where it is shown, and its words (plain text)."""

    path: str  # the page's path from the site root, no slashes around it
    anchor: str
    words: str
    question: str  # the FAQ question it answers, or ""
    page_title: str


def claim_entries(pages: Sequence[TopicPage]) -> list[ClaimEntry]:
    """Every claim the pages show as a sentence, in page order. A claim shown as a block (a
    table or quote kept whole) is indexed by the theme with its section."""
    return [
        ClaimEntry(page.where(claim.id), claim.id, claim.text, claim.question, page.title)
        for page in pages
        for section in page.sections
        for claim in section.clusters
        if not kept_whole(claim)
    ]


def with_claim_entries(index: str, claims: Sequence[ClaimEntry]) -> str:
    """The theme's search index (``search/search_index.json``) with an entry per claim, after
    the entries of the page that shows it. The theme's search reads a page's first entry as the
    page itself and the later ones as its sections, so a page the index lacks gets a first
    entry naming it."""
    data = json.loads(index)
    docs: list[dict] = data["docs"]
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
    question = f"<p>{escape(claim.question)}</p>" if claim.question else ""
    return {
        "location": f"{claim.path}/#{claim.anchor}",
        "title": escape(plain_claim_text(claim.words)),
        "text": question,
    }
