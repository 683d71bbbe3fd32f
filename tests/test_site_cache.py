"""The whole build kept in the cache (``kapsite.site.run_engine``): a rebuild with every input as
it was runs no stage and gives the same output; a change to any file the build reads, or to a
setting, is never answered from it; an entry that does not check out is rebuilt, never
trusted."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Project

from kapsite.cache import SCHEMA, forget_recent
from kapsite.config import SiteConfig
from kapsite.pipeline import build
from kapsite.site import SITE_ENTRY, EngineRun, engine_output, run_engine
from kapsite.stages.dedupe.merge import PREVIEW_QUEUE


def _run(project: Project, **settings: str) -> EngineRun:
    """A run as a fresh process makes it: entries read from their files, not from memory."""
    forget_recent()
    return run_engine(SiteConfig(root=project.root, **settings))


def _uncached(project: Project, **settings: str):
    site = SiteConfig(root=project.root, cache=None, **settings)
    return engine_output(build(site), site, project.root / "uncached")


def _written(output) -> dict[str, bytes]:
    """The large files an output names (claims.json, the report), as they are on disk."""
    return {file.name: file.path.read_bytes() for file in output.written_files}


def _site_entry(project: Project) -> Path:
    (entry,) = (project.root / ".cache/kapsite" / SITE_ENTRY).glob("*.json")
    return entry


def test_a_rebuild_with_nothing_changed_runs_no_stage_and_gives_the_same_output(
    project: Project,
) -> None:
    cold = _run(project)
    warm = _run(project)
    assert warm.output == cold.output == _uncached(project)
    assert cold.stats is not None and cold.stats.misses[SITE_ENTRY] == 1
    assert warm.stats is not None and dict(warm.stats.hits) == {SITE_ENTRY: 1}
    assert sum(warm.stats.misses.values()) == 0  # no article, reference or grade looked up


def _edit_article(project: Project) -> None:
    path = project.root / "content/articles/second.md"
    path.write_text(path.read_text().replace("1960s", "1960s, in a lab"), encoding="utf-8")


def _edit_bibliography(project: Project) -> None:
    bib = project.root / "bibliography/refs.bib"
    bib.write_text(bib.read_text().replace("Lee, Bo", "Ng, Bo"), encoding="utf-8")


def _edit_docs_page(project: Project) -> None:
    page = project.root / "docs/about.md"
    page.write_text(page.read_text() + "\nOne more line.\n", encoding="utf-8")


def _add_docs_file(project: Project) -> None:
    project.write("docs/extra.md", "---\nreviewed: 2031-01-01\n---\n# Extra\n\nText here.\n")


def _edit_help_lines(project: Project) -> None:
    help_file = project.root / "content/help.yml"
    help_file.write_text(help_file.read_text() + "\n# a comment\n", encoding="utf-8")


def _add_lock(project: Project) -> None:
    project.write("anchors.lock", "# no anchors locked yet\n")


def _remove_article(project: Project) -> None:
    (project.root / "content/articles/second.md").unlink()


@pytest.mark.parametrize(
    "edit",
    [
        _edit_article,
        _edit_bibliography,
        _edit_docs_page,
        _add_docs_file,
        _edit_help_lines,
        _add_lock,
        _remove_article,
    ],
)
def test_any_change_to_a_file_the_build_reads_is_built_again(
    project: Project, edit: Callable[[Project], None]
) -> None:
    _run(project)
    edit(project)
    rebuilt = _run(project)
    assert rebuilt.stats is not None and rebuilt.stats.hits[SITE_ENTRY] == 0
    assert rebuilt.output == _uncached(project)
    _site_entry(project)  # one entry, the new one: the old output is deleted, and its files
    left = sorted(p.name for p in (project.root / ".cache/kapsite" / SITE_ENTRY).iterdir())
    assert left == sorted([_site_entry(project).name, _site_entry(project).stem])


def test_another_setting_is_built_again(project: Project) -> None:
    _run(project)
    moved = _run(project, site_url="https://elsewhere.example/kap/")
    assert moved.stats is not None and moved.stats.hits[SITE_ENTRY] == 0
    assert moved.output == _uncached(project, site_url="https://elsewhere.example/kap/")


def _rewrite(entry: Path, payload: bytes, *, schema: int = SCHEMA) -> None:
    checksum = hashlib.sha256(payload).hexdigest()
    entry.write_bytes(f"kapsite-cache {schema} {entry.stem} {checksum}\n".encode() + payload)


def _payload(entry: Path) -> bytes:
    return entry.read_bytes().partition(b"\n")[2]


def _altered(entry: Path) -> bytes:
    """The output with a claim's words changed: trusted, it would be published."""
    altered = _payload(entry).replace(b"Ketamine", b"Kettle")
    assert altered != _payload(entry)
    return altered


def _corrupt_truncated(entry: Path) -> None:
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])


def _corrupt_checksum(entry: Path) -> None:
    header = entry.read_bytes().partition(b"\n")[0]
    entry.write_bytes(header + b"\n" + _altered(entry))


def _corrupt_schema(entry: Path) -> None:
    _rewrite(entry, _altered(entry), schema=SCHEMA + 1)


def _corrupt_type(entry: Path) -> None:
    """An output of another shape (a field renamed), well-formed and checksummed."""
    data = json.loads(_payload(entry))
    data["files"] = data.pop("data_files")
    _rewrite(entry, json.dumps(data).encode())


