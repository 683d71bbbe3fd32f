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
from kapsite.yamlfile import key_line, line_of, read_yaml

SCOPES = ("anywhere", "suicide-sentence", "suicide-page", "title")
MENTIONS_SUICIDE = re.compile(r"\bsuicid\w*|\bself[- ]harm", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: re.Pattern[str]
    scope: str
    reason: str
    better: str


@dataclass(frozen=True)
class Text:
    """One line of checked text, where it is, and whether it is a title or heading."""

    path: Path
    line: int
    text: str
    title: bool = False


def load_rules(path: Path) -> tuple[Rule, ...]:
    fix = "see the comments at the top of content/safe-messaging.yml"
    data = read_yaml(path, fix=fix, missing="the safe-messaging rules are missing")
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ContentError(path, key_line(data, "rules"), "the file needs a 'rules:' list", fix)
    rules = []
    for entry in data["rules"]:
        line = line_of(entry, key_line(data, "rules"))
        if not isinstance(entry, dict) or entry.get("scope") not in SCOPES:
            raise ContentError(
                path,
                key_line(entry, "scope", line) if isinstance(entry, dict) else line,
                f"rule {entry!r} needs a scope: one of {', '.join(SCOPES)}",
                fix,
            )
        try:
            pattern = re.compile(rf"\b(?:{entry['pattern']})\b", re.IGNORECASE)
        except (KeyError, re.error) as error:
            raise ContentError(
                path,
                key_line(entry, "pattern", line),
                f"rule '{entry.get('id')}' has a bad pattern: {error}",
                fix,
            ) from error
        rules.append(
            Rule(
                str(entry.get("id")),
                pattern,
                entry["scope"],
                str(entry.get("reason", "")),
                str(entry.get("better", "")),
            )
        )
    return tuple(rules)


def check(
    texts: Iterable[Text], rules: tuple[Rule, ...], *, page_mentions_suicide: bool
) -> list[ContentError]:
    """Every rule hit in ``texts``, one page's worth (scopes depend on the whole page)."""
    hits = []
    for item in texts:
        for sentence in _sentences(item.text):
            for rule in rules:
                if not _in_scope(rule, item, sentence, page_mentions_suicide):
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


def _in_scope(rule: Rule, item: Text, sentence: str, page_mentions_suicide: bool) -> bool:
    return {
        "anywhere": True,
        "suicide-sentence": bool(MENTIONS_SUICIDE.search(sentence)),
        "suicide-page": page_mentions_suicide,
        "title": item.title,
    }[rule.scope]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def markdown_texts(path: Path, markdown: str, first_line: int = 1) -> list[Text]:
    """A Markdown page as checkable lines: headings count as titles; code blocks are skipped."""
    texts, fenced = [], False
    for number, line in enumerate(markdown.split("\n"), start=first_line):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or not line.strip():
            continue
        heading = line.lstrip().startswith("#")
        texts.append(
            Text(path, number, line.lstrip("# ").strip() if heading else line, title=heading)
        )
    return texts


def check_site(articles, clusters, taxonomy, rules: tuple[Rule, ...]) -> list[ContentError]:
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
        on_suicide_page = on_suicide_page or bool(MENTIONS_SUICIDE.search(article.body))
        texts = [Text(article.path, 2, article.title, title=True)]
        texts += markdown_texts(article.path, article.body, article.body_line)
        hits += check(texts, rules, page_mentions_suicide=on_suicide_page)
    for topic in taxonomy.topics:
        titles = [Text(taxonomy.path, topic.line, topic.title, title=True)]
        titles += [Text(taxonomy.path, s.line, s.title, title=True) for s in topic.sections]
        hits += check(titles, rules, page_mentions_suicide=topic.slug in suicide_pages)
    return hits


def check_page(
    path: Path, source: str, markdown: str, rules: tuple[Rule, ...]
) -> list[ContentError]:
    """A hand-written page: ``markdown`` is its body as MkDocs read it from ``source`` (the whole
    file, front matter included), so line numbers are counted in the file."""
    start = source.find(markdown.strip()[:80]) if markdown.strip() else -1
    first_line = source.count("\n", 0, start) + 1 if start >= 0 else 1
    body = markdown.strip("\n")
    return check(
        markdown_texts(path, body, first_line),
        rules,
        page_mentions_suicide=mentions_suicide([body]),
    )
