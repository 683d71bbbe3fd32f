"""What dedupe asks an editor, and what it shows readers as "sources differ", claim by claim.

Both start from the same claim-level candidates (``candidates.claim_pairs``): groups of
statements already known to be one claim (automatic merges, or an editor's claims) are compared
as wholes, so each question is asked once per pair of claims, never again for another member.

- The review queue: pairs of claims that may be one, best first, after the hard vetoes. A pair
  whose figures differ (``vetoes.FIGURES``) is never asked: no answer could merge it.
- Conflicts: two claims about the same quantity whose figures differ, ranges included ("70-80%"
  against "70%"), from different articles. They are shown side by side, whoever added them.
  They are found by outcome (``same_quantity``: one kind of figure among the same words), not by
  how close the two sentences are: close wording with figures of two different quantities ("lasted
  a week", "began within a day") was shown as "sources differ" and is not any more.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from kapsite.inputs.vocabulary import Vocabulary
from kapsite.memo import KeptResults
from kapsite.model import Statement
from kapsite.stages.dedupe.candidates import MAX_POSTINGS, claim_pairs
from kapsite.stages.dedupe.terms import STOPWORDS, Wording, wording_for
from kapsite.stages.dedupe.vetoes import (
    DOSE_UNIT,
    StatedFigure,
    figures_at,
    figures_differ,
    stated_figures,
    vetoes,
)

NEIGHBOURS = 10  # claims compared with each claim
QUESTIONS_PER_CLAIM = 6
QUEUE_SCORE = 0.1  # claim pairs scored below this are not asked
# Each reviewable veto (figure-missing, entities, polarity) lowers a pair's place in the queue:
# with a few questions per statement, the pairs without a reason to differ come first. 0.8 was
# best on the team's labelled set (0.9 and 0.7 each lost a merge; benchmarks/dedup.py).
VETO_FACTOR = 0.8
QUANTITY_WINDOW = 4  # content words either side of a figure that say what it counts
QUANTITY_SHARED = 3  # words two figures must share to count as one quantity
PRICE_SHARED = 2  # or two prices: "currency" and the thing priced
CURRENCY = re.compile(r"[$£€]")
# Words around a price that say it is a price, or hedge it, but not what is priced: two prices
# are one quantity when they price one thing ("cost $500 to $1,000 per session" against "a
# session averages $400 to $800"), not when they only share "cost" ("the total cost of a course
# is $3,300" against "a session costs $400"). Stemmed, as figure_windows gives them.
PRICE_WORDS = frozenset(
    {"currency", "cost", "price", "charg", "fee", "pay", "paid", "averag", "per"}
    | {"about", "around", "rough", "typic", "usual", "often", "approxim", "estim"}
)
# Stems of the words that say how much of a treatment a price covers, or who pays it: the price
# of a course is not the price of one session, nor is the part insurance pays.
PRICE_SCOPES = frozenset(
    {"cours", "total", "packag", "seri", "whole", "full", "entir"}
    | {"insur", "cover", "coverag", "copay", "deduct", "reimburs", "pocket"}
)


@dataclass(frozen=True)
class Question:
    """Two statements, each standing for its claim, that an editor is asked about."""

    first: int  # positions in the statements given
    second: int
    score: float  # claim similarity, times VETO_FACTOR for each veto
    vetoes: tuple[str, ...]  # the reviewable vetoes between the two, for the editor to see


@dataclass(frozen=True)
class Comparison:
    """The questions for an editor, best first, and the pairs of claims that conflict."""

    # None when not worked out (live preview: the queue only reaches the terminal).
    queue: tuple[Question, ...] | None
    conflicts: tuple[tuple[int, int], ...]  # pairs of group positions, first < second


def compare_claims(
    statements: Sequence[Statement],
    groups: Sequence[Sequence[int]],
    vocabulary: Vocabulary,
    claim_texts: Sequence[str] = (),
    *,
    review_queue: bool = True,
) -> Comparison:
    """The review queue and the conflicts between the claims ``groups`` make of ``statements``.

    ``review_queue=False`` finds the conflicts only. They are shown to readers, and found by
    what two claims state (``same_quantity``), not by how close they are; the queue is what an
    editor is asked, and a build only counts it on the terminal. Its claim search is most of
    an edit's rebuild at 1,000 articles, so live preview leaves it to ``mkdocs build`` and
    ``kapsite review`` (benchmarks/serve.py)."""
    # Each part reads each statement's text and article, the groups and the vocabulary (the
    # queue also the claims' wordings), nothing else: an edit that changes none of them (a
    # hand-written page, the help lines, an article's title) reuses the last build's. Any other
    # edit redoes the queue whole, since its similarity weights depend on every statement.
    common = (
        tuple((s.text, s.article) for s in statements),
        tuple(tuple(members) for members in groups),
        vocabulary,
    )
    conflicts = _conflicts.get(common, lambda: _conflicts_between(statements, groups, vocabulary))
    queue = None
    if review_queue:
        queue = _queues.get(
            (*common, tuple(claim_texts)),
            lambda: _queue(statements, groups, vocabulary, claim_texts),
        )
    return Comparison(queue, conflicts)


_queues: KeptResults[tuple[Question, ...]] = KeptResults()
_conflicts: KeptResults[tuple[tuple[int, int], ...]] = KeptResults()


def _queue(
    statements: Sequence[Statement],
    groups: Sequence[Sequence[int]],
    vocabulary: Vocabulary,
    claim_texts: Sequence[str],
) -> tuple[Question, ...]:
    wording = wording_for(vocabulary.synonyms)
    texts = [s.text for s in statements]
    summaries = [_FigureSummary.of(members, statements) for members in groups]
    queue: list[Question] = []
    for pair in claim_pairs(texts, groups, NEIGHBOURS, wording, claim_texts):
        first, second = summaries[pair.first_group], summaries[pair.second_group]
        if first.differ_in_figures(second):
            continue  # no answer could merge these; whether they conflict is ``same_quantity``'s
        reasons = vetoes(texts[pair.first], texts[pair.second], vocabulary)
        score = round(pair.score * VETO_FACTOR ** len(reasons), 6)
        if score >= QUEUE_SCORE:
            queue.append(Question(pair.first, pair.second, score, reasons))
    queue.sort(key=lambda q: (-q.score, q.first, q.second))
    return _bounded(queue, groups)


def _conflicts_between(
    statements: Sequence[Statement], groups: Sequence[Sequence[int]], vocabulary: Vocabulary
) -> tuple[tuple[int, int], ...]:
    """Pairs of claims about one quantity whose figures differ, by outcome, however close the
    wording (``same_quantity``)."""
    wording = wording_for(vocabulary.synonyms)
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    conflicts = set()
    for x, y in same_quantity(statements, vocabulary, wording):
        a, b = sorted((group_of[x], group_of[y]))
        if a != b:
            conflicts.add((a, b))
    return tuple(sorted(conflicts))


@dataclass(frozen=True)
class _FigureSummary:
    """A claim's members as the figures veto sees them: each distinct set of stated figures,
    with one member's text standing for it. Whether ``vetoes.FIGURES`` holds between two
    statements depends only on their stated figures, so two claims are compared set against
    set, never member against member (claims made of many near-identical copies would
    otherwise cost the product of their sizes)."""

    texts: dict[frozenset, str]  # stated figures -> the first member's text stating them

    @staticmethod
    def of(members: Sequence[int], statements: Sequence[Statement]) -> _FigureSummary:
        texts: dict[frozenset, str] = {}
        for i in members:
            texts.setdefault(stated_figures(statements[i].text), statements[i].text)
        return _FigureSummary(texts)

    def differ_in_figures(self, other: _FigureSummary) -> bool:
        """Whether a member of one and a member of the other state different figures."""
        return any(figures_differ(a, b) for a in self.texts for b in other.texts)


def _bounded(queue: list[Question], groups: Sequence[Sequence[int]]) -> tuple[Question, ...]:
    """At most QUESTIONS_PER_CLAIM questions about each claim, its best ones: past those an
    editor learns little, and the queue stays a few times the number of claims long."""
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    asked: Counter[int] = Counter()
    kept = []
    for question in queue:
        a, b = group_of[question.first], group_of[question.second]
        if asked[a] < QUESTIONS_PER_CLAIM and asked[b] < QUESTIONS_PER_CLAIM:
            asked[a] += 1
            asked[b] += 1
            kept.append(question)
    return tuple(kept)


def figure_windows(text: str, wording: Wording) -> tuple[tuple[StatedFigure, frozenset[str]], ...]:
    """Each figure the text states with the content words around it: what is counted
    ("sessions", "cost"), measured or dated ("approved", "first made"), stemmed, synonyms as
    their group, and "currency" for a price. Two figures of one kind among the same words are
    one quantity."""
    words = [
        w
        for w in re.finditer(r"[A-Za-z][A-Za-z'’-]*", text)
        if w[0].lower() not in STOPWORDS and not DOSE_UNIT.fullmatch(w[0])
    ]
    found = []
    for stated in figures_at(text):
        before = [w for w in words if w.end() <= stated.start][-QUANTITY_WINDOW:]
        after = [w for w in words if w.start() >= stated.end][:QUANTITY_WINDOW]
        window = " ".join(w[0] for w in [*before, *after])
        terms = {t.removeprefix("not:") for t in wording.terms(window) if " " not in t}
        if CURRENCY.search(text, max(0, stated.start - 1), stated.start + 1):
            terms.add("currency")  # "$425" and "$800" are both prices
        found.append((stated.figure, frozenset(terms)))
    return tuple(found)


def _disagree(
    first: Sequence[tuple[StatedFigure, frozenset[str]]],
    second: Sequence[tuple[StatedFigure, frozenset[str]]],
) -> bool:
    """Whether a figure of one gives another value than a figure of the other for the same
    quantity (one kind, and ``QUANTITY_SHARED`` words in common or prices of one thing),
    neither value being one the other text also gives: "56 mg or 84 mg" and "lowered to 56 mg"
    do not disagree, and neither do "0.5 mg/kg over 40 minutes" and "0.5 mg/kg in 24 hours"."""
    values_first = {f for f, _ in first}
    values_second = {f for f, _ in second}
    return any(
        a.kind == b.kind
        and a not in values_second
        and b not in values_first
        and (len(words_a & words_b) >= QUANTITY_SHARED or _one_thing_priced(words_a, words_b))
        for a, words_a in first
        for b, words_b in second
    )


def _one_thing_priced(first: frozenset[str], second: frozenset[str]) -> bool:
    """Whether two figures are prices of one thing: both prices, with a word in common that is
    not one of pricing (``PRICE_WORDS``): "per session" and "a session averages"; and covering
    as much of the treatment, paid by the same (``PRICE_SCOPES``): "a full course of six
    sessions" and "the part insurance pays" are other prices than "one session"."""
    return (
        "currency" in first
        and "currency" in second
        and first & PRICE_SCOPES == second & PRICE_SCOPES
        and bool((first & second) - PRICE_WORDS - PRICE_SCOPES)
    )


