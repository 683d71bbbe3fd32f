"""The hand-written pages in ``docs/``, read once: their source, front matter and URL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kapsite.errors import ContentError, raise_together
from kapsite.files import read_text
from kapsite.inputs.articles import page_front_matter


@dataclass(frozen=True)
class DocsPage:
    """A hand-written page in docs/."""

    path: Path
    src_uri: str  # path inside docs/, as the generator names it ("about.md")
    source: str  # the whole file, front matter included
    meta: dict  # its front matter, checked ({} when it has none)


def read_docs_pages(folder: Path) -> tuple[DocsPage, ...]:
    """Every page, or every page's error together (``ContentErrors``)."""
    pages, errors = [], []
    for path in sorted(folder.rglob("*.md")):
        try:
            source = read_text(path)
            meta = page_front_matter(path, source)
        except ContentError as error:
            errors.append(error)
            continue
        pages.append(DocsPage(path, path.relative_to(folder).as_posix(), source, meta))
    raise_together(errors)
    return tuple(pages)
