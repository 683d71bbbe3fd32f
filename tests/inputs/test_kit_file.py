"""Reading content/kit.yml: every mistake at its line, all of them at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from kapsite.errors import ContentError
from kapsite.inputs.kit import load_kit


def _load(tmp_path: Path, text: str):
    path = tmp_path / "kit.yml"
    path.write_text(text, encoding="utf-8")
    return load_kit(path)


def test_no_kit_file_means_no_kit_page(tmp_path: Path) -> None:
    assert load_kit(tmp_path / "kit.yml") is None


def test_mistakes_are_reported_together_each_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as raised:
        _load(
            tmp_path,
            "title: Kit\nintro: Words.\nreviewed: soon\n"
            "statistics:\n  - {claim: claim-a, source: WHO}\n"
            "facts:\n  - claim-b\n  - claim-b\n",
        )
    message = str(raised.value)
    assert "kit.yml:3: 'reviewed' is 'soon', not a date" in message
    assert "kit.yml:5: a statistic needs 'claim', 'year' and 'source'" in message
    assert "kit.yml:8: the claim 'claim-b' is listed twice (first on line 7)" in message


def test_a_figure_is_older_when_its_year_is_more_than_the_limit_before_review(
    tmp_path: Path,
) -> None:
    kit = _load(
        tmp_path,
        "title: Kit\nintro: Words.\nreviewed: 2026-11-20\noutdated_after_years: 5\n"
        "statistics:\n  - {claim: a, year: 2021, source: WHO}\n"
        "  - {claim: b, year: 2020, source: WHO}\nfacts: [c]\n",
    )
    assert [kit.outdated(s) for s in kit.statistics] == [False, True]
