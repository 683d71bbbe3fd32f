"""A composed topic page as Markdown, read like a good public-health page.

Top to bottom: the intro; a key facts box (3-5 of the page's claims, linked); a one-line legend
that opens to explain the evidence; then each section as short paragraphs of claims (a list
where the editor asks for one). Claims carry compact markers as in an encyclopedia: numbers for
studies and official records, a label only where the evidence differs from the legend's default
(no study cited). Under each paragraph, one tap opens its full record: every source's own words
with article and line, the citations with their status, the flags. Print shows the page without
that record but with the references.

The Markdown uses only what the site's extensions understand (attr_list, md_in_html). Claim text
keeps simple inline HTML, cleaned by the sanitiser; any other tag is escaped, so nothing an article
says can become markup other than Markdown and that allow-list.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kapsite.checks.sanitise import clean_inline
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
from kapsite.render.links import SourceLinks, actions_html
from kapsite.render.review_dates import review_html, topic_review_dates
from kapsite.stages.cite import UNCITED_FIGURE
from kapsite.stages.compose import QUOTES_SHOWN, source_labels
from kapsite.text.html import NOT_SEARCHED, escape

STATUS_WORDS = {
    "verified": "Checked: the publication exists as cited.",
    "corrected": "Checked and corrected: the source article printed some details of this reference wrongly.",
    "unverified": "Could not be verified as cited.",
}
EMPTY_SECTION = "The source articles say nothing on this yet."
PARTS_LIST_SOURCES = "Each part of this page lists, at its end, the source articles it quotes."
PARAGRAPH_CLAIMS = 5  # claims per paragraph: short paragraphs read better on a phone
SUICIDE = re.compile(r"\bsuicid\w*|\bself[- ]harm", re.IGNORECASE)

# Labels: shown on a claim only where its evidence differs from the legend's default.
LABELS = {
    "verified-study": ("checked", "Checked source"),
    "unverified-citation": ("unverified", "Citation not verified"),
    UNCITED_FIGURE: ("uncited-figure", "No study for this figure"),
    "no-study-found": ("no-study-found", "No study could be found"),
    "pending": ("pending", "Not yet reviewed"),
    "differ": ("differ", "Sources differ"),
    "note": ("note", "Editors' note"),
}


def _legend(sources_line: str, *, numbered_references: bool) -> str:
    """The disclosure that explains the labels. Pages differ in where a reader finds each
    article's own words, and the kit page numbers no references, so it says only what is true
    of the page it is on."""
    reference_item = (
        "<li><strong>[1]</strong>: a study or official record, listed under References.</li>"
        if numbered_references
        else ""
    )
    return (
        f'<details class="kap-legend" {NOT_SEARCHED}><summary>How we show sources and evidence'
        "</summary>"
        "<p>We wrote each statement in plain words from the source articles. Unless a label says "
        f"otherwise, the articles cite no study for it. {sources_line}</p><ul>"
        f"{reference_item}"
        "<li><strong>Checked source</strong>: we checked that the cited record exists.</li>"
        "<li><strong>Citation not verified</strong>: a source cites a study we could not find "
        "as cited.</li>"
        "<li><strong>No study for this figure</strong>: a number the articles give without a "
        "study.</li>"
        "<li><strong>Sources differ</strong>: another source gives a different figure; we show "
        "both.</li>"
        "<li><strong>Editors' note</strong>: some sources say something we found to be wrong; "
        "the note explains.</li>"
        "<li><strong>Not yet reviewed</strong>: new text that an editor has not checked yet.</li>"
        "</ul></details>"
    )


LEGEND = _legend(
    "Under each paragraph, “Sources” opens what each article says, in its own words.",
    numbered_references=True,
)
KIT_LEGEND = _legend(
    "Each fact links to its topic page. There, “Sources” under its paragraph opens what each "
    "article says, in its own words.",
    numbered_references=False,
)


def render_markdown(
    page: TopicPage,
    references: dict[str, Reference],
    aliases: dict[str, str] | None = None,
    moved: dict[str, str] | None = None,
    help_box: str = "",
    links: SourceLinks | None = None,
    claim_sources: dict[str, tuple[Path, int]] | None = None,
    paths: dict[str, str] | None = None,
) -> str:
    """``aliases``: old anchor -> current one on this page; old links keep landing.
    ``moved``: old anchor -> URL on another page; the old anchor keeps a pointer there.
    ``help_box``: the crisis lines, placed beside the first section about suicide.
    ``links``, ``claim_sources`` (claim id -> file and line of its words): each claim's record
    gets its edit and "report an error" links. ``paths``: every claim's page on the site
    (``compose.claim_paths``), for links to claims on other pages or on parts.
    A split page (``page.parts``) is an index of its sections; ``render_part`` makes each part."""
    old_ids: dict[str, list[str]] = {}
    for old, new in sorted((aliases or {}).items()):
        old_ids.setdefault(new, []).append(old)
    context = _context(page, references, old_ids, links, claim_sources, paths, page.slug)
    out = _front_matter(page.intro or page.title)
    out += [f"# {escape(page.title)}", ""]
    if page.intro:
        out += [escape(page.intro), ""]
    out += _key_facts(page.key_facts, context)
    out += [LEGEND, ""]
    kept: dict[str, list[str]] = {}
    for section_id, anchor in page.kept_anchors:
        kept.setdefault(section_id, []).append(anchor)
    help_placed = not help_box
    for section in page.sections:
        context.notes_shown = set()
        out += [f"## {escape(section.title)} {{ #{section.id} }}", ""]
        anchors = sorted({*kept.get(section.id, []), *old_ids.get(section.id, [])})
        if anchors:  # statements left out or moved: their old links land in this section
            spans = "".join(f'<span id="{a}"></span>' for a in anchors)
            out += [f'<div class="kap-kept">{spans}</div>', ""]
        if not help_placed and _mentions_suicide(section.title, section.clusters, section.pointers):
            out += [help_box, ""]
            help_placed = True
        if not section.clusters and not section.pointers:
            out += [f"*{EMPTY_SECTION}*", ""]
        if page.parts:
            out += _section_index(page, section, context)
        else:
            out += _section_body(section, section.clusters, context)
        out += _landing_line(
            [x for x in page.landings if x.at == page.slug and x.section == section.id], context
        )
    out += _moved_claims(moved or {}, context.up)
    if page.parts:  # the studies, without back-links: the claims citing them are on the parts
        out += _reference_list((), page.references, (), context)
        out += [f"*{PARTS_LIST_SOURCES}*", ""]
        out += ["", review_html(topic_review_dates(page.articles))]
        return "\n".join(out).rstrip() + "\n"
    out += _footnotes(page.claims)
    out += _reference_list(page.claims, page.references, page.articles, context)
    out += ["", review_html(topic_review_dates(page.articles))]
    return "\n".join(out).rstrip() + "\n"


def render_part(
    page: TopicPage,
    part: Part,
    references: dict[str, Reference],
    links: SourceLinks | None = None,
    claim_sources: dict[str, tuple[Path, int]] | None = None,
    paths: dict[str, str] | None = None,
    help_box: str = "",
) -> str:
    """One part of a split page: its section's claims (or a run of them), set as on the page,
    with its own references and source articles. Search finds its claims (render/search.py).

    Written from ``_PartInputs``, what of the page and the site the part shows, and kept by
    them between builds: an edit that adds a claim to one part leaves the others' inputs as
    they were, so live preview writes again only that part."""
    inputs = _part_inputs(page, part, references, claim_sources, paths)
    return _parts.get(
        (inputs, links, help_box), lambda: _render_part(inputs, links or SourceLinks(), help_box)
    )


@dataclass(frozen=True)
class _PartInputs:
    """Everything ``_render_part`` reads, by value: the part, and of its page and the site only
    what the part shows (its section without the other claims, the parts it links to without
    their claims, its landings, its source articles without their bodies, the numbers, entries,
    places and paths of what its claims cite, link to or are written in). Two builds that give
    equal inputs give the same Markdown; tests/render/test_split_pages.py checks that a part
    written from them is the part written from the whole page."""

    page: TopicPage
    part: Part
    references: tuple[tuple[str, Reference], ...]
    numbers: tuple[tuple[str, int], ...]
    claim_sources: tuple[tuple[str, tuple[Path, int]], ...]
    paths: tuple[tuple[str, str], ...]


# Each part's Markdown by its inputs: at 1,000 articles the parts took most of a live-preview
# rebuild's rendering, and an edit changes one or two of them.
_parts: KeptResults[str] = KeptResults()


def _part_inputs(
    page: TopicPage,
    part: Part,
    references: dict[str, Reference],
    claim_sources: dict[str, tuple[Path, int]] | None,
    paths: dict[str, str] | None,
) -> _PartInputs:
    section = next(s for s in page.sections if s.id == part.section)
    _, articles = part_sources(page, part, references)
    landings = tuple(x for x in page.landings if x.at == part.path)
    linked = {x.path for x in landings}
    # The parts it names: the section's (previous and next), and those its landings go to.
    named = tuple(
        _without_claims.get(
            (p.path, p.section, p.number, p.of), lambda p=p: dataclasses.replace(p, claims=())
        )
        for p in page.parts
        if p.section == part.section or p.path in linked
    )
    slugs = {m.article for c in part.claims for m in (*c.members, *c.corrects)}
    # A part quoting no article gives the review dates of the page's articles.
    shown = articles or page.articles
    labels = page.label_by_slug or source_labels(page.articles)
    keys = {k for c in part.claims for k in c.citation_keys}
    keys |= {a.source.key for a in shown}
    ids = {c.id for c in part.claims}
    ids |= {o.id for c in part.claims for o in c.conflicts}
    ids |= {p.claim_id for p in section.pointers}
    paths = paths if paths is not None else page.paths
    sources = claim_sources or {}
    numbers = page.reference_numbers
    narrow = dataclasses.replace(
        page,
        intro="",
        sections=(dataclasses.replace(section, clusters=()),),
        references=(),
        articles=tuple(a.without_body for a in shown),
        source_labels=tuple((s, labels[s]) for s in sorted(slugs) if s in labels),
        answered_elsewhere=page.answered_elsewhere[:1],  # only whether there are any is read
        key_facts=(),
        kept_anchors=(),
        parts=named,
        landings=landings,
        retired=(),
    )
    return _PartInputs(
        narrow,
        part,
        tuple((k, references[k]) for k in sorted(keys) if k in references),
        tuple((k, numbers[k]) for k in sorted(keys) if k in numbers),
        tuple((i, sources[i]) for i in sorted(ids) if i in sources),
        tuple((i, paths[i]) for i in sorted(ids) if i in paths),
    )


# Each part as another part names it (by its place alone), the same from build to build.
_without_claims: KeptResults[Part] = KeptResults()


def _render_part(inputs: _PartInputs, links: SourceLinks, help_box: str) -> str:
    """The part's Markdown from ``inputs``: from what it shows (``_part_inputs``), or from its
    whole page and every reference, place and path of the site, the same."""
    page, part = inputs.page, inputs.part
    references = dict(inputs.references)
    section = next(s for s in page.sections if s.id == part.section)
    context = _context(
        page, references, {}, links, dict(inputs.claim_sources), dict(inputs.paths), part.path
    )
    context.numbers = dict(inputs.numbers)
    context.shows_pointers = part.number == 1  # a section's pointers go with its first part
    title = f"{page.title}: {section.title}"
    of = f" (part {part.number} of {part.of})" if part.of > 1 else ""
    out = _front_matter(f"{title}{of}")
    out += [f"# {escape(title)}{of}", ""]
    out += [_part_links(page, part, section, context), "", LEGEND, ""]
    pointers = section.pointers if context.shows_pointers else ()
    if help_box and _mentions_suicide(section.title, part.claims, pointers):
        out += [help_box, ""]
    out += _section_body(section, part.claims, context)
    out += _landing_line([x for x in page.landings if x.at == part.path], context)
    out += [_part_links(page, part, section, context, bottom=True), ""]
    out += _footnotes(part.claims)
    cited, articles = part_sources(page, part, references)
    out += _reference_list(part.claims, cited, articles, context)
    out += ["", review_html(topic_review_dates(articles or page.articles))]
    return "\n".join(out).rstrip() + "\n"


def part_sources(
    page: TopicPage, part: Part, references: dict[str, Reference]
) -> tuple[tuple[Reference, ...], tuple[Article, ...]]:
    """What a part lists at its end, and states in its structured data: the references its
    claims cite, in order, and the source articles it quotes."""
    slugs = {m.article for c in part.claims for m in (*c.members, *c.corrects)}
    articles = tuple(page.article_by_slug[s] for s in sorted(slugs) if s in page.article_by_slug)
    return _first_cited(part.claims, references), articles


def render_retired(page: TopicPage, path: str) -> str:
    """A part published before that holds no claims now (``TopicPage.retired``): a small page
    that says where its section is, and keeps the anchors published on it as links to where
    their claims are now. Search leaves it out."""
    context = _context(page, {}, {}, None, None, None, path)
    section_id = path.split("/")[1]
    section = next((s for s in page.sections if s.id == section_id), None)
    title = f"{page.title}: {section.title}" if section else page.title
    out = _front_matter(f"{title} (moved)", searched=False)
    out += [f"# {escape(title)}", ""]
    anchor = f"#{section.id}" if section else ""
    back = f'<a href="{context.up}{page.slug}/{anchor}">{escape(page.title)}</a>'
    parts = page.parts_by_section.get(section_id, ())
    if parts:
        where = f'<a href="{context.up}{parts[0].path}/">its section\'s page</a>'
        line = f"This part has moved: its statements are now on {where}, in {back}."
    else:
        line = f"This part has moved: its statements are now on the page {back}."
    out += [f'<p class="kap-part-links">{line}</p>', ""]
    out += _landing_line([x for x in page.landings if x.at == path], context)
    return "\n".join(out).rstrip() + "\n"


def _front_matter(description: str, searched: bool = True) -> list[str]:
    """The page's description for search engines and share cards. The theme prints it into
    <meta> attributes as it is, so it is escaped here, quotes included. ``searched=False``: the
    page is left out of the site's search index (a part's landing page, which holds no claim)."""
    out = ["---", f"description: {json.dumps(html.escape(description, quote=True))}"]
    if not searched:
        out += ["search:", "  exclude: true"]
    return [*out, "---", ""]


def _context(
    page: TopicPage,
    references: dict[str, Reference],
    old_ids: dict[str, list[str]],
    links: SourceLinks | None,
    claim_sources: dict[str, tuple[Path, int]] | None,
    paths: dict[str, str] | None,
    here: str,
) -> _Context:
    names = page.label_by_slug or source_labels(page.articles)
    context = _Context(page, references, page.reference_numbers, names, old_ids)
    context.links, context.claim_sources = links or SourceLinks(), claim_sources or {}
    # The site's paths hold this page's; without them (one page rendered alone), its own.
    context.paths = paths if paths is not None else page.paths
    context.here = here
    context.up = "../" * (here.count("/") + 1)
    return context


def _section_body(section: Section, claims: Sequence[Claim], context: _Context) -> list[str]:
    if context.page.answered_elsewhere or any(c.question for c in claims):
        return _questions(section, claims, context)
    if section.as_list:
        return _block(list(claims), context, as_list=True)
    out: list[str] = []
    claims = list(claims)
    for start in range(0, len(claims), PARAGRAPH_CLAIMS):
        out += _block(claims[start : start + PARAGRAPH_CLAIMS], context)
    return out


def _section_index(page: TopicPage, section: Section, context: _Context) -> list[str]:
    """A split page's section: how much it holds, its parts, and the anchors published here
    before the split, each a numbered link to where its claim is now."""
    parts = page.parts_by_section.get(section.id, ())
    out: list[str] = []
    if parts:
        count = sum(len(p.claims) for p in parts)
        sources = len({a for p in parts for c in p.claims for a in c.articles})
        what = f"{count} statements from {sources} source{'s' if sources != 1 else ''}"
        if len(parts) == 1:
            link = f'<a href="{context.up}{parts[0].path}/">Read them with their sources</a>'
        else:
            link = "Read them with their sources, in parts: " + ", ".join(
                f'<a href="{context.up}{p.path}/">{p.number}</a>' for p in parts
            )
        out += [f'<p class="kap-part-index">{what}. {link}.</p>', ""]
    if not parts:  # no claims: an FAQ section may still ask questions answered elsewhere
        out += _section_body(section, (), context)
    return out


def _landing_line(landed: Sequence[Landing], context: _Context) -> list[str]:
    """Anchors published here before whose claim is elsewhere now: each a numbered link to
    where it is. The link a reader followed is marked (CSS :target), so they see where it went."""
    if not landed:
        return []
    numbered = " ".join(
        f'<a id="{item.anchor}" href="{escape(_landing_href(item, context))}" '
        f'aria-label="{escape(_landing_label(item, context.page))}, statement {n}">{n}</a>'
        for n, item in enumerate(landed, start=1)
    )
    return [f'<p class="kap-moved">Statements linked here before: {numbered}</p>', ""]


def _landing_href(landing: Landing, context: _Context) -> str:
    fragment = f"#{landing.claim_id}" if landing.claim_id else ""
    if landing.path == context.here:
        return fragment or "#"
    return f"{context.up}{landing.path}/{fragment}" if landing.path else f"{context.up}{fragment}"


def _landing_label(landing: Landing, page: TopicPage) -> str:
    part = page.part_by_path.get(landing.path)
    if part is not None:
        return f"Moved to part {part.number} of {part.of}" if part.of > 1 else "Moved to part 1"
    if landing.path == page.slug:
        return "Moved back to the page"
    return f"Moved to the {_where('/' + landing.path + '/')} page"


def _part_links(
    page: TopicPage, part: Part, section: Section, context: _Context, bottom: bool = False
) -> str:
    """Where the part sits: the page it belongs to, and the section's other parts."""
    up = context.up
    back = f'<a href="{up}{page.slug}/#{section.id}">{escape(page.title)}</a>'
    siblings = page.parts_by_section[part.section]
    steps = []
    if part.number > 1:
        steps.append(f'<a href="{up}{siblings[part.number - 2].path}/">Previous part</a>')
    if part.number < part.of:
        steps.append(f'<a href="{up}{siblings[part.number].path}/">Next part</a>')
    where = "This is part of" if not bottom else "Back to"
    line = f"{where} {back}." + (" " + " · ".join(steps) if steps else "")
    return f'<p class="kap-part-links">{line}</p>'


