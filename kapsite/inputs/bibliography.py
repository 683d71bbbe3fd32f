"""Read ``bibliography/*.bib`` with pybtex, reporting problems with file and line."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexSyntaxError

from kapsite.errors import ContentError
from kapsite.files import read_text

ENTRY_START = re.compile(r"^[ \t]*@(\w+)\s*[{(]\s*([^,\s]+)\s*,", re.MULTILINE)
CONTEXT_LINES = 3


@dataclass(frozen=True)
class BibEntry:
    """One entry of bibliography/*.bib, as pybtex parsed it, and where it is written."""

    key: str
    entry: Entry
    path: Path
    line: int


PERSON_PARTS = ("first_names", "middle_names", "prelast_names", "last_names", "lineage_names")


def entry_text(item: BibEntry) -> str:
    """The entry as pybtex read it, as canonical text: its key, type, every field and every
    name part. Two entries with the same text format the same, wherever they stand in a file
    (cache keys use it; the path and line are not part of it)."""
    entry = item.entry
    return json.dumps(
        [
            item.key,
            entry.type,
            sorted((name.lower(), str(value)) for name, value in entry.fields.items()),
            [
                [role.lower(), [[getattr(p, part) for part in PERSON_PARTS] for p in people]]
                for role, people in entry.persons.items()
            ],
        ],
        ensure_ascii=False,
    )


def load_bibliography(folder: Path) -> dict[str, BibEntry]:
    """Every entry of every ``*.bib`` in ``folder``, by key. Duplicate keys are an error."""
    entries: dict[str, BibEntry] = {}
    for path in sorted(folder.glob("*.bib")):
        for item in _parse(path):
            if item.key in entries:
                first = entries[item.key]
                raise ContentError(
                    item.path,
                    item.line,
                    f"the key '{item.key}' is already used at {first.path}:{first.line}",
                    "give one of the two entries another key",
                )
            entries[item.key] = item
    return entries


def _parse(path: Path) -> list[BibEntry]:
    text = read_text(path)
    lines_by_key = {m[2]: text[: m.start()].count("\n") + 1 for m in ENTRY_START.finditer(text)}
    seen: dict[str, int] = {}
    for match in ENTRY_START.finditer(text):
        line = text[: match.start()].count("\n") + 1
        if match[2] in seen:
            raise ContentError(
                path,
                line,
                f"the key '{match[2]}' is already used on line {seen[match[2]]}",
                "give one of the two entries another key",
            )
        seen[match[2]] = line
    try:
        data: BibliographyData = Parser(encoding="utf-8").parse_string(text)
    except PybtexSyntaxError as error:
        raise _syntax_error(path, text, error) from error
    except Exception as error:  # pybtex raises plain PybtexError for data problems
        line, key = _failing_entry(text)
        where = f" in entry '{key}'" if key else ""
        raise ContentError(
            path,
            line,
            f"BibTeX could not be read{where}: {error}",
            "check that entry's names and fields (names are joined with 'and')",
        ) from error
    result = []
    for key, entry in data.entries.items():
        line = lines_by_key.get(key, 1)
        # An empty field is a blank left to fill ('kapsite new reference' writes them): shown,
        # it would print as nothing between two commas.
        for name, value in entry.fields.items():
            if not str(value).strip():
                raise ContentError(
                    path,
                    _field_line(text, line, name),
                    f"entry '{key}' has an empty '{name.lower()}' field",
                    "fill it in from the publisher's record, or delete the line",
                )
        for required in ("title",):
            if not entry.fields.get(required):
                raise ContentError(
                    path, line, f"entry '{key}' has no {required}", f"add '{required} = {{...}}'"
                )
        # A web page may name no one (APA then starts with its title); a study may not.
        named = entry.persons.get("author") or entry.fields.get("organization")
        if not named and entry.type != "online":
            raise ContentError(
                path,
                line,
                f"entry '{key}' has no author",
                "add 'author = {Family, Given and ...}' or 'organization = {...}'",
            )
        # An undated web page is cited as (n.d.); anything else without a year is a mistake.
        if not entry.fields.get("year") and entry.type != "online":
            raise ContentError(path, line, f"entry '{key}' has no year", "add 'year = {2019}'")
        result.append(BibEntry(key, entry, path, line))
    return result


def _field_line(text: str, entry_line: int, name: str) -> int:
    """The line of the entry's field ``name``, counted from the entry's first line."""
    lines = text.split("\n")
    field = re.compile(rf"^\s*{re.escape(name)}\s*=", re.IGNORECASE)
    for number in range(entry_line, len(lines) + 1):
        if field.match(lines[number - 1]):
            return number
    return entry_line


def _failing_entry(text: str) -> tuple[int, str]:
    """pybtex reports data errors (a malformed name) without a line: parse the entries one at
    a time to find the first that fails, and give its line and key."""
    starts = list(ENTRY_START.finditer(text))
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        try:
            Parser(encoding="utf-8").parse_string(text[match.start() : end])
        except Exception:
            return text[: match.start()].count("\n") + 1, match[2]
    return 1, ""


def _syntax_error(path: Path, text: str, error: PybtexSyntaxError) -> ContentError:
    """pybtex notices a mistake where parsing fails, often after it: show the lines before,
    and name the entry the failure happened in, whose start is where to begin looking."""
    line = error.lineno or 1
    lines = text.split("\n")
    start = max(0, line - 1 - CONTEXT_LINES)
    shown = "\n".join(
        f"  {n:>4} | {lines[n - 1]}" for n in range(start + 1, min(line, len(lines)) + 1)
    )
    entries = [m for m in ENTRY_START.finditer(text) if text[: m.start()].count("\n") + 1 <= line]
    where = ""
    if entries:
        last = entries[-1]
        where = (
            f" in entry '{last[2]}' (it starts on line {text[: last.start()].count(chr(10)) + 1})"
        )
    message = error.args[0] if error.args else str(error)
    return ContentError(
        path,
        line,
        f"BibTeX syntax error{where}: {message}\n{shown}",
        "the mistake is on this line or above it, within that entry: "
        "look for a missing comma, closing brace or quote",
    )
