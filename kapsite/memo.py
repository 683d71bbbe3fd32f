"""Work kept from one build to the next in this process, for live preview.

``mkdocs serve`` rebuilds in one process after every edit, and most of a rebuild's whole-corpus
work (each article's safe-messaging hits, each claim's record in claims.json, ...) is the same
as last time: only what the edit touched differs. A ``KeptResults`` keeps each result under a key
that is the work's whole input, by value (texts, frozen model objects that compare by content,
never an object's identity alone), so a kept result is exactly what the work would give again,
and a fresh process gives the same bytes.

Memory stays bounded in a long session: each build keeps only the results it used
(``new_build``, at the start of every build, lets the older ones go), so a memo holds at most the
results of the last build that did its work and the current one's, whatever the number of
edits. Keys compare by value; that a rebuild often hands back the very same objects only makes
equal keys quicker to find.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class KeptResults(Generic[V]):
    """One kind of work's results by input: those the last build used, and this build's.

    One dict, each result beside the number of the last build that used it, so that a look-up
    hashes its key once: a key such as a claim's statements is hashed statement by statement
    on every look-up (two dicts, this build's and the last's, took three hashes a hit)."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, list] = {}  # key -> [result, the last build that used it]
        self._build = 0
        _ALL.add(self)

    def get(self, key: Hashable, work: Callable[[], V]) -> V:
        """The result for ``key``: kept from this build or the last, else ``work()``."""
        entry = self._kept.get(key)
        if entry is None:
            result = work()
            self._kept[key] = [result, self._build]
            return result
        entry[1] = self._build
        return entry[0]

    def __len__(self) -> int:
        return len(self._kept)

    def _next_build(self) -> None:
        # What the build now ending did not use goes; what it used stays for the next one. A
        # build that never came to this work (it stopped at an error in the content, as a
        # half-typed edit under live preview often does) lets nothing go: the next build
        # finds what the last one to do the work used.
        ending = self._build
        stale = [k for k, entry in self._kept.items() if entry[1] != ending]
        if len(stale) < len(self._kept):
            for key in stale:
                del self._kept[key]
        self._build = ending + 1

    def _clear(self) -> None:
        self._kept = {}


# Weakly: a memo made for one vocabulary (``merge._merge_keys``) goes when nothing uses it.
_ALL: weakref.WeakSet[KeptResults] = weakref.WeakSet()


def new_build() -> None:
    """A build begins: what the build before last used, and this one has not, is let go."""
    for memo in _ALL:
        memo._next_build()


def forget_all() -> None:
    """Drop every kept result: the next build works as a fresh process would (tests)."""
    for memo in _ALL:
        memo._clear()


def kept_sizes() -> list[int]:
    """How many results each memo holds (tests and benchmarks: memory stays bounded)."""
    return [len(memo) for memo in _ALL]
