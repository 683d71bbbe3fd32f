"""Page size bounded as content grows: a topic page over the size budget is split into one page
per section (long sections into numbered parts), and every link published before still lands."""

from __future__ import annotations

import dataclasses
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from test_links import broken_links, read_site

from kapsite.checks.anchors import lock_text
from kapsite.commands import cli
from kapsite.config import PAGE_BUDGET, PAGE_BUDGET_VARIABLE, SiteConfig
from kapsite.errors import ContentError
from kapsite.inputs.redirects import Redirects
from kapsite.model import Claim, Section, Statement, TopicPage
from kapsite.pipeline import build
from kapsite.render.links import claim_source, source_links
from kapsite.render.notices import help_aside
from kapsite.render.topic_page import _PartInputs, _render_part, render_markdown, render_part
from kapsite.stages.compose import (
    QUOTES_SHOWN,
    claim_paths,
    claim_weight,
    keep_published,
    published_by_path,
    split,
)

TOPIC_PAGES = ("overview", "mechanism", "conditions", "risks", "faq")
EMPTY = Redirects({}, Path("redirects.yml"))
SMALL_BUDGET = (
    4_000  # the real pages' claims weigh 5 to 54 KB: every page splits, some sections too
)


def _statement(n: int, article: str = "a") -> Statement:
    return Statement(
        id=f"{article}:{n}",
        text=f"Statement number {n} says one thing in about ten plain words.",
        article=article,
        path=Path(f"{article}.md"),
        line=n,
        page="p",
        section="s",
    )


def _claim(n: int, section: str = "s", members: int = 1) -> Claim:
    return Claim(
        id=f"claim-{n}",
        text=f"Claim {n} in plain words.",
        members=tuple(_statement(n * 1000 + m, f"art{m}") for m in range(members)),
        page="p",
        section=section,
    )


def test_a_page_within_the_budget_is_not_split() -> None:
    sections = [Section("s", "S", tuple(_claim(n) for n in range(3)))]
    budget = sum(claim_weight(c) for c in sections[0].clusters)
    assert split("p", sections, budget) == ()
    assert split("p", sections, budget - 1) != ()


def test_a_page_over_the_budget_gets_a_page_per_section_and_long_sections_numbered_parts() -> None:
    long = tuple(_claim(n, "long") for n in range(10))
    short = tuple(_claim(n, "short") for n in range(10, 12))
    sections = [
        Section("long", "Long", long),
        Section("empty", "Empty"),
        Section("short", "S", short),
    ]
    budget = 3 * max(claim_weight(c) for c in long)  # three claims a part
    parts = split("p", sections, budget)
    assert [p.path for p in parts] == [
        "p/long",  # the first part keeps the section's address however the section grows
        "p/long/2",
        "p/long/3",
        "p/long/4",
        "p/short",
    ]
    assert [(p.number, p.of) for p in parts][:4] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    # Every claim once, in reading order, each part within the budget.
    assert [c for p in parts for c in p.claims] == [*long, *short]
    assert all(sum(claim_weight(c) for c in p.claims) <= budget for p in parts)


def test_a_claim_many_articles_repeat_weighs_no_more_than_the_quotes_it_shows() -> None:
    shown = claim_weight(_claim(1, members=QUOTES_SHOWN))
    assert claim_weight(_claim(1, members=QUOTES_SHOWN * 20)) == shown
    assert claim_weight(_claim(1, members=QUOTES_SHOWN - 1)) < shown


def _page(claims: Sequence[Claim], budget: int) -> TopicPage:
    sections = (Section("s", "S", tuple(claims)),)
    return TopicPage("p", "P", "", sections, parts=split("p", sections, budget))


def _published(page: TopicPage) -> set[str]:
    """What a lock of the page holds: its URLs and every claim's anchor where it is shown."""
    urls = {f"/{path}/" for path in ("p", *(part.path for part in page.parts), *page.retired)}
    return urls | {f"/{page.where(c.id)}/#{c.id}" for c in page.claims}


def _lands(page: TopicPage, published: set[str]) -> set[str]:
    """The published anchors that lead to their claim: shown there, or a landing linking to it."""
    shown = {f"/{page.where(c.id)}/#{c.id}": c.id for c in page.claims}
    landed = {
        f"/{x.at}/#{x.anchor}": x.claim_id
        for x in page.landings
        if x.path == page.where(x.claim_id)
    }
    return {a for a in published if "#" in a and {**shown, **landed}.get(a) == a.split("#")[1]}


