"""The Suicide Prevention Month kit (``content/kit.yml``) against the finished model.

Stopping errors: a claim id the site does not publish, and a statistic whose year or source
its claim does not state (the kit must not add a date or a publisher the editors did not
write). Warnings: the page's own words, checked like every page's (safe messaging, reading
grade).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from kapsite.cache import Cache
from kapsite.checks.readability import MAX_GRADE, cached_grade
from kapsite.checks.safe_messaging import Text, check
from kapsite.errors import ContentError
from kapsite.inputs.kit import Kit
from kapsite.inputs.safe_messaging_rules import WordingRule
from kapsite.model import TopicPage


def unknown_claims(kit: Kit | None, pages: Iterable[TopicPage]) -> list[ContentError]:
    if kit is None:
        return []
    by_id = {c.id: c for page in pages for c in page.claims}
    errors = []
    for claim_id, line in kit.claim_ids:
        if claim_id not in by_id:
            close = difflib.get_close_matches(claim_id, sorted(by_id), n=1, cutoff=0.8)
            hint = f"did you mean '{close[0]}'? " if close else ""
            errors.append(
                ContentError(
                    kit.path,
                    line,
                    f"no claim has the id '{claim_id}'",
                    f"{hint}use a claim's id from content/claims/*.yml (its anchor on its page)",
                )
            )
    for statistic in kit.statistics:
        claim = by_id.get(statistic.claim)
        if claim is None:
            continue
        said = f"{claim.text} {claim.note}"
        for what, value in (("year", str(statistic.year)), ("source", statistic.source)):
            if value.lower() not in said.lower():
                errors.append(
                    ContentError(
                        kit.path,
                        statistic.line,
                        f"the {what} '{value}' is not in the claim '{statistic.claim}' "
                        "or its editors' note",
                        f"give the {what} as the claim states it, or put it in the claim first",
                    )
                )
    return errors


def own_words(
    kit: Kit | None, rules: tuple[WordingRule, ...], cache: Cache | None = None
) -> list[ContentError]:
    """The kit's title and introduction: the page is about suicide, so every rule applies; and
    the introduction's reading grade (kept in ``cache``, the build's)."""
    if kit is None:
        return []
    texts = [
        Text(kit.path, kit.line, kit.title, title=True),
        Text(kit.path, kit.intro_line, kit.intro),
    ]
    warnings = check(texts, rules, page_mentions_suicide=True)
    level = cached_grade(kit.intro, cache)
    if level > MAX_GRADE:
        warnings.append(
            ContentError(
                kit.path,
                kit.intro_line,
                f"the kit's introduction reads at grade {level} (over {MAX_GRADE:g})",
                "use shorter sentences and everyday words",
            )
        )
    return warnings
