"""The last check of every built page, and its Content-Security-Policy (a <meta> tag: a static
site sets no headers).

Content is sanitised and every value a template prints is escaped where it enters, so nothing
active can come from a contributor. This module makes sure of it on the final HTML, parsed:
``page_problems`` lists every script, event handler, ``javascript:`` URL, style element, meta
refresh or frame the theme does not write, and the build stops on any of them. The theme's
inline scripts are known exactly: they are read from the theme's own templates
(``theme_scripts``) and allowed by their SHA-256 hashes, nothing else. Styles may come only from
the site's own style sheets: the theme sets styles from its scripts through the CSSOM, which
the policy does not restrict, so no inline style is allowed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from selectolax.lexbor import LexborHTMLParser

POLICY = (
    "default-src 'none'",
    "script-src 'self' {hashes}",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
)
# A script block the browser only holds as data. Any other type is read as one that may run:
# browsers run old JavaScript types too ("text/ecmascript", "application/x-javascript", ...).
DATA_SCRIPT_TYPES = frozenset({"application/json", "importmap", "speculationrules"})
# A data block the browser never runs: structured data (kapsite/render/structured_data.py). It
# needs no hash, but it must hold JSON only: anything else means its text ended the element.
JSON_LD = "application/ld+json"
# Where the theme keeps its inline scripts and its script files, inside a theme folder.
THEME_INLINE = "partials/javascripts"
THEME_SOURCES = "assets/javascripts"
# A page is at most this deep below the site root (a/b/c/...): the theme's scripts name the
# way back to the root ("..", "../..", ...), so each depth gives other bytes.
MAX_DEPTH = 12
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"})
ACTIVE_SCHEMES = frozenset({"javascript", "vbscript", "data"})
# A <template>'s content is kept apart from the page by the parser (it runs when a script
# copies it in): refused whole, since what it holds is never read here. A <noscript> is read
# here as the parser reads it with scripting off, but a browser running scripts reads its
# content as text, and may find markup ending it early: refused too (neither the theme nor
# kapsite writes one).
FORBIDDEN_TAGS = frozenset(
    {"style", "iframe", "frame", "object", "embed", "base", "applet", "template", "noscript"}
)
POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"<>]*">')


class UnexpectedScript(ValueError):
    """Something active in a built page that the theme does not write."""


@dataclass(frozen=True)
class ThemeScripts:
    """What the theme may run: its inline scripts, exactly, and its script files, by path
    from the site root."""

    inline: frozenset[str]
    sources: frozenset[str]


def theme_scripts(
    theme_dirs: Iterable[str | Path],
    *,
    features: Iterable[str] = (),
    extra: dict | None = None,
    extra_javascript: Iterable[str] = (),
    site_path: str = "/",
) -> ThemeScripts:
    """The theme's own scripts, rendered from its templates for every page depth. The first
    folder that has a template wins, as in the theme itself (custom_dir first)."""
    partials: dict[str, Path] = {}
    sources: set[str] = {str(s).lstrip("/") for s in extra_javascript}
    for folder in map(Path, theme_dirs):
        for template in sorted((folder / THEME_INLINE).glob("*.html")):
            partials.setdefault(template.name, template)
        for script in sorted((folder / THEME_SOURCES).glob("*.js")):
            sources.add(f"{THEME_SOURCES}/{script.name}")
    # The 404 page is served at any depth, so it links from the site's root path: on a site
    # published under a path (GitHub Pages' /<repository>/), its scripts start with that path.
    prefix = site_path.strip("/")
    if prefix:
        sources |= {f"{prefix}/{source}" for source in sources}
    bases = [".", *("/".join([".."] * depth) for depth in range(1, MAX_DEPTH + 1)), site_path]
    environment = jinja2.Environment(autoescape=False)
    inline: set[str] = set()
    for template in partials.values():
        compiled = environment.from_string(template.read_text(encoding="utf-8"))
        for base in bases:
            for feature_set in (list(features), []):
                text = compiled.render(
                    base_url=base, config={"extra": extra or {}}, features=feature_set
                )
                inline.update(_scripts_in(text))
    return ThemeScripts(frozenset(inline), frozenset(sources))


@dataclass
class _Reading:
    """What the browser would find in a page: every inline script it would run, as it reads
    them, and everything active the theme does not write."""

    scripts: list[str]
    problems: list[str]


def _read(html: str, theme: ThemeScripts) -> _Reading:
    """The page as a browser parses it: Lexbor (selectolax) is an HTML5 parser, the algorithm
    browsers share, so the check sees the elements, attributes and script texts the browser
    will (``<script/>`` opens a script; a script left open runs to the end; duplicate attributes
    count once). It is a compiled parser, ten times faster than the standard library's on the
    real pages, which matters since every built page is read once per build."""
    reading = _Reading([], [])
    problems = reading.problems
    root = LexborHTMLParser(html).root
    for node in root.traverse(include_text=False) if root is not None else ():
        tag = node.tag
        if tag.startswith("-"):  # a comment or the doctype
            continue
        values = {name: value or "" for name, value in node.attributes.items()}
        for name, value in values.items():
            if name.startswith("on"):
                problems.append(f"an event handler {name}= on <{tag}>")
            elif name in URL_ATTRIBUTES and _active_url(value, tag, name):
                problems.append(f"an active URL {name}='{_short(value)}' on <{tag}>")
        if tag in FORBIDDEN_TAGS:
            problems.append(f"a <{tag}> element")
        elif tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            problems.append(f"a meta refresh to '{_short(values.get('content', ''))}'")
        elif tag == "script" and _script_type(values) == JSON_LD:
            text = node.text(deep=True)
            if text and html.endswith(text):  # no end tag: the rest of the page is its text
                problems.append("a JSON-LD block left open to the end of the page")
                continue
            try:
                json.loads(text)
            except ValueError:
                problems.append(f"a JSON-LD block that is not JSON: {_short(text, 80)!r}")
        elif tag == "script" and _script_type(values) not in DATA_SCRIPT_TYPES:
            if "src" in values:
                if _site_path(values["src"]) not in theme.sources:
                    problems.append(f"a script the theme does not load: {values['src']!r}")
                continue
            script = node.text(deep=True)
            reading.scripts.append(script)
            if script not in theme.inline:
                problems.append(
                    f"an inline script the theme does not write: {_short(script.strip(), 80)!r}"
                )
    return reading


def page_problems(html: str, theme: ThemeScripts) -> list[str]:
    """Everything active in a built page that the theme does not write; [] for a clean page."""
    return _read(html, theme).problems


def policy_for(html: str, theme: ThemeScripts) -> str:
    """The page's policy: its own inline scripts by hash, once each. Any problem raises
    ``UnexpectedScript`` naming all of them."""
    page = _read(html, theme)
    if page.problems:
        raise UnexpectedScript("; ".join(page.problems))
    return _policy(page.scripts)


def with_content_security_policy(html: str, theme: ThemeScripts) -> str:
    """The page with its policy as the first thing after <meta charset>, before any script."""
    return _with_policy(html, policy_for(html, theme))


def with_checked_policy(html: str, theme: ThemeScripts) -> tuple[str, list[str]]:
    """The final check and the policy from one parse of the page (the parse is most of the
    cost of finishing a page): a clean page with ``with_content_security_policy``'s policy and
    no problems, or a page with problems with ``with_no_inline_script``'s, and the problems."""
    page = _read(html, theme)
    if page.problems:
        return with_no_inline_script(html), page.problems
    return _with_policy(html, _policy(page.scripts)), []


