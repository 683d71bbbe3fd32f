import difflib
import io
import json
import sys
from pathlib import Path

import pytest

from kapsite.cli import main
from kapsite.errors import ContentError
from kapsite.model import Statement
from kapsite.registry import load_registry
from kapsite.review import review
from kapsite.segment import fingerprint
from kapsite.vocabulary import Vocabulary

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


@pytest.mark.parametrize(
    ("registry", "answer"),
    [
        ("claims:\ndifferent: []\n", "d\n"),
        ("claims: []\ndifferent:\n", "s\n"),
    ],
    ids=["different-flow", "claims-flow"],
)
def test_review_of_a_flow_style_registry_leaves_valid_yaml(
    tmp_path: Path, registry: str, answer: str
) -> None:
    path = tmp_path / "claims.yml"
    path.write_text(registry, encoding="utf-8")
    assert review(PAIR, path, Vocabulary(), io.StringIO(answer), io.StringIO()) == 1
    written = load_registry(path)  # raised "not valid YAML" before
    if answer == "d\n":
        assert written.is_different(PAIR[0].id, PAIR[1].id)
    else:
        assert written.claim_of(PAIR[0].id) is written.claim_of(PAIR[1].id) is not None


def test_review_adds_to_a_claim_whose_members_are_a_flow_list(tmp_path: Path) -> None:
    path = tmp_path / "claims.yml"
    first = PAIR[0].id
    path.write_text(
        f"claims:\n  - id: claim-existing\n    page: p\n    section: s\n    members: [{first}]\n",
        encoding="utf-8",
    )
    assert review(PAIR, path, Vocabulary(), io.StringIO("s\n"), io.StringIO()) == 1
    claim = load_registry(path).claim_of(PAIR[1].id)
    assert claim is not None and claim.id == "claim-existing"
    assert set(claim.members) == {first, PAIR[1].id}


def test_an_empty_or_cut_off_registry_stops_the_build_rather_than_dropping_every_merge(
    tmp_path: Path,
) -> None:
    path = tmp_path / "claims.yml"
    for cut_off in ("", "# The claim registry: statements an editor rev"):
        path.write_text(cut_off, encoding="utf-8")
        with pytest.raises(ContentError, match="the claim registry is empty or cut off"):
            load_registry(path)


def test_a_decision_in_the_real_registry_adds_lines_and_changes_none(tmp_path: Path) -> None:
    real = (Path(__file__).parent.parent / "content" / "claims.yml").read_text(encoding="utf-8")
    path = tmp_path / "claims.yml"
    path.write_text(real, encoding="utf-8")
    assert review(PAIR, path, Vocabulary(), io.StringIO("s\n"), io.StringIO()) == 1
    old, new = real.splitlines(), path.read_text(encoding="utf-8").splitlines()
    changes = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    assert {tag for tag, *_ in changes} == {"equal", "insert"}  # every old line kept, in order
    added = [line for tag, _, _, j1, j2 in changes if tag == "insert" for line in new[j1:j2]]
    assert added[0].startswith("  - id: claim-ketamine-can-lift-the-symptoms-of-")
    assert len(added) == 6
    assert added[-1].startswith(f"      - {PAIR[1].id}  # Ketamine often lifts")
