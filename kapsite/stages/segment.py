"""Stage 2, segment: an article body into statements, each keeping its file and line.

One statement holds one claim. Paragraphs, list items and FAQ answers are split into sentences
(a compound bullet or a long answer holds several claims); each FAQ sentence keeps its question.
A sentence that only makes sense with the one before it ("This means...", "It also...") is kept
with that sentence, so a claim never loses its subject. Headings are not statements: they route
the statements under them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from kapsite.errors import ContentError
from kapsite.model import Article, Statement
from kapsite.text.citations import CitationSyntaxError, extract
from kapsite.text.figures import figures
from kapsite.text.markdown_source import FENCE, code_blocks, unclosed_fence

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
FAQ_HEADING = re.compile(r"\b(faq|faqs|frequently asked questions)\b", re.IGNORECASE)
# Sentence ends: . ! ? followed by space and an upper-case letter, a digit or a quote.
# Abbreviations that end in a full stop must not end a sentence.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z0-9\"'(\[])")
# Abbreviations that end in a full stop; matched as whole words, so "help." still ends a sentence.
ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:e\.g|i\.e|et al|Dr|vs|approx|etc|St|Mr|Ms|Mrs|Prof|No|U\.S|p|pp)\.$"
)
# Openings that point back at the sentence before: the two are one claim. Measured on articles of
# this kind, most missed duplicates were such sentences read on their own.
ANAPHORIC_START = re.compile(
    r"^(?:[\"'(]\s*)?(?:this|these|that|those|it|its|they|their|them|such|thus|hence|therefore"
    r"|as a result|the result|in turn|in effect|one example|for example|for instance"
    r"|because of this|for this reason)\b",
    re.IGNORECASE,
)


@dataclass
class _Block:
    kind: str  # paragraph | item | faq
    line: int
    lines: list[str]
    heading: str
    question: str = ""


def fingerprint(text: str) -> str:
    """A short id for a statement that survives whitespace, case and punctuation edits."""
    return hashlib.sha1(normalise(text).encode()).hexdigest()[:10]


def normalise(text: str) -> str:
    """Text reduced to lower-case words: what two statements must share to be 'the same'."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their words
    text = re.sub(r"[*_`~]", "", text).lower()
    text = text.replace("’", "'")
    words = re.findall(r"[a-z0-9]+(?:[.%'][a-z0-9]+)*%?", text)
    return " ".join(words)


CITATION_AFTER_STOP = re.compile(r"([.!?])\s*(\[@[^\[\]\n]*\])")
FOOTNOTE_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$")
FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def segment(article: Article) -> list[Statement]:
    """The article's statements in order. Footnotes ("[^1]" with a "[^1]: ..." line) travel
    with the statement that refers to them, under a label unique to the article."""
    body, notes = _footnote_definitions(article)
    article = dataclasses.replace(article, body=body)
    statements: list[Statement] = []
    for block in _blocks(article):
        text = " ".join(part.strip() for part in block.lines).strip()
        if block.kind == "code":
            pieces = [(text, block.line)]
        else:
            # "...hours. [@key] Next sentence": the citation belongs to the sentence before it.
            text = CITATION_AFTER_STOP.sub(r" \2\1", text)
            pieces = join_anaphora(_sentences(text, block.line, block.lines))
        for piece, line in pieces:
            statements.append(_statement(article, block, piece, line))
    statements = [_with_footnotes(article, s, notes) for s in statements]
    used = {label for s in statements for label, _ in s.footnotes}
    for label, (text, line) in sorted(notes.items(), key=lambda item: item[1][1]):
        if f"{article.slug}-{label}" not in used:  # a note nothing refers to is kept as text
            statements.append(
                _statement(article, _Block("paragraph", line, [text], ""), text, line)
            )
    return [dataclasses.replace(s, position=n) for n, s in enumerate(statements)]


def _footnote_definitions(article: Article) -> tuple[str, dict[str, tuple[str, int]]]:
    """The body with footnote definitions blanked out (lines keep their numbers), and the notes."""
    lines = article.body.split("\n")
    notes: dict[str, tuple[str, int]] = {}
    index = 0
    while index < len(lines):
        match = FOOTNOTE_DEFINITION.match(lines[index])
        if not match:
            index += 1
            continue
        start, parts = index, [match[2]]
        if match[1] in notes:  # a second note with the same label would lose the first
            raise ContentError(
                article.path,
                article.body_line + start,
                f"the footnote [^{match[1]}] is written twice (first on line {notes[match[1]][1]})",
                "give each note its own label",
            )
        lines[index] = ""
        index += 1
        while (
            index < len(lines) and lines[index].startswith(("    ", "\t")) and lines[index].strip()
        ):
            parts.append(lines[index].strip())
            lines[index] = ""
            index += 1
        notes[match[1]] = (" ".join(p for p in parts if p), article.body_line + start)
    return "\n".join(lines), notes


