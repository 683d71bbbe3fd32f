"""Citations a reader can judge, on a real build: evidence labels, flags, claims.json, anchors."""

from __future__ import annotations

import json
import re

from conftest import Project

UNCITED = """\
---
title: Third article
source:
  publisher: Site C
{accept}---
About 70% of people respond within 24 hours.
"""
ACCEPT = (
    "accept_uncited:\n  - figure: 70%\n    reason: The source gives no study; kept as written.\n"
)


def test_uncited_figure_fails_strict_build_naming_file_and_line(project: Project) -> None:
    project.write("content/articles/third.md", UNCITED.format(accept=""))
    result = project.mkdocs_build()
    assert result.returncode != 0
    assert "content/articles/third.md:6: no study is given for '70%', '24 hours'" in result.stderr


def test_accepted_uncited_figure_builds_and_is_still_flagged_to_readers(project: Project) -> None:
    project.write("content/articles/third.md", UNCITED.format(accept=ACCEPT))
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    html = project.html("overview/index.html")
    claim = re.search(r'<span class="kap-claim"[^>]*>About 70%.*?</span></span>', html, re.S)[0]
    assert "No study for this figure" in claim and "Not yet reviewed" in claim


def test_evidence_label_reflects_verification_of_the_cited_study(project: Project) -> None:
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    faq = project.html("faq/index.html")  # cites only jones2019, which is unverified
    assert '<span class="kap-label kap-label-unverified">Citation not verified</span>' in faq
    mechanism = project.html("mechanism/index.html")  # cites smith2020, verified
    assert '<span class="kap-label kap-label-checked">Checked source</span>' in mechanism


def test_claims_json_lists_every_claim_with_sources_and_support(project: Project) -> None:
    assert project.mkdocs_build().returncode == 0
    claims = json.loads(project.html("claims.json"))["claims"]
    merged = next(c for c in claims if c["text"].startswith("Ketamine blocks NMDA"))
    assert merged["articles"] == ["first", "second"]
    assert merged["citations"] == ["smith2020"]
    assert merged["evidence"] == "verified-study"
    assert merged["url"] == f"mechanism/#{merged['id']}"
    assert {c["page"] for c in claims} >= {"mechanism", "conditions", "faq", "overview"}
    for claim in claims:  # every listed anchor exists on its page
        assert f'id="{claim["id"]}"' in project.html(f"{claim['page']}/index.html")


def test_bibliography_page_lists_each_reference_once_grouped(project: Project) -> None:
    assert project.mkdocs_build().returncode == 0
    html = project.html("bibliography/index.html")
    for key in ("smith2020", "jones2019", "source-a"):
        assert html.count(f'id="ref-{key}"') == 1
    assert (
        html.index('id="studies"')
        < html.index('id="ref-smith2020"')
        < html.index('id="source-articles"')
    )
    assert 'href="../mechanism/#references"' in html


def test_claim_anchors_survive_adding_an_unrelated_article(project: Project) -> None:
    assert project.mkdocs_build(site="before").returncode == 0
    project.write(
        "content/articles/aaa-new.md",
        "---\ntitle: New\nsource:\n  publisher: N\n---\nKetamine is given in clinics.\n\nNMDA is a receptor.\n",
    )
    assert project.mkdocs_build(site="after").returncode == 0
    for page in ("mechanism", "conditions", "faq"):
        before = re.findall(
            r'id="(claim-[^"]+)"', project.html(f"{page}/index.html", site="before")
        )
        after = re.findall(r'id="(claim-[^"]+)"', project.html(f"{page}/index.html", site="after"))
        assert before and set(before) <= set(after)
