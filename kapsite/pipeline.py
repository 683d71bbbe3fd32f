"""The build, as a list of steps: load the inputs, run the stages, run the checks, render.

Like Sphinx's read-then-write and Pelican's generators, the whole model is complete before any
check runs or anything is rendered; a check never re-reads a file, a renderer never decides
content.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from kapsite import memo
from kapsite.cache import Cache, CacheStats
from kapsite.checks.anchors import published_anchors, redirect_pages
from kapsite.checks.table import Subject, run_checks
from kapsite.collector import collector_paused
from kapsite.config import SiteConfig
from kapsite.errors import ContentError
from kapsite.inputs.changes import ChangeRecord
from kapsite.inputs.claims import LeftOut
from kapsite.inputs.load import Inputs, load_inputs
from kapsite.model import Article, Claim, Reference, Statement, TopicPage
from kapsite.output import RenderedPage
from kapsite.render.bibliography_page import BIBLIOGRAPHY_SLUG, render_bibliography
from kapsite.render.changes_page import CHANGES_SLUG, render_changes_feed, render_changes_page
from kapsite.render.claims_json import claims_json
from kapsite.render.editorial_page import EDITORIAL_SLUG, render_editorial_page
from kapsite.render.kit_page import kit_anchors, render_kit
from kapsite.render.links import SourceLinks, claim_source, source_links
from kapsite.render.notices import help_aside
from kapsite.render.topic_page import render_markdown, render_part, render_retired
from kapsite.stages import Composed, run_stages
from kapsite.stages.compose import claim_paths, source_labels
from kapsite.stages.dedupe.merge import pending_summary
from kapsite.timing import StageTimes, timed


@dataclass(frozen=True)
class BuildResult:
    """Everything one engine build made, from its inputs to the rendered pages."""

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
    cache: CacheStats | None = None  # what the cache did; None when the build used none
    changes_feed: str = ""  # the Atom feed of content/changes.yml


# The kinds of cache entry a build reads for every input it has (an article, its statements, a
# bibliography entry, a graded text, a docs page's headings, the disclaimer): what a whole build
# did not read of these is stale. The whole build's entry and hand-written pages' checks are
# kept by ``kapsite.site``.
BUILD_ENTRIES = ("article", "statements", "reference", "grade", "heading-ids", "disclaimer")


def build(
    config: SiteConfig,
    *,
    check_lock: bool = True,
    profile: StageTimes | None = None,
    review_queue: bool = True,
    keep_for_rebuilds: bool = True,
) -> BuildResult:
    """``check_lock=False``: build as if there were no anchors.lock (``kapsite lock`` refreshes
    it; the old lock must not stop its own refresh). ``profile``: a collector that receives the
    time of each stage (``kapsite.timing``). ``review_queue=False``: the pages and files are the
    same, but the build output does not list the candidate pairs pending review (live preview).
    ``keep_for_rebuilds=False``: no build follows in this process (``mkdocs build``), so each
    part's results kept for the next build (``kapsite.memo``) go as soon as the part is done:
    the stages' before the checks, the checks' before the pages are rendered.
    The process's cycle collector is paused while it runs (``collector_paused``)."""
    with collector_paused():
        return _build(
            config,
            check_lock=check_lock,
            profile=profile,
            review_queue=review_queue,
            keep_for_rebuilds=keep_for_rebuilds,
        )


def _build(
    config: SiteConfig,
    *,
    check_lock: bool,
    profile: StageTimes | None,
    review_queue: bool,
    keep_for_rebuilds: bool,
) -> BuildResult:
    memo.new_build()  # results kept from before and not used by this build are let go
    cache = Cache(config.cache) if config.cache else None
    with timed(profile, "load"):
        inputs = load_inputs(config, cache)
    # A split page keeps the anchors published before as landings, also while the lock is
    # being refreshed, so that a refresh never drops them.
    locked = frozenset(a for _, a in inputs.anchors_lock.entries) if inputs.anchors_lock else None
    if not check_lock:
        inputs = dataclasses.replace(inputs, anchors_lock=None, claims_lock=None)
    composed = run_stages(
        inputs,
        cache,
        profile,
        page_budget=config.page_budget,
        published=locked or frozenset(),
        workers=config.workers,
        review_queue=review_queue,
    )
    if not keep_for_rebuilds:
        memo.forget_all()
    changes = inputs.changes or ChangeRecord(config.changes)
    try:
        with timed(profile, "checks"):
            anchors = published_anchors(
                composed.pages,
                [BIBLIOGRAPHY_SLUG, EDITORIAL_SLUG, CHANGES_SLUG],
                inputs.docs_pages,
                inputs.redirects,
                cache,
            )
            if inputs.kit is not None:
                anchors |= kit_anchors(inputs.kit)
            # The checks keep reading grades in the cache, and anchors the docs pages' headings.
            warnings = run_checks(Subject(inputs, composed, anchors, cache), profile=profile)
        if cache:  # every input was read: the entries this build did not use are stale
            cache.prune(BUILD_ENTRIES)
    finally:
        if cache:  # also when a check stops the build: live preview rebuilds from memory
            cache.close()
    if not keep_for_rebuilds:
        memo.forget_all()
    with timed(profile, "render"):
        rendered = render_pages(inputs, composed, changes, config.site_url, source_links(config))
        claims = claims_json(list(composed.pages), composed.left_out)
        feed = render_changes_feed(
            changes, composed.pages, site_url=config.site_url, site_name=config.site_name
        )
    return BuildResult(
        inputs=inputs,
        articles=inputs.articles,
        statements=composed.statements,
        clusters=composed.clusters,
        references=composed.references,
        pages=composed.pages,
        rendered=rendered,
        claims_json=claims,
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
        cache=cache.stats if cache else None,
        changes_feed=feed,
    )


