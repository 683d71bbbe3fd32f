from pathlib import Path

import pytest

from kapsite.errors import ContentError, ContentErrors
from kapsite.inputs.bibliography import BibEntry
from kapsite.model import Citation, Claim, Statement
from kapsite.stages.cite import check_citations


def _cluster(line: int, *keys: str) -> Claim:
    s = Statement(f"a:{line}", "a", Path("a.md"), line, "t", tuple(Citation(k) for k in keys))
    return Claim(f"c{line}", "t", (s,), "p", "s")


ENTRIES = {"krystal2019": BibEntry("krystal2019", None, Path("r.bib"), 1)}  # type: ignore[arg-type]


def test_unknown_key_names_file_line_and_closest_key() -> None:
    with pytest.raises(ContentError) as caught:
        check_citations([_cluster(4, "krystal2018")], ENTRIES)
    assert str(caught.value).startswith("a.md:4: unknown citation key 'krystal2018'")
    assert "did you mean [@krystal2019]?" in caught.value.fix


def test_every_unknown_key_is_reported_at_once() -> None:
    with pytest.raises(ContentErrors) as caught:
        check_citations([_cluster(4, "x"), _cluster(9, "y")], ENTRIES)
    assert [e.line for e in caught.value.errors] == [4, 9]


def test_known_keys_pass() -> None:
    check_citations([_cluster(1, "krystal2019")], ENTRIES)


def test_an_unrelated_key_is_not_suggested() -> None:
    entries = {"dore2019": ENTRIES["krystal2019"]}
    with pytest.raises(ContentError) as caught:
        check_citations([_cluster(4, "who2017")], entries)
    assert "dore2019" not in str(caught.value)
