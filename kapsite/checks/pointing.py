"""Sentences that point at something their paragraph never names ("These two uses...").

Segment keeps a sentence that opens by pointing back ("This raises...") with the sentence before
it. A statement that still opens that way had nothing before it in its paragraph or list item: on
its own, on a topic page, a reader cannot tell what "this" is. An FAQ answer is exempt, because
its question is shown above it and gives the word something to point at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kapsite.errors import ContentError
from kapsite.model import Statement

POINTING_START = re.compile(
    r"^(?:[\"'(“‘]\s*)?(?:this|these|that|those|it|its|they|their|them|such)\b", re.IGNORECASE
)
# "That ketamine works fast is known" points at nothing; "that" opens a clause here.
NOT_POINTING = re.compile(r"^(?:that|it)\s+(?:is|was)\s+(?:thought|known|said|believed)\b", re.I)


def dangling_references(statements: Iterable[Statement]) -> list[ContentError]:
    warnings = []
    for statement in statements:
        if statement.kind not in ("sentence", "item"):
            continue
        opening = POINTING_START.match(statement.text)
        if opening and not NOT_POINTING.match(statement.text):
            word = opening[0].strip("\"'(“‘ ")
            warnings.append(
                ContentError(
                    statement.path,
                    statement.line,
                    f"the sentence opens with '{word}' but nothing before it in its paragraph "
                    f"says what '{word}' is: '{statement.text[:60]}'",
                    "name the subject (write 'Ketamine...' rather than 'It...'), or join the "
                    "sentence to the paragraph it follows",
                )
            )
    return warnings
