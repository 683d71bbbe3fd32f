"""Stage 6, compose: claims into topic pages (``TopicPage``), section by section, in reading
order. Turning a page into Markdown is ``render/topic_page``'s job."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path

from kapsite.config import PAGE_BUDGET
from kapsite.inputs.claims import Editorial, LeftOut
from kapsite.inputs.redirects import Redirects
from kapsite.inputs.topics import Taxonomy
from kapsite.memo import KeptResults
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
    locked = published_by_path(published)
    redirects = redirects or Redirects({}, Path("content/redirects.yml"))
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
        page = TopicPage(
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
            parts=split(topic.slug, sections, budget),
        )
        pages.append(keep_published(page, locked, redirects))
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


def _weight(claim: Claim) -> int:
    return _weights.get(claim, lambda: claim_weight(claim))


# Each claim's weight, by the claim: a claim no edit touched is the same object as last build's
# (``dedupe.merge._pending``), found at once.
_weights: KeptResults[int] = KeptResults()


def split(slug: str, sections: Sequence[Section], budget: int) -> tuple[Part, ...]:
    """No parts while the page's claims weigh at most ``budget``. Over it, each section with
    claims gets its own page, ``<slug>/<section id>/``, and a section over the budget is cut,
    in reading order, into runs that fit: ``<slug>/<section id>/2/`` and on. A section's first
    part keeps its address however the section grows, so links to it stay good."""
    weights = [[_weight(c) for c in s.clusters] for s in sections]
    if sum(map(sum, weights)) <= budget:
        return ()
    parts: list[Part] = []
    for section, weighed in zip(sections, weights, strict=True):
        runs: list[list[Claim]] = []
        weight = 0
        for claim, claim_weighs in zip(section.clusters, weighed, strict=True):
            if not runs or weight + claim_weighs > budget:
                runs.append([])
                weight = 0
            runs[-1].append(claim)
            weight += claim_weighs
        for number, run in enumerate(runs, start=1):
            path = f"{slug}/{section.id}" + (f"/{number}" if number > 1 else "")
            parts.append(Part(path, section.id, number, len(runs), tuple(run)))
    return tuple(parts)


# What follows "<slug>/" in a part's path: a section id, then a part number from 2.
PART_PATH = re.compile(r"[A-Za-z0-9_-]+(?:/[1-9][0-9]*)?")


def published_by_path(published: Iterable[str]) -> dict[str, set[str]]:
    """Published URLs and anchors ("/p/s/2/#claim-x") by page path ("p/s/2"): anchor ids, ""
    for the URL itself."""
    found: dict[str, set[str]] = {}
    for entry in published:
        url, _, anchor = entry.partition("#")
        found.setdefault(url.strip("/"), set()).add(anchor)
    return found


def keep_published(
    page: TopicPage, locked: Mapping[str, AbstractSet[str]], redirects: Redirects
) -> TopicPage:
    """The page with what keeps its published URLs and anchors working wherever its claims
    went: its retired parts and its landings. ``locked``: ``published_by_path``."""
    retired = retired_parts(page, locked, redirects)
    return dataclasses.replace(
        page, retired=retired, landings=landings(page, retired, locked, redirects)
    )


def _is_part_path(slug: str, path: str) -> bool:
    return path.startswith(f"{slug}/") and bool(PART_PATH.fullmatch(path[len(slug) + 1 :]))


def retired_parts(
    page: TopicPage, locked: Mapping[str, AbstractSet[str]], redirects: Redirects
) -> tuple[str, ...]:
    """Part paths published before (``locked``, or an old anchor in content/redirects.yml) that
    no part holds now: the page fell back under the budget, or a section needs fewer parts.
    Each stays a page of links rather than breaking. Kept for good instead of staying split:
    this works as well for a part that is gone from a page that is still split, and lets the
    page read whole again. A part URL redirected in content/redirects.yml is the redirect's."""
    live = {part.path for part in page.parts}
    old_anchors = {old.partition("#")[0].strip("/") for old in redirects.moves if "#" in old}
    redirected = {old.strip("/") for old in redirects.moves if "#" not in old}
    return tuple(
        sorted(
            path
            for path in {*locked, *old_anchors}
            if _is_part_path(page.slug, path) and path not in live and path not in redirected
        )
    )


def landings(
    page: TopicPage,
    retired: Sequence[str],
    locked: Mapping[str, AbstractSet[str]],
    redirects: Redirects,
) -> tuple[Landing, ...]:
    """Every published anchor of the page or of one of its parts (``locked``: path -> anchor
    ids) whose claim is no longer there: its claim grew onto another part, or the page split,
    or fell back under the budget. It stays where it was published, as a link to where the
    claim is now. Also the old anchors content/redirects.yml names on the page or its parts:
    on the page itself those of claims now on a part (the page keeps the others: aliases and
    moved-away links, ``render_markdown``), on a part every one."""
    homes = {page.slug: "", **{p.path: p.section for p in page.parts}}
    homes |= {path: path.split("/")[1] for path in retired}
    claim_of: dict[str, str] = {}  # anchor -> claim id: the claims' ids, then their aliases
    for claim in page.claims:
        claim_of.setdefault(claim.id, claim.id)
    for claim in page.claims:
        for alias in claim.aliases:
            claim_of.setdefault(alias, claim.id)
    section_of = {c.id: c.section for c in page.claims}
    order = {c.id: n for n, c in enumerate(page.claims)}
    shown = {(page.paths[claim_of[a]], a) for a in claim_of}  # each claim shows its anchors
    found: dict[tuple[str, str], Landing] = {}
    for at in homes:
        for anchor in sorted(locked.get(at, ())):
            claim = claim_of.get(anchor)
            if claim is not None and (at, anchor) not in shown:
                section = homes[at] or section_of[claim]
                found[at, anchor] = Landing(at, section, anchor, page.paths[claim], claim)
    for old, new in sorted(redirects.moves.items()):
        url, _, anchor = old.partition("#")
        at = url.strip("/")
        if not anchor or at not in homes or (at, anchor) in shown:
            continue
        new_url, _, target = new.partition("#")
        new_path = new_url.strip("/")
        on_page = new_path == page.slug or _is_part_path(page.slug, new_path)
        claim = claim_of.get(target) if on_page else None
        if at == page.slug and (new_path != page.slug or claim is None or not page.parts):
            continue  # the page keeps it itself, as an alias or a moved-away link
        if claim is not None:
            section = homes[at] or section_of[claim]
            found[at, anchor] = Landing(at, section, anchor, page.paths[claim], claim)
        else:  # to another page, or to a section: the redirect's own address
            found[at, anchor] = Landing(at, homes[at], anchor, new_path, target)
    return tuple(
        sorted(
            found.values(),
            key=lambda x: (x.at, order.get(x.claim_id, len(order)), x.anchor),
        )
    )


def claim_paths(pages: Iterable[TopicPage]) -> dict[str, str]:
    """Every claim's page, by its id: where links to it go (``TopicPage.paths``)."""
    return {claim: path for page in pages for claim, path in page.paths.items()}


def _first_place(claim: Claim) -> tuple[str, int, int]:
    return _first_places.get(
        claim,
        lambda: min(((m.article, m.line, m.position) for m in claim.members), default=("", 0, 0)),
    )


# Each claim's first place in the articles, by the claim (see ``_weights``).
_first_places: KeptResults[tuple[str, int, int]] = KeptResults()


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
