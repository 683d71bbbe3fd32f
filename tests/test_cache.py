"""The cache of per-article work: an edit redoes only what it touches, a changed input the work
reads is never answered from the cache, and an entry the engine did not write for its key
(truncated, garbled, another version, another key, another type) is redone, never trusted."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Project

from kapsite.cache import SCHEMA, Cache, CacheEntryInvalid, decode, encode, forget_recent
from kapsite.config import SiteConfig
from kapsite.model import Statement
from kapsite.pipeline import BUILD_ENTRIES, BuildResult, build

KINDS = ("article", "statements", "reference", "grade", "heading-ids", "disclaimer")


def _build(project: Project, cache: bool = True) -> BuildResult:
    """A build as a fresh process runs it: the cache read from its files, not from memory."""
    forget_recent()
    site = SiteConfig(root=project.root)
    return build(site if cache else dataclasses.replace(site, cache=None), check_lock=False)


def _output(result: BuildResult) -> tuple:
    """What a build shows readers (its pages and every anchor they publish), and the model
    behind it."""
    return (result.articles, result.statements, result.references, result.rendered, result.anchors)


def _entries(project: Project, kind: str) -> list[Path]:
    return sorted((project.root / ".cache" / "kapsite" / kind).glob("*.json"))


def test_a_warm_build_takes_everything_from_the_cache_and_gives_the_same_result(
    project: Project,
) -> None:
    uncached = _build(project, cache=False)
    cold = _build(project)
    warm = _build(project)
    assert _output(cold) == _output(uncached) == _output(warm)
    assert cold.cache is not None and warm.cache is not None
    assert sum(cold.cache.hits.values()) == 0
    assert warm.cache.hits == cold.cache.misses  # every entry written cold is used warm
    assert sum(warm.cache.misses.values()) == sum(warm.cache.rejected.values()) == 0
    assert set(warm.cache.hits) == set(KINDS)


def test_an_edit_to_one_article_redoes_that_article_only(project: Project) -> None:
    _build(project)
    path = project.root / "content/articles/second.md"
    path.write_text(path.read_text().replace("1960s", "1960s, in a lab"), encoding="utf-8")
    edited = _build(project)
    assert edited.cache is not None
    assert edited.cache.misses == {"article": 1, "statements": 1}
    assert edited.cache.hits["article"] == edited.cache.hits["statements"] == 1
    assert any("in a lab" in s.text for s in edited.statements)
    assert _output(edited) == _output(_build(project, cache=False))


def test_a_changed_taxonomy_reroutes_cached_statements(project: Project) -> None:
    _build(project)
    topics = project.root / "content/topics.yml"
    # Nausea moves from the risks page to the conditions page's depression section.
    topics.write_text(
        topics.read_text()
        .replace("cues: [depression]", "cues: [depression, nausea]")
        .replace("cues: [nausea, dissociation]", "cues: [dissociation]"),
        encoding="utf-8",
    )
    rerouted = _build(project)
    (nausea,) = [s for s in rerouted.statements if "nausea" in s.text]
    assert (nausea.page, nausea.section) == ("conditions", "depression")
    assert _output(rerouted) == _output(_build(project, cache=False))


def test_a_changed_author_in_the_bibliography_reaches_cached_statements(project: Project) -> None:
    project.write(
        "content/articles/third.md",
        "---\ntitle: Third\nsource:\n  publisher: Blog C\n---\n"
        "@smith2020 found that ketamine blocks NMDA receptors.\n",
    )
    first = _build(project)
    assert any(s.text.startswith("Smith and Lee found") for s in first.statements)
    bib = project.root / "bibliography/refs.bib"
    bib.write_text(bib.read_text().replace("Lee, Bo", "Ng, Bo"), encoding="utf-8")
    renamed = _build(project)
    assert any(s.text.startswith("Smith and Ng found") for s in renamed.statements)
    assert "Ng, B." in renamed.references["smith2020"].text
    assert _output(renamed) == _output(_build(project, cache=False))


def test_live_preview_rebuilds_from_memory_what_the_last_build_used(project: Project) -> None:
    """``mkdocs serve`` rebuilds in one process: the entries of the build before are not read
    and decoded again. Memory holds them by content hash too, so an edit still misses."""
    first = _build(project)
    path = project.root / "content/articles/first.md"
    path.write_text(path.read_text().replace("Glutamate", "Glutamate then"), encoding="utf-8")
    shutil.rmtree(project.root / ".cache")  # what memory gives, the files no longer could
    site = SiteConfig(root=project.root)
    again = build(site, check_lock=False)
    assert again.cache is not None
    assert again.cache.misses == {"article": 1, "statements": 1}
    assert again.cache.hits == {
        "article": 1,
        "statements": 1,
        "reference": 3,
        "grade": 1,
        "heading-ids": 7,  # one per hand-written page in docs/
        "disclaimer": 1,
    }
    assert any("Glutamate then" in s.text for s in again.statements)
    assert again.articles[1] is first.articles[1]  # the very object, not a decoded copy
    assert _output(again) == _output(_build(project, cache=False))


def test_entries_no_build_of_the_files_as_they_are_reads_are_deleted(project: Project) -> None:
    """Under live preview every save made new entries for the article saved, and each change to
    the engine a whole new set: the folder grew without end. A build deletes what it did not
    read, and what the next build reads is all there, in a fresh process too."""
    assert set(BUILD_ENTRIES) == set(KINDS)
    _build(project)
    counts = {kind: len(_entries(project, kind)) for kind in KINDS}
    older = Cache(project.root / ".cache" / "kapsite", engine="an older engine")
    older.store("statements", older.key("statements", "x"), ())
    path = project.root / "content/articles/first.md"
    text = path.read_text()
    site = SiteConfig(root=project.root)
    for n in range(3):  # saves under live preview: one process, the cache kept in memory
        path.write_text(text.replace("Glutamate", f"Glutamate ({n})"), encoding="utf-8")
        build(site, check_lock=False)
        assert {kind: len(_entries(project, kind)) for kind in KINDS} == counts, n
    fresh = _build(project)
    assert fresh.cache is not None
    assert sum(fresh.cache.misses.values()) == sum(fresh.cache.rejected.values()) == 0
    assert any("Glutamate (2)" in s.text for s in fresh.statements)


def test_an_entry_of_another_engine_is_not_used(tmp_path: Path) -> None:
    old, new = Cache(tmp_path, engine="engine one"), Cache(tmp_path, engine="engine two")
    old.store("reference", old.key("reference", "x"), ("<i>A</i>", "A"))
    assert old.load("reference", old.key("reference", "x"), tuple[str, str]) == ("<i>A</i>", "A")
    assert new.key("reference", "x") != old.key("reference", "x")
    assert new.load("reference", new.key("reference", "x"), tuple[str, str]) is None


# --- Entries the engine did not write for this key ---------------------------------------


def _statements_entry(project: Project, slug: str) -> Path:
    (entry,) = [
        p for p in _entries(project, "statements") if f'"article":"{slug}"' in p.read_text()
    ]
    return entry


def _rewrite(entry: Path, payload: bytes, *, schema: int = SCHEMA, key: str = "") -> None:
    """A well-formed entry holding ``payload``, with a checksum that matches it."""
    checksum = hashlib.sha256(payload).hexdigest()
    header = f"kapsite-cache {schema} {key or entry.stem} {checksum}\n".encode()
    entry.write_bytes(header + payload)


def _altered_payload(entry: Path) -> bytes:
    """The entry's statements with their words changed: trusted, it would show on the page."""
    payload = entry.read_bytes().partition(b"\n")[2]
    altered = payload.replace(b"Ketamine", b"Kettle")
    assert altered != payload
    return altered


