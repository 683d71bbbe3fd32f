"""Author-year mentions in prose, "(Krystal et al., 2019)" or "Krystal et al. (2019)", resolved to
bibliography keys by the first author's family name and the year.

The mention stays in the text as written; the claim gains a citation marker for the key.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import re
from dataclasses import dataclass

from kapsite.errors import ContentError, raise_together
from kapsite.inputs.bibliography import BibEntry
from kapsite.model import Citation, Statement
from kapsite.text.author_year import ITEM, PARENTHESES, narrative

NARRATIVE = narrative(single_name=False)


@dataclass(frozen=True)
class AuthorYearMention:
    """A study named in running text by author and year ("Smith et al., 2019")."""

    text: str
    family: str
    year: str


def find_mentions(text: str) -> list[AuthorYearMention]:
    if "(" not in text:  # every form ends in a year in parentheses; most sentences have none
        return []
    found = []
    for parentheses in PARENTHESES.finditer(text):
        item = ITEM.match(parentheses[1])
        if item and "," in parentheses[1]:  # "(Name, 2020)"; "(approved in 2019)" is prose
            found.append(AuthorYearMention(parentheses[0].strip(), item["family"], item["year"]))
    found += [AuthorYearMention(m[0], m["family"], m["year"]) for m in NARRATIVE.finditer(text)]
    return sorted(found, key=lambda m: text.index(m.text))


MentionIndex = dict[tuple[str, str], list[str]]  # (family name, year) -> keys


def mention_index(entries: dict[str, BibEntry]) -> MentionIndex:
    """The bibliography by first author's family name (lower case) and year; built once per
    build, not once per article."""
    index: MentionIndex = {}
    for key, item in sorted(entries.items()):
        authors = item.entry.persons.get("author") or []
        if authors:
            family = " ".join(authors[0].last_names).replace("{", "").replace("}", "")
            year = item.entry.fields.get("year", "").strip()
            index.setdefault((family.lower(), year), []).append(key)
    return index


def mention_digest(entries: dict[str, BibEntry], index: MentionIndex) -> str:
    """Everything of the bibliography that resolving mentions reads: the index, and each key's
    author label (in-text citations show it). A cache key for resolved statements: editing an
    entry's title or note leaves it unchanged."""
    labels = {key: author_label(entries[key]) for key in sorted(entries)}
    data = json.dumps([sorted(index.items()), labels], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def resolve_mentions(
    statements: list[Statement], entries: dict[str, BibEntry], index: MentionIndex | None = None
) -> list[Statement]:
    """Each statement with the keys its author-year mentions name added to its citations."""
    index = mention_index(entries) if index is None else index
    resolved, errors = [], []
    for statement in map(lambda s: _named_in_text(s, entries), statements):
        keys = [c.key for c in statement.citations]
        added = []
        for mention in find_mentions(statement.text):
            candidates = index.get((mention.family.lower(), mention.year), [])
            if len(candidates) > 1:
                errors.append(
                    ContentError(
                        statement.path,
                        statement.line,
                        f"'{mention.text}' could mean {' or '.join(candidates)}",
                        f"write the citation as [@{candidates[0]}] or [@{candidates[1]}] instead",
                    )
                )
                continue
            if not candidates:
                errors.append(
                    ContentError(
                        statement.path,
                        statement.line,
                        f"'{mention.text}' matches no bibliography entry by first author and year",
                        _closest(mention, index)
                        + "add the study to bibliography/*.bib, or cite it as [@key]",
                    )
                )
                continue
            if candidates[0] not in keys:
                keys.append(candidates[0])
                added.append(Citation(candidates[0]))
        resolved.append(
            dataclasses.replace(statement, citations=statement.citations + tuple(added))
            if added
            else statement
        )
    raise_together(errors)
    return resolved


def _named_in_text(statement: Statement, entries: dict[str, BibEntry]) -> Statement:
    """An in-text citation ("@krystal2019 found...") shows the authors' names where the key
    was; its marker follows the claim like any other. An unknown key is left for cite to report."""
    text = statement.text
    for citation in statement.citations:
        if citation.in_text and citation.key in entries:
            name = author_label(entries[citation.key])
            text = re.sub(rf"@{re.escape(citation.key)}(?![\w:.#$%&+?<>~/-])", name, text, count=1)
    return statement if text == statement.text else dataclasses.replace(statement, text=text)


def author_label(item: BibEntry) -> str:
    """ "Krystal", "Krystal and Abdallah" or "Krystal et al.", or the organisation's name."""
    families = [
        " ".join(p.last_names).replace("{", "").replace("}", "")
        for p in item.entry.persons.get("author") or []
    ]
    if not families:
        return item.entry.fields.get("organization", item.key).replace("{", "").replace("}", "")
    if len(families) == 1:
        return families[0]
    return f"{families[0]} and {families[1]}" if len(families) == 2 else f"{families[0]} et al."


def _closest(mention: AuthorYearMention, index: MentionIndex) -> str:
    labels = {f"{family} {year}": keys[0] for (family, year), keys in index.items()}
    close = difflib.get_close_matches(
        f"{mention.family.lower()} {mention.year}", sorted(labels), n=1, cutoff=0.75
    )
    return f"the closest entry is [@{labels[close[0]]}]; " if close else ""
