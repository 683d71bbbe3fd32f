"""``kapsite new article SLUG`` and ``kapsite new reference KEY``: a skeleton to fill in.

Each skeleton is written as a new file (``kapsite.files.create_text``), never over one. Its
blanks stop the build until they are filled: an empty required field, an empty BibTeX field,
or a ``TODO(kapsite)`` note in the body (the same note ``kapsite import`` leaves). Once they are
filled, the file is an article or a reference the build reads like any other.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from kapsite.commands import add_root_argument
from kapsite.config import SiteConfig
from kapsite.errors import ContentError
from kapsite.files import create_text, read_text, relative_path
from kapsite.inputs.articles import SLUG
from kapsite.inputs.bibliography import ENTRY_START
from kapsite.text.markdown_source import IMPORT_NOTE

# Letters and digits, with single '-', '_' or '.' between them: a BibTeX key, a pandoc
# citation key ('[@key]' would drop a final '.') and a file name on every system.
KEY = re.compile(r"^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$")


def article_skeleton(slug: str) -> str:
    return f"""\
---
# Written by 'kapsite new article'. Fill in each field; delete an optional one you leave empty.
# The build stops until 'title', the source's 'publisher' and the body are written.
title:  # required: our title for the article, in plain words
source:
  publisher:  # required: who published the original article (never guess)
  title:  # optional: the original title, exactly as published, in quotes
  url:  # optional: the original's address, only if you know it
  short:  # optional: the short name readers see beside each claim, such as "Clinic guide"
  key:  # optional: the key of the article's own @online entry; make one with: kapsite new reference source-{slug} --type online
published:  # optional: when the original was published, as YYYY-MM-DD
reviewed:  # optional: when an editor last checked this article against its sources, as YYYY-MM-DD
---

## {IMPORT_NOTE}: name the first section

{IMPORT_NOTE}: replace this example paragraph with the article's own sentences, such as:
{IMPORT_NOTE}: Ketamine is a medicine that doctors first used for anaesthesia.

<!-- Write one claim per sentence, in your own words, and name the subject in each one:
"Ketamine is...", not "It is...". Cite a study at the end of the sentence it supports,
with its key in square brackets, like this: [@key]. Every key must be in bibliography/*.bib;
add one with: kapsite new reference KEY -->
"""


REFERENCE_NOTES = """\
Written by 'kapsite new reference'. BibTeX reads only the entry below: these lines are notes.
Fill in each field from the publisher's own record (the journal's page or the DOI), never
from the source article alone. Delete a line you cannot fill: the build stops at an empty one.
- author: family name first, people joined with 'and', such as {Family, A. and Other, B.}
- verification: leave it 'unverified' until an editor has checked the entry against the
  record; then write 'verified', or 'corrected' if the source article got a detail wrong.
- note: in plain words, what was checked and what the source article got wrong.
"""

REFERENCE_FIELDS: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year", "volume", "number", "pages", "doi"),
    "online": ("organization", "title", "url", "keywords"),
}
PREFILLED = {"keywords": "source-article"}
NOTE = "Not yet checked against the publisher's record."


def reference_skeleton(key: str, kind: str) -> str:
    fields = [(name, PREFILLED.get(name, "")) for name in REFERENCE_FIELDS[kind]]
    fields += [("verification", "unverified"), ("note", NOTE)]
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields)
    return f"{REFERENCE_NOTES}\n@{kind}{{{key},\n{body}\n}}\n"


# --- the command -----------------------------------------------------------------------------


def new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = "Write a skeleton article or BibTeX reference to fill in."
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
    article = kinds.add_parser("article", help="content/articles/SLUG.md")
    article.add_argument("name", metavar="SLUG", help="lowercase letters, digits and hyphens")
    reference = kinds.add_parser("reference", help="bibliography/KEY.bib")
    reference.add_argument("name", metavar="KEY", help="letters and digits, joined by - _ or .")
    reference.add_argument(
        "--type",
        choices=sorted(REFERENCE_FIELDS),
        default="article",
        help="article: a journal paper; online: a web page, such as a source article",
    )
    for sub in (article, reference):
        add_root_argument(sub)


def run_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    config = SiteConfig.for_project(args.root)
    try:
        path = WRITERS[args.kind](config, args)
    except ContentError as error:
        print(error.relative_to(config.root), file=err)
        return 1
    print(f"wrote {relative_path(path, config.root)}", file=out)
    return 0


def _new_article(config: SiteConfig, args: argparse.Namespace) -> Path:
    slug = args.name
    path = config.articles / f"{slug}.md"
    if not SLUG.match(slug):
        raise ContentError(
            path,
            None,
            f"'{slug}' is not a valid slug",
            "use lowercase letters, digits and single hyphens, such as ketamine-and-pain",
        )
    create_text(path, article_skeleton(slug), what="new article")
    return path


def _new_reference(config: SiteConfig, args: argparse.Namespace) -> Path:
    key = args.name
    path = config.bibliography / f"{key}.bib"
    if not KEY.match(key):
        raise ContentError(
            path,
            None,
            f"'{key}' is not a key BibTeX and citations can use",
            "use letters and digits, joined by single '-', '_' or '.', such as smith2020",
        )
    _refuse_used_key(config.bibliography, key)
    create_text(path, reference_skeleton(key, args.type), what="new reference")
    return path


def _refuse_used_key(folder: Path, key: str) -> None:
    """BibTeX keys are the same whatever their case: a second 'Smith2020' stops the build."""
    for bib in sorted(folder.glob("*.bib")):
        text = read_text(bib)
        for match in ENTRY_START.finditer(text):
            if match[2].lower() == key.lower():
                raise ContentError(
                    bib,
                    text[: match.start()].count("\n") + 1,
                    f"the key '{match[2]}' is already used here",
                    "cite this entry, or choose another key",
                )


WRITERS: dict[str, Callable[[SiteConfig, argparse.Namespace], Path]] = {
    "article": _new_article,
    "reference": _new_reference,
}
