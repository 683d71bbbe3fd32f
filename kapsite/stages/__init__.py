"""The stages, in order: each a function from model objects to model objects.

segment → classify → mentions → dedupe → cite → compose. ``run_stages`` is that sequence; it
reads no file (``Inputs`` holds what contributors wrote) and renders nothing.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from kapsite.cache import Cache, content_digest
from kapsite.config import PAGE_BUDGET
from kapsite.errors import ContentError, raise_together
from kapsite.inputs.claims import LeftOut
from kapsite.inputs.load import Inputs
from kapsite.memo import KeptResults
from kapsite.model import Claim, Reference, Statement, TopicPage
from kapsite.stages.cite import check_citations, label_evidence, render_references, unknown_keys
from kapsite.stages.compose import compose
from kapsite.stages.dedupe.merge import PendingPair, deduplicate
from kapsite.stages.mentions import mention_digest, mention_index
from kapsite.stages.statements import read_statements
from kapsite.timing import StageTimes, timed


@dataclass(frozen=True)
class Composed:
    """The whole model, complete before any check or renderer sees it."""

    statements: tuple[Statement, ...]
    clusters: tuple[Claim, ...]
    references: dict[str, Reference]
    pages: tuple[TopicPage, ...]
    # Candidate pairs nobody has reviewed, best first; None: not worked out (live preview).
    pending: tuple[PendingPair, ...] | None
    stale: tuple[ContentError, ...]  # editor entries that match no statement any more
    left_out: tuple[tuple[Statement, LeftOut], ...]  # statements shown nowhere, with the reason


# Each article's digest for its statements' cache key, by the article (which compares by
# content): encoding a thousand articles to JSON again took a tenth of a live-preview rebuild.
_article_digests: KeptResults[str] = KeptResults()


def run_stages(
    inputs: Inputs,
    cache: Cache | None = None,
    profile: StageTimes | None = None,
    *,
    page_budget: int = PAGE_BUDGET,
    published: AbstractSet[str] = frozenset(),
    workers: int = 1,
    review_queue: bool = True,
) -> Composed:
    """With a ``cache``, an article's statements are taken from it when the article, the
    taxonomy and the bibliography are as they were; everything after mentions always runs.
    ``profile`` receives the time of each stage: "statements" (cache look-ups included) with
    the per-article stages as its parts, timed only where an article's work is redone.
    ``page_budget`` and ``published`` (the anchors locked before): how compose splits pages.
    ``workers``: processes that read the articles not in the cache (``stages.statements``).
    ``review_queue=False``: no candidate pairs to review (``dedupe.queue.compare_claims``)."""
    errors: list[ContentError] = []
    with timed(profile, "statements"):
        index = mention_index(inputs.bibliography)
        # What an article's statements depend on besides the article: classify reads the
        # taxonomy, mentions the bibliography.
        depends = (content_digest(inputs.taxonomy), mention_digest(inputs.bibliography, index))
        keys = [
            cache.key(
                "statements",
                _article_digests.get(article, lambda a=article: content_digest(a)),
                *depends,
            )
            if cache
            else ""
            for article in inputs.articles
        ]
        found = [
            cache.load("statements", key, tuple[Statement, ...]) if cache else None for key in keys
        ]
        missing = [n for n, statements in enumerate(found) if statements is None]
        outcomes = read_statements(
            [inputs.articles[n] for n in missing],
            inputs.taxonomy,
            inputs.bibliography,
            index,
            workers=workers,
            profile=profile,
        )
        for n, (read, problems) in zip(missing, outcomes, strict=True):
            errors += problems
            if read is not None and cache:  # an article with errors is never stored
                cache.store("statements", keys[n], read)
            found[n] = read
        statements = [s for read in found for s in read or ()]
        errors += unknown_keys(statements, inputs.bibliography)
    # Every content error of the run at once, grouped by file, each at its line.
    raise_together(sorted(errors, key=lambda e: (str(e.path), e.line or 0)))
    with timed(profile, "dedupe"):  # its parts are timed inside, as "dedupe: ..."
        deduplication = deduplicate(
            statements, inputs.editorial, inputs.vocabulary, profile, review_queue=review_queue
        )
    clusters = list(deduplication.clusters)
    with timed(profile, "cite"):
        check_citations(clusters, inputs.bibliography)
        references = render_references(inputs.bibliography, cache)
        clusters = label_evidence(clusters, references)
    with timed(profile, "compose"):
        pages = compose(
            inputs.taxonomy,
            clusters,
            references,
            list(inputs.articles),
            inputs.editorial,
            deduplication.left_out,
            budget=page_budget,
            published=published,
            redirects=inputs.redirects,
        )
    return Composed(
        statements=tuple(statements),
        clusters=tuple(clusters),
        references=references,
        pages=tuple(pages),
        pending=deduplication.pending,
        stale=deduplication.warnings,
        left_out=deduplication.left_out,
    )
