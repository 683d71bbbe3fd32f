"""MkDocs adapter: the only module that imports MkDocs. It wires build events to the engine
(``kapsite.site``) and turns content errors into MkDocs errors; nothing else lives here.

on_startup        remember the command: live preview shows content errors in the page
on_config         engine config, page notices and the theme's own scripts; escape the config
                  values templates print; watch content/ and bibliography/
on_files          run the engine (its whole output comes from the cache when no input
                  changed), the cycle collector paused; add its files with File.generated (the
                  pages from memory; claims.json and the report copied from the files the engine
                  wrote beside its cache entry); log its warnings under 'mkdocs.', so `--strict`
                  fails on them
on_nav            escape section and link titles (MkDocs' Jinja does not autoescape)
on_page_markdown  checks for hand-written pages; disclaimer, help and review dates on every page;
                  escape the front matter the theme prints; a generated page's final-HTML blocks
                  held out of Python-Markdown's way (kapsite.render.held_blocks)
on_page_content   the held blocks back; sanitise every page's HTML (nh3); escape its title and
                  toc titles
on_page_context   the theme's search reads a generated page without the blocks it leaves out
                  whole (kapsite.render.held_blocks.search_view); the whole page is put back
on_post_page      the page's schema.org data; check the final HTML; a Content-Security-Policy
                  allowing exactly the theme's inline scripts on the page
on_post_template  the same policy on the 404 page
on_post_build     stop the build, naming every page the final check refused; after the theme's
                  search plugin, an entry per claim in its index
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from kapsite.site import (
    THEME_TEXT_KEYS,
    ContentError,
    EngineRun,
    HeldBlocks,
    Notices,
    SiteConfig,
    ThemeScripts,
    clean_html,
    collector_paused,
    content_errors,
    edit_urls,
    engine_summary,
    finished_page,
    generated_files,
    held_blocks,
    markdown_back,
    page_notices,
    prepared_page,
    preview_error_files,
    run_engine,
    search_claims,
    search_view,
    theme_extra,
    theme_scripts,
    theme_text,
    theme_title,
    warning_lines,
    with_blocks_back,
    with_structured_data,
    without_search_marks,
)

log = logging.getLogger("mkdocs.plugins.kapsite")
_site: SiteConfig | None = None
_notices: Notices | None = None
_theme: ThemeScripts | None = None
_unsafe_pages: list[str] = []  # built pages that hold what the theme does not write
_preview_error = ""  # live preview: the last build error, shown in the pages
_run: EngineRun | None = None  # the engine's last output, for each page's edit link and data
_built_once = False  # this process has built the site (live preview rebuilds after that)
_held: dict[str, HeldBlocks] = {}  # a generated page's blocks, from its Markdown to its HTML
# A generated page's HTML as the theme's search reads it (``search_view``), from on_page_content
# to on_page_context; there, the page's whole HTML while the search reads the view.
_search_views: dict[str, str] = {}
_whole_pages: dict[str, tuple[str, str]] = {}
_warned = 0  # kapsite's warning lines in this build (live preview counts them at the end)


def on_startup(command: str, dirty: bool) -> None:
    # `mkdocs serve` reloads this module on every rebuild; the environment outlives it.
    os.environ["KAPSITE_COMMAND"] = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site, _notices, _preview_error, _theme, _warned
    _warned = 0
    # What a build that stopped after on_page_markdown or on_page_content left behind.
    _held.clear()
    _search_views.clear()
    _whole_pages.clear()
    try:
        _site = SiteConfig.for_project(
            Path(config.config_file_path).parent,
            site_url=config.site_url or "",
            repo_url=config.repo_url or "",
            edit_uri=config.edit_uri or "",
            site_name=config.site_name,
        )
    except ContentError as error:  # a setting in the environment: no file to name
        raise PluginError(str(error)) from error
    _preview_error = ""
    _unsafe_pages.clear()
    for key in THEME_TEXT_KEYS:
        if isinstance(config[key], str):
            config[key] = theme_text(config[key])
    _theme = theme_scripts(
        config.theme.dirs,
        features=config.theme.get("features") or [],
        extra=dict(config.extra),
        extra_javascript=[str(script) for script in config.extra_javascript],
        site_path=urlsplit(config.site_url or "/").path or "/",
    )
    config.watch.extend(str(f) for f in _site.watched if f.is_dir() and str(f) not in config.watch)
    try:
        _notices = page_notices(_site)
    except ContentError as error:
        raise _build_error(error) from error
    # Theme templates (every page's help box, the 404 page) read these.
    config.extra.update(theme_extra(_notices))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _run
    _run = None
    start = time.perf_counter()
    with collector_paused():  # the engine's output is millions of objects: no full collections
        added = _engine_files(files, config, start)
    for uri, content in added.items():
        if isinstance(content, Path):  # claims.json, the report: copied, never held in memory
            files.append(File.generated(config, uri, abs_src_path=str(content)))
        else:
            files.append(File.generated(config, uri, content=content))
    return files


def _engine_files(files: Files, config: MkDocsConfig, start: float) -> dict[str, str | Path]:
    """The engine's files for the site (or, live preview after a broken edit, pages that show
    the error); its warnings logged."""
    global _preview_error, _run, _built_once
    assert _site is not None
    try:
        # Live preview keeps the whole build once, at its first build, not after every edit,
        # and its rebuilds leave out the review queue (only the terminal shows it).
        serving = os.environ.get("KAPSITE_COMMAND") == "serve"
        run = run_engine(_site, preview_rebuild=serving and _built_once, keep_for_rebuilds=serving)
        added = generated_files(run.output, _site, {f.src_uri for f in files})
        # `make` sets the date from git; a direct `mkdocs build` takes it from the content.
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(run.output.epoch))
    except ContentError as error:
        if os.environ.get("KAPSITE_COMMAND") != "serve":
            raise _build_error(error) from error
        # Live preview stays up: the pages the build could not make show the error instead.
        _preview_error = str(error.relative_to(_site.root))
        logging.getLogger("kapsite.preview").error("ERROR    -  %s", _preview_error)  # not strict
        added = preview_error_files(config.nav or [], {f.src_uri for f in files}, _preview_error)
    else:
        _run = run
        _built_once = True
        _log_warnings(content_errors(run.output.warnings))
        for line in run.output.pending_review:  # INFO: review is editorial work, not a failure
            log.info(line)
        log.info(engine_summary(run, time.perf_counter() - start))
    return added


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    items = list(nav.items)
    while items:  # pages' own titles are escaped in on_page_content, once they are known
        item = items.pop()
        if not isinstance(item, Page):
            item.title = theme_title(item.title)
        items += getattr(item, "children", None) or []
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _notices is not None
    try:
        prepared = prepared_page(
            markdown,
            page.meta,
            _notices,
            src_uri=page.file.src_uri,
            path=Path(page.file.abs_src_path or page.file.src_uri),
            source=page.file.content_string,
            generated=page.file.generated_by is not None,
            preview_error=_preview_error,
            run=_run,
        )
    except ContentError as error:
        raise _build_error(error) from error
    _log_warnings(prepared.warnings)
    page.meta = prepared.meta
    if page.file.generated_by is not None:
        # Its edit link goes to the file that holds its words, never to the generated page.
        page.edit_url = edit_urls(_run.output).get(page.file.src_uri) if _run else None
        # The same HTML, without Python-Markdown reading every tag of the engine's blocks.
        held = _held[page.file.src_uri] = held_blocks(prepared.markdown)
        return held.markdown
    return prepared.markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    held = _held.pop(page.file.src_uri, None)
    view = None
    if held is not None and held.blocks:
        page.markdown = markdown_back(page.markdown or "", held)
        back = with_blocks_back(html, held)
        if back is None:  # a block was not read as raw HTML: the whole Markdown, converted
            page.render(config, files)
            back = page.content or ""
        else:
            view = search_view(html, held)
            if page.present_anchor_ids is not None:  # MkDocs' check of links to anchors
                page.present_anchor_ids |= held.anchors()
        html = back
    if view is not None:  # sanitised as the page is, so that the search reads what it shows
        _search_views[page.file.src_uri] = clean_html(view)
    page.title = theme_title(page.title)  # every page's, before any template prints one
    items = list(page.toc.items)
    while items:
        item = items.pop()
        item.title = theme_title(item.title)
        items += item.children
    return clean_html(html)


@event_priority(100)  # before the theme's search plugin (priority 0) reads the page
def _search_reads_its_view(context: dict, page: Page, config: MkDocsConfig, nav: Navigation):
    view = _search_views.pop(page.file.src_uri, None)
    if view is not None and page.content is not None:
        _whole_pages[page.file.src_uri] = (page.content, view)
        page.content = view
    return context


@event_priority(-100)  # after it: the page's whole HTML, as the plugin would have left it
def _whole_page_back(context: dict, page: Page, config: MkDocsConfig, nav: Navigation):
    whole = _whole_pages.pop(page.file.src_uri, None)
    if whole is not None:
        html, view = whole
        # The view always carries a mark (its stand-ins'), so the plugin, had it run, rewrote it.
        page.content = html if page.content is view else without_search_marks(html)
    return context


# The theme's search reads a generated page's search_view, not its whole HTML (the search plugin
# is the only plugin in mkdocs.yml that reads page.content at this event).
on_page_context = CombinedEvent(_search_reads_its_view, _whole_page_back)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    assert _site is not None
    engine = _run.output if _run else None
    output = with_structured_data(output, engine, _site, page.file.src_uri, page.title)
    return _with_policy(output, page.file.src_uri)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return _with_policy(output, template_name) if template_name.endswith(".html") else output


def _with_policy(output: str, name: str) -> str:
    assert _theme is not None
    live = os.environ.get("KAPSITE_COMMAND") == "serve"
    finished = finished_page(output, name, _theme, live=live)
    if finished.problem:  # every such page is named at the end of the build
        _unsafe_pages.append(finished.problem)
    return finished.html


@event_priority(-50)  # after the search plugin (priority 0) has written its index
def on_post_build(config: MkDocsConfig) -> None:
    if _unsafe_pages:
        raise PluginError("\n".join(_unsafe_pages))
    if _run is not None:
        search_claims(Path(config.site_dir), _run.output)
    if _warned and os.environ.get("KAPSITE_COMMAND") == "serve":
        # The preview shows pages that have warnings (`make serve` is not strict): the last
        # line says they are there, so one about safe messaging is not lost among the rest.
        log.warning(PREVIEW_WARNINGS.format(count=_warned))


def _log_warnings(warnings: list[ContentError] | tuple[ContentError, ...]) -> None:
    global _warned
    assert _site is not None
    for line in warning_lines(warnings, _site.root):  # a file's many unreviewed: one line
        log.warning(line)
        _warned += 1


PREVIEW_WARNINGS = "{count} kapsite warning line(s) above: `make build` stops at them"


def _build_error(error: ContentError) -> PluginError:
    """MkDocs prints this as 'ERROR - path:line: message (fix: ...)' and stops the build."""
    assert _site is not None
    return PluginError(str(error.relative_to(_site.root)))
