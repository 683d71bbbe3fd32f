"""Markdown source as written, with its line numbers: the one place that knows where code is.

Every stage and check that reads Markdown source (segment, the build report, sanitising, safe
messaging, reading grades) asks this module which lines are code, so they all agree with what
the Markdown renderer will show as code (CommonMark's fence rules).
"""

from __future__ import annotations

import re

# A fence opens with three or more backticks or tildes, indented at most three spaces; it closes
# with the same character, at least as many times, and nothing after it but spaces.
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)


def _closes(line: str, opening: str) -> bool:
    match = FENCE.match(line)
    return bool(
        match
        and match[1][0] == opening[0]
        and len(match[1]) >= len(opening)
        and not match[2].strip()
    )


def _opens(line: str) -> str | None:
    match = FENCE.match(line)
    if not match:
        return None
    # A backtick fence's info string may not hold a backtick (CommonMark 4.5).
    if match[1][0] == "`" and "`" in match[2]:
        return None
    return match[1]


def code_blocks(lines: list[str]) -> list[range]:
    """The line ranges (0-based, fence lines included) of the fenced code blocks. A fence that
    is never closed runs to the end, as CommonMark says."""
    return _scan(lines)[0]


def unclosed_fence(lines: list[str]) -> int | None:
    """The 0-based index of a fence that opens and never closes, if any."""
    return _scan(lines)[1]


def code_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block."""
    inside = [False] * len(lines)
    for block in code_blocks(lines):
        for index in block:
            inside[index] = True
    return inside


def _scan(lines: list[str]) -> tuple[list[range], int | None]:
    blocks: list[range] = []
    fence: str | None = None
    start = 0
    for index, line in enumerate(lines):
        if fence is not None:
            if _closes(line, fence):
                blocks.append(range(start, index + 1))
                fence = None
        elif (opening := _opens(line)) is not None:
            fence, start = opening, index
    if fence is None:
        return blocks, None
    return [*blocks, range(start, len(lines))], start


def blank_code(text: str) -> str:
    """Fenced code blocks and code spans blanked out, keeping every line and every offset, so a
    scan of the rest reports the right line and never reads code as prose or HTML."""
    lines = text.split("\n")
    lines = [
        " " * len(line) if code else line
        for line, code in zip(lines, code_lines(lines), strict=True)
    ]
    return CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), "\n".join(lines))


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(0-based index, line) for every line outside fenced code blocks."""
    lines = text.split("\n")
    return [
        (i, line)
        for i, (line, code) in enumerate(zip(lines, code_lines(lines), strict=True))
        if not code
    ]