def _first_cited(
    claims: Sequence[Claim], references: dict[str, Reference]
) -> tuple[Reference, ...]:
    keys: dict[str, None] = {}
    for claim in claims:
        for key in claim.citation_keys:
            keys.setdefault(key, None)
    return tuple(references[k] for k in keys if k in references)


class _Context:
    def __init__(
        self,
        page: TopicPage,
        references: dict[str, Reference],
        numbers: dict[str, int],
        names: dict[str, str],
        old_ids: dict[str, list[str]],
    ) -> None:
        self.page = page
        self.references = references
        self.numbers = numbers
        self.names = names
        self.old_ids = old_ids
        self.articles = {a.slug: a for a in page.articles}
        self.notes_shown: set[str] = set()  # a note several claims share is shown once
        self.note_ids: dict[str, str] = {}  # note text -> the id it is shown under
        self.links = SourceLinks()
        self.claim_sources: dict[str, tuple[Path, int]] = {}
        self.paths: dict[str, str] = {}  # claim id -> the page showing it
        self.here = page.slug  # the page being written, from the site root
        self.up = "../"  # from it to the site root
        self.shows_pointers = True  # FAQ pointers: on the page, or a section's first part

    def href(self, claim_id: str, page: str = "") -> str:
        """A link to a claim from the page being written: its anchor, on whatever page shows it."""
        path = self.paths.get(claim_id, page or self.page.slug)
        return f"#{claim_id}" if path == self.here else f"{self.up}{path}/#{claim_id}"


