"""The "What changed" page and its Atom feed, from ``content/changes.yml`` only: dates come from
the record, never from the build clock or git, so the same record gives the same bytes.

A group that shared a page's link in September reads the entries after September; a feed
reader shows each new entry once, because an entry's id never changes (a name-based UUID of
its date, claim or page, and kind: the site's address may move, the id stays).
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from kapsite.inputs.changes import KINDS, Change, ChangeRecord
from kapsite.model import TopicPage
from kapsite.render.review_dates import long_date
from kapsite.text.html import escape

CHANGES_SLUG = "changes"
FEED_PATH = "changes.xml"
ATOM = "http://www.w3.org/2005/Atom"
# Fixed, so a feed reader keeps one subscription whatever the site's address or name becomes.
FEED_ID = uuid.uuid5(uuid.NAMESPACE_URL, "kapsite:changes-feed").urn
NO_DATE = "1970-01-01T00:00:00Z"  # an empty record: Atom needs an 'updated' even then


def newest_first(record: ChangeRecord) -> list[Change]:
    """Newest day first; on one day, in the order the file lists them."""
    return sorted(record.changes, key=lambda c: (-c.date.toordinal(), c.line))


def entry_id(change: Change) -> str:
    return uuid.uuid5(
        uuid.NAMESPACE_URL,
        f"kapsite:change:{change.date.isoformat()}:{change.target}:{change.kind}",
    ).urn


def day_anchor(change: Change) -> str:
    return f"on-{change.date.isoformat()}"


class _Targets:
    """What an entry points at: a page's title and URL, or a claim's words and permalink."""

    def __init__(self, pages: Sequence[TopicPage]) -> None:
        self.pages = {p.slug: p.title for p in pages}
        self.claims = {
            claim.id: (page.where(claim.id), claim.text)
            for page in pages
            for section in page.sections
            for claim in section.clusters
        }

    def link(self, change: Change) -> tuple[str, str] | None:
        """(text, path from the site root), or None for a claim no longer on the site."""
        if change.page:
            return self.pages.get(change.page, change.page), f"{change.page}/"
        if change.claim in self.claims:
            slug, text = self.claims[change.claim]
            return text, f"{slug}/#{change.claim}"
        return None


def render_changes_page(record: ChangeRecord, pages: Sequence[TopicPage]) -> str:
    targets = _Targets(pages)
    out = [
        "---",
        'description: "What changed in the facts on this site, and when: added, reworded, '
        'corrected or left out."',
        "---",
        "",
        "# What changed",
        "",
        "Each fact on this site is a short claim. When we add a claim, change its words, correct "
        "it or take it off the site, we write it here with the day. If you shared a link to a "
        "page, look for changes after the day you shared it.",
        "",
        f"To hear about new changes, add [the changes feed]({FEED_PATH}) to a feed reader.",
        "",
    ]
    changes = newest_first(record)
    if not changes:
        out += ["No changes are recorded yet.", ""]
    day = None
    for change in changes:
        if change.date != day:
            day = change.date
            out += ["", f"## {long_date(day)} {{ #{day_anchor(change)} }}", ""]
        found = targets.link(change)
        if found is None:
            what = f"A claim no longer on the site (`{change.claim}`)."
        else:
            text, path = found
            slug, _, anchor = path.partition("/#")
            target = f"{slug.rstrip('/')}.md" + (f"#{anchor}" if anchor else "")
            stop = "" if text.rstrip().endswith((".", "?", "!")) else "."
            what = f"[{escape(text)}]({target}){stop}"
        out.append(f"- **{KINDS[change.kind]}:** {what} {escape(change.summary)}")
    return "\n".join(out).rstrip() + "\n"


def render_changes_feed(
    record: ChangeRecord, pages: Sequence[TopicPage], *, site_url: str, site_name: str
) -> str:
    """Atom 1.0 (RFC 4287): one entry per change, newest first; 'updated' is the newest entry's
    day. Links are absolute when the site's address is known."""
    targets = _Targets(pages)
    base = site_url.rstrip("/") + "/" if site_url else "/"
    changes = newest_first(record)
    ET.register_namespace("", ATOM)

    def child(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})
    name = site_name or "kapsite"
    child(feed, "id", FEED_ID)
    child(feed, "title", f"{name}: what changed")
    child(feed, "subtitle", "Claims added, reworded, corrected or left out, with the day.")
    child(feed, "updated", _timestamp(changes[0]) if changes else NO_DATE)
    child(feed, "link", rel="self", type="application/atom+xml", href=base + FEED_PATH)
    child(feed, "link", rel="alternate", type="text/html", href=f"{base}{CHANGES_SLUG}/")
    author = child(feed, "author")
    child(author, "name", f"{name} editors")
    for change in changes:
        entry = child(feed, "entry")
        found = targets.link(change)
        subject = found[0] if found else change.claim
        child(entry, "id", entry_id(change))
        child(entry, "title", f"{KINDS[change.kind]}: {_short(subject)}")
        child(entry, "updated", _timestamp(change))
        child(entry, "published", _timestamp(change))
        path = found[1] if found else f"{CHANGES_SLUG}/#{day_anchor(change)}"
        child(entry, "link", rel="alternate", type="text/html", href=base + path)
        child(entry, "summary", change.summary, type="text")
    ET.indent(feed)
    xml = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return f'<?xml version="1.0" encoding="utf-8"?>\n{xml}\n'


def _timestamp(change: Change) -> str:
    return f"{change.date.isoformat()}T00:00:00Z"


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
