"""Stage 4, dedupe: statements become claims, each fact shown once.

Precision first: a false merge publishes a wrong fact, a missed merge only repeats one.

1. The editor's claims (``content/claims/``, see ``inputs/claims``) come first: each gathers
   the statements that support it and those it corrects; left-out statements are shown nowhere.
2. Every other statement is pending review and shown in its own words. Among those, candidates
   are each statement's nearest neighbours by TF-IDF similarity over folded words (spelling,
   synonyms, negation: ``terms``; ``candidates``); two merge
   automatically only when near-identical once normalised (the same words but for a few) and no
   veto holds between any members of the two groups (``vetoes``); every such pair is found, by
   grouping rather than by comparing pairs (``_merge_near_identical``).
3. The claims so made are compared as wholes (``queue``): pairs that may be one wait for
   review, best first; pairs whose figures differ on the same quantity become conflicts
   ("sources differ").

Nothing is dropped: every statement supports a claim, is corrected, is left out with a reason,
or is shown as "not yet reviewed".
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from kapsite.errors import ContentError
from kapsite.inputs.claims import Editorial, LeftOut
from kapsite.inputs.vocabulary import Vocabulary
from kapsite.memo import KeptResults
from kapsite.model import Claim, Conflict, Statement
from kapsite.stages.dedupe.queue import compare_claims
from kapsite.stages.dedupe.terms import STOPWORDS, Wording, wording_for
from kapsite.stages.dedupe.vetoes import veto_key
from kapsite.stages.segment import normalise
from kapsite.timing import StageTimes, timed

ANCHOR_WORDS = 6
NEAR_IDENTICAL = 0.9  # word-sequence similarity for an automatic merge
LONG_WORD = 10  # letters: words this long make a sentence harder to read


@dataclass(frozen=True)
class PendingPair:
    """Two statements that may be the same claim, waiting for an editor's decision."""

    first: Statement
    second: Statement
    score: float
    vetoes: tuple[str, ...]


@dataclass(frozen=True)
class Deduplication:
    """What dedupe made of the statements: claims, pairs left to review, warnings."""

    clusters: tuple[Claim, ...]
    pending: tuple[PendingPair, ...] | None  # best first; None: not worked out (live preview)
    warnings: tuple[ContentError, ...]  # editor entries that match no statement any more
    left_out: tuple[tuple[Statement, LeftOut], ...] = ()


def deduplicate(
    statements: Sequence[Statement],
    editorial: Editorial | None = None,
    vocabulary: Vocabulary | None = None,
    profile: StageTimes | None = None,
    *,
    review_queue: bool = True,
) -> Deduplication:
    """The editor's claims, then every statement nobody has decided, pending review.
    ``review_queue=False``: without the candidate pairs to review (``compare_claims``)."""
    editorial = editorial or Editorial(Path("content/claims"))
    decided = editorial.decided
    # Only the statements some entry names are looked up by id.
    by_id: dict[str, list[Statement]] = {}
    for statement in [s for s in statements if s.id in decided] if decided else ():
        by_id.setdefault(statement.id, []).append(statement)
    stale: list[ContentError] = []

    def found(ids: Sequence[str], path: Path, line: int, claim_id: str) -> list[Statement]:
        result = []
        for statement_id in ids:
            if statement_id not in by_id:
                stale.append(
                    ContentError(
                        path,
                        line,
                        f"'{claim_id}' lists '{statement_id}', which no article states any more",
                        "the sentence was reworded: run `kapsite review` to place it again, "
                        "then delete this line",
                    )
                )
            result += by_id.get(statement_id, [])
        return result

    pointed: dict[str, list[str]] = {}
    for pointer in editorial.pointers:
        pointed.setdefault(pointer.claim, []).extend(pointer.supports)
    claims = []
    for entry in editorial.claims:
        members = found(
            [*entry.supports, *pointed.get(entry.id, [])], entry.path, entry.line, entry.id
        )
        corrects = found(entry.corrects, entry.path, entry.line, entry.id)
        claims.append(
            Claim(
                id=entry.id,
                text=entry.text,
                members=tuple(_in_article_order(set(members))),
                page=entry.page,
                section=entry.section,
                question=entry.question,
                aliases=_aliases([*members, *corrects], entry.id),
                corrects=tuple(_in_article_order(set(corrects))),
                note=entry.note,
                cite=entry.cite,
                flags=(entry.flag,) if entry.flag else (),
                position=entry.position,
            )
        )
    by_claim = {c.id: c for c in claims}
    claims = [
        dataclasses.replace(
            claim,
            conflicts=tuple(
                Conflict(o.id, o.page, o.text, o.articles)
                for o in sorted(
                    (by_claim[x] for x in editorial.claim_by_id[claim.id].conflicts_with),
                    key=lambda c: c.id,
                )
            ),
        )
        for claim in claims
    ]
    left_out = tuple(
        (statement, entry)
        for entry in editorial.left_out
        for statement in found([entry.statement], entry.path, entry.line, "left_out")
    )
    undecided = [s for s in statements if s.id not in decided] if decided else list(statements)
    automatic = automatic_claims(undecided, vocabulary, profile, review_queue=review_queue)
    # A new article may repeat a reviewed sentence word for word: its claim, pending review,
    # would take the reviewed claim's anchor (or one it keeps as an alias), and one page would
    # hold an id twice, so a link to it could land on either. The pending one gives way.
    taken = {c.id for c in claims} | {alias for c in claims for alias in c.aliases}
    pending_claims = []
    for claim in automatic.clusters:
        anchor, n = claim.id, 2
        while anchor in taken:
            anchor, n = f"{claim.id}-{n}", n + 1
        taken.add(anchor)
        pending_claims.append(
            _pending.get(
                (claim, anchor),
                lambda c=claim, a=anchor: dataclasses.replace(c, id=a, pending=True),
            )
        )
    return Deduplication(tuple(claims + pending_claims), automatic.pending, tuple(stale), left_out)


