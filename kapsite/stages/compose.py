"""Stage 6, compose: claims into topic pages (``TopicPage``), section by section, in reading
order. Turning a page into Markdown is ``render/topic_page``'s job."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet

from kapsite.config import PAGE_BUDGET
from kapsite.inputs.claims import Editorial, LeftOut
from kapsite.inputs.redirects import Redirects
from kapsite.inputs.topics import Taxonomy
from kapsite.model import (
    Article,
    Claim,
    Landing,
    Part,
    Pointer,
    Reference,
    Section,
    Statement,
    TopicPage,
)
from kapsite.stages.dedupe.merge import claim_anchor
from kapsite.stages.segment import normalise


def compose(
    taxonomy: Taxonomy,
    clusters: list[Claim],
    references: dict[str, Reference],
    articles: list[Article],
    editorial: Editorial | None = None,
    left_out: Sequence[tuple[Statement, LeftOut]] = (),
    budget: int = PAGE_BUDGET,
    published: AbstractSet[str] = frozenset(),
    redirects: Redirects | None = None,
) -> list[TopicPage]:
    """Each page of topics.yml with its claims: the editor's in the editor's order, then any not
    yet reviewed in article order; its key facts; and the anchors of statements that are no
    longer shown, kept in the section they stood in so shared links still land there.
    A page whose claims weigh more than ``budget`` is split into parts (``split``);
    ``published``: the URLs and anchors published before ("/overview/#claim-..."), which a
    split page keeps as landings, as it keeps the old anchors ``redirects`` gives its claims."""
    by_slug = {a.slug: a for a in articles}
    labels = tuple(sorted(source_labels(articles).items()))
    by_id = {c.id: c for c in clusters}
    pages = []
    for topic in taxonomy.topics:
        on_page = sorted(
            (c for c in clusters if c.page == topic.slug),
            key=lambda c: (c.pending, c.position, _first_place(c)),
        )
        plan = editorial.page(topic.slug) if editorial else None
        as_list = set(plan.list_sections) if plan else set()
        pointers = _pointers(editorial, by_id) if editorial and topic.faq else ()
        sections = tuple(
            Section(
                s.id,
                s.title,
                tuple(c for c in on_page if c.section == s.id),
                as_list=s.id in as_list,
                pointers=tuple(p for p in pointers if p.section == s.id),
            )
            for s in topic.sections
        )
        keys = _first_appearance(c for s in sections for c in s.clusters)
        used_articles = sorted({a for c in on_page for a in c.articles})
        kept = sorted(
            {
                (statement.section, claim_anchor(normalise(statement.text) or statement.id))
                for statement, _ in left_out
                if statement.page == topic.slug
            }
        )
        parts = split(topic.slug, sections, budget)
        pages.append(
            TopicPage(
                slug=topic.slug,
                title=topic.title,
                intro=topic.intro,
                sections=sections,
                references=tuple(references[k] for k in keys),
                articles=tuple(by_slug[a] for a in used_articles),
                source_labels=labels,
                answered_elsewhere=pointers,
                key_facts=tuple(by_id[k] for k in plan.key_facts if k in by_id) if plan else (),
                kept_anchors=tuple(kept),
                parts=parts,
                landings=landings(
                    topic.slug, parts, published, redirects.on_page(topic.slug) if redirects else {}
                ),
            )
        )
    return pages


# Quotes shown under a claim, of the statements that support it; the rest are counted, and all
# are in claims.json. A claim that a thousand articles repeat weighs the same as one that three do.
QUOTES_SHOWN = 30  # the most the real site shows under one claim
CLAIM_MARKUP = 400  # bytes of markup around a claim and each quote: ids, links, labels
QUOTE_MARKUP = 150


def claim_weight(claim: Claim) -> int:
    """About how many bytes of Markdown the claim takes on a page: its words and the quotes
    shown under it, with their markup."""
    quotes = (*claim.members[:QUOTES_SHOWN], *claim.corrects)
    return CLAIM_MARKUP + len(claim.text) + sum(len(q.text) + QUOTE_MARKUP for q in quotes)


def split(slug: str, sections: Sequence[Section], budget: int) -> tuple[Part, ...]:
    """No parts while the page's claims weigh at most ``budget``. Over it, each section with
    claims gets its own page, ``<slug>/<section id>/``, and a section over the budget is cut,
    in reading order, into runs that fit: ``<slug>/<section id>/2/`` and on. A section's first
    part keeps its address however the section grows, so links to it stay good."""
    if sum(claim_weight(c) for s in sections for c in s.clusters) <= budget:
        return ()
    parts: list[Part] = []
    for section in sections:
        runs: list[list[Claim]] = []
        weight = 0
        for claim in section.clusters:
            if not runs or weight + claim_weight(claim) > budget:
                runs.append([])
                weight = 0
            runs[-1].append(claim)
            weight += claim_weight(claim)
        for number, run in enumerate(runs, start=1):
            path = f"{slug}/{section.id}" + (f"/{number}" if number > 1 else "")
            parts.append(Part(path, section.id, number, len(runs), tuple(run)))
    return tuple(parts)


def landings(
    slug: str, parts: Sequence[Part], published: AbstractSet[str], aliases: dict[str, str]
) -> tuple[Landing, ...]:
    """Every published anchor of the page itself ("/<slug>/#claim-...") whose claim is now on
    a part, and every old anchor content/redirects.yml points at such a claim (``aliases``, old
    -> claim id): it stays on the page, in its section, beside a link to the claim. Anchors a
    part publishes for the first time need no landing here."""
    old_ids: dict[str, list[str]] = {}
    for old, new in sorted(aliases.items()):
        old_ids.setdefault(new, []).append(old)
    found = []
    for part in parts:
        for claim in part.claims:
            kept = [a for a in (claim.id, *claim.aliases) if f"/{slug}/#{a}" in published]
            for anchor in sorted({*kept, *old_ids.get(claim.id, [])}):
                found.append(Landing(part.section, anchor, part.path, claim.id))
    return tuple(found)


def claim_paths(pages: Iterable[TopicPage]) -> dict[str, str]:
    """Every claim's page, by its id: where links to it go (``TopicPage.where``)."""
    return {c.id: page.where(c.id) for page in pages for c in page.claims}


def _first_place(claim: Claim) -> tuple[str, int, int]:
    return min(((m.article, m.line, m.position) for m in claim.members), default=("", 0, 0))


def _pointers(editorial: Editorial, by_id: dict[str, Claim]) -> tuple[Pointer, ...]:
    """FAQ questions answered by a claim on another page: the FAQ asks and links to it."""
    result = []
    for entry in editorial.pointers:
        claim = by_id.get(entry.claim)
        if claim is None:
            continue
        result.append(
            Pointer(
                entry.question,
                ("", entry.position, 0),
                claim.id,
                claim.page,
                claim.text,
                section=entry.section,
                position=entry.position,
            )
        )
    return tuple(result)


def source_labels(articles: Iterable[Article]) -> dict[str, str]:
    """A short name for each source article, the same on every page of the site: its front
    matter's ``source.short``, else its publisher, else its title."""
    names = {}
    for article in sorted(articles, key=lambda a: a.slug):
        source = article.source
        publisher = "" if source.publisher.lower().startswith("unknown") else source.publisher
        names[article.slug] = source.short or publisher or article.title
    return names


def _first_appearance(clusters: Iterable[Claim]) -> list[str]:
    keys: dict[str, None] = {}
    for cluster in clusters:
        for key in cluster.citation_keys:
            keys.setdefault(key, None)
    return list(keys)
