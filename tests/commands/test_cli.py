"""`kapsite import` end to end, on fixture files written to imitate raw web articles."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kapsite.commands.cli import COMMANDS, main
from kapsite.errors import ContentError
from kapsite.importer import KeyIndex, import_file
from kapsite.inputs.articles import parse_article
from kapsite.inputs.bibliography import load_bibliography
from kapsite.stages.segment import segment

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
from conftest import REPO  # noqa: E402


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "content" / "articles", tmp_path / "bibliography"


def test_import_writes_an_article_and_an_unverified_bib_that_the_build_reads(
    dirs: tuple[Path, Path],
) -> None:
    articles, bib = dirs
    code, out, _ = run("import", DATA / "listicle.txt", "--out", articles, "--bib-out", bib)
    assert code == 0
    (article,) = articles.glob("*.md")
    (bib_file,) = bib.glob("*.bib")
    assert article.stem == bib_file.stem
    assert f"wrote {bib_file}, {article}" in out

    entries = load_bibliography(bib)
    # The source article's own @online entry is drafted beside the studies it cites.
    assert sorted(entries) == ["garcia2021", "okafor2020", "source-what-happens-in-the-brain"]
    assert {e.entry.fields["verification"] for e in entries.values()} == {"unverified"}

    # The draft leaves the publisher for the contributor: the build refuses it until filled in.
    text = article.read_text(encoding="utf-8")
    with pytest.raises(ContentError, match="publisher"):
        parse_article(article, text)
    filled = text.replace("  publisher:  #", "  publisher: Example Clinic  #")
    parsed = parse_article(article, filled)
    assert parsed.title == "What Happens in the Brain"
    keys = {c.key for s in segment(parsed) for c in s.citations}
    assert keys == {"garcia2021", "okafor2020"}


def test_the_source_is_filled_from_what_the_page_says_and_the_publisher_never_guessed(
    dirs: tuple[Path, Path],
) -> None:
    articles, bib = dirs
    run("import", DATA / "page.html", "--out", articles, "--bib-out", bib)
    text = next(articles.glob("*.md")).read_text(encoding="utf-8")
    front = text.split("---")[1]
    assert "  publisher:  #" in front and "Example Clinic" not in front
    assert '  title: "Ketamine care explained"  #' in front  # the page's own headline
    assert "  url:  #" in front  # the page gives no canonical address
    assert "  key: source-ketamine-care-explained  #" in front
    entries = load_bibliography(bib)
    source = entries["source-ketamine-care-explained"].entry
    assert source.type == "online" and source.fields["title"] == "Ketamine care explained"
    assert source.fields["keywords"] == "source-article"
    assert source.fields["verification"] == "unverified"
    # The draft never names the contributor's own file.
    assert "page.html" not in text and "page.html" not in next(bib.glob("*.bib")).read_text()


def test_dry_run_prints_the_draft_and_removals_and_writes_nothing(
    dirs: tuple[Path, Path],
) -> None:
    articles, bib = dirs
    code, out, _ = run(
        "import", DATA / "blog.txt", "--out", articles, "--bib-out", bib, "--dry-run"
    )
    assert code == 0
    assert not articles.exists() and not bib.exists()
    assert "--- would write" in out
    assert "## Why the Speed Matters" in out
    assert f"{DATA / 'blog.txt'}:4: [photo-credit] Photo by Ana Example / Unsplash" in out
    assert "would import 1 of 1 files" in out


def test_existing_article_is_never_overwritten_and_nothing_else_is_written(
    dirs: tuple[Path, Path],
) -> None:
    articles, bib = dirs
    articles.mkdir(parents=True)
    existing = articles / "what-happens-in-the-brain.md"
    existing.write_text("mine\n", encoding="utf-8")
    code, _, err = run("import", DATA / "listicle.txt", "--out", articles, "--bib-out", bib)
    assert code == 1
    assert f"{existing}: the file already exists" in err
    assert existing.read_text(encoding="utf-8") == "mine\n"
    assert not bib.exists() or not list(bib.glob("*.bib"))
    assert not list(articles.glob(".*.tmp"))


def test_existing_bib_is_never_overwritten(dirs: tuple[Path, Path]) -> None:
    articles, bib = dirs
    bib.mkdir(parents=True)
    taken = bib / "what-happens-in-the-brain.bib"
    taken.write_text("% mine\n", encoding="utf-8")
    code, _, err = run("import", DATA / "listicle.txt", "--out", articles, "--bib-out", bib)
    assert code == 1
    assert str(taken) in err
    assert taken.read_text(encoding="utf-8") == "% mine\n"
    assert not articles.exists() or not list(articles.glob("*.md"))


def test_two_inputs_with_the_same_title_in_a_dry_run_are_refused(
    tmp_path: Path, dirs: tuple[Path, Path]
) -> None:
    articles, bib = dirs
    copy = tmp_path / "copy.txt"
    shutil.copy(DATA / "blog.txt", copy)
    code, _, err = run(
        "import", DATA / "blog.txt", copy, "--out", articles, "--bib-out", bib, "--dry-run"
    )
    assert code == 1
    assert "an earlier file in this run writes this article" in err


def test_many_files_show_progress_errors_and_a_summary(
    tmp_path: Path, dirs: tuple[Path, Path]
) -> None:
    articles, bib = dirs
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, out, err = run(
        "import", DATA / "blog.txt", empty, binary, DATA / "page.html",
        "--out", articles, "--bib-out", bib,
    )  # fmt: skip
    assert code == 1
    assert "[1/4]" in out and "[4/4]" in out
    assert f"{empty}:1: the file is empty" in err
    assert f"{binary}: the file is a PNG image" in err
    assert "imported 2 of 4 files" in out
    assert "2 failed" in out
    assert len(list(articles.glob("*.md"))) == 2


def test_report_lists_every_removed_line_with_its_rule(
    tmp_path: Path, dirs: tuple[Path, Path]
) -> None:
    articles, bib = dirs
    report = tmp_path / "report.md"
    run("import", DATA / "page.html", DATA / "blog.txt", "--out", articles, "--bib-out", bib,
        "--report", report)  # fmt: skip
    text = report.read_text(encoding="utf-8")
    draft = import_file(DATA / "blog.txt", articles, bib, KeyIndex())
    assert draft.removed
    for line in draft.removed:
        assert f"| {line.number} | {line.removed_by} | {line.original} |" in text
    assert "| script | <script>" in text  # HTML <script> is a named cleaning step
    assert "| author-bio | Sam Example is a freelance writer who loves hiking. |" in text


def test_reference_already_in_the_bibliography_is_linked_not_duplicated(
    dirs: tuple[Path, Path],
) -> None:
    articles, bib = dirs
    bib.mkdir(parents=True)
    (bib / "references.bib").write_text(
        "@article{garcia2021,\n  author = {Garcia, M. L.},\n  title = {T},\n  journal = {J},\n"
        "  year = {2021},\n  verification = {verified},\n}\n",
        encoding="utf-8",
    )
    code, out, _ = run("import", DATA / "listicle.txt", "--out", articles, "--bib-out", bib)
    assert code == 0
    assert "already 'garcia2021'" in out
    assert sorted(load_bibliography(bib)) == [
        "garcia2021",
        "okafor2020",
        "source-what-happens-in-the-brain",
    ]


def test_python_dash_m_kapsite_lists_the_rules_in_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kapsite", "import", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0
    assert "photo-credit" in result.stdout
    assert "--dry-run" in result.stdout


def test_subcommands_come_from_one_table() -> None:
    assert "import" in COMMANDS
    with pytest.raises(SystemExit):
        main(["no-such-command"], io.StringIO(), io.StringIO())


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_any_input_imports_or_raises_content_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(data)
    try:
        import_file(path, tmp_path / "a", tmp_path / "b", KeyIndex())
    except ContentError as error:
        assert error.path == path
        assert error.message


@pytest.mark.parametrize("name", ["listicle.txt", "blog.txt"])
def test_nothing_is_silently_dropped(tmp_path: Path, name: str) -> None:
    path = DATA / name
    draft = import_file(path, tmp_path / "a", tmp_path / "b", KeyIndex())
    written = sum(1 for line in path.read_text(encoding="utf-8").split("\n") if line.strip())
    assert len(draft.kept) + len(draft.removed) == written


def test_an_existing_report_file_is_never_overwritten(
    tmp_path: Path, dirs: tuple[Path, Path]
) -> None:
    articles, bib = dirs
    report = tmp_path / "report.md"
    report.write_text("my notes", encoding="utf-8")
    code, _, err = run(
        "import", DATA / "blog.txt", "--out", articles, "--bib-out", bib, "--report", report
    )
    assert code == 1 and "the report file exists" in err
    assert report.read_text(encoding="utf-8") == "my notes"
    assert not articles.exists() or not list(articles.glob("*.md"))


def test_a_report_named_like_the_new_draft_never_replaces_it(dirs: tuple[Path, Path]) -> None:
    articles, bib = dirs
    draft = import_file(DATA / "blog.txt", articles, bib, KeyIndex())
    code, _, err = run(
        "import", DATA / "blog.txt", "--out", articles, "--bib-out", bib,
        "--report", draft.article_path,
    )  # fmt: skip
    assert code == 1
    assert "this run already wrote the draft article here" in err
    assert draft.article_path.read_text(encoding="utf-8") == draft.article_text


def test_a_report_at_a_dangling_link_is_refused_and_nothing_is_written_through_it(
    tmp_path: Path, dirs: tuple[Path, Path]
) -> None:
    articles, bib = dirs
    elsewhere = tmp_path / "elsewhere" / "owned.md"
    report = tmp_path / "report.md"
    report.symlink_to(elsewhere)
    code, _, err = run(
        "import", DATA / "blog.txt", "--out", articles, "--bib-out", bib, "--report", report
    )
    assert code == 1
    assert f"{report}: the report file exists" in err
    assert not elsewhere.exists()
    assert not articles.exists()  # refused before anything was written
