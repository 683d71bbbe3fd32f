"""The built site in a real browser: accessibility, privacy, CSP, keyboard use."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser_support import (
    chromium_browser,
    page_paths,
    require_chromium,
    serve,
)

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


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


def test_every_page_has_no_wcag_22_aa_violations(site: Path, base_url: str, browser) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    report = {}
    context = browser.new_context(bypass_csp=True)  # axe is injected as a script
    page = context.new_page()
    for path in page_paths(site):
        page.goto(base_url + path)
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        if result.violations_count:
            report[path] = [
                (v["id"], [n["target"] for n in v["nodes"]][:3])
                for v in result.response["violations"]
            ]
    context.close()
    assert report == {}


def test_no_page_makes_a_request_that_leaves_loopback(site: Path, base_url: str, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if _leaves_loopback(r.url) else None)
    for path in page_paths(site):
        page.goto(base_url + path, wait_until="networkidle")
    page.goto(base_url + "search/?q=ketamine")  # the search page loads its index and worker
    page.locator(".md-search-result__link").first.wait_for()
    page.keyboard.type(" dose")
    page.wait_for_timeout(500)
    context.close()
    assert outside == []


def _leaves_loopback(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme not in ("data", "blob", "about") and parsed.hostname not in (
        "127.0.0.1",
        "localhost",
    )


def test_every_page_satisfies_its_content_security_policy(
    site: Path, base_url: str, browser
) -> None:
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    for path in page_paths(site):
        page.goto(base_url + path, wait_until="networkidle")
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
        # The theme's own script ran: it marks the page as having JavaScript.
        assert page.evaluate("document.documentElement.classList.contains('js')"), path
    context.close()
    assert violations == []


def test_the_theme_works_with_no_inline_style_allowed(base_url: str, browser) -> None:
    # The policy allows no inline style ('unsafe-inline' let an injected <style> hide the
    # disclaimer). The theme sets styles from its scripts; using it must break no rule.
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.goto(base_url + "conditions/", wait_until="networkidle")
    page.evaluate(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.sourceFile))"
    )
    assert "style-src 'self';" in page.locator(
        'meta[http-equiv="Content-Security-Policy"]'
    ).get_attribute("content")
    page.mouse.wheel(0, 3000)  # the header shadow and the back-to-top button
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -500)
    page.wait_for_timeout(300)
    page.locator("a.kap-cite").first.hover()  # the citation preview
    page.keyboard.press("/")  # search: the box opens the search page, its worker and results
    page.keyboard.type("ketamine")
    caught = page.evaluate("window.__csp")  # this page's, before the search page opens
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=ketamine")
    page.locator(".md-search-result__link").first.wait_for()
    page.evaluate(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.sourceFile))"
    )
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    # The result may open another page: let that navigation start and finish first.
    page.wait_for_timeout(800)
    page.wait_for_load_state("networkidle")
    page.evaluate(
        "window.__csp = window.__csp || []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.sourceFile))"
    )
    page.wait_for_timeout(300)
    caught += page.evaluate("window.__csp")
    context.close()
    assert violations == [] and caught == []


def test_first_tab_reaches_the_skip_link(base_url: str, browser) -> None:
    page = browser.new_page()
    page.goto(base_url + "conditions/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "document.activeElement.className + ' ' + document.activeElement.textContent"
    )
    assert "md-skip" in focused and "Skip to content" in focused
    page.close()


def test_citation_preview_shows_on_keyboard_focus_below_the_sticky_header(
    base_url: str, browser
) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(base_url + "conditions/")
    marker = page.locator("a.kap-cite").first
    preview = marker.locator(".kap-preview")
    assert preview.bounding_box()["width"] <= 1  # hidden until asked for
    for _ in range(400):  # tab through the page as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('kap-cite')"):
            break
    else:
        pytest.fail("no citation marker is reachable with Tab")
    focused = page.locator(":focus")
    box = focused.locator(".kap-preview").bounding_box()
    assert box["width"] > 100 and box["height"] > 10  # the reference text is shown
    header = page.locator(".md-header").bounding_box()
    link = focused.bounding_box()
    assert link["y"] >= header["y"] + header["height"], "focused marker hidden under the header"
    outline = focused.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none", "focus is not visible"
    page.close()


def test_printed_topic_page_keeps_content_references_help_and_disclaimer(
    base_url: str, browser
) -> None:
    page = browser.new_page()
    page.goto(base_url + "conditions/")
    page.emulate_media(media="print")

    def shown(selector: str) -> bool:
        return page.locator(selector).first.evaluate("e => getComputedStyle(e).display !== 'none'")

    assert not shown(".md-header") and not shown(".md-sidebar--primary") and not shown(".md-search")
    for selector in (
        ".kap-disclaimer",
        ".kap-claim",
        "a.kap-cite",
        ".kap-references",
        ".kap-help--footer",
    ):
        assert shown(selector), selector
    after = page.locator('.kap-help--footer a[href^="https://"]').first.evaluate(
        "e => getComputedStyle(e, '::after').content"
    )
    assert "https://" in after  # link targets are printed
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.close()


# --- Pages a person can read (phone first) ---------------------------------------------------

TOPIC_PAGES = ("overview", "mechanism", "conditions", "risks", "faq")
PHONE = {"width": 360, "height": 800}


@pytest.mark.parametrize("slug", TOPIC_PAGES)
def test_a_topic_page_fits_eight_phone_screens_and_its_own_text_starts_on_the_first(
    base_url: str, browser, slug: str
) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url + f"{slug}/")
    height = page.evaluate("document.documentElement.scrollHeight")
    # The page's own words (its introduction or key facts) begin on the first screen, above
    # anything else the page carries.
    top = page.evaluate(
        "() => { const e = document.querySelector('.md-content h1 ~ p, .kap-key-facts');"
        " return e.getBoundingClientRect().top + scrollY; }"
    )
    key_facts = page.evaluate(
        "document.querySelector('.kap-key-facts').getBoundingClientRect().top + scrollY"
    )
    page.close()
    assert height <= 8 * PHONE["height"], f"{slug}: {height / PHONE['height']:.1f} screens"
    assert top < PHONE["height"] and key_facts < PHONE["height"], (slug, top, key_facts)


def test_key_facts_link_to_their_claims(base_url: str, browser) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url + "risks/")
    links = page.locator(".kap-key-facts a")
    assert 3 <= links.count() <= 5
    name = page.locator(".kap-key-facts").get_attribute("aria-labelledby")
    assert page.locator(f"#{name}").inner_text() == "Key facts"
    target = links.first.get_attribute("href")
    links.first.click()
    assert page.evaluate("location.hash") == target
    assert page.locator(f"{target}").is_visible()
    page.close()


def test_a_claims_record_opens_by_keyboard_and_has_a_name_a_screen_reader_reads(
    base_url: str, browser
) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url + "mechanism/")
    record = page.locator("details.kap-evidence").first
    summary = record.locator("summary")
    assert summary.inner_text().startswith("Sources: ")
    assert not record.locator("ul").first.is_visible()  # closed until asked for
    # Screen readers meet it as a group named by its summary, which names the sources.
    assert record.aria_snapshot().startswith('- group: "Sources: ')
    summary.focus()
    page.keyboard.press("Enter")
    assert record.evaluate("e => e.open")
    quote = record.locator("li").first
    assert quote.is_visible() and "line" in quote.inner_text()
    page.keyboard.press("Enter")  # and closes again
    assert not record.evaluate("e => e.open")
    page.close()


def test_the_legend_explains_every_label_the_page_shows(base_url: str, browser) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url + "conditions/")
    legend = page.locator("details.kap-legend")
    legend.locator("summary").click()
    explained = legend.inner_text()
    shown = set(page.locator(".kap-label").all_inner_texts())
    assert shown, "the conditions page shows labels (citations that could not be verified)"
    for label in shown:
        assert label in explained, label
    # Most claims carry no label at all: the legend's default covers them.
    assert page.locator(".kap-claim").count() > 2 * page.locator(".kap-label").count()
    page.close()


def test_print_shows_the_claims_and_references_without_the_records(base_url: str, browser) -> None:
    page = browser.new_page()
    page.goto(base_url + "risks/")
    page.locator("details.kap-evidence").first.locator("summary").click()  # even if opened
    page.emulate_media(media="print")

    def shown(selector: str) -> bool:
        return page.locator(selector).first.evaluate("e => getComputedStyle(e).display !== 'none'")

    assert shown(".kap-claim") and shown(".kap-key-facts") and shown(".kap-references")
    assert not shown("details.kap-evidence") and not shown("details.kap-legend")
    page.close()


def test_the_crisis_box_stands_beside_the_text_on_suicide(base_url: str, browser) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url + "conditions/")
    box = page.evaluate(
        "document.querySelector('.kap-help--top').getBoundingClientRect().top + scrollY"
    )
    section = page.evaluate(
        "document.querySelector('#suicidal-thoughts').getBoundingClientRect().top + scrollY"
    )
    assert 0 < box - section < PHONE["height"] / 2
    page.goto(base_url + "mechanism/")  # a page about receptors starts with its own text
    assert page.locator(".kap-help--top").count() == 0
    page.close()


# --- The Suicide Prevention Month kit --------------------------------------------------------

KIT = "suicide-prevention-month/"


def _tab_to(page, selector: str, limit: int = 300) -> None:
    """Tab forward until the focused element matches ``selector``, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    pytest.fail(f"{selector} is not reachable with Tab")


