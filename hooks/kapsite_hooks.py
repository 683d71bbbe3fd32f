"""MkDocs adapter: the only module that imports MkDocs. It wires build events to the engine
(``kapsite.site``) and turns content errors into MkDocs errors; nothing else lives here.

on_startup        remember the command: live preview shows content errors in the page
on_config         engine config and page notices; watch content/ and bibliography/
on_files          run the engine; add its files with File.generated (nothing is written);
                  log its warnings under 'mkdocs.', so `--strict` fails on them
on_page_markdown  checks for hand-written pages; disclaimer, help and review dates on every page
on_page_content   sanitise every page's HTML (nh3)
on_post_page      a Content-Security-Policy allowing exactly the page's own inline scripts
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

from kapsite.site import (
    ContentError,
    Notices,
    SiteConfig,
    UnexpectedScript,
    build,
    clean_html,
    content_epoch,
    generated_files,
    hand_written_page_warnings,
    help_html,
    load_notices,
    page_markdown,
    preview_error_files,
    with_content_security_policy,
)

log = logging.getLogger("mkdocs.plugins.kapsite")
_site: SiteConfig | None = None
_notices: Notices | None = None
_preview_error = ""  # live preview: the last build error, shown in the pages


def on_startup(command: str, dirty: bool) -> None:
    # `mkdocs serve` reloads this module on every rebuild; the environment outlives it.
    os.environ["KAPSITE_COMMAND"] = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site, _notices, _preview_error
    _site, _preview_error = SiteConfig(root=Path(config.config_file_path).parent), ""
    config.watch.extend(str(f) for f in _site.watched if f.is_dir() and str(f) not in config.watch)
    try:
        _notices = load_notices(_site)
    except ContentError as error:
        raise _build_error(error) from error
    # Theme templates (every page's help box, the 404 page) read these.
    config.extra["kapsite_disclaimer"] = _notices.disclaimer_html
    config.extra["kapsite_help"] = help_html(_notices.help, compact=True)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _preview_error
    assert _site is not None
    try:
        result = build(_site)
        added = generated_files(result, _site, {f.src_uri for f in files})
        # `make` sets the date from git; a direct `mkdocs build` takes it from the content.
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(content_epoch(result, _site)))
    except ContentError as error:
        if os.environ.get("KAPSITE_COMMAND") != "serve":
            raise _build_error(error) from error
        # Live preview stays up: the pages the build could not make show the error instead.
        _preview_error = str(error.relative_to(_site.root))
        logging.getLogger("kapsite.preview").error("ERROR    -  %s", _preview_error)  # not strict
        added = preview_error_files(config.nav or [], {f.src_uri for f in files}, _preview_error)
    else:
        _log_warnings(result.warnings)
        for line in result.pending_review:  # INFO: review is editorial work, not a failure
            log.info(line)
    for uri, content in added.items():
        files.append(File.generated(config, uri, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _notices is not None
    hand_written = page.file.generated_by is None
    if hand_written:  # generated pages were checked, line by line, in their articles
        path = Path(page.file.abs_src_path or page.file.src_uri)
        try:
            _log_warnings(
                hand_written_page_warnings(path, page.file.content_string, markdown, _notices)
            )
        except ContentError as error:
            raise _build_error(error) from error
    reviewed = str(page.meta.get("reviewed") or "") if hand_written else None
    return page_markdown(
        markdown,
        _notices,
        src_uri=page.file.src_uri,
        reviewed=reviewed,
        preview_error=_preview_error,
        help_on_top=page.meta.get("help_box") == "top",
    )


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return clean_html(html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _with_policy(output, page.file.src_uri)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return _with_policy(output, template_name) if template_name.endswith(".html") else output


def _with_policy(output: str, name: str) -> str:
    if os.environ.get("KAPSITE_COMMAND") == "serve":
        return output  # live preview injects its own inline reload script: a policy would block it
    try:
        return with_content_security_policy(output)
    except UnexpectedScript as error:
        raise PluginError(
            f"{name}: {error} (fix: remove it, or list the theme's script in kapsite/checks/csp.py)"
        ) from error


def _log_warnings(warnings: list[ContentError] | tuple[ContentError, ...]) -> None:
    assert _site is not None
    for warning in warnings:
        log.warning(str(warning.relative_to(_site.root)))


def _build_error(error: ContentError) -> PluginError:
    """MkDocs prints this as 'ERROR - path:line: message (fix: ...)' and stops the build."""
    assert _site is not None
    return PluginError(str(error.relative_to(_site.root)))
