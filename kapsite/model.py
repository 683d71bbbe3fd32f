"""The domain model: plain frozen objects that the pipeline stages pass along.

Data flows one way: Article -> Statement -> Claim -> TopicPage. Nothing here reads files.
A claim is one fact in an editor's plain words; the source statements are its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True)
class Source:
    """Where an article's facts came from, as named in its front matter."""

    publisher: str
    title: str = ""
    url: str = ""
    key: str = ""  # bibliography key of the source article's own @online entry
    short: str = ""  # a short name readers see beside each claim ("Recovery Team guide")


@dataclass(frozen=True)
class Article:
    """One source article in content/articles/, its front matter and its body."""

    slug: str
    path: Path
    title: str
    source: Source
    body: str
    body_line: int  # 1-based line number in the file where the body starts
    author: str = ""
    published: str = ""
    reviewed: str = ""
    # Figures the article states without a study, accepted on purpose: figure text -> reason.
    accepted_uncited: tuple[tuple[str, str], ...] = ()
    # Where front matter fields are written, for errors found after reading: "source.key" -> 7,
    # "accept_uncited.0" -> 12 (the line of the first entry).
    field_lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, name: str) -> int:
        return dict(self.field_lines).get(name, 2)

    def __hash__(self) -> int:
        return hash(self.path)  # see Statement.__hash__

    @cached_property
    def without_body(self) -> Article:
        """The article as a page lists and dates it: its names, source and review date, not
        its body. Computed once per article object (the cache gives an unchanged article as
        the same object from build to build); cached_property keeps it beside the fields, so
        equality, the cache's encoding and dataclasses.replace ignore it."""
        return Article(
            slug=self.slug,
            path=self.path,
            title=self.title,
            source=self.source,
            body="",
            body_line=0,
            reviewed=self.reviewed,
        )


@dataclass(frozen=True)
class Citation:
    """One pandoc citation: ``[see @key, p. 5]``, ``[-@key]`` or in-text ``@key``."""

    key: str
    locator: str = ""  # what follows the key: locator and suffix ("p. 5 and elsewhere")
    prefix: str = ""  # what comes before the key in its bracket ("see")
    suppress_author: bool = False  # "[-@key]": the sentence names the author already
    in_text: bool = False  # "@key says...": the text shows the author's name

    def marker_label(self, number: int) -> str:
        """The citation's numbered marker text: "see 3, p. 5". A numbered marker never shows an
        author, so suppress-author changes nothing here."""
        label = f"{self.prefix} {number}" if self.prefix else str(number)
        return f"{label}, {self.locator}" if self.locator else label


@dataclass(frozen=True, slots=True)
class Statement:
    """One claim as one article states it, with where it stands in that article."""

    id: str  # "<article slug>:<fingerprint>"
    article: str  # article slug
    path: Path
    line: int
    text: str  # the claim with citation markup removed
    citations: tuple[Citation, ...] = ()
    kind: str = "sentence"  # sentence | item | faq; code | table | quote are kept whole
    heading: str = ""  # the heading the statement stands under, for routing
    question: str = ""  # for FAQ answers: the question they answer
    figures: tuple[str, ...] = ()  # figures stated ("70%", "24 hours"); dates are not figures
    accepted_uncited: str = ""  # the front matter's reason for stating a figure without a study
    page: str = ""  # set by classify
    section: str = ""  # set by classify
    position: int = 0  # order within its article: sentences of one line keep their order
    footnotes: tuple[tuple[str, str], ...] = ()  # (label, note) for each "[^label]" in text

    # Hashed by its id alone, not by every field: live preview's kept results
    # (``kapsite.memo``) are keyed by statements, claims and articles by value, and the hash
    # dataclass makes walks every field (each Path included) on every look-up, a quarter of a
    # rebuild at 1,000 articles. Equal objects have equal ids, so this agrees with the
    # dataclass ``__eq__``, which still compares every field; it stores nothing in the object
    # (pickling and the cache's encoding are as before). ``dataclass(eq=True, frozen=True)``
    # keeps a ``__hash__`` the class body defines rather than making its own.
    def __hash__(self) -> int:
        return hash(self.id)


@dataclass(frozen=True)
class Conflict:
    """Another claim on the same subject that states a different figure: shown side by side."""

    id: str  # the other claim's anchor
    page: str  # the page it is on
    text: str
    articles: tuple[str, ...] = ()  # the source articles that give the other figure


@dataclass(frozen=True)
class Claim:
    """One fact, shown once: an editor's wording, supported by the statements that say it.

    A claim nobody has reviewed yet (``pending``) is one statement (or near-identical copies)
    shown in its own words, marked "not yet reviewed"."""

    id: str  # stable anchor: the editor's id, or derived from the statement's words
    text: str  # what the reader sees
    members: tuple[Statement, ...]  # the statements that support it
    page: str
    section: str
    question: str = ""
    evidence: str = ""  # set by cite: verified-study | unverified-citation | no-study
    flags: tuple[str, ...] = ()  # set by cite: e.g. "uncited-figure", "no-study-found"
    aliases: tuple[str, ...] = ()  # older anchors of this claim, kept so shared links still land
    # Claims whose figures differ ("sources differ"), set by dedupe or by the editor.
    conflicts: tuple[Conflict, ...] = ()
    corrects: tuple[Statement, ...] = ()  # statements this claim puts right
    note: str = ""  # the editors' note shown with a correction
    cite: tuple[str, ...] = ()  # references the editor added (verified records)
    pending: bool = False  # not yet reviewed by an editor
    position: int = 0  # the editor's order on the page

    def __hash__(self) -> int:
        return hash(self.id)  # see Statement.__hash__

    # Computed once per claim from its members (which never change: the claim is frozen), since
    # the renderers ask for them on every page that lists the claim. cached_property keeps the
    # value beside the fields, so equality and dataclasses.replace ignore it.
    @cached_property
    def figures(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for member in self.members:
            for figure in member.figures:
                seen.setdefault(figure, None)
        return tuple(seen)

    @cached_property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({m.article for m in self.members}))

    @cached_property
    def citation_keys(self) -> tuple[str, ...]:
        keys: dict[str, None] = {}
        for member in self.members:
            for citation in member.citations:
                keys.setdefault(citation.key, None)
        for key in self.cite:
            keys.setdefault(key, None)
        return tuple(keys)


