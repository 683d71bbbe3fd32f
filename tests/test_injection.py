"""Markup can enter only through the sanitiser: the data files around the articles are checked
too (topics.yml, the disclaimer, redirects.yml, BibTeX DOIs)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import chromium_browser, require_chromium, serve
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


# --- Through the theme's templates, judged in Chromium ----------------------------------------
# MkDocs' Jinja does not autoescape. Each value below reaches a template; YAML escapes hide the
# tags from the source scan. A dialog, a hidden disclaimer or a page that navigates away means
# the value got out.

# Once, any script that began like one of the theme's own was allowed.
PREFIX = "var target=document.getElementById(location.hash.slice(1));"
ATTACKS = {
    # docs page -> front matter, as YAML escapes
    "attack-description.md": '---\ndescription: "\\x22\\x3e\\x3cscript\\x3e'
    + PREFIX
    + 'alert(1)\\x3c/script\\x3e"\n---\n\n# Description\n\nText.\n',
    "attack-style.md": '---\ndescription: "\\x22\\x3e\\x3cstyle\\x3e.kap-disclaimer,.kap-help{display:none}\\x3c/style\\x3e"\n---\n\n# Style\n\nText.\n',
    "attack-refresh.md": '---\ndescription: "\\x22\\x3e\\x3cmeta http-equiv=refresh content=\\x220;url=/moved-away/\\x22\\x3e"\n---\n\n# Refresh\n\nText.\n',
    "attack-meta-title.md": '---\ntitle: "\\x3c/title\\x3e\\x3cscript\\x3e'
    + PREFIX
    + 'alert(2)\\x3c/script\\x3e"\nauthor: "\\x22\\x3e\\x3cscript\\x3e'
    + PREFIX
    + 'alert(3)\\x3c/script\\x3e"\n---\n\nText.\n',
    # a docs page not in the nav: its H1 is its title, printed through `striptags`
    "attack-heading.md": "# N &lt;/title&gt;&lt;script&gt;"
    + PREFIX
    + "alert(4)&lt;/script&gt;\n\nText.\n",
}
TOPIC_ATTACK = """\
  - slug: extra
    title: "N </title><script>var target=document.getElementById(location.hash.slice(1));alert(5)</script>"
    intro: More.
    sections:
      - id: misc
        title: Misc
        cues: [misc]
"""


def _sha(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def _attacked_project(root: Path) -> Project:
    from conftest import TOPICS, make_project

    project = make_project(root)
    for name, text in ATTACKS.items():
        (project.root / "docs" / name).write_text(text, encoding="utf-8")
    project.write("content/topics.yml", TOPICS + TOPIC_ATTACK)
    project.write(
        "content/articles/third.md",
        "---\ntitle: T\nsource:\n  publisher: P\n---\n\nKetamine was studied in misc trials.\n",
    )
    return project


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return _attacked_project(tmp_path_factory.mktemp("attacked") / "project")


@pytest.fixture(scope="module")
def attacked_site(attacked: Project) -> Path:
    require_chromium()
    result = attacked.mkdocs_build("--no-strict")  # past the warnings, to see what a reader gets
    assert result.returncode == 0, result.stderr
    return attacked.root / "site"


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with chromium_browser() as browser:
        yield browser


def test_html_in_front_matter_is_a_warning_naming_file_and_line(attacked: Project) -> None:
    result = attacked.mkdocs_build()
    assert result.returncode != 0
    for name in ("attack-description.md", "attack-style.md", "attack-refresh.md"):
        assert f"docs/{name}:2: front matter 'description' holds HTML" in result.stderr
    assert "docs/attack-meta-title.md:2: front matter 'title' holds HTML" in result.stderr
    assert "docs/attack-meta-title.md:3: front matter 'author' holds HTML" in result.stderr


@pytest.mark.parametrize(
    "path",
    [
        "attack-description/",
        "attack-style/",
        "attack-refresh/",
        "attack-meta-title/",
        "attack-heading/",
        "extra/",
    ],
)
def test_no_value_reaching_a_template_runs_hides_or_redirects(
    attacked_site: Path, chromium, path: str
) -> None:
    context = chromium.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve(attacked_site) as base_url:
        page.goto(base_url + path, wait_until="networkidle")
        page.wait_for_timeout(300)  # a meta refresh of 0 s would have fired
        url = page.url
        disclaimer = page.locator(".kap-disclaimer").first.is_visible()
        help_box = page.locator(".kap-help").first.is_visible()
        title = page.title()
    context.close()
    assert dialogs == []
    assert url == base_url + path
    assert disclaimer and help_box
    assert "<script>" in title or path in (
        "attack-description/",
        "attack-style/",
        "attack-refresh/",
    )


def test_attacked_values_are_shown_as_text(attacked_site: Path) -> None:
    heading = (attacked_site / "attack-heading" / "index.html").read_text(encoding="utf-8")
    assert f"<title>N &lt;/title&gt;&lt;script&gt;{PREFIX}alert(4)&lt;/script&gt; - " in heading
    described = (attacked_site / "attack-description" / "index.html").read_text(encoding="utf-8")
    assert (
        f'<meta name="description" content="&quot;&gt;&lt;script&gt;{PREFIX}alert(1)' in described
    )


def test_a_script_a_template_adds_stops_the_build_even_if_it_looks_like_the_themes(
    project: Project,
) -> None:
    # Once, any script that began like one of the theme's was allowed and hashed into the policy.
    main = project.root / "overrides" / "main.html"
    main.write_text(
        main.read_text(encoding="utf-8").replace(
            "{% block extrahead %}",
            '{% block extrahead %}<script>var palette=__md_get("x");alert(1)</script>',
        ),
        encoding="utf-8",
    )
    result = project.mkdocs_build()
    assert result.returncode != 0
    for page in ("404.html", "index.md", "about.md", "conditions.md"):  # every page, together
        assert f"{page}: the built page holds what the theme does not write: an inline script" in (
            result.stderr
        )
    html = project.html("index.html")
    assert "alert(1)" in html and _sha('var palette=__md_get("x");alert(1)') not in html
