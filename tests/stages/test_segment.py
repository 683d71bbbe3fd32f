from pathlib import Path

import pytest

from kapsite.errors import ContentError, ContentErrors
from kapsite.inputs.articles import parse_article
from kapsite.stages.segment import fingerprint, segment

HEAD = "---\ntitle: T\nsource:\n  publisher: P\n---\n"


def _statements(body: str):
    return segment(parse_article(Path("content/articles/art.md"), HEAD + body))


def test_paragraph_splits_into_sentences_each_with_its_line() -> None:
    found = _statements(
        "First claim here.\nSecond claim, by Krystal et al. in 2019, here.\n\nThird one.\n"
    )
    assert [(s.text, s.line) for s in found] == [
        ("First claim here.", 6),
        ("Second claim, by Krystal et al. in 2019, here.", 7),
        ("Third one.", 9),
    ]


def test_sentence_ending_in_a_word_like_help_still_ends() -> None:
    found = _statements("Therapy can help. Dr. Lee agrees, e.g. in trials. See p. 5 of it.\n")
    assert [s.text for s in found] == [
        "Therapy can help.",
        "Dr. Lee agrees, e.g. in trials.",
        "See p. 5 of it.",
    ]


def test_list_items_stand_alone_and_headings_route_them() -> None:
    found = _statements(
        "## Risks\n\n- Nausea is common.\n- Blood pressure can rise\n  for a while.\n"
    )
    assert [(s.text, s.kind, s.heading, s.line) for s in found] == [
        ("Nausea is common.", "item", "Risks", 8),
        ("Blood pressure can rise for a while.", "item", "Risks", 9),
    ]


def test_faq_answer_stays_with_its_question() -> None:
    body = "## Frequently asked questions\n\n### Is it safe?\n\nIn a clinic, yes.\n\nIt is monitored.\n\n### Is it fast?\n\nOften within hours.\n"
    found = _statements(body)
    assert [(s.question, s.text, s.kind) for s in found] == [
        ("Is it safe?", "In a clinic, yes. It is monitored.", "faq"),
        ("Is it fast?", "Often within hours.", "faq"),
    ]


def test_statement_id_survives_whitespace_case_and_punctuation_edits() -> None:
    assert fingerprint("Ketamine blocks NMDA receptors.") == fingerprint(
        "ketamine  blocks NMDA receptors!"
    )
    assert fingerprint("Ketamine blocks NMDA receptors.") != fingerprint(
        "Ketamine blocks AMPA receptors."
    )


def test_citations_in_code_blocks_are_kept_as_text() -> None:
    found = _statements("```\n[@literal]\n```\n")
    assert found[0].kind == "code" and "[@literal]" in found[0].text and found[0].citations == ()


def test_unclosed_code_block_is_an_error() -> None:
    with pytest.raises(ContentError, match="never closed"):
        _statements("Text.\n\n```\ncode\n")


def test_malformed_citation_names_its_line() -> None:
    with pytest.raises(ContentError) as caught:
        _statements("Fine.\n\nBad [@a; b].\n")
    assert caught.value.line == 8


def test_sentence_pointing_back_stays_with_its_antecedent() -> None:
    found = _statements(
        "Ketamine blocks NMDA receptors.\nThis raises glutamate levels.\nGlutamate is a messenger.\n"
    )
    assert [(s.text, s.line) for s in found] == [
        ("Ketamine blocks NMDA receptors. This raises glutamate levels.", 6),
        ("Glutamate is a messenger.", 8),
    ]


def test_compound_bullet_splits_into_one_claim_per_sentence() -> None:
    found = _statements(
        "- **Access:** Esketamine is a nasal spray. The FDA has approved esketamine.\n"
        "- SSRIs act on serotonin. It takes weeks.\n"
    )
    assert [(s.text, s.kind, s.line) for s in found] == [
        ("**Access:** Esketamine is a nasal spray.", "item", 6),
        ("The FDA has approved esketamine.", "item", 6),
        ("SSRIs act on serotonin. It takes weeks.", "item", 7),
    ]


def test_faq_answer_splits_into_claims_that_keep_the_question_and_their_lines() -> None:
    body = "## FAQ\n\n### Is it fast?\n\nKetamine acts within hours.\n\nEsketamine is a spray.\n"
    found = _statements(body)
    assert [(s.question, s.text, s.line) for s in found] == [
        ("Is it fast?", "Ketamine acts within hours.", 10),
        ("Is it fast?", "Esketamine is a spray.", 12),
    ]


def test_citation_after_the_full_stop_stays_with_its_sentence() -> None:
    found = _statements(
        "Ketamine can lift mood within hours. [@smith2019] Doctors give it by infusion.\n"
    )
    assert [(s.text, [c.key for c in s.citations]) for s in found] == [
        ("Ketamine can lift mood within hours.", ["smith2019"]),
        ("Doctors give it by infusion.", []),
    ]


def test_a_citation_with_no_claim_is_an_error() -> None:
    with pytest.raises(ContentError, match="stands on its own"):
        _statements("Fine.\n\n[@smith2019]\n")


