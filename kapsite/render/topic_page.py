"""A composed topic page as Markdown.

The Markdown uses only what the site's Markdown extensions understand (attr_list, md_in_html).
Claim text keeps simple inline HTML, cleaned by the sanitiser; any other tag is escaped, so
nothing an article says can become markup other than Markdown and that allow-list.
"""

from __future__ import annotations

import html
import json

from kapsite.checks.sanitise import clean_inline
from kapsite.model import Article, Cluster, Pointer, Reference, TopicPage
from kapsite.render.review_dates import review_html
from kapsite.stages.cite import FLAG_WORDS, evidence_words
from kapsite.stages.compose import reading_order, source_labels
from kapsite.text.html import escape

STATUS_WORDS = {
    "verified": "Checked: the publication exists as cited.",
    "corrected": "Checked and corrected: the source article printed some details of this reference wrongly.",
    "unverified": "Could not be verified as cited.",
}
EMPTY_SECTION = "The source articles say nothing on this yet."


def _pointer(pointer: Pointer) -> str:
    return (
        f'<p class="kap-pointer">{escape(pointer.text)} '
        f'<a href="../{pointer.page}/#{pointer.claim_id}">Read this claim with its sources</a>.</p>'
    )


def render_markdown(
    page: TopicPage,
    references: dict[str, Reference],
    aliases: dict[str, str] | None = None,
    moved: dict[str, str] | None = None,
) -> str:
    """``aliases``: old claim anchor -> current one; old links keep landing on the claim.
    ``moved``: old anchor -> URL on another page; the old anchor keeps a pointer there."""
    old_ids: dict[str, list[str]] = {}
    for old, new in sorted((aliases or {}).items()):
        old_ids.setdefault(new, []).append(old)
    numbers = {ref.key: n for n, ref in enumerate(page.references, start=1)}
    articles = {a.slug: a for a in page.articles}
    labels = dict(page.source_labels) or source_labels(page.articles)
    # Front matter: the page's description for search engines and share cards.
    # The theme prints it into <meta> attributes as it is, so it is escaped here, quotes included.
    description = html.escape(page.intro or page.title, quote=True)
    out = ["---", f"description: {json.dumps(description)}", "---", ""]
    out += [f"# {escape(page.title)}", ""]
    if page.intro:
        out += [escape(page.intro), ""]
    for section in page.sections:
        out += [f"## {escape(section.title)} {{ #{section.id} }}", ""]
        question = None
        pointers = page.answered_elsewhere if section is page.sections[0] else ()
        if not section.clusters and not pointers:
            out += [f"*{EMPTY_SECTION}*", ""]
        for item in reading_order(section.clusters, pointers):
            if item.question and item.question != question:
                # An FAQ answer may be several claims: the question is asked once, above them.
                question = item.question
                out += [f'<h3 class="kap-question">{escape(question)}</h3>', ""]
            if isinstance(item, Pointer):
                out += [_pointer(item), ""]
                continue
            kept = sorted({*old_ids.get(item.id, []), *item.aliases})
            out += [f'<span id="{old}"></span>' for old in kept]
            out += _claim(item, numbers, articles, labels, references)
    out += _moved_claims(moved or {})
    out += _footnotes(page)
    out += _reference_list(page, references, labels)
    out += ["", review_html([a.reviewed for a in page.articles])]
    return "\n".join(out).rstrip() + "\n"


def _claim(
    cluster: Cluster,
    numbers: dict[str, int],
    articles: dict[str, Article],
    labels: dict[str, str],
    references: dict[str, Reference],
) -> list[str]:
    markers = "".join(_marker(cluster, key, numbers, references) for key in cluster.citation_keys)
    lines = [f'<div class="kap-claim" id="{cluster.id}" markdown>', ""]
    lines += [f"{clean_inline(cluster.text)} {markers}".rstrip(), ""]
    lines += sources_differ(cluster, labels)
    flags = "".join(
        f' <strong class="kap-flag kap-flag-{flag}">{FLAG_WORDS[flag]}</strong>'
        for flag in cluster.flags
    )
    # Support and sources on one line under the claim: short on a phone, still read in order.
    lines += [
        f'<p class="kap-meta"><span class="kap-evidence kap-evidence-{cluster.evidence}">'
        f"{evidence_words(cluster)}{flags}</span> "
        f'<span class="kap-sources">{_sources(cluster, articles, labels, references)}</span></p>',
        "",
        "</div>",
        "",
    ]
    return lines


def sources_differ(cluster: Cluster, labels: dict[str, str] | None = None) -> list[str]:
    """Claims on the same subject whose figures differ, side by side: never merged, never hidden.
    Each other figure is shown with the letters of the source articles that give it."""
    if not cluster.conflicts:
        return []
    labels = labels or {}

    def source_letters(other: Cluster) -> str:
        letters = " ".join(f"[{labels[a]}]" for a in other.articles if a in labels)
        return f" (source article {letters})" if letters else ""

    items = "".join(
        f'<li><a href="{"" if c.page == cluster.page else f"../{c.page}/"}#{c.id}">'
        f"{escape(c.text)}</a>{source_letters(c)}</li>"
        for c in cluster.conflicts
    )
    return [
        '<div class="kap-differ" role="note"><p><strong>Sources differ.</strong> '
        "Another source gives a different figure on this:</p>"
        f"<ul>{items}</ul></div>",
        "",
    ]


