"""The real site, built once: every page's schema.org data, and the changes feed it links."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
import yaml
from conftest import REPO, Project

SITE_URL = "http://127.0.0.1/"  # build_real_site's address
PAGE_KEYS = {
    "@context", "@id", "@type", "url", "name", "inLanguage", "isPartOf", "audience",
    "medicalAudience", "about",
}  # fmt: skip
OPTIONAL_KEYS = {"lastReviewed", "citation"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.in_head = False
        self.block_in_head: list[bool] = []
        self.title = ""
        self.lang = ""
        self.canonical = ""
        self.feeds: list[str] = []
        self.ids: set[str] = set()
        self.review: list[str] = []  # datetime of each <time> in the review line
        self.refresh = False
        self._in_block = False
        self._in_title = False
        self._in_review = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "head":
            self.in_head = True
        elif tag == "script" and a.get("type") == "application/ld+json":
            self.blocks.append("")
            self.block_in_head.append(self.in_head)
            self._in_block = True
        elif tag == "title":
            self._in_title = self.in_head
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "link" and a.get("type") == "application/atom+xml":
            assert a.get("rel") == "alternate"
            self.feeds.append(a["href"])
        elif tag == "meta" and a.get("http-equiv") == "refresh":
            self.refresh = True
        elif tag == "p" and "kap-review" in a.get("class", ""):
            self._in_review = True
        elif tag == "time" and self._in_review:
            self.review.append(a["datetime"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        elif tag == "p":
            self._in_review = False
        elif tag == "script":
            self._in_block = False
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_block:
            self.blocks[-1] += data
        if self._in_title:
            self.title += data


def _read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def site(real_site: Path) -> Path:
    return real_site


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, _Page]:
    """Every page a reader can land on: not the 404 page, not the small redirect pages."""
    found = {p.relative_to(site).as_posix(): _read(p) for p in sorted(site.rglob("*.html"))}
    return {name: page for name, page in found.items() if name != "404.html" and not page.refresh}


def test_every_page_has_one_medical_web_page_block_in_its_head(pages: dict[str, _Page]) -> None:
    assert len(pages) >= 12
    for name, page in pages.items():
        assert page.block_in_head == [True], name
        data = json.loads(page.blocks[0])
        assert PAGE_KEYS <= set(data) <= PAGE_KEYS | OPTIONAL_KEYS, (name, set(data) ^ PAGE_KEYS)
        assert data["@context"] == "https://schema.org" and data["@type"] == "MedicalWebPage"
        assert data["url"] == data["@id"] == page.canonical, name
        assert page.title.strip() in (f"{data['name']} - KAP explained", "KAP explained"), name
        assert data["inLanguage"] == page.lang == "en"
        assert data["isPartOf"] == {"@type": "WebSite", "name": "KAP explained", "url": SITE_URL}
        assert data["audience"]["@type"] == "PeopleAudience" and data["audience"]["audienceType"]
        assert data["medicalAudience"] == {"@type": "MedicalAudience", "audienceType": "Patient"}
        assert {t["@type"] for t in data["about"]} == {"MedicalTherapy", "Drug"}
        assert all(isinstance(t["name"], str) and t["name"] for t in data["about"])


def test_last_reviewed_is_the_date_the_page_shows(pages: dict[str, _Page]) -> None:
    reviewed = 0
    for name, page in pages.items():
        data = json.loads(page.blocks[0])
        shown = page.review[0] if page.review else None  # first <time>: last reviewed
        assert data.get("lastReviewed") == shown, name
        if shown:
            dt.date.fromisoformat(shown)
            reviewed += 1
    assert reviewed >= 8  # the topic pages and the reviewed hand-written pages


def test_every_citation_is_in_the_bibliography_and_on_the_page(
    site: Path, pages: dict[str, _Page]
) -> None:
    bibliography = pages["bibliography/index.html"]
    cited_anywhere = 0
    for name, page in pages.items():
        citations = json.loads(page.blocks[0]).get("citation", [])
        keys = set()
        for item in citations:
            assert item["@type"] in {"ScholarlyArticle", "WebPage", "Book", "CreativeWork"}
            assert isinstance(item["name"], str) and item["name"]
            base, _, anchor = item["@id"].partition("#")
            assert base == f"{SITE_URL}bibliography/" and anchor in bibliography.ids, item
            keys.add(anchor)
            if "url" in item:  # only a checked record's address is given
                assert item["url"].startswith("https://")
        if name != "bibliography/index.html":  # a topic page lists what it cites
            listed = {i for i in page.ids if i.startswith("ref-")} & bibliography.ids
            assert keys == listed, name
        cited_anywhere += len(citations)
    assert cited_anywhere > 10
    assert {i for i in bibliography.ids if i.startswith("ref-")} == {
        c["@id"].partition("#")[2] for c in json.loads(bibliography.blocks[0])["citation"]
    }


def test_every_page_links_the_changes_feed_which_is_atom(
    site: Path, pages: dict[str, _Page]
) -> None:
    for name, page in pages.items():
        (href,) = page.feeds
        target = (site / name).parent / href
        assert target.resolve() == (site / "changes.xml").resolve(), name
    feed = feedparser.parse((site / "changes.xml").read_bytes())
    assert feed.bozo == 0 and feed.version == "atom10"
    record = yaml.safe_load((REPO / "content" / "changes.yml").read_text(encoding="utf-8"))
    days = sorted(entry["date"] for entry in record["changes"])
    assert len(feed.entries) == len(record["changes"])
    assert feed.feed.updated == f"{days[-1].isoformat()}T00:00:00Z"
    assert all(e.link.startswith(SITE_URL) for e in feed.entries)
    assert re.search(r"changes\.xml", (site / "changes" / "index.html").read_text())


def test_a_hostile_page_title_stays_inside_its_data_block(project: Project) -> None:
    project.write(
        "docs/hostile.md", "# Why `</script><script>alert(1)</script>` matters\n\nText.\n"
    )
    result = project.mkdocs_build("--no-strict")
    assert result.returncode == 0, result.stderr
    page = _read(project.root / "site" / "hostile" / "index.html")
    (block,) = page.blocks
    assert json.loads(block)["name"] == "Why </script><script>alert(1)</script> matters"
    assert "</script" not in block
