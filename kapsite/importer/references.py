"""A hand-typed APA-like reference list -> BibTeX entries, and author-year mentions -> [@key].

Every entry is written as ``verification = {unverified}``: parsing a line proves only what the
source typed, not that the paper exists as cited.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from pybtex.database.input.bibtex import Parser

from kapsite.errors import ContentError
from kapsite.importer.model import Kind, Line
from kapsite.inputs.bibliography import load_bibliography
from kapsite.text.author_year import ITEM, PARENTHESES, narrative
from kapsite.text.identifiers import DOI

YEAR = r"(?P<year>\d{4}[a-z]?|n\.\s?d\.)"
APA = re.compile(rf"^(?P<authors>.+?)\s*\(\s*{YEAR}(?:,[^)]*)?\s*\)\s*\.?\s*(?P<rest>.+)$")
# The title ends at the first full stop, '?' or '!' that is not after a one-letter initial.
TITLE_END = re.compile(r"(?<=[^\s.][^\s.])([.?!])\s+(?=\S)|(?<=[^\s.][^\s.])([.?!])$")
URL = re.compile(r"https?://[^\s<>\"]+")
DOI_TAIL = re.compile(r"(/(full|abstract|pdf|epdf|html|fulltext))+$", re.IGNORECASE)
SOURCE = re.compile(
    r"^(?P<journal>.+?),\s*(?P<volume>\d+)\s*(?:\((?P<issue>[^)]+)\))?"
    r"\s*(?:,\s*(?P<pages>[A-Za-z]?\d+(?:\s*[-–—]+\s*[A-Za-z]?\d+)?))?\s*\.?\s*$"
)
PERSON = re.compile(
    r"(?P<family>[^,&]+?),\s*(?P<given>(?:[A-Z][a-z]?\.(?:\s*-\s*|\s*)?)+|[A-Z][\w'’-]+)\.?(?=\s*,|\s*$|\s*&)"
)
ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*,?\s*")
ORGANISATION = re.compile(r"^[A-Z][\w&'’.-]*(\s+[\w&'’.-]+)*$")
ACRONYM = re.compile(r"\b([A-Z][A-Z0-9]+s?)\b")
NARRATIVE = narrative(single_name=True)


@dataclass(frozen=True)
class ListedReference:
    """One line of the source's reference list, parsed."""

    line: int
    raw: str
    key: str
    authors: tuple[str, ...]
    organisation: str
    others: bool  # the source left authors out ('…')
    elided: str  # what the source printed after the ellipsis
    year: str
    title: str
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    url: str = ""
    doi: str = ""
    existing: str = ""  # the .bib that already holds this key: nothing new is written

    @property
    def family(self) -> str:
        if self.authors:
            return self.authors[0].split(",")[0]
        return self.organisation


@dataclass
class KeyIndex:
    """Keys in the bibliography and created in this run, found by first author and year."""

    by_key: dict[str, tuple[str, str, str]] = field(
        default_factory=dict
    )  # key -> family, year, file

    @classmethod
    def from_folder(cls, folder: Path) -> KeyIndex:
        index = cls()
        if not folder.is_dir():
            return index
        for key, item in load_bibliography(folder).items():
            persons = item.entry.persons.get("author") or []
            family = " ".join(persons[0].last_names) if persons else ""
            family = family or item.entry.fields.get("organization", "")
            year = item.entry.fields.get("year", "")
            index.by_key[key] = (fold(family.strip("{}")), year, str(item.path))
        return index

    def find(self, family: str, year: str) -> list[str]:
        wanted = (fold(family), year)
        return sorted(k for k, (f, y, _) in self.by_key.items() if (f, y) == wanted)

    def add(self, key: str, family: str, year: str, path: str) -> None:
        self.by_key[key] = (fold(family), year, path)


