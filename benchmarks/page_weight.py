"""First-view weight of every built page, gzipped, search index excluded. Run by hand:

    make build && .venv/bin/python benchmarks/page_weight.py [site]

A page's first view is its HTML plus the stylesheets, scripts, images and icons it loads
directly. The target is at most 100 KB per page.
"""

from __future__ import annotations

import gzip
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

TARGET_KB = 100


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


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    worst = 0
    print(f"{'page':40} {'html':>8} {'assets':>8} {'total':>8}  (KB, gzipped)")
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
        total = gzipped(html) + assets
        worst = max(worst, total)
        flag = "" if total <= TARGET_KB * 1024 else "  over target"
        print(
            f"{page_url:40} {gzipped(html) / 1024:8.1f} {assets / 1024:8.1f} {total / 1024:8.1f}{flag}"
        )
    print(f"largest first view: {worst / 1024:.1f} KB (target {TARGET_KB} KB)")


if __name__ == "__main__":
    main()
