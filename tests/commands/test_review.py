import io
import json
import sys
from pathlib import Path

from kapsite.commands.cli import main
from kapsite.commands.review import review
from kapsite.inputs.registry import load_registry
from kapsite.inputs.vocabulary import Vocabulary
from kapsite.model import Statement
from kapsite.stages.segment import fingerprint

REGISTRY = """\
# Reviewed merges. This comment must survive every review.
claims:
  - id: claim-existing   # an editor's note
    page: p
    section: s
    members:
      - z:0000000000
different:
  - [x:1111111111, y:2222222222]  # not the same
"""


def _s(article: str, line: int, text: str) -> Statement:
    return Statement(
        f"{article}:{fingerprint(text)}",
        article,
        Path(f"{article}.md"),
        line,
        text,
        page="p",
        section="s",
    )


PAIR = [
    _s("a", 1, "Ketamine can lift the symptoms of depression within hours."),
    _s("b", 9, "Ketamine often lifts symptoms of depression within a few hours."),
]


def test_review_writes_a_same_decision_keeping_comments(tmp_path: Path) -> None:
    path = tmp_path / "claims.yml"
    path.write_text(REGISTRY, encoding="utf-8")
    out = io.StringIO()
    written = review(PAIR, path, Vocabulary(), io.StringIO("s\n"), out)
    assert written == 1
    text = path.read_text(encoding="utf-8")
    assert text.startswith(REGISTRY.split("different:")[0])  # old lines, comments, order kept
    assert "# not the same" in text
    registry = load_registry(path)
    new = registry.claim_of(PAIR[0].id)
    assert new is not None and set(new.members) == {PAIR[0].id, PAIR[1].id}
    assert "a:1" in out.getvalue() and "b:9" in out.getvalue()


def test_review_writes_a_different_decision_and_the_pair_is_settled(tmp_path: Path) -> None:
    path = tmp_path / "claims.yml"
    review(PAIR, path, Vocabulary(), io.StringIO("d\n"), io.StringIO())  # no file yet
    assert load_registry(path).is_different(PAIR[0].id, PAIR[1].id)
    out = io.StringIO()
    assert review(PAIR, path, Vocabulary(), io.StringIO(""), out) == 0
    assert "No candidate pairs" in out.getvalue()


def test_review_adds_a_statement_to_an_existing_claim(tmp_path: Path) -> None:
    path = tmp_path / "claims.yml"
    path.write_text(REGISTRY.replace("z:0000000000", PAIR[0].id), encoding="utf-8")
    review(PAIR, path, Vocabulary(), io.StringIO("same\n"), io.StringIO())
    claim = load_registry(path).claim_of(PAIR[1].id)
    assert claim is not None and claim.id == "claim-existing"
    assert "# an editor's note" in path.read_text(encoding="utf-8")


def test_review_list_asks_nothing_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "claims.yml"
    out = io.StringIO()
    review(PAIR, path, Vocabulary(), io.StringIO(), out, list_only=True)
    assert "[1/1]" in out.getvalue() and not path.exists()


def test_review_skip_and_quit_write_nothing(tmp_path: Path) -> None:
    path = tmp_path / "claims.yml"
    assert review(PAIR, path, Vocabulary(), io.StringIO("k\n"), io.StringIO()) == 0
    assert review(PAIR, path, Vocabulary(), io.StringIO("q\n"), io.StringIO()) == 0
    assert not path.exists()


def test_kapsite_cluster_prints_automatic_clusters_as_json(tmp_path: Path) -> None:
    source = tmp_path / "statements.jsonl"
    rows = [
        {"id": "1", "article": "a", "text": "Ketamine acts fast."},
        {"id": "2", "article": "b", "text": "ketamine acts fast!"},
        {"id": "3", "article": "b", "text": "It helped 55% of patients."},
    ]
    source.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = io.StringIO()
    assert main(["cluster", str(source)], out, io.StringIO()) == 0
    assert json.loads(out.getvalue()) == [["1", "2"], ["3"]]


def test_kapsite_cluster_pairs_prints_the_review_queue_best_first(tmp_path: Path) -> None:
    source = tmp_path / "statements.jsonl"
    rows = [
        {"id": "x-1", "article": "a", "text": "Ketamine is a dissociative anaesthetic."},
        {"id": "x-2", "article": "b", "text": "Ketamine is a dissociative anesthetic."},
        {
            "id": "y",
            "article": "c",
            "text": "Ketamine is an anaesthetic that can cause dissociation.",
        },
        {"id": "z", "article": "c", "text": "Doctors use ketamine as a dissociative drug."},
        {"id": "p", "article": "a", "text": "It helped 55% of patients with depression."},
        {"id": "q", "article": "b", "text": "It helped 70% of patients with depression."},
    ]
    source.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = io.StringIO()
    assert main(["cluster", str(source), "--pairs"], out, io.StringIO()) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines and all(len(line) == 3 for line in lines)
    scores = [line[2] for line in lines]
    assert scores == sorted(scores, reverse=True)
    asked = [frozenset(line[:2]) for line in lines]
    assert frozenset({"x-1", "x-2"}) not in asked  # one claim already: merged, never asked
    assert frozenset({"p", "q"}) not in asked  # figures differ: no answer could merge them
    assert {i for line in lines for i in line[:2]} <= {r["id"] for r in rows}
    plain = io.StringIO()
    assert main(["cluster", str(source)], plain, io.StringIO()) == 0
    assert json.loads(plain.getvalue())[0] == ["p"] and ["x-1", "x-2"] in json.loads(
        plain.getvalue()
    )


def test_kapsite_review_reads_answers_from_standard_input(monkeypatch, project) -> None:
    head = "---\ntitle: T\nsource:\n  publisher: P\n---\n\n"
    project.write(
        "content/articles/third.md",
        head + "Ketamine can lift the mood of patients with PTSD within hours.\n",
    )
    project.write(
        "content/articles/fourth.md",
        head + "Ketamine often lifts mood in PTSD patients within a few hours.\n",
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO("d\n" * 100))
    out = io.StringIO()
    assert main(["review", "--root", str(project.root)], out, io.StringIO()) == 0
    assert "decisions written" in out.getvalue()
    registry = load_registry(project.root / "content" / "claims.yml")
    assert any(a.startswith("fourth:") and b.startswith("third:") for a, b, _ in registry.different)