def _mentions_suicide(title: str, claims: Sequence[Claim], pointers: Sequence[Pointer]) -> bool:
    """Whether the text shown under ``title`` speaks of suicide: the claims, their questions
    and editors' notes, the sources' quotes shown under them (``_record``), and the FAQ's
    questions answered elsewhere, with the answers they show."""
    texts = [title, *(t for p in pointers for t in (p.question, p.text))]
    for claim in claims:
        texts += [claim.text, claim.question, claim.note]
        texts += [m.text for m in (*claim.members[:QUOTES_SHOWN], *claim.corrects)]
    return any(_speaks_of_suicide.get(t, lambda t=t: bool(SUICIDE.search(t))) for t in texts)


# Whether each text speaks of suicide, by the text: every section asks it of all its quotes.
_speaks_of_suicide: KeptResults[bool] = KeptResults()


def _key_facts(claims: Sequence[Claim], context: _Context) -> list[str]:
    if not claims:
        return []
    items = "".join(
        f'<li><a href="{context.href(c.id)}">{escape(_first_sentence(c.text))}</a></li>'
        for c in claims
    )
    return [
        f'<div class="kap-key-facts" role="region" aria-labelledby="kap-key-facts-title" {NOT_SEARCHED}>'
        '<p class="kap-key-facts__title" id="kap-key-facts-title"><strong>Key facts</strong></p>'
        f"<ul>{items}</ul></div>",
        "",
    ]