def _corrupt_truncated(project: Project, entry: Path) -> None:
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) // 2])


def _corrupt_garbage(project: Project, entry: Path) -> None:
    entry.write_bytes(bytes(range(256)) * 4)


def _corrupt_checksum(project: Project, entry: Path) -> None:
    header = entry.read_bytes().partition(b"\n")[0]
    entry.write_bytes(header + b"\n" + _altered_payload(entry))  # the old checksum


def _corrupt_schema(project: Project, entry: Path) -> None:
    _rewrite(entry, _altered_payload(entry), schema=SCHEMA + 1)


def _corrupt_key(project: Project, entry: Path) -> None:
    """Another article's entry, whole and well-formed, under this article's name."""
    other = _statements_entry(project, "first")
    entry.write_bytes(other.read_bytes())


def _corrupt_type(project: Project, entry: Path) -> None:
    """Statements whose fields are named as an older engine named them."""
    statements = json.loads(entry.read_bytes().partition(b"\n")[2])
    for statement in statements:
        statement["words"] = statement.pop("text")
    _rewrite(entry, json.dumps(statements).encode())


@pytest.mark.parametrize(
    "corrupt",
    [
        _corrupt_truncated,
        _corrupt_garbage,
        _corrupt_checksum,
        _corrupt_schema,
        _corrupt_key,
        _corrupt_type,
    ],
)
def test_an_entry_it_cannot_trust_is_redone_and_rewritten(project: Project, corrupt) -> None:
    expected = _output(_build(project, cache=False))
    _build(project)
    entry = _statements_entry(project, "second")
    corrupt(project, entry)
    rebuilt = _build(project)
    assert _output(rebuilt) == expected
    assert rebuilt.cache is not None and rebuilt.cache.rejected == {"statements": 1}
    again = _build(project)  # the entry was rewritten whole: trusted from now on
    assert again.cache is not None and sum(again.cache.rejected.values()) == 0
    assert sum(again.cache.misses.values()) == 0


