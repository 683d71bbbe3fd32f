"""The site without MkDocs' hooks: what ``kapsite render`` and ``kapsite finish`` do, so that any
generator that reads a MkDocs-style config (Zensical, ProperDocs, MkDocs itself) builds it.

``render_folder`` runs the engine and returns the generator's whole input: every page of
``docs/`` (hand-written and generated) with what ``on_page_markdown`` adds, a config without the
hook that carries the values the theme prints, and the files the site needs beside its pages
(claims.json, the build report, redirect pages). ``finish_site`` then does to the built HTML
what ``on_page_content`` and ``on_post_page`` do: sanitise each page's content (and the search
index, built before that), check the page, give it its Content-Security-Policy. Every step is the function the hook calls (``kapsite.site``).
"""

from __future__ import annotations

import copy
import dataclasses
import html as html_lib
import importlib.util
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
import yaml_env_tag

from kapsite.checks.anchors import page_url
from kapsite.checks.csp import ThemeScripts, without_policy
from kapsite.config import SiteConfig
from kapsite.errors import ContentError, ContentErrors
from kapsite.files import read_bytes, read_text, write_bytes, write_text
from kapsite.output import ClaimEntry
from kapsite.pipeline import build
from kapsite.render.search_index import with_claim_entries
from kapsite.site import (
    SEARCH_INDEX,
    THEME_TEXT_KEYS,
    clean_html,
    edit_urls,
    engine_output,
    finished_page,
    generated_files,
    prepared_page,
    scratch_folder,
    structured_data,
    theme_extra,
    theme_scripts,
    theme_text,
    with_json_ld,
)
from kapsite.timing import StageTimes

# The render folder: the generator's config, its docs folder, and the files `finish` copies.
CONFIG_NAME = "mkdocs.yml"
PAGES = "docs"
SITE_FILES = "files"
STRUCTURED_DATA = "structured-data.json"  # page (its path in the built site) -> its JSON-LD
EDIT_URLS = "edit-urls.json"  # generated page (its path in the built site) -> its edit link
CLAIM_ENTRIES = "claim-entries.json"  # each claim's entry for Material's search index
MARKER = ".kapsite-render"  # a folder holding this is ours to replace
MARKER_TEXT = "Written by `kapsite render`; it replaces this folder's contents on every run.\n"
# MkDocs' own front matter rule (mkdocs.utils.meta): YAML between --- lines at the very top.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
# Both Material and Zensical's theme put a page's content, and only that, in this element.
CONTENT_START = '<article class="md-content__inner md-typeset">'
CONTENT_END = "</article>"
# The buttons Material's content template writes before the page's content (edit, view source).
THEME_BUTTONS = re.compile(
    r'(?:\s*<a href="[^"<>]*" title="[^"<>]*" class="md-content__button md-icon"[^<>]*>'
    r"\s*<svg [^<>]*><path [^<>]*/></svg>\s*</a>)+"
)
# The block an earlier ``finish`` added (its text holds no "<": json_ld_script escapes it).
OUR_JSON_LD = re.compile(r'<script type="application/ld\+json">[^<]*</script>(?=</head>)')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
EDIT_BUTTON = re.compile(
    r'(<a href=")[^"]*(" title="[^"]*" class="md-content__button md-icon" rel="edit">)'
)
# The search index the theme's search reads, by generator: its entries hold the pages' HTML.
SEARCH_INDEXES = ("search.json", SEARCH_INDEX)  # Zensical's; Material's
# Where each generator's theme keeps its templates (the theme's inline scripts are read there).
THEME_PACKAGES = {"mkdocs": "material", "properdocs": "material", "zensical": "zensical"}


@dataclass(frozen=True)
class Rendered:
    files: dict[str, str | bytes | Path]  # path in the render folder -> its content, or its file
    warnings: list[ContentError]
    strict: bool  # the config asks a build to fail on warnings


