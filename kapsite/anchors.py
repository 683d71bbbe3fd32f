"""Stable links: every published page URL and anchor, locked in ``anchors.lock``.

Advocacy groups link to pages, sections and single claims for years. The lock lists every URL
and anchor the site publishes; a build that would drop one fails, naming it, unless
``content/redirects.yml`` says where it went. ``kapsite lock`` refreshes the lock on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import markdown

from kapsite.errors import ContentError
from kapsite.files import read_text
from kapsite.model import TopicPage
from kapsite.yamlfile import key_line, read_yaml

LOCK_HEADER = (
    "# Every published page URL and anchor. A build fails when one disappears without an entry\n"
    "# in content/redirects.yml. Refresh on purpose only: kapsite lock\n"
)


@dataclass(frozen=True)
class Redirects:
    """Old URL or anchor -> new one, e.g. '/conditions/#claim-old-1a2b3c': '/conditions/#claim-new'."""

    moves: dict[str, str]
    path: Path
    lines: dict[str, int] = field(default_factory=dict)  # old URL -> its line in the file

    def line(self, old: str) -> int:
        return self.lines.get(old, 1)

    def on_page(self, slug: str) -> dict[str, str]:
        """Old anchors that now live on this page: old id -> new id, for alias targets."""
        prefix = f"/{slug}/#"
        return {
            old.split("#", 1)[1]: new.split("#", 1)[1]
            for old, new in self.moves.items()
            if "#" in old and new.startswith(prefix) and old.startswith(prefix)
        }

    def moved_away(self, slug: str) -> dict[str, str]:
        """Old anchors on this page whose claim now lives on another page: old id -> new URL."""
        prefix = f"/{slug}/#"
        return {
            old.split("#", 1)[1]: new
            for old, new in self.moves.items()
            if old.startswith(prefix) and not new.startswith(prefix)
        }


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
        for section in page.sections:
            anchors.add(f"{url}#{section.id}")
            for cluster in section.clusters:
                anchors.update(f"{url}#{anchor}" for anchor in (cluster.id, *cluster.aliases))
    return anchors


def docs_anchors(docs_dir: Path) -> set[str]:
    """Hand-written pages and their heading anchors, computed the way MkDocs' toc does."""
    anchors: set[str] = set()
    for path in sorted(docs_dir.rglob("*.md")):
        url = page_url(path.relative_to(docs_dir).as_posix())
        anchors.add(url)
        converter = markdown.Markdown(
            extensions=["toc", "attr_list", "md_in_html", "admonition", "meta"]
        )
        converter.convert(read_text(path))
        anchors.update(f"{url}#{token['id']}" for token in _flatten(converter.toc_tokens))
    return anchors


def _flatten(tokens: list[dict]) -> Iterable[dict]:
    for token in tokens:
        yield token
        yield from _flatten(token.get("children", []))


def load_redirects(path: Path) -> Redirects:
    data = read_yaml(path, fix="write one 'old: new' pair per line", default={}) or {}
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ContentError(
            path,
            1,
            "redirects must be 'old: new' pairs of URLs",
            "write e.g. '/conditions/#old-anchor: /conditions/#new-anchor'",
        )
    for old, new in data.items():
        # Both ends are addresses on this site: a redirect can never send a reader elsewhere.
        for url in (old, new):
            if not SITE_URL.match(url):
                raise ContentError(
                    path,
                    key_line(data, old),
                    f"'{url}' is not an address on this site",
                    "write site addresses that start with '/', such as /conditions/#ptsd",
                )
            # '/a/../b/' is '/b/' to a browser, but no page is made at '/a/../b/'.
            if any(part in (".", "..") for part in url.split("#", 1)[0].split("/")):
                raise ContentError(
                    path,
                    key_line(data, old),
                    f"'{url}' has a '.' or '..' part",
                    "write the address as readers see it, without '.' or '..' parts",
                )
    return Redirects(dict(sorted(data.items())), path, _lines(data))


SITE_URL = re.compile(r"^/(?!/)[A-Za-z0-9._~/-]*(?:#[A-Za-z0-9._-]+)?$")


def _lines(data: dict) -> dict[str, int]:
    return {old: key_line(data, old) or 1 for old in data}


def read_lock(path: Path) -> list[tuple[int, str]]:
    lines = read_text(path).split("\n")
    return [
        (n, line.strip())
        for n, line in enumerate(lines, start=1)
        if line.strip() and not line.startswith("#")
    ]


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
                    redirects.line(old),
                    "the redirects go round in a loop: " + " -> ".join([*seen, new]),
                    "point the last of them at the page or anchor where the content is now",
                )
            )
        elif redirects.moves[old] not in published:
            errors.append(
                ContentError(
                    redirects.path,
                    redirects.line(old),
                    f"the redirect for '{old}' points to '{redirects.moves[old]}', "
                    "which does not exist",
                    "point it at a published URL or anchor",
                )
            )
    return errors


def check_lock(lock: Path, published: set[str], redirects: Redirects) -> list[ContentError]:
    """An error for every locked URL or anchor the site no longer publishes and no redirect covers."""
    errors = []
    for line, anchor in read_lock(lock):
        if anchor in published:
            continue
        target = redirects.moves.get(anchor)
        if target is None:
            errors.append(
                ContentError(
                    lock,
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
        target = html_escape(new)
        pages[src] = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<title>Moved</title><meta http-equiv="refresh" content="0; url={target}">'
            f'<link rel="canonical" href="{target}"></head>'
            f'<body><p>This page has moved to <a href="{target}">{target}</a>.</p></body></html>\n'
        )
    return pages


def html_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )
