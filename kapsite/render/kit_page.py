"""The Suicide Prevention Month kit: claims picked in ``content/kit.yml``, made to be shared.

Top to bottom: the crisis lines (the page is about suicide: help comes first), the intro, the
statistics with their year and source (marked where the figure is old), the key
facts about KAP with their evidence labels, then the legend. Each fact carries its permalink
(the claim's anchor on its topic page, absolute when the site's address is known) as a plain
link, and the text to paste with its sources inside a ``<details>``: both work without
JavaScript. ``javascripts/kapsite-copy.js`` adds the copy buttons where it runs.

The page prints as a one-page fact sheet (``print.css``): the facts, their sources and the help
lines, without the links and disclosures.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from kapsite.checks.sanitise import clean_inline
from kapsite.inputs.kit import Kit, KitStatistic
from kapsite.model import Claim, Reference
from kapsite.render.review_dates import long_date, review_html
from kapsite.render.topic_page import KIT_LEGEND, evidence_labels, plain_claim_text
from kapsite.text.html import NOT_SEARCHED, escape

STATISTICS_ID = "statistics"
FACTS_ID = "kap-facts"
SECTIONS = (
    (STATISTICS_ID, "Suicide and mental health in numbers"),
    (FACTS_ID, "Key facts about ketamine-assisted psychotherapy"),
)


def kit_anchors(kit: Kit) -> set[str]:
    url = f"/{kit.slug}/"
    return {url, *(f"{url}#{section}" for section, _ in SECTIONS)}


def render_kit(
    kit: Kit,
    claims: dict[str, Claim],
    references: dict[str, Reference],
    names: dict[str, str],
    help_box: str,
    site_url: str,
    paths: dict[str, str] | None = None,
) -> str:
    """``claims``: every claim by id (the kit check has made sure each id is there);
    ``names``: each source article's short name; ``help_box``: the crisis lines, in full;
    ``paths``: claim id -> the page showing it, where topic pages are split."""
    sharing = _Sharing(references, names, site_url, paths or {})
    statistics = [(claims[s.claim], s) for s in kit.statistics]
    facts = [claims[f.claim] for f in kit.facts]
    out = ["---", f"description: {json.dumps(escape(kit.intro))}", "---", ""]
    out += [f"# {escape(kit.title)}", ""]
    out += ['<div class="kap-kit" markdown>', ""]
    # Someone in crisis may land here from a shared link: the help lines come first.
    out += [help_box, ""]
    out += [f'<p class="kap-kit__intro">{escape(kit.intro)}</p>', ""]
    title = dict(SECTIONS)
    out += [f"## {title[STATISTICS_ID]} {{ #{STATISTICS_ID} }}", ""]
    if any(kit.outdated(s) for s in kit.statistics):
        out += [f'<p class="kap-kit__note">{escape(outdated_words(kit))}</p>', ""]
    out += [_list([sharing.item(c, kit, s) for c, s in statistics]), ""]
    out += [f"## {title[FACTS_ID]} {{ #{FACTS_ID} }}", ""]
    out += [_list([sharing.item(c, kit) for c in facts]), ""]
    out += [KIT_LEGEND, ""]
    if site_url:  # a printed sheet says where its sources are
        address = f"{site_url.rstrip('/')}/{kit.slug}/"
        out += [f'<p class="kap-kit__address">Sources for every fact: {escape(address)}</p>', ""]
    out += ["</div>", ""]
    out += [review_html([kit.reviewed.isoformat()])]
    return "\n".join(out).rstrip() + "\n"


def permalink(claim: Claim, site_url: str, path: str = "") -> str:
    """The claim's anchor on its topic page (``path``: the part showing it, on a split page):
    absolute, so it works pasted anywhere."""
    base = site_url.rstrip("/") if site_url else ".."
    return f"{base}/{path or claim.page}/#{claim.id}"


OUTDATED_LABEL = "Older figure"


def outdated_words(kit: Kit) -> str:
    """Said once, above the statistics: what the label on an old figure means."""
    return (
        f"“{OUTDATED_LABEL}” marks a number from more than {kit.outdated_after_years} years "
        f"before we last checked this page, on {long_date(kit.reviewed)}. "
        "A newer figure may differ."
    )


class _Sharing:
    def __init__(
        self,
        references: dict[str, Reference],
        names: dict[str, str],
        site_url: str,
        paths: dict[str, str],
    ):
        self.references = references
        self.names = names
        self.paths = paths
        self.site_url = site_url

    def sources(self, claim: Claim, statistic: KitStatistic | None) -> list[str]:
        """Who says it, as plain text: the figure's publisher and year, the studies and
        official records cited, then the source articles."""
        found = [f"{statistic.source}, {statistic.year}"] if statistic else []
        found += [
            self.references[key].text
            for key in claim.citation_keys
            if self.references[key].group != "source-article"
        ]
        found += [self.names.get(slug, slug) for slug in claim.articles]
        return found

    def item(self, claim: Claim, kit: Kit, statistic: KitStatistic | None = None) -> str:
        path = self.paths.get(claim.id, claim.page)
        link = permalink(claim, self.site_url, path)
        sources = self.sources(claim, statistic)
        # The note's label leads to the claim on its page, where the note stands under it.
        labels = "".join(
            f" {label}"
            for label in evidence_labels(claim, link, page_prefix=f"../{path}/", paths=self.paths)
        )
        where = ""
        if statistic is not None:
            where = (
                f' <span class="kap-fact__source">{escape(statistic.source)}, '
                f"{statistic.year}</span>"
            )
            if kit.outdated(statistic):
                where += f' <span class="kap-label kap-label-outdated">{OUTDATED_LABEL}</span>'
                sources[0] += f" ({OUTDATED_LABEL.lower()})"
        cited = f" Sources: {'; '.join(sources)}." if sources else ""
        shared = f"{plain_claim_text(claim.text)}{cited} {link}"
        return (
            f'<li class="kap-fact" id="kit-{claim.id}">'
            f'<p class="kap-fact__text">{clean_inline(claim.text)}{where}{labels}</p>'
            f'<p class="kap-fact__share"><a class="kap-permalink" href="{escape(link)}">'
            f"Link to this fact</a></p>"
            f'<details class="kap-share" {NOT_SEARCHED}>'
            "<summary>Text to copy, with its sources</summary>"
            f'<p class="kap-share__text">{escape(shared)}</p></details></li>'
        )


def _list(items: Sequence[str]) -> str:
    return f'<ul class="kap-facts">{"".join(items)}</ul>'