def _best_first(pair: PendingPair) -> tuple:
    return (-pair.score, pair.first.article, pair.first.line, pair.second.article, pair.second.line)


def _in_article_order(statements: set[Statement]) -> list[Statement]:
    return sorted(statements, key=lambda s: (s.article, s.line, s.position, s.id))


def _aliases(members: Sequence[Statement], claim_id: str) -> tuple[str, ...]:
    """The anchors each statement would have as a claim of its own. When the editor gathers
    statements under one claim, their own anchors stay on the page, so shared links land."""
    own = {claim_anchor(normalise(m.text) or m.id) for m in members}
    return tuple(sorted(own - {claim_id}))


def automatic_claims(
    statements: Sequence[Statement],
    vocabulary: Vocabulary | None = None,
    profile: StageTimes | None = None,
    *,
    review_queue: bool = True,
) -> Deduplication:
    """Claims made without an editor: near-identical statements merged, everything else apart."""
    vocabulary = vocabulary or Vocabulary()
    groups = _Groups(len(statements))
    wording = wording_for(vocabulary.synonyms)
    with timed(profile, "dedupe: merge"):
        _merge_near_identical(statements, groups, wording, vocabulary)
    with timed(profile, "dedupe: queue"):
        roots = groups.all()
        order = list(roots)
        comparison = compare_claims(
            statements,
            list(roots.values()),
            vocabulary,
            ["" for _ in order],  # no editor's wording yet: each claim is its statements
            review_queue=review_queue,
        )

    pending = None
    if comparison.queue is not None:
        asked = (
            PendingPair(statements[q.first], statements[q.second], q.score, q.vetoes)
            for q in comparison.queue
        )
        pending = tuple(sorted(asked, key=_best_first))
    conflicts: dict[int, set[int]] = {}
    for a, b in comparison.conflicts:
        conflicts.setdefault(order[a], set()).add(order[b])
        conflicts.setdefault(order[b], set()).add(order[a])

    clusters = {}
    for root, members in roots.items():
        shown = tuple(statements[i] for i in members)
        clusters[root] = _clusters.get(shown, lambda m=shown: _cluster(list(m)))
    result = []
    for root, cluster in clusters.items():
        if root not in conflicts:  # as _cluster made it: with no conflicts
            result.append(cluster)
            continue
        others = sorted((clusters[o] for o in conflicts[root]), key=lambda c: c.id)
        shown = tuple(Conflict(o.id, o.page, o.text, o.articles) for o in others)
        result.append(
            _with_conflicts.get(
                (cluster, shown), lambda c=cluster, s=shown: dataclasses.replace(c, conflicts=s)
            )
        )
    result.sort(
        key=lambda c: (c.members[0].article, c.members[0].line, c.members[0].position, c.id)
    )
    return Deduplication(tuple(result), pending, ())


