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
