"""Stage 6, compose: claims into topic pages (``TopicPage``), section by section, in reading
order. Turning a page into Markdown is ``render/topic_page``'s job."""

from __future__ import annotations

from collections.abc import Iterable

from kapsite.inputs.topics import Taxonomy
from kapsite.model import Article, Cluster, Pointer, Reference, Section, TopicPage


def compose(
    taxonomy: Taxonomy,
    clusters: list[Cluster],
    references: dict[str, Reference],
    articles: list[Article],
) -> list[TopicPage]:
    by_slug = {a.slug: a for a in articles}
    labels = tuple(sorted(source_labels(articles).items()))
    pages = []
    for topic in taxonomy.topics:
        on_page = [c for c in clusters if c.page == topic.slug]
        sections = tuple(
            Section(s.id, s.title, tuple(c for c in on_page if c.section == s.id))
            for s in topic.sections
        )
        keys = _first_appearance(c for s in sections for c in s.clusters)
        used_articles = sorted({a for c in on_page for a in c.articles})
        elsewhere = _answered_elsewhere(clusters, topic.slug) if topic.faq else ()
        pages.append(
            TopicPage(
                slug=topic.slug,
                title=topic.title,
                intro=topic.intro,
                sections=sections,
                references=tuple(references[k] for k in keys),
                articles=tuple(by_slug[a] for a in used_articles),
                source_labels=labels,
                answered_elsewhere=elsewhere,
            )
        )
    return pages


def _answered_elsewhere(clusters: list[Cluster], faq_slug: str) -> tuple[Pointer, ...]:
    """FAQ answers whose claim review merged into a claim on another page: the FAQ still asks
    the question and points to where the answer is, so no answer goes missing from the FAQ."""
    pointers = []
    for cluster in clusters:
        if cluster.page == faq_slug:
            continue
        for member in cluster.members:
            if member.question:
                place = (member.article, member.line, member.position)
                pointers.append(
                    Pointer(member.question, place, cluster.id, cluster.page, cluster.text)
                )
    return tuple(sorted(set(pointers), key=lambda p: (p.place, p.claim_id)))


def reading_order(
    clusters: tuple[Cluster, ...], pointers: tuple[Pointer, ...] = ()
) -> list[Cluster | Pointer]:
    """FAQ answers grouped under their question, questions in the order the articles ask them
    (answers merged into other pages among them, as pointers); other claims first, in order."""

    def asked_at(item: Cluster | Pointer) -> tuple[str, int, int]:
        if isinstance(item, Pointer):
            return item.place
        # Where the claim answers its own question (a merged claim may have members elsewhere).
        answering = [m for m in item.members if m.question == item.question] or item.members
        return min((m.article, m.line, m.position) for m in answering)

    items: list[Cluster | Pointer] = [*clusters, *pointers]
    first_asked: dict[str, tuple[str, int, int]] = {}
    for item in items:
        if item.question:
            place = asked_at(item)
            first_asked[item.question] = min(first_asked.get(item.question, place), place)
    if not first_asked:
        return list(clusters)
    return sorted(
        items,
        key=lambda i: (
            bool(i.question),
            first_asked.get(i.question, ("", 0, 0)),
            i.question,
            asked_at(i),
        ),
    )


def source_labels(articles: Iterable[Article]) -> dict[str, str]:
    """Letters for the source articles (A, B, ...), the same on every page of the site."""
    slugs = sorted(a.slug for a in articles)
    return {slug: _letters(index) for index, slug in enumerate(slugs)}


def _letters(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else _letters(index // 26 - 1) + _letters(index % 26)


def _first_appearance(clusters: Iterable[Cluster]) -> list[str]:
    keys: dict[str, None] = {}
    for cluster in clusters:
        for key in cluster.citation_keys:
            keys.setdefault(key, None)
    return list(keys)
