"""A small project with a kit: one statistic claim and one fact claim, for the kit's tests."""

from __future__ import annotations

from conftest import Project

from kapsite.stages.segment import fingerprint

STATISTIC = "A 2019 WHO report says about 70% of people respond within 24 hours."
FACT_TEXT = "Ketamine blocks NMDA receptors in the brain."
FACT = "Ketamine blocks NMDA receptors in the brain [@smith2020]."
ARTICLE = f"---\ntitle: T\nsource:\n  publisher: Clinic P\n  short: Clinic P guide\n---\n{STATISTIC}\n\n{FACT}\n"
STATISTIC_ID = "claim-respond"
FACT_ID = "claim-nmda"


def kit_yml(
    reviewed: str = "2026-11-20",
    year: int = 2019,
    source: str = "WHO",
    fact: str = FACT_ID,
    intro: str = "September is Suicide Prevention Month. Share these facts with care.",
) -> str:
    return (
        "title: Suicide Prevention Month\n"
        f"intro: {intro}\n"
        f"reviewed: {reviewed}\n"
        "outdated_after_years: 5\n"
        "statistics:\n"
        f"  - {{claim: {STATISTIC_ID}, year: {year}, source: {source}}}\n"
        "facts:\n"
        f"  - {fact}\n"
    )


def with_kit(project: Project, kit: str | None = None) -> Project:
    (project.root / "content/articles/second.md").unlink(missing_ok=True)
    project.write("content/articles/first.md", ARTICLE)
    project.write(
        "content/claims/overview.yml",
        "page: overview\nsections:\n  - id: background\n    claims:\n"
        f"      - id: {STATISTIC_ID}\n        text: '{STATISTIC}'\n"
        f"        supports: [first:{fingerprint(STATISTIC)}]\n",
    )
    project.write(
        "content/claims/mechanism.yml",
        "page: mechanism\nsections:\n  - id: nmda-glutamate\n    claims:\n"
        f"      - id: {FACT_ID}\n        text: {FACT_TEXT}\n"
        f"        supports: [first:{fingerprint(FACT_TEXT)}]\n",
    )
    project.write("content/kit.yml", kit if kit is not None else kit_yml())
    return project
