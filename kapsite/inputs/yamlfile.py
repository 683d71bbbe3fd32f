"""Reading the YAML data files contributors edit, with errors that name the file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from kapsite.errors import ContentError


def parse_yaml(
    text: str, path: Path, *, fix: str, load: Callable[[str], object] = yaml.safe_load
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
    """The file's data. A missing file is an error saying ``missing`` (or, without it, gives
    ``default``); YAML that does not parse is an error at its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if missing:
            raise ContentError(path, None, missing, f"restore {path.name}") from None
        return default
    return parse_yaml(text, path, fix=fix)


class LineLoader(yaml.SafeLoader):
    """A YAML loader that records the 1-based line of every mapping as ``__line__``, so errors
    about an entry name the line it starts on."""


def _mapping_with_line(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def load_with_lines(text: str) -> object:
    return yaml.load(text, Loader=LineLoader)
