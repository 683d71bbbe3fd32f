"""Reading the YAML data files contributors edit, with errors that name the file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from kapsite.errors import ContentError
from kapsite.files import read_text


class LineDict(dict):
    """A YAML mapping that knows its line, and the line of each of its keys."""

    line: int = 0
    key_lines: dict[object, int]


class LineList(list):
    """A YAML list that knows its line, and the line of each of its items."""

    line: int = 0
    item_lines: list[int]


class _LineLoader(yaml.SafeLoader):
    """PyYAML's safe loader, with lines kept on every mapping and list (for error messages)."""


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode):
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    data.update(loader.construct_mapping(node))
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            data.key_lines.setdefault(
                loader.construct_object(key_node), key_node.start_mark.line + 1
            )


def _sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode):
    data = LineList()
    data.line = node.start_mark.line + 1
    data.item_lines = [item.start_mark.line + 1 for item in node.value]
    yield data
    data.extend(loader.construct_sequence(node))


# The same loader on libyaml's parser (about ten times faster: the claims files are most of
# a cached build's time), where PyYAML was built with it.
_FastLineLoader = type("_FastLineLoader", (getattr(yaml, "CSafeLoader", _LineLoader),), {})

for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load_with_lines(text: str) -> object:
    """``yaml.safe_load``, with ``LineDict`` and ``LineList`` for mappings and lists."""
    return _load(text, _FastLineLoader, _LineLoader)


# PyYAML's own safe loader on libyaml's parser, for the files whose lines no error needs
# (articles' front matter, the synonyms): a fifth of the inputs' loading time on the real site,
# and 4.3 of a profiled build's 124 s at 1,000 synthetic articles.
_FastSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> object:
    """``yaml.safe_load``, on libyaml's parser where PyYAML was built with it."""
    return _load(text, _FastSafeLoader, yaml.SafeLoader)


def _load(text: str, fast: type, own: type) -> object:
    if "\t" in text:
        # libyaml takes tabs PyYAML's own parser refuses ("title:\tX"): a file must not pass
        # on one machine and fail on another, whose PyYAML was built without libyaml.
        return yaml.load(text, Loader=own)
    try:
        return yaml.load(text, Loader=fast)
    except (yaml.YAMLError, ValueError):
        # Errors as PyYAML's own parser words them, the same with or without libyaml.
        return yaml.load(text, Loader=own)


def line_of(value: object, default: int | None = 1) -> int | None:
    """The line a mapping or list read by ``load_with_lines`` starts on."""
    return getattr(value, "line", None) or default


def item_line(items: object, index: int, default: int | None = 1) -> int | None:
    """The line of item ``index`` of a list read by ``load_with_lines``."""
    lines = getattr(items, "item_lines", [])
    return lines[index] if index < len(lines) else line_of(items, default)


def key_line(mapping: object, key: object, default: int | None = 1) -> int | None:
    """The line of ``key`` in a mapping read by ``load_with_lines``."""
    return getattr(mapping, "key_lines", {}).get(key) or line_of(mapping, default)


def parse_yaml(
    text: str, path: Path, *, fix: str, load: Callable[[str], object] = safe_load
) -> object:
    """``load(text)``, with YAML's errors as ContentError at the line where YAML noticed them."""
    try:
        return load(text)
    except ValueError as error:  # PyYAML's date reader on an impossible date (2024-13-01)
        raise ContentError(path, None, f"a value YAML cannot read: {error}", fix) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise ContentError(
            path, mark.line + 1 if mark else 1, f"not valid YAML: {problem}", fix
        ) from error


def read_yaml(path: Path, *, fix: str, missing: str = "", default: object = None) -> object:
    """The file's data, its mappings and lists with their lines (``line_of``, ``key_line``).
    A missing file is an error saying ``missing`` (or, without it, gives ``default``); YAML
    that does not parse, or is not UTF-8, is an error at its line."""
    try:
        text = read_text(path)
    except FileNotFoundError:
        if missing:
            raise ContentError(path, None, missing, f"restore {path.name}") from None
        return default
    return parse_yaml(text, path, fix=fix, load=load_with_lines)
