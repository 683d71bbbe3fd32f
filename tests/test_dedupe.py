from pathlib import Path

from kapsite.dedupe import dedupe
from kapsite.model import Citation, Statement


def _s(article: str, line: int, text: str, *keys: str) -> Statement:
    return Statement(
        f"{article}:{line}",
        article,
        Path(f"{article}.md"),
        line,
        text,
        tuple(Citation(k) for k in keys),
        page="p",
        section="s",
    )


def test_same_claim_in_two_articles_becomes_one_cluster_with_both_sources() -> None:
    clusters = dedupe(
        [_s("b", 3, "Ketamine acts fast!", "x"), _s("a", 9, "ketamine acts  fast.", "y")]
    )
    assert len(clusters) == 1
    assert clusters[0].articles == ("a", "b")
    assert set(clusters[0].citation_keys) == {"x", "y"}
    assert clusters[0].text == "ketamine acts  fast."  # the first article's wording


def test_claims_with_different_numbers_stay_apart() -> None:
    clusters = dedupe(
        [_s("a", 1, "It helped 70% of patients."), _s("b", 1, "It helped 55% of patients.")]
    )
    assert len(clusters) == 2


def test_claim_anchor_depends_only_on_its_words() -> None:
    alone = dedupe([_s("a", 1, "Ketamine acts fast.")])[0].id
    crowded = dedupe([_s("z", 1, "Another claim."), _s("a", 5, "Ketamine acts fast.")])
    assert alone in {c.id for c in crowded}
    assert alone.startswith("claim-ketamine-acts-fast-")
