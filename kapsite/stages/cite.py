"""Stage 5, cite: resolve every cluster's citation keys and render the references they use."""

from __future__ import annotations

import dataclasses
import difflib
import html
import re
from collections.abc import Iterable, Sequence

from pybtex.style.template import FieldIsMissing

from kapsite.cache import Cache
from kapsite.errors import ContentError, raise_together
from kapsite.inputs.bibliography import BibEntry, entry_text
from kapsite.memo import KeptResults
from kapsite.model import Claim, Reference, Statement
from kapsite.stages.reference_style import ReferenceStyle, render_text

STATUSES = ("verified", "corrected", "unverified")
CHECKED = ("verified", "corrected")  # a record we found as cited, or put right
GROUPS = {"source-article": "source-article", "regulatory": "official", "official": "official"}


def check_citations(clusters: list[Claim], entries: dict[str, BibEntry]) -> None:
    """Every ``[@key]`` must name an entry; report all unknown keys at once, each with file:line."""
    errors = []
    for cluster in clusters:
        for member in cluster.members:
            for citation in member.citations:
                if citation.key not in entries:
                    errors.append(_unknown_key(member.path, member.line, citation.key, entries))
    if errors:
        raise_together(errors)


def unknown_keys(
    statements: Iterable[Statement], entries: dict[str, BibEntry]
) -> list[ContentError]:
    """The same check on statements, before they are clustered: so unknown keys are reported
    with the other content errors of the run, not in a run of their own."""
    return [
        _unknown_key(s.path, s.line, c.key, entries)
        for s in statements
        for c in s.citations
        if c.key not in entries
    ]


def _unknown_key(path, line, key: str, entries: dict[str, BibEntry]) -> ContentError:
    # Only a near miss is worth suggesting: "krystal2091" for "krystal2019", not "dore2019"
    # for "who2017" (difflib ratio 0.53). 0.75 keeps one-digit and swapped-digit typos.
    close = difflib.get_close_matches(key, sorted(entries), n=1, cutoff=0.75)
    fix = f"did you mean [@{close[0]}]?" if close else "add an entry to bibliography/*.bib"
    return ContentError(
        path,
        line,
        f"unknown citation key '{key}'",
        f"{fix} Or add an entry '{key}' to bibliography/*.bib",
    )


def render_references(
    entries: dict[str, BibEntry], cache: Cache | None = None
) -> dict[str, Reference]:
    """Each entry rendered once, on its own, to an HTML fragment and plain text. With a
    ``cache``, an entry formatted before (same fields and names) is not formatted again."""
    styles: list[ReferenceStyle] = []  # made on first use: loading pybtex's plugins is slow
    references = {}
    for key in sorted(entries):
        item = entries[key]
        cache_key = cache.key("reference", entry_text(item)) if cache else ""
        rendered = cache.load("reference", cache_key, tuple[str, str]) if cache else None
        if rendered is None:
            styles = styles or [ReferenceStyle()]
            formatted = _format(styles[0], item)
            rendered = (render_text(formatted.text, "html"), render_text(formatted.text, "text"))
            if cache:
                cache.store("reference", cache_key, rendered)
        fields = item.entry.fields
        status = fields.get("verification", "unverified").strip().lower()
        if status not in STATUSES:
            raise ContentError(
                item.path,
                item.line,
                f"entry '{key}' has verification '{status}'",
                f"use one of: {', '.join(STATUSES)}",
            )
        keywords = {k.strip().lower() for k in fields.get("keywords", "").split(",")}
        group = next((GROUPS[k] for k in sorted(keywords) if k in GROUPS), "study")
        references[key] = Reference(
            key=key,
            html=rendered[0],
            text=rendered[1],
            verification=status,
            note=_plain(fields.get("note", "")),
            group=group,
            path=item.path,
            line=item.line,
        )
    return references


def _plain(latex: str) -> str:
    """A note field as plain text: braces gone, whitespace collapsed, HTML escaped."""
    return html.escape(re.sub(r"\s+", " ", latex.replace("{", "").replace("}", "")).strip())


def _format(style: ReferenceStyle, item: BibEntry):
    """One entry through the style; a type the style has no template for, or a field its
    template needs, is the contributor's to fix, not a crash."""
    if not hasattr(style, f"get_{item.entry.type}_template"):
        types = sorted(
            n[4:-9] for n in dir(style) if n.startswith("get_") and n.endswith("_template")
        )
        raise ContentError(
            item.path,
            item.line,
            f"entry '{item.key}' has the type @{item.entry.type}, which the reference style has no format for",
            f"use one of: {', '.join('@' + t for t in types)}",
        )
    try:
        return style.format_entry(item.key, item.entry)
    except FieldIsMissing as error:
        raise ContentError(
            item.path,
            item.line,
            f"entry '{item.key}' (@{item.entry.type}) has no {error.field_name}",
            f"add '{error.field_name} = {{...}}'",
        ) from error


EVIDENCE_WORDS = {
    "verified-study": "Backed by a cited source that we checked.",
    "unverified-citation": "Cited, but the citation could not be verified.",
    "no-study": "Stated by {n} source {articles}, with no study cited.",
}
UNCITED_FIGURE = "uncited-figure"
FLAG_WORDS = {UNCITED_FIGURE: "The articles give no study for this figure."}


def evidence_words(cluster: Claim) -> str:
    n = len(cluster.articles)
    return EVIDENCE_WORDS[cluster.evidence].format(
        n=n, articles="article" if n == 1 else "articles"
    )


def label_evidence(clusters: list[Claim], references: dict[str, Reference]) -> list[Claim]:
    """Each claim's support, in one of three plain labels, and a flag on figures no study backs."""
    labelled = []
    for cluster in clusters:
        cited = tuple(references[k] for k in cluster.citation_keys)
        labelled.append(
            _labelled.get((cluster, cited), lambda c=cluster, r=cited: _labelled_claim(c, r))
        )
    return labelled


def _labelled_claim(cluster: Claim, cited: Sequence[Reference]) -> Claim:
    studies = [r for r in cited if r.group != "source-article"]
    if any(r.verification in CHECKED for r in studies):
        evidence = "verified-study"
    elif studies:
        evidence = "unverified-citation"
    else:
        evidence = "no-study"
    uncited = (UNCITED_FIGURE,) if evidence == "no-study" and cluster.figures else ()
    flags = tuple(f for f in cluster.flags if f != UNCITED_FIGURE) + uncited
    return dataclasses.replace(cluster, evidence=evidence, flags=flags)


# Each claim labelled, by the claim and the references it cites (``merge._pending``: a claim no
# edit touched stays the same object from build to build).
_labelled: KeptResults[Claim] = KeptResults()


def uncited_figures(clusters: Iterable[Claim]) -> list[ContentError]:
    """A warning per figure that no study backs and no article's front matter accepts."""
    return [
        ContentError(
            member.path,
            member.line,
            f"no study is given for {', '.join(repr(f) for f in member.figures)}",
            "cite the study that gives it, [@key], or accept it in the front matter: "
            "accept_uncited: [{figure: '...', reason: '...'}]",
        )
        for cluster in clusters
        if UNCITED_FIGURE in cluster.flags
        for member in cluster.members
        if member.figures and not member.accepted_uncited
    ]
