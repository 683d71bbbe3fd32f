"""What a static-site generator needs from the engine, in its own terms: files to add, and what
to do to each page. ``hooks/kapsite_hooks.py`` adapts this to MkDocs events and imports nothing
else from the engine; ``kapsite.standalone`` makes the same calls for a generator without hooks
(``kapsite render`` and ``kapsite finish``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html as html_lib
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from kapsite import memo
from kapsite.cache import Cache, CacheStats, content_digest, forget_recent, inputs_digest
from kapsite.checks import sanitise
from kapsite.checks.anchors import page_url
from kapsite.checks.csp import (
    ThemeScripts,
    page_problems,
    theme_scripts,
    with_checked_policy,
    with_content_security_policy,
    with_no_inline_script,
)
from kapsite.checks.sanitise import clean_html, scan
from kapsite.collector import collector_paused
from kapsite.config import SiteConfig
from kapsite.errors import ContentError, relative_texts
from kapsite.files import read_text, replace_bytes, write_text
from kapsite.inputs.notices import Notices, load_notices
from kapsite.output import (
    NOT_REVIEWED,
    EngineOutput,
    PageFacts,
    StoredError,
    WrittenFile,
    content_errors,
    stored_errors,
)
from kapsite.render.held_blocks import (
    HeldBlocks,
    held_blocks,
    markdown_back,
    search_view,
    with_blocks_back,
    without_search_marks,
)
from kapsite.render.help_box import help_html
from kapsite.render.notices import (
    build_error_markdown,
    with_build_error_banner,
    with_notices,
)
from kapsite.render.search_index import with_claim_entries
from kapsite.render.structured_data import json_ld_script, page_data
from kapsite.timing import StageTimes

if TYPE_CHECKING:
    from kapsite.pipeline import BuildResult

# The engine itself (kapsite.pipeline: every stage, check and renderer) is imported only where a
# build runs: a build whose inputs are all as they were takes its output whole from the cache
# and finishes its pages with the modules above.

SITE_ENTRY = "site"  # the cache's kind for a whole build's output
PAGE_CHECKS = "page-checks"  # and for a hand-written page's warnings


@dataclass(frozen=True)
class EngineRun:
    """The engine's output for the site, and what the cache did to give it. ``cache`` and
    ``inputs`` (the digest it was found or stored under) key each hand-written page's checks."""

    output: EngineOutput
    stats: CacheStats | None  # None: a build without the cache
    cache: Cache | None = None
    inputs: str = ""


def run_engine(
    site: SiteConfig,
    profile: StageTimes | None = None,
    *,
    preview_rebuild: bool = False,
    keep_for_rebuilds: bool = True,
) -> EngineRun:
    """The engine's output: taken whole from the cache when every input is as it was at a
    build that stored it (``cache.inputs_digest``: every file the build reads, every setting;
    the cache key adds the engine's own code), else built and stored. A build that fails
    stores nothing; an entry that does not check out is rebuilt, never trusted.

    ``preview_rebuild``: live preview's rebuilds after an edit. They store no whole output (the
    per-article work is still kept): the entry would be rewritten on every save (122 MB at
    1,000 articles) and the process's memory serves the next one. And they leave out the review
    queue: the pages are the same, and the terminal says where to see the pairs.

    ``keep_for_rebuilds=False``: a build with no rebuild after it in this process (``mkdocs
    build``) lets go of the work kept for live preview (``kapsite.memo``, the cache's decoded
    entries) as soon as the engine is done: at 1,000 synthetic articles some 150 MB that the
    generator's own work would otherwise have to find room beside."""
    try:
        return _engine_run(site, profile, preview_rebuild, keep_for_rebuilds)
    finally:
        if not keep_for_rebuilds:
            memo.forget_all()
            forget_recent()


