"""The final-HTML blocks of a generated page, held out of Python-Markdown's way under MkDocs.

A generated page is mostly raw HTML the engine wrote whole: each paragraph's "Sources" record,
the source-article list, the legend, the notes. Python-Markdown holds no Markdown there: a raw
HTML block at the top level is stashed and written out as it is, and neither the toc nor MkDocs'
link rewriting looks inside it. Yet reading it costs most of a page's conversion: md_in_html
and MkDocs (collecting anchors) each run html.parser over every tag (at 1,000 articles some
600,000 tags in all; ``benchmarks/page_markdown.py`` has the figures).

So the hook swaps each such block for a one-tag placeholder before Markdown runs
(``held_blocks``) and puts the block back into the HTML after (``with_blocks_back``). The
placeholder is itself a raw HTML block on its own lines, so Python-Markdown treats it exactly as
it would have treated the block (a raw block's text passes through unchanged): the page's HTML
is the same, byte for byte, and so is what the toc sees (the search plugin: the last paragraph).
The Markdown that ``kapsite render`` writes for other generators is not touched.

A block is held only where that reasoning holds; anything else stays in the Markdown:
- a run of lines between blank lines, starting at column 0 with one of ``HELD_TAGS`` and ending
  where that element closes (counting its nested copies), so Python-Markdown's raw block
  (which ends when the element closes, ``markdown.htmlparser``) is exactly the run;
- HTML as the engine writes it (``_PLAIN_HTML``), where counting tags with a pattern gives what
  html.parser reads, and nothing Python-Markdown would change (tabs, bare entities, its marks);
  no ``markdown`` attribute and no backtick in it;
- at the top level: not inside an element with a ``markdown`` attribute (md_in_html parses
  what is nested there, and writes it out differently). After a fence (```` ``` ```` or ``~~~``),
  a comment, or raw HTML whose end this reading cannot find, nothing more is held: from there
  the page may be read differently from how its lines look.

The placeholder carries a digest of the page, which its text cannot contain, and its attribute
in single quotes, which Python-Markdown writes back as they are only where the block was read
as a raw block: had a placeholder landed anywhere else (a code block escapes it, an element
parsed as Markdown rewrites it with double quotes), ``with_blocks_back`` finds it missing and
returns None, and the page is converted again from its whole Markdown.

The theme's search plugin then reads the page's HTML tag by tag, only to skip the blocks marked
``data-search-exclude``: ``search_view`` gives it the page with those blocks as empty stand-ins.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import re
from dataclasses import dataclass

from kapsite.checks.sanitise import INLINE_TAGS
from kapsite.text.html import NOT_SEARCHED

# The elements the engine writes as whole raw HTML blocks (all block-level for Python-Markdown).
HELD_TAGS = ("aside", "details", "div", "h3", "ol", "p", "ul")
# html.parser ends a tag name at ASCII whitespace, "/" or ">" only (not at "\xa0" or "\u2028").
_NAME_END = r"(?=[ \t\n\r\f/>])"
_OPENING = re.compile(r"<(" + "|".join(HELD_TAGS) + r")" + _NAME_END)
PLACEHOLDER = "<p data-kap-held="  # then 'digest-n'></p>: single quotes (the docstring)
_ANY_ELEMENT = re.compile(r"[ ]{0,3}<([a-zA-Z][a-zA-Z0-9]*)" + _NAME_END)
_FENCE = re.compile(r"^[ ]{0,3}(?:```|~~~)", re.M)
# HTML as the engine writes it, where counting tags with a pattern gives what html.parser reads:
# text with whole entities only (Python-Markdown adds the ';' a bare one lacks), tags with
# double-quoted values free of '<', '>' and '`', no comment, no '/>', and none of the elements
# whose content html.parser reads as text (script, style; newer Pythons more).
_TEXT = r"[^<&]++|&(?:[a-z][a-z0-9]*+|#[0-9]++|#x[0-9a-f]++);"
_AS_TEXT = "script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext"
_TAG = (
    rf"</?(?!(?:{_AS_TEXT}){_NAME_END})[a-z][a-z0-9]*+"
    rf"(?>[ \t\n\r\f]++[a-z_:][-a-z0-9_:.]*+(?:=\"[^\"<>`]*+\")?+)*+[ \t\n\r\f]*+>"
)
_PLAIN_HTML = re.compile(rf"(?:{_TEXT}|{_TAG})*+", re.I)  # possessive: linear when it fails
# A line that starts a raw HTML block for Python-Markdown, at the most (any non-inline tag).
_BLOCK_LINE = re.compile(
    r"^[ ]{0,3}</?(?!(?:" + "|".join(sorted(INLINE_TAGS)) + r")" + _NAME_END + r")[a-zA-Z]",
    re.M | re.I,
)
# A markdown attribute inside a tag: md_in_html reads the element's content as Markdown. The
# word alone is looked for first (``_says_markdown``: it may be in text, and then nothing is held).
_MARKDOWN_ATTRIBUTE = re.compile(r"<[^<>]*\smarkdown(?:\s*=|\s|/?>)", re.I)
# Ids, and names of links, in the held HTML: MkDocs counts them as the page's anchors. Held HTML
# is ``_PLAIN_HTML``: each start tag's attributes are read one by one, so text inside a value
# (an aria-label saying ' id="x"') is never taken for an attribute.
_START_TAG = re.compile(
    r"<([a-z][a-z0-9]*)((?:[ \t\n\r\f]+[^ \t\n\r\f=>]+(?:=\"[^\"]*\")?)*)", re.I
)
_ATTRIBUTE = re.compile(r"[ \t\n\r\f]+([^ \t\n\r\f=>]+)(?:=\"([^\"]*)\")?")
# The attribute of ``NOT_SEARCHED``: the theme's search leaves its element out (``search_view``).
_SKIPPED = NOT_SEARCHED.split("=")[0]
_SEARCH_MARKS = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # Material 9.8's, to the letter
_HEADING = re.compile(r"<h[1-6]" + _NAME_END, re.I)


@dataclass(frozen=True)
class HeldBlocks:
    """A page's Markdown with its final-HTML blocks swapped for placeholders, and the blocks."""

    markdown: str
    blocks: tuple[tuple[str, str], ...]  # (placeholder, the block it stands for), in order
    prefix: str = ""  # what every placeholder of the page starts with

    def anchors(self) -> set[str]:
        """The ids the held blocks carry (and ``name`` of links), as MkDocs would have read them
        from the page's raw HTML: its anchor check still knows them."""
        found = set()
        for _, block in self.blocks:
            for tag, attributes in _START_TAG.findall(block):
                for name, value in _ATTRIBUTE.findall(attributes):
                    name = name.lower()
                    if name == "id" or (name == "name" and tag.lower() == "a"):
                        found.add(html_lib.unescape(value))
        return found


