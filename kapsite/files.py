"""Reading and writing the files contributors edit, so that no tool can lose one.

``read_text`` decodes a content file as UTF-8 (a byte-order mark is dropped) and turns every way
reading can fail (a byte that is not UTF-8, a dangling link, no permission) into a
``ContentError`` with the file and line.

``write_text`` is the one way the tools write a file (review, lock, import, and any command
after them): the new text goes to a temporary file in the same folder, is flushed to disk,
then renamed over the target, so a reader, a crash or a full disk leaves either the old file or
the new one, never a truncated one. SIGINT, SIGTERM and SIGHUP are held back during those few
steps and delivered right after. It never writes through a symbolic link, and never replaces a
file that this run created for something else (an import report over the draft it just wrote).

``replace_bytes`` is the same rename for files the engine owns (cache entries), without the
flush to disk: their reader checks a checksum instead.
"""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kapsite.errors import ContentError

HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}

# What this run created, by absolute path: what it was written as (e.g. "draft article").
_created: dict[str, str] = {}


def read_bytes(path: Path) -> bytes:
    """The file's bytes. A missing file raises FileNotFoundError, for the caller to say what
    the file is for; a link to a missing file, or one that cannot be read, is a ContentError."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        if path.is_symlink():
            raise ContentError(
                path,
                None,
                "the file is a link to a file that is missing",
                "point the link at an existing file, or remove it",
            ) from None
        raise
    except PermissionError as error:
        raise ContentError(
            path, None, "the file cannot be read: permission denied", "make it readable"
        ) from error
    except IsADirectoryError as error:
        raise ContentError(path, None, "a folder is here, not a file", "remove it") from error


def relative_path(path: Path, root: Path) -> str:
    """``path`` as a contributor sees it, relative to the project (as written, if outside it)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_limited(path: Path, max_bytes: int, fix: str) -> bytes:
    """``read_bytes``, but a file over ``max_bytes`` is refused before it is read."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        size = 0  # a link to nowhere: read_bytes says so
    if size > max_bytes:
        raise ContentError(
            path, None, f"the file is {size:,} bytes, over the limit of {max_bytes:,}", fix
        )
    return read_bytes(path)


def read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 (a byte-order mark dropped); line endings are left as
    written. Errors as ``read_bytes``; a byte that is not UTF-8 is an error at its line."""
    return decode_text(path, read_bytes(path))


def decode_text(path: Path, raw: bytes) -> str:
    """Bytes read from ``path`` as UTF-8 text; a byte that is not UTF-8 is an error at its line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        raise ContentError(
            path,
            line,
            f"the file is not UTF-8 (byte {error.object[error.start]:#04x})",
            "save the file as UTF-8",
        ) from None


def write_text(path: Path, text: str, *, what: str) -> None:
    """Replace ``path`` with ``text``, whole or not at all. ``what`` names the file for this
    run ("claim registry", "import report"): a file this run created as one thing is never
    replaced by another."""
    write_bytes(path, text.encode("utf-8"), what=what)


def write_bytes(path: Path, data: bytes, *, what: str) -> None:
    """``write_text`` for a file that is not text (an image copied into a rendered site)."""
    key = os.path.abspath(path)
    if os.path.islink(path):
        raise ContentError(
            path,
            None,
            f"the {what} would be written through a symbolic link",
            "name a real file, or remove the link",
        )
    _refuse_created(path, what)
    existed = os.path.lexists(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with signals_held():
            _replace(path, data)
    except OSError as error:
        raise ContentError(
            path,
            None,
            f"the {what} could not be written: {error.strerror or error}; the file is unchanged",
            "check that the folder is writable and the disk has room, then run it again",
        ) from error
    if not existed:
        _created[key] = what


def create_text(path: Path, text: str, *, what: str) -> None:
    """Write ``text`` to a new file at ``path``, whole or not at all; an error if anything is
    there already (a file, a folder or a link, even one that points nowhere)."""
    exists = ContentError(
        path,
        None,
        f"a file is already here, and the {what} is only ever written as a new file",
        "move or rename the existing file, or write into another folder",
    )
    _refuse_created(path, what)
    if os.path.lexists(path):
        raise exists
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with signals_held():
            _link_new(path, text.encode("utf-8"))
    except FileExistsError:
        raise exists from None
    except OSError as error:
        raise ContentError(
            path,
            None,
            f"the {what} could not be written: {error.strerror or error}",
            "check that the folder is writable and the disk has room, then run it again",
        ) from error
    _created[os.path.abspath(path)] = what


def _refuse_created(path: Path, what: str) -> None:
    earlier = _created.get(os.path.abspath(path))
    if earlier is not None and earlier != what:
        raise ContentError(
            path,
            None,
            f"this run already wrote the {earlier} here; the {what} would replace it",
            f"name another file for the {what}",
        )


def forget_created() -> None:
    """Start a new run (a command, or a test): files created earlier may be replaced again."""
    _created.clear()


def replace_bytes(path: Path, data: bytes | tuple[bytes, ...]) -> None:
    """Replace ``path`` with ``data``, whole or not at all, for files the engine owns (cache
    entries): a killed process leaves the old file or the new one. Not flushed to disk, for
    speed; a reader must check what it reads (the cache keeps a checksum). OSError as it comes.
    ``data`` may be a tuple of pieces, written one after the other: a large entry (a whole
    build's, over 100 MB at 1,000 articles) is not copied just to join its header to it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with signals_held():
        _replace(path, data, durable=False)


def _replace(path: Path, data: bytes | tuple[bytes, ...], *, durable: bool = True) -> None:
    temporary = _temporary_copy(path, data, durable=durable)
    try:
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    if durable:
        _fsync_folder(path.parent)


def _link_new(path: Path, data: bytes) -> None:
    """A hard link fails if ``path`` appeared meanwhile; where there are none, check, then
    rename."""
    temporary = _temporary_copy(path, data)
    try:
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:
            if os.path.lexists(path):
                raise FileExistsError(path) from None
            os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    _fsync_folder(path.parent)


def _temporary_copy(path: Path, data: bytes | tuple[bytes, ...], *, durable: bool = True) -> str:
    """``data`` in a new file next to ``path``, with ``path``'s permissions; on disk (flushed)
    when ``durable``."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            for piece in (data,) if isinstance(data, bytes) else data:
                view = memoryview(piece)
                while view:
                    view = view[os.write(fd, view) :]
            if path.exists():  # keep the file's permissions, not mkstemp's 0600
                os.fchmod(fd, path.stat().st_mode & 0o7777)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.fchmod(fd, 0o666 & ~umask)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return  # a platform that cannot open folders; the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def signals_held() -> Iterator[None]:
    """Interrupts wait until the file is whole (or, around several writes, until every file
    is); they arrive as soon as this block ends."""
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    except (AttributeError, ValueError, OSError):  # no POSIX signal masks
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
