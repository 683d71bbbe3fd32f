"""The safe-messaging rules (``content/safe-messaging.yml``): wording about suicide that guidance
advises against, each with a scope, a reason and better wording. ``checks/safe_messaging`` applies
them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kapsite.errors import ContentError
from kapsite.inputs.yamlfile import key_line, line_of, read_yaml

SCOPES = ("anywhere", "suicide-sentence", "suicide-page", "title")
# What makes a pattern depend on what stands around the sentence it is tried on: anchors and
# lookarounds (written anywhere: a literal "\\$" counts too, which only costs a little time).
_CONTEXT = re.compile(r"[\^$]|\(\?<?[=!]|\\[AZz]")


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
            )
        )
    return tuple(rules)
