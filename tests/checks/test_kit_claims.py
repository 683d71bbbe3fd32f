"""content/kit.yml against the site: every claim id exists, a statistic's year and source are
the claim's own, and the kit's words follow the safe-messaging rules."""

from __future__ import annotations

import pytest
from conftest import Project
from kit_support import kit_yml, with_kit

from kapsite.config import SiteConfig
from kapsite.errors import ContentError
from kapsite.pipeline import build


def _errors(project: Project) -> str:
    with pytest.raises(ContentError) as raised:
        build(SiteConfig(root=project.root), check_lock=False)
    return str(raised.value)


def test_an_unknown_claim_id_names_the_kit_file_and_line_and_a_close_id(project: Project) -> None:
    with_kit(project, kit_yml(fact="claim-nmdaa"))
    message = _errors(project)
    assert "content/kit.yml:8: no claim has the id 'claim-nmdaa'" in message
    assert "did you mean 'claim-nmda'?" in message


def test_a_statistic_year_or_source_the_claim_does_not_state_stops_the_build(
    project: Project,
) -> None:
    with_kit(project, kit_yml(year=2021, source="UNICEF"))
    message = _errors(project)
    assert "content/kit.yml:6: the year '2021' is not in the claim 'claim-respond'" in message
    assert "content/kit.yml:6: the source 'UNICEF' is not in the claim" in message  # both at once


def test_the_kits_introduction_is_held_to_the_safe_messaging_rules(project: Project) -> None:
    with_kit(project, kit_yml(intro="Share how many people committed suicide last year."))
    warnings = [str(w) for w in build(SiteConfig(root=project.root), check_lock=False).warnings]
    assert any("content/kit.yml:2: safe messaging" in w for w in warnings), warnings