def same_quantity(
    statements: Sequence[Statement], vocabulary: Vocabulary, wording: Wording
) -> list[tuple[int, int]]:
    """Pairs of statements from different articles that give one quantity different figures
    (``_disagree``), naming the same medicines and compatible routes. Found through an index of
    (kind, word) with a fixed cap on postings, like the candidate search.

    Each distinct text is one entry (copies state the same figures among the same words), so a
    key's postings count wordings, not copies: a quantity that hundreds of articles repeat is
    still compared. Two texts that disagree give one pair, of members from different articles.
    """
    members: dict[str, list[int]] = {}
    for i, statement in enumerate(statements):
        members.setdefault(statement.text, []).append(i)
    texts = list(members)
    known = _windows(wording)
    windows = [known.get(t, lambda t=t: figure_windows(t, wording)) for t in texts]
    keys = [{(f.kind, term) for f, terms in found for term in terms} for found in windows]
    postings: dict[tuple[str, str], list[int]] = {}
    for i, held in enumerate(keys):
        for key in held:
            postings.setdefault(key, []).append(i)
    verdicts = _verdicts(wording, vocabulary)
    pairs = []
    for i, held in enumerate(keys):
        shared: dict[int, Counter[str]] = {}
        for key in held:
            ids = postings[key]
            if len(ids) > MAX_POSTINGS:
                continue
            for j in ids:
                if j > i:
                    shared.setdefault(j, Counter())[key[0]] += 1
        for j, kinds in sorted(shared.items()):
            pair = _from_two_articles(statements, members[texts[i]], members[texts[j]])
            if pair is None:
                continue  # one article does not disagree with itself: two figures, two claims
            if max(kinds.values()) < PRICE_SHARED:
                continue  # fewer words in common than even two prices of one thing need
            if verdicts.get(
                (texts[i], texts[j]),
                lambda i=i, j=j: (
                    _one_treatment(texts[i], texts[j], vocabulary)
                    and _disagree(windows[i], windows[j])
                ),
            ):
                pairs.append(pair)
    return sorted(pairs)