def render_folder(
    site: SiteConfig, config_path: Path, profile: StageTimes | None = None
) -> Rendered:
    """The generator's input for the whole site. Errors (of the engine and of every page)
    are raised together as ``ContentErrors``."""
    project_config = read_generator_config(config_path)
    # As the hook does: permalinks, edit and report links come from the config's addresses.
    addresses = {
        key: project_config.get(key) or ""
        for key in ("site_url", "repo_url", "edit_uri", "site_name")
        if not getattr(site, key)
    }
    site = dataclasses.replace(site, **addresses)
    result = build(site, profile=profile)
    output = engine_output(result, site, scratch_folder())
    notices = result.inputs.notices
    config = generator_config(project_config, config_path, theme_extra(notices))
    existing = {page.src_uri for page in result.inputs.docs_pages}
    files: dict[str, str | bytes | Path] = {CONFIG_NAME: config_yaml(config)}
    warnings, errors = list(result.warnings), []
    for page in result.inputs.docs_pages:
        _, body = split_front_matter(page.source)
        try:
            prepared = prepared_page(
                body,
                page.meta,
                notices,
                src_uri=page.src_uri,
                path=page.path,
                source=page.source,
                generated=False,
            )
        except ContentError as error:
            errors.append(error)
            continue
        warnings += prepared.warnings
        files[f"{PAGES}/{page.src_uri}"] = with_front_matter(prepared.meta, prepared.markdown)
    for path in sorted(site.docs.rglob("*")):
        if path.is_file() and path.suffix != ".md":  # style sheets, images: as they are
            files[f"{PAGES}/{path.relative_to(site.docs).as_posix()}"] = read_bytes(path)
    for uri, content in generated_files(output, site, existing).items():
        if uri.endswith(".html"):  # redirect pages: ``finish`` copies them in, as they are
            files[f"{SITE_FILES}/{uri}"] = content
            continue
        if not uri.endswith(".md"):  # claims.json, the feed, the report: files pages link to
            files[f"{PAGES}/{uri}"] = content
            continue
        front, body = split_front_matter(content)
        prepared = prepared_page(
            body, {}, notices, src_uri=uri, path=site.topics, source=content, generated=True
        )
        files[f"{PAGES}/{uri}"] = front + prepared.markdown
    if errors:
        raise ContentErrors(errors)
    # A generated page's edit link goes to the file that holds its words (as the hook sets it),
    # not to the Markdown this folder holds: ``finish`` puts it in the theme's edit button.
    links = {built_page(uri): url for uri, url in edit_urls(output).items()}
    files[EDIT_URLS] = json.dumps(links, indent=1, sort_keys=True) + "\n"
    # Each page's schema.org data, as the hook adds it after the theme: ``finish`` names the page
    # from the <title> the generator wrote, then adds the block.
    data = {
        built_page(uri): structured_data(output, site, uri, "") for uri in files_of_pages(files)
    }
    files[STRUCTURED_DATA] = json.dumps(data, indent=1, sort_keys=True) + "\n"
    # Each claim's search entry, as the hook adds it after the theme's search plugin.
    entries = [dataclasses.astuple(entry) for entry in output.claim_entries]
    files[CLAIM_ENTRIES] = json.dumps(entries, indent=1, ensure_ascii=False) + "\n"
    return Rendered(files, warnings, bool(config.get("strict")))


def write_render_folder(out: Path, files: dict[str, str | bytes | Path]) -> None:
    """Replace what an earlier render wrote in ``out`` with ``files``. A folder that holds
    anything else is refused: render never deletes or overwrites a file it did not write."""
    ours = out.is_dir() and ((out / MARKER).is_file() or not any(out.iterdir()))
    if out.exists() and not ours:
        raise ContentError(
            out,
            None,
            "the folder is not empty and was not written by kapsite render",
            "name a new or empty folder, or the folder an earlier kapsite render wrote",
        )
    for name in (PAGES, SITE_FILES, "site"):  # its own output, and a build of it
        if (out / name).is_dir() and not (out / name).is_symlink():
            shutil.rmtree(out / name)
    write_text(out / MARKER, MARKER_TEXT, what="render folder marker")
    for name, content in sorted(files.items()):
        if isinstance(content, Path):  # claims.json, the report: read one at a time
            write_bytes(out / name, read_bytes(content), what="rendered site file")
        elif isinstance(content, bytes):
            write_bytes(out / name, content, what="rendered site file")
        else:
            write_text(out / name, content, what="rendered site file")