def _merge_near_identical(
    statements: Sequence[Statement], groups: _Groups, wording: Wording, vocabulary: Vocabulary
) -> None:
    """Join every two statements that are near-identical with no veto between them: all such
    pairs in the corpus, found by grouping, not by a nearest-neighbour search (which, with each
    fact repeated by hundreds of articles, missed most of them) nor by comparing every pair.

    Near-identical statements have the same content words (``_near_identical``), and no veto
    holds between two statements exactly when their ``veto_key``s are equal, so only statements
    that share both can merge. Within such a group, those with the same words in the same order
    merge at once, and each two distinct wordings of lengths within NEAR_IDENTICAL of each other
    are compared: a handful per fact (copies differ in small words), whatever the corpus size.
    Every veto is an equivalence, so a chain of merges never joins two claims that differ
    (tests/test_properties.py checks the vetoes stay transitive).
    """
    known = _merge_keys(wording, vocabulary)
    # Each distinct text once (at 1,000 articles, 75,000 statements have 3,500 texts).
    by_text: dict[str, list[int]] = {}
    for i, statement in enumerate(statements):
        by_text.setdefault(statement.text, []).append(i)
    by_key: dict[tuple, dict[tuple[str, ...], list[int]]] = {}
    for text, indices in by_text.items():
        words, key = known.get(text, lambda t=text: _merge_key(t, wording, vocabulary))
        by_key.setdefault(key, {}).setdefault(words, []).extend(indices)
    for wordings in by_key.values():
        for same in wordings.values():
            same.sort()  # in corpus order, when several texts fold to one wording
            groups.join_new(same)
        shortest_first = sorted(wordings, key=lambda w: (len(w), w))
        for n, shorter in enumerate(shortest_first):
            for longer in shortest_first[n + 1 :]:
                if len(shorter) < NEAR_IDENTICAL * len(longer):
                    break  # longer ones still are further apart in length
                a, b = wordings[shorter], wordings[longer]
                if groups.find(a[0]) == groups.find(b[0]):
                    continue
                # difflib's ratio can differ with the order of the two, and a pair of statements
                # is compared first-in-corpus first: each order that some pair has is tried.
                if (a[0] < b[-1] and _kept_near_identical(shorter, longer)) or (
                    b[0] < a[-1] and _kept_near_identical(longer, shorter)
                ):
                    groups.union(a[0], b[0])