def held_blocks(markdown: str) -> HeldBlocks:
    """``markdown`` with every block it can safely hold (the module's docstring) swapped for a
    placeholder. A page with none comes back as it is, with no blocks."""
    if "\r" in markdown:  # Python-Markdown would split its lines differently
        return HeldBlocks(markdown, ())
    lines = markdown.split("\n")
    starts = [0]  # where each line starts in ``markdown``
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    digest = hashlib.sha256(markdown.encode()).hexdigest()[:16]
    out: list[str] = []
    blocks: list[tuple[str, str]] = []
    index = 0
    while index < len(lines):
        if _blank(lines[index]):
            out.append(lines[index])
            index += 1
            continue
        end = index
        while end < len(lines) and not _blank(lines[end]):
            end += 1
        run = "\n".join(lines[index:end])
        opening = _OPENING.match(run)
        if opening and _holdable(run, opening[1]):
            placeholder = f"{PLACEHOLDER}'{digest}-{len(blocks)}'></p>"
            blocks.append((placeholder, run))
            out.append(placeholder)
        elif _FENCE.search(run) or "<!" in run or "<?" in run:
            break  # a fence or a comment may run on past blank lines
        elif _BLOCK_LINE.match(run) and (
            _first_line_runs_on(run) or _MARKDOWN_ATTRIBUTE.match(run)
        ):
            # An element that holds Markdown, or runs on past this run: its lines stay.
            end = _element_end(markdown[starts[index] :], index)
            if end == -1:
                break
            out += lines[index:end]
        elif _BLOCK_LINE.search(run) or (_says_markdown(run) and _MARKDOWN_ATTRIBUTE.search(run)):
            break  # raw HTML this reading cannot follow: where it ends, what it holds
        else:
            out += lines[index:end]
        index = end
    # Where the loop stopped early, Python-Markdown may read the rest of the page differently
    # from how its lines look: it stays as it is.
    out += lines[index:]
    if not blocks:
        return HeldBlocks(markdown, ())
    return HeldBlocks("\n".join(out), tuple(blocks), f"{PLACEHOLDER}'{digest}-")


def with_blocks_back(html: str, held: HeldBlocks) -> str | None:
    """The page's HTML with each held block where its placeholder is; None when the
    placeholders are not there, as written, each once and in order (a block was not read as a
    raw block): then the page must be converted again from ``markdown_back``."""
    if not held.blocks:
        return html
    found = [match[0] for match in _placeholders(held).finditer(html)]
    if found != [placeholder for placeholder, _ in held.blocks]:
        return None
    return markdown_back(html, held)


