"""The cleaning rules, in one table, applied in order.

Each rule takes every line of the input and returns every line: it never deletes one. A rule
marks a line removed (``removed_by``) or rewrites it (``changed_by``), so the report can show
exactly what happened to each line and why. Removal rules come first, then the rules that
give the text its Markdown structure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from re import Pattern

from kapsite.importer import patterns as p
from kapsite.importer.model import Kind, Line

RuleFunction = Callable[[list[Line]], list[Line]]
PROSE = (Kind.TEXT, Kind.ITEM, Kind.HEADING)


@dataclass(frozen=True)
class CleanupRule:
    name: str
    what: str  # one line for the report and --help
    apply: RuleFunction


def clean(lines: list[Line], rules: tuple[CleanupRule, ...] | None = None) -> list[Line]:
    for rule in RULES if rules is None else rules:
        lines = rule.apply(lines)
    return lines


# --- helpers ---------------------------------------------------------------------------------


def _content(lines: list[Line]) -> Iterator[int]:
    return (i for i, line in enumerate(lines) if line.content)


def _next_content(lines: list[Line], index: int) -> int | None:
    return next((i for i in range(index + 1, len(lines)) if lines[i].content), None)


def _previous_content(lines: list[Line], index: int) -> int | None:
    return next((i for i in range(index - 1, -1, -1) if lines[i].content), None)


def _remove_kind(name: str, *kinds: Kind) -> RuleFunction:
    def apply(lines: list[Line]) -> list[Line]:
        return [line.removed(name) if line.live and line.kind in kinds else line for line in lines]

    return apply


def _remove_matching(name: str, pattern: Pattern[str], max_words: int = 40) -> RuleFunction:
    """Remove any prose line the pattern finds; long lines are claims, so they are left alone."""

    def apply(lines: list[Line]) -> list[Line]:
        return [
            line.removed(name)
            if line.content
            and line.kind in PROSE
            and len(line.text.split()) <= max_words
            and pattern.search(line.text)
            else line
            for line in lines
        ]

    return apply


def _is_end_matter(text: str) -> bool:
    return bool(
        p.THANK_YOU.search(text)
        or p.SHARE_PROMPT.search(text)
        or p.CLOSING_DISCLAIMER.search(text)
        or _is_bio(text)
        or p.WRITTEN_BY.search(text)
    )


def _remove_trailing(name: str, matches: Callable[[str], bool]) -> RuleFunction:
    """Remove matching lines among the last lines of the article (end matter only)."""

    def apply(lines: list[Line]) -> list[Line]:
        result = list(lines)
        for index in reversed(list(_content(lines))):
            text = lines[index].text
            if not _is_end_matter(text):
                break
            if matches(text):
                result[index] = lines[index].removed(name)
        return result

    return apply


def _is_bio(text: str) -> bool:
    return bool(p.BIO_SUBJECT.search(text) and p.BIO_WORDS.search(text))


# --- removal rules ---------------------------------------------------------------------------


def _image_caption(lines: list[Line]) -> list[Line]:
    """A caption sits right above its photo credit in copied text; HTML marks it <figcaption>."""
    result = _remove_kind("image-caption", Kind.CAPTION)(lines)
    for index, line in enumerate(lines):
        if line.removed_by == "photo-credit" and index > 0:
            above = result[index - 1]
            if above.content and above.kind is Kind.TEXT and len(above.text.split()) <= 40:
                result[index - 1] = above.removed("image-caption")
    return result


def _alt_text(lines: list[Line]) -> list[Line]:
    lines = _remove_kind("alt-text", Kind.ALT)(lines)
    return _remove_matching("alt-text", p.ALT_TEXT)(lines)


def _repeated_headline(lines: list[Line]) -> list[Line]:
    """A headline printed twice (page title, then article title): keep the first."""
    result = list(lines)
    first_text = ""
    previous = ""
    for index in _content(lines):
        line = lines[index]
        key = p.normalised(line.text)
        repeated = key and key in (first_text, previous)
        looks_like_headline = line.kind is Kind.HEADING or (
            line.kind is Kind.TEXT and p.looks_like_heading(line.text)
        )
        if repeated and looks_like_headline:
            result[index] = line.removed("repeated-headline")
            continue
        if line.kind is Kind.PAGE_TITLE:
            continue
        first_text = first_text or key
        previous = key
    return result


def _is_call_to_action(text: str) -> bool:
    if p.CRISIS.search(text):
        return False
    return bool((p.PHONE.search(text) and p.CTA_VERB.search(text)) or p.CTA_PHRASE.search(text))


def _call_to_action(lines: list[Line]) -> list[Line]:
    return [
        line.removed("call-to-action")
        if line.content and line.kind in PROSE and _is_call_to_action(line.text)
        else line
        for line in lines
    ]


def _author_bio(lines: list[Line]) -> list[Line]:
    """'About the author' and everything under it, or a bio paragraph at the very end."""
    result = list(lines)
    inside = False
    for index, line in enumerate(lines):
        if line.content and line.kind in (Kind.TEXT, Kind.HEADING):
            if p.AUTHOR_HEADING.search(line.text):
                inside = True
            elif line.kind is Kind.HEADING and inside:
                inside = False
        if inside and line.content:
            result[index] = line.removed("author-bio")
    return _remove_trailing("author-bio", lambda t: _is_bio(t) or bool(p.WRITTEN_BY.search(t)))(
        result
    )


# --- structure rules -------------------------------------------------------------------------


def _list_items(lines: list[Line]) -> list[Line]:
    """'- ', '* ' and '•' bullets become Markdown list items."""
    return [
        line.changed("list-item", text=line.text[m.end() :], kind=Kind.ITEM)
        if line.content and line.kind is Kind.TEXT and (m := p.BULLET.match(line.text))
        else line
        for line in lines
    ]


def _emoji_bullets(lines: list[Line]) -> list[Line]:
    """Emoji markers (✅ 💊 ⬇️) are dropped and the claim after them kept as a list item.

    A lone emoji-led short title ('🧠 How it works') stays a line of its own, to become a
    heading; in a run of emoji lines every one is an item.
    """
    led = {
        i
        for i in _content(lines)
        if lines[i].kind in (Kind.TEXT, Kind.ITEM) and _emoji_led(lines[i])
    }
    result = list(lines)
    for index in sorted(led):
        line = lines[index]
        symbols, rest = p.split_symbols(line.text)
        text = p.strip_trailing_symbols(rest)
        if not text:
            continue
        neighbours = [_previous_content(lines, index), _next_content(lines, index)]
        in_list = any(
            n in led or (n is not None and lines[n].kind is Kind.ITEM) for n in neighbours
        )
        kind = line.kind
        if symbols.strip() and (in_list or kind is Kind.ITEM or not p.looks_like_heading(text)):
            kind = Kind.ITEM
        result[index] = line.changed("emoji-bullet", text=text, kind=kind)
    return result


def _emoji_led(line: Line) -> bool:
    symbols, rest = p.split_symbols(line.text)
    return bool(rest) and (bool(symbols.strip()) or p.strip_trailing_symbols(rest) != rest)


def _headings(lines: list[Line]) -> list[Line]:
    """Short lines without a full stop, followed by text, become headings (numbered: ###)."""
    result = list(lines)
    for index in _content(lines):
        line = result[index]
        if line.kind is not Kind.TEXT:
            continue
        markdown = p.MARKDOWN_HEADING.match(line.text)
        if markdown:
            result[index] = line.changed(
                "heading", text=markdown[2], kind=Kind.HEADING, level=len(markdown[1])
            )
            continue
        after = _next_content(result, index)
        before = _previous_content(result, index)
        if after is None or not p.looks_like_heading(line.text) or result[after].continues:
            continue  # a line a <br> continues is the start of a paragraph, not a heading
        if before is not None and result[before].kind is Kind.TEXT:
            previous = result[before].text
            # A line that continues a wrapped paragraph is not a heading.
            if p.ends_mid_sentence(previous):
                continue
        numbered = p.NUMBERED.match(line.text)
        text = line.text[numbered.end() :] if numbered else line.text
        result[index] = line.changed(
            "heading", text=text, kind=Kind.HEADING, level=3 if numbered else 2
        )
    return [
        line.changed("list-item", text=line.text[m.end() :], kind=Kind.ITEM)
        if line.content and line.kind is Kind.TEXT and (m := p.NUMBERED.match(line.text))
        else line
        for line in result
    ]


def _bullet_terms(lines: list[Line]) -> list[Line]:
    """'**Dissociative** You may feel...': a bold term that opens an item or a paragraph is set
    off from its text with a colon, as contributors write it ('**Access:** Esketamine...')."""
    return [
        line.changed("bullet-term", text=f"**{m[1]}:** {line.text[m.end() :]}")
        if line.content
        and line.kind in (Kind.ITEM, Kind.TEXT)
        and (m := p.BOLD_TERM.match(line.text))
        else line
        for line in lines
    ]


def _title(lines: list[Line]) -> list[Line]:
    """The first <h1>, or a heading that opens the article, is the title (front matter). With
    a headline above the article (an <h1> outside it), no body heading is taken for the title:
    the first heading of the body may be a caption, and alt text never is one."""
    result = list(lines)
    h1 = [i for i in _content(lines) if lines[i].kind is Kind.HEADING and lines[i].level == 1]
    body = [i for i in _content(lines) if lines[i].kind not in (Kind.PAGE_TITLE, Kind.HEADLINE)]
    headline = any(line.kind is Kind.HEADLINE for line in lines)
    if h1:
        chosen = h1[0]
    elif body and lines[body[0]].kind is Kind.HEADING and not headline:
        chosen = body[0]
    else:
        return result
    result[chosen] = lines[chosen].changed("title", kind=Kind.TITLE)
    for index in h1[1:]:
        result[index] = lines[index].changed("heading", level=2)
    return result


def _faq(lines: list[Line]) -> list[Line]:
    """A FAQ heading, then 'Question?' lines each followed by its answer: kept as Q and A."""
    result = list(lines)
    start = next(
        (
            i
            for i in _content(lines)
            if lines[i].kind is Kind.HEADING and p.FAQ_HEADING.search(lines[i].text)
        ),
        None,
    )
    if start is None:
        return result
    level = min(lines[start].level, 2)
    result[start] = lines[start].changed("faq", text="Frequently asked questions", level=level)
    for index in _content(lines):
        if index <= start:
            continue
        line = lines[index]
        is_question = line.text.rstrip().endswith("?") and len(line.text.split()) <= 30
        if line.kind is Kind.HEADING and not is_question and line.level <= level:
            break
        if line.kind is Kind.HEADING and p.REFERENCE_HEADING.search(line.text):
            break
        after = _next_content(lines, index)
        answered = after is not None and not _is_question(lines[after])
        if is_question and line.kind is Kind.ITEM and answered:
            # A question written as a bullet, with its answer below: a question heading.
            question = p.QUESTION_PREFIX.sub("", line.text)
            result[index] = line.changed("faq", text=question, kind=Kind.HEADING, level=level + 1)
        elif is_question and line.kind in (Kind.TEXT, Kind.HEADING):
            question = p.QUESTION_PREFIX.sub("", line.text)
            result[index] = line.changed("faq", text=question, kind=Kind.HEADING, level=level + 1)
        elif line.kind is Kind.TEXT and p.ANSWER_PREFIX.match(line.text):
            result[index] = line.changed("faq", text=p.ANSWER_PREFIX.sub("", line.text))
    return result


def _is_question(line: Line) -> bool:
    return line.text.rstrip().endswith("?") and len(line.text.split()) <= 30


def _reference_list(lines: list[Line]) -> list[Line]:
    """A 'References' heading and the lines under it go to the .bib, not the body."""
    result = list(lines)
    inside_level = 0
    for index in _content(lines):
        line = lines[index]
        if line.kind is Kind.HEADING:
            if p.REFERENCE_HEADING.search(line.text):
                inside_level = line.level
                result[index] = line.removed("reference-list")
                continue
            if inside_level and line.level <= inside_level:
                inside_level = 0
        if inside_level and line.kind in (Kind.TEXT, Kind.ITEM, Kind.HEADING):
            result[index] = line.changed("reference-list", kind=Kind.REFERENCE).removed(
                "reference-list"
            )
    return result


def _empty_heading(lines: list[Line]) -> list[Line]:
    """A heading with nothing under it (the rest was noise, or the page was cut short)."""
    result = list(lines)
    content = list(_content(lines))
    last = lines[content[-1]] if content else None
    if (
        last
        and last.kind is Kind.TEXT
        and p.looks_like_heading(last.text)
        and len(last.text.split()) <= p.SHORT_HEADING_WORDS
    ):
        # A heading as the very last line: the page was cut off after it ('FAQ' and nothing).
        # A longer last line is a sentence cut short ("Do not drive for 24 hours after"):
        # it is kept, and the cut-off rule marks it.
        result[content[-1]] = last.removed("empty-heading")
    for index in reversed(content):
        line = result[index]
        if line.kind is not Kind.HEADING or not line.live:
            continue
        after = _next_content(result, index)
        if after is None or (
            result[after].kind is Kind.HEADING and result[after].level <= line.level
        ):
            result[index] = line.removed("empty-heading")
    return result


def _cut_off(lines: list[Line]) -> list[Line]:
    """A paragraph or item whose last sentence stops short ("...right for y", "However,
    traditional antidepress"): kept, and marked in the draft and the report, never silently."""
    result = list(lines)
    content = list(_content(lines))
    for position, index in enumerate(content):
        line = lines[index]
        if line.kind not in (Kind.TEXT, Kind.ITEM):
            continue
        following = lines[content[position + 1]] if position + 1 < len(content) else None
        ends_block = (
            following is None
            or following.kind is not line.kind
            or following.block != line.block
            or line.kind is Kind.ITEM
        )
        last = following is None and line.kind is Kind.TEXT
        if ends_block and p.is_cut_off(line.text, last=last):
            result[index] = line.changed("cut-off", cut_off=True)
    return result


def _headline(lines: list[Line]) -> list[Line]:
    return [
        line.removed("headline") if line.live and line.kind is Kind.HEADLINE else line
        for line in lines
    ]


RULES: tuple[CleanupRule, ...] = (
    CleanupRule("script", "HTML <script>, <style> and <noscript> blocks", _remove_kind("script", Kind.SCRIPT)),
    CleanupRule("page-chrome", "HTML navigation, footers, forms, and text outside <article>/<main>", _remove_kind("page-chrome", Kind.CHROME)),
    CleanupRule("page-title", "the HTML <title> (the page's title is taken from <h1> or the text)", _remove_kind("page-title", Kind.PAGE_TITLE)),
    CleanupRule("headline", "an <h1> above the article (outside <article>/<main>): its headline, taken for the title", _headline),
    CleanupRule("listen-prompt", "'Prefer to listen instead?' and other audio-version prompts", _remove_matching("listen-prompt", p.LISTEN_PROMPT, 15)),
    CleanupRule("repeated-headline", "a headline printed a second time", _repeated_headline),
    CleanupRule("photo-credit", "photo credits such as 'Photo by X / Unsplash'", _remove_matching("photo-credit", p.PHOTO_CREDIT, 20)),
    CleanupRule("image-caption", "an image caption: the line above a photo credit, or an HTML <figcaption>", _image_caption),
    CleanupRule("alt-text", "image alt text: HTML <img alt>, '[Image: ...]' and 'Image: ...' lines", _alt_text),
    CleanupRule("call-to-action", "calls to action with a phone number or 'contact us today' (never a crisis line)", _call_to_action),
    CleanupRule("share-prompt", "'Share this article', 'Follow us on', newsletter prompts", _remove_matching("share-prompt", p.SHARE_PROMPT, 30)),
    CleanupRule("thank-you", "'Thank you for reading'", _remove_matching("thank-you", p.THANK_YOU, 15)),
    CleanupRule("closing-disclaimer", "the publisher's own 'for informational purposes only' disclaimer at the end (the site adds its own)", _remove_trailing("closing-disclaimer", lambda t: bool(p.CLOSING_DISCLAIMER.search(t)))),
    CleanupRule("author-bio", "an 'About the author' section or an author bio at the end", _author_bio),
    CleanupRule("list-item", "bullets ('-', '•', numbered) become Markdown list items", _list_items),
    CleanupRule("bullet-term", "a bold term that opens an item gets its colon: '**Dissociative:** You may feel...'", _bullet_terms),
    CleanupRule("emoji-bullet", "emoji bullets (✅ 💊 ⬇️) become list items with the claim kept", _emoji_bullets),
    CleanupRule("heading", "short lines without a full stop, followed by text, become ## headings", _headings),
    CleanupRule("title", "the first <h1>, or a heading that opens the article, becomes the title", _title),
    CleanupRule("faq", "a FAQ section: '## Frequently asked questions', then '### Question?' and answer", _faq),
    CleanupRule("reference-list", "a 'References' list at the end moves to the .bib", _reference_list),
    CleanupRule("empty-heading", "a heading with nothing left under it", _empty_heading),
    CleanupRule("cut-off", "a sentence cut short in the source is kept and marked for the contributor", _cut_off),
)  # fmt: skip