def _corrupt_written_file(entry: Path) -> None:
    """claims.json beside the entry, a claim's words changed, its size kept."""
    claims = entry.with_suffix("") / "claims.json"
    claims.write_bytes(claims.read_bytes().replace(b"Ketamine", b"Kitamine"))


def _delete_written_file(entry: Path) -> None:
    (entry.with_suffix("") / "build-report.json").unlink()


@pytest.mark.parametrize(
    "corrupt",
    [
        _corrupt_truncated,
        _corrupt_checksum,
        _corrupt_schema,
        _corrupt_type,
        _corrupt_written_file,
        _delete_written_file,
    ],
)
def test_a_whole_build_entry_it_cannot_trust_is_rebuilt_and_rewritten(
    project: Project, corrupt: Callable[[Path], None]
) -> None:
    expected = _uncached(project)
    published = _written(expected)
    _run(project)
    corrupt(_site_entry(project))
    rebuilt = _run(project)
    assert rebuilt.output == expected
    assert _written(rebuilt.output) == published
    assert rebuilt.stats is not None and rebuilt.stats.rejected[SITE_ENTRY] == 1
    again = _run(project)
    assert again.stats is not None and dict(again.stats.hits) == {SITE_ENTRY: 1}


def test_an_input_changed_while_the_engine_ran_stores_nothing(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kapsite.site

    digests = iter(["before the build", "after an edit made during it"])
    monkeypatch.setattr(kapsite.site, "inputs_digest", lambda site: next(digests))
    _run(project)
    assert not list((project.root / ".cache/kapsite" / SITE_ENTRY).glob("*.json"))


def test_after_a_reused_build_an_edit_still_takes_the_other_articles_from_memory(
    project: Project,
) -> None:
    """Live preview: the whole build's entry is kept beside the per-article entries of the
    build that made it, so the edit after a reused build redoes one article only."""
    _run(project)
    site = SiteConfig(root=project.root)
    run_engine(site)  # reused whole
    shutil.rmtree(project.root / ".cache")  # what memory gives, the files no longer could
    _edit_article(project)
    edited = run_engine(site)
    assert edited.stats is not None
    assert edited.stats.hits["statements"] == 1 and edited.stats.misses["statements"] == 1


def test_a_preview_rebuild_leaves_the_kept_whole_output_alone_and_makes_the_same_pages(
    project: Project,
) -> None:
    """Live preview's rebuilds after an edit: the per-article work is kept, the whole output is
    not rewritten, and a later build of the edited content is not answered from the old. The
    pages and files are a full build's; only the terminal's list of pairs to review is left out,
    with a line saying where to see them."""
    _run(project)
    kept = _site_entry(project).read_bytes()
    _edit_article(project)
    edited = run_engine(SiteConfig(root=project.root), preview_rebuild=True)
    assert _site_entry(project).read_bytes() == kept
    full = _uncached(project)
    assert any(
        "candidate pairs of claims are pending review" in line for line in full.pending_review
    )
    assert PREVIEW_QUEUE in edited.output.pending_review
    without_lines = dataclasses.replace(edited.output, pending_review=())
    assert without_lines == dataclasses.replace(full, pending_review=())
    later = _run(project)
    assert later.stats is not None and later.stats.misses[SITE_ENTRY] == 1
    assert later.output == full


def test_warnings_of_a_reused_build_still_fail_a_strict_build(project: Project) -> None:
    """A docs page's warning and a content warning come back from the cache every time."""
    project.write("docs/about.md", "# About\n\nText <b onclick='x()'>here</b> now.\n")
    path = project.root / "content/articles/second.md"
    path.write_text(path.read_text() + "\nAbout 73% of people improve.\n", encoding="utf-8")
    for _ in range(2):  # the second build reuses the whole build and the page's checks
        built = project.mkdocs_build()
        assert built.returncode != 0
        assert "docs/about.md:3: raw HTML removed" in built.stderr
        assert "73%" in built.stderr
    assert "the whole build reused" in built.stderr


def test_without_the_cache_the_engine_writes_nothing(project: Project) -> None:
    site = dataclasses.replace(SiteConfig(root=project.root), cache=None)
    assert run_engine(site).stats is None
    assert not (project.root / ".cache").exists()


def test_an_entry_written_in_pieces_reads_back_whole(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole build's entry is encoded a field and a few items at a time (never as one
    text): it is the JSON one encoding of the whole output would give, and a rebuild uses it."""
    import kapsite.cache

    monkeypatch.setattr(kapsite.cache, "PIECE_ITEMS", 2)  # every tuple field in many pieces
    cold = _run(project)
    assert len(cold.output.pages) > 2 and len(cold.output.facts) > 2
    whole = json.dumps(kapsite.cache.encode(cold.output), sort_keys=True, separators=(",", ":"))
    assert _payload(_site_entry(project)) == whole.encode("ascii")
    warm = _run(project)
    assert warm.stats is not None and dict(warm.stats.hits) == {SITE_ENTRY: 1}
    assert warm.output == cold.output


def test_a_build_with_no_rebuild_after_it_keeps_nothing_for_one(project: Project) -> None:
    """`mkdocs build` lets go of what live preview keeps for its next rebuild (memory a large
    site needs for its pages); live preview keeps it."""
    from kapsite import cache, memo

    memo.forget_all()
    run_engine(SiteConfig(root=project.root))
    assert sum(memo.kept_sizes()) > 0 and cache._recent
    run_engine(SiteConfig(root=project.root, cache=None), keep_for_rebuilds=False)
    assert sum(memo.kept_sizes()) == 0 and not cache._recent
