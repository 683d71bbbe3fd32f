from pathlib import Path

import pytest
from conftest import Project

from kapsite.config import SiteConfig
from kapsite.errors import ContentError
from kapsite.pipeline import build
from kapsite.site import engine_output, generated_files, nav_pages, preview_error_files


def test_nav_pages_lists_every_page_of_a_nested_navigation() -> None:
    nav = [
        {"Home": "index.md"},
        {"Topics": [{"How": "mechanism.md"}, "faq.md"]},
        {"Ext": "https://x.org"},
    ]
    assert nav_pages(nav) == ["index.md", "mechanism.md", "faq.md"]


def test_engine_adds_topic_pages_bibliography_claims_and_report(project: Project) -> None:
    site = SiteConfig(root=project.root)
    files = generated_files(
        engine_output(build(site), site, project.root / "out"), site, {"index.md"}
    )
    assert {"mechanism.md", "conditions.md", "faq.md", "bibliography.md"} <= set(files)
    assert {"claims.json", "build-report.json"} <= set(files)


def test_a_topic_page_never_replaces_a_hand_written_page(project: Project) -> None:
    site = SiteConfig(root=project.root)
    with pytest.raises(ContentError) as caught:
        generated_files(
            engine_output(build(site), site, project.root / "out"), site, {"index.md", "faq.md"}
        )
    assert caught.value.path == Path(site.topics) and "docs/faq.md" in caught.value.message


def test_build_date_comes_from_the_content_not_the_clock(project: Project) -> None:
    import datetime as dt

    from kapsite.site import content_epoch

    site = SiteConfig(root=project.root)
    project.write(
        "content/articles/third.md",
        "---\ntitle: T\nsource:\n  publisher: P\nreviewed: 2031-03-04\n---\nA claim.\n",
    )
    project.write("docs/older.md", "---\nreviewed: 2030-01-01\n---\n# Older\n\nText.\n")
    epoch = content_epoch(build(site), site)
    assert dt.datetime.fromtimestamp(epoch, dt.UTC).date() == dt.date(2031, 3, 4)
    project.write("docs/newer.md", "---\nreviewed: 2032-07-08\n---\n# Newer\n\nText.\n")
    epoch = content_epoch(build(site), site)
    assert dt.datetime.fromtimestamp(epoch, dt.UTC).date() == dt.date(2032, 7, 8)


def test_a_direct_mkdocs_build_stamps_the_content_date_into_the_sitemap(project: Project) -> None:
    import os
    import subprocess
    import sys

    project.write(
        "content/articles/third.md",
        "---\ntitle: T\nsource:\n  publisher: P\nreviewed: 2031-05-06\n---\nA claim.\n",
    )
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"],
        cwd=project.root,
        env=env,
        check=True,
    )
    assert "<lastmod>2031-05-06</lastmod>" in project.html("sitemap.xml")


def test_the_build_stops_if_a_sentence_would_be_lost(project: Project) -> None:
    import dataclasses

    site = SiteConfig(root=project.root)
    result = build(site)
    # Simulate an engine bug: a page that drops one of its claims.
    first = result.pages[0]
    broken = dataclasses.replace(
        first,
        sections=(
            dataclasses.replace(first.sections[0], clusters=first.sections[0].clusters[1:]),
            *first.sections[1:],
        ),
    )
    assert first.sections[0].clusters, "the fixture needs a claim in the first section"
    with pytest.raises(ContentError, match="would not be shown"):
        engine_output(
            dataclasses.replace(result, pages=(broken, *result.pages[1:])),
            site,
            project.root / "out",
        )


def test_live_preview_error_replaces_only_the_pages_that_are_missing() -> None:
    nav = [{"Home": "index.md"}, {"Topics": [{"How": "mechanism.md"}]}]
    files = preview_error_files(nav, {"index.md"}, "content/a.md:2: broken (fix: mend it)")
    assert [uri for uri in files if uri.endswith(".md")] == ["mechanism.md"]
    assert "content/a.md:2: broken (fix: mend it)" in files["mechanism.md"]
    # A hand-written page's link to a data file still resolves, and says why it is empty.
    assert "content/a.md:2: broken" in files["claims.json"] and "changes.xml" in files


def test_values_the_theme_prints_are_text_in_any_template_context() -> None:
    from markupsafe import Markup

    from kapsite.site import theme_meta, theme_title

    assert theme_title("N </title><script>alert(1)</script>") == "N alert(1)"  # tags go
    title = theme_title('N &lt;/title&gt;&lt;script&gt; "x"')  # text that looks like tags stays
    assert title == "N &lt;/title&gt;&lt;script&gt; &quot;x&quot;"
    # `striptags` decodes entities again: the templates escape its result (overrides/main.html).
    assert Markup(title).striptags() == 'N </title><script> "x"'
    assert theme_title("A &amp; B") == "A &amp; B"  # escaped once, never twice
    assert theme_title(None) is None
    meta = theme_meta({"description": '"><style>x</style>', "hide": ["toc"], "n": 3})
    assert meta == {
        "description": "&quot;&gt;&lt;style&gt;x&lt;/style&gt;",
        "hide": ["toc"],
        "n": 3,
    }