def _engine_run(
    site: SiteConfig, profile: StageTimes | None, preview_rebuild: bool, keep: bool = True
) -> EngineRun:
    if site.cache is None:
        built = _built_output(site, scratch_folder(), profile, preview_rebuild, keep)
        return EngineRun(built[0], None)
    cache = Cache(site.cache)
    inputs = inputs_digest(site)
    key = cache.key(SITE_ENTRY, inputs)
    output = cache.load(SITE_ENTRY, key, EngineOutput, valid=_files_intact)
    stats = cache.stats
    if output is None:
        # Its large files go beside the entry, or, for an entry that is not stored, where the
        # next build deletes them.
        folder = scratch_folder() if preview_rebuild else cache.files_folder(SITE_ENTRY, key)
        output, build_stats = _built_output(site, folder, profile, preview_rebuild, keep)
        # An edit made while the engine ran may have been read or not: store nothing then.
        if not preview_rebuild and inputs_digest(site) == inputs:
            cache.store(SITE_ENTRY, key, output)
            cache.keep_only(SITE_ENTRY, key)
        if build_stats is not None:
            stats = build_stats
            stats.misses[SITE_ENTRY] += cache.stats.misses[SITE_ENTRY]
            stats.rejected[SITE_ENTRY] += cache.stats.rejected[SITE_ENTRY]
            stats.unwritable += cache.stats.unwritable
    # Beside the per-article entries of the build that made it: an edit needs those.
    cache.close(replace=False)
    return EngineRun(output, stats, cache, inputs)


def _built_output(
    site: SiteConfig,
    folder: Path,
    profile: StageTimes | None,
    preview_rebuild: bool = False,
    keep: bool = True,
) -> tuple[EngineOutput, CacheStats | None]:
    from kapsite.pipeline import build

    with collector_paused():  # the build report too: it walks every statement again
        result = build(
            site, profile=profile, review_queue=not preview_rebuild, keep_for_rebuilds=keep
        )
        return engine_output(result, site, folder), result.cache


_scratch: tempfile.TemporaryDirectory | None = None


def scratch_folder() -> Path:
    """A new folder for a build's large files when they are not kept in the cache. The one the
    build before made is deleted (its generator copied them then), and this one at exit."""
    global _scratch
    if _scratch is not None:
        _scratch.cleanup()
    _scratch = tempfile.TemporaryDirectory(prefix="kapsite-build-")
    return Path(_scratch.name)


def written_file(folder: Path, name: str, chunks: Iterable[str]) -> WrittenFile:
    """``chunks`` written to ``folder``/``name`` (as UTF-8, whole or not at all) one after the
    other, never joined: the file, its size and its SHA-256."""
    digest = hashlib.sha256()
    size = 0

    def encoded() -> Iterator[bytes]:
        nonlocal size
        for chunk in chunks:
            data = chunk.encode("utf-8")
            digest.update(data)
            size += len(data)
            yield data

    path = folder / name
    replace_bytes(path, encoded())
    return WrittenFile(name, path, size, digest.hexdigest())


def _relative_texts_lazily(
    errors: Sequence[ContentError], root: Path, size: int = 10_000
) -> Iterator[str]:
    """``relative_texts(errors, root)``, made ``size`` at a time as they are read (75,000 texts
    at 1,000 synthetic articles)."""
    for start in range(0, len(errors), size):
        yield from relative_texts(errors[start : start + size], root)


def _pieces(text: str, size: int = 1 << 20) -> Iterator[str]:
    """``text`` a million characters at a time: encoded whole, it would be copied whole."""
    return (text[start : start + size] for start in range(0, len(text), size))


def _files_intact(output: EngineOutput) -> bool:
    """Every large file of a cached output is still there as the build wrote it."""
    for file in output.written_files:
        try:
            if file.path.stat().st_size != file.size:
                return False
            with file.path.open("rb") as stream:
                if hashlib.file_digest(stream, "sha256").hexdigest() != file.sha256:
                    return False
        except OSError:
            return False
    return True


