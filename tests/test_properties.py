"""Property tests over every parser: any input either works or raises ContentError naming the
file, a line and a fix; never another exception, never a hang (inputs are bounded in size).

Each parser gets two kinds of input: arbitrary text, and near-valid input built from the
format's own pieces, which reaches deeper into the parser than random characters do.
"""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from conftest import clusters_of
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kapsite.errors import ContentError
from kapsite.importer import import_file
from kapsite.importer.references import KeyIndex
from kapsite.inputs.articles import parse_article
from kapsite.inputs.bibliography import load_bibliography
from kapsite.inputs.topics import load_taxonomy
from kapsite.render.topic_page import render_markdown
from kapsite.stages.cite import label_evidence, render_references
from kapsite.stages.classify import classify
from kapsite.stages.compose import compose
from kapsite.stages.segment import segment
from kapsite.text.citations import CitationSyntaxError, extract
from kapsite.text.markdown_source import read

# Modest, so the whole suite stays fast; the deadline is generous so a slow CI never flakes,
# but an input that makes a parser loop for seconds still fails.
# KAPSITE_FUZZ_EXAMPLES=5000 runs a deeper search by hand.
EXAMPLES = int(os.environ.get("KAPSITE_FUZZ_EXAMPLES", "150"))
PARSER = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
MAX_TEXT = 3000


def assert_content_error(error: ContentError, path: Path, whole_file: bool = False) -> None:
    """The error a contributor sees: the right file, a line (unless it is about the whole
    file), a message and a fix."""
    assert error.path == path, str(error)
    assert error.message and error.fix, str(error)
    if not whole_file:
        assert isinstance(error.line, int) and error.line >= 1, str(error)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


# --- front matter and article body ----------------------------------------------------------

TAXONOMY_TEXT = """\
pages:
  - slug: overview
    title: Overview
    fallback: true
    sections:
      - id: background
        title: Background
        cues: [ketamine, dose*]
  - slug: faq
    title: FAQ
    faq: true
    sections:
      - id: questions
        title: Questions
"""
scalar = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates().map(str),
)
field_names = st.sampled_from(
    ["title", "source", "author", "published", "reviewed", "accept_uncited", "other"]
)
front_value = st.recursive(
    scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["publisher", "title", "url", "key", "figure", "reason"]),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=8,
)
front_matter = st.one_of(
    st.dictionaries(field_names, front_value, max_size=6).map(
        lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=True)
    ),
    st.text(max_size=200),  # anything at all, YAML or not
)
markdown_line = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        [
            "## Heading",
            "## Frequently asked questions",
            "### A question?",
            "- a list item [@key]",
            "1. numbered",
            "```",
            "~~~",
            "",
            "Ketamine works [@a; @b, p. 5].",
            "Ketamine [@] broken [@a;;].",
            "See `[@code]` and [link](https://example.org) 70% in 24 hours.",
            "<em>inline</em> <script>x()</script>",
            "It helps. This helps. They help.",
            "---",
            "> quoted text",
            # Every construct the one Markdown reader knows, refuses or keeps whole.
            "| Effect | How common |",
            "|---|---|",
            "| Nausea [@key] | Common |",
            "Setext heading",
            "=====",
            "-----",
            "    indented code [@key]",
            "````",
            '!!! note "Title"',
            "??? warning",
            "[1]: https://doi.org/10.1/x",
            "See [the trial][1].",
            "[^1]: A footnote.",
            "A claim[^1].",
            "> - quoted item",
            "  - nested item",
            "<div>html block</div>",
            "<!-- a comment -->",
            "Relief [see @key, p. 5 and more; -@other].",
            "@key [p. 5] found relief; mail info@clinic.org.",
            "Broken @{key and [see @] and \\@home.",
            "Doses rose (see Fig. 2) by 0.5 mg. Dr. Lee et al. agreed.",
            "These two uses are common.",
        ]
    ),
)
body = st.lists(markdown_line, max_size=30).map("\n".join)
article_text = st.one_of(
    st.text(max_size=MAX_TEXT),
    st.builds(lambda fm, b: f"---\n{fm}---\n{b}\n", front_matter, body),
    st.builds(
        lambda b: f"---\ntitle: T\nsource:\n  publisher: P\n---\n{b}\n",
        body,
    ),
)


