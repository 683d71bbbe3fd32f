"""Markdown source as written, with its line numbers: the one reader of article bodies.

A real CommonMark parser (markdown-it-py, the Python port of markdown-it: maintained by the
Executable Books project, fully CommonMark-compliant, and it keeps each block's source lines)
reads the body. ``read`` turns its tokens into blocks a stage can use, each at its source line:

| construct                           | becomes                                              |
|-------------------------------------|------------------------------------------------------|
| paragraph, HTML block               | ``paragraph``: split into sentences                  |
| HTML comment (a block of its own)   | nothing: it is written to be hidden                  |
| list item (any depth)               | ``item``: one claim per item                         |
| paragraphs and items under an FAQ   | ``faq``: with the question they answer               |
| question                            |                                                      |
| table, blockquote, code (fenced or  | ``table`` / ``quote`` / ``code``: kept whole, as     |
| indented)                           | written, and attributed                              |
| ATX and setext headings             | route the blocks under them; never a statement       |
| admonition (``!!!``), link          | refused: ``MarkdownProblem`` with the line and a fix |
| reference definition, FAQ question  |                                                      |
| with no answer, unclosed fence      |                                                      |

Every stage and check that reads Markdown source (segment, the build report, sanitising, safe
messaging, reading grades) asks this module, so they all agree on what is code and what is text.
"""

from __future__ import annotations

import hashlib
import re
import textwrap
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin

# A fence opens with three or more backticks or tildes, indented at most three spaces.
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
FAQ_HEADING = re.compile(r"\b(faq|faqs|frequently asked questions)\b", re.IGNORECASE)
# A note to other editors: written to be hidden, so it is never a claim (shown as text it would
# be garbled); every other HTML block is read as text, and the sanitiser warns about its tags.
COMMENT_ONLY = re.compile(r"^\s*(?:<!--.*?-->\s*)+$", re.S)
# What 'kapsite import' and 'kapsite new' write where a draft needs a decision or words.
IMPORT_NOTE = "TODO(kapsite)"
KEPT_WHOLE = {"table_open": "table", "blockquote_open": "quote"}


def _parser() -> MarkdownIt:
    # Tables are GitHub's extension to CommonMark; admonitions are parsed only to refuse them.
    # Blocks are all we read (a block's text is its inline token's content), so inline parsing
    # is off: it would cost eight times the block pass on a long paragraph.
    parser = MarkdownIt("commonmark").enable("table").use(admon_plugin)
    parser.disable("inline")
    return parser


_PARSER = _parser()


@dataclass(frozen=True)
class Block:
    """One readable unit of the body. ``line`` is 0-based within the body."""

    kind: str  # paragraph | item | faq | code | table | quote
    line: int
    lines: tuple[str, ...]  # prose: one entry per source line, markup removed; else as written
    heading: str = ""
    question: str = ""


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of a Markdown body."""

    line: int  # 0-based within the body
    level: int
    text: str
    question: bool  # an FAQ question: shown above its answers


@dataclass(frozen=True)
class MarkdownProblem:
    """Something in a Markdown body the contributor must fix."""

    line: int  # 0-based within the body
    message: str
    fix: str


@dataclass
class Document:
    """A Markdown body read into blocks, headings, code ranges and problems."""

    blocks: list[Block] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    problems: list[MarkdownProblem] = field(default_factory=list)
    code: list[range] = field(default_factory=list)  # 0-based line ranges of code blocks


def parse(text: str) -> list[Token]:
    return _PARSER.parse(text)


def read(body: str) -> Document:
    """The body's blocks, headings and code ranges, and every construct it refuses."""
    # The parser also breaks lines at a lone carriage return; the rest of kapsite counts only
    # "\n", so a lone "\r" is read as a space and every line number agrees.
    key = _digest(body)
    body = body.replace("\r\n", "\n").replace("\r", " ")
    lines = body.split("\n")
    tokens = parse(body)
    document = Document()
    _Walker(lines, document).walk(tokens)
    covered = [False] * len(lines)
    for token in tokens:
        if token.level == 0 and token.map:
            for index in range(*token.map):
                covered[index] = True
    for index, line in enumerate(lines):
        # The parser consumes link reference definitions and shows them nowhere.
        if line.strip() and not covered[index]:
            document.problems.append(
                MarkdownProblem(
                    index,
                    f"the line '{line.strip()[:60]}' is a link reference definition, "
                    "which readers never see",
                    "write the link inline where it is used, as [text](https://...), "
                    "and delete this line",
                )
            )
        if IMPORT_NOTE in line:
            document.problems.append(
                MarkdownProblem(
                    index,
                    "a note from 'kapsite import' or 'kapsite new' is still in the article: "
                    f"'{line[line.index(IMPORT_NOTE) :][:80]}'",
                    "do what the note says, then delete it",
                )
            )
    document.problems.sort(key=lambda p: p.line)
    _OUTLINES[key] = _Outline(
        tuple(sorted(document.code, key=lambda r: r.start)), tuple(document.headings)
    )
    return document


