"""Stage 6, compose: claims into topic pages (``TopicPage``), section by section, in reading
order. Turning a page into Markdown is ``render/topic_page``'s job."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kapsite.inputs.claims import Editorial, LeftOut
from kapsite.inputs.topics import Taxonomy
from kapsite.model import Article, Claim, Pointer, Reference, Section, Statement, TopicPage
from kapsite.stages.dedupe.merge import claim_anchor
from kapsite.stages.segment import normalise


def compose(
    taxonomy: Taxonomy,
    clusters: list[Claim],
    references: dict[str, Reference],
    articles: list[Article],
    editorial: Editorial | None = None,
    left_out: Sequence[tuple[Statement, LeftOut]] = (),
) -> list[TopicPage]:
    """Each page of topics.yml with its claims: the editor's in the editor's order, then any not
    yet reviewed in article order; its key facts; and the anchors of statements that are no
    longer shown, kept in the section they stood in so shared links still land there."""
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
            )
        )
    return pages


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