def test_locked_anchors_of_claims_moved_to_a_part_land_on_the_page() -> None:
    claims = (_claim(1), _claim(2), _claim(3))
    page = _page(claims, max(claim_weight(c) for c in claims))
    published = {"/p/#claim-1", "/p/#claim-3", "/other/#claim-2"}
    moves = Redirects({"/p/#claim-old-2": "/p/#claim-2"}, Path("redirects.yml"))
    found = keep_published(page, published_by_path(published), moves).landings
    assert [(x.at, x.anchor, x.path, x.claim_id) for x in found] == [
        ("p", "claim-1", "p/s", "claim-1"),
        ("p", "claim-old-2", "p/s/2", "claim-2"),  # an old anchor content/redirects.yml keeps
        ("p", "claim-3", "p/s/3", "claim-3"),
    ]


def test_claims_pushed_to_a_later_part_keep_their_locked_anchors() -> None:
    """A section of 7 claims, 3 a part, is locked; then a claim is added at its start and a
    quote to its first claim: claims move to later parts, a fourth part appears."""
    claims = [_claim(n) for n in range(1, 8)]
    budget = 3 * claim_weight(claims[0])
    before = _page(claims, budget)
    assert [p.path for p in before.parts] == ["p/s", "p/s/2", "p/s/3"]
    published = _published(before)
    grown = [_claim(0), _claim(1, members=2), *claims[1:]]
    after = keep_published(_page(grown, budget), published_by_path(published), EMPTY)
    assert after.where("claim-3") != "p/s" and after.where("claim-6") != "p/s/2"
    locked = {a for a in published if "#" in a}
    assert _lands(after, locked) == locked
    # Each landing is on a page that exists and links to where its claim is now.
    pages = {"p", *(part.path for part in after.parts)}
    assert all(x.at in pages and x.path == after.where(x.claim_id) for x in after.landings)


def test_parts_that_are_gone_stay_pages_of_links() -> None:
    """Locked parts keep working when the page falls back under the budget, or has fewer."""
    claims = [_claim(n) for n in range(1, 8)]
    budget = 3 * claim_weight(claims[0])
    published = _published(_page(claims, budget))
    locked = {a for a in published if "#" in a}
    for smaller in (_page(claims[:4], budget), _page(claims, 10 * budget)):
        after = keep_published(smaller, published_by_path(published), EMPTY)
        live = {part.path for part in after.parts}
        assert {p.partition("#")[0].strip("/") for p in published} <= {"p", *live, *after.retired}
        assert live.isdisjoint(after.retired)
        claimed = {a for a in locked if a.split("#")[1] in {c.id for c in smaller.claims}}
        assert _lands(after, claimed) == claimed


def test_a_redirect_from_a_part_anchor_lands_on_that_part() -> None:
    claims = [_claim(n) for n in range(1, 8)]
    page = _page(claims, 3 * claim_weight(claims[0]))
    moves = Redirects(
        {"/p/s/2/#claim-old": "/p/s/3/#claim-7", "/p/s/5/#gone": "/q/#claim-9"},
        Path("redirects.yml"),
    )
    after = keep_published(page, {}, moves)
    assert [(x.at, x.anchor, x.path, x.claim_id) for x in after.landings] == [
        ("p/s/2", "claim-old", "p/s/3", "claim-7"),
        ("p/s/5", "gone", "q", "claim-9"),  # a part that is no more keeps it too
    ]
    assert after.retired == ("p/s/5",)


def test_the_real_site_is_not_split_at_the_default_budget() -> None:
    result = build(SiteConfig(root=REPO, cache=None))
    assert [p.slug for p in result.pages] == list(TOPIC_PAGES)
    parts = [r.slug for r in result.rendered if r.slug.split("/")[0] in TOPIC_PAGES]
    assert parts == list(TOPIC_PAGES)  # the pages themselves, no "overview/history"
    assert all(p.parts == () for p in result.pages)
    assert SiteConfig.for_project(REPO, environ={}).page_budget == PAGE_BUDGET


@pytest.mark.parametrize("value", ["abc", "0", "-5", "1.5", "75 000"])
def test_a_page_budget_that_is_not_a_positive_number_is_an_error_naming_the_variable(
    value: str,
) -> None:
    with pytest.raises(ContentError) as error:
        SiteConfig.for_project(REPO, environ={PAGE_BUDGET_VARIABLE: value})
    assert PAGE_BUDGET_VARIABLE in str(error.value) and repr(value) in str(error.value)
    assert (
        "positive whole number" in error.value.message and PAGE_BUDGET_VARIABLE in error.value.fix
    )


