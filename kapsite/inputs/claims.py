"""The editor's claims (``content/claims/``): what readers see, and the fate of every statement.

One file per topic page (``content/claims/<page>.yml``), so a pull request that edits the risks
page touches one file; and ``content/claims/left-out.yml`` for statements left off the site::

    page: risks
    key_facts: [claim-boxed-warning]          # 3-5 claims of this page, shown first
    sections:
      - id: key-safety-facts                  # a section id from content/topics.yml
        claims:
          - id: claim-boxed-warning           # the published anchor: never rename or reuse
            text: The Spravato label has a boxed warning, the strongest kind.
            supports:                         # statements (article-slug:fingerprint) saying it
              - editors-checked-facts:ed4278cead
            corrects: [therapy-blog-overview:1fa94df2cd]   # statements it puts right...
            note: One source says the risks are minimal. ...    # ...with an editors' note
            cite: [fda-spravato]              # verified references the editor adds
            conflicts_with: [claim-other]     # a claim giving another figure for the same thing
            flag: no-study-found              # a study is named but none could be found
        pointers:                             # FAQ only: a question answered on another page
          - question: How fast does it work?
            claim: claim-works-within-hours
            supports: [rapid-relief-overview:5efcead83e]

    left_out:                                 # in left-out.yml
      - statement: rapid-relief-overview:9641f7be34
        reason: promotion                     # one of LEFT_OUT_REASONS
        note: Calls KAP a major change in mental health care; no fact.

A statement no file mentions is pending review: the page shows it as it is, marked "not yet
reviewed", and a strict build fails until ``kapsite review`` gives it a fate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kapsite.errors import ContentError, raise_together
from kapsite.files import read_text
from kapsite.inputs.yamlfile import line_of, load_with_lines, parse_yaml

LEFT_OUT_FILE = "left-out.yml"
LEFT_OUT_REASONS = {
    "promotion": "promotion with no fact to keep",
    "fragment": "a fragment that leans on a missing neighbour and adds no fact",
    "repeats-intro": "only repeats the page's introduction",
    "off-topic": "not about ketamine therapy or mental health",
    "superseded": "an editors' checked fact states it better",
    "incorrect": "incorrect, and no verified record to correct it with",
    "no-fact": "a transition or call to action, not a fact",
}
FLAGS = ("no-study-found",)
CLAIM_ID = re.compile(r"^claim-[a-z0-9]+(?:-[a-z0-9]+)*$")
STATEMENT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*:[0-9a-f]{10}$")
CLAIM_KEYS = {"id", "text", "supports", "corrects", "note", "cite", "conflicts_with", "flag"}
FORMAT_FIX = "see the comment at the top of kapsite/inputs/claims.py or docs/contributing.md"


@dataclass(frozen=True)
class EditorClaim:
    """A claim an editor wrote in content/claims/: its words and the statements it stands for."""

    id: str
    page: str
    section: str
    text: str
    supports: tuple[str, ...]
    path: Path
    line: int
    position: int  # order on its page, as the editor wrote it
    corrects: tuple[str, ...] = ()
    note: str = ""
    cite: tuple[str, ...] = ()
    conflicts_with: tuple[str, ...] = ()
    flag: str = ""
    question: str = ""  # FAQ: the question this claim answers


@dataclass(frozen=True)
class FaqPointer:
    """An FAQ question an editor answers with a claim shown on another page."""

    question: str
    claim: str
    section: str
    supports: tuple[str, ...]
    path: Path
    line: int
    position: int


@dataclass(frozen=True)
class LeftOut:
    """A statement an editor leaves off the site, with the reason (content/claims/left-out.yml)."""

    statement: str
    reason: str
    note: str
    path: Path
    line: int


@dataclass(frozen=True)
class PageClaims:
    """What an editor's claims file says about its page as a whole: key facts, list sections."""

    page: str
    path: Path
    key_facts: tuple[str, ...]
    list_sections: tuple[str, ...]  # sections the editor wants as a bulleted list
    line: int = 1


@dataclass(frozen=True)
class Editorial:
    """Everything editors wrote in content/claims/: pages, claims, FAQ pointers, left out."""

    folder: Path
    pages: tuple[PageClaims, ...] = ()
    claims: tuple[EditorClaim, ...] = ()
    pointers: tuple[FaqPointer, ...] = ()
    left_out: tuple[LeftOut, ...] = ()

    @cached_property
    def claim_by_id(self) -> dict[str, EditorClaim]:
        return {c.id: c for c in self.claims}

    @cached_property
    def decided(self) -> set[str]:
        """Every statement id some entry gives a fate."""
        ids = {s for c in self.claims for s in (*c.supports, *c.corrects)}
        ids |= {s for p in self.pointers for s in p.supports}
        return ids | {x.statement for x in self.left_out}

    def page(self, slug: str) -> PageClaims | None:
        return next((p for p in self.pages if p.page == slug), None)