@dataclass(frozen=True, slots=True)
class _Outline:
    """The parts of a body other checks ask for again: its code ranges and headings."""

    code: tuple[range, ...]  # in order of their first line
    headings: tuple[Heading, ...]


# The code blocks and headings of each text read so far, by a digest of the text: segment reads
# every article, and the checks (raw HTML, safe messaging, reading grade) then ask where each
# one's code is, and the build report for its headings; parsing it again each time was a third
# of the cost of those checks, and half the report's. A few hundred bytes per text, so the memo
# is kept for the process (a live preview re-reads only what changed).
_OUTLINES: dict[bytes, _Outline] = {}


def take_outlines() -> dict[bytes, _Outline]:
    """The outlines read so far, forgotten here: a worker process hands back those of the
    articles it read (``stages.statements``), so the build's process need not read them again."""
    taken = dict(_OUTLINES)
    _OUTLINES.clear()
    return taken


def keep_outlines(outlines: dict[bytes, _Outline]) -> None:
    """Outlines a worker process read, kept as if this process had read their texts."""
    _OUTLINES.update(outlines)


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class _Walker:
    def __init__(self, lines: list[str], document: Document) -> None:
        self.lines = lines
        self.doc = document
        self.heading = ""
        self.in_faq = False
        self.question = ""
        self.question_line = -1
        self.answered = False
        self.answer: Block | None = None  # the FAQ answer's paragraphs, read as one block

    def walk(self, tokens: list[Token]) -> None:
        index, items = 0, 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "heading_open":
                self.close_question()
                self._heading(token, tokens[index + 1].content)
                index += 3
                continue
            if kind in KEPT_WHOLE or kind == "admonition_open":
                end = _closing(tokens, index)
                if kind == "admonition_open":
                    self.problem(
                        token.map[0],
                        f"an admonition ('{token.markup} {token.info.strip()}') is not read "
                        "as claims",
                        "write its text as plain paragraphs, or as a '>' quote kept whole",
                    )
                else:
                    self.whole(KEPT_WHOLE[kind], token.map)
                index = end + 1
                continue
            if kind in ("fence", "code_block"):
                self._code(token)
            elif kind == "list_item_open":
                items += 1
                if tokens[index + 1].type == "list_item_close":
                    # "24." alone on a line is an empty numbered item: its number would vanish.
                    marker = f"{token.info}{token.markup}" if token.info else token.markup
                    self.problem(
                        token.map[0] if token.map else 0,
                        f"an empty list item ('{marker}'): nothing follows the marker",
                        f"write the text after it, or write '{marker[:-1]}\\{marker[-1]}' "
                        "if the line is a number",
                    )
            elif kind == "list_item_close":
                items -= 1
            elif (kind == "inline" and tokens[index - 1].type == "paragraph_open") or (
                kind == "html_block" and not COMMENT_ONLY.match(token.content)
            ):
                self.prose(token, "item" if items else "paragraph")
            index += 1
        self.close_question()

    def _heading(self, token: Token, title: str) -> None:
        level = int(token.tag[1])
        line = token.map[0]
        question = self.in_faq and level > 2
        self.doc.headings.append(Heading(line, level, title, question))
        if level <= 2:
            self.heading, self.in_faq, self.question = title, bool(FAQ_HEADING.search(title)), ""
        elif self.in_faq:
            self.question, self.question_line, self.answered = title, line, False
        else:
            self.heading = title

    def close_question(self) -> None:
        self.flush_answer()
        if self.question and not self.answered:
            self.problem(
                self.question_line,
                f"the FAQ question '{self.question}' has no answer",
                "write the answer under the question, or delete the question",
            )
        self.question = ""

    def flush_answer(self) -> None:
        if self.answer is not None:
            self.doc.blocks.append(self.answer)
            self.answer = None

    def add(self, block: Block) -> None:
        if self.question:
            self.answered = True
        self.doc.blocks.append(block)

    def prose(self, token: Token, kind: str) -> None:
        start, end = token.map
        parts = token.content.rstrip("\n").split("\n")
        if token.type == "html_block":
            parts = [line.strip() for line in self.lines[start:end]]
        if self.question and kind == "paragraph":
            # An answer's paragraphs are one block, so a sentence opening "It..." in the
            # second paragraph stays with the answer's first claim.
            self.answered = True
            if self.answer is None:
                self.answer = Block("faq", start, (), self.heading, self.question)
            gap = start - (self.answer.line + len(self.answer.lines))
            filler = ("",) * max(gap, 0) if self.answer.lines else ()
            self.answer = Block(
                "faq",
                self.answer.line,
                (*self.answer.lines, *filler, *parts),
                self.heading,
                self.question,
            )
            return
        self.flush_answer()
        kind = "faq" if self.question else kind
        self.add(Block(kind, start, tuple(parts), self.heading, self.question))

    def whole(self, kind: str, span: list[int] | None) -> None:
        assert span is not None
        self.flush_answer()
        written = textwrap.dedent("\n".join(self.lines[span[0] : span[1]])).rstrip("\n")
        self.add(Block(kind, span[0], tuple(written.split("\n")), self.heading, self.question))

    def _code(self, token: Token) -> None:
        assert token.map is not None
        start, end = token.map
        self.doc.code.append(range(start, end))
        if token.type == "fence" and not _fence_closed(self.lines, start, end, token.markup):
            self.problem(
                start, "a code block is never closed", f"add a closing {token.markup} line"
            )
        self.whole("code", token.map)

    def problem(self, line: int, message: str, fix: str) -> None:
        self.doc.problems.append(MarkdownProblem(line, message, fix))


