from pathlib import Path

import pytest
from conftest import clusters_of
from kapsite.inputs.registry import parse_registry

from kapsite.errors import ContentError
from kapsite.inputs.vocabulary import parse_vocabulary
from kapsite.model import Citation, Statement
from kapsite.render.topic_page import sources_differ
from kapsite.stages.dedupe.merge import canonical_statement, deduplicate
from kapsite.stages.segment import fingerprint
from kapsite.text.figures import figures

VOCABULARY = parse_vocabulary("receptors:\n  nmda: [nmda]\n  ampa: [ampa]\n")


def _s(article: str, line: int, text: str, *keys: str) -> Statement:
    return Statement(
        f"{article}:{fingerprint(text)}",
        article,
        Path(f"{article}.md"),
        line,
        text,
        tuple(Citation(k) for k in keys),
        figures=tuple(f.text for f in figures(text)),
        page="p",
        section="s",
    )


def test_same_claim_in_two_articles_becomes_one_cluster_with_both_sources() -> None:
    clusters = clusters_of(
        [_s("b", 3, "Ketamine acts fast!", "x"), _s("a", 9, "ketamine acts  fast.", "y")]
    )
    assert len(clusters) == 1
    assert clusters[0].articles == ("a", "b")
    assert set(clusters[0].citation_keys) == {"x", "y"}
    assert clusters[0].text == "ketamine acts  fast."  # equally clear: the first article's


def test_claims_with_different_numbers_stay_apart() -> None:
    clusters = clusters_of(
        [_s("a", 1, "It helped 70% of patients."), _s("b", 1, "It helped 55% of patients.")]
    )
    assert len(clusters) == 2


def test_claim_anchor_depends_only_on_its_words() -> None:
    alone = clusters_of([_s("a", 1, "Ketamine acts fast.")])[0].id
    crowded = clusters_of([_s("z", 1, "Another claim."), _s("a", 5, "Ketamine acts fast.")])
    assert alone in {c.id for c in crowded}
    assert alone.startswith("claim-ketamine-acts-fast-")


def test_near_identical_statements_merge_automatically() -> None:
    clusters = clusters_of(
        [
            _s("a", 1, "Doctors first used ketamine for anaesthesia and for pain control."),
            _s("b", 4, "Doctors first used ketamine for anaesthesia and pain control."),
        ]
    )
    assert len(clusters) == 1


def test_one_word_that_names_another_receptor_blocks_the_merge() -> None:
    clusters = clusters_of(
        [
            _s("a", 1, "Doctors think ketamine acts on NMDA receptors in the brain over time."),
            _s("b", 1, "Doctors think ketamine acts on AMPA receptors in the brain over time."),
        ],
        vocabulary=VOCABULARY,
    )
    assert len(clusters) == 2


def test_paraphrase_pair_merges_only_through_the_registry() -> None:
    first = _s("a", 3, "Ketamine blocks NMDA receptors.", "x")
    second = _s("b", 7, "Ketamine is an antagonist of the NMDA receptor.", "y")
    assert len(clusters_of([first, second], vocabulary=VOCABULARY)) == 2
    registry = parse_registry(
        "claims:\n"
        "  - id: claim-blocks-nmda\n"
        "    page: mechanism\n"
        "    section: nmda-glutamate\n"
        "    text: Ketamine blocks NMDA receptors in the brain.\n"
        "    members:\n"
        f"      - {first.id}\n"
        f"      - {second.id}\n"
    )
    (cluster,) = clusters_of([first, second], registry, VOCABULARY)
    assert cluster.id == "claim-blocks-nmda"
    assert (cluster.page, cluster.section) == ("mechanism", "nmda-glutamate")
    assert cluster.text == "Ketamine blocks NMDA receptors in the brain."
    assert cluster.articles == ("a", "b") and set(cluster.citation_keys) == {"x", "y"}