def test_a_page_budget_given_in_the_environment_is_used() -> None:
    assert (
        SiteConfig.for_project(REPO, environ={PAGE_BUDGET_VARIABLE: " 4000 "}).page_budget == 4000
    )
    assert (
        SiteConfig.for_project(REPO, environ={PAGE_BUDGET_VARIABLE: ""}).page_budget == PAGE_BUDGET
    )


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built by MkDocs with a budget so small that every page splits."""
    root = tmp_path_factory.mktemp("split")
    for name in ("mkdocs.yml", "anchors.lock"):
        shutil.copy(REPO / name, root / name)
    for folder in ("hooks", "overrides", "docs", "content", "bibliography"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1700000000",
        PAGE_BUDGET_VARIABLE: str(SMALL_BUDGET),
    }
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr  # strict: the anchors.lock check passed too
    return root / "site"


def test_a_split_site_has_parts_and_every_link_and_anchor_resolves(split_site: Path) -> None:
    assert (split_site / "overview/history/index.html").is_file()
    assert list(split_site.glob("*/*/2/index.html"))  # some section is in numbered parts
    assert broken_links(split_site) == []


def test_a_part_about_suicide_carries_the_crisis_lines_beside_its_text(split_site: Path) -> None:
    part = (split_site / "conditions/suicidal-thoughts/index.html").read_text(encoding="utf-8")
    other = (split_site / "overview/history/index.html").read_text(encoding="utf-8")
    assert "kap-help--top" in part and "kap-help--top" not in other


def test_every_locked_topic_anchor_still_lands_and_leads_to_its_claim(split_site: Path) -> None:
    pages = read_site(split_site)
    locked = [
        line
        for line in (REPO / "anchors.lock").read_text(encoding="utf-8").splitlines()
        if line.split("/")[1:2] and line.split("/")[1] in TOPIC_PAGES
    ]
    assert len([a for a in locked if "#claim-" in a]) > 300  # the check has work to do
    html = {name: (split_site / name).read_text(encoding="utf-8") for name in pages}
    for anchor in locked:
        url, _, fragment = anchor.partition("#")
        page = url.strip("/") + "/index.html"
        assert page in pages and (not fragment or fragment in pages[page].ids), anchor
    # A claim anchor that moved to a part is a link there, to the claim itself.
    landed = 0
    for anchor in locked:
        url, _, fragment = anchor.partition("#")
        page = url.strip("/") + "/index.html"
        start = html[page].find(f'<a id="{fragment}" href="')
        if start == -1:
            continue
        href = html[page][start:].split('href="', 1)[1].split('"', 1)[0]
        target, _, claim = href.partition("#")
        part_page = os.path.normpath(f"{Path(page).parent}/{target}") + "/index.html"
        assert part_page != page and claim in pages[part_page].ids, (anchor, href)
        landed += 1
    assert landed > 100


def test_claims_json_points_to_the_parts(split_site: Path) -> None:
    pages = read_site(split_site)
    claims = json.loads((split_site / "claims.json").read_text(encoding="utf-8"))["claims"]
    assert any(c["url"].count("/") >= 2 for c in claims)
    for claim in claims:
        page, anchor = claim["url"].split("/#")
        assert anchor in pages[f"{page}/index.html"].ids, claim["url"]


def test_search_finds_a_claim_on_a_part_at_its_anchor_there(split_site: Path) -> None:
    """Only the search page fetches the index, so parts are in it: each claim a part shows has
    an entry at the part's address, after the part's own (the theme reads that as the page)."""
    index = json.loads((split_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    claims = json.loads((split_site / "claims.json").read_text(encoding="utf-8"))["claims"]
    on_parts = [c for c in claims if c["url"].count("/") > 2]  # /overview/history/2/#claim-x
    assert on_parts
    for claim in on_parts:
        where = claim["url"].lstrip("/")
        part = where.split("#")[0]
        assert where in locations
        assert locations.index(part) < locations.index(where)


def test_refreshing_the_lock_of_a_split_site_keeps_every_locked_anchor() -> None:
    """``kapsite lock`` builds without the lock: the landings must still come from it, or a
    refresh would drop the old links it exists to keep."""
    config = SiteConfig(root=REPO, cache=None, page_budget=SMALL_BUDGET)
    result = build(config, check_lock=False)
    assert any(p.parts for p in result.pages)
    locked = [
        line
        for line in (REPO / "anchors.lock").read_text(encoding="utf-8").splitlines()
        if line.split("/")[1:2] and line.split("/")[1] in TOPIC_PAGES
    ]
    assert set(locked) - set(result.anchors) == set()


def _copy_project(root: Path) -> None:
    for name in ("mkdocs.yml", "anchors.lock", "claims.lock"):
        shutil.copy(REPO / name, root / name)
    for folder in ("hooks", "overrides", "docs", "content", "bibliography"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))


def _mkdocs_build(root: Path, env: dict[str, str]) -> Path:
    """A strict MkDocs build of the project at ``root``: the lock check runs with it."""
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "KAPSITE_NO_CACHE": "1", **env},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return root / "site"


def _lock_at(root: Path, budget: int) -> list[str]:
    """``kapsite lock`` as it runs on a site split at ``budget``: the lock it writes."""
    result = build(SiteConfig(root=root, cache=None, page_budget=budget), check_lock=False)
    (root / "anchors.lock").write_text(lock_text(result.anchors), encoding="utf-8")
    return list(result.anchors)


def test_a_locked_split_site_keeps_every_anchor_as_its_content_grows(tmp_path: Path) -> None:
    """Lock a split site, then put a claim at the start of a section in four parts and give an
    early claim one more quote: claims move to other parts. The strict build passes (the lock
    check with it), and every locked anchor is on its locked page, the claim itself or a link
    to the claim where it is now."""
    _copy_project(tmp_path)
    locked = _lock_at(tmp_path, SMALL_BUDGET)
    assert "/conditions/depression/4/" in locked
    claims_file = tmp_path / "content/claims/conditions.yml"
    data = yaml.safe_load(claims_file.read_text(encoding="utf-8"))
    depression = next(s for s in data["sections"] if s["id"] == "depression")["claims"]
    depression.insert(0, depression.pop())  # the section's last claim now comes first
    depression[1]["supports"].append(depression[2]["supports"].pop())  # an early claim grows
    claims_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    site = _mkdocs_build(tmp_path, {PAGE_BUDGET_VARIABLE: str(SMALL_BUDGET)})
    pages = read_site(site)
    moved = 0
    for anchor in locked:
        url, _, fragment = anchor.partition("#")
        if url.strip("/").split("/")[0] not in TOPIC_PAGES or not fragment.startswith("claim-"):
            continue
        page = url.strip("/") + "/index.html"
        assert fragment in pages[page].ids, anchor
        text = (site / page).read_text(encoding="utf-8")
        link = re.search(rf'<a id="{re.escape(fragment)}" href="([^"]*)"', text)
        if link is None:  # the claim itself, still where it was locked
            assert f'id="{fragment}"' in text, anchor
            continue
        target, _, claim = html.unescape(link[1]).partition("#")
        there = os.path.normpath(f"{Path(page).parent}/{target}") + "/index.html"
        assert claim in pages[there].ids and there != page, (anchor, link[1])
        assert f'id="{claim}"' in (site / there).read_text(encoding="utf-8")
        moved += url.strip("/").count("/") > 0  # a part's anchor, not the page's own
    assert moved, "no claim moved from one part to another: the edit must move some"


def test_a_locked_split_page_back_under_the_budget_keeps_its_part_urls(tmp_path: Path) -> None:
    """Every part URL and anchor a lock holds is still built when the pages read whole again:
    the strict build passes, and each old part is a page of links to where its claims are."""
    _copy_project(tmp_path)
    locked = _lock_at(tmp_path, SMALL_BUDGET)
    result = build(SiteConfig(root=tmp_path, cache=None))  # the lock check stops a broken one
    assert all(p.parts == () for p in result.pages)
    assert set(locked) <= set(result.anchors)
    site = _mkdocs_build(tmp_path, {})
    pages = read_site(site)
    old_parts = 0
    for anchor in locked:
        url, _, fragment = anchor.partition("#")
        path = url.strip("/")
        if path.split("/")[0] not in TOPIC_PAGES or "/" not in path:
            continue
        page = f"{path}/index.html"
        assert page in pages, anchor
        old_parts += not fragment
        if fragment:
            text = (site / page).read_text(encoding="utf-8")
            link = re.search(rf'<a id="{re.escape(fragment)}" href="([^"]*)"', text)
            assert link is not None, anchor
            target, _, claim = html.unescape(link[1]).partition("#")
            there = os.path.normpath(f"{path}/{target}") + "/index.html"
            assert claim in pages[there].ids, (anchor, link[1])
    assert old_parts > 30


def test_a_part_written_from_what_it_shows_is_the_part_written_from_its_whole_page(
    tmp_path: Path,
) -> None:
    """A part is written from what of its page and the site it shows (``_part_inputs``), and
    live preview keeps it by that: it must be the part the whole page and every reference,
    place and path give. The real content split small, locked, then changed so that claims
    move and leave landings: every part, with its citations, conflicts, notes, FAQ pointers,
    quotes, source articles, review dates, edit links and crisis lines, is compared. Split
    smaller than SMALL_BUDGET, so that two claims whose figures differ are on different parts."""
    budget = 1_500
    _copy_project(tmp_path)
    _lock_at(tmp_path, budget)
    claims_file = tmp_path / "content/claims/conditions.yml"
    data = yaml.safe_load(claims_file.read_text(encoding="utf-8"))
    depression = next(s for s in data["sections"] if s["id"] == "depression")["claims"]
    depression.insert(0, depression.pop())
    claims_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    config = SiteConfig(
        root=tmp_path,
        cache=None,
        page_budget=budget,
        repo_url="https://github.example/kapsite/kapsite",
    )
    result = build(config)
    links = source_links(config)
    sources = {c.id: claim_source(c, result.inputs.editorial) for c in result.clusters}
    paths = claim_paths(result.pages)
    help_box = help_aside(result.inputs.notices.help, compact=True, up="../../")
    compared, crossing, shown = 0, 0, ""
    for page in result.pages:
        for part in page.parts:
            whole = _PartInputs(
                page,
                part,
                tuple(result.references.items()),
                tuple(page.reference_numbers.items()),
                tuple(sources.items()),
                tuple(paths.items()),
            )
            written = render_part(page, part, result.references, links, sources, paths, help_box)
            assert written == _render_part(whole, links, help_box), part.path
            compared += 1
            shown += written
            crossing += any(paths[o.id] != part.path for c in part.claims for o in c.conflicts)
    # What the comparison covers is on the parts.
    assert compared > 30 and crossing
    for mark in ("kap-cite", "kap-label-differ", "kap-editors-note", "kap-pointer", "kap-moved"):
        assert mark in shown, mark
    assert "Page last reviewed" in shown and "Edit this statement" in shown
    assert "kap-help" in shown and 'id="ref-source-' in shown


HELP = '<aside class="kap-help">Crisis lines</aside>'


def _quoting(n: int, quote: str) -> Claim:
    claim = _claim(n)
    member = dataclasses.replace(claim.members[0], text=quote)
    return dataclasses.replace(claim, members=(member,))


def test_a_part_that_quotes_a_source_on_suicide_shows_the_crisis_lines_beside_it() -> None:
    """The claim's own words may not say it: a source's quote shown under it can."""
    quiet = [_claim(n) for n in range(1, 4)]
    quoted = _quoting(4, "Some people had fewer suicidal thoughts after a dose.")
    page = _page([*quiet, quoted], 3 * claim_weight(quiet[0]))
    first, second = page.parts
    assert quoted in second.claims and quoted.text == "Claim 4 in plain words."
    assert HELP in render_part(page, second, {}, help_box=HELP)
    assert HELP not in render_part(page, first, {}, help_box=HELP)
    whole = dataclasses.replace(page, parts=())  # the same rule on a page that is not split
    assert HELP in render_markdown(whole, {}, help_box=HELP)
    calm = dataclasses.replace(whole, sections=(Section("s", "S", tuple(quiet)),))
    assert HELP not in render_markdown(calm, {}, help_box=HELP)


def test_asking_a_page_where_a_claim_it_does_not_show_is_an_error() -> None:
    """Never a silent wrong answer: a link built from it would lead to the wrong page."""
    claims = [_claim(n) for n in range(1, 5)]
    for page in (_page(claims, 10**6), _page(claims, claim_weight(claims[0]))):
        assert page.where("claim-1") in ("p", "p/s")
        with pytest.raises(KeyError):
            page.where("claim-on-another-page")


def test_a_part_states_its_review_date_and_its_references_in_its_structured_data(
    split_site: Path,
) -> None:
    """As its topic page does: search engines read the part, not the page, for its claims."""
    for name in ("overview/history/index.html", "conditions/depression/2/index.html"):
        text = (split_site / name).read_text(encoding="utf-8")
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
        assert block is not None, name
        data = json.loads(block[1])
        assert data.get("lastReviewed"), name
        shown = set(re.findall(r'<li id="ref-([^"]+)"', text))  # its references, as listed
        cited = {c["@id"].rsplit("#ref-", 1)[1] for c in data.get("citation", [])}
        assert shown and cited == shown, name


def test_a_bad_page_budget_stops_a_command_with_the_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PAGE_BUDGET_VARIABLE, "abc")
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["check", "--root", str(REPO)], out, err) == 1
    assert (
        f"{PAGE_BUDGET_VARIABLE}: the page budget must be a positive whole number" in err.getvalue()
    )
