"""A generated page's final-HTML blocks held out of Python-Markdown (the MkDocs hook's swap):
the page's HTML and anchors are what Python-Markdown makes of the whole Markdown, or the swap
says it cannot tell and the page is converted whole."""

from __future__ import annotations

from pathlib import Path

import markdown as markdown_lib
import pytest
from conftest import REPO, make_project
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.structure.pages import _RawHTMLPreprocessor

from kapsite.checks.sanitise import clean_html
from kapsite.config import SiteConfig
from kapsite.render.held_blocks import (
    held_blocks,
    markdown_back,
    search_view,
    with_blocks_back,
    without_search_marks,
)
from kapsite.standalone import read_generator_config, split_front_matter

_EXTENSIONS = read_generator_config(REPO / "mkdocs.yml")["markdown_extensions"]


def convert(text: str) -> tuple[str, set[str]]:
    """The page's HTML as MkDocs converts it with the site's extensions, and the anchors MkDocs
    reads from its raw HTML (for its check of links to anchors)."""
    names = [e if isinstance(e, str) else next(iter(e)) for e in _EXTENSIONS]
    configs = {k: v for e in _EXTENSIONS if isinstance(e, dict) for k, v in e.items()}
    md = markdown_lib.Markdown(extensions=names, extension_configs=configs)
    raw_html = _RawHTMLPreprocessor()
    raw_html._register(md)
    return md.convert(text), raw_html.present_anchor_ids


def searched(html: str) -> list[tuple[str | None, str, str, bool]] | str:
    """What the theme's search plugin indexes from a page's HTML: each section's id, title, text
    and whether it is left out, as its own parser reads them (``add_entry_from_context``); or
    the error it stops with (some nestings make it fail: it must then fail on the view too)."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    try:
        parser.feed(html)
        parser.close()
    except ValueError as error:
        return repr(error)
    return [
        (s.id, "".join(s.title).strip(), "".join(s.text).strip(), s.is_excluded())
        for s in parser.data
    ]


def search_sees(text: str) -> tuple[list, list] | None:
    """The sections the search reads from the page's whole sanitised HTML, and from its
    ``search_view`` (the hook sanitises both); None when the page has no view."""
    held = held_blocks(text)
    html, _ = convert(held.markdown)
    whole = with_blocks_back(html, held)
    view = search_view(html, held) if whole is not None else None  # as the hook asks
    if whole is None or view is None:
        return None
    return searched(clean_html(whole)), searched(clean_html(view))


def converted_held(text: str) -> tuple[str | None, set[str]]:
    held = held_blocks(text)
    html, anchors = convert(held.markdown)
    return with_blocks_back(html, held), anchors | held.anchors()


# Pending claims kept whole: a table, a quote, and code that holds what looks like the engine's
# blocks (code is kept as written, so it is the one place content could forge one).
FORGED = '<details class="kap-evidence" data-search-exclude="true"><summary>x</summary></details>'
THIRD = f"""---
title: Third
source:
  publisher: Clinic C
reviewed: 2026-01-01
---
## Depression

Ketamine eased depression in a small trial [@smith2020].

| Effect | How common |
|---|---|
| Relief | Common |

> Depression lifted within a day, one patient said.

```html
<div class="kap-kept">

{FORGED}

</div>
```

## Risks

Some people feel dissociation, and suicide risk is watched after a dose [@jones2019].
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every generated page's Markdown as the hook gives it to MkDocs (before the swap)."""
    from kapsite.standalone import render_folder

    project = make_project(tmp_path_factory.mktemp("held") / "project")
    project.write("content/articles/third.md", THIRD)
    site = SiteConfig.for_project(project.root, {"KAPSITE_NO_CACHE": "1"})
    rendered = render_folder(site, project.root / "mkdocs.yml")
    hand_written = {p.relative_to(REPO / "docs").as_posix() for p in (REPO / "docs").rglob("*.md")}
    return {
        name.removeprefix("docs/"): split_front_matter(text)[1]
        for name, text in rendered.files.items()
        if name.startswith("docs/") and name.endswith(".md")
        if name.removeprefix("docs/") not in hand_written
    }


def test_generated_pages_give_the_same_html_and_anchors_with_their_blocks_held(pages) -> None:
    assert {"overview.md", "risks.md", "conditions.md", "bibliography.md"} <= pages.keys()
    for name, text in pages.items():
        assert converted_held(text) == convert(text), name