def engine_output(result: BuildResult, site: SiteConfig, folder: Path) -> EngineOutput:
    """What a generator takes from ``result``: its pages and files, its warnings, the build
    date and each page's facts; claims.json and the build report are written to ``folder``.
    An error if a sentence would be shown nowhere."""
    from kapsite.render.build_report import article_reports, report_chunks
    from kapsite.render.changes_page import FEED_PATH
    from kapsite.render.search import claim_entries

    lost: list[str] = []
    report = written_file(
        folder,
        "build-report.json",
        report_chunks(
            article_reports(
                result.articles, result.statements, result.pages, site.root, result.left_out
            ),
            _relative_texts_lazily(result.warnings, site.root),
            lost,
        ),
    )
    if lost:  # invariant: every sentence ends on a page or in the report with a reason
        raise ContentError(
            site.articles,
            None,
            f"{len(lost)} sentence(s) would not be shown: " + "; ".join(lost),
            "this is a bug in kapsite, not in your content: please report it with this message",
        )
    return EngineOutput(
        pages=result.rendered,
        data_files=((FEED_PATH, result.changes_feed),),
        written_files=(written_file(folder, "claims.json", _pieces(result.claims_json)), report),
        redirect_pages=tuple(result.redirect_pages.items()),
        warnings=stored_errors(result.warnings),
        pending_review=result.pending_review,
        epoch=content_epoch(result, site),
        facts=page_facts(result, site),
        articles=len(result.articles),
        claim_entries=tuple(claim_entries(result.pages)),
    )


def generated_files(
    output: EngineOutput, site: SiteConfig, existing: set[str]
) -> dict[str, str | Path]:
    """Every file the engine adds to the site, by path in the site: the topic pages, the
    bibliography page, claims.json, the build report, and a page at each moved URL, each as its
    text or (the large ones) the file that holds it. ``existing`` holds the hand-written pages'
    paths: a topic page must not replace one."""
    files: dict[str, str | Path] = {}
    for page in output.pages:
        uri = f"{page.slug}.md"
        if uri in existing:
            raise ContentError(
                page.source or site.topics,
                page.line,
                f"the generated page '{page.slug}' would replace the hand-written page docs/{uri}",
                "give the topic page another slug, or rename the docs page",
            )
        files[uri] = page.markdown
    files.update(output.data_files)
    files.update((file.name, file.path) for file in output.written_files)
    live = {page_url(uri) for uri in existing} | {
        page_url(uri) for uri in files if uri.endswith(".md")
    }
    for uri, html in output.redirect_pages:  # moved pages send readers on
        old_url = "/" + uri.removesuffix("index.html")
        if old_url in live:
            raise ContentError(
                site.redirects,
                1,
                f"'{old_url}' is redirected, but a page is published there",
                "remove the redirect, or move the page",
            )
        files[uri] = html
    return files


# A file with more statements than this waiting for review gets one line in the build log: an
# edit adds a few sentences, and each is worth seeing; a new or imported article adds dozens
# (75,000 at 1,000 synthetic articles), and nobody reads a line for each.
FEW_NOT_REVIEWED = 3


def warning_lines(warnings: Iterable[ContentError], root: Path) -> list[str]:
    """The build log's lines for ``warnings``, paths relative to the project (``root``). A file
    with more than a few statements not yet reviewed has one line for them, at the first one's
    place: how many, on which lines, and the fix. The build report and ``kapsite check`` still
    list each one; a strict build still fails."""
    shown: list[ContentError | list[ContentError]] = []
    waiting: dict[Path, list[ContentError]] = {}
    for warning in warnings:
        if type(warning) is ContentError and warning.message.startswith(NOT_REVIEWED):
            if warning.path not in waiting:
                shown.append(waiting.setdefault(warning.path, []))
            waiting[warning.path].append(warning)
        else:
            shown.append(warning)
    lines: list[ContentError] = []
    for entry in shown:
        if isinstance(entry, ContentError) or len(entry) <= FEW_NOT_REVIEWED:
            lines += [entry] if isinstance(entry, ContentError) else entry
            continue
        numbers = sorted({w.line for w in entry if w.line})
        where = f", on lines {', '.join(map(str, numbers))}" if numbers else ""
        lines.append(
            ContentError(
                entry[0].path,
                numbers[0] if numbers else None,
                f"{len(entry)} statements not yet reviewed{where} (`kapsite check` and "
                "site/build-report.json after `make build` list each one)",
                entry[0].fix,
            )
        )
    return relative_texts(lines, root)