def split_front_matter(source: str) -> tuple[str, str]:
    """(the front matter block, lines included, or ""; the page's Markdown), split as MkDocs
    splits them."""
    match = FRONT_MATTER.match(source)
    if not match or not isinstance(yaml.safe_load(match[1]), dict):
        return "", source
    return source[: match.end()], source[match.end() :].lstrip("\n")


def with_front_matter(meta: dict, markdown: str) -> str:
    if not meta:
        return markdown
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{front}---\n\n{markdown}"


# --- the generator's config ------------------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it: plain YAML plus ``!ENV [NAME, default]``."""


_ConfigLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)


def read_generator_config(config_path: Path) -> dict:
    """mkdocs.yml as MkDocs reads it, or an error naming its line."""
    try:
        config = yaml.load(read_text(config_path), Loader=_ConfigLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ContentError(
            config_path,
            mark.line + 1 if mark else None,
            f"the config is not valid YAML: {getattr(error, 'problem', error)}",
            "fix the YAML; `mkdocs build` shows the same error",
        ) from error
    if not isinstance(config, dict):
        raise ContentError(config_path, 1, "the config is not a mapping", "restore mkdocs.yml")
    return config


def generator_config(project_config: dict, config_path: Path, extra: dict[str, str]) -> dict:
    """The project's config for a generator that runs no hooks: without them, with the
    values MkDocs' hook sets in ``on_config`` (escaped site texts, ``extra`` for the theme),
    paths made absolute or pointed into the render folder."""
    config = copy.deepcopy(project_config)
    config.pop("hooks", None)
    config["docs_dir"], config["site_dir"] = PAGES, "site"
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((config_path.parent / theme["custom_dir"]).resolve())
    for key in THEME_TEXT_KEYS:
        if isinstance(config.get(key), str):
            config[key] = theme_text(config[key])
    config["extra"] = {**(config.get("extra") or {}), **extra}
    return config


def config_yaml(config: dict) -> str:
    header = "# Written by `kapsite render` from the project's mkdocs.yml; edit that instead.\n"
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)


# --- finishing a built site ------------------------------------------------------------------


def finish_site(site_dir: Path, render_dir: Path, generator: str) -> list[str]:
    """Copy the render's site files into the built site, then sanitise, check and give a
    policy to every HTML page. Returns every page it could not make safe, by name (they are
    left with a policy that runs no inline script)."""
    config = yaml.safe_load(read_text(render_dir / CONFIG_NAME))
    theme = built_theme(config, generator)
    copied = set()
    files = render_dir / SITE_FILES
    for path in sorted(p for p in files.rglob("*") if p.is_file()):
        uri = path.relative_to(files).as_posix()
        write_bytes(site_dir / uri, read_bytes(path), what="site file")
        copied.add(uri)
    edit_links, structured = render_dir / EDIT_URLS, render_dir / STRUCTURED_DATA
    links = json.loads(read_text(edit_links)) if edit_links.is_file() else {}
    data = json.loads(read_text(structured)) if structured.is_file() else {}
    problems = []
    for path in sorted(site_dir.rglob("*.html")):
        uri = path.relative_to(site_dir).as_posix()
        if uri in copied:  # redirect pages: the engine's own, not the theme's
            continue
        html = with_edit_link(without_policy(read_text(path)), links.get(uri))
        html = clean_content(html)
        if uri in data:  # after the sanitiser, as the hook adds it; once, however often finished
            html = OUR_JSON_LD.sub("", html)
            html = with_json_ld(html, {**data[uri], "name": named(html, data[uri], config)})
        page = finished_page(html, uri, theme)
        if page.problem:
            problems.append(page.problem)
        write_text(path, page.html, what="finished page")
    for name in SEARCH_INDEXES:
        index = site_dir / name
        cleaned = clean_search_index(read_text(index)) if index.is_file() else None
        if cleaned is not None:
            write_text(index, cleaned, what="search index")
    claims, index = render_dir / CLAIM_ENTRIES, site_dir / SEARCH_INDEX
    if claims.is_file() and index.is_file():  # Zensical's own index has another shape
        entries = [ClaimEntry(*fields) for fields in json.loads(read_text(claims))]
        write_text(index, with_claim_entries(read_text(index), entries), what="search index")
    return problems


