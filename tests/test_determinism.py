"""Same input, same bytes: the built site does not depend on hash seeds or file order."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

COPIED = ("mkdocs.yml", "anchors.lock", "hooks", "overrides", "docs", "content", "bibliography")


def _copy_project(root: Path, reverse: bool) -> Path:
    """The real project's inputs, each file created in sorted or reversed order, so the two
    copies differ in creation order, inode numbers and modification times."""
    files = sorted(
        p
        for name in COPIED
        for p in ([REPO / name] if (REPO / name).is_file() else (REPO / name).rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    )
    for number, source in enumerate(reversed(files) if reverse else files):
        target = root / source.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        os.utime(target, (1_600_000_000 + number, 1_600_000_000 + number))
    return root


def _build(root: Path, hash_seed: str, **environ: str) -> dict[str, str]:
    env = {
        **os.environ,
        **environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1700000000",
        "PYTHONHASHSEED": hash_seed,
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    site = root / "site"
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_site_is_byte_identical_across_hash_seeds_and_file_creation_order(
    tmp_path: Path,
) -> None:
    first = _build(_copy_project(tmp_path / "one", reverse=False), hash_seed="0")
    second = _build(_copy_project(tmp_path / "two", reverse=True), hash_seed="4242")
    differing = sorted(
        name for name in first.keys() | second.keys() if first.get(name) != second.get(name)
    )
    assert differing == []
    assert {"build-report.json", "claims.json", "index.html"} <= first.keys()


def test_site_is_byte_identical_without_the_cache_cold_and_warm(tmp_path: Path) -> None:
    """The real content built three ways: every output file the same."""
    root = _copy_project(tmp_path / "project", reverse=False)
    uncached = _build(root, hash_seed="0", KAPSITE_NO_CACHE="1")
    assert not (root / ".cache").exists()
    cold = _build(root, hash_seed="0")
    entries = sorted((root / ".cache" / "kapsite").glob("*/*.json"))
    kinds = {"article", "statements", "reference", "grade", "heading-ids", "disclaimer"}
    kinds |= {"site", "page-checks"}  # the whole build's output, each docs page's checks
    assert {p.parent.name for p in entries} == kinds
    # The whole build's large files, beside its entry.
    entries += sorted((root / ".cache" / "kapsite" / "site").glob("*/*"))
    assert {p.name for p in entries} >= {"claims.json", "build-report.json"}
    written = {p: p.stat().st_mtime_ns for p in entries}
    warm = _build(root, hash_seed="0")
    assert {p: p.stat().st_mtime_ns for p in entries} == written  # read, not rewritten
    assert uncached == cold == warm