def test_the_kits_copy_buttons_work_by_keyboard_and_say_copied(base_url: str, browser) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    page.goto(base_url + KIT)
    first = page.locator(".kap-fact").first
    permalink = first.locator(".kap-permalink").get_attribute("href")
    _tab_to(page, ".kap-copy")
    assert page.evaluate("document.activeElement.textContent") == "Copy link"
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_text("Copied")  # the page's CSP forbids eval
    assert page.evaluate("navigator.clipboard.readText()") == permalink
    status = page.locator(".kap-kit [role=status]")
    assert status.get_attribute("aria-live") == "polite" and status.inner_text() == "Link copied."
    page.keyboard.press("Tab")  # the next control copies the text with its sources
    assert page.evaluate("document.activeElement.textContent") == "Copy text"
    page.keyboard.press("Space")
    expect(page.locator(":focus")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    words = first.locator(".kap-fact__text").inner_text()
    assert copied.startswith(words.split(" World Health")[0]), (copied, words)
    assert "Sources: World Health Organization, 2019" in copied and copied.endswith(permalink)
    assert permalink.startswith("http://127.0.0.1/overview/#claim-")  # absolute, from site_url
    context.close()


def test_without_javascript_the_kit_keeps_each_facts_link_and_text(base_url: str, browser) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(base_url + KIT)
    facts = page.locator(".kap-fact")
    assert facts.count() >= 10
    assert page.locator(".kap-copy").count() == 0  # no button that would do nothing
    for index in range(facts.count()):
        fact = facts.nth(index)
        assert fact.locator("a.kap-permalink").get_attribute("href").startswith("http://127.0.0.1/")
        text = fact.locator(".kap-share__text")
        assert not text.is_visible()
        fact.locator(".kap-share summary").click()
        assert text.is_visible() and "Sources:" in text.inner_text()
    context.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_kit_prints_as_a_one_page_fact_sheet(base_url: str, browser, paper: str) -> None:
    import pypdfium2

    page = browser.new_page()
    page.goto(base_url + KIT)
    facts = [t.split(". ")[0] for t in page.locator(".kap-fact__text").all_inner_texts()]
    page.emulate_media(media="print")
    pdf = pypdfium2.PdfDocument(page.pdf(format=paper))
    page.close()
    assert len(pdf) == 1, f"{paper}: {len(pdf)} pages"
    text = " ".join(pdf[0].get_textpage().get_text_range().split())
    for fact in facts:
        assert " ".join(fact.split()) in text, fact
    for line in ("988", "741741", "116 123", "findahelpline.com", "Older figure"):
        assert line in text, line


def test_on_a_phone_the_kit_starts_with_help_and_its_controls_are_easy_to_hit(
    base_url: str, browser
) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url + KIT)
    first_line = page.evaluate(
        "document.querySelector('.kap-kit .kap-help a[href^=\"tel:\"]')"
        ".getBoundingClientRect().bottom + scrollY"
    )
    assert first_line < PHONE["height"]  # a crisis line to call on the first screen
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways
    sizes = page.evaluate(
        "[...document.querySelectorAll('.kap-copy, .kap-permalink, .kap-share summary')]"
        ".map(e => { const r = e.getBoundingClientRect(); return [r.height, r.right]; })"
    )
    assert sizes and all(height >= 40 for height, _ in sizes), sizes
    assert all(right <= PHONE["width"] for _, right in sizes)
    page.close()
