import json
from pathlib import Path

from kapsite.inputs.claims import LeftOut
from kapsite.model import Claim, Conflict, Section, Statement, TopicPage
from kapsite.render.claims_json import claims_json


def _s(article: str, line: int, text: str) -> Statement:
    return Statement(f"{article}:{line:010d}", article, Path("x.md"), line, text)


def test_claims_json_gives_each_claims_evidence_and_every_statement_left_out() -> None:
    wrong = _s("b", 9, "Wrong.")
    claim = Claim(
        "claim-one",
        "One fact.",
        (_s("a", 3, "One fact, said once."),),
        "risks",
        "s",
        evidence="no-study",
        corrects=(wrong,),
        note="Why it is wrong.",
        conflicts=(Conflict("claim-two", "faq", "Other figure."),),
        pending=False,
    )
    page = TopicPage("risks", "Risks", "", (Section("s", "S", (claim,)),))
    gone = _s("c", 4, "Hype.")
    data = json.loads(
        claims_json([page], [(gone, LeftOut(gone.id, "promotion", "", Path("l"), 1))])
    )
    (item,) = data["claims"]
    assert item["url"] == "risks/#claim-one" and item["reviewed"] is True
    assert item["statements"] == [
        {"id": "a:0000000003", "article": "a", "line": 3, "text": "One fact, said once."}
    ]
    assert item["corrects"][0]["text"] == "Wrong." and item["editors_note"] == "Why it is wrong."
    assert item["conflicts"] == ["faq/#claim-two"]
    assert data["left_out"] == [
        {
            "id": "c:0000000004",
            "article": "c",
            "line": 4,
            "text": "Hype.",
            "reason": "promotion",
            "note": "",
        }
    ]
