"""The built site's internal links and anchors, checked by linkchecker (PyPI) offline.

The site is built as GitHub Pages publishes it, under a path (``/kapsite/``), and served from
loopback at that path: the 404 page links from the site's root path (``/kapsite/about/``), which
linkchecker cannot resolve on files, and serving it is how a browser sees it. External links are
ignored, and the check runs with an audit hook that refuses any connection or name lookup other
than to loopback, so the test proves it made no network call.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import serve
from conftest import REPO, Project

SITE_PATH = "kapsite"
# Run linkchecker in this Python, with every connection and lookup off loopback refused (and
# reported on stderr), whatever it or dnspython tries.
OFFLINE = """
import sys
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
def refuse(event, args):
    if event in ("socket.connect", "socket.sendto"):
        address = args[-1]
        host = address[0] if isinstance(address, tuple) else None
    elif event in ("socket.getaddrinfo", "socket.gethostbyname"):
        host = args[0]
    else:
        return
    if isinstance(host, bytes):
        host = host.decode()
    if host is not None and host not in LOOPBACK:
        print(f"NETWORK CALL REFUSED: {event} {host}", file=sys.stderr, flush=True)
        raise OSError(f"no network in the link check: {host}")
sys.addaudithook(refuse)
from linkcheck.command.linkchecker import linkchecker
sys.argv[0] = "linkchecker"
sys.exit(linkchecker())
"""


@pytest.fixture(scope="module")
def served_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built under a path as on GitHub Pages, in ``<root>/kapsite/``."""
    root = tmp_path_factory.mktemp("linkcheck")
    project = root / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "anchors.lock"):
        shutil.copy(REPO / name, project / name)
    for folder in ("hooks", "overrides", "docs", "content", "bibliography"):
        shutil.copytree(
            REPO / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    served = root / "served"
    served.mkdir()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("KAPSITE_SITE_URL", f"https://kapsite.example/{SITE_PATH}/")
        result = Project(project).mkdocs_build(site=str(served / SITE_PATH))
    assert result.returncode == 0, result.stderr
    return served


def linkcheck(served: Path, start: list[str], tmp: Path, recursion: int = -1) -> list[dict]:
    """linkchecker's rows (one per link checked) for the pages ``start`` names under the
    site's path, with any refused network call failing the test."""
    with serve(served) as base:
        site = f"{base}{SITE_PATH}/"
        config = tmp / "linkcheckerrc"
        # Only this site's URLs are checked; everything else (other sites, mailto:) is not.
        config.write_text(
            f"[filtering]\nignore=\n  ^(?!{site.replace('.', '[.]')})\n[AnchorCheck]\n",
            encoding="utf-8",
        )
        command = [
            sys.executable,
            "-c",
            OFFLINE,
            "--config",
            str(config),
            "--no-status",
            "--verbose",  # a row for every link checked, not only the broken ones
            "--output=csv",
            f"--recursion-level={recursion}",
            *(site + page for page in start),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert "NETWORK CALL REFUSED" not in result.stderr, result.stderr
    # Comment lines around the table; a quoted field may hold a line break, so csv reads it.
    table = result.stdout[result.stdout.index("urlname;") :]
    table = table[: table.rfind("\n# Stopped checking")]
    rows = list(csv.DictReader(io.StringIO(table), delimiter=";"))
    assert rows, result.stdout + result.stderr
    return rows


def problems(rows: list[dict]) -> list[str]:
    return sorted(
        f"{row['parentname']}:{row['line']}: {row['urlname']} -> {row['result']} "
        f"{row['warningstring']}".strip()
        for row in rows
        if row["valid"] != "True" or row["warningstring"]
    )


def test_linkchecker_finds_no_broken_link_or_anchor_in_the_real_site(
    served_root: Path, tmp_path: Path
) -> None:
    rows = linkcheck(served_root, ["", "404.html"], tmp_path)
    assert len(rows) > 300  # it crawled the whole site
    assert sum("#" in row["urlname"] for row in rows) > 100  # and checked anchors
    assert any(row["url"].endswith(f"/{SITE_PATH}/404.html") for row in rows)
    assert problems(rows) == []


def test_a_broken_anchor_and_a_broken_root_relative_link_are_caught(
    served_root: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "served"
    shutil.copytree(served_root, broken)
    overview = broken / SITE_PATH / "overview" / "index.html"
    html = overview.read_text(encoding="utf-8")
    anchor = html.index('href="#ref-')
    overview.write_text(html[:anchor] + 'href="#gone-' + html[anchor + 11 :], encoding="utf-8")
    not_found = broken / SITE_PATH / "404.html"
    page = not_found.read_text(encoding="utf-8")
    assert f'href="/{SITE_PATH}/about/"' in page  # root-relative, as the theme writes it
    not_found.write_text(
        page.replace(f'href="/{SITE_PATH}/about/"', f'href="/{SITE_PATH}/abuot/"', 1),
        encoding="utf-8",
    )
    found = problems(linkcheck(broken, ["overview/", "404.html"], tmp_path, recursion=1))
    assert any("#gone-" in p and "not found" in p for p in found), found
    assert any(f"/{SITE_PATH}/abuot/" in p and "404" in p for p in found), found
    assert len(found) == 2, found
