"""Live preview: `mkdocs serve` shows an edit within seconds, reports a broken edit with its
file and line in the terminal and in the served pages, keeps running, and recovers when the
edit is fixed.

Bounded in time: about 5 s when all is well, at most STARTUP_SECONDS + 3 * CHANGE_SECONDS."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from urllib.error import URLError

import pytest
from conftest import REPO, Project, review_the_rest

STARTUP_SECONDS = 60  # the first build; a slow CI machine is given room
CHANGE_SECONDS = 15  # an edit must show within this (typically about 2 s)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (URLError, OSError):
        return ""


def _wait_for(condition: Callable[[], bool], seconds: float) -> float:
    """Seconds it took for ``condition`` to hold; fails the test if it never does."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if condition():
            return time.monotonic() - start
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s")


def serve_command(address: str) -> list[str]:
    """The README's `make serve`, as the Makefile runs it, on another address: what a
    contributor's preview does (not strict, so an edit with warnings still shows)."""
    lines = (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    recipe = shlex.split(lines[lines.index("serve: $(STAMP)") + 1])
    assert recipe[:2] == ["$(BIN)/mkdocs", "serve"], recipe
    at = recipe.index("--dev-addr")
    recipe[at + 1] = address
    return [sys.executable, "-m", "mkdocs", *recipe[1:]]


class Server:
    def __init__(self, project: Project) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
        self.process = subprocess.Popen(
            serve_command(f"127.0.0.1:{self.port}"),
            cwd=project.root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line)

    def page(self, path: str) -> str:
        return _fetch(f"{self.url}/{path}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def server(project: Project) -> Iterator[Server]:
    running = Server(project)
    try:
        _wait_for(lambda: "NMDA" in running.page("mechanism/"), STARTUP_SECONDS)
        yield running
    finally:
        running.stop()


def test_live_preview_shows_edits_reports_errors_and_recovers(
    project: Project, server: Server
) -> None:
    article = project.root / "content/articles/first.md"
    good = article.read_text(encoding="utf-8")

    # 1. An edit shows within seconds.
    article.write_text(good.replace("Glutamate levels then rise.", "Glutamate levels climb."))
    took = _wait_for(lambda: "Glutamate levels climb." in server.page("mechanism/"), CHANGE_SECONDS)
    print(f"edit shown after {took:.1f} s")

    # 2. A broken edit: the terminal names the file and line; the server keeps running.
    article.write_text(good.replace("title: First article", "title: [unclosed"))
    expected = "content/articles/first.md:2: the front matter is not valid YAML"
    _wait_for(lambda: any(expected in line for line in server.log), CHANGE_SECONDS)
    assert server.process.poll() is None
    # ... and the browser shows it too: on the pages the build could not make, and as a
    # banner on the hand-written pages that still built.
    _wait_for(lambda: expected in server.page("mechanism/"), CHANGE_SECONDS)
    assert "This page could not be built" in server.page("mechanism/")
    assert expected in server.page("about/")

    # 3. Fixing the edit recovers.
    article.write_text(good.replace("Glutamate levels then rise.", "Glutamate levels go up."))
    took = _wait_for(lambda: "Glutamate levels go up." in server.page("mechanism/"), CHANGE_SECONDS)
    print(f"recovered after {took:.1f} s")
    assert server.process.poll() is None


def test_a_new_sentence_shows_in_live_preview_before_anyone_reviews_it(project: Project) -> None:
    """A contributor adds a sentence: the preview shows it at once, marked as not yet reviewed,
    and the terminal says it waits for review. A strict build would stop at that warning and
    leave the preview stuck on the old pages ("The server will appear stuck")."""
    review_the_rest(project)  # every statement has a fate: the build passes strict
    assert project.mkdocs_build().returncode == 0
    article = project.root / "content/articles/first.md"
    new = "Researchers think glutamate bursts help the brain grow new links."
    article.write_text(article.read_text() + f"\n{new}\n", encoding="utf-8")
    assert project.mkdocs_build().returncode != 0  # `make build` and CI still stop at it
    article.write_text(article.read_text().replace(f"\n{new}\n", "\n"), encoding="utf-8")
    server = Server(project)
    try:
        _wait_for(lambda: "NMDA" in server.page("mechanism/"), STARTUP_SECONDS)
        article.write_text(article.read_text() + f"\n{new}\n", encoding="utf-8")
        _wait_for(lambda: new in server.page("mechanism/"), CHANGE_SECONDS)
        assert any("not yet reviewed" in line and new[:30] in line for line in server.log)
        # ... and the rebuild's last word says the preview has warnings a build stops at.
        _wait_for(
            lambda: any("`make build` stops at them" in x for x in server.log), CHANGE_SECONDS
        )
        assert server.process.poll() is None
    finally:
        server.stop()


def test_the_open_browser_tab_reloads_by_itself_after_an_edit(
    project: Project, server: Server
) -> None:
    from browser_support import chromium_browser

    article = project.root / "content/articles/first.md"
    with chromium_browser() as browser:
        page = browser.new_page()
        blocked: list[str] = []
        page.on(
            "console",
            lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.goto(f"{server.url}/mechanism/")
        page.wait_for_timeout(500)  # the reload poller starts
        article.write_text(
            article.read_text().replace("Glutamate levels then rise.", "Glutamate climbs.")
        )
        # No reload by the test: the page must pick up the edit on its own.
        page.wait_for_function(
            "document.body.innerText.includes('Glutamate climbs.')", timeout=CHANGE_SECONDS * 1000
        )
    assert blocked == []
