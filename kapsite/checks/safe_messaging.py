"""Safe-messaging checks: wording about suicide that guidance advises against.

The rules live in ``content/safe-messaging.yml``; each has a scope, a reason and better wording.
Checks return warnings (ContentError) naming file and line; a strict build fails on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kapsite.errors import ContentError
from kapsite.inputs.safe_messaging_rules import WordingRule
from kapsite.memo import KeptResults
from kapsite.model import Article
from kapsite.text.markdown_source import prose_lines

MENTIONS_SUICIDE = re.compile(r"\bsuicid\w*|\bself[- ]harm", re.IGNORECASE)
# Each article's hits by everything they depend on: its path, title and body, whether a page
# its claims land on mentions suicide, and the rules. Live preview checks again only the
# articles an edit changed (or whose pages now do or no longer mention suicide).
_article_hits: KeptResults[tuple[ContentError, ...]] = KeptResults()


@dataclass(frozen=True)
class Text:
    """One line of checked text, where it is, and whether it is a title or heading."""

    path: Path
    line: int
    text: str
    title: bool = False


def check(
    texts: Iterable[Text], rules: tuple[WordingRule, ...], *, page_mentions_suicide: bool
) -> list[ContentError]:
    """Every rule hit in ``texts``, one page's worth (scopes depend on the whole page)."""
    hits = []
    for item in texts:
        for sentence in _sentences(item.text):
            in_scope = _scopes(item, sentence, page_mentions_suicide)
            for rule in rules:
                if not in_scope[rule.scope]:
                    continue
                match = rule.pattern.search(sentence)
                if match:
                    hits.append(
                        ContentError(
                            item.path,
                            item.line,
                            f"safe messaging ({rule.id}): '{match[0]}' — {rule.reason}",
                            f"better: {rule.better}",
                        )
                    )
    return hits


def mentions_suicide(texts: Iterable[str]) -> bool:
    return any(MENTIONS_SUICIDE.search(t) for t in texts)


def _scopes(item: Text, sentence: str, page_mentions_suicide: bool) -> dict[str, bool]:
    """Whether each scope a rule may have holds for this sentence (once per sentence, not per
    rule: the suicide test is a regex search)."""
    return {
        "anywhere": True,
        "suicide-sentence": bool(MENTIONS_SUICIDE.search(sentence)),
        "suicide-page": page_mentions_suicide,
        "title": item.title,
    }


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def markdown_texts(path: Path, markdown: str, first_line: int = 1) -> list[Text]:
    """A Markdown page as checkable lines: headings count as titles; code blocks are skipped."""
    texts = []
    for index, line in prose_lines(markdown):
        number = first_line + index
        if not line.strip():
            continue
        heading = line.lstrip().startswith("#")
        texts.append(
            Text(path, number, line.lstrip("# ").strip() if heading else line, title=heading)
        )
    return texts


def check_site(articles, clusters, taxonomy, rules: tuple[WordingRule, ...]) -> list[ContentError]:
    """Every article line, judged by the topic pages its claims land on, and every generated
    page's title and headings (as written in topics.yml)."""
    suicide_pages = {c.page for c in clusters if MENTIONS_SUICIDE.search(c.text + " " + c.question)}
    pages_of: dict[str, set[str]] = {}
    for cluster in clusters:
        for member in cluster.members:
            pages_of.setdefault(member.article, set()).add(cluster.page)
    hits = []
    for article in articles:
        on_suicide_page = bool(pages_of.get(article.slug, set()) & suicide_pages)
        key = (article.path, article.title, article.body, article.body_line, on_suicide_page, rules)
        hits += _article_hits.get(
            key, lambda a=article, p=on_suicide_page: _article_check(a, rules, p)
        )
    for topic in taxonomy.topics:
        titles = [Text(taxonomy.path, topic.line, topic.title, title=True)]
        titles += [Text(taxonomy.path, s.line, s.title, title=True) for s in topic.sections]
        hits += check(titles, rules, page_mentions_suicide=topic.slug in suicide_pages)
    return hits


def _article_check(
    article: Article, rules: tuple[WordingRule, ...], on_suicide_page: bool
) -> tuple[ContentError, ...]:
    body_speaks = bool(MENTIONS_SUICIDE.search(article.body))
    on_suicide_page = on_suicide_page or body_speaks
    rules = _possible(
        rules,
        (article.title, article.body),
        page_about_suicide=on_suicide_page,
        text_about_suicide=body_speaks or bool(MENTIONS_SUICIDE.search(article.title)),
    )
    if not rules:
        return ()
    texts = [Text(article.path, 2, article.title, title=True)]
    texts += markdown_texts(article.path, article.body, article.body_line)
    return tuple(check(texts, rules, page_mentions_suicide=on_suicide_page))


def check_page(
    path: Path, source: str, markdown: str, rules: tuple[WordingRule, ...]
) -> list[ContentError]:
    """A hand-written page: ``markdown`` is its body as MkDocs read it from ``source`` (the whole
    file, front matter included), so line numbers are counted in the file."""
    start = source.find(markdown.strip()[:80]) if markdown.strip() else -1
    first_line = source.count("\n", 0, start) + 1 if start >= 0 else 1
    body = markdown.strip("\n")
    about_suicide = mentions_suicide([body])
    rules = _possible(
        rules, (body,), page_about_suicide=about_suicide, text_about_suicide=about_suicide
    )
    if not rules:
        return []
    return check(markdown_texts(path, body, first_line), rules, page_mentions_suicide=about_suicide)


def _possible(
    rules: tuple[WordingRule, ...],
    wholes: tuple[str, ...],
    *,
    page_about_suicide: bool,
    text_about_suicide: bool,
) -> tuple[WordingRule, ...]:
    """The rules that can match a sentence of ``wholes`` (texts every checked sentence is a piece
    of), in their order. A rule that is nowhere in them can match none (``WordingRule.local``);
    a rule for pages about suicide has nothing to match on another page, and one for sentences
    about suicide nothing where no text speaks of it (``text_about_suicide``: the title may, when
    the body does not). Most rules are on no page, and trying each on every sentence was most of
    the check's time."""
    lowered = [whole.lower() if whole.isascii() else None for whole in wholes]
    return tuple(
        rule
        for rule in rules
        if rule.scope != "suicide-page" or page_about_suicide
        if rule.scope != "suicide-sentence" or text_about_suicide
        if not rule.local or any(map(rule.found_in, wholes, lowered))
    )