def test_the_sources_records_and_source_lists_are_what_is_held(pages) -> None:
    """Where Python-Markdown spends its time: the blocks it would read tag by tag."""
    for name in ("overview.md", "risks.md"):
        held = held_blocks(pages[name])
        assert '<details class="kap-evidence"' in pages[name]
        assert '<details class="kap-evidence"' not in held.markdown, name
        assert '<ul class="kap-references"' not in held.markdown, name
        assert len(held.markdown) < len(pages[name]) / 2
        assert markdown_back(held.markdown, held) == pages[name]


def test_the_search_reads_the_same_index_from_a_pages_view(pages) -> None:
    """The theme's search reads a generated page's view, without the blocks it leaves out whole:
    it must find the same sections, titles and texts as in the whole page."""
    for name, text in pages.items():
        seen = search_sees(text)
        if name in ("overview.md", "risks.md"):  # the premise: those pages have a view
            assert seen is not None, name
            view = search_view(convert(held_blocks(text).markdown)[0], held_blocks(text))
            assert view is not None and len(view) < len(text) / 2, name
        if seen is not None:
            whole, view_sections = seen
            assert view_sections == whole, name


def test_a_skipped_block_with_a_heading_in_it_is_read_whole() -> None:
    """The search starts a section at a heading with an id even inside a skipped element."""
    page = (
        "# T\n\n<p>kept</p>\n\n"
        '<div class="x" data-search-exclude="true"><p>left out</p></div>\n\n'
        '<div class="y" data-search-exclude="true"><h3 id="inner">Inner</h3><p>z</p></div>\n\n'
        "<p>after</p>\n"
    )
    held = held_blocks(page)
    html, _ = convert(held.markdown)
    view = search_view(html, held)
    assert view is not None
    assert "left out" not in view and '<h3 id="inner">' in view
    whole, view_sections = search_sees(page)
    assert view_sections == whole and any(section[0] == "inner" for section in whole)


# MkDocs started with the hook's search view turned off: the search reads every page whole. Each
# page the hook would have given a view is written down, so the test knows the hook asks.
WHOLE_PAGES_SEARCHED = """
import sys
import kapsite.site
view, asked = kapsite.site.search_view, open(sys.argv.pop(1), "w", encoding="utf-8")
def no_view(html, held):
    if view(html, held) is not None:
        asked.write("view\\n")
        asked.flush()
kapsite.site.search_view = no_view
from mkdocs.__main__ import cli
cli(prog_name="mkdocs")
"""


def test_the_site_is_the_same_when_the_search_reads_whole_pages(real_site, tmp_path) -> None:
    """Every page and the search index, byte for byte, as if the search read each page whole."""
    from browser_support import build_real_site

    asked = tmp_path / "views.txt"
    whole = build_real_site(tmp_path / "site", ("-c", WHOLE_PAGES_SEARCHED, str(asked)))
    assert asked.read_text().count("view") >= 5  # the topic pages, at least: the hook asks
    files = sorted(p.relative_to(real_site) for p in real_site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(whole) for p in whole.rglob("*") if p.is_file())
    assert Path("search/search_index.json") in files
    for name in files:
        assert (real_site / name).read_bytes() == (whole / name).read_bytes(), name


def test_the_search_marks_go_as_the_theme_removes_them() -> None:
    html = '<p data-search-exclude="true">a</p><span class="k" data-search-boost="2">b</span>'
    assert without_search_marks(html) == '<p>a</p><span class="k">b</span>'


def test_code_that_looks_like_a_block_is_not_held(pages) -> None:
    page = pages["conditions.md"]
    assert FORGED in page  # the test's premise: the code reaches the page as written
    held = held_blocks(page)
    assert all(FORGED not in block for _, block in held.blocks)
    assert converted_held(page) == convert(page)


def test_a_block_inside_an_element_read_as_markdown_stays_in_the_markdown() -> None:
    """md_in_html parses what is nested in such an element, and writes it out differently."""
    page = (
        '<aside class="kap-help" markdown>\n\n*Help* is here.\n\n'
        '<details class="x"><summary>More</summary><ul><li>one</li></ul></details>\n\n</aside>\n\n'
        '<details class="y"><summary>Sources</summary><ul><li>two</li></ul></details>\n'
    )
    held = held_blocks(page)
    assert [block for _, block in held.blocks] == [page.split("\n\n")[-1].rstrip("\n")]
    assert converted_held(page) == convert(page)


def test_an_unclosed_element_keeps_what_follows_in_the_markdown() -> None:
    page = '<div class="open">\n\n<p class="a">x</p>\n\n</div>\n\n<p class="b">y</p>\n'
    held = held_blocks(page)
    assert [block for _, block in held.blocks] == ['<p class="b">y</p>']
    assert converted_held(page) == convert(page)


