"""The site without MkDocs hooks: `kapsite render`, a generator (Zensical 0.0.73, ProperDocs
1.6.7), then `kapsite finish`, compared page by page with the MkDocs build of the same project.

What Zensical writes differently from MkDocs + Material, each pinned by a test below:
- one more anchor in the content element (`__skip`, the skip link's target);
- relative links in raw HTML (the topic pages' own links, e.g. `../faq/#claim-...`) get one more
  `../` per level (`../../faq/`): they resolve to the same page at the site root, where this
  site is published, but would not below a subpath;
- code blocks are highlighted, and a fenced block inside a list item (docs/contributing.md) is a
  code block, where Python-Markdown without superfences makes it inline code;
- other theme scripts (so other policy hashes), and its own search index (search.json, built
  from the content before `finish` sanitises it; `render` stops on any raw HTML the sanitiser
  would remove, as the config is strict).
ProperDocs from the render folder gives MkDocs' pages byte for byte, but for its name in the
generator tag; ProperDocs also runs the hook itself (`properdocs build -f mkdocs.yml`).
"""

from __future__ import annotations

import html as html_lib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import Project, make_project

from kapsite.commands.cli import main
from kapsite.standalone import CONTENT_START, clean_content

ZENSICAL_ONLY_ANCHORS = {"__skip"}  # Zensical's theme puts its skip link's target in the content
DISCLAIMER = '<aside class="kap-disclaimer"'
HELP_TOP = "kap-help--top"
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
MOVED = "old-about"  # a page URL redirects.yml sends on to /about/


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def generator(name: str, config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run(
        [sys.executable, "-m", name, "build", "-f", str(config)],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def rendered_and_built(project: Project, out: Path, name: str) -> Path:
    code, _, err = run("render", "--root", str(project.root), "--out", str(out))
    assert code == 0, err
    built = generator(name, out / "mkdocs.yml")
    assert built.returncode == 0, built.stdout + built.stderr
    code, _, err = run("finish", str(out / "site"), "--generator", name)
    assert code == 0, err
    return out / "site"


def pages(site: Path) -> dict[str, str]:
    """The theme's pages (not the engine's redirect pages), by path in the site."""
    found = {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")
    }
    return {uri: html for uri, html in sorted(found.items()) if CONTENT_START in html}


def content_text(html: str) -> str:
    start = html.index(CONTENT_START)
    text = re.sub(r"<[^>]+>", " ", html[start : html.rindex("</article>")])
    return " ".join(html_lib.unescape(text).split())


def content_anchors(html: str) -> set[str]:
    start = html.index(CONTENT_START)
    return set(re.findall(r'\bid="([^"]+)"', html[start : html.rindex("</article>")]))


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    project = make_project(tmp_path_factory.mktemp("standalone") / "project")
    project.write("content/redirects.yml", f"/{MOVED}/: /about/\n")
    root = project.root
    hooked = generator("properdocs", root / "mkdocs.yml")  # the hook, run by ProperDocs
    assert hooked.returncode == 0, hooked.stdout + hooked.stderr
    (root / "site").rename(root / "site-properdocs-hooks")
    built = project.mkdocs_build()
    assert built.returncode == 0, built.stderr
    return {
        "properdocs-hooks": root / "site-properdocs-hooks",
        "mkdocs": root / "site",
        "zensical": rendered_and_built(project, root / "render-zensical", "zensical"),
        "properdocs": rendered_and_built(project, root / "render-properdocs", "properdocs"),
    }


@pytest.mark.parametrize("name", ["zensical", "properdocs"])
def test_each_generator_publishes_the_mkdocs_pages_and_anchors(sites, name) -> None:
    mkdocs, other = pages(sites["mkdocs"]), pages(sites[name])
    assert sorted(other) == sorted(mkdocs)
    allowed = ZENSICAL_ONLY_ANCHORS if name == "zensical" else set()
    for uri, html in mkdocs.items():
        assert content_anchors(other[uri]) - allowed == content_anchors(html), uri


@pytest.mark.parametrize("name", ["zensical", "properdocs"])
def test_every_page_carries_the_disclaimer_the_help_box_and_a_policy(sites, name) -> None:
    mkdocs, other = pages(sites["mkdocs"]), pages(sites[name])
    for uri, html in other.items():
        assert DISCLAIMER in html, uri
        # The footer's help box holds the crisis lines, as MkDocs' does, not an empty box.
        footer = re.search(r'<aside class="kap-help kap-help--footer.*?</aside>', html, re.S)
        assert footer and "Need help now?" in footer[0], uri
        assert (HELP_TOP in html) == (HELP_TOP in mkdocs[uri]), uri  # near the top where MkDocs
        policy = POLICY.findall(html)
        assert len(policy) == 1 and "script-src 'self' 'sha256-" in policy[0], uri


def test_generated_files_are_the_same_as_mkdocs_writes(sites) -> None:
    for name in ("zensical", "properdocs"):
        for file in ("claims.json", "build-report.json", f"{MOVED}/index.html"):
            assert (sites[name] / file).read_bytes() == (sites["mkdocs"] / file).read_bytes()


@pytest.mark.parametrize("name", ["properdocs", "properdocs-hooks"])
def test_properdocs_gives_mkdocs_pages_byte_for_byte(sites, name) -> None:
    """The same theme as MkDocs: every page is the hook's page, but for the generator's name."""
    mkdocs, other = pages(sites["mkdocs"]), pages(sites[name])
    generator_tag = re.compile(r'<meta name="generator" content="[^"]*">')
    assert sorted(other) == sorted(mkdocs)
    for uri, html in mkdocs.items():
        assert generator_tag.sub("", other[uri]) == generator_tag.sub("", html), uri


def test_zensical_pages_read_as_the_mkdocs_pages(sites) -> None:
    """The words of every page's content are MkDocs' words, but on the contributing page, whose
    fenced code in list items MkDocs makes inline code (its language name shown as a word).
    Zensical highlights code blocks, and its token spans space out the code's punctuation
    ('"articles" :'), so a page with a code block is compared without the spaces."""
    mkdocs, other = pages(sites["mkdocs"]), pages(sites["zensical"])
    for uri, html in mkdocs.items():
        if uri == "contributing/index.html":
            continue
        ours, theirs = content_text(html), content_text(other[uri])
        if "<pre" in html:
            ours, theirs = re.sub(r"\s", "", ours), re.sub(r"\s", "", theirs)
        assert theirs == ours, uri


@pytest.mark.parametrize("name", ["mkdocs", "zensical"])
def test_every_link_inside_the_site_lands_on_a_page_and_anchor(sites, name) -> None:
    site = pages(sites[name])
    anchors = {uri: set(re.findall(r'\bid="([^"]+)"', html)) for uri, html in site.items()}
    for uri, html in site.items():
        base = "https://kapsite.example/" + uri
        for href in re.findall(r'<a [^>]*href="([^"]+)"', html):
            target = urlsplit(urljoin(base, html_lib.unescape(href)))
            if target.netloc != "kapsite.example" or href.startswith("#__"):
                continue
            path = target.path.lstrip("/")
            page = path + "index.html" if path.endswith("/") or not path else path
            if not page.endswith(".html"):
                assert (sites[name] / page).is_file(), (uri, href)
                continue
            assert page in site, (uri, href)
            assert not target.fragment or target.fragment in anchors[page], (uri, href)


def test_zensical_adds_one_level_to_relative_links_in_raw_html(sites) -> None:
    """Pinned so a fix (in Zensical, or links written as Markdown) is noticed and this goes."""
    mkdocs = pages(sites["mkdocs"])["conditions/index.html"]
    zensical = pages(sites["zensical"])["conditions/index.html"]
    assert 'href="../bibliography/#ref-jones2019"' in mkdocs
    assert 'href="../../bibliography/#ref-jones2019"' in zensical
    assert 'href="../bibliography/#ref-jones2019"' not in zensical


def test_render_imports_no_mkdocs(project: Project, tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from kapsite.commands.cli import main\n"
        f"code = main(['render', '--root', {str(project.root)!r}, '--out', {str(tmp_path / 'r')!r}])\n"
        "assert code == 0, code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
    page = (tmp_path / "r" / "docs" / "about.md").read_text(encoding="utf-8")
    assert DISCLAIMER in page and "kap-review" in page  # what on_page_markdown adds
    assert json.loads((tmp_path / "r" / "docs" / "claims.json").read_text(encoding="utf-8"))


def test_render_names_every_content_error_and_writes_nothing(
    project: Project, tmp_path: Path
) -> None:
    project.write("docs/broken.md", "---\ntitle: [unclosed\n---\n\n# Broken\n")
    project.write("docs/also-broken.md", "---\nreviewed: someday\n---\n\n# Also broken\n")
    code, out, err = run("render", "--root", str(project.root), "--out", str(tmp_path / "r"))
    assert code == 2
    assert re.search(r"^docs/broken\.md:\d+: .*\(fix: ", err, re.M), err
    assert re.search(r"^docs/also-broken\.md:\d+: .*\(fix: ", err, re.M), err
    assert "2 error(s)" in out
    assert not (tmp_path / "r").exists()


def test_render_refuses_a_folder_it_did_not_write(project: Project, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    code, _, err = run("render", "--root", str(project.root), "--out", str(mine))
    assert code == 2 and "was not written by kapsite render" in err
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]


def test_finish_sanitises_content_and_refuses_a_page_it_cannot_make_safe(
    sites, tmp_path: Path
) -> None:
    render = sites["zensical"].parent
    site = tmp_path / "site"
    site.mkdir()
    page = (sites["zensical"] / "about" / "index.html").read_text(encoding="utf-8")
    page = POLICY.sub("", page)
    # In the content: the sanitiser removes it. Outside it (a theme or generator bug): refused.
    in_content = page.replace(CONTENT_START, CONTENT_START + "<script>alert(1)</script>", 1)
    outside = page.replace("</body>", "<script>alert(2)</script></body>", 1)
    (site / "clean").mkdir()
    (site / "clean" / "index.html").write_text(in_content, encoding="utf-8")
    (site / "bad").mkdir()
    (site / "bad" / "index.html").write_text(outside, encoding="utf-8")
    index = {
        "config": {},
        "items": [{"location": "", "title": "T", "text": "<p>a</p><img src=x onerror=alert(3)>"}],
    }
    (site / "search.json").write_text(json.dumps(index), encoding="utf-8")
    code, out, err = run("finish", str(site), "--render", str(render), "--generator", "zensical")
    assert code == 1
    assert "alert(3)" not in (site / "search.json").read_text(encoding="utf-8")  # indexed early
    assert "bad/index.html: the built page holds what the theme does not write" in err
    assert "clean/index.html" not in err
    assert "alert(1)" not in (site / "clean" / "index.html").read_text(encoding="utf-8")
    refused = (site / "bad" / "index.html").read_text(encoding="utf-8")
    assert "'sha256-" not in POLICY.search(refused)[1]  # no inline script may run
    assert "1 page(s) could not be made safe" in out


def test_finish_twice_gives_the_same_pages(sites, tmp_path: Path) -> None:
    before = pages(sites["zensical"])
    code, _, err = run("finish", str(sites["zensical"]), "--generator", "zensical")
    assert code == 0, err
    assert pages(sites["zensical"]) == before


def test_properdocs_search_finds_each_claim_as_the_mkdocs_search_does(sites) -> None:
    def entries(site: Path) -> list[tuple[str, str, str]]:
        docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
        return sorted((d["location"], d["title"], d["text"]) for d in docs)  # pages' order apart

    claim = next(iter(json.loads((sites["mkdocs"] / "claims.json").read_text())["claims"]))
    assert any(loc.endswith(f"#{claim['id']}") for loc, _, _ in entries(sites["mkdocs"]))
    assert entries(sites["properdocs"]) == entries(sites["mkdocs"])
    # Finishing again replaces the entries it added, never adds them twice.
    code, _, err = run("finish", str(sites["properdocs"]), "--generator", "properdocs")
    assert code == 0, err
    assert entries(sites["properdocs"]) == entries(sites["mkdocs"])


def test_clean_content_leaves_a_page_without_content_element_alone() -> None:
    page = "<html><head><meta charset='utf-8'></head><body><p onclick=x>hi</p></body></html>"
    assert clean_content(page) == page  # the final check, not the sanitiser, refuses this one


def test_render_stops_on_warnings_when_the_config_is_strict(
    project: Project, tmp_path: Path
) -> None:
    project.write("docs/raw.md", "# Raw\n\nText <script>alert(1)</script> more.\n")
    code, _, err = run("render", "--root", str(project.root), "--out", str(tmp_path / "r"))
    assert code == 1
    assert re.search(r"^docs/raw\.md:3: .*script.*\(fix: ", err, re.M), err
    assert "nothing written" in err and not (tmp_path / "r").exists()