def test_a_cache_that_cannot_be_written_only_slows_the_build(project: Project) -> None:
    (project.root / ".cache").write_text("a file where the cache folder would be")
    result = _build(project)
    assert _output(result) == _output(_build(project, cache=False))
    assert result.cache is not None and result.cache.unwritable > 0


def test_decoding_refuses_values_of_another_type() -> None:
    statement = Statement(id="a:1", article="a", path=Path("a.md"), line=3, text="Text.")
    data = encode(statement)
    assert decode(Statement, data) == statement
    for broken in (
        {**data, "line": "3"},  # a string for an int
        {**data, "line": True},  # a flag for an int
        {k: v for k, v in data.items() if k != "text"},  # a field missing
        [data],  # a list for a statement
    ):
        with pytest.raises(CacheEntryInvalid, match=r"expected|fields differ"):
            decode(Statement, broken)


# --- Two builds at once -------------------------------------------------------------------

PARALLEL_BUILD = """
import hashlib, sys
from pathlib import Path
from kapsite.config import SiteConfig
from kapsite.pipeline import build
result = build(SiteConfig(root=Path(sys.argv[1])), check_lock=False)
print(hashlib.sha256(repr([p.markdown for p in result.rendered]).encode()).hexdigest())
"""


def test_two_builds_at_once_share_the_cache_without_corrupting_it(project: Project) -> None:
    for number in range(12):  # enough entries that the two builds write at the same time
        project.write(
            f"content/articles/extra-{number:02}.md",
            f"---\ntitle: Extra {number}\nsource:\n  publisher: Blog {number}\n---\n"
            f"Ketamine was studied in trial number {number} of the 1960s.\n",
        )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", PARALLEL_BUILD, str(project.root)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert outputs[0] == outputs[1]
    after = _build(project)
    assert after.cache is not None
    assert sum(after.cache.rejected.values()) == sum(after.cache.misses.values()) == 0
    assert not list((project.root / ".cache").rglob("*.tmp"))  # no half-written file is left


def test_the_cache_is_ignored_by_git() -> None:
    from conftest import REPO

    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".cache/kapsite/article/x.json"], cwd=REPO, check=False
    )
    assert ignored.returncode == 0


def test_without_the_cache_nothing_is_written(project: Project) -> None:
    build(dataclasses.replace(SiteConfig(root=project.root), cache=None), check_lock=False)
    assert not (project.root / ".cache").exists()
