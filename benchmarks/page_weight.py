"""First-view weight of every built page, gzipped: what the browser fetches before the reader
does anything. Run by hand:

    make build && .venv/bin/python benchmarks/page_weight.py [site]
    .venv/bin/python benchmarks/page_weight.py --corpus 1000 --top 12   # synthetic corpora

A page's first view is its HTML plus everything it makes the browser fetch at once, as Chromium
does it (recorded 2026-12-01 with Playwright; tests/test_browser_search.py checks it on the
real site):
  - the stylesheets it links, the print one too (Chromium fetches it, at low priority), its
    scripts, images and icon;
  - the search worker and ``search/search_index.json``, on a page whose document has a form
    named "search": the theme's bundle (Material 9.8.1) reads
    ``document.forms.namedItem("search")`` at load and fetches the index at once. Since issue 17
    only the search page (/search/) has that form; every other page's box is a plain form that
    opens it (overrides/partials/search.html);
  - ``sitemap.xml``, on a page with a ``<link rel="alternate">``: the bundle reads such links as
    other language versions and fetches the sitemap beside each. Our Atom feed link is one.
``build-report.json`` and ``claims.json`` are loaded by no page; their sizes are printed apart.
The target is at most 100 KB per page. The search page's index is what a reader asked for by
searching (the header box opens /search/?q=...): its row says so.

``--corpus N``: the real project plus reworded copies of its articles up to N articles
(``corpus.py``), built with ``mkdocs build --no-strict`` into a temporary folder, then measured.
The table is long at 1,000 articles; ``--top K`` prints only the K heaviest pages.

Measured 2026-12-01 (issue 17) on a shared, loaded machine (sizes do not depend on load), KB
gzipped, before (main at d2c1b20, measured with this script) / after search moved to its own
page. "Other pages" are every page but /search/; before, every page fetched the index.

| site | pages | heaviest other page | search page, with its index | search index |
|---|---|---|---|---|
| real | 16 / 17 | 146.4 / 89.5 | (none) / 118.0 | 45.9 / 34.7 |
| 1,000 articles | 188 / 189 | 122.4 / 87.5 | (none) / 187.5 | 24.0 / 103.5 |

Before, at 1,000 articles the index left out every part of a split page, so no claim on a part
could be found; now it holds an entry per claim (parts included) with its sources' other words.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

from corpus import synthetic_corpus

TARGET_KB = 100
SEARCH_INDEX = "search/search_index.json"
DATA_FILES = (SEARCH_INDEX, "sitemap.xml", "build-report.json", "claims.json")


class _FirstView(HTMLParser):
    """What a page makes the browser fetch at once (see the module's notes)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.searches = False  # a form named "search": the theme fetches its index
        self.alternate = False  # a <link rel="alternate">: the theme fetches sitemap.xml
        self.worker = ""  # the search worker's URL, from the theme's configuration
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        rel = (values.get("rel") or "").split()
        if tag in ("script", "img") and values.get("src"):
            self.urls.append(values["src"] or "")
        elif tag == "link" and values.get("href") and {"stylesheet", "icon"} & set(rel):
            self.urls.append(values["href"] or "")
        if tag == "link" and "alternate" in rel:
            self.alternate = True
        if tag == "form" and values.get("name") == "search":
            self.searches = True
        self._in_config = tag == "script" and values.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.worker = json.loads(data).get("search") or ""
            self._in_config = False


@dataclass(frozen=True)
class FirstView:
    url: str
    html: int  # bytes, as written
    html_gz: int
    assets_gz: int  # stylesheets, scripts, images, icon
    search_gz: int  # the search worker and index, where the page fetches them
    sitemap_gz: int

    @property
    def total(self) -> int:
        return self.html_gz + self.assets_gz + self.search_gz + self.sitemap_gz


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), mtime=0))


def first_views(site: Path) -> list[FirstView]:
    """The first view of every page of a built site."""
    rows = []
    sized: dict[Path, int] = {}

    def size(url: str, page_url: str) -> int:
        path = site / urlparse(urljoin(page_url, url)).path.lstrip("/")
        if path not in sized:
            sized[path] = gzipped(path) if path.is_file() else 0
        return sized[path]

    for html in sorted(site.rglob("*.html")):
        page_url = "/" + html.relative_to(site).as_posix()
        page = _FirstView()
        page.feed(html.read_text(encoding="utf-8"))
        assets = sum(size(url, page_url) for url in sorted(set(page.urls)))
        search = 0
        if page.searches:
            search = size("/" + SEARCH_INDEX, page_url) + (
                size(page.worker, page_url) if page.worker else 0
            )
        sitemap = size("/sitemap.xml", page_url) if page.alternate else 0
        rows.append(
            FirstView(page_url, html.stat().st_size, gzipped(html), assets, search, sitemap)
        )
    return rows


def report(site: Path, top: int | None = None) -> int:
    rows = first_views(site)
    ordinary = [r for r in rows if not r.search_gz]
    worst = max((r.total for r in ordinary), default=0)
    shown = sorted(rows, key=lambda r: -r.total)[:top] if top else rows
    print(
        f"{'page':48} {'html':>8} {'html gz':>8} {'assets':>7} {'search':>7} {'sitemap':>7}"
        f" {'total':>7}  (KB; gz = gzipped)"
    )
    for row in shown:
        flag = "" if row.total <= TARGET_KB * 1024 else "  over target"
        if row.search_gz:
            flag += "  (fetches the search index)"
        print(
            f"{row.url:48} {row.html / 1024:8.1f} {row.html_gz / 1024:8.1f}"
            f" {row.assets_gz / 1024:7.1f} {row.search_gz / 1024:7.1f}"
            f" {row.sitemap_gz / 1024:7.1f} {row.total / 1024:7.1f}{flag}"
        )
    searching = [r for r in rows if r.search_gz]
    largest = max(rows, key=lambda r: r.total)
    print(
        f"pages: {len(rows)}; largest first view: {largest.total / 1024:.1f} KB ({largest.url});"
        f" {len(searching)} page(s) fetch the search index; largest first view of the others:"
        f" {worst / 1024:.1f} KB (target {TARGET_KB} KB)"
    )
    for name in DATA_FILES:
        path = site / name
        if path.is_file():
            note = "loaded by no page" if name.endswith(".json") and "/" not in name else ""
            print(
                f"{name:48} {path.stat().st_size / 1024:8.1f} {gzipped(path) / 1024:8.1f}"
                f"  {note}".rstrip()
            )
    return worst


def build_corpus(articles: int, target: Path) -> Path:
    root = synthetic_corpus(target / "project", articles)
    site = target / "site"
    print(f"{articles} articles: mkdocs build", file=sys.stderr, flush=True)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--no-strict", "-q", "-d", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"},
    )
    if done.returncode != 0:
        raise SystemExit(f"build failed at {root}:\n{done.stderr[-3000:]}")
    # Wall time on whatever else the machine runs: a rough figure, for scale.py to measure well.
    print(f"mkdocs build: {time.perf_counter() - started:.0f} s wall")
    return site


def main() -> None:
    args = sys.argv[1:]
    top = None
    if "--top" in args:
        at = args.index("--top")
        top = int(args[at + 1])
        del args[at : at + 2]
    if args and args[0] == "--corpus":
        for size in [int(a) for a in args[1:]]:
            with tempfile.TemporaryDirectory() as temp:
                print(f"\n## {size} articles")
                report(build_corpus(size, Path(temp)), top)
        return
    report(Path(args[0] if args else "site").resolve(), top)


if __name__ == "__main__":
    main()