def _questions(section: Section, claims: Sequence[Claim], context: _Context) -> list[str]:
    """The FAQ: each question once, then its answer (claims here, or a pointer to the claim on
    its own page), in the editor's order. On a part, the pointers of its section go with its
    first part."""
    pointers = section.pointers if context.shows_pointers else ()
    items: list[Claim | Pointer] = sorted(
        [*claims, *pointers], key=lambda i: (i.position, i.question)
    )
    out: list[str] = []
    asked = None
    group: list[Claim] = []
    for item in items:
        if item.question != asked:
            out += _block(group, context)
            group = []
            asked = item.question
            if item.question:
                out += [f'<h3 class="kap-question">{escape(item.question)}</h3>', ""]
        if isinstance(item, Pointer):
            out += [_pointer(item, context), ""]
        else:
            group.append(item)
    return out + _block(group, context)


def _pointer(pointer: Pointer, context: _Context) -> str:
    return (
        f'<p class="kap-pointer">{escape(plain_claim_text(pointer.text))} '
        f'<a href="{context.href(pointer.claim_id, pointer.page)}">Read it with its sources</a>.</p>'
    )


def _block(claims: list[Claim], context: _Context, as_list: bool = False) -> list[str]:
    """Claims as one paragraph (or list), then the disclosure with their full record, then any
    editors' note. A table, quote or code block an article gave stays a block of its own."""
    if not claims:
        return []
    whole = [c for c in claims if kept_whole(c)]
    if whole and len(claims) > 1:
        out: list[str] = []
        for claim in claims:
            out += _block([claim], context, as_list)
        return out
    if whole:
        (claim,) = whole
        out = [
            f'<div class="kap-claim kap-claim--whole" id="{claim.id}" markdown>',
            "",
            clean_inline(claim.text),
            "",
            f"{''.join(_labels(claim, context))}",
            "",
            "</div>",
        ]
        return [*out, "", _evidence(claims, context), ""]
    rendered = [_claim(c, context) for c in claims]
    # Searched by the claims' own entries (render/search.py): the paragraph or each list item
    # is left out of its section's text (attr_list puts the mark on the block).
    not_searched = f"{{: {NOT_SEARCHED} }}"
    if as_list:
        out = [f"- {r}\n  {not_searched}" for r in rendered]
    else:
        out = [" ".join(rendered) + f"\n{not_searched}"]
    out += ["", _evidence(claims, context), ""]
    for claim in claims:
        if claim.note and claim.note not in context.notes_shown:
            context.notes_shown.add(claim.note)
            markers = "".join(_marker(claim, k, context) for k in claim.cite)
            out += [
                f'<aside class="kap-editors-note" id="{_note_id(claim, context)}" role="note">'
                f"<p><strong>Editors' note:</strong> {escape(claim.note)}{markers}</p></aside>",
                "",
            ]
    return out


