"""``accept_uncited`` entries that accept nothing: a near miss, or a figure the article never states.

An entry must match a figure exactly as the article states it; "300 million people" accepts
nothing when the text's figure is "300 million", and the figure is still flagged as uncited. So a
near miss names the figure found and its line, and an entry no figure comes close to is reported
as unused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kapsite.errors import ContentError
from kapsite.model import Article, Statement


def unmatched_entries(
    articles: Iterable[Article], statements: Iterable[Statement]
) -> list[ContentError]:
    stated: dict[str, list[tuple[str, int]]] = {}
    for statement in statements:
        for figure in statement.figures:
            stated.setdefault(statement.article, []).append((figure, statement.line))
    warnings = []
    for article in articles:
        figures = stated.get(article.slug, [])
        for index, (entry, _reason) in enumerate(article.accepted_uncited):
            if any(figure == entry for figure, _ in figures):
                continue
            line = article.line_of(f"accept_uncited.{index}")
            near = next(((f, n) for f, n in figures if _near(entry, f)), None)
            if near:
                warnings.append(
                    ContentError(
                        article.path,
                        line,
                        f"accept_uncited figure '{entry}' matches no figure exactly; line "
                        f"{near[1]} states '{near[0]}'",
                        f'write figure: "{near[0]}", exactly as the article states it',
                    )
                )
            else:
                warnings.append(
                    ContentError(
                        article.path,
                        line,
                        f"accept_uncited figure '{entry}' is stated nowhere in the article",
                        "delete the entry, or write the figure exactly as the article states it",
                    )
                )
    return warnings


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _near(entry: str, figure: str) -> bool:
    """ "300 million people" and "300 million"; "24hrs" and "24"; "70 %" and "70%"."""
    a, b = entry.lower(), figure.lower()
    return a in b or b in a or (_digits(a) != "" and _digits(a) == _digits(b))