@PARSER
@given(text=article_text)
def test_any_article_builds_or_names_file_line_and_fix(workdir: Path, text: str) -> None:
    path = workdir / "article.md"
    taxonomy_path = workdir / "topics-for-articles.yml"
    taxonomy_path.write_text(TAXONOMY_TEXT, encoding="utf-8")
    try:
        article = parse_article(path, text.replace("\r\n", "\n"))
        statements = classify(segment(article), load_taxonomy(taxonomy_path))
    except ContentError as error:
        assert_content_error(error, path)
        return
    # What parsed must also compose and render: the stages after the parsers take any article.
    clusters = label_evidence([c for c in clusters_of(statements) if not c.citation_keys], {})
    for page in compose(load_taxonomy(taxonomy_path), clusters, {}, [article]):
        render_markdown(page, {})


@PARSER
@given(text=st.one_of(body, st.text(max_size=MAX_TEXT)))
def test_the_markdown_reader_reads_any_body_or_names_each_refusal_with_a_line(text: str) -> None:
    lines = text.split("\n")
    document = read(text)
    for problem in document.problems:
        assert 0 <= problem.line < len(lines) and problem.message and problem.fix
    for block in document.blocks:
        assert 0 <= block.line < len(lines)
        if block.kind in ("code", "table", "quote"):
            # Kept whole means as written: every line of it is in the source.
            source = text.replace("\r\n", "\n").replace("\r", " ")
            assert all(part.strip() in source for part in block.lines)


citation_text = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            ["[", "]", "@", "-@", "; ", ", p. 5", "see ", "@{", "}", "\\@", "`", "a@b.org", "@k"]
        ),
    ),
    max_size=12,
).map("".join)


@PARSER
@given(text=citation_text)
def test_any_text_gives_its_citations_or_a_citation_syntax_error(text: str) -> None:
    try:
        clean, citations = extract(text)
    except CitationSyntaxError as error:
        assert str(error)
        return
    assert all(c.key for c in citations)
    assert "[@" not in clean.replace("`", "") or "`" in text  # never published raw


# --- BibTeX ---------------------------------------------------------------------------------

bib_piece = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "@article{",
            "@online{",
            "@book(",
            "@misc{key,",
            "@comment{",
            "@string{s = {x}}",
            "@preamble{",
            "}",
            "{",
            '"',
            ",",
            "=",
            "#",
            "\n",
            "author = {Family, Given and Other, A.},",
            "author = {{Org}},",
            "author = {and and},",
            "title = {A {Title} $x$},",
            "year = {2019},",
            "year = 2019,",
            "doi = {10.1000/x},",
            "doi = {javascript:alert(1)},",
            "url = {http://example.org},",
            "url = {javascript:alert(1)},",
            "verification = {verified},",
            "verification = {maybe},",
            "pages = {1--10},",
            "keywords = {source-article},",
            "organization = {WHO},",
            "note = {\\textbf{x}},",
            "month = jan,",
            "crossref = {missing},",
        ]
    ),
)
bib_text = st.one_of(
    st.text(max_size=MAX_TEXT),
    st.lists(bib_piece, max_size=40).map("".join),
    st.lists(bib_piece, max_size=12).map(
        lambda ps: (
            "@article{k1,\n  author = {A, B},\n  title = {T},\n  year = {2020},\n"
            + "\n".join(ps)
            + "\n}\n"
        )
    ),
)


@PARSER
@given(text=bib_text)
# Crashes this test found (each fixed): a field the style needs (pybtex's FieldIsMissing), an
# entry type the style has no template for (AttributeError), a malformed name list (no line).
@example(text="@ARTICLE{0,AUTHOR={0},TITLE={0},YEAR=0}")
@example(text="@foo{k,author={A, B},title={T},year={2000}}")
@example(text="@misc{k,\n author={,,,},\n title={T},\n year={2000}}")
def test_any_bibtex_loads_and_renders_or_names_file_line_and_fix(workdir: Path, text: str) -> None:
    folder = workdir / "bib"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    path = folder / "refs.bib"
    path.write_text(text, encoding="utf-8")
    try:
        references = render_references(load_bibliography(folder))
    except ContentError as error:
        assert_content_error(error, path)
        return
    for reference in references.values():
        assert (
            "javascript:"
            not in reference.html.lower().replace("&quot;", '"').split('href="')[-1][:11]
            or 'href="' not in reference.html
        )


