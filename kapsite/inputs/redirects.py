"""Moved URLs and anchors (``content/redirects.yml``): old address -> new address on this site."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kapsite.errors import ContentError
from kapsite.inputs.yamlfile import key_line, read_yaml


@dataclass(frozen=True)
class Redirects:
    """Old URL or anchor -> new one, e.g. '/conditions/#claim-old-1a2b3c': '/conditions/#claim-new'."""

    moves: dict[str, str]
    path: Path
    lines: dict[str, int] = field(default_factory=dict)  # old address -> its line in the file

    def line_of(self, old: str) -> int:
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
    lines = {old: key_line(data, old) or 1 for old in data}
    return Redirects(dict(sorted(data.items())), path, lines)


SITE_URL = re.compile(r"^/(?!/)[A-Za-z0-9._~/-]*(?:#[A-Za-z0-9._-]+)?$")
