"""Schema.org structured data (JSON-LD) for a page: what search engines and health-information
tools read to know that a page is medical information, for whom, when it was last reviewed,
and which studies it cites.

Only what the page itself shows is stated: ``lastReviewed`` is the date the page prints (none
when it prints none), the citations are the references its claims cite, and a DOI or address is
given only for a reference whose record was checked. No build clock, keys sorted: the same
content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pybtex.database import Entry

    from kapsite.model import Reference

# pybtex and the stages are imported where a citation is made, not here: a build whose result
# came whole from the cache adds each page's data (``page_data``) without making any.

SCHEMA = "https://schema.org"
LANGUAGE = "en"
# The site is about one therapy and one medicine; every page is part of explaining them.
ABOUT = (
    {
        "@type": "MedicalTherapy",
        "name": "Ketamine-assisted psychotherapy",
        "alternateName": "KAP",
    },
    {"@type": "Drug", "name": "Ketamine", "nonProprietaryName": "ketamine"},
)
AUDIENCE = {
    "@type": "PeopleAudience",
    "audienceType": "People who want to understand ketamine-assisted psychotherapy, "
    "and the people who support them",
}
# schema.org's MedicalAudience: "Target audiences for medical web pages"; patients, not clinicians.
MEDICAL_AUDIENCE = {"@type": "MedicalAudience", "audienceType": "Patient"}
CITATION_TYPES = {"article": "ScholarlyArticle", "online": "WebPage", "book": "Book"}


def page_data(
    *,
    name: str,
    url: str,
    site_name: str,
    site_url: str,
    last_reviewed: dt.date | None,
    citations: Iterable[dict] = (),
) -> dict:
    """A ``MedicalWebPage``: the page's name and address, the site it is part of, its audience
    and subject, its last review date if it shows one, and what it cites."""
    data: dict = {
        "@context": SCHEMA,
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": name,
        "inLanguage": LANGUAGE,
        "isPartOf": {"@type": "WebSite", "name": site_name, "url": site_url or "/"},
        "audience": AUDIENCE,
        "medicalAudience": MEDICAL_AUDIENCE,
        "about": list(ABOUT),
    }
    if last_reviewed is not None:
        data["lastReviewed"] = last_reviewed.isoformat()
    cited = sorted(citations, key=lambda c: c["@id"])
    if cited:
        data["citation"] = cited
    return data


def citation(reference: Reference, entry: Entry | None, bibliography_url: str) -> dict:
    """A cited reference: its entry on the bibliography page (``@id``), its title and year, and,
    only when its record was checked, its DOI and address."""
    from kapsite.stages.cite import CHECKED

    fields = entry.fields if entry is not None else {}
    item: dict = {
        "@type": CITATION_TYPES.get(entry.type if entry is not None else "", "CreativeWork"),
        "@id": f"{bibliography_url}#ref-{reference.key}",
        "name": _plain(fields.get("title", "")) or reference.text,
    }
    year = fields.get("year", "")
    if year.isdigit():
        item["datePublished"] = year
    if reference.verification in CHECKED:
        doi = fields.get("doi", "")
        if doi:
            item["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": doi}
            item["url"] = f"https://doi.org/{doi}"
        elif fields.get("url"):
            item["url"] = fields["url"]
    return item


def json_ld_script(data: dict) -> str:
    """The data as a ``<script type="application/ld+json">`` element. Inside a script element
    HTML ends the element at ``</script`` and changes state at ``<!--``, whatever JSON thinks, so
    ``<``, ``>`` and ``&`` are written as JSON escapes (``\\u003c``): the same data, and no text
    of a title or reference can end the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


@cache  # every page that cites a reference names it; LaTeX decoding is slow
def _plain(latex: str) -> str:
    """A BibTeX field as plain text: braces and LaTeX escapes read by pybtex, not by hand."""
    from pybtex.richtext import Text

    from kapsite.stages.reference_style import render_text

    return render_text(Text.from_latex(latex), "text") if latex else ""
