"""The reference style: APA-7-like author-year entries, written the pybtex way.

One declarative template per entry type, built from pybtex's combinators. Missing fields are
handled inside the templates (``optional``, ``first_of``), not with if/else around them.
Links are made only for http(s) URLs and DOIs, so a bibliography field can never put a
``javascript:`` (or any other) scheme into an ``href``.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

from pybtex import richtext
from pybtex.style.formatting import BaseStyle, toplevel
from pybtex.style.labels.number import LabelStyle
from pybtex.style.names.lastfirst import NameStyle
from pybtex.style.sorting.none import SortingStyle
from pybtex.style.template import (
    FieldIsMissing,
    field,
    first_of,
    join,
    names,
    node,
    optional,
    sentence,
    tag,
    words,
)

from kapsite.text.identifiers import DOI_FIELD

# pybtex finds a backend or a style by its name among the entry points of every installed
# package, reading each one's metadata on every call (tens of milliseconds, once per rendered
# text): the modules those names give are named here instead, so a lookup costs nothing.
# Imported on first use: the HTML backend brings in urllib.request and ssl, which a build whose
# references are all cached never needs.
BACKENDS = {"html": "pybtex.backends.html", "text": "pybtex.backends.plaintext"}


def render_text(text: richtext.BaseText, backend: str) -> str:
    """``text.render_as(backend)`` ("html" or "text"), without pybtex's plugin lookup."""
    return text.render(_backend(backend)())


@cache
def _backend(name: str) -> type:
    return importlib.import_module(BACKENDS[name]).Backend


SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


def _raw_field(context: dict, name: str) -> str:
    try:
        return context["entry"].fields[name].strip()
    except KeyError:
        raise FieldIsMissing(name, context["entry"]) from None


@node
def doi_link(children, context):
    """``https://doi.org/<doi>`` as a link; a DOI that does not look like one is not linked."""
    match = DOI_FIELD.match(_raw_field(context, "doi"))
    if not match:
        raise FieldIsMissing("doi", context["entry"])
    url = f"https://doi.org/{match[1]}"
    return richtext.HRef(url, url)


@node
def web_link(children, context):
    """The ``url`` field as a link, only when it is plain http(s); otherwise left out."""
    url = _raw_field(context, "url")
    if not SAFE_URL.match(url):
        raise FieldIsMissing("url", context["entry"])
    return richtext.HRef(url, url)


DASHES = re.compile(r"\s*-+\s*")


def dashify(text: richtext.Text) -> richtext.Text:
    """Page ranges with an en dash, as APA prints them."""
    return richtext.Text(richtext.Symbol("ndash")).join(text.split(DASHES))


authors = names("author", sep=", ", sep2=", & ", last_sep=", & ")
# Raises FieldIsMissing when an entry names no one, so a template can fall back to its title.
who = first_of[optional[authors], field("organization")]
year = first_of[optional[join["(", field("year"), ")"]], "(n.d.)"]
author_year = sentence[words[who, year]]
title = sentence[field("title")]
italic_title = sentence[tag("em")[field("title")]]
pages = field("pages", apply_func=dashify)
link = first_of[optional[doi_link], optional[web_link]]


class ReferenceStyle(BaseStyle):
    """APA-like text: Author, A. A., & Author, B. B. (2019). Title. *Journal*, 44(5), 1-2."""

    def __init__(self) -> None:
        # pybtex's defaults for labels and sorting, and its "lastfirst" names, as classes.
        super().__init__(
            label_style=LabelStyle,
            name_style=NameStyle,
            sorting_style=SortingStyle,
            abbreviate_names=True,
        )

    def get_article_template(self, e):
        volume_issue_pages = join(sep=", ")[
            tag("em")[field("journal")],
            optional[join[field("volume"), optional["(", field("number"), ")"]]],
            optional[pages],
        ]
        return toplevel[author_year, title, sentence[volume_issue_pages], optional[link]]

    def get_book_template(self, e):
        return toplevel[
            author_year, italic_title, optional[sentence[field("publisher")]], optional[link]
        ]

    def get_online_template(self, e):
        # APA: a page that names no author starts with its title.
        return first_of[
            optional[toplevel[author_year, italic_title, optional[link]]],
            toplevel[sentence[words[tag("em")[field("title")], year]], optional[link]],
        ]

    def get_report_template(self, e):
        number = optional[join["(", field("number"), ")"]]
        issuer = first_of[optional[field("institution")], optional[field("publisher")]]
        return toplevel[
            author_year,
            sentence[words[tag("em")[field("title")], number]],
            optional[sentence[issuer]],
            optional[link],
        ]

    def get_misc_template(self, e):
        return toplevel[
            author_year, italic_title, optional[sentence[field("howpublished")]], optional[link]
        ]

    # pybtex's other standard types fall back to the closest of ours.
    get_techreport_template = get_report_template
    get_manual_template = get_report_template
    get_inproceedings_template = get_article_template
    get_incollection_template = get_book_template
