import json
import re
from pathlib import Path

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from kapsite.config import SiteConfig
from kapsite.inputs.claims import FLAGS, LEFT_OUT_REASONS, LeftOut
from kapsite.model import Claim, Conflict, Section, Statement, TopicPage
from kapsite.pipeline import build
from kapsite.render.claims_json import claims_json, indented_json
from kapsite.stages.cite import EVIDENCE_WORDS, UNCITED_FIGURE


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


# --- The documentation page and its schema: they cannot drift from the file ------------------

DOC = Path(__file__).resolve().parents[2] / "docs" / "claims-json.md"
SCHEMA = DOC.parent / "claims.schema.json"


def _real_claims_json() -> dict:
    return json.loads(build(SiteConfig(root=DOC.parents[1])).claims_json)


def _documented_fields(heading: str) -> list[str]:
    """The field names in the first column of the table under ``heading``."""
    section = DOC.read_text(encoding="utf-8").split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)


def test_the_real_claims_json_matches_the_published_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = _real_claims_json()
    assert data["claims"] and data["left_out"]
    jsonschema.Draft202012Validator(schema).validate(data)


def test_the_schema_requires_every_field_and_allows_no_other() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    for part in (schema, *schema["$defs"].values()):
        assert part["additionalProperties"] is False
        assert sorted(part["required"]) == sorted(part["properties"])


def test_the_page_documents_exactly_the_fields_of_the_schema() -> None:
    defs = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]
    for heading, part in (
        ("Each claim", "claim"),
        ("Each statement", "statement"),
        ("Each sentence left out", "left_out"),
    ):
        assert _documented_fields(heading) == list(defs[part]["properties"]), heading


def test_the_schema_names_every_value_the_engine_gives() -> None:
    defs = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]
    claim = defs["claim"]["properties"]
    assert set(claim["evidence"]["enum"]) == set(EVIDENCE_WORDS)
    assert set(claim["flags"]["items"]["enum"]) == {*FLAGS, UNCITED_FIGURE}
    assert set(defs["left_out"]["properties"]["reason"]["enum"]) == set(LEFT_OUT_REASONS)


def test_the_example_on_the_page_is_a_claim_of_the_real_build() -> None:
    source = DOC.read_text(encoding="utf-8")
    example = json.loads(source.split("```json\n", 1)[1].split("\n```", 1)[0])
    claims = {claim["id"]: claim for claim in _real_claims_json()["claims"]}
    assert example == claims[example["id"]]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_JSON, st.sampled_from(["", "  "]))
def test_claims_json_is_written_as_the_standard_library_indents_it(value, indent: str) -> None:
    # claims.json is published: its bytes are json.dumps(indent=1, sort_keys=True)'s, written
    # by kapsite's faster encoder; any value, any depth.
    expected = json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True)
    assert indented_json(value, indent) == expected.replace("\n", "\n" + indent)
