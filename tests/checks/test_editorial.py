"""Checks on the editor's claims: nothing invented, corrections cite checked records only,
places that exist, and nothing left pending."""

from __future__ import annotations

from pathlib import Path

from conftest import Project

from kapsite.config import SiteConfig
from kapsite.pipeline import build
from kapsite.stages.segment import fingerprint

SENTENCE = "About 70% of people respond within 24 hours."
ARTICLE = f"---\ntitle: T\nsource:\n  publisher: P\n---\n{SENTENCE}\n"


def _claim(project: Project, text: str, extra: str = "", section: str = "background") -> Path:
    (project.root / "content/articles/second.md").unlink(missing_ok=True)
    project.write("content/articles/first.md", ARTICLE)
    return project.write(
        "content/claims/overview.yml",
        f"page: overview\nsections:\n  - id: {section}\n    claims:\n"
        f"      - id: claim-respond\n        text: {text}\n"
        f"        supports: [first:{fingerprint(SENTENCE)}]\n{extra}",
    )


def _warnings(project: Project) -> list[str]:
    return [str(w) for w in build(SiteConfig(root=project.root)).warnings]


def test_a_figure_no_statement_gives_is_flagged_as_invented(project: Project) -> None:
    _claim(project, "About 80% of people respond within a day.")
    warnings = _warnings(project)
    assert any("says '80%', which none of its statements says" in w for w in warnings)
    _claim(project, "About 70% of people respond within 24 hours.")
    assert not any("none of its statements says" in w for w in _warnings(project))


def test_an_editor_cites_only_checked_records(project: Project) -> None:
    _claim(project, "About 70% of people respond.", "        cite: [jones2019]\n")
    try:
        build(SiteConfig(root=project.root))
    except Exception as error:
        assert "cites 'jones2019', which is unverified" in str(error)
    else:
        raise AssertionError("an unverified citation added by the editor must stop the build")


def test_a_claim_in_a_section_topics_yml_lacks_stops_the_build(project: Project) -> None:
    _claim(project, "About 70% of people respond.", section="nowhere")
    try:
        build(SiteConfig(root=project.root))
    except Exception as error:
        assert "which content/topics.yml does not define" in str(error)
        assert "overview.yml:5" in str(error)
    else:
        raise AssertionError("a claim on a section that does not exist must stop the build")


def test_a_pending_statement_fails_a_strict_build_once_review_has_begun(project: Project) -> None:
    _claim(project, "About 70% of people respond within 24 hours.")
    assert not any("not yet reviewed" in w for w in _warnings(project))
    project.write("content/articles/third.md", ARTICLE.replace(SENTENCE, "Vets use ketamine."))
    assert any(
        "third.md:6: not yet reviewed: 'Vets use ketamine.'" in w for w in _warnings(project)
    )
    result = project.mkdocs_build()
    assert result.returncode != 0 and "not yet reviewed" in result.stderr


def test_the_build_log_gives_a_file_s_many_unreviewed_statements_one_line(
    project: Project,
) -> None:
    _claim(project, "About 70% of people respond within 24 hours.")
    many = [f"Ketamine helped group {n} of the study." for n in range(1, 6)]
    project.write("content/articles/third.md", ARTICLE.replace(SENTENCE, "\n\n".join(many)))
    project.write("content/articles/fourth.md", ARTICLE.replace(SENTENCE, "Vets use ketamine."))
    result = project.mkdocs_build()
    assert result.returncode != 0  # a strict build still fails on them
    logged = [line for line in result.stderr.splitlines() if "not yet reviewed" in line]
    # Five in one file: one line with the count, their lines and the fix.
    third = [line for line in logged if "third.md" in line]
    assert len(third) == 1
    assert "third.md:6: 5 statements not yet reviewed, on lines 6, 8, 10, 12, 14" in third[0]
    assert "(fix: run `kapsite review`" in third[0]
    # One in a file: its own line, with the sentence.
    assert [line for line in logged if "fourth.md" in line] == [
        line for line in logged if "fourth.md:6: not yet reviewed: 'Vets use ketamine.'" in line
    ]
    assert any("fourth.md" in line for line in logged)
    # Each is still a warning of its own in the build (the report, `kapsite check`).
    assert sum("third.md" in w and "not yet reviewed" in w for w in _warnings(project)) == 5
