"""The "What changed" page and its Atom feed."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser

from kapsite.inputs.changes import Change, ChangeRecord
from kapsite.model import Claim, Section, TopicPage
from kapsite.render.changes_page import render_changes_feed, render_changes_page

ATOM = "{http://www.w3.org/2005/Atom}"
RECORD = Path("content/changes.yml")
PAGE = TopicPage(
    "risks",
    "Side effects and risks",
    "",
    (
        Section(
            "key-safety-facts",
            "Key safety facts",
            (Claim("claim-boxed", "The label has a <boxed> warning.", (), "risks", "k"),),
        ),
    ),
)


def _record(*changes: Change) -> ChangeRecord:
    return ChangeRecord(RECORD, changes)


FIRST = Change(dt.date(2026, 12, 1), "added", "First published.", RECORD, 2, page="risks")
REWORDED = Change(
    dt.date(2027, 9, 3), "reworded", "Plainer & shorter.", RECORD, 6, claim="claim-boxed"
)
GONE = Change(dt.date(2027, 9, 3), "left-out", "No source left.", RECORD, 10, claim="claim-old")


def _feed(record: ChangeRecord, site_url: str = "https://kap.example/") -> str:
    return render_changes_feed(record, [PAGE], site_url=site_url, site_name="KAP explained")


def test_the_feed_is_atom_a_feed_reader_reads_without_complaint() -> None:
    parsed = feedparser.parse(_feed(_record(FIRST, REWORDED, GONE)))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "KAP explained: what changed"
    assert [e.title for e in parsed.entries] == [
        "Reworded: The label has a <boxed> warning.",
        "Left out: claim-old",
        "Added: Side effects and risks",
    ]
    assert parsed.entries[0].link == "https://kap.example/risks/#claim-boxed"
    assert parsed.entries[1].link == "https://kap.example/changes/#on-2027-09-03"
    assert parsed.entries[0].summary == "Plainer & shorter."


def test_the_feed_has_every_element_atom_requires() -> None:
    feed = ET.fromstring(_feed(_record(FIRST, REWORDED)))
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert feed.find(ATOM + tag) is not None, tag
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://kap.example/changes.xml"
    for entry in feed.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated", "summary"):
            assert entry.find(ATOM + tag) is not None, tag
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None


def test_updated_is_the_newest_entry_day_not_the_build_clock() -> None:
    feed = ET.fromstring(_feed(_record(FIRST, REWORDED)))
    assert feed.find(f"{ATOM}updated").text == "2027-09-03T00:00:00Z"
    assert ET.fromstring(_feed(_record(FIRST))).find(f"{ATOM}updated").text == (
        "2026-12-01T00:00:00Z"
    )


def test_entry_ids_stay_when_the_site_moves_or_the_record_grows() -> None:
    def ids(xml: str) -> dict[str, str]:
        return {e.title: e.id for e in feedparser.parse(xml).entries}

    before = ids(_feed(_record(FIRST)))
    after = ids(_feed(_record(REWORDED, FIRST), site_url="https://new.example/kap/"))
    assert before["Added: Side effects and risks"] == after["Added: Side effects and risks"]
    assert len(set(after.values())) == 2
    assert all(i.startswith("urn:uuid:") for i in after.values())


def test_same_record_gives_the_same_bytes() -> None:
    assert _feed(_record(FIRST, REWORDED)) == _feed(_record(FIRST, REWORDED))


def test_the_page_lists_changes_newest_first_linking_each_claim() -> None:
    page = render_changes_page(_record(FIRST, REWORDED, GONE), [PAGE])
    newer, older = (
        page.index("## 3 September 2027 { #on-2027-09-03 }"),
        page.index("## 1 December 2026"),
    )
    assert newer < older
    assert (
        "- **Reworded:** [The label has a &lt;boxed&gt; warning.](risks.md#claim-boxed) "
        "Plainer &amp; shorter." in page
    )
    assert "- **Left out:** A claim no longer on the site (`claim-old`). No source left." in page
    assert "- **Added:** [Side effects and risks](risks.md). First published." in page
    assert "(changes.xml)" in page


def test_an_empty_record_says_so() -> None:
    assert "No changes are recorded yet." in render_changes_page(_record(), [PAGE])
    assert feedparser.parse(_feed(_record())).bozo == 0
