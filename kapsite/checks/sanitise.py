"""Raw HTML in articles and docs pages: found with its line, then cleaned by nh3 (ammonia).

Two jobs, kept apart so each stays simple:

- ``scan`` reads Markdown *source* and reports every piece of HTML or URL the cleaner will
  remove, as a ``ContentError`` with file and line (a warning: strict builds fail on it).
  Positions must be taken here, before Markdown runs, because the rendered HTML has none.
- ``clean_html`` is the one sanitiser, nh3, with the site's allow-list; the MkDocs hook runs
  it over every rendered page, so even HTML that ``scan`` did not predict cannot get through.
  ``clean_inline`` is the same cleaner for claim text: allowed inline tags stay, any other tag
  is escaped and shown as text, so nothing the article says is lost.

Code spans and fenced code blocks are text, not HTML, and are never reported.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nh3

from kapsite.errors import ContentError
from kapsite.text.html import escape

# kapsite.text.markdown_source (and with it markdown-it) is imported by the functions that read
# Markdown source, not here: ``clean_html`` runs on every built page, also in a build whose
# result came whole from the cache, which never reads Markdown source.

# tel: and sms: are how the crisis lines on "Getting help now" are dialled from a phone.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "sms"})
INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "br", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s",
     "small", "span", "strong", "sub", "sup", "u"}
)  # fmt: skip
BLOCK_TAGS = frozenset(
    {"aside", "blockquote", "caption", "col", "colgroup", "dd", "details", "div", "dl", "dt",
     "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p",
     "pre", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "ul"}
)  # fmt: skip
ALLOWED_TAGS = INLINE_TAGS | BLOCK_TAGS
# data-search-exclude: the theme's search leaves the element out of its index (render/search.py).
GLOBAL_ATTRIBUTES = frozenset(
    {"class", "id", "title", "role", "lang", "dir", "markdown", "data-search-exclude"}
)
TAG_ATTRIBUTES = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope"}),
    "time": frozenset({"datetime"}),
    "abbr": frozenset(),
}
ATTRIBUTE_PREFIXES = frozenset({"aria-"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "background"})
# Removed together with their content; any other tag not allowed keeps its text.
CONTENT_TAGS = frozenset({"script", "style"})

TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
# Markdown links and images: [text](url) and ![alt](url), and reference definitions [x]: url.
# Markdown autolinks (<https://...>, <name@example.org>) look like tags to an HTML parser.
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")
MARKDOWN_URL = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
# Markdown's attr_list, `{: #id .class key=value }` (as the extension reads it), and its pairs.
ATTR_LIST = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*)[ ]*\}")
ATTR_PAIR = re.compile(r"""([^\s=#.'"}]+)\s*=\s*("[^"]*"|'[^']*'|[^\s}]*)""")
REMOVE_FIX = "remove it: the site allows plain Markdown and simple inline HTML only"


def _attributes() -> dict[str, set[str]]:
    allowed = {tag: set(names) for tag, names in TAG_ATTRIBUTES.items()}
    allowed["*"] = set(GLOBAL_ATTRIBUTES)
    return allowed


def clean_html(html: str) -> str:
    """Rendered HTML with everything outside the allow-list removed (the site's last line)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CONTENT_TAGS),
        attributes=_attributes(),
        generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


# "> 50% of people" is a comparison, not a quote: a digit or '=' after the mark keeps it text.
QUOTE_MARKS = re.compile(r"^(?:[ ]{0,3}>[ ]?)+(?![\d=\s])", re.M)


def clean_inline(text: str) -> str:
    """Claim text for Markdown: allowed inline tags kept (cleaned), any other tag escaped.

    Code spans are left as written (Markdown shows their content as text already); they are
    set aside while the cleaner runs, so it never reads them as HTML."""
    from kapsite.text.markdown_source import CODE_SPAN

    spans: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        spans.append(match[0])
        return f"\ue000{len(spans) - 1}\ue001"

    text = CODE_SPAN.sub(set_aside, text.replace("\ue000", "").replace("\ue001", ""))
    # A quote kept whole keeps its '>' marks: at a line's start they open no tag.
    text = QUOTE_MARKS.sub(set_aside, text)
    out: list[str] = []
    last = 0
    for match in TAG.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(match[0] if match[1].lower() in INLINE_TAGS else escape(match[0]))
        last = match.end()
    out.append(escape(text[last:]))
    cleaned = "".join(out)
    if last:
        cleaned = nh3.clean(
            cleaned,
            tags=set(INLINE_TAGS),
            attributes=_attributes(),
            generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
            url_schemes=set(URL_SCHEMES),
            link_rel=None,
        )
    return re.sub("\ue000(\\d+)\ue001", lambda m: spans[int(m[1])], cleaned)


def unsafe_url(url: str) -> bool:
    """A URL with a scheme other than http(s) or mailto (``javascript:``, ``data:``, ...)."""
    # Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
    compact = re.sub(r"[\x00-\x20]", "", url)
    match = SCHEME.match(compact)
    return bool(match) and match[1].lower() not in URL_SCHEMES


def scan(text: str, path: Path | str, first_line: int = 1) -> list[ContentError]:
    """Every tag, attribute and URL in Markdown source that the cleaner will remove."""
    masked = mask_code(text)
    problems: list[tuple[int, str]] = []
    finder = _Finder()
    finder.feed(masked)
    finder.close()
    problems += finder.problems
    urls = [(m.start(), m[1] if m[1] is not None else m[2]) for m in MARKDOWN_URL.finditer(masked)]
    urls += [(m.start(), m[1]) for m in AUTOLINK.finditer(mask_code(text, autolinks=False))]
    for start, url in urls:
        if url and unsafe_url(url):
            line = masked.count("\n", 0, start) + 1
            problems.append((line, f"the link '{_short(url)}' is not http(s), mailto or tel"))
    problems += _attr_list_problems(masked)
    return [
        ContentError(path, first_line + line - 1, f"raw HTML removed: {message}", REMOVE_FIX)
        for line, message in sorted(problems)
    ]


def _attr_list_problems(masked: str) -> list[tuple[int, str]]:
    """Attributes set with attr_list (`{: onclick=... }`) that the cleaner will remove."""
    allowed = GLOBAL_ATTRIBUTES.union(*TAG_ATTRIBUTES.values())
    problems = []
    for block in ATTR_LIST.finditer(masked):
        line = masked.count("\n", 0, block.start()) + 1
        for pair in ATTR_PAIR.finditer(block[1]):
            name, value = pair[1].lower(), pair[2].strip("'\"")
            if name not in allowed and not name.startswith(tuple(ATTRIBUTE_PREFIXES)):
                problems.append(
                    (line, f"the attribute {name}= in '{_short(block[0])}' is not allowed")
                )
            elif name in URL_ATTRIBUTES and unsafe_url(value):
                problems.append((line, f"the link {name}='{_short(value)}' is not http(s)"))
    return problems


def mask_code(text: str, autolinks: bool = True) -> str:
    """Code (and, unless asked not to, autolinks) blanked out, keeping lines and offsets."""
    from kapsite.text.markdown_source import blank_code

    joined = blank_code(text)
    blank = lambda m: re.sub(r"[^\n]", " ", m[0])  # noqa: E731
    return AUTOLINK.sub(blank, joined) if autolinks else joined


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag not in ALLOWED_TAGS:
            self.problems.append((line, f"the tag <{tag}> is not allowed"))
            return
        allowed = GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            if name not in allowed and not name.startswith(tuple(ATTRIBUTE_PREFIXES)):
                self.problems.append((line, f"the attribute {name}= on <{tag}> is not allowed"))
            elif name in URL_ATTRIBUTES and value and unsafe_url(value):
                self.problems.append(
                    (line, f"the link {name}='{_short(value)}' on <{tag}> is not http(s)")
                )

    handle_startendtag = handle_starttag


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
