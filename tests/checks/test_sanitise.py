"""Raw HTML in articles, docs pages, front matter, topics.yml and BibTeX never reaches the site
as markup that runs: each removal is a warning with file:line, and the built HTML is checked."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from conftest import REPO, Project, make_project

from kapsite.checks.sanitise import clean_html, clean_inline, scan, unsafe_url

# Each payload tries a different way in; the built HTML must hold none of them as live markup.
PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">a link</a>',
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="java&#x09;script:alert(1)">entity tab</a>',
    '<a href=" javascript:alert(1)">leading space</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data url</a>',
    "[a Markdown link](javascript:alert(1))",
    "![an image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<javascript:alert(1)>",
    '<em onmouseover="alert(1)">hover</em>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '"><script>alert(1)</script>',
    "<details open ontoggle=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<scr<script>ipt>alert(1)</script>",
    '<div style="background:url(javascript:alert(1))">styled</div>',
)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "poster")


class _LiveMarkup(HTMLParser):
    """Anything in a page that a browser would run or follow from a payload."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A JSON-LD block is data the browser never runs (a hostile title is in it, escaped);
        # had its text ended the block, what followed would be a script of its own, found here.
        data_block = dict(attrs).get("type") == "application/ld+json"
        self.in_script = tag == "script" and not data_block
        if tag in ("iframe", "object", "embed", "base", "form", "svg", "math"):
            self.found.append(f"<{tag}>")
        if tag == "meta" and any(v and "javascript" in v.lower() for _, v in attrs):
            self.found.append("<meta refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")
            if name in URL_ATTRIBUTES and value and unsafe_url(value):
                self.found.append(f"<{tag} {name}={value[:20]}>")
            if name == "style" and "javascript" in (value or "").lower():
                self.found.append(f"<{tag} style=javascript>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.found.append("<script>alert</script>")


def live_markup(html: str) -> list[str]:
    parser = _LiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.found


# The theme's edit button (feature content.action.edit), the one thing it draws inside <article>:
# a link to the page's source, its icon an <svg> with one path. Only exactly that is set aside.
THEME_EDIT_BUTTON = re.compile(
    r'<a href="[^"<>]*" title="Edit this page" class="md-content__button md-icon" rel="edit">'
    r'\s*<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="[^"<>]*"/></svg>'
    r"\s*</a>"
)


def live_markup_in_page(html: str) -> list[str]:
    """The theme draws its icons with <svg> and its search box with <form>: outside the page's
    <article> only handlers, links and scripts are checked; inside it, every tag is (but the
    theme's edit button)."""
    html = THEME_EDIT_BUTTON.sub("", html, count=1)
    start, end = html.find("<article"), html.rfind("</article>")
    found = [f for f in live_markup(html) if not f.startswith(("<svg>", "<form>"))]
    return found + live_markup(html[start:end]) if start >= 0 else found


# --- the sanitiser on its own ----------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_cleaned_html_holds_no_live_payload(payload: str) -> None:
    assert live_markup(clean_html(f"<p>Text {payload} more.</p>")) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_claim_text_holds_no_live_payload_even_once_rendered(payload: str) -> None:
    import markdown

    html = markdown.markdown(clean_inline(f"Ketamine {payload} text."))
    assert live_markup(clean_html(html)) == []


def test_claim_text_keeps_simple_inline_html_and_escapes_other_tags() -> None:
    text = clean_inline('A <em onclick="x()">b</em> <sub>2</sub> <blink>c</blink> p < 0.05')
    assert text == "A <em>b</em> <sub>2</sub> &lt;blink&gt;c&lt;/blink&gt; p &lt; 0.05"


def test_claim_text_keeps_code_spans_as_written() -> None:
    assert clean_inline("Write `<script>` and <b>x</b>.") == "Write `<script>` and <b>x</b>."


def test_cleaned_html_keeps_the_sites_own_markup() -> None:
    html = (
        '<div class="kap-claim" id="claim-a"><p><a class="kap-cite" href="#ref-a">[1]'
        '<span class="kap-preview"> x</span></a></p><aside role="note" aria-label="D">'
        '<a href="tel:988">988</a> <a href="https://example.org/">e</a></aside></div>'
    )
    assert clean_html(html) == html


def test_scan_names_each_removal_with_its_line() -> None:
    text = "Fine line.\n<script>x()</script>\n`<script>` in code\n\n[a](data:text/html,x)\n"
    found = scan(text, "content/articles/a.md", first_line=10)
    assert [str(e).split(" (fix")[0] for e in found] == [
        "content/articles/a.md:11: raw HTML removed: the tag <script> is not allowed",
        "content/articles/a.md:14: raw HTML removed: the link 'data:text/html,x' is not http(s), mailto or tel",
    ]
    assert all(e.fix for e in found)


def test_scan_ignores_fenced_code_and_autolinks() -> None:
    text = "```html\n<script>x()</script>\n```\nSee <https://example.org> or <a@b.org>.\n"
    assert scan(text, "docs/x.md") == []


# --- end to end: payloads everywhere a contributor can type ---------------------------------


def _write_payloads(project: Project) -> None:
    body = "\n\n".join(f"Ketamine payload {n}: {p}" for n, p in enumerate(PAYLOADS))
    title = PAYLOADS[18].replace('"', '\\"')
    project.write(
        "content/articles/payloads.md",
        f'---\ntitle: "{title}"\nsource:\n  publisher: "<img src=x onerror=alert(1)>"\n'
        f'  title: "<svg onload=alert(1)>"\n---\n{body}\n',
    )
    docs = "\n\n".join(f"Docs payload {n}: {p}" for n, p in enumerate(PAYLOADS))
    project.write("docs/payloads.md", f"# Payloads\n\n{docs}\n")
    bib = (project.root / "bibliography" / "refs.bib").read_text()
    project.write(
        "bibliography/refs.bib",
        bib + "\n@article{evil2021,\n  author = {<script>alert(1)</script>},\n"
        "  title = {<img src=x onerror=alert(1)>},\n  journal = {<svg onload=alert(1)>},\n"
        "  year = {2021},\n  url = {javascript:alert(1)},\n  doi = {javascript:alert(1)},\n"
        "  note = {<iframe src=javascript:alert(1)></iframe>},\n  verification = {verified},\n}\n"
        "\n@online{evil-data,\n  title = {Data},\n  url = {data:text/html,<script>alert(1)</script>},\n"
        "  verification = {unverified},\n}\n",
    )
    article = (project.root / "content/articles/first.md").read_text()
    project.write(
        "content/articles/first.md",
        article + "\nNausea is cited to a hostile entry [@evil2021; @evil-data].\n",
    )
    topics = (project.root / "content/topics.yml").read_text()
    project.write(
        "content/topics.yml",
        topics.replace("title: Risks", 'title: "Risks <script>alert(1)</script>"').replace(
            "intro: Side effects.", "intro: \"Side effects <img src=x onerror='alert(1)'>\""
        ),
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, str]:
    """Built once (not strict, so the page exists to check) for the tests that read it."""
    project = make_project(tmp_path_factory.mktemp("hostile") / "project")
    _write_payloads(project)
    result = project.mkdocs_build("--no-strict")
    assert result.returncode == 0, result.stderr
    return project, result.stderr


def test_no_payload_is_live_anywhere_in_the_built_site(hostile_site: tuple[Project, str]) -> None:
    project, _ = hostile_site
    pages = sorted((project.root / "site").rglob("*.html"))
    assert any("payloads" in str(p) for p in pages)
    for page in pages:
        assert live_markup_in_page(page.read_text(encoding="utf-8")) == [], page


def test_each_removal_in_an_article_or_docs_page_is_a_warning_with_file_and_line(
    hostile_site: tuple[Project, str],
) -> None:
    _, stderr = hostile_site
    lines = {int(n) for n in re.findall(r"content/articles/payloads\.md:(\d+): raw HTML", stderr)}
    docs = {int(n) for n in re.findall(r"docs/payloads\.md:(\d+): raw HTML", stderr)}
    # Payload n is on line 7 + 2n of the article (after 6 front matter lines) and on line
    # 3 + 2n of the docs page: every payload is reported, none is removed in silence.
    assert lines == {7 + 2 * n for n in range(len(PAYLOADS))}
    assert docs == {3 + 2 * n for n in range(len(PAYLOADS))}


def test_a_strict_build_fails_on_raw_html(project: Project) -> None:
    project.write(
        "content/articles/second.md",
        (project.root / "content/articles/second.md").read_text() + "\nA <script>x()</script>\n",
    )
    result = project.mkdocs_build()
    assert result.returncode != 0
    assert "content/articles/second.md:16: raw HTML removed: the tag <script>" in result.stderr


def test_bibtex_url_and_doi_with_other_schemes_never_become_links(
    hostile_site: tuple[Project, str],
) -> None:
    project, _ = hostile_site
    for page in ("bibliography/index.html", "risks/index.html"):
        html = project.html(page)
        for key in ("evil2021", "evil-data"):
            entry = re.search(rf'id="ref-{key}".*?</(?:div|li)>', html, re.S)
            if entry is None:
                continue
            links = re.findall(r'href="([^"]+)"', entry[0])
            assert all(link.startswith(("../", "#")) for link in links), (page, key, links)
            if key == "evil2021":
                assert "&lt;img src=x onerror=alert(1)&gt;" in entry[0]  # the title, as text


def test_real_content_has_no_raw_html_to_remove() -> None:
    root = REPO
    for path in sorted([*root.glob("docs/*.md"), *root.glob("content/articles/*.md")]):
        assert scan(path.read_text(encoding="utf-8"), path) == []


def test_an_attribute_set_with_attr_list_that_will_be_removed_is_a_warning() -> None:
    text = '# Title\n\nClick here.\n{: onclick="alert(1)" .note }\n\n## Next { #next }\n'
    (problem,) = scan(text, "docs/x.md")
    assert str(problem).startswith(
        "docs/x.md:4: raw HTML removed: the attribute onclick= in '{: onclick=\"alert(1)\" .note }'"
    )


def test_attr_list_in_a_docs_page_fails_a_strict_build(project: Project) -> None:
    project.write("docs/about.md", '# About\n\nText.\n{: onclick="alert(1)" }\n')
    result = project.mkdocs_build()
    assert result.returncode != 0
    assert "docs/about.md:4: raw HTML removed: the attribute onclick=" in result.stderr


def test_a_quote_kept_whole_keeps_its_marks_and_a_comparison_stays_text() -> None:
    assert clean_inline("> Nausea passed.\n> It was mild.") == "> Nausea passed.\n> It was mild."
    assert clean_inline("> 50% responded.") == "&gt; 50% responded."
