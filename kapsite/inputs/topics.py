"""The topic taxonomy from ``content/topics.yml``: pages, their sections and cue words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kapsite.errors import ContentError
from kapsite.files import read_text
from kapsite.inputs.yamlfile import line_of, load_with_lines, parse_yaml

ANCHOR = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Names the build uses itself: a topic page or section with one of them would collide.
RESERVED_PAGES = {
    "bibliography",
    "editorial-decisions",
    "index",
    "404",
    "assets",
    "search",
    "stylesheets",
}
RESERVED_SECTIONS = {"references", "source-articles", "studies", "official"}


@dataclass(frozen=True)
class TopicSection:
    """A section of a topic page, as the taxonomy defines it."""

    id: str  # the published anchor: never rename
    title: str
    cues: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Topic:
    """A topic page, as the taxonomy defines it: its words, sections and routing cues."""

    slug: str  # the published page URL: never rename
    title: str
    intro: str
    sections: tuple[TopicSection, ...]
    cues: tuple[str, ...] = ()
    faq: bool = False  # FAQ answers land on this page
    fallback: bool = False  # statements no cue routes elsewhere land here
    line: int = 0


@dataclass(frozen=True)
class Taxonomy:
    """Every topic page, in the taxonomy's order."""

    topics: tuple[Topic, ...]
    path: Path

    def topic(self, slug: str) -> Topic:
        return next(t for t in self.topics if t.slug == slug)


def load_taxonomy(path: Path) -> Taxonomy:
    try:
        text = read_text(path)
    except FileNotFoundError:
        raise ContentError(
            path, None, "the topics file is missing", "create content/topics.yml"
        ) from None
    data = parse_yaml(text, path, load=load_with_lines, fix="check the indentation")
    if not isinstance(data, dict) or not isinstance(data.get("pages"), list) or not data["pages"]:
        raise ContentError(
            path,
            1,
            "the file must have a non-empty 'pages:' list",
            "see docs/contributing.md for the format",
        )
    topics = tuple(_topic(path, entry) for entry in data["pages"])
    _check_unique(path, [(t.slug, t.line) for t in topics], "page")
    for topic in topics:
        _check_unique(path, [(s.id, s.line) for s in topic.sections], f"section of '{topic.slug}'")
    for flag, what in (("faq", "FAQ answers"), ("fallback", "statements no cue word matches")):
        marked = [t for t in topics if getattr(t, flag)]
        if len(marked) != 1:
            raise ContentError(
                path,
                1,
                f"exactly one page must have '{flag}: true' (found {len(marked)})",
                f"mark the page that receives {what}",
            )
    return Taxonomy(topics, path)


def _topic(path: Path, entry: object) -> Topic:
    if not isinstance(entry, dict):
        raise ContentError(path, 1, "each page must be a mapping", "write '- slug: name'")
    line = line_of(entry)
    slug = entry.get("slug")
    if not isinstance(slug, str) or not ANCHOR.match(slug):
        raise ContentError(
            path,
            line,
            f"page slug {slug!r} is missing or not lowercase-hyphenated",
            "write 'slug: conditions'",
        )
    if slug in RESERVED_PAGES:
        raise ContentError(
            path, line, f"the page slug '{slug}' is used by the site itself", "choose another slug"
        )
    sections = entry.get("sections")
    if not isinstance(sections, list) or not sections:
        raise ContentError(
            path,
            line,
            f"page '{slug}' has no sections",
            "add 'sections:' with at least one '- id: ...' entry",
        )
    unknown = sorted(set(entry) - {"slug", "title", "intro", "sections", "cues", "faq", "fallback"})
    if unknown:
        raise ContentError(
            path,
            line,
            f"page '{slug}' has an unknown field '{unknown[0]}'",
            "use slug, title, intro, cues, faq, fallback, sections",
        )
    return Topic(
        slug=slug,
        title=_required_text(path, entry, "title", line),
        intro=str(entry.get("intro") or "").strip(),
        sections=tuple(_section(path, slug, s) for s in sections),
        cues=_cues(path, entry, line),
        faq=bool(entry.get("faq", False)),
        fallback=bool(entry.get("fallback", False)),
        line=line,
    )


def _section(path: Path, page: str, entry: object) -> TopicSection:
    if not isinstance(entry, dict):
        raise ContentError(path, 1, f"a section of '{page}' is not a mapping", "write '- id: name'")
    line = line_of(entry)
    anchor = entry.get("id")
    if not isinstance(anchor, str) or not ANCHOR.match(anchor):
        raise ContentError(
            path,
            line,
            f"section id {anchor!r} is missing or not lowercase-hyphenated",
            "write 'id: ptsd' (this becomes the URL anchor)",
        )
    if anchor in RESERVED_SECTIONS:
        raise ContentError(
            path, line, f"the section id '{anchor}' is used by the page itself", "choose another id"
        )
    return TopicSection(
        anchor, _required_text(path, entry, "title", line), _cues(path, entry, line), line
    )


def _required_text(path: Path, entry: dict, key: str, line: int) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(path, line, f"'{key}' is missing", f"add '{key}: ...'")
    return value.strip()


def _cues(path: Path, entry: dict, line: int) -> tuple[str, ...]:
    cues = entry.get("cues", [])
    # YAML reads a bare year (1962) as a number; a cue is matched as text either way.
    ok = isinstance(cues, list) and all(isinstance(c, str | int) and str(c).strip() for c in cues)
    if not ok:
        raise ContentError(
            path, line, "'cues' must be a list of words", "write 'cues: [nmda, glutamate]'"
        )
    return tuple(str(c).strip().lower() for c in cues)


def _check_unique(path: Path, items: list[tuple[str, int]], what: str) -> None:
    seen: set[str] = set()
    for name, line in items:
        if name in seen:
            raise ContentError(
                path, line, f"the {what} '{name}' is listed twice", "give each a unique id"
            )
        seen.add(name)
