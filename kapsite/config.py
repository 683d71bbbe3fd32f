"""One typed configuration object, defaults grouped by concern."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SiteConfig:
    """Where the engine reads its inputs. Every path is relative to ``root`` unless absolute."""

    root: Path

    # Content: what contributors edit.
    articles_dir: Path = Path("content/articles")
    topics_file: Path = Path("content/topics.yml")
    disclaimer_file: Path = Path("content/disclaimer.md")
    help_file: Path = Path("content/help.yml")  # crisis lines for the help box
    safe_messaging_file: Path = Path("content/safe-messaging.yml")  # wording rules on suicide

    # Stable links: the lock of published anchors, and where moved ones went.
    anchors_lock_file: Path = Path("anchors.lock")
    redirects_file: Path = Path("content/redirects.yml")
    docs_dir: Path = Path("docs")  # hand-written pages, whose heading anchors are locked too

    # Citations: every *.bib file in this folder is loaded.
    bibliography_dir: Path = Path("bibliography")

    # Limits: a file larger than this is refused with a clear error rather than slowing the build.
    max_article_bytes: int = 1_000_000

    def path(self, relative: Path) -> Path:
        return relative if relative.is_absolute() else self.root / relative

    @property
    def articles(self) -> Path:
        return self.path(self.articles_dir)

    @property
    def topics(self) -> Path:
        return self.path(self.topics_file)

    @property
    def disclaimer(self) -> Path:
        return self.path(self.disclaimer_file)

    @property
    def help(self) -> Path:
        return self.path(self.help_file)

    @property
    def anchors_lock(self) -> Path:
        return self.path(self.anchors_lock_file)

    @property
    def redirects(self) -> Path:
        return self.path(self.redirects_file)

    @property
    def docs(self) -> Path:
        return self.path(self.docs_dir)

    @property
    def safe_messaging(self) -> Path:
        return self.path(self.safe_messaging_file)

    @property
    def bibliography(self) -> Path:
        return self.path(self.bibliography_dir)

    @property
    def watched(self) -> tuple[Path, ...]:
        """Folders whose changes should trigger a rebuild in live preview."""
        return (self.path(Path("content")), self.bibliography)
