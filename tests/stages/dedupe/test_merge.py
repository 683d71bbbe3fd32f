import dataclasses
from pathlib import Path

from conftest import clusters_of
from hypothesis import given, settings
from hypothesis import strategies as st

from kapsite.inputs.claims import load_editorial
from kapsite.inputs.vocabulary import Synonyms, parse_vocabulary
from kapsite.model import Citation, Statement
from kapsite.stages.dedupe.merge import _near_identical, canonical_statement, deduplicate
from kapsite.stages.dedupe.terms import Wording
from kapsite.stages.dedupe.vetoes import vetoes
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


def _editorial(tmp_path: Path, **files: str):
    folder = tmp_path / "claims"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name.replace('_', '-')}.yml").write_text(text, encoding="utf-8")
    return load_editorial(folder)


def test_an_editors_claim_gathers_paraphrases_under_its_own_words(tmp_path: Path) -> None:
    first = _s("a", 3, "Ketamine blocks NMDA receptors.", "x")
    second = _s("b", 7, "Ketamine is an antagonist of the NMDA receptor.", "y")
    assert len(clusters_of([first, second], vocabulary=VOCABULARY)) == 2
    editorial = _editorial(
        tmp_path,
        mechanism=(
            "page: mechanism\nsections:\n  - id: nmda-glutamate\n    claims:\n"
            "      - id: claim-blocks-nmda\n"
            "        text: Ketamine blocks NMDA receptors in the brain.\n"
            f"        supports: [{first.id}, {second.id}]\n"
        ),
    )
    (claim,) = clusters_of([first, second], editorial, VOCABULARY)
    assert claim.id == "claim-blocks-nmda" and not claim.pending
    assert (claim.page, claim.section) == ("mechanism", "nmda-glutamate")
    assert claim.text == "Ketamine blocks NMDA receptors in the brain."
    assert claim.articles == ("a", "b") and set(claim.citation_keys) == {"x", "y"}
    # Their own anchors stay on the page, so links shared before the review still land.
    assert set(claim.aliases) == {c.id for c in clusters_of([first, second])}


def test_left_out_statements_are_shown_nowhere_and_corrected_ones_travel_with_the_claim(
    tmp_path: Path,
) -> None:
    right = _s("a", 1, "Ketamine blocks NMDA receptors.")
    wrong = _s("b", 2, "Ketamine stops GABA from binding to NMDA receptors.")
    hype = _s("c", 3, "Ketamine is a game-changer.")
    editorial = _editorial(
        tmp_path,
        mechanism=(
            "page: mechanism\nsections:\n  - id: nmda-glutamate\n    claims:\n"
            "      - id: claim-blocks-nmda\n        text: Ketamine blocks NMDA receptors.\n"
            f"        supports: [{right.id}]\n        corrects: [{wrong.id}]\n"
            "        note: GABA does not bind NMDA receptors.\n"
        ),
        left_out=(
            f"left_out:\n  - statement: {hype.id}\n    reason: promotion\n    note: No fact.\n"
        ),
    )
    result = deduplicate([right, wrong, hype], editorial, VOCABULARY)
    (claim,) = result.clusters
    assert claim.corrects == (wrong,) and claim.note == "GABA does not bind NMDA receptors."
    assert [(s.id, entry.reason) for s, entry in result.left_out] == [(hype.id, "promotion")]


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
    assert not result.pending  # a conflict is shown, not offered for merging


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


def test_without_the_review_queue_the_claims_and_their_conflicts_are_the_same() -> None:
    """Live preview leaves the review queue out (it only reaches the terminal); what readers
    see, the claims and the "sources differ" between them, must not change with it."""
    statements = [
        _s("a", 2, "One intravenous dose eased suicidal thoughts within a day in 55% of patients."),
        _s("b", 5, "One intravenous dose eased suicidal thoughts within a day in 70% of patients."),
        _s("a", 7, "Ketamine can lift the symptoms of depression within hours."),
        _s("b", 9, "Ketamine often lifts symptoms of depression within a few hours."),
    ]
    full = deduplicate(statements, None, VOCABULARY)
    preview = deduplicate(statements, None, VOCABULARY, review_queue=False)
    assert preview.pending is None and full.pending  # a pair waits for review
    assert sum(bool(c.conflicts) for c in full.clusters) == 2
    assert preview.clusters == full.clusters


def test_an_editors_entry_whose_statement_was_reworded_is_reported_with_its_line(
    tmp_path: Path,
) -> None:
    editorial = _editorial(
        tmp_path,
        overview=(
            "page: overview\nsections:\n  - id: history\n    claims:\n"
            "      - id: claim-c\n        text: Ketamine acts fast.\n"
            "        supports:\n          - gone:0123456789\n"
        ),
    )
    result = deduplicate([_s("a", 1, "Ketamine acts fast.")], editorial)
    (warning,) = result.warnings
    assert warning.line == 5 and "gone:0123456789" in warning.message
    assert [c.pending for c in result.clusters] == [False, True]  # the new wording: pending


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


def test_a_claim_stated_by_many_articles_conflicts_with_another_figure_from_one_of_them() -> None:
    """Claims are compared by their sets of figures, not member by member; the conflict still
    needs two different articles, one on each side, even when one article is on both."""
    low = "Pain eased within a week in 55% of patients."
    high = "Pain eased within a week in 70% of patients."
    copies = [_s(article, 1, low) for article in ("a", "b", "c")]
    result = deduplicate([*copies, _s("a", 5, high)], None, VOCABULARY)
    assert [(c.articles, [o.text for o in c.conflicts]) for c in result.clusters] == [
        (("a", "b", "c"), [high]),
        (("a",), [low]),
    ]
    alone = deduplicate([_s("a", 1, low), _s("a", 5, high)], None, VOCABULARY)
    assert all(not c.conflicts for c in alone.clusters)  # one article does not disagree with itself


