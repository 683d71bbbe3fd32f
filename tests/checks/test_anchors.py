"""Stable links: anchors.lock, redirects, and `kapsite lock`."""

from __future__ import annotations

import io
import re

from conftest import Project

from kapsite.checks.anchors import page_url
from kapsite.commands.cli import main


def _lock(project: Project) -> str:
    out = io.StringIO()
    assert main(["lock", "--root", str(project.root)], out=out, err=io.StringIO()) == 0
    assert "wrote anchors.lock" in out.getvalue()
    return (project.root / "anchors.lock").read_text()


def test_page_urls_are_short_directory_urls() -> None:
    assert [page_url(p) for p in ("index.md", "about.md", "guide/index.md")] == [
        "/",
        "/about/",
        "/guide/",
    ]


def test_lock_lists_pages_sections_claims_and_docs_headings(project: Project) -> None:
    lock = _lock(project)
    for anchor in ("/conditions/", "/conditions/#ptsd", "/bibliography/", "/about/"):
        assert f"\n{anchor}\n" in lock
    assert re.search(r"\n/mechanism/#claim-ketamine-blocks-nmda-receptors-[a-z0-9-]+\n", lock)
    assert re.search(r"\n/getting-help/#[a-z-]+\n", lock)  # a hand-written heading anchor


def test_build_fails_naming_a_locked_anchor_that_disappears(project: Project) -> None:
    _lock(project)
    article = project.root / "content" / "articles" / "first.md"
    article.write_text(
        article.read_text().replace("Glutamate levels then rise.", "Glutamate rises.")
    )
    result = project.mkdocs_build()
    assert result.returncode != 0
    assert re.search(
        r"anchors\.lock:\d+: the published link '/mechanism/#claim-glutamate-levels-then-rise-[0-9a-f]+' would disappear",
        result.stderr,
    )
    assert "content/redirects.yml" in result.stderr


def test_redirect_keeps_an_old_claim_link_landing_on_the_new_claim(project: Project) -> None:
    lock = _lock(project)
    old = re.search(r"/mechanism/#(claim-glutamate-levels-then-rise-[0-9a-f]+)", lock)[1]
    article = project.root / "content" / "articles" / "first.md"
    article.write_text(
        article.read_text().replace("Glutamate levels then rise.", "Glutamate rises.")
    )
    assert project.mkdocs_build().returncode != 0
    new = re.search(r'id="(claim-glutamate-rises-[0-9a-f]+)"', _rendered_mechanism(project))[1]
    project.write("content/redirects.yml", f"/mechanism/#{old}: /mechanism/#{new}\n")
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    html = project.html("mechanism/index.html")
    assert f'id="{new}"><span id="{old}"></span>' in html  # the old anchor sits on the claim


def test_moved_page_gets_a_redirect_page(project: Project) -> None:
    project.write("content/redirects.yml", "/treatment/: /conditions/\n")
    assert project.mkdocs_build().returncode == 0
    assert 'url=/conditions/"' in project.html("treatment/index.html")


def _rendered_mechanism(project: Project) -> str:
    from kapsite.config import SiteConfig
    from kapsite.pipeline import build

    (project.root / "anchors.lock").rename(project.root / "anchors.keep")
    try:
        page = next(
            p for p in build(SiteConfig(root=project.root)).rendered if p.slug == "mechanism"
        )
    finally:
        (project.root / "anchors.keep").rename(project.root / "anchors.lock")
    return page.markdown


def test_check_reports_reading_grades_and_warnings(project: Project) -> None:
    project.write(
        "content/articles/third.md",
        "---\ntitle: T\nsource:\n  publisher: P\n---\nIt helps 70% of people.\n",
    )
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", "--root", str(project.root)], out=out, err=err) == 1
    assert re.search(r"^\s+\d+\.\d\s+/conditions/", out.getvalue(), re.M)
    assert "content/articles/third.md:6: no study is given for '70%'" in err.getvalue()


