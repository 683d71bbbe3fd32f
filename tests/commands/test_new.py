"""`kapsite new article` and `kapsite new reference`: skeletons that build once filled in."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import REPO, Project

from kapsite.commands.cli import main
from kapsite.config import SiteConfig
from kapsite.errors import ContentError
from kapsite.pipeline import build

ARTICLE = "content/articles/my-article.md"


def new(project: Project, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["new", *argv, "--root", str(project.root)], out, err)
    return code, out.getvalue(), err.getvalue()


def fill(path: Path, values: dict[str, str], body: dict[str, str] | None = None) -> None:
    """What a contributor does: write a value after each 'name:' the skeleton leaves blank
    (its comment stays), and replace the body's notes with sentences."""
    text = path.read_text(encoding="utf-8")
    for name, value in values.items():
        text, count = re.subn(
            rf"^(\s*{name}\s*)(:\s*|=\s*\{{\}})",
            rf"\g<1>{_value(path, value)}",
            text,
            count=1,
            flags=re.M,
        )
        assert count == 1, name
    for old, replacement in (body or {}).items():
        assert old in text
        text = text.replace(old, replacement)
    path.write_text(text, encoding="utf-8")


def _value(path: Path, value: str) -> str:
    value = value.replace("\\", "\\\\")
    return f"= {{{value}}}" if path.suffix == ".bib" else f": {value}  "


def build_errors(project: Project) -> str:
    with pytest.raises(ContentError) as caught:
        build(SiteConfig(root=project.root))
    return str(caught.value.relative_to(project.root))


def test_a_filled_in_article_and_its_references_build_with_the_citation_linked(
    project: Project,
) -> None:
    assert new(project, "article", "my-article") == (0, f"wrote {ARTICLE}\n", "")
    assert new(project, "reference", "source-my-article", "--type", "online")[0] == 0
    assert new(project, "reference", "lee2021")[0] == 0
    root = project.root
    fill(
        root / ARTICLE,
        {
            "title": '"Ketamine and sleep: what we know"',
            "publisher": "Example Clinic",
            "  title": '"Sleep After Ketamine"',
            "url": "https://example.org/sleep",
            "short": '"Clinic sleep guide"',
            "key": "source-my-article",
            "published": "2024-05-01",
            "reviewed": "2026-11-20",
        },
        {
            "## TODO(kapsite): name the first section": "## Sleep",
            "TODO(kapsite): replace this example paragraph with the article's own sentences, "
            "such as:\nTODO(kapsite): Ketamine is a medicine that doctors first used for "
            "anaesthesia.": "Ketamine can make some people sleepy for a few hours [@lee2021].",
        },
    )
    fill(
        root / "bibliography/source-my-article.bib",
        {
            "organization": "Example Clinic",
            "title": "Sleep After Ketamine",
            "url": "https://example.org/sleep",
        },
    )
    fill(
        root / "bibliography/lee2021.bib",
        {
            "author": "Lee, Ana and Park, Jun",
            "title": "Sleep after a dose of ketamine",
            "journal": "Journal of Examples",
            "year": "2021",
            "volume": "3",
            "number": "2",
            "pages": "10--20",
            "doi": "10.1000/example.2021",
        },
    )

    result = build(SiteConfig(root=root))
    article = next(a for a in result.articles if a.slug == "my-article")
    assert article.title == "Ketamine and sleep: what we know"
    assert article.source.publisher == "Example Clinic"
    assert article.source.short == "Clinic sleep guide"
    assert (article.published, article.reviewed) == ("2024-05-01", "2026-11-20")
    mine = [s for s in result.statements if s.article == "my-article"]
    # The citation comment is never a claim; the sentence is.
    assert [s.text for s in mine] == ["Ketamine can make some people sleepy for a few hours."]
    assert any(c.key == "lee2021" for s in mine for c in s.citations)
    assert result.references["lee2021"].verification == "unverified"
    assert "source-my-article" in result.references
    assert result.warnings == ()


