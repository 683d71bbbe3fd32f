"""Shared set-up for the browser tests: the real site, built once, served on loopback, and
Debian's Chromium driven by Playwright (its own browser download cannot work here)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium phones home at start-up, which this network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: .ci/run must install Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium)")


def build_real_site(target: Path, mkdocs: tuple[str, ...] = ("-m", "mkdocs")) -> Path:
    """``mkdocs``: how Python starts MkDocs (a test may start it with a part of kapsite changed)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    # Served from loopback, so canonical and share-card URLs point here too.
    env["KAPSITE_SITE_URL"] = "http://127.0.0.1/"
    result = subprocess.run(
        [sys.executable, *mkdocs, "build", "--strict", "-d", str(target)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return target


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def page_paths(site: Path) -> list[str]:
    """Every HTML page of the site as a URL path, 404 included."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        paths.append(
            relative[: -len("index.html")] if relative.endswith("index.html") else relative
        )
    return paths


@contextmanager
def chromium_browser() -> Iterator[object]:
    """Debian's chromium, driven by Playwright, for one test module."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
