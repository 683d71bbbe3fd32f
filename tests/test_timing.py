from conftest import Project

from kapsite.checks.table import CHECKS
from kapsite.config import SiteConfig
from kapsite.pipeline import build
from kapsite.timing import StageTimes

STAGES = ["load", "statements", "dedupe", "cite", "compose", "checks", "render"]
# Parts are timed inside their stage ("dedupe: merge") and listed right after it.
PARTS = {
    "statements": ["segment", "classify", "mentions"],
    "dedupe": ["merge", "queue"],
    "checks": [check.name for check in CHECKS],
}


def test_a_build_given_a_collector_times_every_stage_in_order(project: Project) -> None:
    profile = StageTimes()
    build(SiteConfig(root=project.root), profile=profile)
    expected = [
        name
        for stage in STAGES
        for name in [stage, *(f"{stage}: {part}" for part in PARTS.get(stage, []))]
    ]
    assert list(profile.seconds) == expected
    for stage, parts in PARTS.items():
        # The parts ran inside their stage: the total counts their time once, in the stage.
        assert profile.seconds[stage] >= sum(profile.seconds[f"{stage}: {p}"] for p in parts)
    assert profile.total == sum(profile.seconds[s] for s in STAGES)
    rows = profile.table().splitlines()
    assert [row.split()[0] for row in rows[1:]] == [
        *(name.split(": ")[-1] for name in expected), "total"
    ]  # fmt: skip
