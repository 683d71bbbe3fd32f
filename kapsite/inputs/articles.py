"""Stage 1, ingest: read one article file into an ``Article`` with its front matter."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from kapsite.errors import ContentError
from kapsite.files import decode_text, read_limited
from kapsite.model import Article, Source

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FRONT_MATTER_FIX = "start the file with '---', YAML front matter, and a closing '---' line"
KNOWN_FIELDS = {"title", "source", "author", "published", "reviewed", "accept_uncited"}


def read_articles(folder: Path, max_bytes: int) -> list[Article]:
    """Every ``*.md`` in ``folder``, sorted by file name so the build order never varies."""
    if not folder.is_dir():
        raise ContentError(folder, None, "the articles folder does not exist", "create it")
    return [read_article(path, max_bytes) for path in sorted(folder.glob("*.md"))]


def read_article(path: Path, max_bytes: int = 1_000_000) -> Article:
    raw = read_limited(path, max_bytes, "split it into several articles")
    return parse_article(path, decode_text(path, raw).replace("\r\n", "\n"))


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
    meta = _load_front_matter(path, "\n".join(lines[1:end]), lines)
    body = "\n".join(lines[end + 1 :])
    if not body.strip():
        raise ContentError(path, end + 1, "the article has no body text", "write the article")
    return Article(
        slug=_slug(path),
        path=path,
        title=_text_field(path, meta, "title", lines, required=True),
        source=_source(path, meta, lines),
        body=body,
        body_line=end + 2,
        author=_text_field(path, meta, "author", lines),
        published=_date_field(path, meta, "published", lines),
        reviewed=_date_field(path, meta, "reviewed", lines),
        accepted_uncited=_accepted_uncited(path, meta, lines),
    )


def _load_front_matter(path: Path, block: str, lines: list[str]) -> dict:
    meta = _load_front_matter_block(path, block)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError(
            path, 2, "the front matter must be a mapping of fields", FRONT_MATTER_FIX
        )
    unknown = sorted(str(k) for k in meta if k not in KNOWN_FIELDS)
    if unknown:
        raise ContentError(
            path,
            _line_of(meta, unknown[0], lines),
            f"unknown front matter field '{unknown[0]}'",
            f"use only: {', '.join(sorted(KNOWN_FIELDS))}",
        )
    return meta


def _line_of(meta: dict, key: str, lines: list[str] | None) -> int:
    """The line where a front matter key is written (front matter starts at line 2)."""
    if lines:
        for number, line in enumerate(lines[1:], start=2):
            if line.startswith(f"{key}:"):
                return number
            if line.strip() in ("---", "..."):
                break
    return 2


def _text_field(path: Path, meta: dict, key: str, lines: list[str], required: bool = False) -> str:
    value = meta.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ContentError(
                path, 2, f"the front matter has no '{key}'", f"add '{key}: ...' to the front matter"
            )
        return ""
    if not isinstance(value, str | int | float):
        raise ContentError(
            path, _line_of(meta, key, lines), f"'{key}' must be text", f"write '{key}: some text'"
        )
    return str(value).strip()


def _date_field(path: Path, meta: dict, key: str, lines: list[str]) -> str:
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
            _line_of(meta, key, lines),
            f"'{key}' is not a date: {value!r}",
            f"write '{key}: YYYY-MM-DD'",
        ) from None


def _source(path: Path, meta: dict, lines: list[str]) -> Source:
    value = meta.get("source")
    if value is None:
        raise ContentError(
            path,
            2,
            "the front matter has no 'source'",
            "add 'source:' with at least 'publisher:' (who published the original article)",
        )
    line = _line_of(meta, "source", lines)
    if not isinstance(value, dict) or not value.get("publisher"):
        raise ContentError(
            path, line, "'source' needs a 'publisher'", "write 'source:' then '  publisher: Name'"
        )
    fields = {
        k: str(value.get(k) or "").strip() for k in ("publisher", "title", "url", "key", "short")
    }
    return Source(**fields)


def _accepted_uncited(path: Path, meta: dict, lines: list[str]) -> tuple[tuple[str, str], ...]:
    """``accept_uncited: [{figure: "70%", reason: "..."}]``: figures stated without a study on
    purpose. Each needs a reason, shown to editors; the figure is still flagged to readers."""
    value = meta.get("accept_uncited")
    if value is None:
        return ()
    line = _line_of(meta, "accept_uncited", lines)
    fix = "write '- figure: \"70%\"' and '  reason: why no study is given' for each figure"
    if not isinstance(value, list):
        raise ContentError(path, line, "'accept_uncited' must be a list", fix)
    accepted = []
    for item in value:
        if not isinstance(item, dict) or not item.get("figure") or not item.get("reason"):
            raise ContentError(
                path,
                line,
                f"each 'accept_uncited' entry needs a figure and a reason (got {item!r})",
                fix,
            )
        accepted.append((str(item["figure"]).strip(), str(item["reason"]).strip()))
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
        return yaml.safe_load(block)
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
    for key in ("reviewed", "published"):  # review dates are shown on the page: they must be dates
        if key in meta:
            meta[key] = _date_field(path, meta, key, lines)
    return meta
