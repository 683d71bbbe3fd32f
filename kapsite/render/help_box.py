"""The help box (crisis lines from ``content/help.yml``) as HTML, the same on every page."""

from __future__ import annotations

import html

from kapsite.inputs.help import HelpBox, HelpLine
from kapsite.text.html import NOT_SEARCHED


def help_html(box: HelpBox, heading_level: int = 2, compact: bool = False) -> str:
    """The box as an HTML fragment; ``compact``: every line in one short paragraph."""
    if compact:
        return compact_help_html(box)
    items = [f"<li>{region}{name}: {how}</li>" for region, name, how in map(_parts, box.lines)]
    h = f"h{heading_level}"
    # One block per line, blank lines between: Markdown (md_in_html) then keeps each block whole.
    return "\n\n".join(
        [
            f'<{h} class="kap-help__title" {NOT_SEARCHED}>{html.escape(box.title)}</{h}>',
            f"<p>{html.escape(box.intro)}</p>",
            f"<ul>{''.join(items)}</ul>",
            f"<p>{html.escape(box.emergency)}</p>",
        ]
    )


def compact_help_html(box: HelpBox) -> str:
    """The same crisis lines in one short paragraph, for the box beside a section about
    suicide: prominent, yet it leaves the section's own text near the top of a phone screen.
    The full box is in every page's footer."""
    parts = [f"{region}{name}, {how}." for region, name, how in map(_parts, box.lines)]
    return (
        f'<p><strong class="kap-help__title">{html.escape(box.title)}</strong> '
        f"{html.escape(box.intro)}</p><p>{' '.join(parts)}</p>"
    )


def _parts(line: HelpLine) -> tuple[str, str, str]:
    """One crisis line's region, name and how to reach it, as HTML, its links made live."""
    how = html.escape(line.how)
    for text, href in line.links:
        how = how.replace(
            html.escape(text), f'<a href="{html.escape(href)}">{html.escape(text)}</a>', 1
        )
    region = f"<strong>{html.escape(line.region)}:</strong> " if line.region else ""
    return region, html.escape(line.name), how
