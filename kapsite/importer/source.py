"""Read one input file into text, refusing what is not a readable web article."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from kapsite.errors import ContentError
from kapsite.files import read_limited

DEFAULT_MAX_BYTES = 5_000_000  # a saved web page with inline styles is rarely over 2 MB
HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (a .docx or .epub is one)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"{\\rtf": "an RTF document",
}
SAVE_AS_TEXT = "open the page in a browser and save it as 'Web page, HTML only' or copy its text into a .txt file"


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str
    is_html: bool
    encoding: str


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str = "") -> SourceText:
    """The file's text with newlines normalised; a ContentError for anything unreadable."""
    if not path.is_file():
        raise ContentError(path, None, "no such file", "check the path")
    raw = read_limited(
        path,
        max_bytes,
        "save only the article (not the whole site), or raise the limit with --max-bytes",
    )
    if not raw.strip():
        raise ContentError(path, 1, "the file is empty", "save the article's text into it")
    for magic, what in MAGIC.items():
        if raw.startswith(magic):
            raise ContentError(path, None, f"the file is {what}, not text or HTML", SAVE_AS_TEXT)
    is_html = path.suffix.lower() in (".html", ".htm", ".xhtml") or bool(HTML_START.match(raw))
    text, used = _decode(path, raw, encoding, is_html)
    if "\x00" in text:
        offset = text.index("\x00")
        line = text[:offset].count("\n") + 1
        raise ContentError(
            path, line, "the file is binary (it holds a NUL byte), not text or HTML", SAVE_AS_TEXT
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ContentError(path, 1, "the file is empty", "save the article's text into it")
    return SourceText(path, text, is_html, used)


def _decode(path: Path, raw: bytes, encoding: str, is_html: bool) -> tuple[str, str]:
    if encoding:
        return _decode_as(path, raw, encoding), encoding
    for bom, name in BOMS:
        if raw.startswith(bom):
            return _decode_as(path, raw, name), name
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        failure = error
    declared = _declared_charset(raw) if is_html else ""
    if declared and codecs.lookup(declared).name != "utf-8":
        # A page saved by a browser says its own encoding; that is detection, not a guess.
        return _decode_as(path, raw, declared), declared
    raise _not_utf8(path, raw, failure)


def _declared_charset(raw: bytes) -> str:
    match = META_CHARSET.search(raw[:4096])
    if not match:
        return ""
    name = match[1].decode("ascii", "replace")
    try:
        codecs.lookup(name)
    except LookupError:
        return ""
    return name


def _decode_as(path: Path, raw: bytes, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ContentError(
            path, None, f"unknown encoding '{encoding}'", "use a name such as utf-8 or cp1252"
        ) from None
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise _not_utf8(path, raw, error, encoding) from error


def _not_utf8(
    path: Path, raw: bytes, error: UnicodeDecodeError, encoding: str = "utf-8"
) -> ContentError:
    line = raw[: error.start].count(b"\n") + 1
    line_start = raw.rfind(b"\n", 0, error.start) + 1
    column = error.start - line_start + 1
    bad = raw[error.start : min(error.end, error.start + 4)]
    shown = " ".join(f"{b:#04x}" for b in bad)
    hint = ""
    try:
        hint = f"; read as Windows-1252 they would be '{bad.decode('cp1252')}'"
        fix = (
            "save the file as UTF-8, or if the Windows-1252 reading is right, "
            "import it with --encoding cp1252"
        )
    except UnicodeDecodeError:
        fix = "save the file as UTF-8, or name its encoding with --encoding"
    return ContentError(
        path,
        line,
        f"the file is not valid {encoding}: byte(s) {shown} at column {column} cannot be read{hint}",
        fix,
    )
