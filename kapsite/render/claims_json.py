"""``claims.json``: every claim of the site and the fate of every statement, for fact-checkers
and tools. Stable: a claim's ``id`` is its published anchor and is never reused."""

from __future__ import annotations

import json
from collections.abc import Sequence

from kapsite.inputs.claims import LeftOut
from kapsite.model import Statement, TopicPage
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
    claims = [
        {
            "id": claim.id,
            "text": claim.text,
            "question": claim.question,
            "page": page.slug,
            "section": section.id,
            "url": f"{page.where(claim.id)}/#{claim.id}",
            "articles": list(claim.articles),
            "statements": [_statement(m) for m in claim.members],
            "corrects": [_statement(m) for m in claim.corrects],
            "editors_note": claim.note,
            "citations": list(claim.citation_keys),
            "figures": list(claim.figures),
            "evidence": claim.evidence,
            "flags": list(claim.flags),
            "conflicts": [f"{paths.get(c.id, c.page)}/#{c.id}" for c in claim.conflicts],
            "reviewed": not claim.pending,
        }
        for page in pages
        for section in page.sections
        for claim in section.clusters
    ]
    dropped = [
        {**_statement(statement), "reason": entry.reason, "note": entry.note}
        for statement, entry in sorted(left_out, key=lambda x: (x[0].article, x[0].line, x[0].id))
    ]
    data = {"claims": claims, "left_out": dropped}
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
