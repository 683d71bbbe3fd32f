"""One typed configuration object, defaults grouped by concern."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kapsite.errors import ContentError

DEFAULT_CACHE = Path(".cache/kapsite")
NO_CACHE = "KAPSITE_NO_CACHE"  # an environment variable: set, builds run without the cache
# The size budget of a topic page, in bytes of the words it shows (claims and the sources'
# quotes under them; ``stages.compose.claim_weight``). A page over it is split into one page per
# section, and a section over it into numbered parts. Sized so that a page at the budget has a
# first view under 100 KB gzipped with the theme's assets, search index apart
# (benchmarks/page_weight.py). The largest real page, the overview, weighs 54 KB by this measure:
# the real site is not split, and has room to grow by a third before it is.
PAGE_BUDGET = 75_000
PAGE_BUDGET_VARIABLE = "KAPSITE_PAGE_BUDGET"  # an environment variable: another budget (tests)
WORKERS_VARIABLE = "KAPSITE_WORKERS"  # an environment variable: how many processes read articles


# Processes that read articles at once (``stages.statements``), when 100 or more are to be read
# (a first build of a large corpus; the real site never starts one), and at most one a processor.
# Two: at 1,000 synthetic articles on a 2-core machine doing little else, two workers read them
# in 5.9 and 6.4 s against 11.4 and 10.1 s for one process (benchmarks/workers.py), for a tenth
# more CPU and some 50 MB a worker; on a machine busy with other work they gain nothing.
# KAPSITE_WORKERS=1 reads in this process only.
DEFAULT_WORKERS = 2


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
    kit: Path = Path("content/kit.yml")  # the claims the Suicide Prevention Month page shows
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

    # Public addresses (mkdocs.yml's site_url, repo_url and edit_uri): permalinks, and the edit
    # and "report an error" links. No repo_url: no such links.
    site_url: str = ""
    repo_url: str = ""
    edit_uri: str = "blob/main/docs/"
    # Per-article work kept between builds (kapsite/cache.py); safe to delete. None: no cache.
    cache: Path | None = DEFAULT_CACHE

    # Limits: a file larger than this is refused with a clear error rather than slowing the build.
    max_article_bytes: int = 1_000_000
    page_budget: int = PAGE_BUDGET
    # Articles are read in this many processes when there are enough to read (a cold build of
    # a large corpus); 1 reads them all in this process. The output is the same either way.
    workers: int = DEFAULT_WORKERS

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

    @classmethod
    def for_project(
        cls, root: Path, environ: Mapping[str, str] = os.environ, **addresses: str
    ) -> SiteConfig:
        """The project's configuration as a build command runs it: the defaults, without the
        cache when ``KAPSITE_NO_CACHE`` is set (to measure, or to rule the cache out).
        ``addresses``: site_url, repo_url and edit_uri, as the generator's config gives them.
        ``KAPSITE_PAGE_BUDGET`` sets another page budget (a test splits small pages with it),
        ``KAPSITE_WORKERS`` how many processes read articles (1: none but this one)."""
        cache = None if environ.get(NO_CACHE) else DEFAULT_CACHE
        budget = page_budget(environ.get(PAGE_BUDGET_VARIABLE, ""))
        count = workers(environ.get(WORKERS_VARIABLE, ""))
        return cls(root=root, cache=cache, page_budget=budget, workers=count, **addresses)


def page_budget(value: str) -> int:
    """``KAPSITE_PAGE_BUDGET`` as a number of bytes: unset or empty is the default; anything
    but a positive whole number is an error naming the variable, never a page split silently
    at a budget nobody meant (0 would put every claim on a part of its own)."""
    return _positive_whole(
        PAGE_BUDGET_VARIABLE,
        value,
        PAGE_BUDGET,
        "the page budget must be a positive whole number of bytes",
        f"set {PAGE_BUDGET_VARIABLE} to a number such as {PAGE_BUDGET}, or unset it for the "
        "default",
    )


def workers(value: str) -> int:
    """``KAPSITE_WORKERS`` as a number of processes: unset or empty is ``DEFAULT_WORKERS``;
    anything but a positive whole number is an error naming the variable. More workers than
    this machine has processors are fewer: each would only wait for the others."""
    count = _positive_whole(
        WORKERS_VARIABLE,
        value,
        DEFAULT_WORKERS,
        "the number of workers must be a positive whole number",
        f"set {WORKERS_VARIABLE} to the number of processes that read articles (1: this one "
        "only), or unset it",
    )
    return min(count, _processors())


def _processors() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS and Windows have no affinity
        return os.cpu_count() or 1


def _positive_whole(variable: str, value: str, default: int, what: str, fix: str) -> int:
    if not value.strip():
        return default
    if re.fullmatch(r"[0-9]+", value.strip()) and int(value) > 0:
        return int(value)
    raise ContentError(variable, None, f"{what}, not {value!r}", fix)
