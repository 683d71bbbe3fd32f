"""Search in a real browser: ordinary pages stay light (the theme's search, and the index it
fetches, load only on the search page), and a reader who types a claim's words reaches it."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from browser_support import (
    chromium_browser,
    page_paths,
    require_chromium,
    serve,
)

BUDGET_KB = 100  # issue 17: every page's first view, gzipped
SEARCH_PAGE = "search/"
PHONE = {"width": 360, "height": 740}
# A claim on the overview, and words a reader might remember from it.
CLAIM_WORDS = "Calvin Stevens Parke-Davis"


@pytest.fixture(scope="module")
def site(real_site: Path) -> Path:
    require_chromium()  # skipped before the build where there is no browser to drive
    return real_site


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium_browser() as chromium:
        yield chromium


def first_view(browser, base_url: str, path: str, site: Path) -> dict[str, int]:
    """Every file a fresh load of the page fetched (a new context: nothing cached), with its
    gzipped size: what a phone downloads before the reader does anything."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(base_url + path, wait_until="networkidle")
    page.wait_for_timeout(500)  # the theme starts its search after the load event
    context.close()
    sizes = {}
    for url in fetched:
        name = unquote(urlparse(url).path).lstrip("/")
        file = site / name
        if not name or file.is_dir():
            file = file / "index.html"
        sizes[name] = len(gzip.compress(file.read_bytes(), mtime=0)) if file.is_file() else 0
    return sizes


def test_no_page_but_the_search_page_fetches_the_index_and_each_stays_within_budget(
    site: Path, base_url: str, browser
) -> None:
    heavy = {}
    for path in page_paths(site):
        if path == SEARCH_PAGE:
            continue
        sizes = first_view(browser, base_url, path, site)
        assert "search/search_index.json" not in sizes, path
        assert not [name for name in sizes if "workers/search" in name], path
        if sum(sizes.values()) > BUDGET_KB * 1024:
            heavy[path] = round(sum(sizes.values()) / 1024, 1)
    assert heavy == {}


def test_the_search_page_fetches_the_index(site: Path, base_url: str, browser) -> None:
    sizes = first_view(browser, base_url, SEARCH_PAGE + "?q=ketamine", site)
    assert "search/search_index.json" in sizes


def claim_with(site: Path, words: str) -> dict:
    claims = json.loads((site / "claims.json").read_text(encoding="utf-8"))["claims"]
    (claim,) = [c for c in claims if all(w in c["text"] for w in words.split())]
    return claim


def test_a_reader_types_a_claims_words_and_reaches_the_claim(
    site: Path, base_url: str, browser
) -> None:
    claim = claim_with(site, CLAIM_WORDS)
    page = browser.new_page()
    page.goto(base_url + "risks/")  # a page the claim is not on
    page.keyboard.press("/")  # the theme's key for search, on the plain box too
    page.keyboard.type(CLAIM_WORDS)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    # The best result: its page, then, first under it, the claim itself.
    best = page.locator(".md-search-result__item").first
    best.wait_for()
    links = best.locator(":scope > a.md-search-result__link")
    assert links.nth(1).get_attribute("href").endswith(claim["url"])
    links.nth(1).click()
    page.wait_for_url(f"**{claim['url']}")
    target = page.locator(f"[id='{claim['id']}']")
    assert target.is_visible() and target.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"
    )
    page.close()


def test_on_a_phone_the_search_button_opens_the_box_and_enter_searches(
    base_url: str, browser
) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url + "conditions/")
    page.locator("label.md-header__button[for='__search']").click()
    box = page.locator(".md-search__input")
    assert box.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    button = page.locator("label.md-header__button[for='__search']").bounding_box()
    assert button["height"] >= 44 and button["width"] >= 44  # a finger's width
    page.keyboard.type("dizzy")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=dizzy")
    page.locator(".md-search-result__link").first.wait_for()
    assert page.locator(".md-search-result__link").count() > 0
    page.close()


def test_a_claim_is_found_by_the_words_its_sources_use(site: Path, base_url: str, browser) -> None:
    # The claim says "feel sick"; its sources say "nausea", which the page shows only in their
    # quotes, and quotes are left out of the index.
    claim = claim_with(site, "feel sick")
    page = browser.new_page()
    page.goto(base_url + SEARCH_PAGE + "?q=nausea")
    page.locator(".md-search-result__item").first.wait_for()
    hrefs = page.locator("a.md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    assert any(href.endswith(claim["url"]) for href in hrefs), hrefs
    page.close()


def test_without_javascript_the_box_still_opens_the_search_page(base_url: str, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "faq/")
    page.fill(".md-search__input", "dose")
    page.press(".md-search__input", "Enter")
    page.wait_for_url("**/search/?q=dose")
    assert "needs JavaScript" in page.locator("article").inner_text()
    context.close()
