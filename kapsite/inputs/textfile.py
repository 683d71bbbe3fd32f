"""Reading a contributor's file: the size limit and the UTF-8 check, in one place, each failure a
ContentError naming the file (and the line of a bad byte)."""

from __future__ import annotations

from pathlib import Path

from kapsite.errors import ContentError


def read_limited(path: Path, max_bytes: int, fix: str) -> bytes:
    """The file's bytes; a file over ``max_bytes`` is refused before it is read."""
    size = path.stat().st_size
    if size > max_bytes:
        raise ContentError(
            path, None, f"the file is {size:,} bytes, over the limit of {max_bytes:,}", fix
        )
    return path.read_bytes()


def decode_utf8(path: Path, raw: bytes) -> str:
    """The bytes as UTF-8 text; a byte that is not UTF-8 is reported with its line."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ContentError(
            path,
            line,
            f"the file is not UTF-8 (byte {raw[error.start]:#04x})",
            "save the file as UTF-8",
        ) from error
