"""Stage 1, ingest: read one article file into an ``Article`` with its front matter."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import yaml

from kapsite.cache import Cache
from kapsite.errors import ContentError, ContentErrors, raise_together
from kapsite.files import decode_text, read_limited
from kapsite.inputs.yamlfile import safe_load
from kapsite.model import Article, Source

T = TypeVar("T")

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FRONT_MATTER_FIX = "start the file with '---', YAML front matter, and a closing '---' line"
KNOWN_FIELDS = {"title", "source", "author", "published", "reviewed", "accept_uncited"}


def read_articles(folder: Path, max_bytes: int, cache: Cache | None = None) -> list[Article]:
    """Every ``*.md`` in ``folder``, sorted by file name so the build order never varies. The
    problems of every article are reported together, so one run shows them all. With a
    ``cache``, an article whose file is unchanged is not parsed again."""
    if not folder.is_dir():
        raise ContentError(folder, None, "the articles folder does not exist", "create it")
    articles, errors = [], []
    for path in sorted(folder.glob("*.md")):
        try:
            articles.append(read_article(path, max_bytes, cache))
        except ContentErrors as error:
            errors.extend(error.errors)
        except ContentError as error:
            errors.append(error)
    raise_together(errors)
    return articles


def read_article(path: Path, max_bytes: int = 1_000_000, cache: Cache | None = None) -> Article:
    raw = read_limited(path, max_bytes, "split it into several articles")
    if cache is None:
        return parse_article(path, decode_text(path, raw).replace("\r\n", "\n"))
    key = cache.key("article", str(path), raw)
    article = cache.load("article", key, Article)
    if article is None:  # an article with errors is never stored: it raises before
        article = parse_article(path, decode_text(path, raw).replace("\r\n", "\n"))
        cache.store("article", key, article)
    return article


def parse_article(path: Path, text: str) -> Article:
    if not text.strip():
        raise ContentError(path, 1, "the article is empty", "add front matter and a body")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise ContentError(path, 1, "the article has no front matter", FRONT_MATTER_FIX)
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise ContentError(path, 1, "the front matter is never closed", FRONT_MATTER_FIX) from None
    field_lines = _field_lines(lines[: end + 1])
    errors: list[ContentError] = []

    def attempt(read: Callable[[], T], default: T) -> T:
        try:
            return read()
        except ContentError as error:
            errors.append(error)
            return default

    meta = _load_front_matter(path, "\n".join(lines[1:end]), field_lines, errors)
    body = "\n".join(lines[end + 1 :])
    if not body.strip():
        errors.append(
            ContentError(path, end + 1, "the article has no body text", "write the article")
        )
    article = Article(
        slug=attempt(lambda: _slug(path), ""),
        path=path,
        title=attempt(lambda: _text_field(path, meta, "title", field_lines, required=True), ""),
        source=attempt(lambda: _source(path, meta, field_lines), Source("")),
        body=body,
        body_line=end + 2,
        author=attempt(lambda: _text_field(path, meta, "author", field_lines), ""),
        published=attempt(lambda: _date_field(path, meta, "published", field_lines), ""),
        reviewed=attempt(lambda: _date_field(path, meta, "reviewed", field_lines), ""),
        accepted_uncited=attempt(lambda: _accepted_uncited(path, meta, field_lines), ()),
        field_lines=tuple(sorted(field_lines.items())),
    )
    raise_together(errors)
    return article


def _load_front_matter(
    path: Path, block: str, field_lines: dict[str, int], errors: list[ContentError]
) -> dict:
    meta = _load_front_matter_block(path, block)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError(
            path, 2, "the front matter must be a mapping of fields", FRONT_MATTER_FIX
        )
    for key in sorted(str(k) for k in meta if k not in KNOWN_FIELDS):
        errors.append(
            ContentError(
                path,
                field_lines.get(key, 2),
                f"unknown front matter field '{key}'",
                f"use only: {', '.join(sorted(KNOWN_FIELDS))}",
            )
        )
    return meta


def _field_lines(lines: list[str]) -> dict[str, int]:
    """Where each front matter field is written (1-based lines): "title", "source.publisher",
    "accept_uncited.0" for the first entry of a list."""
    found: dict[str, int] = {}
    parent, items = "", 0
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            break
        top = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if top:
            parent, items = top[1], 0
            found.setdefault(parent, number)
            continue
        item = re.match(r"^\s*-\s", line)
        nested = re.match(r"^\s+(?:-\s+)?([A-Za-z_][\w-]*)\s*:", line)
        if parent and item:
            found.setdefault(f"{parent}.{items}", number)
            items += 1
        if parent and nested:
            found.setdefault(f"{parent}.{nested[1]}", number)
    return found


def _text_field(
    path: Path, meta: dict, key: str, lines: dict[str, int], required: bool = False
) -> str:
    value = meta.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ContentError(
                path,
                lines.get(key, 2),
                f"the front matter has no '{key}'",
                f"add '{key}: ...' to the front matter",
            )
        return ""
    if not isinstance(value, str | int | float):
        raise ContentError(
            path, lines.get(key, 2), f"'{key}' must be text", f"write '{key}: some text'"
        )
    return str(value).strip()


def _date_field(path: Path, meta: dict, key: str, lines: dict[str, int]) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ContentError(
            path,
            lines.get(key, 2),
            f"'{key}' is not a date: {value!r}",
            f"write '{key}: YYYY-MM-DD'",
        ) from None


def _source(path: Path, meta: dict, lines: dict[str, int]) -> Source:
    value = meta.get("source")
    if value is None:
        raise ContentError(
            path,
            2,
            "the front matter has no 'source'",
            "add 'source:' with at least 'publisher:' (who published the original article)",
        )
    if not isinstance(value, dict) or not value.get("publisher"):
        # Point at the empty 'publisher:' where there is one, else at 'source:'.
        line = lines.get("source.publisher", lines.get("source", 2))
        raise ContentError(
            path, line, "'source' needs a 'publisher'", "write 'source:' then '  publisher: Name'"
        )
    fields = {
        k: str(value.get(k) or "").strip() for k in ("publisher", "title", "url", "key", "short")
    }
    return Source(**fields)


def _accepted_uncited(path: Path, meta: dict, lines: dict[str, int]) -> tuple[tuple[str, str], ...]:
    """``accept_uncited: [{figure: "70%", reason: "..."}]``: figures stated without a study on
    purpose. Each needs a reason, shown to editors; the figure is still flagged to readers."""
    value = meta.get("accept_uncited")
    if value is None:
        return ()
    line = lines.get("accept_uncited", 2)
    fix = "write '- figure: \"70%\"' and '  reason: why no study is given' for each figure"
    if not isinstance(value, list):
        raise ContentError(path, line, "'accept_uncited' must be a list", fix)
    accepted, errors = [], []
    for index, item in enumerate(value):
        if not isinstance(item, dict) or not item.get("figure") or not item.get("reason"):
            errors.append(
                ContentError(
                    path,
                    lines.get(f"accept_uncited.{index}", line),
                    f"each 'accept_uncited' entry needs a figure and a reason (got {item!r})",
                    fix,
                )
            )
            continue
        accepted.append((str(item["figure"]).strip(), str(item["reason"]).strip()))
    raise_together(errors)
    return tuple(accepted)


def _slug(path: Path) -> str:
    slug = path.stem
    if not SLUG.match(slug):
        raise ContentError(
            path,
            None,
            f"the file name '{path.name}' is not a valid slug",
            "name the file with lowercase letters, digits and hyphens, e.g. my-article.md",
        )
    return slug


def _load_front_matter_block(path: Path, block: str) -> object:
    try:
        return safe_load(block)
    except ValueError as error:  # PyYAML's date reader: "published: 2024-13-01"
        raise ContentError(
            path,
            _bad_date_line(block),
            f"the front matter has a date that does not exist: {error}",
            "write dates as YYYY-MM-DD with a real month and day",
        ) from error
    except yaml.YAMLError as error:
        # YAML notices an unclosed bracket or quote lines later; the construct's start (the
        # context mark) is where the contributor has to look, so report that line.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2  # +1 for 1-based, +1 for the '---'
        problem = getattr(error, "problem", None) or "invalid YAML"
        context = getattr(error, "context", None)
        if context and getattr(error, "context_mark", None):
            problem = f"{problem} ({context} that starts here)"
        raise ContentError(
            path,
            line,
            f"the front matter is not valid YAML: {problem}",
            "check indentation and quote values that contain ':'",
        ) from error


def _bad_date_line(block: str) -> int:
    """The front matter line (counting the opening '---') of the first impossible date."""
    for number, line in enumerate(block.split("\n"), start=2):
        match = re.search(r":\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$", line)
        if match:
            try:
                dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                return number
    return 2


def check_page_front_matter(path: Path, source: str) -> None:
    """A hand-written page's front matter must parse: MkDocs would show broken YAML as text."""
    page_front_matter(path, source)