# --- topics.yml -----------------------------------------------------------------------------

section = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.sampled_from(["a", "b-c", "Bad Id", ""]), scalar),
        "title": scalar,
        "cues": st.one_of(st.lists(scalar, max_size=3), scalar),
    },
)
topic = st.fixed_dictionaries(
    {},
    optional={
        "slug": st.one_of(st.sampled_from(["overview", "faq", "x", "Bad Slug"]), scalar),
        "title": scalar,
        "intro": scalar,
        "faq": st.booleans(),
        "fallback": st.booleans(),
        "cues": st.one_of(st.lists(scalar, max_size=3), scalar),
        "sections": st.one_of(st.lists(section, max_size=3), scalar),
        "extra": scalar,
    },
)
topics_text = st.one_of(
    st.text(max_size=MAX_TEXT),
    st.lists(topic, max_size=4).map(
        lambda pages: yaml.safe_dump({"pages": pages}, allow_unicode=True, sort_keys=True)
    ),
    st.builds(lambda extra: TAXONOMY_TEXT + extra, st.text(max_size=200)),
)


@PARSER
@given(text=topics_text)
def test_any_topics_file_loads_or_names_file_line_and_fix(workdir: Path, text: str) -> None:
    path = workdir / "topics.yml"
    path.write_text(text, encoding="utf-8")
    try:
        load_taxonomy(path)
    except ContentError as error:
        assert_content_error(error, path)


# --- the importer ---------------------------------------------------------------------------

html_piece = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "<html>",
            "<body>",
            "<article>",
            "</article>",
            "<main>",
            "<h1>Title</h1>",
            "<h2>",
            "</h2>",
            "<p>",
            "</p>",
            "<li>",
            "<ul>",
            "</ul>",
            "<script>var x = '</p>';</script>",
            "<style>p{}</style>",
            "<nav>Menu</nav>",
            "<img alt='a picture'>",
            "<br/>",
            "&amp;",
            "&#0;",
            "&#xD800;",
            "<!-- comment",
            "<![CDATA[x]]>",
            "References",
            "Smith, J. (2019). A title. Journal, 1(2), 3-4. https://doi.org/10.1/x",
            "(Smith, 2019)",
            "\n",
        ]
    ),
)
import_text = st.one_of(
    st.text(max_size=MAX_TEXT),
    st.lists(html_piece, max_size=40).map(lambda ps: "<!doctype html>" + "".join(ps)),
    st.lists(html_piece, max_size=40).map("".join),
)


@PARSER
@given(text=import_text, suffix=st.sampled_from([".txt", ".html"]))
def test_any_page_imports_or_names_file_line_and_fix(workdir: Path, text: str, suffix: str) -> None:
    path = workdir / f"page{suffix}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        import_file(path, workdir / "out", workdir / "out-bib", KeyIndex())
    except ContentError as error:
        assert_content_error(error, path, whole_file=True)


# --- the other data files contributors edit -------------------------------------------------

from kapsite.inputs.articles import page_front_matter  # noqa: E402
from kapsite.inputs.help import load_help  # noqa: E402
from kapsite.inputs.redirects import load_redirects  # noqa: E402
from kapsite.inputs.safe_messaging_rules import load_rules  # noqa: E402

YAML_PIECES = st.sampled_from(
    ["title: x\n", "lines:\n", "  - name: A\n", "    how: call 1\n", "    links: [tel:1]\n",
     "rules:\n", "  - id: r\n", "    pattern: '(x'\n", "    scope: anywhere\n", "reviewed: 2024-13-40\n",
     "/old/: /new/\n", "/a/: javascript:x\n", "triggers: ['(']\n", "- [\n", ": :\n", "\t\n"]
)  # fmt: skip
DATA_TEXT = st.one_of(st.text(max_size=MAX_TEXT), st.lists(YAML_PIECES, max_size=12).map("".join))


