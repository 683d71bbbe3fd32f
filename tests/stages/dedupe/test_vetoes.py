"""Each hard veto, judged where a reader would notice it: two claims wrongly shown as one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import clusters_of

from kapsite.inputs.vocabulary import parse_vocabulary
from kapsite.model import Statement
from kapsite.stages.dedupe.merge import deduplicate
from kapsite.stages.dedupe.vetoes import (
    ENTITIES,
    FIGURE_MISSING,
    FIGURES,
    POLARITY,
    negated,
    veto_key,
    vetoes,
)
from kapsite.stages.segment import fingerprint

VOCABULARY = parse_vocabulary("receptors:\n  nmda: [nmda]\n  ampa: [ampa]\n")


def _s(article: str, text: str) -> Statement:
    return Statement(f"{article}:{fingerprint(text)}", article, Path(f"{article}.md"), 1, text)


def test_a_negated_sentence_is_never_merged_with_its_opposite() -> None:
    # "not" is a small word, so the two are near-identical: only the polarity veto keeps apart
    # a claim and its opposite.
    yes = "In most patients ketamine is addictive when it is taken often and at high doses."
    no = "In most patients ketamine is not addictive when it is taken often and at high doses."
    assert vetoes(yes, no, VOCABULARY) == (POLARITY,)
    assert len(clusters_of([_s("a", yes), _s("b", no)])) == 2
    assert (
        len(clusters_of([_s("a", yes), _s("b", yes.replace("taken often", "taken very often"))]))
        == 1
    )


def test_negation_inside_a_relative_clause_does_not_count() -> None:
    assert not negated("Ketamine helps people who have not responded to other treatments.")
    assert negated("Ketamine does not help people who have responded to other treatments.")


def test_different_figures_are_shown_as_sources_differ_not_offered_for_merging() -> None:
    low = "About 55% of people with depression respond to a ketamine infusion within a day."
    high = "About 70% of people with depression respond to a ketamine infusion within a day."
    assert FIGURES in vetoes(low, high, VOCABULARY)
    result = deduplicate([_s("a", low), _s("b", high)], None, VOCABULARY)
    assert result.pending == ()
    assert [len(c.conflicts) for c in result.clusters] == [1, 1]


def test_a_figure_one_side_lacks_is_offered_to_the_reviewer_with_the_reason() -> None:
    exact = "Ketamine can ease the symptoms of depression within 24 hours of the first dose."
    vague = "Ketamine can ease the symptoms of depression within hours of the first dose."
    (pair,) = deduplicate([_s("a", exact), _s("b", vague)], None, VOCABULARY).pending
    assert pair.vetoes == (FIGURE_MISSING,)


def test_different_receptors_are_offered_to_the_reviewer_with_the_reason() -> None:
    nmda = "Ketamine blocks NMDA receptors on nerve cells in parts of the brain."
    ampa = "Ketamine blocks AMPA receptors on nerve cells in parts of the brain."
    (pair,) = deduplicate([_s("a", nmda), _s("b", ampa)], None, VOCABULARY).pending
    assert ENTITIES in pair.vetoes


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("It lasted in 65%-70% of patients.", "It lasted in 65-70% of patients."),
        ("Twenty-four hours after a dose, half improve.", "24 hours after a dose, half improve."),
        ("A dose is infused over 40 minutes.", "A dose is infused in 40 minutes."),
        (
            "You may be tired for the remainder of the treatment day.",
            "Tired for the rest of the day.",
        ),
    ],
)
def test_one_figure_written_two_ways_is_not_a_difference(first: str, second: str) -> None:
    # Shown as "sources differ" these would tell a reader two sources disagree when they agree.
    assert FIGURES not in vetoes(first, second, VOCABULARY)
    assert FIGURE_MISSING not in vetoes(first, second, VOCABULARY)


def test_a_figure_qualified_by_more_than_still_differs() -> None:
    assert FIGURES in vetoes(
        "The effect lasts over a week.", "The effect lasts a week.", VOCABULARY
    )
    assert FIGURES in vetoes(
        "It was first made in 1965, from PCP.", "First made in 1962.", VOCABULARY
    )


# Sentences that differ in figures, entities and negation, each of every kind against the others.
KEYED = [
    "Ketamine blocks NMDA receptors.",
    "Ketamine blocks AMPA receptors.",
    "Ketamine does not block NMDA receptors.",
    "About 70% of patients responded within 24 hours.",
    "About 55% of patients responded within 24 hours.",
    "About 70% of patients responded within hours.",
    "About 70% of patients responded within 2 hours.",
    "Over half of patients responded within 24 hours.",
    "Most patients responded quickly.",
    "In 1962 it was first made; it was approved in 1970.",
    "In 1965 it was first made; it was approved in 1970.",
    "Sessions cost $400 to $800 and last 40 minutes.",
    "Sessions cost $400 and last 40 minutes.",
]


def test_no_veto_holds_exactly_when_the_veto_keys_are_equal() -> None:
    """Dedupe finds the statements that may merge by grouping on the key (no pair compared),
    so a key that hid a veto would merge two claims that differ."""
    for first in KEYED:
        for second in KEYED:
            same_key = veto_key(first, VOCABULARY) == veto_key(second, VOCABULARY)
            assert same_key == (vetoes(first, second, VOCABULARY) == ()), (first, second)