def load_editorial(folder: Path) -> Editorial:
    """Every claims file, checked as a whole: all problems of every file are reported together."""
    if not folder.is_dir():
        return Editorial(folder)
    errors: list[ContentError] = []
    pages, claims, pointers, left_out = [], [], [], []
    for path in sorted(folder.glob("*.yml")):
        try:
            data = parse_yaml(read_text(path), path, fix=FORMAT_FIX, load=load_with_lines)
            if path.name == LEFT_OUT_FILE:
                left_out += _left_out(path, data, errors)
            else:
                page, page_claims, page_pointers = _page(path, data, errors)
                pages.append(page)
                claims += page_claims
                pointers += page_pointers
        except ContentError as error:
            errors.append(error)
    editorial = Editorial(folder, tuple(pages), tuple(claims), tuple(pointers), tuple(left_out))
    errors += _cross_checks(editorial)
    raise_together(errors)
    return editorial


def _page(
    path: Path, data: object, errors: list[ContentError]
) -> tuple[PageClaims, list[EditorClaim], list[FaqPointer]]:
    if not isinstance(data, dict) or not isinstance(data.get("page"), str):
        raise ContentError(path, 1, "a claims file starts with 'page: <slug>'", FORMAT_FIX)
    slug = data["page"]
    if path.stem != slug:
        errors.append(
            ContentError(
                path, line_of(data), f"the file is for page '{slug}'", f"name it {slug}.yml"
            )
        )
    claims: list[EditorClaim] = []
    pointers: list[FaqPointer] = []
    list_sections = []
    sections = data.get("sections") or []
    if not isinstance(sections, list):
        raise ContentError(path, line_of(data), "'sections' must be a list", FORMAT_FIX)
    for section in sections:
        if not isinstance(section, dict) or not isinstance(section.get("id"), str):
            errors.append(
                ContentError(path, _line(section, data), "a section needs an 'id'", FORMAT_FIX)
            )
            continue
        if section.get("list"):
            list_sections.append(section["id"])
        for entry in section.get("claims") or []:
            claim = _claim(path, slug, section["id"], entry, len(claims) + len(pointers), errors)
            if claim is not None:
                claims.append(claim)
        for entry in section.get("pointers") or []:
            pointer = _pointer(path, section["id"], entry, len(claims) + len(pointers), errors)
            if pointer is not None:
                pointers.append(pointer)
    key_facts = data.get("key_facts") or []
    if not isinstance(key_facts, list) or not all(isinstance(k, str) for k in key_facts):
        errors.append(
            ContentError(path, line_of(data), "'key_facts' must be a list of claim ids", FORMAT_FIX)
        )
        key_facts = []
    page = PageClaims(slug, path, tuple(key_facts), tuple(list_sections), line_of(data))
    return page, claims, pointers


def _claim(
    path: Path, page: str, section: str, entry: object, position: int, errors: list[ContentError]
) -> EditorClaim | None:
    if not isinstance(entry, dict):
        errors.append(
            ContentError(path, None, f"a claim in section '{section}' is not a mapping", FORMAT_FIX)
        )
        return None
    line = line_of(entry)
    problems = []
    claim_id = entry.get("id")
    if not isinstance(claim_id, str) or not CLAIM_ID.match(claim_id):
        problems.append(
            (
                f"claim id {claim_id!r} is not 'claim-' and lowercase words joined by hyphens",
                "write e.g. 'id: claim-ketamine-blocks-nmda-receptors' (it becomes the anchor)",
            )
        )
    text = entry.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(("the claim has no 'text'", "write the claim in plain words: 'text: ...'"))
    unknown = sorted(set(entry) - CLAIM_KEYS - {"question"})
    if unknown:
        problems.append((f"unknown field '{unknown[0]}'", f"use {', '.join(sorted(CLAIM_KEYS))}"))
    supports = _ids(entry, "supports", problems)
    corrects = _ids(entry, "corrects", problems)
    if not supports and not corrects and not entry.get("cite"):
        problems.append(("the claim has no 'supports'", "list the statements that say it"))
    note = str(entry.get("note") or "").strip()
    if corrects and not note:
        problems.append(
            (
                "a claim that corrects statements needs a 'note'",
                "write an editors' note: what some sources say and why it is wrong",
            )
        )
    flag = str(entry.get("flag") or "")
    if flag and flag not in FLAGS:
        problems.append((f"unknown flag '{flag}'", f"use one of: {', '.join(FLAGS)}"))
    for message, fix in problems:
        errors.append(ContentError(path, line, message, fix))
    if problems:
        return None
    return EditorClaim(
        id=claim_id,
        page=page,
        section=section,
        text=" ".join(text.split()),
        supports=supports,
        path=path,
        line=line,
        position=position,
        corrects=corrects,
        note=" ".join(note.split()),
        cite=tuple(str(k) for k in entry.get("cite") or ()),
        conflicts_with=tuple(str(k) for k in entry.get("conflicts_with") or ()),
        flag=flag,
        question=" ".join(str(entry.get("question") or "").split()),
    )


