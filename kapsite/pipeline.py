"""The build, as one readable sequence of stages: ingest, segment, classify, dedupe, cite, compose."""

from __future__ import annotations

from dataclasses import dataclass

import markdown as markdown_lib

from kapsite.anchors import (
    check_lock,
    check_redirects,
    docs_anchors,
    generated_anchors,
    load_redirects,
    redirect_pages,
)
from kapsite.bibliography import load_bibliography
from kapsite.cite import check_citations, label_evidence, render_references
from kapsite.classify import classify
from kapsite.compose import compose, render_markdown
from kapsite.config import SiteConfig
from kapsite.dedupe import deduplicate
from kapsite.errors import ContentError, ContentErrors
from kapsite.files import read_text
from kapsite.help import load_help
from kapsite.ingest import read_articles
from kapsite.mentions import resolve_mentions
from kapsite.model import Article, Cluster, Reference, Statement, TopicPage
from kapsite.notices import Notices
from kapsite.outputs import BIBLIOGRAPHY_SLUG, claims_json, render_bibliography
from kapsite.readability import check_first_reads
from kapsite.registry import REGISTRY_FILE, check_places, load_registry
from kapsite.review import pending_summary
from kapsite.safe_messaging import check_site, load_rules
from kapsite.sanitise import clean_html, scan
from kapsite.segment import segment
from kapsite.topics import load_taxonomy
from kapsite.vocabulary import VOCABULARY_FILE, load_vocabulary


@dataclass(frozen=True)
class RenderedPage:
    slug: str
    title: str
    markdown: str
    line: int  # where topics.yml defines the page, for errors about it


@dataclass(frozen=True)
class BuildResult:
    articles: tuple[Article, ...]
    statements: tuple[Statement, ...]
    clusters: tuple[Cluster, ...]
    references: dict[str, Reference]
    pages: tuple[TopicPage, ...]
    rendered: tuple[RenderedPage, ...]  # topic pages, then the bibliography page
    notices: Notices
    claims_json: str
    anchors: tuple[str, ...]  # every published page URL and anchor, for anchors.lock
    redirect_pages: dict[str, str]  # moved page URL (src path) -> small redirect page
    warnings: tuple[ContentError, ...]  # problems that fail only a strict build
    # Candidate pairs of claims nobody has reviewed: build output at INFO level, never a warning.
    pending_review: tuple[str, ...] = ()


def build(config: SiteConfig, *, check_anchors_lock: bool = True) -> BuildResult:
    """The whole site from its content. ``check_anchors_lock=False`` is for ``kapsite lock``
    only: the lock must not stop its own refresh."""
    taxonomy = load_taxonomy(config.topics)
    articles = read_articles(config.articles, config.max_article_bytes)
    statements = [s for article in articles for s in segment(article)]
    statements = classify(statements, taxonomy)
    entries = load_bibliography(config.bibliography)
    statements = resolve_mentions(statements, entries)  # "(Krystal et al., 2019)" -> a key
    registry = load_registry(config.path(REGISTRY_FILE))
    check_places(registry, {(t.slug, s.id) for t in taxonomy.topics for s in t.sections})
    vocabulary = load_vocabulary(config.path(VOCABULARY_FILE))
    deduplication = deduplicate(statements, registry, vocabulary)
    clusters = list(deduplication.clusters)
    check_citations(clusters, entries)
    references = render_references(entries)
    clusters, warnings = label_evidence(clusters, references)
    # Raw HTML the sanitiser will remove, found in the source so the warning has its line.
    warnings += [w for a in articles for w in scan(a.body, a.path, a.body_line)]
    notices = load_notices(config)
    warnings += check_site(articles, clusters, taxonomy, notices.safe_messaging)
    pages = compose(taxonomy, clusters, references, articles)
    warnings += check_first_reads(pages, taxonomy)  # intros and FAQ answers at grade 8 or below
    redirects = load_redirects(config.redirects)
    topic_pages = [
        RenderedPage(
            p.slug,
            p.title,
            render_markdown(p, references, redirects.on_page(p.slug), redirects.moved_away(p.slug)),
            taxonomy.topic(p.slug).line,
        )
        for p in pages
    ]
    bibliography = RenderedPage(
        BIBLIOGRAPHY_SLUG, "All references", render_bibliography(pages, references), 0
    )
    rendered = (*topic_pages, bibliography)
    anchors = generated_anchors(pages, [BIBLIOGRAPHY_SLUG]) | docs_anchors(config.docs)
    anchors |= {f"/{p.slug}/#{old}" for p in pages for old in redirects.on_page(p.slug)}
    anchors |= {f"/{p.slug}/#{old}" for p in pages for old in redirects.moved_away(p.slug)}
    lost = check_redirects(redirects, anchors)
    if check_anchors_lock and config.anchors_lock.exists():
        lost += check_lock(config.anchors_lock, anchors, redirects)
    if lost:
        raise ContentErrors(lost) if len(lost) > 1 else lost[0]
    return BuildResult(
        articles=tuple(articles),
        statements=tuple(statements),
        clusters=tuple(clusters),
        references=references,
        pages=tuple(pages),
        rendered=rendered,
        notices=notices,
        claims_json=claims_json(pages),
        anchors=tuple(sorted(anchors)),
        redirect_pages=redirect_pages(redirects),
        warnings=tuple(warnings),
        # A stale registry member is listed, not a warning: its statement is still shown,
        # as its own claim, so rewording an article never fails the build.
        pending_review=(
            *(str(w.relative_to(config.root)) for w in deduplication.warnings),
            *pending_summary(deduplication.pending),
        ),
    )


def load_notices(config: SiteConfig) -> Notices:
    """What every page carries: read on its own so even a page that fails to build has it."""
    return Notices(
        disclaimer_html=load_disclaimer(config),
        help=load_help(config.help),
        safe_messaging=load_rules(config.safe_messaging),
    )


def load_disclaimer(config: SiteConfig) -> str:
    path = config.disclaimer
    try:
        text = read_text(path).strip()
    except FileNotFoundError:
        raise ContentError(
            path,
            None,
            "the disclaimer file is missing",
            "restore content/disclaimer.md: every page must carry it",
        ) from None
    if not text:
        raise ContentError(path, 1, "the disclaimer is empty", "write the disclaimer text")
    # It reaches every page, the 404 page too, outside the per-page sanitising: clean it here,
    # and refuse what the cleaner would remove rather than publish it changed.
    problems = scan(text, path)
    if problems:
        raise ContentErrors(problems) if len(problems) > 1 else problems[0]
    return clean_html(markdown_lib.markdown(text))
