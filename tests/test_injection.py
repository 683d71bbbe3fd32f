"""Markup can enter only through the sanitiser: the data files around the articles are checked
too (topics.yml, the disclaimer, redirects.yml, BibTeX DOIs)."""

from __future__ import annotations

from conftest import Project

SCRIPT = "<script>alert(1)</script>"


def test_a_topic_intro_cannot_break_out_of_the_meta_description(project: Project) -> None:
    topics = project.root / "content" / "topics.yml"
    topics.write_text(
        topics.read_text().replace("intro: Side effects.", f"intro: 'Side effects.\"> {SCRIPT}'")
    )
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    html = project.html("risks/index.html")
    assert SCRIPT not in html
    assert (
        'content="Side effects.&#34;&gt; &lt;script&gt;' in html
        or 'content="Side effects.&quot;&gt; &lt;script&gt;' in html
    )


def test_markup_in_the_disclaimer_stops_the_build_and_never_reaches_the_404_page(
    project: Project,
) -> None:
    disclaimer = project.root / "content" / "disclaimer.md"
    text = disclaimer.read_text().rstrip("\n") + f"\n\n{SCRIPT}\n"
    disclaimer.write_text(text)
    result = project.mkdocs_build()
    assert result.returncode != 0
    line = text.split("\n").index(SCRIPT) + 1
    assert f"content/disclaimer.md:{line}: raw HTML removed" in result.stderr
    assert not (project.root / "site" / "404.html").exists() or SCRIPT not in project.html(
        "404.html"
    )


def test_a_redirect_can_only_lead_to_an_address_on_this_site(project: Project) -> None:
    project.write("content/redirects.yml", "/gone/: javascript:alert(1)\n")
    result = project.mkdocs_build()
    assert result.returncode != 0
    assert (
        "content/redirects.yml:1: 'javascript:alert(1)' is not an address on this site"
        in result.stderr
    )


def test_a_redirect_to_nowhere_is_an_error(project: Project) -> None:
    project.write("content/redirects.yml", "/old/: /no-such-page/\n")
    result = project.mkdocs_build()
    assert "points to '/no-such-page/', which does not exist" in result.stderr


def test_a_redirect_from_a_live_page_is_an_error(project: Project) -> None:
    project.write("content/redirects.yml", "/about/: /conditions/\n")
    result = project.mkdocs_build()
    assert "'/about/' is redirected, but a page is published there" in result.stderr


def test_a_doi_with_a_quote_never_becomes_an_attribute(project: Project) -> None:
    bib = project.root / "bibliography" / "refs.bib"
    bib.write_text(
        bib.read_text().replace(
            "doi = {10.1000/example.1}", 'doi = {10.1000/x"onmouseover="alert(1)}'
        )
    )
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    assert 'onmouseover="alert(1)"' not in project.html("mechanism/index.html")


def test_reserved_names_cannot_be_topic_pages_or_sections(project: Project) -> None:
    topics = project.root / "content" / "topics.yml"
    original = topics.read_text()
    topics.write_text(original.replace("slug: risks", "slug: bibliography"))
    assert (
        "the page slug 'bibliography' is used by the site itself" in project.mkdocs_build().stderr
    )
    topics.write_text(original.replace("id: ptsd", "id: references"))
    assert "the section id 'references' is used by the page itself" in project.mkdocs_build().stderr