def render_pages(
    inputs: Inputs,
    composed: Composed,
    changes: ChangeRecord,
    site_url: str = "",
    links: SourceLinks | None = None,
) -> tuple[RenderedPage, ...]:
    links = links or SourceLinks()
    redirects = inputs.redirects
    claim_sources = {c.id: claim_source(c, inputs.editorial) for c in composed.clusters}
    paths = claim_paths(composed.pages)
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
                links,
                claim_sources,
                paths,
            ),
            inputs.taxonomy.topic(page.slug).line,
            edit_url=_page_source(inputs, page.slug, links),
        )
        for page in composed.pages
    ]
    parts = [  # the parts of pages over the size budget
        RenderedPage(
            part.path,
            page.title,
            render_part(
                page,
                part,
                composed.references,
                links,
                claim_sources,
                paths,
                help_aside(inputs.notices.help, compact=True, up="../" * part.path.count("/")),
            ),
            inputs.taxonomy.topic(page.slug).line,
            edit_url=_page_source(inputs, page.slug, links),
        )
        for page in composed.pages
        for part in page.parts
    ]
    retired = [  # parts published before that hold no claims now: pages of links
        RenderedPage(
            path,
            page.title,
            render_retired(page, path),
            inputs.taxonomy.topic(page.slug).line,
            edit_url=_page_source(inputs, page.slug, links),
        )
        for page in composed.pages
        for path in page.retired
    ]
    topic_pages += parts + retired
    bibliography = RenderedPage(
        BIBLIOGRAPHY_SLUG,
        "All references",
        render_bibliography(list(composed.pages), composed.references),
        0,
        edit_url=_bibliography_source(inputs, links),
    )
    editorial = RenderedPage(
        EDITORIAL_SLUG,
        "Editorial decisions",
        render_editorial_page(composed.pages, inputs.articles, composed.left_out),
        0,
        edit_url=links.source(inputs.editorial.folder),
    )
    changed = RenderedPage(
        CHANGES_SLUG,
        "What changed",
        render_changes_page(changes, composed.pages),
        0,
        edit_url=links.source(changes.path),
    )
    kit = inputs.kit
    if kit is None:
        return (*topic_pages, bibliography, editorial, changed)
    shared = RenderedPage(
        kit.slug,
        kit.title,
        render_kit(
            kit,
            {c.id: c for page in composed.pages for c in page.claims},
            composed.references,
            source_labels(inputs.articles),
            help_aside(inputs.notices.help),
            site_url,
            paths,
        ),
        kit.line,
        kit.path,
        links.source(kit.path),
    )
    return (*topic_pages, bibliography, editorial, changed, shared)


def _page_source(inputs: Inputs, slug: str, links: SourceLinks) -> str:
    """A topic page's words are the editor's claims file for it; a page nobody has reviewed
    yet is only its entry in topics.yml (its claims are the articles' own sentences)."""
    claims = inputs.editorial.page(slug)
    if claims is not None:
        return links.source(claims.path)
    return links.source(inputs.taxonomy.path, inputs.taxonomy.topic(slug).line)


def _bibliography_source(inputs: Inputs, links: SourceLinks) -> str:
    """The .bib file the references come from, or their folder when there are several."""
    files = sorted({entry.path for entry in inputs.bibliography.values()})
    if not files:
        return ""
    return links.source(files[0] if len(files) == 1 else files[0].parent)
