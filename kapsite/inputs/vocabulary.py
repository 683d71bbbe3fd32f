"""The entity vocabulary (content/vocabulary.yml): which receptors, organs, conditions... a claim names.

Two claims that name different entities are never merged automatically; see ``vetoes``.

Beside it, content/synonyms.yml holds the wordings the deduplicator compares as one when it looks
for repeats: spellings (a British or other spelling and the one it is compared as) and synonyms
(groups of words or phrases that say the same thing). They only bring candidate pairs to review;
see ``stages/dedupe/terms``.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kapsite.errors import ContentError
from kapsite.files import read_text
from kapsite.inputs.yamlfile import key_line, load_with_lines, parse_yaml
from kapsite.memo import KeptResults

VOCABULARY_FILE = Path("content/vocabulary.yml")
SYNONYMS_NAME = "synonyms.yml"  # beside the vocabulary file


@dataclass(frozen=True)
class Synonyms:
    """content/synonyms.yml: what the deduplicator compares as the same wording."""

    spellings: tuple[tuple[str, str], ...] = ()  # (word as written, word it is compared as)
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (group name, its words and phrases)


@dataclass(frozen=True)
class Vocabulary:
    """The entities statements can name, and the synonyms dedupe treats as one word."""

    # (kind, entity, compiled pattern) in file order; one pattern per entity.
    entries: tuple[tuple[str, str, re.Pattern[str]], ...] = ()
    synonyms: Synonyms = field(default_factory=Synonyms)
    _cache: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def entities(self, text: str) -> frozenset[str]:
        """The entities a text names, as 'kind:entity' (e.g. 'receptors:nmda')."""
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = _kept_entities(self).get(text, lambda: self._find(text))
        return found

    def _find(self, text: str) -> frozenset[str]:
        return frozenset(
            f"{kind}:{name}" for kind, name, pattern in self.entries if pattern.search(text)
        )


@lru_cache(maxsize=4)
def _kept_entities(vocabulary: Vocabulary) -> KeptResults[frozenset[str]]:
    """Each text's entities for one vocabulary, kept from build to build (each build loads the
    vocabulary again, and equal files give equal ones): live preview searches for the entities
    of the texts an edit added only, not for those of every statement."""
    return KeptResults()


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


def parse_synonyms(text: str, path: Path) -> Synonyms:
    data = parse_yaml(text, path, fix="check indentation") or {}
    if not isinstance(data, dict) or set(data) - {"spellings", "synonyms"}:
        raise ContentError(
            path, 1, "the file holds 'spellings' and 'synonyms'", "see the comments at the top"
        )
    spellings = data.get("spellings") or {}
    if not isinstance(spellings, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
        for k, v in spellings.items()
    ):
        raise ContentError(
            path, None, "'spellings' must map words to words", "write 'anaesthetist: anesthetist'"
        )
    groups = data.get("synonyms") or {}
    if not isinstance(groups, dict):
        raise ContentError(
            path, None, "'synonyms' must map group names to lists", "write 'rapid: [fast, quick]'"
        )
    parsed = []
    for name, words in groups.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise ContentError(
                path,
                None,
                f"synonyms '{name}' must be a list of words or phrases",
                f"write '{name}: [word, other phrase]'",
            )
        parsed.append((str(name), tuple(w.strip().lower() for w in words)))
    return Synonyms(
        tuple((k.strip().lower(), v.strip().lower()) for k, v in spellings.items()),
        tuple(parsed),
    )


def load_vocabulary(path: Path) -> Vocabulary:
    """The vocabulary file, or an empty vocabulary (no entity veto) if the project has none;
    with the synonyms file beside it, if there is one."""
    vocabulary = parse_vocabulary(read_text(path), path) if os.path.lexists(path) else Vocabulary()
    synonyms = path.with_name(SYNONYMS_NAME)
    if os.path.lexists(synonyms):
        vocabulary = dataclasses.replace(
            vocabulary, synonyms=parse_synonyms(read_text(synonyms), synonyms)
        )
    return vocabulary