def fold(text: str) -> str:
    """'Nuñez-Smith' -> 'nunezsmith': a key and a comparison that survive accents and case."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def parse_reference(number: int, text: str) -> ListedReference | None:
    """One APA-like line, or None when the line does not look like a reference."""
    text = text.strip().lstrip("-*•·0123456789.[]) ").strip()
    match = APA.match(text)
    if not match:
        return None
    organisation, authors, others, elided = _authors(match["authors"])
    if not authors and not organisation:
        return None
    rest = match["rest"]
    urls = URL.findall(rest)
    url = urls[0].rstrip(".,;)") if urls else ""
    doi_match = DOI.search(" ".join([*urls, rest]))
    doi = DOI_TAIL.sub("", doi_match[1].rstrip(".,;)")) if doi_match else ""
    rest = URL.sub("", rest)
    rest = re.sub(r"\b(doi:?|https?:)\s*10\.\S+", "", rest, flags=re.IGNORECASE).strip()
    ends = list(TITLE_END.finditer(rest))
    if not ends:
        return None
    # A title may hold '?' or '.': it ends where what follows reads as 'Journal, 12(3), 4-5'.
    end = next((e for e in ends if _is_container(rest[e.end() :].strip())), ends[0])
    title = rest[: end.start()].strip()
    if (end[1] or end[2]) in "?!":
        title += end[1] or end[2]
    if not title:
        return None
    container = rest[end.end() :].strip()
    source = SOURCE.match(container)
    year = match["year"].replace(" ", "")
    fields = {"journal": container.rstrip(". ")}
    if source:
        fields = {k: (v or "").strip() for k, v in source.groupdict().items()}
        fields["pages"] = re.sub(r"\s*[-–—]+\s*", "--", fields["pages"])
    return ListedReference(
        line=number,
        raw=text,
        key="",
        authors=authors,
        organisation=organisation,
        others=others,
        elided=elided,
        year="" if year.startswith("n") else year,
        title=title,
        url=url,
        doi=doi,
        **fields,
    )


def _is_container(text: str) -> bool:
    source = SOURCE.match(text)
    return bool(source) and not re.search(r"[.?!]\s", source["journal"])


def _authors(text: str) -> tuple[str, tuple[str, ...], bool, str]:
    text = text.strip().rstrip(", ")
    parts = ELLIPSIS.split(text, maxsplit=1)
    listed, elided = parts[0], (parts[1] if len(parts) > 1 else "")
    people = tuple(
        f"{m['family'].strip(' &').removeprefix('and ').strip()}, {m['given'].strip()}"
        for m in PERSON.finditer(listed)
    )
    if people:
        return "", people, bool(elided), elided.strip(" &").strip()
    organisation = text.rstrip(". ")
    if ORGANISATION.match(organisation) and len(organisation.split()) <= 10:
        return organisation, (), False, ""
    return "", (), False, ""


def assign_keys(
    references: list[ListedReference], index: KeyIndex, bib_path: Path
) -> list[ListedReference]:
    """Give each reference a key: an existing entry's if it matches, else a new unique one."""
    result = []
    for ref in references:
        found = index.find(ref.family, ref.year)
        if found and index.by_key[found[0]][2] != str(bib_path):
            result.append(_with(ref, key=found[0], existing=index.by_key[found[0]][2]))
            continue
        base = (fold(ref.family.split()[0] if ref.organisation else ref.family) or "ref") + (
            ref.year or "nd"
        )
        key, suffix = base, ord("a")
        while key in index.by_key:
            key, suffix = f"{base}{chr(suffix)}", suffix + 1
        index.add(key, ref.family, ref.year, str(bib_path))
        result.append(_with(ref, key=key))
    return result


def _with(ref: ListedReference, **changes: str) -> ListedReference:
    return replace(ref, **changes)


# --- author-year mentions --------------------------------------------------------------------


@dataclass(frozen=True)
class LinkedMention:
    line: int
    text: str
    key: str  # '' when no reference matches


