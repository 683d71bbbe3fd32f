"""Checks on the editor's claims against the rest of the model: each claim in a place
topics.yml defines, corrections citing verified records only, no figure a statement lacks
(nothing invented), and every statement decided (nothing pending review)."""

from __future__ import annotations

from collections.abc import Iterable

from kapsite.errors import ContentError
from kapsite.inputs.bibliography import BibEntry
from kapsite.inputs.claims import Editorial
from kapsite.inputs.topics import Taxonomy
from kapsite.memo import KeptResults
from kapsite.model import Claim, Reference, Statement
from kapsite.output import NOT_REVIEWED
from kapsite.stages.cite import CHECKED
from kapsite.text.figures import figures


def places(editorial: Editorial, taxonomy: Taxonomy) -> list[ContentError]:
    """Every claim on a page and section topics.yml defines; pointers only on the FAQ page."""
    known = {(t.slug, s.id) for t in taxonomy.topics for s in t.sections}
    errors = []
    for claim in editorial.claims:
        if (claim.page, claim.section) not in known:
            sections = ", ".join(s for p, s in sorted(known) if p == claim.page)
            errors.append(
                ContentError(
                    claim.path,
                    claim.line,
                    f"claim '{claim.id}' is in section '{claim.section}' of page '{claim.page}', "
                    "which content/topics.yml does not define",
                    f"use a section of that page{': ' + sections if sections else ''}, "
                    "or add it to content/topics.yml",
                )
            )
    faq = next((t.slug for t in taxonomy.topics if t.faq), "")
    for pointer in editorial.pointers:
        if pointer.path.stem != faq:
            errors.append(
                ContentError(
                    pointer.path,
                    pointer.line,
                    "only the FAQ page has pointers",
                    "move the question to the FAQ page's claims file",
                )
            )
    return errors


def editor_citations(
    editorial: Editorial, bibliography: dict[str, BibEntry], references: dict[str, Reference]
) -> list[ContentError]:
    """A key the editor adds must exist and be checked: an editor never cites what we could not
    verify (a source's own unverified citation stays the source's, shown as unverified)."""
    errors = []
    for claim in editorial.claims:
        for key in claim.cite:
            if key not in bibliography:
                errors.append(
                    ContentError(
                        claim.path,
                        claim.line,
                        f"'{claim.id}' cites '{key}', which no .bib file holds",
                        "add the entry to bibliography/ or fix the key",
                    )
                )
            elif references[key].verification not in CHECKED:
                errors.append(
                    ContentError(
                        claim.path,
                        claim.line,
                        f"'{claim.id}' cites '{key}', which is {references[key].verification}",
                        "an editor cites only verified records",
                    )
                )
    return errors


def invented_figures(claims: Iterable[Claim], editorial: Editorial) -> list[ContentError]:
    """Every figure in an editor's text appears in a statement behind it, or the claim cites a
    verified record for it: a claim says no more than its sources."""
    errors = []
    for claim in claims:
        if claim.pending or claim.cite:
            continue
        stated = {_plain(f) for m in claim.members for f in m.figures}
        for figure in figures(claim.text):
            if _plain(figure.text) not in stated and not any(
                _plain(figure.text) in _plain(m.text) for m in claim.members
            ):
                entry = editorial.claim_by_id[claim.id]
                errors.append(
                    ContentError(
                        entry.path,
                        entry.line,
                        f"'{claim.id}' says {figure.text!r}, which none of its statements says",
                        "use the figure exactly as a source gives it, or cite a verified record",
                    )
                )
    return errors


def pending(claims: Iterable[Claim], editorial: Editorial) -> list[ContentError]:
    """A statement no editor has decided: shown as 'not yet reviewed', and a strict build fails.
    A project with no claims folder has not begun review: its pages show every statement as not
    yet reviewed, and its builds pass (the first ``kapsite review`` answer creates the folder)."""
    if not editorial.folder.is_dir():
        return []
    fix = (
        "run `kapsite review`: it asks about each statement not yet reviewed and keeps "
        f"the answer in content/{editorial.folder.name}/"
    )
    return [
        warning
        for claim in claims
        if claim.pending
        for warning in _not_reviewed.get(
            (claim, fix),
            lambda c=claim: tuple(_not_reviewed_warning(m, fix) for m in c.members),
        )
    ]


# Each pending claim's warnings by the claim (which compares by content, its statements with
# it): at 1,000 articles some 70,000 statements in 3,000 claims wait for review, and live
# preview makes again only the warnings of the claims an edit changed. A claim no edit touched
# is the same object as in the last build (``dedupe.merge._pending``), found by identity.
_not_reviewed: KeptResults[tuple[ContentError, ...]] = KeptResults()


def _not_reviewed_warning(member: Statement, fix: str) -> ContentError:
    return ContentError(
        member.path,
        member.line,
        f"{NOT_REVIEWED}'{member.text[:60]}{'…' if len(member.text) > 60 else ''}' ({member.id})",
        fix,  # one string for every warning
    )


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("–", "-").split())
