"""Every file contributors edit, loaded once per build into one ``Inputs`` object.

Stages, checks and renderers take what they need from ``Inputs``; none of them reads a file.
Problems in independent files are reported together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from kapsite.cache import Cache
from kapsite.config import SiteConfig
from kapsite.errors import ContentError, ContentErrors, raise_together
from kapsite.files import read_text
from kapsite.inputs.articles import check_source_keys, read_articles
from kapsite.inputs.bibliography import BibEntry, load_bibliography
from kapsite.inputs.changes import ChangeRecord, ClaimsLock, load_changes, read_claims_lock
from kapsite.inputs.claims import Editorial, load_editorial
from kapsite.inputs.docs_pages import DocsPage, read_docs_pages
from kapsite.inputs.kit import Kit, load_kit
from kapsite.inputs.notices import Notices, load_notices
from kapsite.inputs.redirects import Redirects, load_redirects
from kapsite.inputs.topics import Taxonomy, load_taxonomy
from kapsite.inputs.vocabulary import Vocabulary, load_vocabulary
from kapsite.model import Article

T = TypeVar("T")


@dataclass(frozen=True)
class AnchorsLock:
    """anchors.lock: every URL and anchor the site published, by line."""

    path: Path
    entries: tuple[tuple[int, str], ...]  # (line, URL or anchor)


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads from the project, loaded and checked."""

    articles: tuple[Article, ...]
    taxonomy: Taxonomy
    bibliography: dict[str, BibEntry]
    editorial: Editorial
    vocabulary: Vocabulary
    redirects: Redirects
    notices: Notices
    docs_pages: tuple[DocsPage, ...]
    anchors_lock: AnchorsLock | None  # None: the project has no lock yet
    kit: Kit | None = None  # None: the project has no content/kit.yml
    changes: ChangeRecord | None = None  # None only for inputs made by hand in tests
    claims_lock: ClaimsLock | None = None  # None: the project has no claims.lock yet


def load_inputs(config: SiteConfig, cache: Cache | None = None) -> Inputs:
    errors: list[ContentError] = []

    def attempt(load: Callable[[], T]) -> T | None:
        try:
            return load()
        except ContentErrors as error:
            errors.extend(error.errors)
        except ContentError as error:
            errors.append(error)
        return None

    articles = attempt(lambda: read_articles(config.articles, config.max_article_bytes, cache))
    taxonomy = attempt(lambda: load_taxonomy(config.topics))
    bibliography = attempt(lambda: load_bibliography(config.bibliography))
    editorial = attempt(lambda: load_editorial(config.claims))
    vocabulary = attempt(lambda: load_vocabulary(config.vocabulary))
    redirects = attempt(lambda: load_redirects(config.redirects))
    notices = attempt(lambda: load_notices(config, cache))
    docs_pages = attempt(lambda: read_docs_pages(config.docs))
    kit = attempt(lambda: load_kit(config.kit))
    lock = attempt(lambda: read_lock(config)) if config.anchors_lock.exists() else None
    changes = attempt(lambda: load_changes(config.changes))
    claims_lock = (
        attempt(lambda: read_claims_lock(config.claims_lock))
        if config.claims_lock.exists()
        else None
    )
    if articles is not None and bibliography is not None:
        errors.extend(check_source_keys(articles, set(bibliography)))
    raise_together(sorted(errors, key=lambda e: (str(e.path), e.line or 0)))  # grouped by file
    return Inputs(
        articles=tuple(articles),  # type: ignore[arg-type]  (None only when errors were raised)
        taxonomy=taxonomy,  # type: ignore[arg-type]
        bibliography=bibliography,  # type: ignore[arg-type]
        editorial=editorial,  # type: ignore[arg-type]
        vocabulary=vocabulary,  # type: ignore[arg-type]
        redirects=redirects,  # type: ignore[arg-type]
        notices=notices,  # type: ignore[arg-type]
        docs_pages=docs_pages,  # type: ignore[arg-type]
        anchors_lock=lock,
        kit=kit,
        changes=changes,
        claims_lock=claims_lock,
    )


def read_lock(config: SiteConfig) -> AnchorsLock:
    """``anchors.lock``: every locked URL or anchor with its line; comments skipped."""
    lines = read_text(config.anchors_lock).split("\n")
    entries = tuple(
        (n, line.strip())
        for n, line in enumerate(lines, start=1)
        if line.strip() and not line.startswith("#")
    )
    return AnchorsLock(config.anchors_lock, entries)
