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

from kapsite.errors import ContentError, raise_together
from kapsite.model import Article, Statement
from kapsite.text.citations import CitationSyntaxError, extract, find_citations
from kapsite.text.figures import figures
from kapsite.text.markdown_source import Block, read
from kapsite.text.sentences import split_lines

# Openings that point back at the sentence before: the two are one claim. Measured on articles of
# this kind, most missed duplicates were such sentences read on their own.
ANAPHORIC_START = re.compile(
    r"^(?:[\"'(]\s*)?(?:this|these|that|those|it|its|they|their|them|such|thus|hence|therefore"
    r"|as a result|the result|in turn|in effect|one example|for example|for instance"
    r"|because of this|for this reason)\b",
    re.IGNORECASE,
)


def fingerprint(text: str) -> str:
    """A short id for a statement that survives whitespace, case and punctuation edits."""
    return hashlib.sha1(normalise(text).encode()).hexdigest()[:10]


LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"[*_`~]")
NORMAL_WORD = re.compile(r"[a-z0-9]+(?:[.%'][a-z0-9]+)*%?")


def normalise(text: str) -> str:
    """Text reduced to lower-case words: what two statements must share to be 'the same'."""
    text = unicodedata.normalize("NFKC", text)
    text = LINK.sub(r"\1", text)  # links keep their words
    text = EMPHASIS.sub("", text).lower()
    text = text.replace("’", "'")
    return " ".join(NORMAL_WORD.findall(text))


# Kept whole, as written, and attributed: never split into sentences. Kind -> what to call it.
WHOLE = {"code": "code block", "table": "table", "quote": "quote"}
CITATION_AFTER_STOP = re.compile(r"([.!?])\s*(\[@[^\[\]\n]*\])")
FOOTNOTE_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$")
FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def segment(article: Article) -> list[Statement]:
    """The article's statements in order. Footnotes ("[^1]" with a "[^1]: ..." line) travel
    with the statement that refers to them, under a label unique to the article. Every
    construct the reader refuses is reported at once, each at its line."""
    body, notes = _footnote_definitions(article)
    article = dataclasses.replace(article, body=body)
    document = read(body)
    errors = [
        ContentError(article.path, article.body_line + p.line, p.message, p.fix)
        for p in document.problems
    ]
    statements: list[Statement] = []
    for block in document.blocks:
        line = article.body_line + block.line
        if block.kind in WHOLE:
            pieces = [("\n".join(block.lines), line)]
        else:
            text = " ".join(part.strip() for part in block.lines).strip()
            # "...hours. [@key] Next sentence": the citation belongs to the sentence before it.
            text = CITATION_AFTER_STOP.sub(r" \2\1", text)
            pieces = join_anaphora(_sentences(text, line, block.lines))
        for piece, piece_line in pieces:
            try:
                # Its position is its place in the list: a statement with an error is left
                # out, but then the article's errors are raised and no statement is kept.
                statements.append(_statement(article, block, piece, piece_line, len(statements)))
            except ContentError as error:
                errors.append(error)
    noted = []
    for statement in statements:
        try:
            noted.append(_with_footnotes(article, statement, notes))
        except ContentError as error:
            errors.append(error)
    raise_together(errors)
    statements = noted
    used = {label for s in statements for label, _ in s.footnotes}
    for label, (text, line) in sorted(notes.items(), key=lambda item: item[1][1]):
        if f"{article.slug}-{label}" not in used:  # a note nothing refers to is kept as text
            note = Block("paragraph", line - article.body_line, (text,))
            statements.append(_statement(article, note, text, line, len(statements)))
    return statements


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
    if not labels or statement.kind in WHOLE:
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


def _statement(article: Article, block: Block, raw: str, line: int, position: int) -> Statement:
    if block.kind == "code":
        text, citations = raw, []
    elif block.kind in WHOLE:
        text, citations = raw, []
        if find_citations(raw):
            raise ContentError(
                article.path,
                line,
                f"a citation inside a {WHOLE[block.kind]} cannot be linked to its claim",
                f"cite the study in the sentence before the {WHOLE[block.kind]}",
            )
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
    stated = tuple(f.text for f in figures(text)) if block.kind not in WHOLE else ()
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
        position=position,
    )


def join_anaphora(pieces: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Keep each sentence that opens by pointing back ("This...", "It...") with the one before.
    Parts are gathered in lists and joined once, so a long chain costs its length, not its
    square."""
    groups: list[tuple[list[str], int]] = []
    for text, line in pieces:
        if groups and ANAPHORIC_START.match(text):
            groups[-1][0].append(text)
        else:
            groups.append(([text], line))
    return [(" ".join(parts), line) for parts, line in groups]


def _sentences(text: str, first_line: int, lines: tuple[str, ...]) -> list[tuple[str, int]]:
    """Split a paragraph into sentences, each with the source line it starts on."""
    # Where each source line starts within the joined paragraph, to map offsets to lines.
    line_starts, position = [], 0
    for part in lines:
        line_starts.append(position)
        position += len(part.strip()) + 1
    return split_lines(text, line_starts, first_line)
