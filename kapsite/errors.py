"""The one exception type for problems in content a contributor can fix."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from pathlib import Path


class ContentError(Exception):
    """A problem in a content file: where it is, what is wrong, and how to fix it.

    Printed as ``path:line: message (fix: ...)`` so editors and terminals can jump to it.
    """

    def __init__(self, path: Path | str, line: int | None, message: str, fix: str = "") -> None:
        self.path = path if isinstance(path, Path) else Path(path)
        self.line = line
        self.message = message
        self.fix = fix
        # The message, not the whole line ``str`` makes of it: a build keeps every warning
        # (75,000 at 1,000 synthetic articles), and the line would hold each one twice.
        super().__init__(message)

    @property
    def location(self) -> str:
        return _location(self.path, self.line)

    def relative_to(self, root: Path) -> ContentError:
        """The same error with its path shown relative to the project, as a contributor sees it."""
        # The path as named first: a file that is a link is shown where it is, not its target.
        path = _named_relative(self.path, root, os.getcwd())
        if path is None:
            try:
                path = self.path.resolve().relative_to(root.resolve())
            except ValueError:
                return self
        return ContentError(path, self.line, self.message, self.fix)

    def __str__(self) -> str:
        return _text(self.path, self.line, self.message, self.fix)

    def __reduce__(self):  # keep the error picklable with all its fields
        return (type(self), (self.path, self.line, self.message, self.fix))


def _location(path: Path, line: int | None) -> str:
    return f"{path}:{line}" if line else str(path)


def _text(path: Path, line: int | None, message: str, fix: str) -> str:
    text = f"{_location(path, line)}: {message}"
    return f"{text} (fix: {fix})" if fix else text


def relative_texts(errors: Iterable[ContentError], root: Path) -> list[str]:
    """``str(error.relative_to(root))`` of each error, each file's path worked out once: a build
    names a few hundred files in 75,000 warnings at 1,000 synthetic articles, and a new error
    made per warning took some 60 us each (9 s of a profiled build)."""
    shown: dict[Path, Path] = {}
    texts = []
    for error in errors:
        if type(error) is not ContentError:  # several errors in one: each its own path
            texts.append(str(error.relative_to(root)))
            continue
        path = shown.get(error.path)
        if path is None:
            path = shown[error.path] = error.relative_to(root).path
        texts.append(_text(path, error.line, error.message, error.fix))
    return texts


@functools.lru_cache(maxsize=4096)
def _named_relative(path: Path, root: Path, cwd: str) -> Path | None:
    # A build names a few hundred files in tens of thousands of warnings (75,000 at 1,000
    # synthetic articles), and working out each one's path took seconds. ``cwd`` is in the key
    # because a relative path is read from it. Only the path as named is kept: the fallback
    # through ``resolve`` reads links, which may change between builds.
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
    except ValueError:
        return None


class ContentErrors(ContentError):
    """Several independent problems found in one pass, reported together."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        first = errors[0]
        super().__init__(first.path, first.line, first.message, first.fix)

    def relative_to(self, root: Path) -> ContentErrors:
        return ContentErrors([e.relative_to(root) for e in self.errors])

    def __str__(self) -> str:
        return "\n".join(ContentError.__str__(e) for e in self.errors)

    def __reduce__(self):
        return (type(self), (self.errors,))


def raise_together(errors: Sequence[ContentError]) -> None:
    """Raise every error found in one pass at once (nothing if there is none), so a contributor
    fixes them all in one go rather than one per run."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ContentErrors(list(errors))
