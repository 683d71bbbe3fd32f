"""The help box (crisis lines from ``content/help.yml``) as HTML, the same on every page."""

from __future__ import annotations

import html

from kapsite.inputs.help import HelpBox


def help_html(box: HelpBox, heading_level: int = 2) -> str:
    """The box as an HTML fragment."""
    items = []
    for line in box.lines:
        how = html.escape(line.how)
        for text, href in line.links:
            how = how.replace(
                html.escape(text), f'<a href="{html.escape(href)}">{html.escape(text)}</a>', 1
            )
        region = f"<strong>{html.escape(line.region)}:</strong> " if line.region else ""
        items.append(f"<li>{region}{html.escape(line.name)}: {how}</li>")
    h = f"h{heading_level}"
    # One block per line, blank lines between: Markdown (md_in_html) then keeps each block whole.
    return "\n\n".join(
        [
            f'<{h} class="kap-help__title">{html.escape(box.title)}</{h}>',
            f"<p>{html.escape(box.intro)}</p>",
            f"<ul>{''.join(items)}</ul>",
            f"<p>{html.escape(box.emergency)}</p>",
        ]
    )