def test_the_same_sentences_from_another_article_are_compared_again() -> None:
    """The comparison of claims is kept while nothing it reads changes (live preview): a
    sentence moved to another article is a change, since one article never disagrees with
    itself."""
    low = "Pain eased within a week in 55% of patients."
    high = "Pain eased within a week in 70% of patients."
    one = deduplicate([_s("a", 1, low), _s("a", 5, high)], None, VOCABULARY)
    two = deduplicate([_s("a", 1, low), _s("b", 5, high)], None, VOCABULARY)
    assert [[o.text for o in c.conflicts] for c in one.clusters] == [[], []]
    assert [[o.text for o in c.conflicts] for c in two.clusters] == [[high], [low]]


def test_a_pending_sentence_that_repeats_a_reviewed_one_gets_its_own_anchor() -> None:
    """A new article quoting a reviewed sentence word for word: both claims are on the page,
    and each anchor names exactly one of them."""
    from kapsite.inputs.claims import EditorClaim, Editorial

    text = "Close to 800,000 people die by suicide each year."
    reviewed, repeated = _s("a", 1, text), _s("b", 4, text)
    own_anchor = clusters_of([reviewed])[0].id
    editor = EditorClaim(
        id="claim-editors-words", page="p", section="s", text="The editor's words.",
        supports=(reviewed.id,), path=Path("content/claims/p.yml"), line=3, position=0,
    )  # fmt: skip
    editorial = Editorial(Path("content/claims"), claims=(editor,))
    result = deduplicate([reviewed, repeated], editorial, VOCABULARY)
    ids = [c.id for c in result.clusters] + [a for c in result.clusters for a in c.aliases]
    assert len(ids) == len(set(ids))
    pending = [c for c in result.clusters if c.pending]
    assert [c.members for c in pending] == [(repeated,)]
    assert pending[0].id == f"{own_anchor}-2"  # the reviewed claim keeps the sentence's anchor


def test_a_sentence_repeated_by_hundreds_of_articles_becomes_one_claim() -> None:
    """However common a fact (every word in hundreds of statements), its copies are found:
    merging must not depend on a nearest-neighbour search that skips common words."""
    copies = [
        _s(
            f"a{n:03d}",
            1,
            "Ketamine can ease depression within hours in some adults who tried other medicines.",
        )
        for n in range(150)
    ] + [
        _s(
            f"b{n:03d}",
            1,
            "Ketamine may ease depression within hours in some adults who tried other medicines.",
        )
        for n in range(150)
    ]
    other = [
        _s("z", 2, "Ketamine can ease pain within hours in some adults who tried other medicines.")
    ]
    clusters = clusters_of(copies + other)
    assert sorted(len(c.members) for c in clusters) == [1, 300]


WORDS = ["ketamine", "can", "may", "ease", "depression", "pain", "not", "within", "24 hours",
         "2 hours", "in", "some", "the", "adults", "NMDA", "AMPA", "quickly", "a", "of"]  # fmt: skip


# A few sentences, and copies of them each with one word put in or swapped: near-copies, some
# of them vetoed (a figure, a receptor, "not"), as a corpus of reworded articles has.
SENTENCES = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=9, max_size=14), min_size=1, max_size=3
)
EDITS = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 13), st.sampled_from(WORDS), st.booleans()),
    max_size=10,
)


@given(SENTENCES, EDITS)
@settings(max_examples=200, deadline=None)
def test_the_automatic_merges_are_those_of_comparing_every_pair(bases, edits) -> None:
    """Grouping finds every near-identical, veto-free pair, as comparing each pair would."""
    sentences = list(bases)
    for base, at, word, insert in edits:
        words = list(bases[base % len(bases)])
        at %= len(words)
        words[at : at + (0 if insert else 1)] = [word]
        sentences.append(words)
    statements = [_s(f"a{n}", 1, " ".join(words) + ".") for n, words in enumerate(sentences)]
    wording = Wording()
    parent = list(range(len(statements)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, first in enumerate(statements):
        for j in range(i + 1, len(statements)):
            second = statements[j]
            if _near_identical(
                wording.folded_words(first.text), wording.folded_words(second.text)
            ) and not vetoes(first.text, second.text, VOCABULARY):
                parent[root(j)] = root(i)
    expected = sorted(
        sorted(s.id for n, s in enumerate(statements) if root(n) == r)
        for r in {root(n) for n in range(len(statements))}
    )
    found = sorted(
        sorted(m.id for m in c.members) for c in clusters_of(statements, None, VOCABULARY)
    )
    assert found == expected


def test_a_rebuild_after_the_synonyms_change_merges_as_a_first_build_would() -> None:
    """Live preview keeps each sentence's merge key between builds; a new spelling in
    synonyms.yml must change the merges at once, and back again, as a fresh process would."""
    british = _s("a", 1, "The clinic needs a licence before it may give ketamine to adults here.")
    american = _s("b", 1, "The clinic needs a license before it may give ketamine to adults here.")
    plain = parse_vocabulary("receptors:\n  nmda: [nmda]\n")
    folded = dataclasses.replace(plain, synonyms=Synonyms(spellings=(("licence", "license"),)))
    for vocabulary, claims in ((plain, 2), (folded, 1), (plain, 2), (folded, 1)):
        assert len(clusters_of([british, american], None, vocabulary)) == claims
