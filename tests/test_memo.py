"""Live preview keeps results from one build to the next (``kapsite.memo``): after any sequence
of edits, a long-lived process gives the same bytes as a fresh one, and it holds no more than
two builds' results however long the session."""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import ARTICLE_A, ARTICLE_B, BIB, REPO, Project

from kapsite import memo
from kapsite.checks.anchors import lock_text
from kapsite.config import PAGE_BUDGET, SiteConfig
from kapsite.errors import ContentError
from kapsite.pipeline import BuildResult, build

# A price, a method word and a new sentence: alone, none is a problem.
A_EDITED = ARTICLE_A + textwrap.dedent("""
    A ketamine session costs $400 at the clinic.
    A lethal dose is far above any dose a clinic gives.
    Clinic staff check blood pressure during each session.
""")
# Another price for the same session (sources differ), A's new sentence but for a mark
# (one claim of two articles), and a sentence on suicide on the page A's method word lands on (a
# warning on A, whose file did not change).
PRICE_B = "A ketamine session costs $900 at the clinic.\n"
B_EDITED = ARTICLE_B.replace(
    "in the 1960s.\n",
    "in the 1960s.\n"
    f"{PRICE_B}"
    "Clinic staff check blood pressure during each session!\n"
    "Ketamine is studied for people with thoughts of suicide.\n",
)

TESTS = Path(__file__).resolve().parent
FRESH = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from test_memo import snapshot
from kapsite.config import PAGE_BUDGET, SiteConfig
from kapsite.pipeline import build
budget = int(sys.argv[3]) if len(sys.argv) > 3 else PAGE_BUDGET
# No cache: nothing the session kept, on disk or in memory, reaches the fresh build.
config = SiteConfig(root=Path(sys.argv[1]), page_budget=budget, cache=None)
print(json.dumps(snapshot(build(config, check_lock=False))))
"""


def snapshot(result: BuildResult) -> dict:
    """What a build gives readers and editors: every page, claims.json, the feed, the anchors,
    the warnings and the review queue's summary."""
    return {
        "pages": {page.slug: page.markdown for page in result.rendered},
        "claims": result.claims_json,
        "feed": result.changes_feed,
        "anchors": list(result.anchors),
        "warnings": [str(w) for w in result.warnings],
        "pending": list(result.pending_review),
    }


def _in_this_process(project: Project, budget: int = PAGE_BUDGET) -> dict:
    config = SiteConfig(root=project.root, page_budget=budget)
    return snapshot(build(config, check_lock=False))


def _in_a_fresh_process(project: Project, budget: int = PAGE_BUDGET) -> dict:
    code = [sys.executable, "-c", FRESH, str(project.root), str(TESTS), str(budget)]
    done = subprocess.run(code, capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout)


def test_edits_in_one_process_give_the_bytes_of_a_fresh_build(project: Project) -> None:
    (project.root / "content" / "claims").mkdir()  # review begun: pending statements warn
    memo.forget_all()
    first, second = "content/articles/first.md", "content/articles/second.md"
    _in_this_process(project)
    shown = []
    for path, text in ((first, A_EDITED), (second, B_EDITED), (first, ARTICLE_A)):
        project.write(path, text)
        kept = _in_this_process(project)
        assert kept == _in_a_fresh_process(project), f"after writing {path}"
        shown.append(kept)
    # The edits did what they are for: a conflict and a merge came and went, and a warning
    # came to an article that was not edited.
    claims = [json.loads(s["claims"])["claims"] for s in shown]
    conflicted = [sum(bool(c["conflicts"]) for c in found) for found in claims]
    merged = [
        any(len(set(c["articles"])) == 2 and "blood pressure" in c["text"] for c in found)
        for found in claims
    ]
    method_word = [any("method-words" in w for w in s["warnings"]) for s in shown]
    assert conflicted == [0, 2, 0]
    assert merged == [False, True, False]
    assert method_word == [False, True, False]


CALM = "Many patients often feel calm and rested after the evening session ends.\n"
CALM_TOO = "Many patients often feel calm and rested just after the evening session ends.\n"
CALM_REORDERED = "Just after the evening session ends, many patients often feel calm and rested.\n"
CALM_REORDERED_TOO = "After the evening session ends, many patients often feel calm and rested.\n"


def test_a_reworded_sentence_is_compared_again_with_the_one_it_merged_with(
    project: Project,
) -> None:
    """Two wordings merge when difflib finds them near-identical, a comparison kept by both
    wordings: one sentence against a new wording of the other is a new comparison, whichever of
    the two (the shorter or the longer) is reworded."""

    def calm_claims(shown: dict) -> list[int]:
        claims = json.loads(shown["claims"])["claims"]
        return [len(c["statements"]) for c in claims if "calm and rested" in c["text"]]

    memo.forget_all()
    project.write("content/articles/first.md", ARTICLE_A + CALM)
    project.write("content/articles/second.md", ARTICLE_B + CALM_TOO)
    assert calm_claims(_in_this_process(project)) == [2]  # one word more: one claim
    project.write("content/articles/second.md", ARTICLE_B + CALM_REORDERED)
    kept = _in_this_process(project)
    assert kept == _in_a_fresh_process(project)
    assert calm_claims(kept) == [1, 1]  # the same words in another order: two
    project.write("content/articles/first.md", ARTICLE_A + CALM_REORDERED_TOO)
    kept = _in_this_process(project)
    assert kept == _in_a_fresh_process(project)
    assert calm_claims(kept) == [2]  # that order, one word less: one again