@lru_cache(maxsize=4)
def _verdicts(wording: Wording, vocabulary: Vocabulary) -> KeptResults[bool]:
    """Whether two texts give one quantity of one treatment different figures, by the two
    texts (their windows are ``figure_windows`` of the text), for one synonyms file and
    vocabulary: an edit's rebuild compares again only the pairs with a text it added."""
    return KeptResults()


@lru_cache(maxsize=4)
def _windows(wording: Wording) -> KeptResults[tuple[tuple[StatedFigure, frozenset[str]], ...]]:
    """Each text's ``figure_windows`` for one synonyms file, kept from build to build: live
    preview finds the windows of the sentences an edit added, not of all 70,000 again."""
    return KeptResults()


def _from_two_articles(
    statements: Sequence[Statement], first: Sequence[int], second: Sequence[int]
) -> tuple[int, int] | None:
    """A member of ``first`` and one of ``second`` from different articles, if there are."""
    article = statements[first[0]].article
    other = next((y for y in second if statements[y].article != article), None)
    if other is not None:
        return (first[0], other)
    # Every one of ``second`` is from ``article``: only another article in ``first`` pairs.
    other = next((x for x in first if statements[x].article != article), None)
    return None if other is None else (other, second[0])


def _one_treatment(first: str, second: str, vocabulary: Vocabulary) -> bool:
    """Whether two texts speak of one treatment: the same medicines (ketamine's figures are not
    esketamine's), and the same route or a route named in only one of them ("IV ketamine costs
    $400" and "a ketamine session costs $800" give one quantity, the first more precisely)."""
    a, b = vocabulary.entities(first), vocabulary.entities(second)
    medicines = [frozenset(e for e in x if e.startswith("medicines:")) for x in (a, b)]
    routes = [frozenset(e for e in x if e.startswith("routes:")) for x in (a, b)]
    return medicines[0] == medicines[1] and (routes[0] <= routes[1] or routes[1] <= routes[0])
