"""Schema.org JSON-LD: what a page states about itself, escaped so no text can end the block."""

from __future__ import annotations

import datetime as dt
import json
import re

from pybtex.database import Entry

from kapsite.checks.csp import ThemeScripts, page_problems, policy_for
from kapsite.model import Reference
from kapsite.render.structured_data import citation, json_ld_script, page_data

HOSTILE = "</script><script>alert(1)</script><!-- & </SCRIPT >"
THEME = ThemeScripts(frozenset(), frozenset())


def _page(block: str) -> str:
    return f'<html><head><meta charset="utf-8">{block}</head><body><p>x</p></body></html>'


def _inner(script: str) -> str:
    return re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', script, re.S)[1]


def _reference(key: str, verification: str) -> Reference:
    return Reference(key, "<i>x</i>", HOSTILE, verification)


def _data(**changes) -> dict:
    values = {
        "name": "Risks",
        "url": "https://kap.example/risks/",
        "site_name": "KAP explained",
        "site_url": "https://kap.example/",
        "last_reviewed": dt.date(2026, 11, 22),
    }
    return page_data(**{**values, **changes})


def test_a_hostile_title_and_citation_cannot_end_the_block() -> None:
    hostile = Entry("article", fields={"title": HOSTILE, "year": "2020"})
    data = _data(
        name=HOSTILE,
        citations=[citation(_reference("x", "verified"), hostile, "https://kap.example/b/")],
    )
    script = json_ld_script(data)
    inner = _inner(script)
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner) == data  # the same data, only escaped
    assert json.loads(inner)["name"] == HOSTILE
    assert page_problems(_page(script), THEME) == []


def test_the_final_check_refuses_a_block_its_text_broke_open() -> None:
    unescaped = '<script type="application/ld+json">' + json.dumps({"name": HOSTILE}) + "</script>"
    problems = page_problems(_page(unescaped), THEME)
    assert any("JSON-LD block that is not JSON" in p for p in problems)
    assert any("inline script the theme does not write" in p for p in problems)


def test_the_block_is_data_so_the_policy_allows_no_hash_for_it() -> None:
    policy = policy_for(_page(json_ld_script(_data())), THEME)
    assert "sha256" not in policy


def test_last_reviewed_is_given_only_when_the_page_shows_a_date() -> None:
    assert _data()["lastReviewed"] == "2026-11-22"
    assert "lastReviewed" not in _data(last_reviewed=None)


def test_doi_and_address_only_for_a_checked_record() -> None:
    entry = Entry("article", fields={"title": "{NMDA} and me", "year": "2019", "doi": "10.1/x"})
    checked = citation(_reference("a", "corrected"), entry, "https://kap.example/bibliography/")
    unchecked = citation(_reference("b", "unverified"), entry, "https://kap.example/bibliography/")
    assert checked == {
        "@type": "ScholarlyArticle",
        "@id": "https://kap.example/bibliography/#ref-a",
        "name": "NMDA and me",
        "datePublished": "2019",
        "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1/x"},
        "url": "https://doi.org/10.1/x",
    }
    assert "url" not in unchecked and "identifier" not in unchecked


def test_citations_are_sorted_so_the_bytes_do_not_depend_on_order() -> None:
    one = citation(_reference("a", "verified"), None, "/b/")
    two = citation(_reference("b", "verified"), None, "/b/")
    assert json_ld_script(_data(citations=[two, one])) == json_ld_script(
        _data(citations=[one, two])
    )
