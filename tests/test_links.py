"""Every internal link and anchor in the built site resolves, on the real content."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import REPO, Project

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name])
        wanted = LINK_ATTRIBUTES.get(tag)
        if wanted and values.get(wanted) is not None:
            self.links.append((self.getpos()[0], values[wanted]))

    handle_startendtag = handle_starttag


def read_site(site: Path) -> dict[str, _Page]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = page
    return pages


def broken_links(site: Path) -> list[str]:
    pages = read_site(site)
    broken = []
    for name, page in pages.items():
        base = f"http://site.invalid/{name}"
        for line, link in page.links:
            parts = urlsplit(urljoin(base, link))
            if parts.netloc != "site.invalid":
                continue  # another site, or mailto:/tel: (checked by the sanitiser tests)
            target = unquote(parts.path).lstrip("/")
            if target == "" or target.endswith("/"):
                target += "index.html"
            if not (site / target).is_file():
                broken.append(f"{name}:{line}: {link} -> no file {target}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.endswith(".html") and fragment not in pages[target].ids:
                broken.append(f"{name}:{line}: {link} -> no anchor #{parts.fragment}")
    return broken


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real mkdocs.yml, docs and content, built once for the tests in this module."""
    root = tmp_path_factory.mktemp("links")
    for name in ("mkdocs.yml", "anchors.lock"):
        if (REPO / name).is_file():
            shutil.copy(REPO / name, root / name)
    for folder in ("hooks", "overrides", "docs", "content", "bibliography"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    result = Project(root).mkdocs_build()
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_every_internal_link_and_anchor_of_the_real_site_resolves(real_site: Path) -> None:
    links = [link for page in read_site(real_site).values() for _, link in page.links]
    assert len([link for link in links if "#" in link]) > 100  # the check has work to do
    assert broken_links(real_site) == []


def test_every_claim_anchor_in_claims_json_exists(real_site: Path) -> None:
    pages = read_site(real_site)
    claims = json.loads((real_site / "claims.json").read_text(encoding="utf-8"))["claims"]
    assert claims
    for claim in claims:
        page, anchor = claim["url"].split("/#")
        assert anchor in pages[f"{page}/index.html"].ids, claim["url"]


def test_a_broken_anchor_is_caught(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="a/#here">ok</a><a href="a/#gone">bad</a><a href="b/">bad</a>'
        '<a href="https://example.org/x">other site</a>'
    )
    (site / "a" / "index.html").write_text('<h2 id="here">Here</h2><a href="../#top">x</a>')
    assert broken_links(site) == [
        "a/index.html:1: ../#top -> no anchor #top",
        "index.html:1: a/#gone -> no anchor #gone",
        "index.html:1: b/ -> no file b/index.html",
    ]
