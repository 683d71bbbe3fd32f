"""What an import did, for the terminal and for ``--report``: every removed line, by rule."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from kapsite.errors import ContentError
from kapsite.importer import Draft
from kapsite.importer.rules import RULES

RULE_ORDER = {rule.name: n for n, rule in enumerate(RULES)}
RULE_ORDER["citation"] = len(RULES)


def removed_by_rule(draft: Draft) -> Counter[str]:
    return Counter(line.removed_by for line in draft.removed)


def changed_by_rule(draft: Draft) -> Counter[str]:
    return Counter(rule for line in draft.kept for rule in dict.fromkeys(line.changed_by))


def _counts(counter: Counter[str]) -> str:
    ordered = sorted(counter.items(), key=lambda kv: RULE_ORDER.get(kv[0], 99))
    return ", ".join(f"{name} {count}" for name, count in ordered) or "none"


def summary(draft: Draft) -> list[str]:
    """A few lines for the terminal."""
    removed = removed_by_rule(draft)
    new = sum(1 for ref in draft.references if not ref.existing)
    linked = sum(1 for m in draft.mentions if m.key)
    lines = [
        f"  kept {len(draft.kept)} lines, removed {sum(removed.values())} ({_counts(removed)})",
        f"  changed: {_counts(changed_by_rule(draft))}",
        f"  references: {len(draft.references)} parsed ({new} new, "
        f"{len(draft.references) - new} already in the bibliography), "
        f"{len(draft.unparsed)} not parsed; author-year mentions: {linked} linked, "
        f"{len(draft.mentions) - linked} not linked",
    ]
    lines += [f"  warning: {warning}" for warning in warnings(draft)]
    return lines


def warnings(draft: Draft) -> list[str]:
    found = []
    if not draft.title:
        found.append("no heading found for the title: write one in the front matter")
    for line in draft.cut_off:
        found.append(
            f"line {line.number}: the sentence is cut off in the source, marked TODO(kapsite) "
            f"in the draft: {line.text}"
        )
    for line in draft.unparsed:
        found.append(
            f"line {line.number}: not read as a reference, left out of the .bib: {line.text}"
        )
    for mention in draft.mentions:
        if not mention.key:
            found.append(
                f"line {mention.line}: '{mention.text}' matches no reference: left as text"
            )
    for ref in draft.references:
        if ref.existing:
            found.append(
                f"line {ref.line}: {ref.family} ({ref.year}) is already '{ref.key}' in "
                f"{ref.existing}: no new entry; check that it is the same work"
            )
    return found


def report_markdown(drafts: Iterable[Draft], errors: Iterable[ContentError]) -> str:
    out = ["# kapsite import report", ""]
    for draft in drafts:
        out += [f"## {draft.source}", ""]
        out += [f"- article: `{draft.article_path}`"]
        if draft.bib_text:
            out += [f"- bibliography: `{draft.bib_path}`"]
        out += [f"- read as: {'HTML' if draft.is_html else 'text'}, {draft.encoding}"]
        out += [f"- title: {draft.title or '(none found)'}", ""]
        out += [line.lstrip() for line in summary(draft)]
        out += ["", "### Removed lines", "", "| line | rule | text |", "|---|---|---|"]
        for line in draft.removed:
            text = line.original or line.text
            out.append(f"| {line.number} | {line.removed_by} | {_cell(text)} |")
        out += ["", "### Changed lines", "", "| line | rules | now |", "|---|---|---|"]
        for line in draft.kept:
            if line.changed_by:
                rules = ", ".join(dict.fromkeys(line.changed_by))
                out.append(f"| {line.number} | {rules} | {_cell(line.text)} |")
        out += ["", "### References", ""]
        for ref in draft.references:
            where = f"already in {ref.existing}" if ref.existing else "new, unverified"
            out.append(f"- line {ref.line}: `{ref.key}` ({where}): {ref.raw}")
        out.append("")
    for error in errors:
        out += [f"## {error.path}", "", f"Not imported: {error}", ""]
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
