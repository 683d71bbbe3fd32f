"""`kapsite check`: plain findings grouped by file, and GitHub Actions annotations."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import Project

from kapsite.commands.check import annotation, report_plain
from kapsite.commands.cli import main
from kapsite.errors import ContentError

UNCITED = "---\ntitle: T\nsource:\n  publisher: P\n---\nKetamine helps 70% of people.\n"
NO_SOURCE = "---\ntitle: T\n---\nKetamine is a medicine.\n"


def check(project: Project, *extra: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--root", str(project.root), *extra], out, err)
    return code, out.getvalue(), err.getvalue()


def test_a_clean_project_passes_the_check(project: Project) -> None:
    code, out, err = check(project)
    assert (code, err) == (0, "")
    assert out.endswith("0 warning(s)\n")


def test_a_warning_is_a_path_and_line_relative_to_the_project_and_fails_the_check(
    project: Project, tmp_path: Path, monkeypatch
) -> None:
    project.write("content/articles/third.md", UNCITED)
    monkeypatch.chdir(tmp_path)  # the paths are the project's, wherever the command runs
    code, out, err = check(project)
    assert code == 1
    assert err.startswith("content/articles/third.md:6: no study is given for '70%' (fix: ")
    assert "warning: " not in err  # one compact line each, as an editor jumps to it
    assert out.endswith("1 warning(s) in 1 file(s)\n")


def test_errors_that_stop_the_build_are_listed_by_file_and_fail_the_check(
    project: Project,
) -> None:
    project.write("content/articles/third.md", NO_SOURCE)
    project.write("content/articles/fourth.md", NO_SOURCE)
    code, out, err = check(project)
    assert code == 2
    assert err.splitlines() == [
        "content/articles/fourth.md:2: the front matter has no 'source' (fix: add 'source:' "
        "with at least 'publisher:' (who published the original article))",
        "",
        "content/articles/third.md:2: the front matter has no 'source' (fix: add 'source:' "
        "with at least 'publisher:' (who published the original article))",
    ]
    assert out == "2 error(s) in 2 file(s): the build stops here\n"


def test_plain_findings_of_one_file_are_together_however_the_build_found_them() -> None:
    findings = [
        ContentError(Path("content/articles/b.md"), 9, "late in b"),
        ContentError(Path("content/articles/a.md"), 3, "in a", "fix a"),
        ContentError(Path("content/articles/b.md"), 2, "early in b"),
        ContentError(Path("docs/about.md"), None, "the whole page"),
    ]
    out, err = io.StringIO(), io.StringIO()
    report_plain(findings, "warning", out, err)
    assert err.getvalue().splitlines() == [
        "content/articles/a.md:3: in a (fix: fix a)",
        "",
        "content/articles/b.md:2: early in b",
        "content/articles/b.md:9: late in b",
        "",
        "docs/about.md: the whole page",
    ]
    assert out.getvalue() == "4 warning(s) in 3 file(s)\n"


def test_github_format_gives_each_warning_as_an_annotation_on_its_line(
    project: Project,
) -> None:
    project.write("content/articles/third.md", UNCITED)
    code, out, err = check(project, "--format", "github")
    assert (code, err) == (1, "")
    (line,) = [line for line in out.splitlines() if line.startswith("::")]
    assert line.startswith(
        "::warning file=content/articles/third.md,line=6,title=kapsite check::"
        "no study is given for '70%25' (fix: cite the study"
    )


def test_github_format_gives_errors_that_stop_the_build_as_error_annotations(
    project: Project,
) -> None:
    project.write("content/articles/third.md", NO_SOURCE)
    code, out, _ = check(project, "--format", "github")
    assert code == 2
    assert out.splitlines() == [
        "::error file=content/articles/third.md,line=2,title=kapsite check::the front matter "
        "has no 'source' (fix: add 'source:' with at least 'publisher:' (who published the "
        "original article))",
        "1 error(s)",
    ]


def test_an_annotation_stays_one_line_whatever_the_message_holds() -> None:
    finding = ContentError(
        Path("bibliography/a,b:c.bib"), 4, "BibTeX syntax error\n   4 | @article{x", "look up"
    )
    text = annotation(finding, "error")
    assert "\n" not in text
    assert text == (
        "::error file=bibliography/a%2Cb%3Ac.bib,line=4,title=kapsite check::"
        "BibTeX syntax error%0A   4 | @article{x (fix: look up)"
    )
    no_line = annotation(ContentError(Path("docs/index.md"), None, "100% sure"), "warning")
    assert no_line == "::warning file=docs/index.md,title=kapsite check::100%25 sure"
