"""Fixtures: small projects written for the tests, built with the real mkdocs.yml and hooks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

TOPICS = """\
pages:
  - slug: overview
    title: Overview
    intro: What the treatment is.
    fallback: true
    sections:
      - id: history
        title: History
        cues: [history, 1960s]
      - id: background
        title: Background
  - slug: mechanism
    title: How it works
    intro: The brain chemistry.
    sections:
      - id: nmda-glutamate
        title: NMDA and glutamate
        cues: [nmda, glutamate]
  - slug: conditions
    title: Conditions
    intro: What it is studied for.
    sections:
      - id: depression
        title: Depression
        cues: [depression]
      - id: ptsd
        title: PTSD
        cues: [ptsd]
  - slug: risks
    title: Risks
    intro: Side effects.
    sections:
      - id: short-term-effects
        title: Short-term effects
        cues: [nausea, dissociation]
  - slug: faq
    title: FAQ
    intro: Questions.
    faq: true
    sections:
      - id: questions
        title: Questions
"""

ARTICLE_A = """\
---
title: First article
source:
  publisher: Clinic A
  title: Ketamine explained
  key: source-a
---
## How it works

Ketamine blocks NMDA receptors in the brain [@smith2020].
Glutamate levels then rise.

## Conditions

- Ketamine can ease treatment-resistant depression [@smith2020; @jones2019, p. 4].
- Some people feel nausea after a dose.
"""

ARTICLE_B = """\
---
title: Second article
source:
  publisher: Blog B
---
Ketamine was first made in the 1960s.

Ketamine  blocks NMDA receptors in the brain! [@smith2020]

## Frequently asked questions

### Does it help PTSD?

Early studies suggest it may help PTSD [@jones2019].
"""

BIB = """\
@article{smith2020,
  author = {Smith, Anna and Lee, Bo},
  title = {Ketamine and the NMDA receptor},
  journal = {Journal of Examples},
  year = {2020},
  volume = {12},
  number = {3},
  pages = {100-110},
  doi = {10.1000/example.1},
  verification = {verified},
}

@article{jones2019,
  author = {Jones, Carl},
  title = {Ketamine in trauma},
  journal = {Trauma Examples},
  year = {2019},
  verification = {unverified},
  note = {The source printed the wrong journal.},
}

@online{source-a,
  organization = {Clinic A},
  title = {Ketamine explained},
  keywords = {source-article},
  verification = {verified},
}
"""


KIT = """\
title: Suicide Prevention Month
intro: Facts to share in September.
reviewed: 2026-11-20
statistics: []
facts: []
"""


@dataclass
class Project:
    root: Path

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def mkdocs_build(self, *extra: str, site: str = "site") -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", site, *extra],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def html(self, page: str, site: str = "site") -> str:
        return (self.root / site / page).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project built once for the whole run (strict, addressed as loopback): the
    browser, search and page-metadata tests only read it."""
    from browser_support import build_real_site

    return build_real_site(tmp_path_factory.mktemp("real") / "site")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The real mkdocs.yml, hooks, theme overrides and hand-written docs, with fixture content."""
    return make_project(tmp_path / "project")


def make_project(root: Path) -> Project:
    """What the ``project`` fixture gives, at ``root``: for fixtures shared by a whole module."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("hooks", "overrides", "docs"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for notice in ("disclaimer.md", "help.yml", "safe-messaging.yml"):  # what every page carries
        shutil.copy(REPO / "content" / notice, _mkdir(root / "content") / notice)
    p = Project(root)
    p.write("content/topics.yml", TOPICS)
    p.write("content/articles/first.md", ARTICLE_A)
    p.write("content/articles/second.md", ARTICLE_B)
    p.write("bibliography/refs.bib", BIB)
    # The real navigation lists the kit page: a kit with no claims yet (tests/kit_support.py
    # gives one with claims).
    p.write("content/kit.yml", KIT)
    return p


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def clusters_of(statements, registry=None, vocabulary=None):
    """The clusters dedupe makes, as a list (what most tests look at)."""
    from kapsite.stages.dedupe.merge import deduplicate

    return list(deduplicate(statements, registry, vocabulary).clusters)


def review_the_rest(project: Project) -> None:
    """What an editor does with `kapsite review` for every statement still pending: each becomes
    a claim in its own words, where the router put it (so a strict build passes)."""
    from kapsite.commands import claims_files
    from kapsite.config import SiteConfig
    from kapsite.pipeline import build

    site = SiteConfig(root=project.root)
    claims = build(site, check_lock=False).clusters
    reviewed = {c.id: c for c in claims if not c.pending}
    for claim in claims:
        if not claim.pending:
            continue
        first, *others = claim.members
        if claim.id in reviewed:  # the same words as a reviewed claim: it supports that one
            same = reviewed[claim.id]
            for member in claim.members:
                claims_files.add_support(site.claims, same.page, same.id, member.id, member.text)
            continue
        claims_files.new_claim(
            site.claims, claim.page, claim.section, claim.id, claim.text, first.id, first.text
        )
        for other in others:
            claims_files.add_support(site.claims, claim.page, claim.id, other.id, other.text)