def clean_search_index(text: str) -> str | None:
    """The search index with each entry's HTML sanitised, or None when nothing changed: a
    generator indexes the content before ``finish`` sanitises the pages (MkDocs' index is
    built from the sanitised content, and stays as it is)."""
    data = json.loads(text)
    entries = (data.get("items") or data.get("docs") or []) if isinstance(data, dict) else []
    changed = False
    for entry in entries:
        for key in ("title", "text"):
            value = entry.get(key)
            if isinstance(value, str) and clean_html(value) != value:
                entry[key], changed = clean_html(value), True
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) if changed else None


def clean_content(html: str) -> str:
    """A built page with its content (the theme's content element) sanitised, as MkDocs'
    hook sanitises ``page.content`` before the theme wraps it."""
    start = html.find(CONTENT_START)
    end = html.rfind(CONTENT_END)
    if start == -1 or end < start:
        return html  # no content element: the final check still reads the whole page
    inner = start + len(CONTENT_START)
    # The theme's own buttons open the element; the hook never sanitises them either (the
    # theme writes them from the escaped config), and the sanitiser would strip their icons.
    buttons = THEME_BUTTONS.match(html, inner)
    inner = buttons.end() if buttons else inner
    return html[:inner] + clean_html(html[inner:end]) + html[end:]


def built_page(src_uri: str) -> str:
    """Where a generator writes a page: ``about.md`` to ``about/index.html``."""
    return page_url(src_uri).lstrip("/") + "index.html"


def files_of_pages(files: dict[str, str | bytes | Path]) -> list[str]:
    """The pages (hand-written and generated) among the render folder's files, by their path
    in the docs tree."""
    prefix = f"{PAGES}/"
    return [
        name[len(prefix) :] for name in files if name.startswith(prefix) and name.endswith(".md")
    ]


def named(html: str, data: dict, config: dict) -> str:
    """The page's name as MkDocs' hook gives it: its title as the theme's <title> prints it,
    without the site's name after it."""
    found = TITLE.search(html)
    title = found[1] if found else ""
    title = title.removesuffix(f" - {config.get('site_name') or ''}")
    return data["name"] or html_lib.unescape(title)


def with_edit_link(html: str, url: str | None) -> str:
    """The page with its theme edit button pointing at ``url`` (already escaped)."""
    if url is None:
        return html
    return EDIT_BUTTON.sub(lambda m: f"{m[1]}{url}{m[2]}", html, count=1)


def built_theme(config: dict, generator: str) -> ThemeScripts:
    """The scripts the generator's theme writes, read from its templates as the hook reads
    MkDocs' (``config.theme.dirs``): the custom folder first, then the theme's own."""
    theme = config.get("theme") or {}
    dirs = [theme["custom_dir"]] if theme.get("custom_dir") else []
    spec = importlib.util.find_spec(THEME_PACKAGES[generator])  # found, not imported
    if spec is None or not spec.submodule_search_locations:
        raise ContentError(
            Path(THEME_PACKAGES[generator]),
            None,
            f"the {generator} theme is not installed",
            f"install {generator} in this environment",
        )
    dirs.append(os.path.join(spec.submodule_search_locations[0], "templates"))
    return theme_scripts(
        dirs,
        features=theme.get("features") or [],
        extra=config.get("extra") or {},
        extra_javascript=[str(s) for s in config.get("extra_javascript") or []],
        site_path=urlsplit(config.get("site_url") or "/").path or "/",
    )
