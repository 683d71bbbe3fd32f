"""One typed configuration object, defaults grouped by concern."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SiteConfig:
    """Where the engine reads its inputs. Give any path relative to ``root`` (the project
    folder) or absolute; after construction every path field is absolute-or-rooted."""

    root: Path

    # Content: what contributors edit.
    content: Path = Path("content")  # watched by live preview
    articles: Path = Path("content/articles")
    topics: Path = Path("content/topics.yml")
    claims: Path = Path("content/claims")  # the editor's claims, one file per page, and fates
    vocabulary: Path = Path("content/vocabulary.yml")  # entities and synonyms for matching
    disclaimer: Path = Path("content/disclaimer.md")
    help: Path = Path("content/help.yml")  # crisis lines for the help box
    safe_messaging: Path = Path("content/safe-messaging.yml")  # wording rules on suicide
    changes: Path = Path("content/changes.yml")  # what changed in the claims, and when

    # Stable links: the lock of published anchors, and where moved ones went.
    anchors_lock: Path = Path("anchors.lock")
    redirects: Path = Path("content/redirects.yml")
    docs: Path = Path("docs")  # hand-written pages, whose heading anchors are locked too
    claims_lock: Path = Path("claims.lock")  # each claim's words, so none changes silently

    # The public address ("https://example.org/kap/"), for the feed's and structured data's
    # absolute links; the generator's site_url. Empty: links relative to the site root.
    site_url: str = ""
    site_name: str = ""  # the generator's site_name, for the feed's title

    # Citations: every *.bib file in this folder is loaded.
    bibliography: Path = Path("bibliography")

    # Limits: a file larger than this is refused with a clear error rather than slowing the build.
    max_article_bytes: int = 1_000_000

    def __post_init__(self) -> None:
        for option in dataclasses.fields(self):
            value = getattr(self, option.name)
            if option.name != "root" and isinstance(value, Path):
                object.__setattr__(self, option.name, self.path(value))

    def path(self, relative: Path) -> Path:
        return relative if relative.is_absolute() else self.root / relative

    @property
    def watched(self) -> tuple[Path, ...]:
        """Folders whose changes should trigger a rebuild in live preview."""
        return (self.content, self.bibliography)