def test_an_article_skeleton_left_as_written_stops_the_build_at_each_blank(
    project: Project,
) -> None:
    new(project, "article", "my-article")
    errors = build_errors(project)
    assert f"{ARTICLE}:4: the front matter has no 'title'" in errors
    assert f"{ARTICLE}:6: 'source' needs a 'publisher'" in errors

    fill(project.root / ARTICLE, {"title": "Mine", "publisher": "Example Clinic"})
    errors = build_errors(project)  # the body's notes are never published either
    assert f"{ARTICLE}:15: a note from 'kapsite import' or 'kapsite new'" in errors
    assert f"{ARTICLE}:17: a note from 'kapsite import' or 'kapsite new'" in errors
    assert f"{ARTICLE}:18: a note from 'kapsite import' or 'kapsite new'" in errors


@pytest.mark.parametrize("kind", ["article", "online"])
def test_a_reference_skeleton_left_as_written_stops_the_build_at_an_empty_field(
    project: Project, kind: str
) -> None:
    assert new(project, "reference", "lee2021", "--type", kind)[0] == 0
    errors = build_errors(project)
    assert re.search(r"bibliography/lee2021\.bib:\d+: entry 'lee2021' has an empty '\w+'", errors)


@pytest.mark.parametrize(
    ("argv", "relative"),
    [(["article", "first"], "content/articles/first.md"), (["reference", "refs"], None)],
)
def test_new_never_overwrites_a_file(
    project: Project, argv: list[str], relative: str | None
) -> None:
    relative = relative or "bibliography/refs.bib"
    path = project.root / relative
    if not path.exists():
        path.write_text("% mine\n", encoding="utf-8")
    before = path.read_bytes()
    code, out, err = new(project, *argv)
    assert (code, out) == (1, "")
    assert err.startswith(f"{relative}: a file is already here")
    assert path.read_bytes() == before


def test_a_key_another_bib_file_uses_is_refused_whatever_its_case(project: Project) -> None:
    code, _, err = new(project, "reference", "Smith2020")
    assert code == 1
    assert err == (
        "bibliography/refs.bib:1: the key 'smith2020' is already used here "
        "(fix: cite this entry, or choose another key)\n"
    )
    assert not (project.root / "bibliography" / "Smith2020.bib").exists()


@pytest.mark.parametrize("slug", ["My-Mine", "my_mine", "mine-", "mi--ne", "../mine", "a mine"])
def test_a_slug_that_is_not_lowercase_and_hyphens_is_refused(project: Project, slug: str) -> None:
    code, _, err = new(project, "article", slug)
    assert code == 1
    assert f"'{slug}' is not a valid slug (fix: use lowercase letters, digits" in err
    assert not list((project.root / "content" / "articles").glob("*mine*"))


@pytest.mark.parametrize("key", ["smith 2020", "a,b", "smith2020.", "{x}", "../x", "a/b", "@x"])
def test_a_key_bibtex_or_a_citation_cannot_use_is_refused(project: Project, key: str) -> None:
    before = sorted((project.root / "bibliography").rglob("*"))
    code, _, err = new(project, "reference", key)
    assert code == 1
    assert f"'{key}' is not a key BibTeX and citations can use" in err
    assert sorted((project.root / "bibliography").rglob("*")) == before


def test_the_commands_of_the_first_pull_request_walkthrough_write_the_files_it_names(
    project: Project,
) -> None:
    docs = (REPO / "docs" / "contributing.md").read_text(encoding="utf-8")
    walkthrough = docs.split("## Your first pull request")[1].split("\n## ")[0]
    commands = re.findall(r"^\s*\.venv/bin/kapsite new (.+)$", walkthrough, re.M)
    assert len(commands) == 3
    for command in commands:
        assert new(project, *command.split())[0] == 0, command
    for named in re.findall(r"`((?:content/articles|bibliography)/[\w.-]+)`", walkthrough):
        assert (project.root / named).is_file(), named