def test_a_claim_shows_what_its_conflict_and_its_references_say_now(project: Project) -> None:
    """A claim no edit touched is kept whole from the last build: its conflicts and its label
    follow the other claim's new figure and the bibliography's new verification."""

    def shown(kept: dict, words: str) -> dict:
        return next(c for c in json.loads(kept["claims"])["claims"] if words in c["text"])

    memo.forget_all()
    project.write("content/articles/first.md", A_EDITED)
    project.write("content/articles/second.md", B_EDITED)
    kept = _in_this_process(project)
    assert shown(kept, "$400")["conflicts"] == [f"overview/#{shown(kept, '$900')['id']}"]
    assert shown(kept, "help PTSD")["evidence"] == "unverified-citation"
    project.write("content/articles/second.md", B_EDITED.replace("$900", "$700"))
    kept = _in_this_process(project)
    assert kept == _in_a_fresh_process(project)
    assert shown(kept, "$400")["conflicts"] == [f"overview/#{shown(kept, '$700')['id']}"]
    # Whether two texts disagree is kept by both: the same figure in other words does not,
    # and then another figure in the first text does.
    same_price = "A ketamine session at the clinic costs $400.\n"
    project.write("content/articles/second.md", B_EDITED.replace(PRICE_B, same_price))
    kept = _in_this_process(project)
    assert kept == _in_a_fresh_process(project)
    assert shown(kept, "costs $400 at")["conflicts"] == []
    project.write("content/articles/first.md", A_EDITED.replace("$400", "$900"))
    kept = _in_this_process(project)
    assert kept == _in_a_fresh_process(project)
    assert shown(kept, "costs $900 at")["conflicts"] == [
        f"overview/#{shown(kept, 'at the clinic costs')['id']}"
    ]
    project.write("bibliography/refs.bib", BIB.replace("{unverified}", "{verified}"))
    kept = _in_this_process(project)
    assert kept == _in_a_fresh_process(project)
    assert shown(kept, "help PTSD")["evidence"] == "verified-study"


SHARED = "Clinic staff give every patient a printed plan before the first visit.\n"


def test_a_pending_claim_takes_the_anchor_an_editors_claim_gives_back(project: Project) -> None:
    """An article repeats a reviewed sentence word for word: its claim, pending, gives way to
    the editor's (``-2``). Left out instead, the reviewed statement holds no anchor any more,
    and the very same pending claim takes its own anchor again."""
    from kapsite.commands import claims_files

    def anchors(shown: dict) -> list[str]:
        claims = json.loads(shown["claims"])["claims"]
        return [c["id"] for c in claims if c["text"] == SHARED.strip() and not c["reviewed"]]

    folder = project.root / "content" / "claims"
    folder.mkdir()
    memo.forget_all()
    project.write("content/articles/first.md", ARTICLE_A + SHARED)
    project.write("content/articles/second.md", ARTICLE_B + SHARED)
    first = build(SiteConfig(root=project.root), check_lock=False)
    (shared,) = [c for c in first.clusters if c.text == SHARED.strip()]
    own = shared.id
    in_a = next(m for m in shared.members if m.article == "first")
    claims_files.new_claim(
        folder, shared.page, shared.section, "claim-a-plan", "A plan.", in_a.id, in_a.text
    )
    kept = _in_this_process(project)
    assert kept == _in_a_fresh_process(project)
    assert anchors(kept) == [f"{own}-2"]
    (folder / f"{shared.page}.yml").unlink()
    claims_files.leave_out(folder, in_a.id, in_a.text, "no-fact", "")
    kept = _in_this_process(project)
    assert kept == _in_a_fresh_process(project)
    assert anchors(kept) == [own]


