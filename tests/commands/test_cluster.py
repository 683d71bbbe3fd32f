import io
import json
from pathlib import Path

from kapsite.commands.cli import main


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