def _note_id(claim: Claim, context: _Context) -> str:
    """Claims that share one note (five WHO figures, say) link to the one place it is shown."""
    return context.note_ids.setdefault(claim.note, f"note-{claim.id}")


def kept_whole(claim: Claim) -> bool:
    return claim.pending and any(m.kind in ("table", "quote", "code") for m in claim.members)


def _claim(claim: Claim, context: _Context) -> str:
    aliases = sorted({*context.old_ids.get(claim.id, []), *claim.aliases})
    kept = "".join(f'<span id="{a}"></span>' for a in aliases)
    markers = "".join(
        _marker(claim, key, context)
        for key in claim.citation_keys
        if context.references[key].group != "source-article"
    )
    labels = "".join(f" {label}" for label in _labels(claim, context))
    text = clean_inline(claim.text)
    return f'<span class="kap-claim" id="{claim.id}">{kept}{text}{markers}{labels}</span>'


def _labels(claim: Claim, context: _Context) -> list[str]:
    return evidence_labels(
        claim, f"#{_note_id(claim, context)}", paths=context.paths, up=context.up
    )


def evidence_labels(
    claim: Claim,
    note_href: str,
    page_prefix: str = "",
    paths: dict[str, str] | None = None,
    up: str = "../",
) -> list[str]:
    """The claim's labels, where its evidence differs from the legend's default: the same on
    its topic page and wherever else it is shown. ``note_href``: where the editors' note is;
    ``page_prefix``: the way to the claim's own page ("" on it, "../risks/" elsewhere);
    ``paths``: claim id -> its page when pages are split; ``up``: the way to the site root."""
    paths = paths or {}
    found = []
    if claim.pending:
        found.append(_label("pending"))
    if claim.evidence in ("verified-study", "unverified-citation"):
        found.append(_label(claim.evidence))
    for flag in claim.flags:
        if flag in LABELS:
            found.append(_label(flag))
    for other in claim.conflicts:
        there = paths.get(other.id, other.page)
        same = there == paths.get(claim.id, claim.page)
        href = f"{page_prefix}#{other.id}" if same else f"{up}{there}/#{other.id}"
        found.append(_label("differ", href, f"Sources differ: see also “{_short(other.text)}”"))
    if claim.note:
        found.append(_label("note", note_href))
    return found