def _closing(tokens: list[Token], index: int) -> int:
    """The index of the token that closes the container opened at ``index``."""
    depth = 0
    for end in range(index, len(tokens)):
        depth += tokens[end].nesting
        if depth == 0:
            return end
    return len(tokens) - 1


def _fence_closed(lines: list[str], start: int, end: int, markup: str) -> bool:
    if end - start < 2 or end > len(lines):
        return False
    last = re.sub(r"^[\s>]*", "", lines[end - 1])
    run = len(last) - len(last.lstrip(markup[0]))
    return run >= len(markup) and not last[run:].strip()


def code_blocks(lines: list[str]) -> list[range]:
    """The line ranges (0-based, fence lines included) of the code blocks, fenced or indented.
    A fence that is never closed runs to the end, as CommonMark says."""
    return list(_outline("\n".join(lines)).code)


def headings(body: str) -> tuple[Heading, ...]:
    """The body's headings (ATX or setext, outside code), in order."""
    return _outline(body).headings


def _outline(text: str) -> _Outline:
    key = _digest(text)
    if key not in _OUTLINES:
        read(text)  # stores it
    return _OUTLINES[key]


def unclosed_fence(lines: list[str]) -> int | None:
    """The 0-based index of a fence that opens and never closes, if any."""
    for problem in read("\n".join(lines)).problems:
        if problem.message == "a code block is never closed":
            return problem.line
    return None


def code_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a code block."""
    inside = [False] * len(lines)
    for block in code_blocks(lines):
        for index in block:
            if index < len(inside):
                inside[index] = True
    return inside


def blank_code(text: str) -> str:
    """Code blocks and code spans blanked out, keeping every line and every offset, so a scan
    of the rest reports the right line and never reads code as prose or HTML."""
    lines = text.split("\n")
    lines = [
        " " * len(line) if code else line
        for line, code in zip(lines, code_lines(lines), strict=True)
    ]
    return CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), "\n".join(lines))


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(0-based index, line) for every line outside code blocks."""
    lines = text.split("\n")
    return [
        (i, line)
        for i, (line, code) in enumerate(zip(lines, code_lines(lines), strict=True))
        if not code
    ]
