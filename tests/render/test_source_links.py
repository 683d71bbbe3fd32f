"""Edit links to the file and line that hold a claim or page, and "report an error" links that
open a prefilled issue: what a reader who spots a mistake, or a contributor, follows."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import Project, review_the_rest

from kapsite.render.links import REPORT_TEMPLATE, SourceLinks

REPO_URL = "https://github.example/owner/kapsite"
LINKS = SourceLinks(
    repo_url=REPO_URL, edit_uri="blob/main/docs/", site_url="https://site.example/kap/"
)
ACTIONS = re.compile(
    r'<li class="kap-actions"><a href="([^"]+)">Edit this statement</a> \(([^,]+), line (\d+)\)'
    r' · <a href="([^"]+)">Report an error</a></li>'
)


def test_an_edit_link_opens_the_file_at_its_line_on_the_branch() -> None:
    assert LINKS.source(Path("content/claims/faq.yml"), 12) == (
        f"{REPO_URL}/blob/main/content/claims/faq.yml#L12"
    )
    assert LINKS.source(Path("docs/about.md")) == f"{REPO_URL}/blob/main/docs/about.md"
    assert SourceLinks().source(Path("docs/about.md"), 3) == ""  # no repository, no link


def test_a_report_link_prefills_the_error_template_with_the_claims_permalink_and_words() -> None:
    text = 'Ketamine & "esketamine" <differ> in 50% of cases; see [^1] #tag'
    href = LINKS.report("risks", "claim-x", text)
    assert '"' not in href and "<" not in href  # safe in a quoted attribute
    url = urlsplit(html.unescape(href))
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{REPO_URL}/issues/new"
    query = parse_qs(url.query, strict_parsing=True)
    assert query["template"] == [REPORT_TEMPLATE]
    assert query["title"] == ['Error: Ketamine & "esketamine" <differ> in 50% of cases; see [^1]…']
    (body,) = query["body"]
    assert "https://site.example/kap/risks/#claim-x" in body
    assert f"> {text}\n" in body  # the whole claim, every character intact
    assert "**What is wrong.**" in body  # the template's own questions


def test_a_report_keeps_the_templates_title_crisis_line_and_questions() -> None:
    """A prefilled body replaces the template's: nothing the template asks may be lost."""
    import yaml
    from conftest import REPO

    template = (REPO / ".github" / "ISSUE_TEMPLATE" / REPORT_TEMPLATE).read_text(encoding="utf-8")
    _, front, body = template.split("---\n", 2)
    href = html.unescape(LINKS.report("risks", "claim-x", "A claim."))
    query = parse_qs(urlsplit(href).query)
    assert query["title"][0].startswith(yaml.safe_load(front)["title"])
    crisis = body.strip().split("\n\n")[0]
    assert "crisis" in crisis and crisis in query["body"][0]
    questions = re.findall(r"\*\*[^*]+\*\*", body)
    assert len(questions) == 3
    for question in questions:
        assert question in query["body"][0]


def _actions(page: str) -> list[tuple[str, str, int, str]]:
    return [(html.unescape(e), f, int(n), html.unescape(r)) for e, f, n, r in ACTIONS.findall(page)]


def _claims(page: str) -> list[str]:
    return re.findall(r'class="kap-claim[^"]*" id="([^"]+)"', page)


def test_every_claim_links_to_where_its_words_are_written(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before review a claim is an article's sentence: its link opens that article's line.
    After review its words are the editor's: the link opens its entry in the claims file."""
    monkeypatch.setenv("KAPSITE_REPO_URL", REPO_URL)
    for reviewed in (False, True):
        if reviewed:
            review_the_rest(project)
        result = project.mkdocs_build()
        assert result.returncode == 0, result.stderr
        page = project.html("mechanism/index.html")
        actions = _actions(page)
        assert actions and len(actions) == len(_claims(page))  # one per claim
        for edit, shown, line, report in actions:
            assert edit == f"{REPO_URL}/blob/main/{shown}#L{line}"
            source = (project.root / shown).read_text(encoding="utf-8").splitlines()
            if reviewed:
                assert shown == "content/claims/mechanism.yml"
                claim_id = source[line - 1].split("id:")[1].strip()
                assert claim_id in _claims(page)
                assert f"%23{claim_id}" in report  # the report names that claim's permalink
            else:
                assert shown.startswith("content/articles/")
                assert "Ketamine" in source[line - 1] or "Glutamate" in source[line - 1]
            assert report.startswith(f"{REPO_URL}/issues/new?template={REPORT_TEMPLATE}&")


def test_every_page_edit_link_goes_to_a_source_file_never_a_generated_page(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    review_the_rest(project)
    monkeypatch.setenv("KAPSITE_REPO_URL", REPO_URL)
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    expected = {
        "mechanism/index.html": "content/claims/mechanism.yml",
        "bibliography/index.html": "bibliography/refs.bib",
        "about/index.html": "docs/about.md",
    }
    for built, source in expected.items():
        (edit,) = re.findall(r'<a href="([^"]+)" title="Edit this page"', project.html(built))
        assert edit == f"{REPO_URL}/blob/main/{source}", built
        assert (project.root / source).exists()


def test_a_repository_address_cannot_add_markup_to_any_page(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "KAPSITE_REPO_URL", 'https://github.example/o/r"><img src=x onerror="alert(1)'
    )
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr  # the build's own check finds no handler
    for built in ("mechanism/index.html", "about/index.html"):
        page = project.html(built)
        assert "onerror=" not in page.replace("onerror=&quot;", "")
        assert "<img src=x" not in page