def _label(kind: str, href: str = "", title: str = "") -> str:
    css, words = LABELS[kind]
    if href:
        aria = f' aria-label="{escape(title)}"' if title else ""
        return (
            f'<a class="kap-label kap-label-{css}" href="{href}"{aria} {NOT_SEARCHED}>{words}</a>'
        )
    return f'<span class="kap-label kap-label-{css}" {NOT_SEARCHED}>{words}</span>'


def _marker(claim: Claim, key: str, context: _Context) -> str:
    """A numbered link to the reference. Its preview is inside the link, so it shows on hover
    and on keyboard focus (CSS), is read out by screen readers, and needs no JavaScript."""
    annotated = [
        c for m in claim.members for c in m.citations if c.key == key and (c.locator or c.prefix)
    ]
    number = context.numbers[key]
    label = annotated[0].marker_label(number) if annotated else str(number)
    preview = escape(context.references[key].text)
    return (
        f'<a class="kap-cite" href="#ref-{key}">[{escape(label)}]'
        f'<span class="kap-preview" {NOT_SEARCHED}> {preview}</span></a>'
    )


def _evidence(claims: list[Claim], context: _Context) -> str:
    """One tap (or Enter) away: what each source says, in its own words, with where it says it."""
    slugs = sorted({a for c in claims for a in c.articles})
    names = ", ".join(escape(context.names.get(s, s)) for s in slugs) or "editors' checked records"
    items = "".join(_record(c, context, single=len(claims) == 1) for c in claims)
    return (
        f'<details class="kap-evidence" {NOT_SEARCHED}><summary>Sources: {names}</summary>'
        f"<ul>{items}</ul></details>"
    )