def test_a_placeholder_not_read_as_raw_html_sends_the_page_back_whole() -> None:
    page = '# T\n\n<p class="a">x</p>\n\ntext\n\n<ol class="b">\n<li>y</li>\n</ol>\n'
    held = held_blocks(page)
    assert len(held.blocks) == 2
    html, _ = convert(held.markdown)
    assert with_blocks_back(html, held) == convert(page)[0]
    first, second = (placeholder for placeholder, _ in held.blocks)
    escaped = html.replace(first, first.replace("<", "&lt;"))  # as in a code block
    rewritten = html.replace(second, second.replace("'", '"'))  # as parsed by md_in_html
    for broken in (escaped, rewritten, html.replace(first, ""), html + first):
        assert with_blocks_back(broken, held) is None
    assert markdown_back(held.markdown, held) == page


CHUNKS = (
    "# Title",
    "Plain *text* and a [link](other.md).",
    '<span class="kap-claim" id="c1">A claim.</span>\n{: data-search-exclude="true" }',
    '<details class="kap-evidence"><summary>S</summary><ul><li id="q">“a”</li></ul></details>',
    '<ul class="kap-references">\n<li id="ref-a"><strong>A:</strong> <cite>T</cite>.</li>\n</ul>',
    '<p class="kap-moved">Now on: <a id="old" href="../x/#y">1</a></p>',
    '<aside class="kap-help" markdown>',
    "<div markdown>",
    "</aside>",
    "</div>",
    "<div>",
    '<div class="kap-kept"><span id="k"></span></div>',
    "```",
    "~~~",
    "<!-- a note",
    "-->",
    "`<p>code</p>`",
    "    <p>indented</p>",
    "- item\n\n    <p>in the item</p>",
    "<p>tab\there</p>",
    "<details><summary>x</summary>\n<details>inner</details>\n</details>",
    "<p>tail</p> after",
    "[^1]: A note.",
    "<P>upper</P>",
    '<div\xa0class="x">*not a tag name end*</div>',  # html.parser: ASCII space only
    '<p title="a id=" class="y">an id inside a value</p>',
    "<hr>",
    # Where a count of tags by pattern and html.parser could part: each must not be held.
    "<div><script><div></script></div></div>",
    "<div><!-- <div> --></div></div>",
    "<p><p/>b</p></p>",
    '<p><p title="x/"></p>',
    "<p>fish &chips *x*</p>",
    "<details>x</DETAILS> *tail*\n</details>",
    '<p title="</p>">x</p>',
    "<p class='q'>single *quotes*</p>",
    "<p class=`x`>tick *x*</p>",
    "<div><SCRIPT><div></SCRIPT></div></div>",
    "<p>" + "long text " * 40 + "&then a bare entity</p>",  # refused at once, however long
    '<p><a id="one" name="two">x</a> <span id="a&amp;b">y</span></p>',
    # Blocks the search leaves out whole, or not: a heading inside, the mark on an inner tag.
    '<div class="s" data-search-exclude="true"><p>left out</p></div>',
    '<ul class="r" data-search-exclude="true">\n<li id="ref-b">B</li>\n</ul>',
    '<div data-search-exclude="true"><h2 id="h">H</h2><p>in it</p></div>',
    '<p class="k">shown <span data-search-exclude="true">hidden</span></p>',
    # The search tells elements apart by tag name, and a block-level tag closes a paragraph.
    '<div data-search-exclude="true"><div>a</div><p>after the inner div</p></div>',
    '<ul data-search-exclude="true"><li>a<ul><li>b</li></ul>tail</li></ul>',
    '<p data-search-exclude="true">x<div>in a div</div></p>',
    "## Section {: #sec }",
    "<p>unclosed <b>bold",
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CHUNKS), max_size=12), st.sampled_from(("\n\n", "\n")))
def test_held_or_not_the_html_is_the_whole_markdowns(chunks: list[str], joint: str) -> None:
    page = joint.join(chunks) + "\n"
    held = held_blocks(page)
    assert markdown_back(held.markdown, held) == page
    back, anchors = converted_held(page)
    if back is not None:  # None: the hook converts the whole Markdown instead
        assert (back, anchors) == convert(page)
    seen = search_sees(page)
    if seen is not None:
        assert seen[1] == seen[0]  # the search indexes the view as it does the whole page


def test_a_page_without_blocks_to_hold_is_left_as_it_is(tmp_path: Path) -> None:
    page = "# Title\n\nOnly *Markdown* here.\n"
    held = held_blocks(page)
    assert held.markdown is page and held.blocks == ()
    assert with_blocks_back("<p>x</p>", held) == "<p>x</p>"