def _with_footnotes(
    article: Article, statement: Statement, notes: dict[str, tuple[str, int]]
) -> Statement:
    labels = FOOTNOTE_REFERENCE.findall(statement.text)
    if not labels or statement.kind == "code":
        return statement
    for label in labels:
        if label not in notes:
            raise ContentError(
                article.path,
                statement.line,
                f"the footnote [^{label}] has no text",
                f"add a line '[^{label}]: the note' to the article",
            )
    text = FOOTNOTE_REFERENCE.sub(lambda m: f"[^{article.slug}-{m[1]}]", statement.text)
    footnotes = tuple(
        (f"{article.slug}-{label}", notes[label][0]) for label in dict.fromkeys(labels)
    )
    return dataclasses.replace(statement, text=text, footnotes=footnotes)


def _statement(article: Article, block: _Block, raw: str, line: int) -> Statement:
    if block.kind == "code":
        text, citations = "\n".join(block.lines), []
    else:
        try:
            text, citations = extract(raw)
        except CitationSyntaxError as error:
            raise ContentError(
                article.path, line, str(error), "write citations as [@key] or [@a; @b, p. 5]"
            ) from error
    if not text.strip() and citations:
        raise ContentError(
            article.path,
            line,
            "a citation stands on its own, with no claim before it",
            "put the citation inside the sentence it supports, before the full stop",
        )
    stated = tuple(f.text for f in figures(text)) if block.kind != "code" else ()
    accepted = next((reason for figure, reason in article.accepted_uncited if figure in stated), "")
    return Statement(
        id=f"{article.slug}:{fingerprint(text)}",
        article=article.slug,
        path=article.path,
        line=line,
        text=text,
        citations=tuple(citations),
        kind="sentence" if block.kind == "paragraph" else block.kind,
        heading=block.heading,
        question=block.question,
        figures=stated,
        accepted_uncited=accepted,
    )


def _blocks(article: Article) -> list[_Block]:
    """Group body lines into paragraphs, list items and FAQ answers, with their first line."""
    blocks: list[_Block] = []
    current: _Block | None = None
    heading = ""
    in_faq = False
    question = ""
    lines = article.body.split("\n")
    unclosed = unclosed_fence(lines)
    if unclosed is not None:
        fence = FENCE.match(lines[unclosed])
        raise ContentError(
            article.path,
            article.body_line + unclosed,
            "a code block is never closed",
            f"add a closing {fence[1] if fence else '```'} line",
        )
    code_starts = {block.start: block for block in code_blocks(lines)}
    in_code = {index for block in code_starts.values() for index in block}

    def close() -> None:
        nonlocal current
        if current is not None and any(part.strip() for part in current.lines):
            blocks.append(current)
        current = None

    for offset, line in enumerate(lines):
        number = article.body_line + offset
        if offset in in_code:
            # A code block is kept whole, as written: it is never split or read for citations.
            if offset in code_starts:
                close()
                current = _Block("code", number, [], heading, question)
            assert current is not None
            current.lines.append(line)
            continue
        if current is not None and current.kind == "code":
            close()  # the text after a closing fence starts a new block
        heading_match = HEADING.match(line)
        if heading_match:
            close()
            level, title = len(heading_match[1]), heading_match[2]
            if level <= 2:
                heading, in_faq, question = title, bool(FAQ_HEADING.search(title)), ""
            elif in_faq:
                question = title
            else:
                heading = title
            continue
        if not line.strip():
            if current is not None and current.kind != "faq":
                close()
            elif current is not None:
                current.lines.append("")
            continue
        item = LIST_ITEM.match(line)
        if in_faq and question:
            if current is None or current.kind != "faq":
                close()
                current = _Block("faq", number, [], heading, question)
            current.lines.append(line.strip())
            continue
        if item:
            close()
            current = _Block("item", number, [item[1]], heading)
        elif current is None:
            current = _Block("paragraph", number, [line], heading)
        else:
            current.lines.append(line)
    close()
    return blocks


def join_anaphora(pieces: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Keep each sentence that opens by pointing back ("This...", "It...") with the one before."""
    joined: list[tuple[str, int]] = []
    for text, line in pieces:
        if joined and ANAPHORIC_START.match(text):
            before, first_line = joined[-1]
            joined[-1] = (f"{before} {text}", first_line)
        else:
            joined.append((text, line))
    return joined


def _sentences(text: str, first_line: int, lines: list[str]) -> list[tuple[str, int]]:
    """Split a paragraph into sentences, each with the source line it starts on."""
    starts = [0]
    for match in SENTENCE_END.finditer(text):
        before = text[: match.start()]
        if ABBREVIATION.search(before) or re.search(r"\b[A-Z]\.$", before):
            continue
        starts.append(match.end())
    # Where each source line starts within the joined paragraph, to map offsets to lines.
    line_starts, position = [], 0
    for part in lines:
        line_starts.append(position)
        position += len(part.strip()) + 1
    pieces = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        sentence = text[start:end].strip()
        if sentence:
            line = first_line + max(i for i, s in enumerate(line_starts) if s <= start)
            pieces.append((sentence, line))
    return pieces
