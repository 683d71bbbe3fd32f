"""What every page carries besides its content: the disclaimer, help, and review dates.

The hook calls ``with_notices`` for every Markdown page, hand-written or generated.
"""

from __future__ import annotations

from kapsite.inputs.help import HelpBox
from kapsite.inputs.notices import Notices
from kapsite.render.help_box import help_html
from kapsite.render.review_dates import review_html
from kapsite.text.html import NOT_SEARCHED


def help_aside(box: HelpBox, compact: bool = False, up: str = "") -> str:
    """The crisis lines as a prominent box in the page's text (Markdown with md_in_html);
    ``compact`` for the box a topic page puts beside its first section about suicide; ``up``:
    the way from the page's folder in docs/ to the top (a split page's parts sit lower)."""
    more = f" [More ways to get help]({up}{box.more})." if box.more else ""
    body = help_html(box, heading_level=2, compact=compact)
    return (
        f'<aside class="kap-help kap-help--top" aria-label="Crisis support" {NOT_SEARCHED} markdown>\n\n'
        f"{body}\n\n{more}\n\n</aside>"
    )


def with_notices(
    markdown: str,
    notices: Notices,
    *,
    help_page: bool,
    reviewed: list[str] | None,
    help_on_top: bool = False,
    generated: bool = False,
) -> str:
    """The page with the disclaimer under its title, the help box near the top if the page
    touches on suicide (not on the help page itself), and review dates at the end.

    ``reviewed`` is None when the page already states its review dates (generated pages).
    """
    top = [
        f'<aside class="kap-disclaimer" role="note" aria-label="Medical disclaimer" {NOT_SEARCHED}>'
        f"{notices.disclaimer_html}</aside>"
    ]
    # A generated topic page carries the box itself, beside its first section about suicide,
    # so a page about receptors starts with its own text.
    if (
        not help_page
        and not generated
        and (help_on_top or notices.help.touches_on_suicide(markdown))
    ):
        top.append(help_aside(notices.help))
    block = "\n\n".join(top) + "\n"
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# "):
            body = "\n".join([*lines[: index + 1], "", block, *lines[index + 1 :]])
            break
        if line.strip():
            body = block + "\n" + markdown
            break
    else:
        body = block + "\n" + markdown
    if reviewed is not None:
        body = body.rstrip() + "\n\n" + review_html(reviewed) + "\n"
    return body


def build_error_markdown(message: str) -> str:
    """What live preview shows in place of a page that the last edit broke."""
    return (
        "# This page could not be built\n\n"
        "The last edit stopped the build. The message names the file and the line:\n\n"
        f"```text\n{message}\n```\n\n"
        "Fix the file and save it. The preview reloads by itself.\n"
    )


def with_build_error_banner(markdown: str, message: str) -> str:
    """A page that still built, during live preview, when another file's edit broke the build."""
    quoted = message.replace("\n", "\n    ")
    return f'!!! failure "The last edit stopped the build"\n\n    ```text\n    {quoted}\n    ```\n\n{markdown}'
