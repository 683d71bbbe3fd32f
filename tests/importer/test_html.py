"""HTML saved from a browser becomes lines with their kinds and source line numbers."""

from kapsite.importer.html import html_to_lines
from kapsite.importer.model import Kind

PAGE = """<html><head><title>Page title | Site</title>
<script>var a = "<p>not text</p>";</script>
</head><body>
<nav><a href="/">Home</a></nav>
<article>
<h1>Main headline</h1>
<p>First paragraph with <em>inline</em> markup &amp; an entity.</p>
<h3>Smaller heading</h3>
<ul><li>Item one<li>Item two</ul>
<img src="x.jpg" alt="Alt words here">
<figure><figcaption>Caption words</figcaption></figure>
</article>
<aside>Related posts</aside>
<p>Outside the article</p>
</body></html>
"""


def kinds(text: str) -> list[tuple[str, Kind]]:
    return [(line.text, line.kind) for line in html_to_lines(text)]


def test_blocks_become_lines_with_kinds() -> None:
    found = kinds(PAGE)
    assert ("Main headline", Kind.HEADING) in found
    assert ("First paragraph with inline markup & an entity.", Kind.TEXT) in found
    assert ("Item one", Kind.ITEM) in found
    assert ("Item two", Kind.ITEM) in found
    assert ("Alt words here", Kind.ALT) in found
    assert ("Caption words", Kind.CAPTION) in found
    assert ("Page title | Site", Kind.PAGE_TITLE) in found


def test_heading_levels_are_kept() -> None:
    levels = {line.text: line.level for line in html_to_lines(PAGE) if line.kind is Kind.HEADING}
    assert levels == {"Main headline": 1, "Smaller heading": 3}


def test_script_content_is_never_text_but_is_recorded() -> None:
    lines = html_to_lines(PAGE)
    assert not any("not text" in line.text for line in lines)
    scripts = [line for line in lines if line.kind is Kind.SCRIPT]
    assert len(scripts) == 1
    assert scripts[0].number == 2
    assert scripts[0].text.startswith("<script>")


def test_navigation_and_text_outside_the_article_are_chrome() -> None:
    found = kinds(PAGE)
    assert ("Home", Kind.CHROME) in found
    assert ("Related posts", Kind.CHROME) in found
    assert ("Outside the article", Kind.CHROME) in found


def test_page_without_article_element_keeps_its_body_text() -> None:
    found = kinds("<body><h2>Heading</h2><p>Body text.</p><footer>Foot</footer></body>")
    assert found == [("Heading", Kind.HEADING), ("Body text.", Kind.TEXT), ("Foot", Kind.CHROME)]


def test_lines_carry_their_line_number_in_the_file() -> None:
    numbers = {line.text: line.number for line in html_to_lines(PAGE)}
    assert numbers["Main headline"] == 6
    assert numbers["Item one"] == 9


def test_broken_html_does_not_raise() -> None:
    found = kinds("<p>Unclosed <b>bold <li>stray item</div></span><h2>Late")
    assert ("Late", Kind.HEADING) in found
