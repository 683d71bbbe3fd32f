"""What a generator takes from one engine build, and nothing more: the pages and files to add,
the warnings to log, and the few facts each page's finishing needs.

It is plain data (str, int, Path, tuples) so that ``kapsite.site.run_engine`` can keep it whole in
the cache under a digest of every input: a rebuild of unchanged content loads this one entry
and runs no stage, check or renderer, nor imports them. ``kapsite.site.engine_output`` makes it
from a ``pipeline.BuildResult``; nothing here imports the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kapsite.errors import ContentError


@dataclass(frozen=True)
class RenderedPage:
    slug: str
    title: str
    markdown: str
    line: int  # where topics.yml (or ``source``) defines the page, for errors about it
    source: Path | None = None  # the file that defines the page, when not topics.yml
    edit_url: str = ""  # the file that holds the page's words, on the repository (escaped)


@dataclass(frozen=True)
class PageFacts:
    """What a page's schema.org data says besides its name and address: the review date the
    page prints ("" when it prints none) and the references it cites (JSON, as
    ``render.structured_data.citation`` gives them)."""

    src_uri: str
    last_reviewed: str
    citations: str


@dataclass(frozen=True)
class ClaimEntry:
    """One claim as the site's search finds it (``render.search``): where it is shown, and its
    words as plain text."""

    path: str  # the page's path from the site root, no slashes around it
    anchor: str
    words: str
    question: str  # the FAQ question it answers, or ""
    page_title: str
    source_words: str


# How the warning for a statement no editor has decided begins (``checks.editorial.pending``):
# the build log gives a file's many such warnings one line (``kapsite.site.warning_lines``).
NOT_REVIEWED = "not yet reviewed: "

# A warning as data: (path, line, message, fix), the fields of a ContentError.
StoredError = tuple[Path, int | None, str, str]


def stored_errors(errors: list[ContentError] | tuple[ContentError, ...]) -> tuple[StoredError, ...]:
    return tuple((e.path, e.line, e.message, e.fix) for e in errors)


def content_errors(stored: tuple[StoredError, ...]) -> list[ContentError]:
    return [ContentError(*fields) for fields in stored]


@dataclass(frozen=True)
class WrittenFile:
    """A large file of the build, kept on disk rather than in memory: claims.json and the build
    report, at 10,000 synthetic articles over 700 million characters together. A build that
    takes the output from the cache checks the file's size and SHA-256 first (``checked``)."""

    name: str  # its path in the site
    path: Path = field(compare=False)  # where the engine wrote it: the cache, or a scratch folder
    size: int
    sha256: str


@dataclass(frozen=True)
class EngineOutput:
    pages: tuple[RenderedPage, ...]  # topic pages, their parts, bibliography, editorial, ...
    data_files: tuple[tuple[str, str], ...]  # the changes feed
    written_files: tuple[WrittenFile, ...]  # claims.json, build-report.json
    redirect_pages: tuple[tuple[str, str], ...]  # moved page URL (src path) -> redirect page
    warnings: tuple[StoredError, ...]  # problems that fail only a strict build
    pending_review: tuple[str, ...]  # logged at INFO: review is editorial work
    epoch: int  # the build date from the content (``site.content_epoch``)
    facts: tuple[PageFacts, ...]  # every page the engine knows: generated and hand-written
    articles: int  # how many, for the build log
    claim_entries: tuple[ClaimEntry, ...]  # added to the theme's search index

    @cached_property
    def facts_by_page(self) -> dict[str, PageFacts]:
        """``facts`` by src_uri, made once: every built page asks for its own."""
        return {fact.src_uri: fact for fact in self.facts}