def test_figure_conflict_is_kept_apart_and_shown_as_sources_differ() -> None:
    low = _s(
        "a", 2, "One intravenous dose eased suicidal thoughts within a day in 55% of patients."
    )
    high = _s(
        "b", 5, "One intravenous dose eased suicidal thoughts within a day in 70% of patients."
    )
    result = deduplicate([low, high], None, VOCABULARY)
    assert len(result.clusters) == 2
    by_text = {c.text: c for c in result.clusters}
    assert [c.text for c in by_text[low.text].conflicts] == [high.text]
    html = "\n".join(sources_differ(by_text[low.text]))
    assert "Sources differ" in html and "70% of patients" in html
    assert not result.pending  # a conflict is shown, not offered for merging


def test_registry_cannot_merge_statements_whose_figures_differ() -> None:
    low, high = _s("a", 2, "It helped 55% of patients."), _s("b", 5, "It helped 70% of patients.")
    registry = parse_registry(f"claims:\n  - id: c\n    members: [{low.id}, {high.id}]\n")
    with pytest.raises(ContentError, match="figures differ"):
        clusters_of([low, high], registry)


def test_unreviewed_near_duplicate_is_pending_and_still_shown() -> None:
    statements = [
        _s("a", 1, "Ketamine can lift the symptoms of depression within hours."),
        _s("b", 9, "Ketamine often lifts symptoms of depression within a few hours."),
        _s("c", 4, "Vets use ketamine to sedate animals."),
    ]
    result = deduplicate(statements, None, VOCABULARY)
    assert len(result.clusters) == 3  # nothing merged, nothing dropped
    (pair,) = result.pending
    assert {pair.first.article, pair.second.article} == {"a", "b"}


def test_pair_reviewed_as_different_is_no_longer_pending() -> None:
    a = _s("a", 1, "Ketamine can lift the symptoms of depression within hours.")
    b = _s("b", 9, "Ketamine often lifts symptoms of depression within a few hours.")
    registry = parse_registry(f"claims:\ndifferent:\n  - [{a.id}, {b.id}]\n")
    assert not deduplicate([a, b], registry, VOCABULARY).pending


def test_stale_registry_member_is_reported_with_its_line() -> None:
    registry = parse_registry("claims:\n  - id: c\n    members:\n      - gone:0123456789\n")
    result = deduplicate([_s("a", 1, "Ketamine acts fast.")], registry)
    (warning,) = result.warnings
    assert warning.line == 2 and "gone:0123456789" in warning.message


def test_canonical_wording_keeps_the_figure_then_prefers_the_plainer_sentence() -> None:
    plain = _s("a", 1, "Ketamine works within hours.")
    wordy = _s("b", 1, "Ketamine characteristically demonstrates effectiveness within hours.")
    figure = _s("c", 1, "Ketamine works within 24 hours for most.")
    assert canonical_statement([wordy, plain]) is plain
    assert canonical_statement([wordy, plain, figure]) is figure


def test_chained_near_duplicates_never_join_claims_with_different_figures() -> None:
    clusters = clusters_of(
        [
            _s("a", 1, "Ketamine relieved symptoms in 70% of patients within one day of a dose."),
            _s("b", 1, "Ketamine relieved symptoms in patients within one day of a dose."),
            _s("c", 1, "Ketamine relieved symptoms in 55% of patients within one day of a dose."),
        ]
    )
    assert all(len({f for m in c.members for f in m.figures}) <= 1 for c in clusters)


def test_sentences_that_differ_in_one_content_word_are_never_merged_automatically() -> None:
    from pathlib import Path

    from kapsite.model import Statement

    def statement(article: str, verb: str) -> Statement:
        text = f"In some patients, ketamine {verb} blood pressure for a short time after each dose."
        return Statement(f"{article}:1", article, Path(f"{article}.md"), 1, text)

    assert len(clusters_of([statement("a", "raises"), statement("b", "lowers")])) == 2
    assert len(clusters_of([statement("a", "raises"), statement("b", "raises")])) == 1

