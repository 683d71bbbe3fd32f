"""First-view weight of every built page, gzipped. Run by hand:

    make build && .venv/bin/python benchmarks/page_weight.py [site]
    .venv/bin/python benchmarks/page_weight.py --corpus 300 1000   # synthetic corpora

A page's first view is what the browser fetches before the reader does anything. "total" is
its HTML plus the stylesheets, scripts, images and icons it names. Material's search also runs
on every page load: its worker script fetches ``search/search_index.json`` at once, not when the
reader opens the search box (Chromium, 2026-12-01: /overview/ fetched the three stylesheets,
bundle, kapsite-copy.js, the worker, search_index.json, sitemap.xml and the favicon). The
"+ search" column adds what every page fetches besides: the worker, the index and the sitemap
(the theme reads it for its links), the same for every page and cached after the first. ``build-report.json`` and ``claims.json`` are loaded by no page; their sizes are printed
apart. The target is at most 100 KB per page.

``--corpus N``: the real project plus reworded copies of its articles up to N articles
(``corpus.py``), built with ``mkdocs build --no-strict`` into a temporary folder, then measured.
The table is long at 1,000 articles; ``--top K`` prints only the K heaviest pages.

Measured 2026-12-01 (issue 17), KB gzipped; "before" is main before pages split. The real site's
pages are byte-identical before and after (none is over the budget).

| site | pages | heaviest first view | + search | search index | build-report.json |
|---|---|---|---|---|---|
| real | 16 / 16 | 87.2 / 87.2 | 144.6 / 144.6 | 45.4 / 45.4 | 33.1 / 33.1 |
| 300 articles | 16 / 173 | 334.5 / 80.8 | 666 / 116.3 | 318.8 / 23.6 | 1,764 / 1,987 |
| 1,000 articles | 16 / 785 | 1,563.6 / 85.8 | 2,672 / 124.6 | 1,096 / 24.1 | 6,074 / 6,748 |

The theme's own assets are 63.8 of every first view; the search worker, index and sitemap add
35-39 more, which puts every page over 100 KB with search, the real site's too.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

from corpus import synthetic_corpus

TARGET_KB = 100
DATA_FILES = ("search/search_index.json", "sitemap.xml", "build-report.json", "claims.json")


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.urls.append(values["src"])
        elif (
            tag == "link"
            and values.get("href")
            and (values.get("rel") or "") in ("stylesheet", "icon")
        ):
            if values.get("media") != "print":
                self.urls.append(values["href"])
        elif tag == "img" and values.get("src"):
            self.urls.append(values["src"])


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), mtime=0))


def first_views(site: Path) -> list[tuple[str, int, int, int]]:
    """(page URL, HTML bytes, HTML gzipped, assets gzipped) for every page of a built site."""
    rows = []
    for html in sorted(site.rglob("*.html")):
        page_url = "/" + html.relative_to(site).as_posix()
        parser = _Assets()
        parser.feed(html.read_text(encoding="utf-8"))
        assets = 0
        for url in sorted(set(parser.urls)):
            target = urlparse(urljoin(page_url, url)).path
            asset = site / target.lstrip("/")
            if asset.is_file() and "search_index" not in asset.name:
                assets += gzipped(asset)
        rows.append((page_url, html.stat().st_size, gzipped(html), assets))
    return rows


def search_weight(site: Path) -> int:
    """The search worker, the index it fetches on every page load, and the sitemap, gzipped."""
    files = [
        site / "search/search_index.json",
        site / "sitemap.xml",
        *site.glob("assets/javascripts/workers/search*.js"),
    ]
    return sum(gzipped(f) for f in files if f.is_file())


def report(site: Path, top: int | None = None) -> int:
    rows = first_views(site)
    search = search_weight(site)
    worst = max((h + a for _, _, h, a in rows), default=0)
    shown = sorted(rows, key=lambda r: -(r[2] + r[3]))[:top] if top else rows
    print(
        f"{'page':48} {'html':>9} {'html gz':>8} {'assets':>8} {'total':>8} {'+ search':>9}"
        "  (KB; gz = gzipped)"
    )
    for url, size, html_gz, assets in shown:
        total = html_gz + assets
        flag = "" if total <= TARGET_KB * 1024 else "  over target"
        print(
            f"{url:48} {size / 1024:9.1f} {html_gz / 1024:8.1f} {assets / 1024:8.1f}"
            f" {total / 1024:8.1f} {(total + search) / 1024:9.1f}{flag}"
        )
    print(
        f"pages: {len(rows)}; largest first view: {worst / 1024:.1f} KB, "
        f"{(worst + search) / 1024:.1f} KB with search (target {TARGET_KB} KB)"
    )
    for name in DATA_FILES:
        path = site / name
        if path.is_file():
            note = (
                "loaded by no page"
                if name.endswith(".json") and "/" not in name
                else "in '+ search'"
            )
            print(
                f"{name:48} {path.stat().st_size / 1024:9.1f} {gzipped(path) / 1024:8.1f}  ({note})"
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
