"""The Suicide Prevention Month kit page: claims picked in content/kit.yml, made to share."""

from __future__ import annotations

import re

import pytest
from conftest import Project
from kit_support import FACT_ID, FACT_TEXT, STATISTIC, STATISTIC_ID, kit_yml, with_kit

from kapsite.config import SiteConfig
from kapsite.errors import ContentError
from kapsite.pipeline import build

SITE = "https://kap.example.org/"


def _kit_page(project: Project, site_url: str = SITE) -> str:
    result = build(SiteConfig(root=project.root, site_url=site_url), check_lock=False)
    (page,) = [p for p in result.rendered if p.slug == "suicide-prevention-month"]
    return page.markdown


def _fact(markdown: str, claim_id: str) -> str:
    match = re.search(rf'<li class="kap-fact" id="kit-{claim_id}">.*?</li>', markdown)
    assert match, claim_id
    return match[0]


def test_each_fact_links_to_its_claim_on_its_topic_page_with_the_sites_address(
    project: Project,
) -> None:
    markdown = _kit_page(with_kit(project))
    assert 'class="kap-permalink" href="https://kap.example.org/overview/#claim-respond"' in (
        _fact(markdown, STATISTIC_ID)
    )
    assert 'href="https://kap.example.org/mechanism/#claim-nmda"' in _fact(markdown, FACT_ID)
    # Without a known address the link still leads there, relative to the kit page.
    assert 'href="../mechanism/#claim-nmda"' in _kit_page(project, site_url="")


def test_the_text_to_copy_holds_the_claim_its_sources_and_its_permalink(project: Project) -> None:
    fact = _fact(_kit_page(with_kit(project)), FACT_ID)
    (text,) = re.findall(r'<p class="kap-share__text">(.*?)</p>', fact)
    assert text.startswith(FACT_TEXT)
    assert "Smith" in text and "Ketamine and the NMDA receptor" in text  # the cited study
    assert "Clinic P guide" in text  # the source article's short name
    assert text.endswith("https://kap.example.org/mechanism/#claim-nmda")
    # Reachable without JavaScript: inside a <details>, not only in a script's data.
    assert re.search(
        r'<details class="kap-share"[^>]*><summary>[^<]+</summary><p class="kap-share', fact
    )


def test_a_figure_is_marked_older_by_the_kits_review_date_not_the_build_day(
    project: Project,
) -> None:
    with_kit(project, kit_yml(reviewed="2026-11-20", year=2019))
    assert "Older figure" in _fact(_kit_page(project), STATISTIC_ID)
    project.write("content/kit.yml", kit_yml(reviewed="2023-01-10", year=2019))
    fact = _fact(_kit_page(project), STATISTIC_ID)
    assert "Older figure" not in fact and "WHO, 2019" in fact


def test_facts_carry_the_evidence_labels_of_their_topic_page(project: Project) -> None:
    markdown = _kit_page(with_kit(project))
    assert "Checked source" in _fact(markdown, FACT_ID)  # cites a verified study
    assert "No study for this figure" in _fact(markdown, STATISTIC_ID)
    assert "How we show sources and evidence" in markdown  # the legend that explains them


def test_the_legend_says_where_the_kit_page_keeps_each_articles_words(project: Project) -> None:
    markdown = _kit_page(with_kit(project))
    legend = markdown[markdown.index('class="kap-legend"') :]
    legend = legend[: legend.index("</details>")]
    # The kit page has no paragraphs with a "Sources" disclosure: its facts link to them.
    assert "Under each paragraph" not in legend
    assert "Each fact links to its topic page" in legend
    assert "[1]" not in legend  # the kit page numbers no references


def test_the_crisis_lines_come_before_the_first_figure(project: Project) -> None:
    markdown = _kit_page(with_kit(project))
    help_at = markdown.index('aria-label="Crisis support"')
    assert "tel:988" in markdown[help_at:]
    assert help_at < markdown.index(STATISTIC)


def test_the_kits_own_words_are_escaped(project: Project) -> None:
    with_kit(project, kit_yml(intro="'Facts <script>alert(1)</script> to share.'"))
    markdown = _kit_page(project)
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown


def test_a_hand_written_page_at_the_kits_address_is_refused_naming_kit_yml(
    project: Project,
) -> None:
    from kapsite.site import engine_output, generated_files

    with_kit(project)
    site = SiteConfig(root=project.root)
    result = build(site, check_lock=False)
    with pytest.raises(ContentError) as raised:
        generated_files(
            engine_output(result, site, project.root / "out"), site, {"suicide-prevention-month.md"}
        )
    assert raised.value.path == project.root / "content/kit.yml" and raised.value.line == 1
