"""Stable links: every published page URL and anchor, locked in ``anchors.lock``.

Advocacy groups link to pages, sections and single claims for years. The lock lists every URL
and anchor the site publishes; a build that would drop one fails, naming it, unless
``content/redirects.yml`` says where it went. ``kapsite lock`` refreshes the lock on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

import markdown

from kapsite.errors import ContentError
from kapsite.text.html import escape

if TYPE_CHECKING:  # named in annotations only: ``page_url`` serves every built page
    from kapsite.cache import Cache
    from kapsite.inputs.docs_pages import DocsPage
    from kapsite.inputs.load import AnchorsLock
    from kapsite.inputs.redirects import Redirects
    from kapsite.model import TopicPage

LOCK_HEADER = (
    "# Every published page URL and anchor. A build fails when one disappears without an entry\n"
    "# in content/redirects.yml. Refresh on purpose only: kapsite lock\n"
)


def page_url(src_uri: str) -> str:
    """MkDocs' directory URLs: index.md -> /, about.md -> /about/, a/index.md -> /a/."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return "/"
    return "/" + stem.removesuffix("/index") + "/"


def generated_anchors(pages: Iterable[TopicPage], extra_pages: Iterable[str] = ()) -> set[str]:
    anchors: set[str] = {page_url(f"{slug}.md") for slug in extra_pages}
    for page in pages:
        url = page_url(f"{page.slug}.md")
        anchors.add(url)
        anchors.update(f"/{part.path}/" for part in page.parts)
        anchors.update(f"/{path}/" for path in page.retired)
        anchors.update(f"/{landing.at}/#{landing.anchor}" for landing in page.landings)
        for section in page.sections:
            anchors.add(f"{url}#{section.id}")  # a split page keeps its sections as an index
            for cluster in section.clusters:
                shown = page_url(f"{page.where(cluster.id)}.md")
                anchors.update(f"{shown}#{anchor}" for anchor in (cluster.id, *cluster.aliases))
    return anchors


def docs_anchors(pages: Iterable[DocsPage], cache: Cache | None = None) -> set[str]:
    """Hand-written pages and their heading anchors, computed the way MkDocs' toc does. With a
    ``cache``, a page converted before (the same source) is not converted again."""
    anchors: set[str] = set()
    for page in pages:
        url = page_url(page.src_uri)
        anchors.add(url)
        key = cache.key("heading-ids", page.source) if cache else ""
        ids = cache.load("heading-ids", key, tuple[str, ...]) if cache else None
        if ids is None:
            ids = heading_ids(page.source)
            if cache:
                cache.store("heading-ids", key, ids)
        anchors.update(f"{url}#{anchor}" for anchor in ids)
    return anchors


def heading_ids(source: str) -> tuple[str, ...]:
    """The ids MkDocs gives a page's headings: its Markdown converted as MkDocs' toc does."""
    converter = markdown.Markdown(
        extensions=["toc", "attr_list", "md_in_html", "admonition", "meta"]
    )
    converter.convert(source)
    return tuple(token["id"] for token in _flatten(converter.toc_tokens))


def _flatten(tokens: list[dict]) -> Iterable[dict]:
    for token in tokens:
        yield token
        yield from _flatten(token.get("children", []))


def lock_text(anchors: Iterable[str]) -> str:
    return LOCK_HEADER + "".join(f"{anchor}\n" for anchor in sorted(set(anchors)))


def check_redirects(redirects: Redirects, published: set[str]) -> list[ContentError]:
    """Every redirect must lead to a URL or anchor the site publishes, and never round in a
    loop (each end of a loop 'exists' only as the other's old name)."""
    errors = []
    for old, new in redirects.moves.items():
        seen = [old]
        while new in redirects.moves and new not in seen:
            seen.append(new)
            new = redirects.moves[new]
        if new in seen:
            errors.append(
                ContentError(
                    redirects.path,
                    redirects.line_of(old),
                    "the redirects go round in a loop: " + " -> ".join([*seen, new]),
                    "point the last of them at the page or anchor where the content is now",
                )
            )
        elif redirects.moves[old] not in published:
            errors.append(
                ContentError(
                    redirects.path,
                    redirects.line_of(old),
                    f"the redirect for '{old}' points to '{redirects.moves[old]}', "
                    "which does not exist",
                    "point it at a published URL or anchor",
                )
            )
    return errors


def check_lock(
    lock: AnchorsLock, published: AbstractSet[str], redirects: Redirects
) -> list[ContentError]:
    """An error for every locked URL or anchor the site no longer publishes and no redirect covers."""
    errors = []
    for line, anchor in lock.entries:
        if anchor in published:
            continue
        target = redirects.moves.get(anchor)
        if target is None:
            errors.append(
                ContentError(
                    lock.path,
                    line,
                    f"the published link '{anchor}' would disappear",
                    f"add '{anchor}: <new URL>' to content/redirects.yml, or restore it; "
                    "run 'kapsite lock' only if removing it is intended",
                )
            )
    return errors


def redirect_pages(redirects: Redirects) -> dict[str, str]:
    """A small HTML page at each moved page URL that sends the reader on (no JavaScript)."""
    pages = {}
    for old, new in redirects.moves.items():
        if "#" in old:
            continue
        src = old.strip("/") + "/index.html" if old.strip("/") else "index.html"
        target = escape(new)
        pages[src] = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<title>Moved</title><meta http-equiv="refresh" content="0; url={target}">'
            f'<link rel="canonical" href="{target}"></head>'
            f'<body><p>This page has moved to <a href="{target}">{target}</a>.</p></body></html>\n'
        )
    return pages


def published_anchors(
    pages: Iterable[TopicPage],
    extra_pages: Iterable[str],
    docs_pages: Iterable[DocsPage],
    redirects: Redirects,
    cache: Cache | None = None,
) -> frozenset[str]:
    """Every URL and anchor the site publishes: generated pages, hand-written pages, and the
    old anchors that redirects keep alive on a page (aliases and pointers)."""
    pages = list(pages)
    anchors = generated_anchors(pages, extra_pages) | docs_anchors(docs_pages, cache)
    for page in pages:
        # On a split page too: an old anchor of a claim now on a part is among its landings.
        anchors |= {f"/{page.slug}/#{old}" for old in redirects.on_page(page.slug)}
        anchors |= {f"/{page.slug}/#{old}" for old in redirects.moved_away(page.slug)}
    return frozenset(anchors)