def _pointer(
    path: Path, section: str, entry: object, position: int, errors: list[ContentError]
) -> FaqPointer | None:
    if not isinstance(entry, dict) or not entry.get("question") or not entry.get("claim"):
        errors.append(
            ContentError(
                path, _line(entry, {}), "a pointer needs 'question' and 'claim'", FORMAT_FIX
            )
        )
        return None
    problems: list[tuple[str, str]] = []
    supports = _ids(entry, "supports", problems)
    for message, fix in problems:
        errors.append(ContentError(path, line_of(entry), message, fix))
    return FaqPointer(
        " ".join(str(entry["question"]).split()),
        str(entry["claim"]),
        section,
        supports,
        path,
        line_of(entry),
        position,
    )


def _left_out(path: Path, data: object, errors: list[ContentError]) -> list[LeftOut]:
    entries = data.get("left_out") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ContentError(path, 1, "the file needs a 'left_out:' list", FORMAT_FIX)
    result = []
    for entry in entries:
        line = _line(entry, data)
        if not isinstance(entry, dict) or not STATEMENT_ID.match(str(entry.get("statement", ""))):
            errors.append(
                ContentError(
                    path, line, "each entry needs 'statement: <article>:<fingerprint>'", FORMAT_FIX
                )
            )
            continue
        reason = entry.get("reason")
        if reason not in LEFT_OUT_REASONS:
            errors.append(
                ContentError(
                    path,
                    line,
                    f"unknown reason {reason!r}",
                    f"use one of: {', '.join(LEFT_OUT_REASONS)}",
                )
            )
            continue
        result.append(
            LeftOut(
                entry["statement"],
                reason,
                " ".join(str(entry.get("note") or "").split()),
                path,
                line,
            )
        )
    return result


def _ids(entry: dict, key: str, problems: list[tuple[str, str]]) -> tuple[str, ...]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(
        isinstance(v, str) and STATEMENT_ID.match(v) for v in value
    ):
        problems.append(
            (
                f"'{key}' must list statement ids like 'article-slug:0123456789'",
                "copy the ids `kapsite review` shows",
            )
        )
        return ()
    return tuple(value)


def _line(entry: object, parent: object) -> int:
    return line_of(entry, None) or line_of(parent) or 1


def _cross_checks(editorial: Editorial) -> list[ContentError]:
    """Problems between entries: a claim id twice, a statement given two fates that exclude each
    other, a key fact or conflict naming no claim, a pointer to nowhere."""
    errors = []
    seen: dict[str, EditorClaim] = {}
    for claim in editorial.claims:
        if claim.id in seen:
            first = seen[claim.id]
            errors.append(
                ContentError(
                    claim.path,
                    claim.line,
                    f"the claim id '{claim.id}' is used twice (first at {first.path.name}:{first.line})",
                    "give each claim its own id",
                )
            )
        seen.setdefault(claim.id, claim)
    shown = {s for c in editorial.claims for s in (*c.supports, *c.corrects)}
    shown |= {s for p in editorial.pointers for s in p.supports}
    left: dict[str, LeftOut] = {}
    for entry in editorial.left_out:
        if entry.statement in shown:
            errors.append(
                ContentError(
                    entry.path,
                    entry.line,
                    f"'{entry.statement}' is left out but also supports or is corrected by a claim",
                    "keep one fate: remove this entry or the claim's line",
                )
            )
        if entry.statement in left:
            errors.append(
                ContentError(
                    entry.path,
                    entry.line,
                    f"'{entry.statement}' is left out twice",
                    "remove one entry",
                )
            )
        left[entry.statement] = entry
    for claim in editorial.claims:
        both = set(claim.supports) & set(claim.corrects)
        if both:
            errors.append(
                ContentError(
                    claim.path,
                    claim.line,
                    f"'{sorted(both)[0]}' both supports and is corrected by '{claim.id}'",
                    "keep it in one list",
                )
            )
        for other in claim.conflicts_with:
            if other not in seen:
                errors.append(
                    ContentError(
                        claim.path,
                        claim.line,
                        f"conflicts_with names '{other}', which is no claim",
                        "use a claim id",
                    )
                )
    for page in editorial.pages:
        for key in page.key_facts:
            owner = seen.get(key)
            if owner is None or owner.page != page.page:
                errors.append(
                    ContentError(
                        page.path,
                        page.line,
                        f"key fact '{key}' is not a claim on this page",
                        "list 3-5 ids of this page's claims",
                    )
                )
    for pointer in editorial.pointers:
        if pointer.claim not in seen:
            errors.append(
                ContentError(
                    pointer.path,
                    pointer.line,
                    f"the pointer names '{pointer.claim}', which is no claim",
                    "use a claim id",
                )
            )
    return errors