@dataclass(frozen=True)
class Reference:
    """One bibliography entry, rendered, with how far it could be checked."""

    key: str
    html: str  # rendered entry (HTML fragment)
    text: str  # rendered entry as plain text (for previews)
    verification: str  # verified | corrected | unverified
    note: str = ""
    group: str = "study"  # study | official | source-article
    path: Path | None = None
    line: int = 0


@dataclass(frozen=True)
class Pointer:
    """An FAQ answer that review merged into a claim on another page: the FAQ links to it."""

    question: str
    place: tuple[str, int, int]  # article, line, position of the answer in its article
    claim_id: str
    page: str
    text: str  # the claim's wording, as shown on its page
    section: str = ""  # the FAQ section that asks it
    position: int = 0  # the editor's order among the FAQ's questions


@dataclass(frozen=True)
class Section:
    """A section of a topic page and the claims shown in it."""

    id: str  # fixed anchor, e.g. "ptsd"
    title: str
    clusters: tuple[Claim, ...] = ()
    as_list: bool = False  # the editor asked for a bulleted list, not paragraphs
    pointers: tuple[Pointer, ...] = ()  # FAQ: questions answered on another page


@dataclass(frozen=True)
class Part:
    """One subpage of a split topic page: a section, or a run of its claims when the section
    alone is over the budget (``number`` of ``of``)."""

    path: str  # from the site root: "overview/history", then "overview/history/2", ...
    section: str  # the section's id
    number: int
    of: int
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Landing:
    """A published anchor whose claim is no longer where it was published: ``anchor`` stays on
    the page or part at ``at`` (in ``section``), as a link to ``claim_id`` at ``path``, its place
    now. Paths are from the site root, no slashes around them ("p", "p/s/2")."""

    at: str
    section: str
    anchor: str
    path: str
    claim_id: str  # the anchor it links to; "" links to the page at ``path`` itself


@dataclass(frozen=True)
class TopicPage:
    """A topic page as composed: its sections of claims, references and sources."""

    slug: str
    title: str
    intro: str
    sections: tuple[Section, ...]
    references: tuple[Reference, ...] = ()
    articles: tuple[Article, ...] = field(default=())
    source_labels: tuple[tuple[str, str], ...] = ()  # article slug -> short name, site-wide
    answered_elsewhere: tuple[Pointer, ...] = ()  # FAQ page only
    key_facts: tuple[Claim, ...] = ()  # 3-5 of its claims, shown first
    # Anchors of statements left out or moved away, kept in the section they stood in.
    kept_anchors: tuple[tuple[str, str], ...] = ()  # (section id, anchor)
    # A page over the size budget is split: its claims shown on parts (subpages), the page
    # itself an index of its sections. Empty: the page shows every claim itself.
    parts: tuple[Part, ...] = ()
    # Published anchors of this page or its parts whose claim has moved (to a part, to another
    # part, back onto the page): each stays where it was published, as a link to the claim.
    landings: tuple[Landing, ...] = ()
    # Parts published before that hold no claims now (fewer parts, or the page back under the
    # budget): each stays a small page of links, so its URL and its anchors never break.
    retired: tuple[str, ...] = ()

    @cached_property
    def paths(self) -> dict[str, str]:
        """Each of its claims' page, by claim id: the page itself, or the part showing it. The
        one place the site looks this up (``compose.claim_paths`` gathers every page's)."""
        on_parts = {c.id: part.path for part in self.parts for c in part.claims}
        return {c.id: on_parts.get(c.id, self.slug) for c in self.claims}

    def where(self, claim_id: str) -> str:
        """The path (from the site root, no slashes around it) of the page showing the claim:
        the page itself, or the part it moved to when the page was split. KeyError for a claim
        the page does not show: a link to it from here would be a wrong answer."""
        return self.paths[claim_id]

    # Looked up once per page, not once per part: a page split into thousands of parts must not
    # walk every article or reference again for each.
    @cached_property
    def parts_by_section(self) -> dict[str, tuple[Part, ...]]:
        found: dict[str, list[Part]] = {}
        for part in self.parts:
            found.setdefault(part.section, []).append(part)
        return {section: tuple(parts) for section, parts in found.items()}

    @cached_property
    def part_by_path(self) -> dict[str, Part]:
        return {part.path: part for part in self.parts}

    @cached_property
    def label_by_slug(self) -> dict[str, str]:
        return dict(self.source_labels)

    @cached_property
    def article_by_slug(self) -> dict[str, Article]:
        return {a.slug: a for a in self.articles}

    @cached_property
    def reference_numbers(self) -> dict[str, int]:
        """Each reference's number, the same on the page and on all its parts."""
        return {ref.key: n for n, ref in enumerate(self.references, start=1)}

    @property
    def claims(self) -> tuple[Claim, ...]:
        """Every claim the page shows, in its order."""
        return tuple(c for section in self.sections for c in section.clusters)