def edit_urls(output: EngineOutput) -> dict[str, str]:
    """Each generated page's edit link (escaped), by its path in the site: the file in the
    repository that holds its words. A page without one gets no edit link."""
    return {f"{page.slug}.md": page.edit_url for page in output.pages if page.edit_url}


def hand_written_page_warnings(
    path: Path, source: str, markdown: str, notices: Notices, run: EngineRun | None = None
) -> list[ContentError]:
    """Checks for a page in docs/: front matter that parses (an error: MkDocs would show it as
    text), then safe messaging and raw HTML the sanitiser will remove (warnings). With ``run``
    the warnings are kept in its cache, keyed by exactly what they depend on: the page and the
    safe-messaging rules (an edit to an article leaves them as they were)."""
    if run is None or run.cache is None:
        return _page_warnings(path, source, markdown, notices)
    rules = content_digest(
        [
            (r.id, r.pattern.pattern, r.pattern.flags, r.scope, r.reason, r.better)
            for r in notices.safe_messaging
        ]
    )
    key = run.cache.key(PAGE_CHECKS, rules, str(path), source, markdown)
    found = run.cache.load(PAGE_CHECKS, key, tuple[StoredError, ...])
    if found is not None:
        return content_errors(found)
    warnings = _page_warnings(path, source, markdown, notices)  # an error is never stored
    run.cache.store(PAGE_CHECKS, key, stored_errors(warnings))
    return warnings


def _page_warnings(path: Path, source: str, markdown: str, notices: Notices) -> list[ContentError]:
    from kapsite.checks.safe_messaging import check_page
    from kapsite.inputs.articles import check_page_front_matter

    check_page_front_matter(path, source)
    return (
        check_page(path, source, markdown, notices.safe_messaging)
        + scan(source, path)
        + front_matter_markup(path, source)
    )


def page_markdown(
    markdown: str,
    notices: Notices,
    *,
    src_uri: str,
    reviewed: str | None,
    preview_error: str = "",
    help_on_top: bool = False,
) -> str:
    """A page's Markdown with what every page carries. ``reviewed`` is None for generated
    pages (they state their own dates); ``preview_error`` is live preview's last build error;
    ``help_on_top`` asks for the help box near the top (front matter ``help_box: top``)."""
    dates = None if reviewed is None else [reviewed]
    body = with_notices(
        markdown,
        notices,
        help_page=src_uri == notices.help.more,
        reviewed=dates,
        help_on_top=help_on_top,
        generated=reviewed is None,
    )
    if preview_error and reviewed is not None:  # a hand-written page that still built
        body = with_build_error_banner(body, preview_error)
    return body


@dataclass(frozen=True)
class PreparedPage:
    """A page's Markdown as the generator should read it, its front matter as the theme may
    print it, and the warnings its checks gave."""

    markdown: str
    meta: dict
    warnings: list[ContentError]


def prepared_page(
    markdown: str,
    meta: dict,
    notices: Notices,
    *,
    src_uri: str,
    path: Path,
    source: str,
    generated: bool,
    preview_error: str = "",
    run: EngineRun | None = None,
) -> PreparedPage:
    """What happens to every page before Markdown runs (MkDocs' ``on_page_markdown``, and
    ``kapsite render`` for any other generator). A hand-written page is checked (broken front
    matter is an error, the rest warnings), gets its review dates, and its front matter is
    escaped; every page gets the disclaimer and, where it needs one, the help box. ``markdown``
    is the body without front matter; ``source`` the whole file; ``run``, the engine's, keeps
    the checks' warnings in its cache."""
    warnings = [] if generated else hand_written_page_warnings(path, source, markdown, notices, run)
    body = page_markdown(
        markdown,
        notices,
        src_uri=src_uri,
        reviewed=None if generated else str(meta.get("reviewed") or ""),
        preview_error=preview_error,
        help_on_top=meta.get("help_box") == "top",
    )
    # A generated page's front matter was escaped when it was composed.
    return PreparedPage(body, meta if generated else theme_meta(meta), warnings)


def page_notices(site: SiteConfig) -> Notices:
    """What every page carries (``inputs.notices.load_notices``), with the site's cache."""
    return load_notices(site, Cache(site.cache) if site.cache else None)


