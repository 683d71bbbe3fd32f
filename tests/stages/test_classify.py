from pathlib import Path

from conftest import TOPICS
from hypothesis import given, settings
from hypothesis import strategies as st

from kapsite.inputs.topics import load_taxonomy
from kapsite.model import Statement
from kapsite.stages.classify import _cue_pattern, _Cues, _Text, classify


def _route(tmp_path: Path, text: str, kind: str = "sentence", heading: str = "") -> tuple[str, str]:
    path = tmp_path / "topics.yml"
    path.write_text(TOPICS)
    statement = Statement("a:1", "a", Path("a.md"), 1, text, kind=kind, heading=heading)
    routed = classify([statement], load_taxonomy(path))[0]
    return routed.page, routed.section


def test_cue_words_route_a_claim_to_its_section(tmp_path: Path) -> None:
    assert _route(tmp_path, "Ketamine blocks NMDA receptors.") == ("mechanism", "nmda-glutamate")
    assert _route(tmp_path, "It may ease PTSD symptoms.") == ("conditions", "ptsd")


def test_heading_breaks_a_tie_between_sections(tmp_path: Path) -> None:
    assert _route(tmp_path, "Some feel nausea.", heading="Depression") == (
        "risks",
        "short-term-effects",
    )
    assert _route(tmp_path, "It helps depression and PTSD.", heading="PTSD") == (
        "conditions",
        "ptsd",
    )


def test_claim_matching_no_cue_lands_on_the_fallback_page(tmp_path: Path) -> None:
    assert _route(tmp_path, "Nothing routable here.") == ("overview", "background")


def test_faq_answers_land_on_the_faq_page(tmp_path: Path) -> None:
    assert _route(tmp_path, "It may help PTSD.", kind="faq") == ("faq", "questions")


CUES = ["pain", "session*", "ptsd", "1962", "talk therapy", "parke-davis", "dose", "nmda"]


@given(
    st.lists(
        st.sampled_from(
            [
                "Pain",
                "pains",
                "paines",
                "Spain",
                "painful",
                "SESSIONS",
                "session",
                "obsession",
                "PTSD,",
                "1962s",
                "talk  therapy",
                "Parke-Davis",
                "doses",
                "dosed",
                "NMDA-",
                "İ",
                "K",
                "_pain",
                "pain_",
                "pain1",
                "ß",
                " ",
                ".",
                "-",
                "’s",
            ]
        ),
        max_size=8,
    ).map("".join)
)
@settings(max_examples=300, deadline=None)
def test_a_cue_is_found_in_a_text_exactly_where_its_pattern_matches(text: str) -> None:
    """Routing looks cues up in a text's words, not by regex; both must agree, or a statement
    would move to another section than its cue words say."""
    found = _Cues(frozenset(CUES)).found(_Text.of(text))
    assert found == {cue for cue in CUES if _cue_pattern(cue)[1].search(text)}, text
