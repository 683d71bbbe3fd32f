"""The safe-messaging rules (``content/safe-messaging.yml``): wording about suicide that guidance
advises against, each with a scope, a reason and better wording. ``checks/safe_messaging`` applies
them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kapsite.errors import ContentError
from kapsite.inputs.yamlfile import key_line, line_of, read_yaml

SCOPES = ("anywhere", "suicide-sentence", "suicide-page", "title")
# What makes a pattern depend on what stands around the sentence it is tried on: anchors and
# lookarounds (written anywhere: a literal "\\$" counts too, which only costs a little time).
_CONTEXT = re.compile(r"[\^$]|\(\?<?[=!]|\\[AZz]")
# A pattern written with lower-case letters, digits, spaces, some punctuation and the escapes
# \w \d \s \b \. only: on an ASCII text, it matches ignoring case wherever it matches the
# lower-cased text with case kept (no upper-case literal, class range or escape of a letter
# can tell the two apart), and that search is several times faster (``WordingRule.screen``).
_LOWER_CASE = re.compile(r"(?:[a-z0-9 |()?:*+{},/'%&-]|\\[wdsb.])*")


@dataclass(frozen=True)
class WordingRule:
    """A safe-messaging rule: wording to avoid, where, why, and what to say instead."""

    id: str
    pattern: re.Pattern[str]
    scope: str
    reason: str
    better: str
    # The pattern matches a sentence only where it also matches the whole text the sentence is
    # a piece of (no anchor or lookaround sees past the sentence's ends; the pattern is wrapped
    # in word boundaries, and a sentence ends at a space or a line's end; a heading's text starts
    # after its "#" marks). So a text the pattern is nowhere in needs no sentence tried
    # (``checks.safe_messaging``).
    local: bool = True
    # The pattern as written, without its word boundaries, to be searched for in the lower-cased
    # text with case kept: where it is not found, the rule is not either (``found_in``). None
    # for a pattern whose case matters to it (upper-case letters, classes, other escapes).
    screen: re.Pattern[str] | None = field(default=None, compare=False)

    def found_in(self, text: str, lowered: str | None = None) -> bool:
        """Whether the pattern matches somewhere in ``text``; ``lowered``: the text lower-cased,
        when it is ASCII (None otherwise), looked in first."""
        if self.screen is not None and lowered is not None and not self.screen.search(lowered):
            return False
        return self.pattern.search(text) is not None


def load_rules(path: Path) -> tuple[WordingRule, ...]:
    fix = "see the comments at the top of content/safe-messaging.yml"
    data = read_yaml(path, fix=fix, missing="the safe-messaging rules are missing")
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ContentError(path, key_line(data, "rules"), "the file needs a 'rules:' list", fix)
    rules = []
    for entry in data["rules"]:
        line = line_of(entry, key_line(data, "rules"))
        if not isinstance(entry, dict) or entry.get("scope") not in SCOPES:
            raise ContentError(
                path,
                key_line(entry, "scope", line) if isinstance(entry, dict) else line,
                f"rule {entry!r} needs a scope: one of {', '.join(SCOPES)}",
                fix,
            )
        try:
            pattern = re.compile(rf"\b(?:{entry['pattern']})\b", re.IGNORECASE)
        except (KeyError, re.error) as error:
            raise ContentError(
                path,
                key_line(entry, "pattern", line),
                f"rule '{entry.get('id')}' has a bad pattern: {error}",
                fix,
            ) from error
        rules.append(
            WordingRule(
                str(entry.get("id")),
                pattern,
                entry["scope"],
                str(entry.get("reason", "")),
                str(entry.get("better", "")),
                local=not _CONTEXT.search(str(entry["pattern"])),
                screen=_screen(str(entry["pattern"])),
            )
        )
    return tuple(rules)


def _screen(pattern: str) -> re.Pattern[str] | None:
    return re.compile(pattern) if _LOWER_CASE.fullmatch(pattern) else None