def theme_extra(notices: Notices) -> dict[str, str]:
    """The values the theme's templates print on every page (``config.extra``): the disclaimer
    (the 404 page) and the compact help box (every page's footer)."""
    return {
        "kapsite_disclaimer": notices.disclaimer_html,
        "kapsite_help": help_html(notices.help, compact=True),
    }


def finished_page(html: str, name: str, theme: ThemeScripts, *, live: bool = False) -> FinishedPage:
    """A built page, last: checked for anything active the theme does not write, then given a
    Content-Security-Policy allowing exactly its inline scripts. A page that fails the check
    gets a policy that runs none of them, and ``problem`` names it, for the build to stop on.
    ``live``: live preview injects its own reload script, which a policy would block."""
    with_policy, problems = with_checked_policy(html, theme)
    if problems:
        return FinishedPage(
            with_policy,
            f"{name}: the built page holds what the theme does not write: {'; '.join(problems)} "
            "(fix: find where it entered and escape it there; this is a bug in kapsite)",
        )
    if live:
        return FinishedPage(html, None)
    return FinishedPage(with_policy, None)


@dataclass(frozen=True)
class FinishedPage:
    html: str
    problem: str | None  # why the page is unsafe, naming it; None for a safe page


def preview_error_files(nav: list, existing: set[str], message: str) -> dict[str, str]:
    """Live preview after a broken edit: every page in the navigation that the build could not
    make shows the error (file, line, fix) instead of a 404. The data files pages link to
    (claims.json, the changes feed) hold the error as text, so those links still resolve."""
    from kapsite.render.changes_page import FEED_PATH

    missing = [uri for uri in nav_pages(nav) if uri not in existing]
    files = dict.fromkeys(missing, build_error_markdown(message))
    for uri in ("claims.json", FEED_PATH):
        files[uri] = f"The build stopped: {message}\n"
    return files


def nav_pages(nav: list) -> list[str]:
    """The Markdown pages a navigation tree (MkDocs' nested list of title: path) names."""
    pages = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            pages += nav_pages(value)
        elif isinstance(value, str) and value.endswith(".md"):
            pages.append(value)
    return pages


def engine_summary(run: EngineRun, seconds: float) -> str:
    """One line for the build log: how long the engine took, and what the cache saved."""
    line = f"kapsite: engine {seconds:.2f} s for {run.output.articles} articles"
    stats = run.stats
    if stats is None:
        return line + " (no cache)"
    if stats.hits[SITE_ENTRY]:
        return line + " (cache: no input changed, the whole build reused)"
    reused, total = sum(stats.hits.values()), sum((stats.hits + stats.misses).values())
    total += sum(stats.rejected.values())
    return line + f" (cache: {reused} of {total} entries reused)"


def with_structured_data(
    html: str, output: EngineOutput | None, site: SiteConfig, src_uri: str, title: str | None
) -> str:
    """The built page with its schema.org JSON-LD at the end of <head>. It is added after the
    sanitiser, which removes every script from content, and before the final check, which reads
    it as data (it never runs, so the policy needs no hash for it). ``title`` is the theme's,
    already escaped; None or no engine output (a live preview of a broken edit): no data."""
    if output is None or title is None:
        return html
    return with_json_ld(html, structured_data(output, site, src_uri, title))


def structured_data(output: EngineOutput, site: SiteConfig, src_uri: str, title: str) -> dict:
    """The page's schema.org data (``render.structured_data.page_data``); ``title`` as the
    theme prints it (escaped HTML). A page the engine does not know states no review date and
    cites nothing."""
    facts = output.facts_by_page.get(src_uri)
    reviewed = facts.last_reviewed if facts else ""
    return page_data(
        # The name the page's <title> gives it (the theme shows the site's name on the home page).
        name=page_name(title, site, src_uri),
        url=_page_address(site, src_uri),
        site_name=site.site_name,
        site_url=site.site_url,
        last_reviewed=dt.date.fromisoformat(reviewed) if reviewed else None,
        citations=json.loads(facts.citations) if facts else [],
    )


