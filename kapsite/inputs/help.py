"""The help box: crisis lines from ``content/help.yml``, shown on every page.

Every page carries the same compact box in the same place (WCAG 3.2.6, consistent help); a page
whose text touches on suicide or self-harm also gets the box near its top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kapsite.errors import ContentError
from kapsite.inputs.yamlfile import item_line, key_line, read_yaml

SAFE_HREF = re.compile(r"^(?:https://|tel:|sms:)[^\s\"'<>]+$")


@dataclass(frozen=True)
class HelpLine:
    """One crisis line of the help box: where it serves, its name, how to reach it."""

    region: str
    name: str
    how: str
    links: tuple[tuple[str, str], ...]  # (text inside `how`, href)


@dataclass(frozen=True)
class HelpBox:
    """The help box: crisis lines shown beside any text on suicide, and what shows it."""

    title: str
    intro: str
    lines: tuple[HelpLine, ...]
    emergency: str
    more: str  # the docs page with every option, e.g. getting-help.md
    triggers: re.Pattern[str]

    def touches_on_suicide(self, text: str) -> bool:
        return bool(self.triggers.search(text))


def load_help(path: Path) -> HelpBox:
    fix = "see the comments at the top of content/help.yml for the format"
    data = read_yaml(path, fix=fix, missing="the crisis-lines file is missing")
    if not isinstance(data, dict) or not isinstance(data.get("lines"), list) or not data["lines"]:
        raise ContentError(
            path, key_line(data, "lines"), "the file needs a non-empty 'lines:' list", fix
        )
    lines = []
    for number, entry in enumerate(data["lines"]):
        line = item_line(data["lines"], number)
        if not isinstance(entry, dict) or not all(entry.get(k) for k in ("name", "how")):
            raise ContentError(path, line, f"a crisis line needs 'name' and 'how': {entry!r}", fix)
        links = []
        for index, link in enumerate(entry.get("links") or []):
            link_line = item_line(entry["links"], index, line)
            if not isinstance(link, dict):
                raise ContentError(
                    path,
                    link_line,
                    f"link {link!r} of '{entry['name']}' is not usable",
                    "write each link as {text: ..., href: ...}",
                )
            text, href = str(link.get("text", "")), str(link.get("href", ""))
            if text not in str(entry["how"]) or not SAFE_HREF.match(href):
                raise ContentError(
                    path,
                    link_line,
                    f"link {link!r} of '{entry['name']}' is not usable",
                    "its text must appear in 'how'; href must be https:, tel: or sms:",
                )
            links.append((text, href))
        lines.append(
            HelpLine(
                str(entry.get("region", "")), str(entry["name"]), str(entry["how"]), tuple(links)
            )
        )
    # Trigger words are plain words, matched as written; '*' stands for any ending.
    triggers = [
        re.escape(str(t)).replace(r"\*", r"\w*") for t in data.get("triggers") or ["suicid*"]
    ]
    return HelpBox(
        title=str(data.get("title") or "Need help now?"),
        intro=str(data.get("intro") or ""),
        lines=tuple(lines),
        emergency=str(data.get("emergency") or ""),
        more=str(data.get("more") or ""),
        triggers=re.compile(r"\b(?:" + "|".join(triggers) + r")\b", re.IGNORECASE),
    )
