"""What every page carries besides its content, read on their own so that even a page that
fails to build has them: the disclaimer, the crisis lines, the safe-messaging rules."""

from __future__ import annotations

from dataclasses import dataclass

import markdown as markdown_lib

from kapsite.cache import Cache
from kapsite.checks.sanitise import clean_html, scan
from kapsite.config import SiteConfig
from kapsite.errors import ContentError, raise_together
from kapsite.files import read_text
from kapsite.inputs.help import HelpBox, load_help
from kapsite.inputs.safe_messaging_rules import WordingRule, load_rules

# The cache's kind for the disclaimer's HTML: scanning it reads Markdown source (markdown-it),
# which a build whose whole output is cached would otherwise import for it alone.
DISCLAIMER_ENTRY = "disclaimer"


@dataclass(frozen=True)
class Notices:
    """What every page carries besides its content."""

    disclaimer_html: str
    help: HelpBox
    safe_messaging: tuple[WordingRule, ...] = ()  # checked on every hand-written page too


def load_notices(config: SiteConfig, cache: Cache | None = None) -> Notices:
    """What every page carries: read on its own so even a page that fails to build has it.
    ``cache``: the disclaimer's check and HTML are kept there, by its text."""
    return Notices(
        disclaimer_html=load_disclaimer(config, cache),
        help=load_help(config.help),
        safe_messaging=load_rules(config.safe_messaging),
    )


def load_disclaimer(config: SiteConfig, cache: Cache | None = None) -> str:
    path = config.disclaimer
    try:
        text = read_text(path).strip()
    except FileNotFoundError:
        raise ContentError(
            path,
            None,
            "the disclaimer file is missing",
            "restore content/disclaimer.md: every page must carry it",
        ) from None
    if not text:
        raise ContentError(path, 1, "the disclaimer is empty", "write the disclaimer text")
    key = cache.key(DISCLAIMER_ENTRY, text) if cache else ""
    found = cache.load(DISCLAIMER_ENTRY, key, str) if cache else None
    if found is not None:  # this very text passed the check before
        return found
    # It reaches every page, the 404 page too, outside the per-page sanitising: clean it here,
    # and refuse what the cleaner would remove rather than publish it changed.
    problems = scan(text, path)
    if problems:
        raise_together(problems)  # never stored: the next build checks it again
    html = clean_html(markdown_lib.markdown(text))
    if cache:
        cache.store(DISCLAIMER_ENTRY, key, html)
    return html
