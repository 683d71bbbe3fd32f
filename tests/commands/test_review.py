"""kapsite review, as an editor uses it: one statement at a time, each answer written at once,
comments and flow lists kept, undo, and the build agreeing afterwards."""

from __future__ import annotations

import io

import pytest
from conftest import Project

from kapsite.commands.review import review
from kapsite.config import SiteConfig
from kapsite.inputs.claims import load_editorial
from kapsite.pipeline import build
from kapsite.stages.segment import fingerprint

HEAD = "---\ntitle: T\nsource:\n  publisher: P\n---\n\n"
BLOCKS = "Ketamine blocks NMDA receptors in the brain."
AMPA = "Ketamine blocks AMPA receptors in the brain."
CLAIMS = f"""\
# The editor's claims. This comment must survive every review.
page: mechanism
sections:
  - id: nmda-glutamate
    claims:
      - id: claim-blocks-nmda
        text: Ketamine blocks NMDA receptors.
        supports: [first:{fingerprint(BLOCKS)}]   # a flow list stays one
"""


def _site(project: Project, *new: str) -> SiteConfig:
    """An article 'first' whose one sentence is reviewed, and an article 'third' whose
    sentences nobody has reviewed."""
    (project.root / "content/articles/second.md").unlink()
    project.write("content/articles/first.md", HEAD + BLOCKS + "\n")
    project.write("content/claims/mechanism.yml", CLAIMS)
    project.write("content/articles/third.md", HEAD + " ".join(new) + "\n")
    return SiteConfig(root=project.root)


def _pending(site: SiteConfig) -> list[str]:
    return [
        m.id for c in build(site).clusters if c.pending for m in c.members if m.article == "third"
    ]


def _run(site: SiteConfig, answers: str) -> str:
    out = io.StringIO()
    review(site, io.StringIO(answers), out)
    return out.getvalue()


def test_a_statement_is_shown_with_its_place_context_and_the_likely_claim(project: Project) -> None:
    site = _site(project, "Ketamine is an NMDA receptor blocker, and acts in the brain.")
    text = _run(site, "k\n")
    assert "third:" in text and "> Ketamine is an NMDA receptor blocker" in text
    assert "1) mechanism/nmda-glutamate claim-blocks-nmda" in text


def test_every_veto_is_spelled_out_for_the_reviewer(project: Project) -> None:
    project.write("content/vocabulary.yml", "receptors:\n  nmda: [nmda]\n  ampa: [ampa]\n")
    site = _site(project, AMPA)
    text = _run(site, "k\n")
    assert "! they name different things: ampa vs nmda" in text


def test_supports_answer_is_written_at_once_keeping_comments_and_the_flow_list(
    project: Project,
) -> None:
    site = _site(project, "Ketamine is an NMDA receptor blocker, and acts in the brain.")
    (statement,) = _pending(site)
    _run(site, "s 1\nq\n")
    path = project.root / "content/claims/mechanism.yml"
    written = path.read_text()
    assert written.startswith("# The editor's claims. This comment must survive every review.")
    assert f"supports: [first:{fingerprint(BLOCKS)}, {statement}]" in written
    (claim,) = load_editorial(site.claims).claims
    assert claim.supports == (f"first:{fingerprint(BLOCKS)}", statement)
    assert _pending(site) == []


def test_an_answer_changes_only_its_own_line_however_long_the_others_are(
    project: Project,
) -> None:
    """A reviewer's pull request shows the one line they added: long lines stay whole."""
    site = _site(project, "Ketamine is an NMDA receptor blocker, and acts in the brain.")
    path = project.root / "content/claims/mechanism.yml"
    long_text = "Ketamine blocks NMDA receptors, " + "a door for glutamate on nerve cells, " * 4
    long = path.read_text().replace(
        "text: Ketamine blocks NMDA receptors.", f'text: "{long_text.strip()}"'
    )
    assert max(len(line) for line in long.splitlines()) > 150
    path.write_text(long)
    (statement,) = _pending(site)
    _run(site, "s 1\nq\n")
    before, after = long.splitlines(), path.read_text().splitlines()
    assert len(after) == len(before)  # nothing rewrapped
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    ((_, line),) = changed
    assert line.startswith(f"        supports: [first:{fingerprint(BLOCKS)}, {statement}]")


