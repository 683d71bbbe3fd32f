from pathlib import Path

import pytest
from conftest import Project

from kapsite import SiteConfig, build
from kapsite.errors import ContentError
from kapsite.site import generated_files, nav_pages


def test_nav_pages_lists_every_page_of_a_nested_navigation() -> None:
    nav = [
        {"Home": "index.md"},
        {"Topics": [{"How": "mechanism.md"}, "faq.md"]},
        {"Ext": "https://x.org"},
    ]
    assert nav_pages(nav) == ["index.md", "mechanism.md", "faq.md"]


def test_engine_adds_topic_pages_bibliography_claims_and_report(project: Project) -> None:
    site = SiteConfig(root=project.root)
    files = generated_files(build(site), site, {"index.md"})
    assert {"mechanism.md", "conditions.md", "faq.md", "bibliography.md"} <= set(files)
    assert {"claims.json", "build-report.json"} <= set(files)


def test_a_topic_page_never_replaces_a_hand_written_page(project: Project) -> None:
    site = SiteConfig(root=project.root)
    with pytest.raises(ContentError) as caught:
        generated_files(build(site), site, {"index.md", "faq.md"})
    assert caught.value.path == Path(site.topics) and "docs/faq.md" in caught.value.message