def _marker(
    cluster: Cluster, key: str, numbers: dict[str, int], references: dict[str, Reference]
) -> str:
    """A numbered link to the reference. Its preview is inside the link, so it shows on hover
    and on keyboard focus (CSS), is read out by screen readers, and needs no JavaScript."""
    annotated = [
        c for m in cluster.members for c in m.citations if c.key == key and (c.locator or c.prefix)
    ]
    label = annotated[0].marker_label(numbers[key]) if annotated else str(numbers[key])
    preview = escape(references[key].text)
    return (
        f'<a class="kap-cite" href="#ref-{key}">[{escape(label)}]'
        f'<span class="kap-preview"> {preview}</span></a>'
    )


def _sources(
    cluster: Cluster,
    articles: dict[str, Article],
    labels: dict[str, str],
    references: dict[str, Reference],
) -> str:
    """Source articles as lettered links ([A], [C]) with the article's title as preview."""
    names = []
    for slug in cluster.articles:
        article = articles[slug]
        title = escape(article.source.title or article.title)
        target = article.source.key if article.source.key in references else f"source-{slug}"
        names.append(
            f'<a class="kap-cite" href="#ref-{target}">[{labels[slug]}]'
            f'<span class="kap-preview"> {title}</span></a>'
        )
    word = "Source article" if len(names) == 1 else f"Source articles ({len(names)})"
    return f"{word}: " + " ".join(names)


def _moved_claims(moved: dict[str, str]) -> list[str]:
    """Claims that moved to another page keep their old anchor here, pointing the way."""
    if not moved:
        return []
    out = ['<div class="kap-moved" markdown>', ""]
    for old, new in sorted(moved.items()):
        target = "../" + new.lstrip("/")  # from /page/ to /other/#anchor
        out += [
            f'<p id="{old}">A claim that was here has moved: <a href="{escape(target)}">read it on its new page</a>.</p>',
            "",
        ]
    return [*out, "</div>", ""]


def _footnotes(page: TopicPage) -> list[str]:
    """Contributors' footnotes for the claims shown on the page; Markdown numbers them."""
    notes: dict[str, str] = {}
    for section in page.sections:
        for cluster in section.clusters:
            for member in cluster.members:
                for label, note in member.footnotes:
                    if f"[^{label}]" in cluster.text:
                        notes.setdefault(label, note)
    return [f"[^{label}]: {escape(note)}" for label, note in notes.items()] + [""] if notes else []


def _reference_list(
    page: TopicPage, references: dict[str, Reference], labels: dict[str, str]
) -> list[str]:
    citing: dict[str, list[str]] = {}
    for section in page.sections:
        for cluster in section.clusters:
            for key in cluster.citation_keys:
                citing.setdefault(key, []).append(cluster.id)
    out = ["## References { #references }", ""]
    if page.references:
        out.append('<ol class="kap-references">')
        for number, ref in enumerate(page.references, start=1):
            out.append(_reference_item(ref, number, citing.get(ref.key, [])))
        out += ["</ol>", ""]
    else:
        out += ["*No study is cited on this page.*", ""]
    if page.articles:
        out += ["### Source articles { #source-articles }", "", '<ul class="kap-references">']
        for article in page.articles:
            out.append(_source_item(article, labels[article.slug], references))
        out += ["</ul>", ""]
    return out


def _source_item(article: Article, label: str, references: dict[str, Reference]) -> str:
    ref = references.get(article.source.key)
    if ref is not None:
        return (
            f'<li id="ref-{ref.key}"><strong>[{label}]</strong> {ref.html} {status_html(ref)}</li>'
        )
    # An article whose source has no bibliography entry is still named, from its front matter.
    text = escape(f"{article.source.publisher}. {article.source.title or article.title}.")
    return f'<li id="ref-source-{article.slug}"><strong>[{label}]</strong> {text}</li>'


def _reference_item(ref: Reference, number: int | None, claim_ids: list[str]) -> str:
    value = f' value="{number}"' if number else ""
    backlinks = ""
    if claim_ids:
        links = ", ".join(
            f'<a href="#{cid}" aria-label="Back to claim {n}">{n}</a>'
            for n, cid in enumerate(claim_ids, start=1)
        )
        backlinks = f' <span class="kap-backlinks">Cited by claims: {links}</span>'
    return f'<li id="ref-{ref.key}"{value}>{ref.html} {status_html(ref)}{backlinks}</li>'


def status_html(ref: Reference) -> str:
    note = f' <span class="kap-note">{ref.note}</span>' if ref.note else ""
    words = STATUS_WORDS[ref.verification]
    return f'<span class="kap-status kap-status-{ref.verification}">{words}</span>{note}'