def page_facts(result: BuildResult, site: SiteConfig) -> tuple[PageFacts, ...]:
    """Each page's review date and citations, for every page the build makes or reads: the
    topic pages as their references lists show them, each part as it shows them, the docs
    pages, the bibliography and the kit page. One pass over the pages, not one per page."""
    from kapsite.render.bibliography_page import BIBLIOGRAPHY_SLUG
    from kapsite.render.review_dates import review_dates, topic_review_dates
    from kapsite.render.structured_data import citation
    from kapsite.render.topic_page import part_sources

    bibliography_url = _page_address(site, f"{BIBLIOGRAPHY_SLUG}.md")
    entries = result.inputs.bibliography
    topics = {f"{page.slug}.md": page for page in result.pages}
    parts = {f"{part.path}.md": (page, part) for page in result.pages for part in page.parts}
    docs = {page.src_uri: page for page in result.inputs.docs_pages}
    kit = result.inputs.kit
    facts = []
    for src_uri in sorted({f"{page.slug}.md" for page in result.rendered} | docs.keys()):
        dates: list[str] | None = None  # None: the page shows no review date
        cited: list[str] = []
        if src_uri in topics:
            dates = topic_review_dates(topics[src_uri].articles)
            # Its studies and its source articles, as its references list shows them.
            page = topics[src_uri]
            cited = sorted(
                {ref.key for ref in page.references} | {a.source.key for a in page.articles}
            )
        elif src_uri in parts:
            # As the part shows them: its own sources' review dates, its own references.
            topic, part = parts[src_uri]
            refs, articles = part_sources(topic, part, result.references)
            dates = topic_review_dates(articles or topic.articles)
            cited = sorted({ref.key for ref in refs} | {a.source.key for a in articles})
        elif src_uri in docs:
            dates = [str(docs[src_uri].meta.get("reviewed") or "")]
        elif src_uri == f"{BIBLIOGRAPHY_SLUG}.md":
            cited = sorted(result.references)
        elif kit is not None and src_uri == f"{kit.slug}.md":
            dates = [kit.reviewed.isoformat()]  # the date the kit page shows
        reviewed = review_dates(dates) if dates is not None else None
        citations = [
            citation(
                result.references[key], getattr(entries.get(key), "entry", None), bibliography_url
            )
            for key in cited
            if key in result.references
        ]
        facts.append(
            PageFacts(
                src_uri,
                reviewed[0].isoformat() if reviewed else "",
                json.dumps(citations, ensure_ascii=False, sort_keys=True),
            )
        )
    return tuple(facts)


def _page_address(site: SiteConfig, src_uri: str) -> str:
    """The page's address: absolute when the site's address is known, else from the root."""
    base = site.site_url.rstrip("/") + "/" if site.site_url else "/"
    return base + page_url(src_uri).lstrip("/")


def page_name(title: str, site: SiteConfig, src_uri: str) -> str:
    """The name the page's <title> gives it (the theme shows the site's name on the home page)."""
    return site.site_name if src_uri == "index.md" else html_lib.unescape(_strip_tags(title))


def with_json_ld(html: str, data: dict) -> str:
    """The page with ``data`` as a JSON-LD block at the end of <head>."""
    end = html.find("</head>")
    if end == -1:
        return html
    return html[:end] + json_ld_script(data) + html[end:]


# Where the theme's search plugin (Material) writes its index, in the built site.
SEARCH_INDEX = "search/search_index.json"


def search_claims(site_dir: Path, output: EngineOutput) -> None:
    """The built site's search index with an entry per claim, each leading to the claim's
    anchor (``render.search``). Run after the theme's search plugin has written the index;
    a site without one (search turned off) is left as it is."""
    index = site_dir / SEARCH_INDEX
    if index.is_file():
        text = with_claim_entries(read_text(index), output.claim_entries)
        write_text(index, text, what="search index")


