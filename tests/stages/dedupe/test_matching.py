"""Repeats a contributor's new articles bring in, found in the review queue (issue 16)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import REPO, clusters_of

from kapsite.errors import ContentError
from kapsite.inputs.vocabulary import load_vocabulary, parse_synonyms, parse_vocabulary
from kapsite.model import Statement
from kapsite.stages.dedupe.candidates import MAX_POSTINGS, _Index, claim_pairs, vectors
from kapsite.stages.dedupe.merge import deduplicate
from kapsite.stages.dedupe.terms import Wording
from kapsite.text.figures import figures

SYNONYMS = parse_synonyms(
    "synonyms:\n  booster: [booster*, maintenance, top-up]\n", Path("synonyms.yml")
)
VOCABULARY = parse_vocabulary(
    "conditions:\n  depression: [depression]\n  anxiety: [anxiety]\n  ptsd: [ptsd]\n"
    "medicines:\n  esketamine: [esketamine]\n"
)


def _s(article: str, number: int, text: str) -> Statement:
    found = tuple(f.text for f in figures(text))
    return Statement(
        f"{article}:{number}", article, Path(f"{article}.md"), number, text, figures=found
    )


def _first_question_about(statement_id: str, statements, vocabulary) -> set[str]:
    pending = deduplicate(statements, None, vocabulary).pending
    for pair in pending:
        ids = {pair.first.id, pair.second.id}
        if statement_id in ids:
            return ids
    return set()


def test_us_and_uk_spellings_of_one_sentence_merge_automatically() -> None:
    clusters = clusters_of(
        [
            _s("a", 1, "Ketamine is a dissociative anesthetic."),
            _s("b", 1, "Ketamine is a dissociative anaesthetic."),
            _s("c", 1, "Ketamine is a dissociative drug."),
        ]
    )
    assert sorted(len(c.members) for c in clusters) == [1, 2]


def test_is_not_a_cure_is_first_asked_against_does_not_cure() -> None:
    statements = [
        _s("a", 1, "Ketamine is not a cure."),
        _s("b", 1, "Ketamine therapy does not cure depression, anxiety or PTSD."),
        _s("c", 1, "Some clinics call ketamine a cure."),
    ]
    assert _first_question_about("a:1", statements, VOCABULARY) == {"a:1", "b:1"}


def test_booster_infusions_are_first_asked_against_maintenance_infusions() -> None:
    vocabulary = dataclasses.replace(VOCABULARY, synonyms=SYNONYMS)
    statements = [
        _s("a", 1, "Some patients return for booster infusions."),
        _s("b", 1, "Some patients come back later for maintenance infusions."),
        _s("c", 1, "Some patients return for talk therapy."),
    ]
    assert _first_question_about("a:1", statements, vocabulary) == {"a:1", "b:1"}


def test_the_shipped_synonyms_fold_booster_and_maintenance_and_quick_and_rapid() -> None:
    wording = Wording(load_vocabulary(REPO / "content" / "vocabulary.yml").synonyms)
    assert wording.terms("booster infusions") == wording.terms("maintenance infusion")
    assert wording.terms("works quickly") == wording.terms("works rapidly")


def test_a_new_statement_is_matched_against_a_claim_as_a_whole() -> None:
    # A five-source claim: each source shares a word or two with the new sentence, none much.
    claim = [
        "Standard antidepressants need weeks.",
        "Most antidepressants work slowly for depression.",
        "Pills for depression often help only slowly.",
        "Antidepressant tablets take time before they help.",
        "Antidepressants can take weeks before mood lifts.",
    ]
    new = "Antidepressant pills often take 6 to 8 weeks."
    other = "Sleeping pills often take an hour to work."  # closer than any one source
    texts = [*claim, new, other]
    groups = [[0, 1, 2, 3, 4], [5], [6]]
    pairs = claim_pairs(texts, groups, k=10, wording=Wording())
    best_for_new = next(p for p in pairs if 1 in (p.first_group, p.second_group))
    assert {best_for_new.first_group, best_for_new.second_group} == {0, 1}
    # One question about the new sentence and the claim, not one per source.
    assert sum({p.first_group, p.second_group} == {0, 1} for p in pairs) == 1


def test_figures_that_differ_on_one_quantity_are_shown_as_sources_differ() -> None:
    clusters = clusters_of(
        [
            _s("a", 1, "About 264 million people worldwide live with depression."),
            _s("b", 1, "Worldwide, 300 million people live with depression."),
            _s("c", 1, "Ketamine was first made in 1962."),
            _s("d", 1, "Ketamine was first made in 1965 by a chemist."),
        ],
        vocabulary=VOCABULARY,
    )
    conflicting = {frozenset({c.members[0].id, o.id}) for c in clusters for o in c.conflicts}
    by_id = {c.id: c.members[0].id for c in clusters}
    named = {frozenset(by_id.get(x, x) for x in pair) for pair in conflicting}
    assert frozenset({"a:1", "b:1"}) in named
    assert frozenset({"c:1", "d:1"}) in named


def test_one_quantity_in_a_long_sentence_is_a_conflict_by_the_words_around_its_figure() -> None:
    clusters = clusters_of(
        [
            _s("a", 1, "Each infusion session lasts 40 minutes."),
            _s(
                "b",
                1,
                "Plan your day around it: after check-in and a short talk with the nurse, each "
                "infusion session lasts 45 minutes, then you rest until someone drives you home.",
            ),
        ],
        vocabulary=VOCABULARY,
    )
    assert [len(c.conflicts) for c in clusters] == [1, 1]


def test_a_range_against_a_single_figure_is_a_conflict_and_never_a_question() -> None:
    statements = [
        _s("a", 1, "Ketamine helps 70-80% of people with depression."),
        _s("b", 1, "Ketamine helps 70% of people with depression."),
    ]
    result = deduplicate(statements, None, VOCABULARY)
    assert not result.pending
    assert [len(c.conflicts) for c in result.clusters] == [1, 1]


def test_figures_of_another_medicine_are_not_a_conflict() -> None:
    clusters = clusters_of(
        [
            _s("a", 1, "The FDA approved esketamine nasal spray for depression in 2019."),
            _s("b", 1, "The FDA approved ketamine for anaesthesia in 1970."),
        ],
        vocabulary=VOCABULARY,
    )
    assert all(not c.conflicts for c in clusters)


ROUTES = parse_vocabulary(
    "routes:\n  intravenous: [iv, infusion*, intravenous*]\n"
    "  intramuscular: [im, intramuscular*, injection*]\n"
    "medicines:\n  esketamine: [esketamine, spravato]\n"
)


def _conflicts(*texts: str, vocabulary=ROUTES) -> int:
    """How many claims are shown with a "sources differ" beside them; one article each."""
    statements = [_s(chr(ord("a") + n), 1, text) for n, text in enumerate(texts)]
    return sum(bool(c.conflicts) for c in clusters_of(statements, vocabulary=vocabulary))


def test_prices_written_as_ranges_of_dollars_are_a_conflict_when_they_differ() -> None:
    # Before: "$425-$750" was read as two figures, and the words around a figure were counted
    # with "a", "to", "per": here only "ketamine", "session" and the dollar sign are shared.
    assert (
        _conflicts(
            "An IV ketamine infusion typically costs $425-$750 per session.",
            "A ketamine therapy session averages $400 to $800.",
        )
        == 2
    )


def test_two_prices_of_one_thing_conflict_though_they_share_only_that_thing() -> None:
    # Before: only "session" and the dollar sign were shared, one word short of one quantity.
    assert (
        _conflicts(
            "Ketamine infusions in New York City cost roughly $500 to $1,000 per session.",
            "A ketamine therapy session averages $400 to $800.",
        )
        == 2
    )
    # The price of a whole course is not the price of a session, though both "cost".
    assert (
        _conflicts(
            "The total cost of an initial course is $3,300 to $13,500.",
            "A single clinical ketamine session costs about $275 to $1,300.",
        )
        == 0
    )
    # Nor is a course's price, or the part insurance pays, that of one session, though both
    # name sessions.
    assert (
        _conflicts(
            "A full course of six sessions costs $3,000 to $4,800.",
            "One session is $500 to $800.",
        )
        == 0
    )
    assert (
        _conflicts(
            "Insurance may pay $200 of each session.",
            "A session averages $400 to $800.",
        )
        == 0
    )


def test_a_figure_for_one_route_conflicts_with_the_same_figure_for_no_route_named() -> None:
    # "IV ketamine" against plain "ketamine": the same quantity, one said more precisely.
    assert (
        _conflicts(
            "Patients often feel tired for the rest of the day after the infusion.",
            "Patients often feel tired for a few hours after a treatment.",
        )
        == 2
    )
    # But an injection's price is not an infusion's.
    assert (
        _conflicts(
            "An intramuscular injection of ketamine costs $300 per session.",
            "An IV infusion of ketamine costs $500 per session.",
        )
        == 0
    )


def test_a_year_before_a_comma_is_compared_as_a_year() -> None:
    assert (
        _conflicts(
            "Ketamine was first synthesised in 1962 by Calvin Stevens.",
            "Ketamine was first synthesised in 1965, as a derivative of PCP.",
        )
        == 2
    )


def test_with_the_shipped_synonyms_synthesised_and_developed_date_one_event() -> None:
    shipped = load_vocabulary(REPO / "content" / "vocabulary.yml")
    assert (
        _conflicts(
            "Ketamine was first synthesized in 1962 by Calvin Stevens.",
            "Ketamine was first developed in 1965, as a derivative of PCP.",
            vocabulary=shipped,
        )
        == 2
    )


def test_a_figure_both_sources_give_is_no_conflict() -> None:
    # One source gives both doses, the other only the lower one: they agree on what they share.
    assert (
        _conflicts(
            "In weeks 1 to 4, adults receive esketamine at 56 mg or 84 mg twice a week.",
            "The esketamine dose can be lowered to 56 mg twice a week if needed.",
        )
        == 0
    )
    # The same dose per weight beside different times is no conflict either.
    assert (
        _conflicts(
            "The standard dose is 0.5 mg/kg of ketamine given over 40 minutes.",
            "About 30% of patients reach remission 24 hours after one 0.5 mg/kg ketamine dose.",
        )
        == 0
    )


def test_close_wording_with_figures_of_different_quantities_is_no_conflict() -> None:
    # Before: any two claims this close whose figures differed were shown as "sources differ".
    assert (
        _conflicts(
            "The effect of a single ketamine dose lasted for a week.",
            "The effect of a single ketamine dose began within one day.",
        )
        == 0
    )


def test_a_synonyms_file_that_is_not_lists_names_the_file() -> None:
    with pytest.raises(ContentError, match="synonyms 'rapid' must be a list"):
        parse_synonyms("synonyms:\n  rapid: fast\n", Path("content/synonyms.yml"))


def test_the_candidate_search_walks_no_longer_postings_as_the_corpus_grows() -> None:
    # A share of the corpus as the cap would walk "common" (150 of 20,000 statements) and grow
    # the search quadratically; the cap is a fixed number of postings.
    texts = [f"common w{i}" for i in range(150)] + [f"filler x{i}" for i in range(19_850)]
    walked = _Index(vectors(texts)).walked
    assert MAX_POSTINGS < 150
    assert "common" not in walked
    assert all(len(ids) <= MAX_POSTINGS for ids in walked.values())


@pytest.mark.parametrize(
    ("word", "digits"), [("two", "2"), ("twelve", "12"), ("seventy", "70"), ("hundred", "100")]
)
def test_a_number_in_words_is_the_same_term_as_its_digits(word: str, digits: str) -> None:
    """ "Seventy patients" and "70 patients" repeat one fact: every number word the figures
    know, from two up, folds to its digits."""
    wording = Wording(parse_synonyms("", Path("content/synonyms.yml")))
    assert wording.terms(f"{word} patients improved") == wording.terms(
        f"{digits} patients improved"
    )


def test_a_reworded_fact_that_hundreds_of_articles_repeat_is_still_asked_about() -> None:
    """Two wordings of one fact ("patients"/"adults"), each merged from 150 copies, are one
    question for the editor, however many copies share every word of them."""
    patients = "Ketamine eased depression within hours for many patients in the trial."
    adults = "Ketamine eased depression within hours for many adults in the trial."
    texts = [patients] * 150 + [adults] * 150 + ["Bladder problems follow heavy use."]
    groups = [list(range(150)), list(range(150, 300)), [300]]
    pairs = claim_pairs(texts, groups, k=10, wording=Wording())
    assert {(p.first_group, p.second_group) for p in pairs} == {(0, 1)}


def test_two_figures_for_one_quantity_each_repeated_by_many_articles_are_sources_differ() -> None:
    """However many articles repeat each figure, the two claims are shown side by side."""
    low = [
        _s(f"a{n:03d}", 1, "About 264 million people worldwide live with depression.")
        for n in range(120)
    ]
    high = [
        _s(f"b{n:03d}", 1, "Worldwide, 300 million people live with depression.")
        for n in range(120)
    ]
    clusters = clusters_of(low + high, vocabulary=VOCABULARY)
    assert sorted(len(c.members) for c in clusters) == [120, 120]
    assert all(len(c.conflicts) == 1 for c in clusters)