def with_no_inline_script(html: str) -> str:
    """A page that failed the check, with a policy that runs none of its inline scripts: the
    build fails, but a page written meanwhile is harmless even if it were published."""
    return _with_policy(html, _policy([]))


def without_policy(html: str) -> str:
    """The page without the policy this module wrote into it, so a page is finished once even
    if it passes through twice (``kapsite finish`` on a site MkDocs' hook already finished)."""
    return POLICY_META.sub("", html, count=1)


def _policy(scripts: Iterable[str]) -> str:
    hashes = sorted({_hash(script) for script in scripts})
    return "; ".join(POLICY).format(hashes=" ".join(hashes)).replace("  ", " ")


def _with_policy(html: str, policy: str) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    marker = html.find("<meta charset")
    if marker == -1:
        head = html.find("<head>")
        if head == -1:
            return html
        insert_at = head + len("<head>")
    else:
        insert_at = html.index(">", marker) + 1
    return html[:insert_at] + meta + html[insert_at:]


def _scripts_in(html: str) -> list[str]:
    return _read(html, ThemeScripts(frozenset(), frozenset())).scripts


def _script_type(values: dict[str, str]) -> str:
    """As the browser reads it: surrounding spaces and letter case do not count."""
    return values.get("type", "").strip().lower()


def _active_url(value: str, tag: str, name: str) -> bool:
    compact = re.sub(r"[\x00-\x20]", "", value).lower()
    scheme = compact.split(":", 1)[0] if ":" in compact else ""
    if tag == "img" and name == "src":  # an image runs nothing, whatever its address
        return scheme in ACTIVE_SCHEMES - {"data"}
    return scheme in ACTIVE_SCHEMES


def _site_path(src: str) -> str:
    """A script's address from the site root: '../assets/x.js' -> 'assets/x.js'."""
    path = src.split("?", 1)[0].split("#", 1)[0]
    while path.startswith(("./", "../")):
        path = path.split("/", 1)[1]
    return path.lstrip("/")


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