def test_claims_merged_by_review_keep_their_old_anchors(project: Project) -> None:
    from conftest import review_the_rest

    from kapsite.stages.dedupe.merge import claim_anchor
    from kapsite.stages.segment import fingerprint, normalise

    blocks = "Ketamine blocks NMDA receptors in the brain."
    antagonist = "Ketamine is an NMDA receptor antagonist."
    project.write(
        "content/articles/third.md", f"---\ntitle: T\nsource:\n  publisher: P\n---\n{antagonist}\n"
    )
    lock = _lock(project)
    # Only anchors.lock is under test: claims.lock would ask for a change entry per new claim.
    (project.root / "claims.lock").unlink()
    old = claim_anchor(normalise(antagonist))
    assert f"/mechanism/#{old}\n" in lock
    merged = claim_anchor(normalise(blocks))
    project.write(
        "content/claims/mechanism.yml",
        "page: mechanism\nsections:\n  - id: nmda-glutamate\n    claims:\n"
        f"      - id: {merged}\n        text: Ketamine blocks NMDA receptors.\n"
        f"        supports: [first:{fingerprint(blocks)}, third:{fingerprint(antagonist)}]\n",
    )
    review_the_rest(project)
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr  # the lock still holds
    html = project.html("mechanism/index.html")
    # Merged: one claim, in the editor's words; the article's own words only in its record.
    assert html.count(antagonist) == html.count(f"“{antagonist}”") == 1
    assert f'<span class="kap-claim" id="{merged}"><span id="{old}"></span>' in html


def test_claim_moved_to_another_page_leaves_a_pointer_at_its_old_anchor(project: Project) -> None:
    from conftest import review_the_rest

    from kapsite.stages.dedupe.merge import claim_anchor
    from kapsite.stages.segment import fingerprint, normalise

    text = "Some people feel nausea after a dose."
    anchor = claim_anchor(normalise(text))
    assert f"/risks/#{anchor}\n" in _lock(project)
    (project.root / "claims.lock").unlink()  # only anchors.lock is under test, as above
    project.write(
        "content/claims/overview.yml",
        "page: overview\nsections:\n  - id: background\n    claims:\n"
        f"      - id: {anchor}\n        text: {text}\n        supports: [first:{fingerprint(text)}]\n",
    )
    review_the_rest(project)
    failed = project.mkdocs_build()
    assert failed.returncode != 0 and f"'/risks/#{anchor}' would disappear" in failed.stderr
    project.write("content/redirects.yml", f"/risks/#{anchor}: /overview/#{anchor}\n")
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    assert f'<a id="{anchor}" href="../overview/#{anchor}"' in project.html("risks/index.html")
    assert f'id="{anchor}"' in project.html("overview/index.html")


def test_redirects_that_go_round_in_a_loop_stop_the_build_and_the_lock(project: Project) -> None:
    project.write(
        "content/redirects.yml", "/faq/#zz-one: /faq/#zz-two\n/faq/#zz-two: /faq/#zz-one\n"
    )
    result = project.mkdocs_build()
    assert result.returncode != 0
    assert (
        "content/redirects.yml:1: the redirects go round in a loop: "
        "/faq/#zz-one -> /faq/#zz-two -> /faq/#zz-one"
    ) in result.stderr
    err = io.StringIO()
    assert main(["lock", "--root", str(project.root)], io.StringIO(), err) == 2
    assert "go round in a loop" in err.getvalue()
    assert not (project.root / "anchors.lock").exists()


def test_a_redirect_with_dot_segments_is_an_error_not_a_missing_page(project: Project) -> None:
    project.write("content/redirects.yml", "# moves\n/old/../gone/: /about/\n")
    result = project.mkdocs_build()
    assert result.returncode != 0
    assert "content/redirects.yml:2: '/old/../gone/' has a '.' or '..' part" in result.stderr
