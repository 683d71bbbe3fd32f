"""The editor's claims files: every mistake named with its file and line, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from kapsite.errors import ContentError, ContentErrors
from kapsite.inputs.claims import load_editorial

PAGE = """\
page: risks
key_facts: [claim-boxed-warning]
sections:
  - id: key-safety-facts
    claims:
      - id: claim-boxed-warning
        text: The label has a boxed warning.
        supports: [a:0123456789]
"""


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "claims"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name.replace('_', '-')}.yml").write_text(text, encoding="utf-8")
    return folder


def _errors(folder: Path) -> list[ContentError]:
    with pytest.raises(ContentError) as caught:
        load_editorial(folder)
    error = caught.value
    return error.errors if isinstance(error, ContentErrors) else [error]


def test_a_well_formed_page_loads_with_its_claims_and_key_facts(tmp_path: Path) -> None:
    editorial = load_editorial(_folder(tmp_path, risks=PAGE))
    (claim,) = editorial.claims
    assert (claim.page, claim.section, claim.line) == ("risks", "key-safety-facts", 6)
    assert editorial.page("risks").key_facts == ("claim-boxed-warning",)
    assert editorial.decided == {"a:0123456789"}


def test_no_folder_means_no_review_has_begun(tmp_path: Path) -> None:
    assert load_editorial(tmp_path / "missing").claims == ()


@pytest.mark.parametrize("text", ["", "# only a comment, as if cut off\n# more\n"])
def test_an_empty_or_cut_off_claims_file_is_an_error_not_an_empty_site(
    tmp_path: Path, text: str
) -> None:
    (error,) = _errors(_folder(tmp_path, risks=text))
    assert "starts with 'page:" in error.message


def test_every_mistake_in_every_file_is_reported_together_at_its_line(tmp_path: Path) -> None:
    bad = PAGE.replace("claim-boxed-warning\n        text", 'claim-a"b\n        text')
    bad += "      - id: claim-two\n        text: Two.\n        supports: [a:0123456789]\n"
    bad += "        corrects: [b:0123456789]\n"
    left = "left_out:\n  - statement: a:0123456789\n    reason: boring\n"
    errors = _errors(_folder(tmp_path, risks=bad, left_out=left))
    found = {(e.path.name, e.line, e.message.split(" ")[0]) for e in errors}
    messages = " | ".join(e.message for e in errors)
    assert ("risks.yml", 6, "claim") in found  # the id with a quote
    assert "needs a 'note'" in messages  # a correction with no editors' note
    assert "unknown reason 'boring'" in messages and ("left-out.yml", 2, "unknown") in found
    assert "key fact 'claim-boxed-warning' is not a claim on this page" in messages


def test_a_statement_cannot_be_left_out_and_support_a_claim(tmp_path: Path) -> None:
    left = "left_out:\n  - statement: a:0123456789\n    reason: promotion\n    note: x\n"
    (error,) = _errors(_folder(tmp_path, risks=PAGE, left_out=left))
    assert "left out but also supports" in error.message and error.line == 2


def test_a_claim_id_used_twice_names_both_places(tmp_path: Path) -> None:
    twice = (
        PAGE
        + "      - id: claim-boxed-warning\n        text: Again.\n        supports: [a:1111111111]\n"
    )
    (error,) = _errors(_folder(tmp_path, risks=twice))
    assert "used twice (first at risks.yml:6)" in error.message and error.line == 9
