from conftest import Project

from kapsite.config import SiteConfig
from kapsite.pipeline import build
from kapsite.timing import StageTimes

STAGES = [
    "load",
    "segment",
    "classify",
    "mentions",
    "dedupe",
    "cite",
    "compose",
    "checks",
    "render",
]
DEDUPE_PARTS = ["candidates", "merge", "queue"]


def test_a_build_given_a_collector_times_every_stage_in_order(project: Project) -> None:
    profile = StageTimes()
    build(SiteConfig(root=project.root), profile=profile)
    parts = [f"dedupe: {p}" for p in DEDUPE_PARTS]
    assert list(profile.seconds) == [*STAGES[:5], *parts, *STAGES[5:]]
    # The parts of dedupe ran inside it: the total counts their time once, in "dedupe".
    assert profile.seconds["dedupe"] >= sum(profile.seconds[p] for p in parts)
    assert profile.total == sum(profile.seconds[s] for s in STAGES)
    rows = profile.table().splitlines()
    assert [row.split()[0] for row in rows[1:]] == [
        *STAGES[:5], *DEDUPE_PARTS, *STAGES[5:], "total"
    ]  # fmt: skip
