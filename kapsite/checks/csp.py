"""A Content-Security-Policy for each built page, as a <meta> tag (a static site sets no headers).

Scripts may come only from the site itself, plus the theme's own inline scripts, allowed by
their SHA-256 hashes. An inline script the theme does not write (content is sanitised, so one
can only come from a template or a theme change) stops the build instead of being allowed.
The theme sets style attributes from its own scripts, so inline styles stay allowed; nothing
else may come from another host.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser

POLICY = (
    "default-src 'none'",
    "script-src 'self' {hashes}",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
)
EXECUTABLE = {"", "text/javascript", "application/javascript", "module"}
# How each inline script of Material for MkDocs 9.x begins. A new theme version that adds one
# stops the build with the script's start, to be reviewed and listed here.
THEME_SCRIPTS = (
    "__md_scope=new URL(",  # partials/javascripts/base.html: local storage scope
    "var target=document.getElementById(location.hash.slice(1))",  # partials/javascripts/content.html
    "var palette=__md_get(",  # partials/javascripts/palette.html (palette toggle)
    "var tabs=__md_get(",  # partials/javascripts/content.html (content.tabs.link)
)


class UnexpectedScript(ValueError):
    """An inline script in a built page that the theme does not write."""


class _InlineScripts(HTMLParser):
    """Collects the text of every inline script the browser would run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and "src" not in values and (values.get("type") or "") in EXECUTABLE:
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def policy_for(html: str) -> str:
    parser = _InlineScripts()
    parser.feed(html)
    for script in parser.scripts:
        if not script.lstrip().startswith(THEME_SCRIPTS):
            raise UnexpectedScript(
                f"an inline script the theme does not write: {script.strip()[:80]!r}"
            )
    hashes = sorted({_hash(script) for script in parser.scripts})
    return "; ".join(POLICY).format(hashes=" ".join(hashes)).replace("  ", " ")


def with_content_security_policy(html: str) -> str:
    """The page with its policy as the first thing after <meta charset>, before any script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    marker = html.find("<meta charset")
    if marker == -1:
        head = html.find("<head>")
        if head == -1:
            return html
        insert_at = head + len("<head>")
    else:
        insert_at = html.index(">", marker) + 1
    return html[:insert_at] + meta + html[insert_at:]


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
