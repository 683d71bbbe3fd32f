from pathlib import Path

from conftest import TOPICS

from kapsite.inputs.topics import load_taxonomy
from kapsite.model import Statement
from kapsite.stages.classify import classify


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
