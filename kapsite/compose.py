"""Stage 6, compose: clusters into topic pages, and topic pages into Markdown.

The Markdown uses only what the site's Markdown extensions understand (attr_list, md_in_html).
Claim text is escaped so that nothing an article says can become markup other than Markdown.
"""

from __future__ import annotations

import html

from kapsite.model import Article, Cluster, Reference, Section, TopicPage
from kapsite.topics import Taxonomy

STATUS_WORDS = {
    "verified": "Checked: the publication exists as cited.",
    "corrected": "Corrected: the source article printed some details of this reference wrongly.",
    "unverified": "Could not be verified as cited.",
}
EMPTY_SECTION = "The source articles say nothing on this yet."


def compose(
    taxonomy: Taxonomy,
    clusters: list[Cluster],
    references: dict[str, Reference],
    articles: list[Article],
) -> list[TopicPage]:
    pages = []
    for topic in taxonomy.topics:
        on_page = [c for c in clusters if c.page == topic.slug]
        sections = tuple(
            Section(s.id, s.title, tuple(c for c in on_page if c.section == s.id))
            for s in topic.sections
        )
        keys = _first_appearance(c for s in sections for c in s.clusters)
        used_articles = sorted({a for c in on_page for a in c.articles})
        by_slug = {a.slug: a for a in articles}
        pages.append(
            TopicPage(
                slug=topic.slug,
                title=topic.title,
                intro=topic.intro,
                sections=sections,
                references=tuple(references[k] for k in keys),
                articles=tuple(by_slug[a] for a in used_articles),
            )
        )
    return pages


def _first_appearance(clusters) -> list[str]:
    keys: dict[str, None] = {}
    for cluster in clusters:
        for key in cluster.citation_keys:
            keys.setdefault(key, None)
    return list(keys)


def render_markdown(page: TopicPage, references: dict[str, Reference]) -> str:
    numbers = {ref.key: n for n, ref in enumerate(page.references, start=1)}
    articles = {a.slug: a for a in page.articles}
    out = [f"# {_escape(page.title)}", ""]
    if page.intro:
        out += [_escape(page.intro), ""]
    for section in page.sections:
        out += [f"## {_escape(section.title)} {{ #{section.id} }}", ""]
        if not section.clusters:
            out += [f"*{EMPTY_SECTION}*", ""]
        for cluster in section.clusters:
            out += _claim(cluster, numbers, page.references, articles, references)
    out += _reference_list(page, references)
    return "\n".join(out).rstrip() + "\n"


def _claim(
    cluster: Cluster,
    numbers: dict[str, int],
    cited: tuple[Reference, ...],
    articles: dict[str, Article],
    references: dict[str, Reference],
) -> list[str]:
    by_key = {r.key: r for r in cited}
    markers = "".join(
        f'[[{numbers[k]}]](#ref-{k} "{_attribute(by_key[k].text)}")' for k in cluster.citation_keys
    )
    text = f"{_escape(cluster.text)} {markers}".rstrip()
    lines = [f'<div class="kap-claim" id="{cluster.id}" markdown>', ""]
    if cluster.question:
        lines += [f'<p class="kap-question"><strong>{_escape(cluster.question)}</strong></p>', ""]
    lines += [
        text,
        "",
        f'<p class="kap-sources">{_sources(cluster, articles, references)}</p>',
        "",
        "</div>",
        "",
    ]
    return lines


def _sources(
    cluster: Cluster, articles: dict[str, Article], references: dict[str, Reference]
) -> str:
    names = []
    for slug in cluster.articles:
        article = articles[slug]
        label = html.escape(article.source.publisher)
        if article.source.title:
            label += f": <cite>{html.escape(article.source.title)}</cite>"
        if article.source.key in references:
            label = f'<a href="#ref-{article.source.key}">{label}</a>'
        names.append(label)
    word = "Source" if len(names) == 1 else f"Sources ({len(names)} articles)"
    return f"{word}: " + "; ".join(names)


def _reference_list(page: TopicPage, references: dict[str, Reference]) -> list[str]:
    out = ["## References { #references }", ""]
    if page.references:
        out.append('<ol class="kap-references">')
        for number, ref in enumerate(page.references, start=1):
            out.append(_reference_item(ref, number))
        out += ["</ol>", ""]
    else:
        out += ["*No study is cited on this page.*", ""]
    sources = [references[a.source.key] for a in page.articles if a.source.key in references]
    if sources:
        out += ["### Source articles { #source-articles }", "", '<ul class="kap-references">']
        out += [_reference_item(ref, None) for ref in sources]
        out += ["</ul>", ""]
    return out


def _reference_item(ref: Reference, number: int | None) -> str:
    value = f' value="{number}"' if number else ""
    status = f'<span class="kap-status kap-status-{ref.verification}">{STATUS_WORDS[ref.verification]}</span>'
    note = f' <span class="kap-note">{ref.note}</span>' if ref.note else ""
    return f'<li id="ref-{ref.key}"{value}>{ref.html} {status}{note}</li>'


def _escape(text: str) -> str:
    """Keep Markdown, but never let article text open an HTML tag."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", " ")


def with_disclaimer(markdown: str, disclaimer_html: str) -> str:
    """The disclaimer goes right under the page's title, or first if the page has none."""
    block = f'<aside class="kap-disclaimer" role="note" aria-label="Medical disclaimer">{disclaimer_html}</aside>\n'
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join([*lines[: index + 1], "", block, *lines[index + 1 :]])
        if line.strip():
            break
    return block + "\n" + markdown