def page_front_matter(path: Path, source: str) -> dict:
    """A hand-written page's front matter, checked (dates must be dates); {} when it has none."""
    lines = source.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        return {}
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise ContentError(path, 1, "the front matter is never closed", FRONT_MATTER_FIX)
    meta = _load_front_matter_block(path, "\n".join(lines[1:end]))
    if not isinstance(meta, dict):
        raise ContentError(
            path, 2, "the front matter must be a mapping of fields", FRONT_MATTER_FIX
        )
    field_lines = _field_lines(lines[: end + 1])
    for key in ("reviewed", "published"):  # review dates are shown on the page: they must be dates
        if key in meta:
            meta[key] = _date_field(path, meta, key, field_lines)
    return meta


def check_source_keys(articles: list[Article], keys: set[str]) -> list[ContentError]:
    """Each article's ``source.key`` must name a bibliography entry: the page links to it."""
    errors = []
    for article in articles:
        if article.source.key and article.source.key not in keys:
            close = difflib.get_close_matches(article.source.key, sorted(keys), n=1, cutoff=0.75)
            errors.append(
                ContentError(
                    article.path,
                    article.line_of("source.key"),
                    f"'source.key' is '{article.source.key}', which no bibliography entry has",
                    (f"did you mean '{close[0]}'? Or add " if close else "add ")
                    + f"an @online entry '{article.source.key}' to bibliography/*.bib",
                )
            )
    return errors