def _record(claim: Claim, context: _Context, single: bool) -> str:
    lines = []
    for member in claim.members[:QUOTES_SHOWN]:
        lines.append(f"<li>{_quote(member, context)}</li>")
    more = len(claim.members) - QUOTES_SHOWN
    if more > 0:  # counted, never dropped: claims.json lists every one
        lines.append(
            f"<li>{more} more source statement{'s say' if more > 1 else ' says'} the same: "
            f'<a href="{context.up}claims.json">claims.json</a> lists them all.</li>'
        )
    for member in claim.corrects:
        lines.append(f"<li><strong>Corrected:</strong> {_quote(member, context)}</li>")
    for key in claim.citation_keys:
        ref = context.references[key]
        if ref.group == "source-article":
            continue
        words = STATUS_WORDS[ref.verification]
        lines.append(
            f'<li>Cites <a href="#ref-{key}">[{context.numbers[key]}]</a> {escape(ref.text)} '
            f"<em>{words}</em></li>"
        )
    for flag in claim.flags:
        if flag in LABELS:
            lines.append(f"<li><em>{LABELS[flag][1]}.</em></li>")
    if context.links and claim.id in context.claim_sources:
        where = context.claim_sources[claim.id]
        lines.append(
            actions_html(claim, plain_claim_text(claim.text), where, context.links, context.here)
        )
    head = "" if single else f'<a href="#{claim.id}">{escape(_short(claim.text))}</a>'
    return f"<li>{head}<ul>{''.join(lines)}</ul></li>" if head else "".join(lines)


def _quote(statement: Statement, context: _Context) -> str:
    article = context.articles.get(statement.article)
    name = escape(context.names.get(statement.article, statement.article))
    target = _source_anchor(article, context.references) if article else ""
    where = f'<a href="#{target}">{name}</a>' if target else name
    quoted = _quoted.get(statement.text, lambda: escape(plain_claim_text(statement.text)))
    return f"“{quoted}” ({where}, line {statement.line})"


# Each quoted statement's words as a page shows them, by its text: the pages quote some 40,000
# statements at 1,000 articles, and live preview works out only those an edit added.
_quoted: KeptResults[str] = KeptResults()


def _source_anchor(article: Article, references: dict[str, Reference]) -> str:
    key = article.source.key
    return f"ref-{key}" if key in references else f"ref-source-{article.slug}"