@PARSER
@given(DATA_TEXT)
@example("lines:\n  - name: A\n    how: call 1\n    links: [tel:1]\n")
@example("reviewed: 2024-13-40\n")
def test_data_files_load_or_raise_content_error(workdir: Path, text: str) -> None:
    path = workdir / "data.yml"
    path.write_text(text, encoding="utf-8")
    for load in (load_help, load_rules, load_redirects):
        try:
            load(path)
        except ContentError as error:
            assert_content_error(error, path, whole_file=True)


@PARSER
@given(DATA_TEXT)
def test_docs_page_front_matter_parses_or_raises_content_error(workdir: Path, text: str) -> None:
    path = workdir / "page.md"
    try:
        page_front_matter(path, f"---\n{text}\n---\n# Page\n")
    except ContentError as error:
        assert_content_error(error, path)


# --- bytes, not text: every reader of a content file ------------------------------------------
# Text written as UTF-8 can never hold a byte that is not UTF-8, a byte-order mark or a stray
# 0xff: these inputs are bytes, spliced into near-valid files of each format.

from kapsite.config import SiteConfig  # noqa: E402
from kapsite.files import read_text  # noqa: E402
from kapsite.inputs.articles import read_article  # noqa: E402
from kapsite.inputs.claims import load_editorial  # noqa: E402
from kapsite.inputs.load import read_lock  # noqa: E402
from kapsite.inputs.notices import load_disclaimer  # noqa: E402
from kapsite.inputs.vocabulary import load_vocabulary  # noqa: E402


def _splice(parts: tuple[bytes, str, bytes, int]) -> bytes:
    mark, text, noise, at = parts
    data = text.encode("utf-8", "surrogatepass")
    at = at % (len(data) + 1)
    return mark + data[:at] + noise + data[at:]


NOISE = st.one_of(
    st.sampled_from([b"\xff", b"\xfe\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"]),
    st.binary(max_size=6),
)
FILE_BYTES = st.one_of(
    st.binary(max_size=MAX_TEXT),
    st.tuples(
        st.sampled_from([b"", b"\xef\xbb\xbf"]),
        st.one_of(article_text, bib_text, topics_text, DATA_TEXT),
        NOISE,
        st.integers(min_value=0),
    ).map(_splice),
)  # fmt: skip


def _readers(folder: Path) -> dict[str, object]:
    """Each reader of a content file, by the name its file has in a project."""
    return {
        "article.md": read_article,
        "topics.yml": load_taxonomy,
        "help.yml": load_help,
        "safe-messaging.yml": load_rules,
        "redirects.yml": load_redirects,
        "vocabulary.yml": load_vocabulary,
        "overview.yml": lambda path: load_editorial(path.parent),
        "anchors.lock": lambda path: read_lock(SiteConfig(root=folder, anchors_lock=path)),
        "page.md": lambda path: page_front_matter(path, read_text(path)),
        "disclaimer.md": lambda path: load_disclaimer(SiteConfig(root=folder, disclaimer=path)),
        "refs.bib": lambda path: load_bibliography(path.parent),
    }  # fmt: skip


@PARSER
@given(data=FILE_BYTES)
@example(data=b"\xef\xbb\xbf---\ntitle: T\nsource:\n  publisher: P\n---\nKetamine helps.\n")
@example(data=b"pages:\n  - slug: a\xff\n")
@example(data=b"\xef\xbb\xbf\n\n\xff")
def test_any_bytes_in_any_content_file_load_or_name_file_line_and_fix(
    workdir: Path, data: bytes
) -> None:
    try:
        bad_byte: int | None = None
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad_byte = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
    for name, reader in _readers(workdir).items():
        folder = workdir / name.replace(".", "-")
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        path = folder / name
        path.write_bytes(data)
        try:
            reader(path)
        except ContentError as error:
            assert_content_error(error, path, whole_file=True)
            if bad_byte is not None:  # the reader stops at the first byte that is not UTF-8
                assert error.line == data[:bad_byte].count(b"\n") + 1, (name, str(error))
        else:
            assert bad_byte is None, f"{name} read bytes that are not UTF-8"
