"""End to end: a real `mkdocs build` with the real mkdocs.yml and hooks on fixture content."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Project

TOPIC_PAGES = ("overview", "mechanism", "conditions", "risks", "faq")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _built(project: Project) -> None:
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr


def test_topic_pages_are_built_at_short_urls(project: Project) -> None:
    _built(project)
    for slug in TOPIC_PAGES:
        assert (project.root / "site" / slug / "index.html").is_file()
    home = project.html("index.html")
    assert 'href="mechanism/"' in home  # in the navigation


def test_same_claim_in_two_articles_appears_once_citing_both_sources(project: Project) -> None:
    _built(project)
    html = project.html("mechanism/index.html")
    claims = re.findall(
        r'<span class="kap-claim"[^>]*>(.*?)</span>(?= <span class="kap-claim"|</p>)', html, re.S
    )
    assert [c for c in claims if "blocks NMDA receptors in the brain" in c] != []
    assert sum("blocks NMDA receptors" in _text(c) for c in claims) == 1  # one claim, not two
    claim = next(c for c in claims if "blocks NMDA receptors" in c)
    assert 'href="#ref-smith2020"' in claim
    # Its record names both articles, each in its own words, one tap away.
    record = html[html.index('<details class="kap-evidence">') :]
    record = record[: record.index("</details>")]
    assert "Sources: " in record and "Clinic A" in record and "line" in record


def test_each_citation_renders_a_marker_linking_to_its_reference(project: Project) -> None:
    _built(project)
    html = project.html("conditions/index.html")
    markers = re.findall(r'<a class="kap-cite" href="#ref-([\w-]+)">\[([^\]]+)\]', html)
    assert ("smith2020", "1") in markers and ("jones2019", "2, p. 4") in markers
    for key, _ in markers:  # each marker lands on a reference that links back to the claim
        entry = re.search(rf'<li id="ref-{key}"[^>]*>(.*?)</li>', html, re.S)
        assert entry, f"marker for {key} links to nothing"
    smith = re.search(r'<li id="ref-smith2020"[^>]*>(.*?)</li>', html, re.S)[1]
    assert "Smith, A., &amp; Lee, B. (2020)" in smith
    assert '<a href="https://doi.org/10.1000/example.1">' in smith


def test_faq_answer_keeps_its_question(project: Project) -> None:
    _built(project)
    page = _text(project.html("faq/index.html"))
    assert "Does it help PTSD?" in page
    assert "Early studies suggest it may help PTSD" in page


def test_disclaimer_is_on_every_html_page_including_404(project: Project) -> None:
    _built(project)
    pages = sorted((project.root / "site").rglob("*.html"))
    assert len(pages) >= len(TOPIC_PAGES) + 5
    for page in pages:
        text = _text(page.read_text(encoding="utf-8"))
        assert "not medical advice" in text, f"{page} has no disclaimer"
    assert "not medical advice" in _text(project.html("404.html"))


def test_build_writes_nothing_into_docs_or_content(project: Project) -> None:
    before = _snapshot(project.root / "docs") | _snapshot(project.root / "content")
    _built(project)
    after = _snapshot(project.root / "docs") | _snapshot(project.root / "content")
    assert after == before


def test_same_input_builds_byte_identical_site(project: Project) -> None:
    assert project.mkdocs_build(site="one").returncode == 0
    assert project.mkdocs_build(site="two").returncode == 0
    one, two = _snapshot(project.root / "one"), _snapshot(project.root / "two")
    assert one == two and len(one) > 10


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


BAD_INPUTS = {
    "malformed front matter": (
        "content/articles/broken.md",
        "---\ntitle: [unclosed\nsource:\n  publisher: X\n---\nText.\n",
        "content/articles/broken.md:2: the front matter is not valid YAML",
    ),
    "missing title": (
        "content/articles/untitled.md",
        "---\nsource:\n  publisher: X\n---\nSome text.\n",
        "content/articles/untitled.md:2: the front matter has no 'title'",
    ),
    "unknown citation key": (
        "content/articles/nokey.md",
        "---\ntitle: T\nsource:\n  publisher: X\n---\n\nFirst line.\n\nA claim [@smith2021].\n",
        "content/articles/nokey.md:9: unknown citation key 'smith2021' (fix: did you mean [@smith2020]?",
    ),
    "BibTeX that does not parse": (
        "bibliography/broken.bib",
        "@article{broken,\n  author = {A, B},\n  title = {T\n  year = {2020},\n}\n",
        "bibliography/broken.bib:",
    ),
    "empty article": (
        "content/articles/empty.md",
        "",
        "content/articles/empty.md:1: the article is empty",
    ),
    "topic page that replaces a docs page": (
        "content/topics.yml",
        None,  # built from the fixture below
        "content/topics.yml:",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_stops_the_build_naming_file_and_line(project: Project, case: str) -> None:
    relative, text, expected = BAD_INPUTS[case]
    if text is None:  # a topic page named like a hand-written page (index.md)
        topics = (project.root / relative).read_text().replace("slug: risks", "slug: about")
        text = topics
    before = {p: p.read_bytes() for p in (project.root / "content").rglob("*") if p.is_file()}
    project.write(relative, text)
    result = project.mkdocs_build()
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr
    assert "(fix: " in result.stderr
    for path, data in before.items():  # nothing the contributor wrote was changed
        if path != project.root / relative:
            assert path.read_bytes() == data


def test_broken_front_matter_in_a_docs_page_stops_the_build(project: Project) -> None:
    about = project.root / "docs" / "about.md"
    body = about.read_text().split("---", 2)[-1]
    about.write_text("---\ndescription: Lines: call now\n---\n" + body)
    result = project.mkdocs_build()
    assert result.returncode != 0
    assert "docs/about.md:2: the front matter is not valid YAML" in result.stderr


def test_every_page_has_share_tags_canonical_url_and_review_dates(project: Project) -> None:
    _built(project)
    for path in ("index.html", "about/index.html", "conditions/index.html", "faq/index.html"):
        html = project.html(path)
        for tag in (
            '<meta name="description"',
            '<link rel="canonical" href="https://kapsite.example/',
            '<meta property="og:title"',
            '<meta property="og:image" content="https://kapsite.example/assets/kapsite-card.png"',
            '<meta name="twitter:card" content="summary_large_image"',
        ):
            assert tag in html, f"{path}: {tag}"
        # Docs pages carry `reviewed:`; the fixture articles do not, so topic pages say so.
        topic = path.startswith(("conditions", "faq"))
        assert ("has not been reviewed yet" if topic else "Page last reviewed") in html, path
    assert (project.root / "site" / "assets" / "kapsite-card.png").stat().st_size > 10_000
    conditions = project.html("conditions/index.html")
    assert '<meta name="description" content="What it is studied for.">' in conditions


def test_tables_quotes_and_the_whole_citation_syntax_reach_readers_as_written(
    project: Project,
) -> None:
    project.write(
        "content/articles/third.md",
        "---\ntitle: Third\nsource:\n  publisher: Clinic C\nreviewed: 2026-01-01\n---\n"
        "## Risks\n\n"
        "Nausea after a dose is common [see @smith2020, p. 5].\n\n"
        "@smith2020 found that nausea and dissociation fade within hours.\n\n"
        "| Effect | How common |\n|---|---|\n| Nausea | Common |\n\n"
        "> Nausea passed after an hour, one patient said.\n",
    )
    result = project.mkdocs_build("--no-strict")  # the fixture's figures have no accept_uncited
    assert result.returncode == 0, result.stderr
    html = project.html("risks/index.html")
    assert "<table>" in html and "<td>Nausea</td>" in html
    assert "<blockquote>" in html and "Nausea passed after an hour" in html
    assert "[see 1, p. 5]" in _text(html) or "see 1, p. 5" in html
    assert "Smith and Lee found that nausea" in html
    assert "@smith2020" not in html and "[see @" not in html


def test_held_blocks_come_back_whole_and_their_anchors_still_count(project: Project) -> None:
    """The hook holds each generated page's final-HTML blocks out of Python-Markdown: every one
    is back in the built page, and MkDocs' check of links to anchors still finds their ids."""
    with (project.root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nvalidation:\n  anchors: warn\n")
    # The id of a source article's entry, inside the source list the hook holds.
    project.write("docs/about.md", "# About\n\nSee [a source](risks.md#ref-source-a).\n")
    _built(project)
    risks = project.html("risks/index.html")
    assert '<li id="ref-source-a"><strong>' in risks
    assert risks.count('<details class="kap-evidence"') >= 1


_FALLBACK = """
import runpy, sys
import kapsite.site

# As if no placeholder had been read as raw HTML: the hook must convert each page whole.
kapsite.site.with_blocks_back = lambda html, held: None if held.blocks else html
sys.argv = ["mkdocs", "build", "--strict", "-d", sys.argv[1]]
runpy.run_module("mkdocs", run_name="__main__")
"""


def test_a_page_whose_held_blocks_did_not_come_back_is_built_from_its_whole_markdown(
    project: Project,
) -> None:
    _built(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run(
        [sys.executable, "-c", _FALLBACK, "again"],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    built = sorted(p.relative_to(project.root / "site") for p in (project.root / "site").rglob("*"))
    for name in built:
        first, second = project.root / "site" / name, project.root / "again" / name
        if first.is_file():
            assert first.read_bytes() == second.read_bytes(), name
