"""The entity vocabulary (content/vocabulary.yml): which receptors, organs, conditions... a claim names.

Two claims that name different entities are never merged automatically; see ``vetoes``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from kapsite.errors import ContentError
from kapsite.files import read_text
from kapsite.inputs.yamlfile import key_line, load_with_lines, parse_yaml

VOCABULARY_FILE = Path("content/vocabulary.yml")


@dataclass(frozen=True)
class Vocabulary:
    # (kind, entity, compiled pattern) in file order; one pattern per entity.
    entries: tuple[tuple[str, str, re.Pattern[str]], ...] = ()
    _cache: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def entities(self, text: str) -> frozenset[str]:
        """The entities a text names, as 'kind:entity' (e.g. 'receptors:nmda')."""
        found = self._cache.get(text)
        if found is None:
            found = frozenset(
                f"{kind}:{name}" for kind, name, pattern in self.entries if pattern.search(text)
            )
            self._cache[text] = found
        return found


def _pattern(words: list[str]) -> re.Pattern[str]:
    parts = []
    for word in sorted(words, key=len, reverse=True):
        stem = r"\s+".join(re.escape(w) for w in word.rstrip("*").split())
        parts.append(stem + (r"\w*" if word.endswith("*") else r"(?:s|es)?"))
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])", re.IGNORECASE)


def parse_vocabulary(text: str, path: Path = VOCABULARY_FILE) -> Vocabulary:
    data = parse_yaml(text, path, fix="check indentation", load=load_with_lines) or {}
    if not isinstance(data, dict):
        raise ContentError(
            path, 1, "the vocabulary must map kinds to entities", "see the comments at the top"
        )
    entries = []
    for kind, entities in data.items():
        if not isinstance(entities, dict):
            raise ContentError(
                path,
                key_line(data, kind),
                f"'{kind}' must map entity names to lists of words",
                "write 'name: [word, ...]'",
            )
        for name, words in entities.items():
            if not isinstance(words, list) or not all(
                isinstance(w, str) and w.strip() for w in words
            ):
                raise ContentError(
                    path,
                    key_line(entities, name),
                    f"'{kind}: {name}' must be a list of words",
                    f"write '{name}: [word, other word]'",
                )
            entries.append((str(kind), str(name), _pattern([w.strip().lower() for w in words])))
    return Vocabulary(tuple(entries))


def load_vocabulary(path: Path) -> Vocabulary:
    """The vocabulary file, or an empty vocabulary (no entity veto) if the project has none."""
    if not os.path.lexists(path):
        return Vocabulary()
    return parse_vocabulary(read_text(path), path)