def _kept_near_identical(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return _near_identical_pairs.get((a, b), lambda: _near_identical(a, b))


# Whether two wordings are near-identical, by the two (in order): the same few hundred pairs of
# distinct wordings are compared with difflib on every build.
_near_identical_pairs: KeptResults[bool] = KeptResults()


@lru_cache(maxsize=4)
def _merge_keys(
    wording: Wording, vocabulary: Vocabulary
) -> KeptResults[tuple[tuple[str, ...], tuple]]:
    """Each text's folded words and what it may merge on, for one synonyms file and vocabulary
    (equal files give equal objects, so the same memo): kept from build to build, so a
    live-preview rebuild works these out only for the sentences an edit added. Another synonyms
    file or vocabulary is another memo, never this one."""
    return KeptResults()


def _merge_key(
    text: str, wording: Wording, vocabulary: Vocabulary
) -> tuple[tuple[str, ...], tuple]:
    words = wording.folded_words(text)
    content = frozenset(w for w in words if w not in STOPWORDS)
    return words, (content, veto_key(text, vocabulary))


def _near_identical(a: Sequence[str], b: Sequence[str]) -> bool:
    """Nearly the same words in nearly the same order, and the same content words: sentences
    that differ only in small words and punctuation. "Raises" against "lowers" changes one word
    in twelve, yet says the opposite, so any content word that differs sends the pair to review."""
    if a == b:
        return True
    if {w for w in a if w not in STOPWORDS} != {w for w in b if w not in STOPWORDS}:
        return False
    if min(len(a), len(b)) < NEAR_IDENTICAL * max(len(a), len(b)):
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= NEAR_IDENTICAL and matcher.ratio() >= NEAR_IDENTICAL


# Each group's claim (before its conflicts), by its statements in corpus order: an edit changes
# the groups of the statements it adds or removes, and the others' claims are as they were.
# Then each claim with its conflicts, and as pending review under its anchor, by the claim and
# those: a claim no edit touched is the very object of the last build, so the work that asks
# for its articles, citations and figures (computed once per object), and the results kept by
# claims (claims.json's records, the parts), find it by identity rather than field by field.
_clusters: KeptResults[Claim] = KeptResults()
_with_conflicts: KeptResults[Claim] = KeptResults()
_pending: KeptResults[Claim] = KeptResults()


def _cluster(members: list[Statement]) -> Claim:
    members = sorted(members, key=lambda s: (s.article, s.line, s.position, s.id))
    canonical = canonical_statement(members)
    return Claim(
        id=claim_anchor(normalise(canonical.text) or canonical.id),
        text=canonical.text,
        members=tuple(members),
        page=canonical.page,
        section=canonical.section,
        question=canonical.question,
    )


def canonical_statement(members: Sequence[Statement]) -> Statement:
    """The clearest member, whose wording the page shows while no editor has reviewed it.

    In order: it states the most figures (a figure is never hidden behind a vaguer wording);
    it is a plain sentence, not a labelled bullet; it is the easiest to read, counting each
    word plus each long word again; then the first in article order, for stable output.
    """

    def cost(s: Statement) -> tuple:
        labelled, reading = _wording_cost.get(s.text, lambda t=s.text: _text_cost(t))
        return (-len(s.figures), labelled, reading, s.article, s.line)

    return min(members, key=cost)


# Each text's part of ``canonical_statement``'s order, by the text: a claim of hundreds of
# copies weighs each copy's words on every build, and live preview only those of new texts.
_wording_cost: KeptResults[tuple[bool, int]] = KeptResults()


def _text_cost(text: str) -> tuple[bool, int]:
    """Whether the text is a labelled bullet, and its words plus its long words again."""
    words = re.findall(r"[A-Za-z0-9'’-]+", text)
    long_words = sum(len(w) >= LONG_WORD for w in words)
    labelled = bool(re.match(r"^\s*(\*\*[^*]+\*\*|[A-Z][^.:]{0,60}:)\s", text))
    return labelled, len(words) + long_words


def claim_anchor(normalised_text: str) -> str:
    """An anchor from the claim's own words, so links survive unrelated edits elsewhere."""
    words = re.findall(r"[a-z0-9]+", normalised_text)[:ANCHOR_WORDS]
    digest = hashlib.sha1(normalised_text.encode()).hexdigest()[:6]
    return "-".join(["claim", *words, digest])


class _Groups:
    """Union-find over statement positions; the smaller root wins, so results never vary."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.lists: dict[int, list[int]] = {i: [i] for i in range(size)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> int:
        a, b = self.find(a), self.find(b)
        if a == b:
            return a
        root, child = min(a, b), max(a, b)
        self.parent[child] = root
        self.lists[root] += self.lists.pop(child)
        return root

    def join_new(self, indices: list[int]) -> None:
        """``union`` of each of ``indices`` (ascending, none joined to any other yet) with the
        first: the same groups, without a find and a list copy for each."""
        if len(indices) < 2:
            return
        root = indices[0]
        if len(self.lists[root]) != 1 or itemgetter(*indices)(self.parent) != tuple(indices):
            raise ValueError("a statement is in a group already")
        for i in indices[1:]:
            self.parent[i] = root
            del self.lists[i]
        self.lists[root] = list(indices)

    def members(self, root: int) -> list[int]:
        return self.lists[self.find(root)]

    def all(self) -> dict[int, list[int]]:
        return {root: sorted(members) for root, members in sorted(self.lists.items())}


# Live preview's line where a build lists the pairs: an edit shows in a second at 1,000 articles.
PREVIEW_QUEUE = (
    "live preview does not list the candidate pairs of claims pending review: "
    "`make build` lists them, and `kapsite review` asks about them"
)


def pending_summary(pending: tuple[PendingPair, ...] | None, shown: int = 20) -> list[str]:
    """Lines for the build output: how many pairs wait for review, and the best of them;
    ``None`` (live preview did not look for them) gives a line saying where to see them."""
    if pending is None:
        return [PREVIEW_QUEUE]
    if not pending:
        return []
    lines = [f"{len(pending)} candidate pairs of claims are pending review (run `kapsite review`)"]
    for pair in pending[:shown]:
        lines.append(
            f"pending review ({pair.score:.2f}): {_where(pair.first)} and {_where(pair.second)}"
        )
    return lines


def _where(statement: Statement) -> str:
    """content/articles/x.md:12, the same on every machine."""
    return f"{Path(*statement.path.parts[-3:]).as_posix()}:{statement.line}"
