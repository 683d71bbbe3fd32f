"""Plain language, measured: Flesch-Kincaid grade per page with textstat (0.7.8: offline).

Readers may be distressed and reading on a phone. Page introductions and FAQ answers, the text
people read first, should be at grade 8 or below; the check warns (strict fails) above that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import textstat

from kapsite.errors import ContentError
from kapsite.inputs.topics import Taxonomy
from kapsite.model import TopicPage
from kapsite.text.markdown_source import blank_code

MAX_GRADE = 8.0
# Flesch-Kincaid is noise on a few words ("Questions." scores 8.4); shorter texts are not graded.
MIN_WORDS = 10


@dataclass(frozen=True)
class PageGrade:
    page: str  # URL path
    grade: float
    words: int


def grade(text: str) -> float:
    return round(float(textstat.flesch_kincaid_grade(text)), 1) if text.strip() else 0.0


def plain_text(markdown: str) -> str:
    """Prose only: code, tables, HTML tags, link targets and Markdown marks removed; headings and
    list items end as sentences so they are not run together into one long one."""
    text = re.sub(r"^---\n.*?\n---\n", "", markdown, flags=re.S)
    text = blank_code(text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\{[^}]*\}", " ", text)
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"^\s*(?:#+|[-*+]|\d+\.|!!!.*|\|.*)\s*", "", line).strip(" *_`")
        if line:
            lines.append(line if line[-1] in ".!?:" else line + ".")
    return " ".join(lines)


def _gradable(text: str) -> bool:
    return len(text.split()) >= MIN_WORDS


def page_grades(pages: dict[str, str]) -> list[PageGrade]:
    """``pages``: URL path -> Markdown. Sorted by URL for a stable report."""
    result = []
    for url, markdown in sorted(pages.items()):
        text = plain_text(markdown)
        result.append(PageGrade(url, grade(text), int(textstat.lexicon_count(text))))
    return result


def check_first_reads(pages: list[TopicPage], taxonomy: Taxonomy) -> list[ContentError]:
    """A warning for each topic page whose own text (its introduction and the claims an editor
    wrote) reads above grade 8, and for an introduction that does on its own."""
    warnings = []
    for page in pages:
        topic = taxonomy.topic(page.slug)
        if _gradable(page.intro) and grade(page.intro) > MAX_GRADE:
            warnings.append(
                ContentError(
                    taxonomy.path,
                    topic.line,
                    f"the introduction of '{page.slug}' reads at grade {grade(page.intro)} (over {MAX_GRADE:g})",
                    "use shorter sentences and everyday words",
                )
            )
        reviewed = [c for s in page.sections for c in s.clusters if not c.pending]
        text = " ".join([page.intro, *(c.text for c in reviewed)])
        level = grade(plain_text(text))
        if reviewed and _gradable(text) and level > MAX_GRADE:
            warnings.append(
                ContentError(
                    taxonomy.path,
                    topic.line,
                    f"the page '{page.slug}' reads at grade {level} (over {MAX_GRADE:g})",
                    f"shorten the longest claims in content/claims/{page.slug}.yml",
                )
            )
    return warnings
