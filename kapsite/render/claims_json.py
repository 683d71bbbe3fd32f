"""``claims.json``: every claim of the site and the fate of every statement, for fact-checkers
and tools. Stable: a claim's ``id`` is its published anchor and is never reused."""

from __future__ import annotations

import json
from collections.abc import Sequence
from json.encoder import encode_basestring

from kapsite.inputs.claims import LeftOut
from kapsite.memo import KeptResults
from kapsite.model import Claim, Statement, TopicPage
from kapsite.stages.compose import claim_paths


def _statement(statement: Statement) -> dict:
    return {
        "id": statement.id,
        "article": statement.article,
        "line": statement.line,
        "text": statement.text,
    }


def claims_json(pages: list[TopicPage], left_out: Sequence[tuple[Statement, LeftOut]] = ()) -> str:
    """Every claim: its words, where it is, the statements behind it (and any it corrects),
    citations, evidence and flags; then every statement left out, with the reason."""
    paths = claim_paths(pages)
    claims = []
    for page in pages:
        for section in page.sections:
            for claim in section.clusters:
                url = f"{page.where(claim.id)}/#{claim.id}"
                conflicts = tuple(f"{paths.get(c.id, c.page)}/#{c.id}" for c in claim.conflicts)
                claims.append(
                    _claim_records.get(
                        (claim, page.slug, section.id, url, conflicts),
                        lambda c=claim, p=page.slug, s=section.id, u=url, o=conflicts: _in_list(
                            _record(c, p, s, u, o)
                        ),
                    )
                )
    dropped = [
        _in_list({**_statement(statement), "reason": entry.reason, "note": entry.note})
        for statement, entry in sorted(left_out, key=lambda x: (x[0].article, x[0].line, x[0].id))
    ]
    return f'{{\n "claims": {_list(claims)},\n "left_out": {_list(dropped)}\n}}\n'


# Each claim's record, as written in the file, by the claim (which compares by content) and where
# it is shown: live preview writes again only the records an edit changed. At 1,000 articles
# encoding every record, with the standard library's indenting encoder, took seconds.
_claim_records: KeptResults[str] = KeptResults()


def _record(
    claim: Claim, page: str, section: str, url: str, conflicts: tuple[str, ...]
) -> dict[str, object]:
    return {
        "id": claim.id,
        "text": claim.text,
        "question": claim.question,
        "page": page,
        "section": section,
        "url": url,
        "articles": list(claim.articles),
        "statements": [_statement(m) for m in claim.members],
        "corrects": [_statement(m) for m in claim.corrects],
        "editors_note": claim.note,
        "citations": list(claim.citation_keys),
        "figures": list(claim.figures),
        "evidence": claim.evidence,
        "flags": list(claim.flags),
        "conflicts": list(conflicts),
        "reviewed": not claim.pending,
    }


# The file is ``{"claims": [...], "left_out": [...]}`` as ``json.dumps(indent=1,
# sort_keys=True)`` writes it; each list item is encoded on its own and indented to its depth
# (two), which gives the same bytes: JSON strings hold no raw newline, so every newline in an
# item's text starts one of its lines.
ITEM_INDENT = "  "


def _in_list(item: dict[str, object]) -> str:
    return ITEM_INDENT + indented_json(item, ITEM_INDENT)


def indented_json(value: object, indent: str = "") -> str:
    """``json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True)``, each line after the
    first starting with ``indent`` too: the same bytes, strings escaped by the standard
    library's C function. Its indenting encoder is pure Python (a generator call per value):
    at 1,000 synthetic articles claims.json took 5.5 s of a profiled build that way."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None or value is True or value is False:
        return "null" if value is None else "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)
    inner = indent + " "
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        if not value:
            return "{}"
        fields = (
            f"{inner}{encode_basestring(key)}: {indented_json(value[key], inner)}"
            for key in sorted(value)
        )
        return "{\n" + ",\n".join(fields) + "\n" + indent + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = (inner + indented_json(item, inner) for item in value)
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    # Anything else (a float, a dict with other keys) as the standard library writes it.
    text = json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True)
    return text.replace("\n", "\n" + indent)


def _list(items: Sequence[str]) -> str:
    return "[\n" + ",\n".join(items) + "\n ]" if items else "[]"