def search_view(html: str, held: HeldBlocks) -> str | None:
    """The page's HTML as the theme's search needs to read it: each held block it would skip
    whole stands as an empty element of the same tag that it skips too, every other block is put
    back. None when no block is skipped whole (the page's HTML is the view). ``html`` holds the
    placeholders as ``with_blocks_back`` accepted them (the hook asks only then).

    The search plugin (Material 9.x) runs html.parser over every tag of a page only to leave out
    what carries ``data-search-exclude``; on a generated page that is nearly all of it (the
    Sources records, source lists and legends: 92 % of the generated pages' bytes at 1,000
    articles). The stand-in keeps the tag, so the element closes an open paragraph as the block
    did, and the index the plugin writes is the same (a test builds the site both ways and
    compares). Where the plugin would not skip the block whole, it is read whole
    (``_stand_in_or_block``)."""
    if not held.blocks:
        return None
    searched = {placeholder: _stand_in_or_block(block) for placeholder, block in held.blocks}
    if all(searched[placeholder] is block for placeholder, block in held.blocks):
        return None
    return _placeholders(held).sub(lambda match: searched[match[0]], html)


def without_search_marks(html: str) -> str:
    """The page's HTML as the theme's search plugin leaves it after reading it: its marks
    (``data-search-*`` attributes) removed. The same pattern as the plugin's own
    (``material/plugins/search/plugin.py``, ``on_page_context``): when the plugin has read a
    ``search_view``, the page's whole HTML gets what the plugin did to the view."""
    return _SEARCH_MARKS.sub("", html)


def _stand_in_or_block(block: str) -> str:
    """The block's empty stand-in if the search skips all of it, else the block. It does when
    the block's own tag carries the mark and:
    - no heading is inside: the plugin starts a section of its index at a heading with an id,
      even in a skipped element;
    - its tag opens once: the plugin tells elements apart by tag name only, so an inner element
      of the same tag ends the skip where that one closes;
    - a ``p`` holds inline tags only: a block-level tag closes the paragraph for the HTML
      parser (nh3, then the plugin), and what follows it is no longer in the skipped element."""
    opening = _START_TAG.match(block)
    if opening is None or _HEADING.search(block):
        return block
    if _SKIPPED not in {name.lower() for name, _ in _ATTRIBUTE.findall(opening[2])}:
        return block
    tag = opening[1].lower()
    inner = [name.lower() for name, _ in _START_TAG.findall(block)][1:]
    if tag in inner or (tag == "p" and not INLINE_TAGS.issuperset(inner)):
        return block
    return f"<{tag} {NOT_SEARCHED}></{tag}>"


def markdown_back(text: str, held: HeldBlocks) -> str:
    """``text`` with each held block in place of its placeholder: the page's whole Markdown
    (from the held Markdown, as the generator has it now), or its HTML."""
    if not held.blocks:
        return text
    blocks = dict(held.blocks)
    return _placeholders(held).sub(lambda match: blocks.get(match[0], match[0]), text)


def _placeholders(held: HeldBlocks) -> re.Pattern[str]:
    return re.compile(re.escape(held.prefix) + r"\d+'></p>")


def _holdable(run: str, tag: str) -> bool:
    """Whether the run is one whole element ``tag``, closing at the run's end, with nothing in
    it that md_in_html or a code span would read differently."""
    if any(mark in run for mark in "`\t\x02\x03") or _says_markdown(run):
        return False  # a code span; what Python-Markdown would change (tabs, its own marks)
    if not run.endswith(f"</{tag}>") or not _PLAIN_HTML.fullmatch(run):
        return False
    return _closes_at(run, tag) == len(run)


def _closes_at(text: str, tag: str) -> int:
    """Where the element opening ``text`` closes (after its end tag), or -1 if it does not."""
    depth = 0
    for match in re.finditer(rf"<(/?){tag}{_NAME_END}[^<>]*>", text, re.I):
        depth += -1 if match[1] else 1
        if depth == 0:
            return match.end()
    return -1


def _first_line_runs_on(run: str) -> bool:
    """Whether the run starts with an element that it does not close."""
    opening = _ANY_ELEMENT.match(run)
    return opening is not None and _closes_at(run[opening.start(1) - 1 :], opening[1]) == -1


def _element_end(text: str, index: int) -> int:
    """The line after the one where the element opening ``text`` (the page from line ``index``
    on) closes, if it closes at that line's end and nothing in between could hide a tag from
    this count; else -1. A slice of the page, not its rest joined again: the bibliography opens
    an element with a ``markdown`` attribute per reference."""
    opening = _ANY_ELEMENT.match(text)
    if opening is None:
        return -1
    start = opening.start(1) - 1
    closes = _closes_at(text[start:], opening[1])
    if closes == -1:
        return -1
    region = text[: start + closes]
    if "`" in region or _FENCE.search(region) or not _PLAIN_HTML.fullmatch(region):
        return -1
    rest = text[start + closes :]
    if rest and not rest.startswith("\n"):
        return -1
    return index + region.count("\n") + 1


def _says_markdown(text: str) -> bool:
    return "markdown" in text.lower()


def _blank(line: str) -> bool:
    # Python-Markdown expands tabs, then empties lines of spaces only.
    return not line.strip(" \t")