def test_a_footnote_label_written_twice_is_an_error_naming_both_lines() -> None:
    with pytest.raises(ContentError) as caught:
        _statements("A claim[^1].\n\n[^1]: First note.\n[^1]: Second note.\n")
    assert caught.value.line == 9 and "first on line 8" in caught.value.message


# --- Each Markdown construct: statements, kept whole, or refused at its line -------------------


def test_a_table_is_one_statement_kept_whole_as_written() -> None:
    found = _statements(
        "Effects vary.\n\n| Effect | How common |\n|---|---|\n| Nausea | Common |\n"
    )
    assert [(s.kind, s.line) for s in found] == [("sentence", 6), ("table", 8)]
    assert found[1].text == "| Effect | How common |\n|---|---|\n| Nausea | Common |"


def test_a_blockquote_is_kept_whole_and_not_split_into_claims() -> None:
    found = _statements("> Ketamine helped me. It was fast.\n> I slept well.\n")
    assert [(s.kind, s.text, s.line) for s in found] == [
        ("quote", "> Ketamine helped me. It was fast.\n> I slept well.", 6)
    ]


def test_a_citation_inside_a_table_is_refused_not_published_raw() -> None:
    with pytest.raises(ContentError, match="inside a table") as caught:
        _statements("| Effect |\n|---|\n| Nausea [@a] |\n")
    assert caught.value.line == 6


def test_setext_headings_route_like_atx_headings_and_are_not_claims() -> None:
    found = _statements("Risks\n=====\n\nNausea is common.\n\nLater\n-----\n\nIt fades.\n")
    assert [(s.text, s.heading) for s in found] == [
        ("Nausea is common.", "Risks"),
        ("It fades.", "Later"),
    ]


def test_indented_code_is_kept_whole_not_read_as_a_claim() -> None:
    found = _statements("A claim here.\n\n    [@literal] code. Not a claim.\n")
    assert [(s.kind, s.citations) for s in found] == [("sentence", ()), ("code", ())]
    assert "[@literal]" in found[1].text


def test_a_four_backtick_fence_holding_three_backticks_is_one_code_block() -> None:
    found = _statements("````\n```\ninner\n```\n````\n\nAfter it.\n")
    assert [(s.kind, s.line) for s in found] == [("code", 6), ("sentence", 12)]


def test_an_admonition_is_refused_with_its_line_and_a_fix() -> None:
    with pytest.raises(ContentError, match="admonition") as caught:
        _statements("Fine.\n\n!!! warning\n    Ketamine raises blood pressure.\n")
    assert caught.value.line == 8 and "paragraphs" in caught.value.fix


def test_a_link_reference_definition_is_refused_not_shown_as_an_empty_claim() -> None:
    with pytest.raises(ContentError, match="link reference definition") as caught:
        _statements("See [the trial][1].\n\n[1]: https://doi.org/10.1/x\n")
    assert caught.value.line == 8 and "[text](https://" in caught.value.fix


def test_an_faq_question_with_no_answer_is_an_error_at_the_question() -> None:
    body = "## FAQ\n\n### Is it safe?\n\n### Is it fast?\n\nOften within hours.\n"
    with pytest.raises(ContentError, match="has no answer") as caught:
        _statements(body)
    assert caught.value.line == 8 and "Is it safe?" in caught.value.message


def test_list_items_at_any_depth_and_item_paragraphs_are_items() -> None:
    found = _statements("- Nausea is common.\n  - Vomiting is rare.\n\n  It passes.\n")
    assert [(s.text, s.kind, s.line) for s in found] == [
        ("Nausea is common.", "item", 6),
        ("Vomiting is rare.", "item", 7),
        ("It passes.", "item", 9),
    ]


def test_every_refused_construct_of_an_article_is_reported_together() -> None:
    body = "!!! note\n    Text.\n\n[1]: https://example.org\n\n```\nnever closed\n"
    with pytest.raises(ContentErrors) as caught:
        _statements(body)
    assert [e.line for e in caught.value.errors] == [6, 9, 11]


def test_see_fig_2_in_brackets_does_not_end_the_sentence() -> None:
    found = _statements("Doses rose (see Fig. 2) over time. Dr. Lee gave 0.5 mg/kg. Both helped.\n")
    assert [s.text for s in found] == [
        "Doses rose (see Fig. 2) over time.",
        "Dr. Lee gave 0.5 mg/kg.",
        "Both helped.",
    ]


def test_an_html_comment_block_is_a_hidden_note_not_a_claim() -> None:
    found = _statements("<!-- check this figure -->\n\nKetamine is a medicine.\n")
    assert [s.text for s in found] == ["Ketamine is a medicine."]


def test_a_line_that_is_only_a_number_and_a_stop_is_refused_not_lost() -> None:
    # CommonMark reads "24." alone as an empty numbered list item: the number would vanish.
    import pytest

    from kapsite.errors import ContentError
    from kapsite.inputs.articles import parse_article
    from kapsite.stages.segment import segment

    article = parse_article(
        Path("a.md"), "---\ntitle: T\nsource:\n  publisher: P\n---\nKetamine.\n\n24.\n"
    )
    with pytest.raises(ContentError) as caught:
        segment(article)
    assert caught.value.line == 8 and "empty list item ('24.')" in caught.value.message
    assert "24\\." in caught.value.fix
