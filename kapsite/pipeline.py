"""The build, as a list of steps: load the inputs, run the stages, run the checks, render.

Like Sphinx's read-then-write and Pelican's generators, the whole model is complete before any
check runs or anything is rendered; a check never re-reads a file, a renderer never decides
content.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from kapsite.checks import Subject, run_checks
from kapsite.checks.anchors import published_anchors, redirect_pages
from kapsite.config import SiteConfig
from kapsite.errors import ContentError
from kapsite.inputs import Inputs, load_inputs
from kapsite.inputs.changes import ChangeRecord
from kapsite.inputs.claims import LeftOut
from kapsite.model import Article, Claim, Reference, Statement, TopicPage
from kapsite.render.bibliography_page import BIBLIOGRAPHY_SLUG, render_bibliography
from kapsite.render.changes_page import CHANGES_SLUG, render_changes_feed, render_changes_page
from kapsite.render.claims_json import claims_json
from kapsite.render.editorial_page import EDITORIAL_SLUG, render_editorial_page
from kapsite.render.notices import help_aside
from kapsite.render.topic_page import render_markdown
from kapsite.stages import Composed, run_stages
from kapsite.stages.dedupe.merge import pending_summary


@dataclass(frozen=True)
class RenderedPage:
    slug: str
    title: str
    markdown: str
    line: int  # where topics.yml defines the page, for errors about it


@dataclass(frozen=True)
class BuildResult:
    inputs: Inputs
    articles: tuple[Article, ...]
    statements: tuple[Statement, ...]
    clusters: tuple[Claim, ...]
    references: dict[str, Reference]
    pages: tuple[TopicPage, ...]
    rendered: tuple[RenderedPage, ...]  # topic pages, the bibliography and editorial pages
    claims_json: str
    anchors: tuple[str, ...]  # every published page URL and anchor, for anchors.lock
    redirect_pages: dict[str, str]  # moved page URL (src path) -> small redirect page
    warnings: tuple[ContentError, ...]  # problems that fail only a strict build
    left_out: tuple[tuple[Statement, LeftOut], ...] = ()  # shown nowhere, with the reason
    # Candidate pairs of claims nobody has reviewed: build output at INFO level, never a warning.
    pending_review: tuple[str, ...] = ()
    changes_feed: str = ""  # the Atom feed of content/changes.yml


def build(config: SiteConfig, *, check_lock: bool = True) -> BuildResult:
    """``check_lock=False``: build as if there were no anchors.lock (``kapsite lock`` refreshes
    it; the old lock must not stop its own refresh)."""
    inputs = load_inputs(config)
    if not check_lock:
        inputs = dataclasses.replace(inputs, anchors_lock=None, claims_lock=None)
    composed = run_stages(inputs)
    anchors = published_anchors(
        composed.pages,
        [BIBLIOGRAPHY_SLUG, EDITORIAL_SLUG, CHANGES_SLUG],
        inputs.docs_pages,
        inputs.redirects,
    )
    warnings = run_checks(Subject(inputs, composed, anchors))
    changes = inputs.changes or ChangeRecord(config.changes)
    return BuildResult(
        inputs=inputs,
        articles=inputs.articles,
        statements=composed.statements,
        clusters=composed.clusters,
        references=composed.references,
        pages=composed.pages,
        rendered=render_pages(inputs, composed, changes),
        claims_json=claims_json(list(composed.pages), composed.left_out),
        anchors=tuple(sorted(anchors)),
        redirect_pages=redirect_pages(inputs.redirects),
        warnings=tuple(warnings),
        left_out=composed.left_out,
        # A stale registry member is listed, not a warning: its statement is still shown,
        # as its own claim, so rewording an article never fails the build.
        pending_review=(
            *(str(w.relative_to(config.root)) for w in composed.stale),
            *pending_summary(composed.pending),
        ),
        changes_feed=render_changes_feed(
            changes, composed.pages, site_url=config.site_url, site_name=config.site_name
        ),
    )


def render_pages(
    inputs: Inputs, composed: Composed, changes: ChangeRecord
) -> tuple[RenderedPage, ...]:
    redirects = inputs.redirects
    topic_pages = [
        RenderedPage(
            page.slug,
            page.title,
            render_markdown(
                page,
                composed.references,
                redirects.on_page(page.slug),
                redirects.moved_away(page.slug),
                help_aside(inputs.notices.help, compact=True),
            ),
            inputs.taxonomy.topic(page.slug).line,
        )
        for page in composed.pages
    ]
    bibliography = RenderedPage(
        BIBLIOGRAPHY_SLUG,
        "All references",
        render_bibliography(list(composed.pages), composed.references),
        0,
    )
    editorial = RenderedPage(
        EDITORIAL_SLUG,
        "Editorial decisions",
        render_editorial_page(composed.pages, inputs.articles, composed.left_out),
        0,
    )
    changed = RenderedPage(
        CHANGES_SLUG, "What changed", render_changes_page(changes, composed.pages), 0
    )
    return (*topic_pages, bibliography, editorial, changed)
