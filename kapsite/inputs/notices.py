"""What every page carries besides its content, read on their own so that even a page that
fails to build has them: the disclaimer, the crisis lines, the safe-messaging rules."""

from __future__ import annotations

from dataclasses import dataclass

import markdown as markdown_lib

from kapsite.checks.sanitise import clean_html, scan
from kapsite.config import SiteConfig
from kapsite.errors import ContentError, raise_together
from kapsite.files import read_text
from kapsite.inputs.help import HelpBox, load_help
from kapsite.inputs.safe_messaging_rules import WordingRule, load_rules


@dataclass(frozen=True)
class Notices:
    disclaimer_html: str
    help: HelpBox
    safe_messaging: tuple[WordingRule, ...] = ()  # checked on every hand-written page too


def load_notices(config: SiteConfig) -> Notices:
    """What every page carries: read on its own so even a page that fails to build has it."""
    return Notices(
        disclaimer_html=load_disclaimer(config),
        help=load_help(config.help),
        safe_messaging=load_rules(config.safe_messaging),
    )


def load_disclaimer(config: SiteConfig) -> str:
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
    # It reaches every page, the 404 page too, outside the per-page sanitising: clean it here,
    # and refuse what the cleaner would remove rather than publish it changed.
    problems = scan(text, path)
    if problems:
        raise_together(problems)
    return clean_html(markdown_lib.markdown(text))