def test_split_pages_in_one_process_give_the_bytes_of_a_fresh_build(tmp_path: Path) -> None:
    """A part of a split page is kept by what it shows (``topic_page._part_inputs``): the real
    content split small, then the crisis lines reworded (the parts about suicide show them), an
    article's review date moved (the parts quoting it date themselves by it), a run of new
    sentences added to one section (its parts grow by one: the others' "part N of M" change)
    and an editor's claim made far longer under the same id (its weight moves the split)."""
    for folder in ("content", "bibliography", "docs"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    for name in ("mkdocs.yml", "anchors.lock", "claims.lock"):
        shutil.copy(REPO / name, tmp_path / name)
    project, budget = Project(tmp_path), 4_000
    # Locked as split (``kapsite lock``): the redirects' targets are the parts' anchors.
    split = build(SiteConfig(root=tmp_path, cache=None, page_budget=budget), check_lock=False)
    (tmp_path / "anchors.lock").write_text(lock_text(split.anchors), encoding="utf-8")
    help_file, article = "content/help.yml", "content/articles/ketamine-and-talk-therapy.md"
    crisis = (tmp_path / help_file).read_text(encoding="utf-8")
    text = (tmp_path / article).read_text(encoding="utf-8")
    new_sentences = "".join(
        f"A clinic in town {n} now offers ketamine for depression on weekdays.\n"
        for n in ("Alder", "Birch", "Cedar", "Dogwood", "Elmwood", "Firwood")
    )
    claims_file = "content/claims/conditions.yml"
    claims = yaml.safe_load((tmp_path / claims_file).read_text(encoding="utf-8"))
    first = claims["sections"][0]["claims"][0]
    first["text"] += " It is given with care." * 80  # far heavier: the split changes
    edits = (
        (help_file, crisis.replace("you can talk to someone today", "talk to someone today")),
        (article, text.replace("reviewed: 2026-11-22", "reviewed: 2026-03-02")),
        (article, text.replace("Millions of people live with depression.\n", new_sentences)),
        (claims_file, yaml.safe_dump(claims, sort_keys=False)),
    )
    memo.forget_all()
    last = _in_this_process(project, budget)
    for path, changed in edits:
        assert changed != (tmp_path / path).read_text(encoding="utf-8")
        project.write(path, changed)
        kept = _in_this_process(project, budget)
        assert kept == _in_a_fresh_process(project, budget), f"after writing {path}"
        parts = [slug for slug in kept["pages"] if slug.count("/") and slug in last["pages"]]
        assert any(kept["pages"][p] != last["pages"][p] for p in parts), path
        last = kept


def test_a_build_no_other_follows_lets_each_parts_results_go_once_it_is_done(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``mkdocs build``: what the stages and the checks kept for a next build is let go before
    the pages are rendered (the peak of a build at 10,000 articles is at its end)."""
    from kapsite import pipeline

    kept_at_render = []
    render_pages = pipeline.render_pages

    def counting(*args, **kwargs):
        kept_at_render.append(sum(memo.kept_sizes()))
        return render_pages(*args, **kwargs)

    monkeypatch.setattr(pipeline, "render_pages", counting)
    memo.forget_all()
    one_off = build(SiteConfig(root=project.root), check_lock=False, keep_for_rebuilds=False)
    kept = build(SiteConfig(root=project.root), check_lock=False)
    assert kept_at_render[0] == 0 < kept_at_render[1]
    assert snapshot(one_off) == snapshot(kept)


def test_a_build_stopped_by_an_error_lets_nothing_kept_go(project: Project) -> None:
    """Under live preview a half-typed edit often stops a build before any stage runs: the
    results the last good build kept are still there for the next one."""
    memo.forget_all()
    build(SiteConfig(root=project.root), check_lock=False)
    kept = sum(memo.kept_sizes())
    assert kept > 0
    good = (project.root / "content/articles/first.md").read_text()
    project.write("content/articles/first.md", good.replace("title:", "title: [unclosed", 1))
    with pytest.raises(ContentError):
        build(SiteConfig(root=project.root), check_lock=False)
    memo.new_build()  # what the next build does first: the failed one used nothing
    assert sum(memo.kept_sizes()) == kept
    project.write("content/articles/first.md", good)
    assert _in_this_process(project) == _in_a_fresh_process(project)


def test_a_long_live_preview_session_keeps_at_most_two_builds_results(project: Project) -> None:
    memo.forget_all()
    path = "content/articles/first.md"
    sizes = []
    for number in range(6):
        project.write(path, ARTICLE_A + f"\nClinic staff wrote note number {number} today.\n")
        build(SiteConfig(root=project.root), check_lock=False)
        sizes.append(sum(memo.kept_sizes()))
    # Each edit puts one new sentence in place of another: what is kept stays the same size.
    assert sizes[2:] == [sizes[2]] * 4


def test_a_live_preview_session_has_the_cycle_collector_back_after_each_build(
    project: Project,
) -> None:
    # The build runs without Python's cycle collector (``pipeline.collector_paused``); a
    # long-lived process that never got it back would keep every cycle it ever made.
    assert gc.isenabled()
    build(SiteConfig(root=project.root), check_lock=False)
    assert gc.isenabled()
    project.write("content/articles/first.md", "---\ntitle: [unclosed\n---\nText.\n")
    with pytest.raises(ContentError):
        build(SiteConfig(root=project.root), check_lock=False)
    assert gc.isenabled()
    gc.disable()  # a process that runs without it on purpose keeps it off
    try:
        build(SiteConfig(root=project.root.parent / "missing"), check_lock=False)
    except ContentError:
        pass
    finally:
        disabled_after = not gc.isenabled()
        gc.enable()
    assert disabled_after