def test_a_new_claim_in_the_editors_words_goes_where_the_editor_says(project: Project) -> None:
    site = _site(project, "Vets use ketamine for animals.")
    _run(site, "n\nVets also use ketamine.\noverview/history\n")
    editorial = load_editorial(site.claims)
    claim = next(c for c in editorial.claims if c.page == "overview")
    assert (claim.section, claim.text) == ("history", "Vets also use ketamine.")
    assert claim.id.startswith("claim-vets-also-use-ketamine-")
    assert (project.root / "content/claims/overview.yml").read_text().startswith("# The editor")


def test_left_out_needs_a_reason_from_the_list_and_keeps_a_note(project: Project) -> None:
    site = _site(project, "Ketamine therapy is a game-changer.")
    out = _run(site, "l\n9\nl\n1\nHype, no fact.\n")
    assert "not written: choose a reason" in out
    (entry,) = load_editorial(site.claims).left_out
    assert (entry.reason, entry.note) == ("promotion", "Hype, no fact.")
    assert _pending(site) == []


def test_undo_puts_the_file_back_byte_for_byte(project: Project) -> None:
    site = _site(project, "Ketamine is an NMDA receptor blocker, and acts in the brain.")
    path = project.root / "content/claims/mechanism.yml"
    before = path.read_bytes()
    out = _run(site, "s 1\nu\nq\n")
    assert "undone:" in out and path.read_bytes() == before
    assert not (project.root / "content/claims/left-out.yml").exists()


def test_a_correction_without_a_note_is_not_written(project: Project) -> None:
    site = _site(project, "Ketamine stops GABA binding to NMDA receptors in the brain.")
    path = project.root / "content/claims/mechanism.yml"
    before = path.read_bytes()
    assert "a correction needs a note" in _run(site, "c 1\n\nq\n")
    assert path.read_bytes() == before
    _run(site, "c 1\nGABA does not bind NMDA receptors.\n")
    (claim,) = load_editorial(site.claims).claims
    assert len(claim.corrects) == 1 and "GABA does not bind" in claim.note


@pytest.mark.parametrize("answers", ["", "q\n", "k\nk\n"])
def test_skip_quit_and_list_write_nothing(project: Project, answers: str) -> None:
    site = _site(project, "Vets use ketamine for animals.")
    path = project.root / "content/claims/mechanism.yml"
    before = path.read_bytes()
    _run(site, answers)
    out = io.StringIO()
    review(site, io.StringIO("s 1\n"), out, list_only=True)
    assert path.read_bytes() == before and "not yet reviewed" in out.getvalue()


def test_kapsite_review_reads_answers_from_standard_input(monkeypatch, project: Project) -> None:
    from kapsite.commands.cli import main

    site = _site(project, "Ketamine therapy is a game-changer.")
    monkeypatch.setattr("sys.stdin", io.StringIO("l\n1\nHype.\n"))
    out = io.StringIO()
    assert main(["review", "--root", str(project.root)], out, io.StringIO()) == 0
    assert "1 answer(s) written" in out.getvalue()
    assert len(load_editorial(site.claims).left_out) == 1


def test_the_real_content_has_nothing_left_to_review() -> None:
    from conftest import REPO

    out = io.StringIO()
    review(SiteConfig(root=REPO), io.StringIO(""), out, list_only=True)
    assert out.getvalue().startswith("0 statement(s) not yet reviewed")


def test_a_spelling_variant_or_synonym_finds_the_claim_it_repeats(project: Project) -> None:
    project.write(
        "content/claims/overview.yml",
        "page: overview\nsections:\n  - id: history\n    claims:\n"
        "      - id: claim-anaesthetic\n        text: Ketamine is a dissociative anaesthetic.\n"
        f"        supports: [first:{fingerprint(BLOCKS)}]\n",
    )
    (project.root / "content/claims/mechanism.yml").unlink(missing_ok=True)
    site = _site(project, "Ketamine works as a dissociative anesthetic in surgery.")
    (project.root / "content/claims/mechanism.yml").unlink()
    text = _run(site, "k\n")
    assert "1) overview/history claim-anaesthetic" in text
