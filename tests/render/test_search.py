"""The search index's entry per claim (kapsite/render/search.py)."""

from __future__ import annotations

import json
from pathlib import Path

from kapsite.model import Claim, Statement
from kapsite.render.search import ClaimEntry, source_words
from kapsite.render.search_index import with_claim_entries


def statement(text: str, line: int = 1) -> Statement:
    return Statement(f"a:{line}", "a", Path("content/articles/a.md"), line, text)


def entry(path: str, anchor: str, words: str = "Some people feel sick.") -> ClaimEntry:
    return ClaimEntry(path, anchor, words, "", "Risks", "")


def test_a_claim_is_searched_by_its_sources_words_once_but_not_by_what_it_corrects() -> None:
    claim = Claim(
        "claim-sick",
        "Some people *feel sick*.",
        (statement("Nausea is common.", 1), statement("Some feel nausea or dizziness.", 2)),
        "risks",
        "short-term",
        corrects=(statement("Ketamine has no side effects.", 3),),
    )
    assert source_words(claim) == "nausea common dizziness"


def test_each_claim_follows_its_page_and_a_page_the_index_lacks_is_named_first() -> None:
    index = {
        "config": {"lang": ["en"]},
        "docs": [
            {"location": "risks/", "title": "Risks", "text": ""},
            {"location": "risks/#short-term", "title": "Short-term", "text": "x"},
            {"location": "faq/", "title": "FAQ", "text": ""},
        ],
    }
    claims = [
        entry("risks", "claim-sick"),
        entry("risks/short-term/2", "claim-dizzy", "You may feel <dizzy> & faint."),
    ]
    docs = json.loads(with_claim_entries(json.dumps(index), claims))["docs"]
    assert [d["location"] for d in docs] == [
        "risks/",
        "risks/#short-term",
        "risks/#claim-sick",
        "faq/",
        "risks/short-term/2/",  # the theme reads a page's first entry as the page itself
        "risks/short-term/2/#claim-dizzy",
    ]
    assert docs[-1]["title"] == "You may feel &lt;dizzy&gt; &amp; faint."  # shown as HTML
    assert docs[4]["title"] == "Risks"