def link_mentions(lines: list[Line], index: KeyIndex) -> tuple[list[Line], list[LinkedMention]]:
    """'(Krystal et al., 2019)' -> '[@krystal2019]', when exactly one key matches."""
    mentions: list[LinkedMention] = []
    result = []
    for line in lines:
        if not line.content or line.kind not in (Kind.TEXT, Kind.ITEM):
            result.append(line)
            continue
        text = PARENTHESES.sub(
            lambda m, n=line.number: _parenthetical(m, n, index, mentions), line.text
        )
        text = NARRATIVE.sub(lambda m, n=line.number: _narrative(m, n, index, mentions), text)
        result.append(line.changed("citation", text=text) if text != line.text else line)
    return result, mentions


def _key_for(family: str, year: str, index: KeyIndex) -> str:
    found = index.find(family, year)
    return found[0] if len(found) == 1 else ""


def _parenthetical(
    match: re.Match[str], number: int, index: KeyIndex, out: list[LinkedMention]
) -> str:
    items = [ITEM.match(item) for item in match[1].split(";")]
    if not all(items):
        return match[0]  # not an author-year mention, e.g. '(approved in 2019)'
    keys = []
    for item in items:
        key = _key_for(item["family"], item["year"], index)
        out.append(LinkedMention(number, item[0].strip(), key))
        keys.append(key)
    if not all(keys):
        return match[0]
    return " [" + "; ".join(f"@{k}" for k in keys) + "]"


def _narrative(match: re.Match[str], number: int, index: KeyIndex, out: list[LinkedMention]) -> str:
    key = _key_for(match["family"], match["year"], index)
    # Show a few words before the name, so 'Johns Hopkins University (2020)' reads whole.
    before = match.string[: match.start()].split()[-3:]
    out.append(LinkedMention(number, " ".join([*before, match[0]]), key))
    if not key:
        return match[0]
    names = match[0][: match[0].rindex("(")].rstrip()
    return f"{names} [@{key}]"


# --- BibTeX ----------------------------------------------------------------------------------


def to_bibtex(references: list[ListedReference], source: Path) -> str:
    """The new entries (not those already in the bibliography), each marked unverified."""
    blocks = [_entry(ref, source) for ref in references if not ref.existing]
    text = "\n\n".join(blocks) + "\n" if blocks else ""
    _check_parses(text, source, references)
    return text


def _entry(ref: ListedReference, source: Path) -> str:
    authors = list(ref.authors)
    if ref.others:
        authors.append("others")
    note = (
        # The input's file name is the contributor's own business, never part of the site.
        f"Parsed by kapsite import from the source's reference list (line {ref.line}); "
        "not yet checked against the publisher's record. "
        f"The source gave: {ref.raw}"
    )
    if ref.elided:
        note += f" The source left authors out ('…') before {ref.elided.rstrip('.')}."
    fields = [
        ("author", " and ".join(authors)) if authors else ("organization", ref.organisation),
        ("title", ACRONYM.sub(r"{\1}", ref.title)),
        ("journal", ref.journal if ref.volume else ""),
        ("howpublished", "" if ref.volume else ref.journal),
        ("year", ref.year),
        ("volume", ref.volume),
        ("number", ref.issue),
        ("pages", ref.pages),
        ("url", ref.url),
        ("doi", ref.doi),
        ("verification", "unverified"),
        ("note", note),
    ]
    kind = "article" if ref.volume else "misc"
    body = ",\n".join(f"  {name:<12} = {{{_braces(value)}}}" for name, value in fields if value)
    return f"@{kind}{{{ref.key},\n{body}\n}}"


def _braces(value: str) -> str:
    """Unbalanced braces would break the whole file: keep only balanced ones."""
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        value = value.replace("{", "(").replace("}", ")")
    return value


def _check_parses(text: str, source: Path, references: list[ListedReference]) -> None:
    try:
        Parser(encoding="utf-8").parse_string(text)
    except Exception as error:  # pybtex raises several types; any of them means a bug here
        line = references[0].line if references else None
        raise ContentError(
            source,
            line,
            f"the reference list could not be turned into valid BibTeX: {error}",
            "check the reference list for unusual characters, or add the entries by hand",
        ) from error
