"""Nothing lost: the build report accounts for every sentence of every article."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from conftest import REPO, Project, clusters_of
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kapsite.config import SiteConfig
from kapsite.errors import ContentError
from kapsite.inputs.articles import parse_article
from kapsite.inputs.topics import load_taxonomy
from kapsite.model import Reference
from kapsite.pipeline import build
from kapsite.render.build_report import (
    CORRECTED,
    LEFT_OUT,
    PENDING,
    SUPPORTS,
    build_report,
    report_json,
    unaccounted,
)
from kapsite.stages.classify import classify
from kapsite.stages.compose import compose
from kapsite.stages.segment import segment

CITATION = re.compile(r"\[@[^\]]*\]")
WORD = re.compile(r"[A-Za-z0-9]+")


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in WORD.findall(CITATION.sub(" ", text)))


def missing_words(report: dict, bodies: dict[str, str]) -> dict[str, Counter[str]]:
    """Per article, the words of its body that no report item holds: lost text."""
    lost = {}
    for article in report["articles"]:
        held = Counter()
        for item in article["items"]:
            held += words(item["text"])
        gap = words(bodies[article["slug"]]) - held
        if gap:
            lost[article["slug"]] = gap
    return lost


def _bodies(folder: Path) -> dict[str, str]:
    return {
        p.stem: p.read_text(encoding="utf-8").split("\n---\n", 1)[1] for p in folder.glob("*.md")
    }


def test_every_sentence_of_the_real_content_has_one_recorded_fate() -> None:
    site = SiteConfig(root=REPO)
    result = build(site)
    report = build_report(
        result.articles, result.statements, result.pages, REPO, left_out=result.left_out
    )
    assert unaccounted(report) == []
    assert missing_words(report, _bodies(site.articles)) == {}
    summary = report["summary"]
    assert summary[PENDING] == 0  # every statement reviewed
    assert summary[SUPPORTS] > 300 and summary[CORRECTED] >= 2
    assert report["left_out_by_reason"]["promotion"] > 10
    items = [i for a in report["articles"] for i in a["items"]]
    assert len([i for i in items if i["fate"] != LEFT_OUT or "reason" in i]) == len(items)


def test_build_writes_the_report_with_each_fate(project: Project) -> None:
    first_id = "first:" + _fingerprint("Ketamine blocks NMDA receptors in the brain.")
    project.write(
        "content/claims/mechanism.yml",
        f"""\
        page: mechanism
        sections:
          - id: nmda-glutamate
            claims:
              - id: claim-blocks-nmda
                text: Ketamine blocks NMDA receptors.
                supports: [{first_id}]
        """,
    )
    built = build(SiteConfig(root=project.root))
    report = build_report(
        built.articles, built.statements, built.pages, project.root, left_out=built.left_out
    )
    assert unaccounted(report) == []
    assert missing_words(report, _bodies(project.root / "content" / "articles")) == {}
    first = next(a for a in report["articles"] if a["slug"] == "first")
    fates = {i["id"]: i for i in first["items"] if "id" in i}
    assert fates[first_id]["fate"] == SUPPORTS
    assert fates[first_id]["claims"] == [
        {"id": "claim-blocks-nmda", "url": "mechanism/#claim-blocks-nmda"}
    ]
    # The rest nobody has reviewed: shown as they are, and a strict build says so.
    assert {i["fate"] for i in fates.values()} == {SUPPORTS, PENDING}
    result = project.mkdocs_build()
    assert result.returncode != 0 and "not yet reviewed" in result.stderr
    second = next(a for a in report["articles"] if a["slug"] == "second")
    by_line = {i["line"]: i for i in second["items"]}
    assert by_line[10]["fate"] == LEFT_OUT and "heading" in by_line[10]["reason"]
    assert by_line[12]["fate"] == LEFT_OUT and "FAQ question" in by_line[12]["reason"]


def _fingerprint(text: str) -> str:
    from kapsite.stages.segment import fingerprint

    return fingerprint(text)


# --- property: whatever an article says, the report holds every word of it ------------------

TOPICS = """\
pages:
  - slug: overview
    title: Overview
    fallback: true
    sections:
      - id: background
        title: Background
        cues: [ketamine]
  - slug: faq
    title: FAQ
    faq: true
    sections:
      - id: questions
        title: Questions
"""
word = st.sampled_from(
    [
        "ketamine",
        "therapy",
        "dose",
        "nausea",
        "may",
        "help",
        "people",
        "with",
        "depression",
        "in",
        "a",
        "clinic",
        "70%",
        "24",
        "hours",
        "e.g.",
        "Dr.",
        "U.S.",
        "it",
        "this",
        "they",
        "study",
    ]
)
sentence = st.builds(
    lambda ws, end: " ".join(ws).capitalize() + end,
    st.lists(word, min_size=1, max_size=8),
    st.sampled_from([".", "!", "?", "", "..."]),
)
paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
block = st.one_of(
    paragraph,
    st.lists(sentence, min_size=1, max_size=3).map(lambda s: "\n".join(f"- {x}" for x in s)),
    sentence.map(lambda s: f"## {s}"),
    st.just("## Frequently asked questions"),
    sentence.map(lambda s: f"### {s}?"),
    paragraph.map(lambda p: f"```\n{p}\n```"),
    paragraph.map(lambda p: f"> {p}"),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(block, min_size=1, max_size=8))
@example(blocks=["Ketamine.", "24."])  # a number alone: refused, never lost (found by CI)
def test_no_word_of_any_article_is_lost(tmp_path_factory, blocks: list[str]) -> None:
    root = tmp_path_factory.getbasetemp() / "report-property"
    root.mkdir(exist_ok=True)
    (root / "topics.yml").write_text(TOPICS, encoding="utf-8")
    body = "\n\n".join(blocks)
    text = f"---\ntitle: T\nsource:\n  publisher: P\n---\n{body}\n"
    path = root / "generated.md"
    try:
        article = parse_article(path, text)
    except ContentError as error:  # an article with nothing but headings is refused
        assert "no body" in str(error)
        return
    taxonomy = load_taxonomy(root / "topics.yml")
    try:
        statements = classify(segment(article), taxonomy)
    except ContentError as error:  # refused, at its line: nothing is dropped silently
        refusals = ("has no answer", "empty list item")
        assert all(any(r in e.message for r in refusals) for e in getattr(error, "errors", [error]))
        return
    references: dict[str, Reference] = {}
    pages = compose(taxonomy, clusters_of(statements), references, [article])
    warning = ContentError(path, 1, 'a "quoted" warning', "fix it")
    report = build_report([article], statements, pages, root, [warning])
    assert unaccounted(report) == []
    assert missing_words(report, {"generated": body}) == {}
    assert_one_record_a_line(report)


def assert_one_record_a_line(report: dict) -> None:
    """The written report reads back whole, and each sentence and warning has a line of its
    own (one JSON value, once its comma is taken off): readable, and a grep finds it."""
    text = report_json(report)
    assert json.loads(text) == report
    lines = text.splitlines()
    records = [
        json.loads(line.rstrip(","))
        for line in lines
        if line.startswith('{"') and line.endswith(("}", "},"))
    ]
    items = [i for a in report["articles"] for i in a["items"]]
    assert [record for record in records if "fate" in record] == items
    listed = lines[lines.index('"warnings": [') + 1 : lines.index("]", -3)]
    assert [json.loads(line.rstrip(",")) for line in listed] == report["warnings"]
    assert report["warnings"] == ['generated.md:1: a "quoted" warning (fix: fix it)']