def plain_claim_text(text: str) -> str:
    """Markdown marks and link targets removed: how a quote or a link text reads."""
    text = re.sub(r"\[\^[^\]]+\]", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", text).strip()


def _first_sentence(text: str) -> str:
    """A key fact reads as the claim's first sentence; the claim itself says the rest."""
    plain = plain_claim_text(text)
    match = re.match(r"(.+?[.!?])\s+[A-Z]", plain)
    return match[1] if match else plain


def _short(text: str, words: int = 8) -> str:
    parts = plain_claim_text(text).split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _moved_claims(moved: dict[str, str], up: str = "../") -> list[str]:
    """Claims that moved to another page keep their old anchor here: one short line per page
    they went to, a numbered link per claim. The link a reader followed is marked (CSS
    :target), so they see where it went."""
    if not moved:
        return []
    by_page: dict[str, list[tuple[str, str]]] = {}
    for old, new in sorted(moved.items(), key=lambda item: (item[1], item[0])):
        by_page.setdefault(_where(new), []).append((old, new))
    lines = []
    for page, links in sorted(by_page.items()):
        numbered = " ".join(
            f'<a id="{old}" href="{escape(up + new.lstrip("/"))}" '
            f'aria-label="Moved to the {escape(page)} page, statement {n}">{n}</a>'
            for n, (old, new) in enumerate(links, start=1)
        )
        lines.append(f"Now on the {escape(page)} page: {numbered}")
    return ['<p class="kap-moved">' + "<br>".join(lines) + "</p>", ""]


def _where(url: str) -> str:
    page = url.strip("/").split("/")[0] or "home"
    return page.replace("-", " ")


def _footnotes(claims: Sequence[Claim]) -> list[str]:
    """Contributors' footnotes for the claims shown on the page; Markdown numbers them."""
    notes: dict[str, str] = {}
    for cluster in claims:
        for member in cluster.members:
            for label, note in member.footnotes:
                if f"[^{label}]" in cluster.text:
                    notes.setdefault(label, note)
    return [f"[^{label}]: {escape(note)}" for label, note in notes.items()] + [""] if notes else []


def _reference_list(
    claims: Sequence[Claim],
    cited: Sequence[Reference],
    articles: Sequence[Article],
    context: _Context,
) -> list[str]:
    citing: dict[str, list[str]] = {}
    for cluster in claims:
        for key in cluster.citation_keys:
            citing.setdefault(key, []).append(cluster.id)
    studies = [r for r in cited if r.group != "source-article"]
    out = ["## References { #references }", ""]
    if studies:
        out.append(f'<ol class="kap-references" {NOT_SEARCHED}>')
        for ref in studies:
            number = context.numbers[ref.key]
            out.append(_reference_item(ref, number, citing.get(ref.key, []), context.up))
        out += ["</ol>", ""]
    else:
        out += ["*No study is cited on this page.*", ""]
    if articles:
        out += [
            "### Source articles { #source-articles }",
            "",
            f'<ul class="kap-references" {NOT_SEARCHED}>',
        ]
        for article in articles:
            name = context.names.get(article.slug, article.slug)
            out.append(_source_item(article, name, context.references, context.up))
        out += ["</ul>", ""]
    return out


def _source_item(
    article: Article, name: str, references: dict[str, Reference], up: str = "../"
) -> str:
    """One line per source article: its short name, title and publisher; the full entry, with
    what we checked, is on the bibliography page."""
    ref = references.get(article.source.key)
    anchor = f"ref-{ref.key}" if ref is not None else f"ref-source-{article.slug}"
    title = escape(article.source.title or article.title)
    publisher = escape(article.source.publisher)
    if ref is not None:  # the title opens the full entry on the bibliography page
        title = f'<a href="{up}bibliography/#ref-{ref.key}">{title}</a>'
    return (
        f'<li id="{anchor}"><strong>{escape(name)}:</strong> <cite>{title}</cite> '
        f"({publisher}).</li>"
    )


def _reference_item(
    ref: Reference, number: int | None, claim_ids: list[str], up: str = "../"
) -> str:
    value = f' value="{number}"' if number else ""
    backlinks = ""
    if claim_ids:
        links = ", ".join(
            f'<a href="#{cid}" aria-label="Back to statement {n}">{n}</a>'
            for n, cid in enumerate(claim_ids, start=1)
        )
        backlinks = f' <span class="kap-backlinks">Cited for: {links}.</span>'
    return f'<li id="ref-{ref.key}"{value}>{ref.html} {status_html(ref, up=up)}{backlinks}</li>'


def status_html(ref: Reference, collapsed: bool = True, up: str = "../") -> str:
    """The verification status in plain words. On a topic page (``collapsed``) the editors'
    note on what was checked, often long, is one tap away on the bibliography page, so the
    reference list stays short on a phone."""
    words = STATUS_WORDS[ref.verification]
    status = f'<span class="kap-status kap-status-{ref.verification}">{words}</span>'
    if not ref.note:
        return status
    if collapsed:
        return f'{status} <a href="{up}bibliography/#ref-{ref.key}">What we checked</a>.'
    return f'{status} <span class="kap-note">{ref.note}</span>'
