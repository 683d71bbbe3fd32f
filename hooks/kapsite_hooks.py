"""MkDocs adapter: the only module that imports MkDocs. It wires build events to the engine.

on_startup        remember the command: live preview shows content errors in the page
on_config         read the engine config and the page notices; watch content/ and bibliography/
on_files          run the engine once; add the topic pages, the bibliography page, claims.json
                  and build-report.json (what became of every sentence)
                  with File.generated (nothing written); log content warnings (strict fails)
on_page_markdown  disclaimer, help box and review dates on every page, hand-written ones too;
                  safe-messaging warnings for hand-written pages
on_page_content   sanitise every page's HTML (nh3); warn with file:line for what hand-written
                  docs pages lose (articles are checked by the engine)
on_post_page      a Content-Security-Policy that allows exactly the page's own inline scripts
on_post_template  the same policy on the 404 page
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from kapsite import ContentError, SiteConfig, build
from kapsite.csp import with_content_security_policy
from kapsite.help import help_html
from kapsite.ingest import check_page_front_matter
from kapsite.notices import (
    Notices,
    build_error_markdown,
    with_build_error_banner,
    with_notices,
)
from kapsite.pipeline import BuildResult, load_notices
from kapsite.report import build_report, report_json
from kapsite.safe_messaging import check_page
from kapsite.sanitise import clean_html, scan

# Under 'mkdocs.' so that `mkdocs build --strict` counts these warnings and fails on them.
log = logging.getLogger("mkdocs.plugins.kapsite")
_site: SiteConfig | None = None
_notices: Notices | None = None
_result: BuildResult | None = None
_preview_message = ""  # set when live preview shows a build error instead of failing


def on_startup(command: str, dirty: bool) -> None:
    # `mkdocs serve` reloads this module on every rebuild; the environment outlives it.
    os.environ["KAPSITE_COMMAND"] = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site, _notices, _result, _preview_message
    _preview_message = ""
    _site = SiteConfig(root=Path(config.config_file_path).parent)
    _result = None
    for folder in _site.watched:
        if folder.is_dir() and str(folder) not in config.watch:
            config.watch.append(str(folder))
    try:
        _notices = load_notices(_site)
    except ContentError as error:
        raise _build_error(error) from error
    # Theme templates (every page's help box, the 404 page) read these.
    config.extra["kapsite_disclaimer"] = _notices.disclaimer_html
    config.extra["kapsite_help"] = help_html(_notices.help)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _result
    assert _site is not None
    try:
        _result = build(_site)
        for page in _result.rendered:
            uri = f"{page.slug}.md"
            if files.get_file_from_path(uri) is not None:
                raise ContentError(
                    _site.topics,
                    page.line,
                    f"the topic page '{page.slug}' would replace the hand-written page docs/{uri}",
                    "give the topic page another slug, or rename the docs page",
                )
            files.append(File.generated(config, uri, content=page.markdown))
    except ContentError as error:
        if os.environ.get("KAPSITE_COMMAND") != "serve":
            raise _build_error(error) from error
        return _preview_error(files, config, error)
    files.append(File.generated(config, "claims.json", content=_result.claims_json))
    for src_uri, html in _result.redirect_pages.items():  # moved pages send readers on
        if files.get_file_from_path(src_uri) is None:
            files.append(File.generated(config, src_uri, content=html))
    report = build_report(
        _result.articles, _result.statements, _result.pages, _site.root, _result.warnings
    )
    files.append(File.generated(config, "build-report.json", content=report_json(report)))
    for warning in _result.warnings:
        log.warning(str(warning.relative_to(_site.root)))
    for line in _result.pending_review:  # INFO: review is editorial work, not a failure
        log.info(line)
    return files


def _preview_error(files: Files, config: MkDocsConfig, error: ContentError) -> Files:
    """In live preview a broken edit must not take the site down: log the error, and show it on
    every page the build could not make, so the writer sees file and line in the browser."""
    global _preview_message
    assert _site is not None
    _preview_message = str(error.relative_to(_site.root))
    # Not under 'mkdocs.': a strict config would count it and abort the preview build.
    logging.getLogger("kapsite.preview").error("ERROR    -  %s", _preview_message)
    for uri in _nav_pages(config.nav or []):
        if files.get_file_from_path(uri) is None:
            files.append(
                File.generated(config, uri, content=build_error_markdown(_preview_message))
            )
    return files


def _nav_pages(nav: list) -> list[str]:
    pages = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            pages += _nav_pages(value)
        elif isinstance(value, str) and value.endswith(".md"):
            pages.append(value)
    return pages


def _build_error(error: ContentError) -> PluginError:
    """MkDocs prints this as 'ERROR - path:line: message (fix: ...)' and stops the build."""
    assert _site is not None
    return PluginError(str(error.relative_to(_site.root)))


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _notices is not None
    generated = page.file.generated_by is not None
    reviewed = None if generated else [str(page.meta.get("reviewed") or "")]
    if not generated:  # generated pages were checked, line by line, in their articles
        path = Path(page.file.abs_src_path or page.file.src_uri)
        try:  # MkDocs would show broken front matter as page text; stop instead
            check_page_front_matter(path, page.file.content_string)
        except ContentError as error:
            raise _build_error(error) from error
        for warning in check_page(
            path, page.file.content_string, markdown, _notices.safe_messaging
        ):
            log.warning(str(warning.relative_to(_site.root)))
    help_page = page.file.src_uri == _notices.help.more
    page_markdown = with_notices(markdown, _notices, help_page=help_page, reviewed=reviewed)
    if _preview_message and page.file.generated_by is None:  # a page that did build
        page_markdown = with_build_error_banner(page_markdown, _preview_message)
    return page_markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _site is not None
    if page.file.generated_by is None and page.file.abs_src_path:
        for warning in scan(page.file.content_string, page.file.abs_src_path):
            log.warning(str(warning.relative_to(_site.root)))
    return clean_html(html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return with_content_security_policy(output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Static templates (the 404 page) get the same policy; sitemap.xml is not HTML."""
    return with_content_security_policy(output) if template_name.endswith(".html") else output
