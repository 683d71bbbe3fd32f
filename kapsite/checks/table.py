"""The checks: a named, ordered table run over the finished model, in the manner of
Python-Markdown's processor registry. A check never reads a file and never changes the model.

Each check returns problems. Those of a check that ``stops`` the build are raised together, all
at once; the others are warnings, which fail only a strict build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kapsite.cache import Cache
from kapsite.checks import editorial as claim_checks
from kapsite.checks import kit as kit_checks
from kapsite.checks.accepted_figures import unmatched_entries
from kapsite.checks.anchors import check_lock, check_redirects
from kapsite.checks.claim_changes import check_claim_changes
from kapsite.checks.pointing import dangling_references
from kapsite.checks.readability import check_first_reads
from kapsite.checks.safe_messaging import check_site
from kapsite.checks.sanitise import scan
from kapsite.errors import ContentError, raise_together
from kapsite.inputs.load import Inputs
from kapsite.memo import KeptResults
from kapsite.stages import Composed
from kapsite.stages.cite import uncited_figures
from kapsite.timing import StageTimes, timed


@dataclass(frozen=True)
class Subject:
    """What the checks look at: the inputs, the composed model, and every published anchor;
    ``cache``, the build's, for a check whose results are worth keeping between builds."""

    inputs: Inputs
    composed: Composed
    anchors: frozenset[str]
    cache: Cache | None = None


@dataclass(frozen=True)
class Check:
    """A named content check: what it runs, and whether its findings stop the build."""

    name: str
    run: Callable[[Subject], list[ContentError]]
    stops: bool  # True: the build stops; False: a warning (fails a strict build)


def _claim_places(s: Subject) -> list[ContentError]:
    return claim_checks.places(s.inputs.editorial, s.inputs.taxonomy)


def _editor_citations(s: Subject) -> list[ContentError]:
    i = s.inputs
    return claim_checks.editor_citations(i.editorial, i.bibliography, s.composed.references)


def _anchors(s: Subject) -> list[ContentError]:
    lost = check_redirects(s.inputs.redirects, set(s.anchors))
    if s.inputs.anchors_lock is not None:
        lost += check_lock(s.inputs.anchors_lock, s.anchors, s.inputs.redirects)
    return lost


def _claim_changes(s: Subject) -> list[ContentError]:
    i = s.inputs
    if i.changes is None:
        return []
    pages = [topic.slug for topic in i.taxonomy.topics]
    return check_claim_changes(i.editorial.claims, i.changes, i.claims_lock, pages)


# Each article's raw-HTML warnings by its body, path and first line: live preview scans again
# only the articles an edit changed.
_raw_html_found: KeptResults[tuple[ContentError, ...]] = KeptResults()


def _raw_html(s: Subject) -> list[ContentError]:
    # Raw HTML the sanitiser will remove, found in the source so the warning has its line.
    return [
        w
        for a in s.inputs.articles
        for w in _raw_html_found.get(
            (a.body, a.path, a.body_line), lambda a=a: tuple(scan(a.body, a.path, a.body_line))
        )
    ]


def _safe_messaging(s: Subject) -> list[ContentError]:
    i = s.inputs
    return check_site(i.articles, s.composed.clusters, i.taxonomy, i.notices.safe_messaging)


CHECKS: tuple[Check, ...] = (
    Check("claim-places", _claim_places, stops=True),
    Check("editor-citations", _editor_citations, stops=True),
    Check(
        "invented-figures",
        lambda s: claim_checks.invented_figures(s.composed.clusters, s.inputs.editorial),
        stops=False,
    ),
    Check(
        "pending-review",
        lambda s: claim_checks.pending(s.composed.clusters, s.inputs.editorial),
        stops=False,
    ),
    Check(
        "kit-claims",
        lambda s: kit_checks.unknown_claims(s.inputs.kit, s.composed.pages),
        stops=True,
    ),
    Check("anchors", _anchors, stops=True),
    Check("claim-changes", _claim_changes, stops=False),
    Check("uncited-figures", lambda s: uncited_figures(s.composed.clusters), stops=False),
    Check(
        "accept-uncited",
        lambda s: unmatched_entries(s.inputs.articles, s.composed.statements),
        stops=False,
    ),
    Check("raw-html", _raw_html, stops=False),
    Check("dangling-reference", lambda s: dangling_references(s.composed.statements), stops=False),
    Check("safe-messaging", _safe_messaging, stops=False),
    # Generated intros and FAQ answers at grade 8 or below.
    Check(
        "reading-grade",
        lambda s: check_first_reads(list(s.composed.pages), s.inputs.taxonomy, s.cache),
        stops=False,
    ),
    Check(
        "kit-words",
        lambda s: kit_checks.own_words(s.inputs.kit, s.inputs.notices.safe_messaging, s.cache),
        stops=False,
    ),
)


def run_checks(
    subject: Subject, checks: tuple[Check, ...] = CHECKS, profile: StageTimes | None = None
) -> list[ContentError]:
    """Every check in order; raises every stopping problem together, returns the warnings.
    ``profile`` receives each check's time, as a part of "checks"."""
    errors: list[ContentError] = []
    warnings: list[ContentError] = []
    for check in checks:
        with timed(profile, f"checks: {check.name}"):
            found = check.run(subject)
        (errors if check.stops else warnings).extend(found)
    raise_together(errors)
    return warnings