def content_epoch(result: BuildResult, site: SiteConfig) -> int:
    """The build date as seconds since 1970, from the content: the newest review or publication
    date of any article or hand-written page. Never the clock, so a build tomorrow gives today's
    bytes (MkDocs stamps the date into sitemap.xml)."""
    dates = [a.reviewed or a.published for a in result.articles]
    for page in result.inputs.docs_pages:
        dates += [str(page.meta.get(key) or "") for key in ("reviewed", "published")]
    known = sorted(d for d in dates if d)
    if not known:
        return 0
    day = dt.date.fromisoformat(known[-1])
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


__all__ = [
    "THEME_TEXT_KEYS",
    "ContentError",
    "EngineOutput",
    "EngineRun",
    "FinishedPage",
    "HeldBlocks",
    "Notices",
    "PreparedPage",
    "SiteConfig",
    "ThemeScripts",
    "clean_html",
    "collector_paused",
    "content_epoch",
    "content_errors",
    "edit_urls",
    "engine_output",
    "engine_summary",
    "finished_page",
    "generated_files",
    "hand_written_page_warnings",
    "held_blocks",
    "help_html",
    "load_notices",
    "markdown_back",
    "page_markdown",
    "page_name",
    "page_notices",
    "page_problems",
    "prepared_page",
    "preview_error_files",
    "run_engine",
    "scratch_folder",
    "search_claims",
    "search_view",
    "structured_data",
    "theme_extra",
    "theme_meta",
    "theme_scripts",
    "theme_text",
    "theme_title",
    "warning_lines",
    "with_blocks_back",
    "with_content_security_policy",
    "with_json_ld",
    "with_no_inline_script",
    "with_structured_data",
    "without_search_marks",
]
# --- Values the theme prints ---------------------------------------------------------------
# MkDocs' Jinja does not autoescape, and the sanitiser sees only page content: every value a
# template prints (page.meta, titles, nav and toc titles, config values) is escaped here, as
# it enters, after YAML has decoded it.


# The config values the theme prints as they are: the site's texts, and the repository's address
# and edit path (every hand-written page's edit link is made of them).
THEME_TEXT_KEYS = (
    "site_name",
    "site_description",
    "site_author",
    "repo_url",
    "repo_name",
    "edit_uri",
)


def theme_text(value: str) -> str:
    """Plain text (a YAML value) as HTML text, safe inside an element or a quoted attribute."""
    return html_lib.escape(value, quote=False).replace('"', "&quot;")


def theme_title(title: str | None) -> str | None:
    """A title as the theme prints it. Titles reach the theme as HTML text (a heading's
    rendered text, or an already escaped value): tags go, entities are read, then it is
    escaped once, so a heading ``# a &lt;script&gt;`` stays text."""
    if title is None:
        return None
    return theme_text(html_lib.unescape(_strip_tags(title)))


def theme_meta(meta: dict) -> dict:
    """A page's front matter as the theme may print it: every text value escaped (nested lists
    and mappings too); dates, numbers and flags as they are."""
    return {key: _escaped(value) for key, value in meta.items()}


def front_matter_markup(path: Path, source: str) -> list[ContentError]:
    """A warning for every front matter value that holds HTML once YAML has decoded it (YAML
    escapes such as "\\x3cscript" hide a tag from the source scan): it is shown as text."""
    from kapsite.inputs.articles import page_front_matter

    lines = source.replace("\r\n", "\n").split("\n")
    meta = page_front_matter(path, source)
    warnings = []
    for key, value in meta.items():
        for text in _texts(value):
            if sanitise.TAG.search(text):
                line = next(
                    (n for n, row in enumerate(lines, start=1) if row.startswith(f"{key}:")), 2
                )
                warnings.append(
                    ContentError(
                        path,
                        line,
                        f"front matter '{key}' holds HTML ({sanitise.TAG.search(text)[0][:40]!r}); "
                        "it is shown as text",
                        "write plain text: front matter is never read as HTML",
                    )
                )
                break
    return warnings


def _escaped(value: object) -> object:
    if isinstance(value, str):
        return theme_text(value)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [t for item in value for t in _texts(item)]
    if isinstance(value, dict):
        return [t for item in value.values() for t in _texts(item)]
    return []


def _strip_tags(text: str) -> str:
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_entityref(self, name: str) -> None:
        self.parts.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.parts.append(f"&#{name};")
