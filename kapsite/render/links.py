"""Links from the site back to its sources: "edit" goes to the file and line that holds a claim
or page (an article, the editor's claims file), never to a generated page; "report an error"
opens a prefilled issue, with the repository's "Report an error" template, naming the claim's
permalink and words.

Both come from ``repo_url`` and ``edit_uri`` in mkdocs.yml, the same settings the theme uses for
the hand-written pages' edit button. Every link is returned HTML-escaped, ready for an attribute.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from kapsite.config import SiteConfig
from kapsite.inputs.claims import Editorial
from kapsite.model import Claim
from kapsite.text.html import escape

# The issue template for errors on the site (.github/ISSUE_TEMPLATE/); its title starts so.
REPORT_TEMPLATE = "report-an-error.md"
REPORT_TITLE = "Error: "
TITLE_WORDS = 10  # an issue title names the claim by its first words
# A prefilled body replaces the template's, so it keeps the template's crisis line and questions
# (tests/render/test_source_links.py holds them to the template).
CRISIS = (
    "If you are in crisis, please do not wait for a reply here. Open the site's "
    '"Getting help now" page (docs/getting-help.md here), or call your local emergency number.'
)


@dataclass(frozen=True)
class SourceLinks:
    """``repo_url``: the repository's web address (https://github.com/owner/name); empty means
    no links. ``edit_uri``: as in mkdocs.yml (``blob/main/docs/``): the part before the docs
    folder says how to open a file on the branch. ``site_url``: the site's public address, for
    permalinks. ``root``: the project folder that paths are given relative to."""

    repo_url: str = ""
    edit_uri: str = "blob/main/docs/"
    site_url: str = ""
    root: Path = Path()
    docs: str = "docs"

    def __bool__(self) -> bool:
        return bool(self.repo_url)

    def source(self, path: Path, line: int | None = None) -> str:
        """The file (at the line) on the repository's web page, escaped; "" without a repo."""
        if not self:
            return ""
        relative = path.relative_to(self.root) if path.is_absolute() else path
        url = f"{self._files_url()}{relative.as_posix()}"
        return escape(f"{url}#L{line}" if line else url)

    def permalink(self, page: str, anchor: str) -> str:
        """The claim's public address (not escaped)."""
        return f"{self.site_url.rstrip('/')}/{page}/#{anchor}"

    def report(self, page: str, anchor: str, text: str) -> str:
        """A new issue with the error template, its title and body naming the claim, escaped."""
        if not self:
            return ""
        words = " ".join(text.split())
        short = " ".join(words.split()[:TITLE_WORDS])
        title = REPORT_TITLE + (short if short == words else short + "…")
        body = (
            f"{CRISIS}\n\n"
            f"**Page and claim.** {self.permalink(page, anchor)}\n\n"
            f"> {words}\n\n"
            "**What is wrong.** What does the page say, and what should it say?\n\n"
            "**Your source.** Which study, label or official record shows it? "
            "Give a link or a DOI if you can:\n"
        )
        query = urlencode(
            {"template": REPORT_TEMPLATE, "title": title, "body": body}, quote_via=quote
        )
        return escape(f"{self.repo_url.rstrip('/')}/issues/new?{query}")

    def _files_url(self) -> str:
        # edit_uri "blob/main/docs/" -> ".../blob/main/": where any file of the branch opens.
        base = self.edit_uri.strip("/")
        if base.endswith(self.docs):
            base = base[: -len(self.docs)].rstrip("/")
        return f"{self.repo_url.rstrip('/')}/{base}/"


def source_links(config: SiteConfig) -> SourceLinks:
    return SourceLinks(
        repo_url=config.repo_url,
        edit_uri=config.edit_uri,
        site_url=config.site_url,
        root=config.root,
        docs=config.docs.relative_to(config.root).as_posix(),
    )


def claim_source(claim: Claim, editorial: Editorial) -> tuple[Path, int]:
    """Where a claim's words are written: the editor's claims file at its entry, or, for a
    claim nobody has reviewed yet, the article line it is quoted from."""
    entry = editorial.claim_by_id.get(claim.id)
    if entry is not None:
        return entry.path, entry.line
    first = claim.members[0]
    return first.path, first.line


def actions_html(
    claim: Claim, words: str, where: tuple[Path, int], links: SourceLinks, page: str = ""
) -> str:
    """One line in a claim's record: edit its words (``words``, as plain text) where they are
    written, or report an error in them (``page``: where it is shown, if not its topic page). The record is closed by default and hidden in print, so phones and paper
    stay short."""
    path, line = where
    edit = links.source(path, line)
    report = links.report(page or claim.page, claim.id, words)
    relative = path.relative_to(links.root) if path.is_absolute() else path
    return (
        f'<li class="kap-actions"><a href="{edit}">Edit this statement</a> '
        f"({escape(relative.as_posix())}, line {line}) · "
        f'<a href="{report}">Report an error</a></li>'
    )
