"""What the site's search finds, as the theme's search (Material 9.8) reads it.

The theme indexes every page's text by section (``plugins/search/plugin.py``). What a reader
would not search for (the disclaimer and help box every page repeats, the legend, key facts that
repeat claims, the sources under each paragraph, evidence labels, citation previews, reference
lists and review dates) carries ``NOT_SEARCHED``, which the plugin leaves out of its index and
then removes from the page. Each claim also gets an entry of its own (``search_index``),
so a search for its words leads to the claim's anchor, on the page or the part that shows it,
not to the top of a long section. The sources' quotes are left out, but not their words: a claim
says "feel sick" where its sources say "nausea", and a reader may search for either. Its entry
lists each word its sources use that it does not (``source_words``), once.

The claims' paragraphs (and list items) carry the mark, not each claim's ``<span>``: the plugin
cannot leave out an element that holds another of the same tag (it compares the elements it
skips by tag name, so the inner one's end tag ends the skip), and a claim's span holds the
span ids it was published under.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kapsite.model import Claim, TopicPage
from kapsite.output import ClaimEntry
from kapsite.render.topic_page import kept_whole, plain_claim_text
from kapsite.stages.compose import QUOTES_SHOWN
from kapsite.stages.dedupe.terms import STOPWORDS
from kapsite.text.html import NOT_SEARCHED

__all__ = ["NOT_SEARCHED", "ClaimEntry", "claim_entries", "source_words"]

WORD = re.compile(r"[^\W_]+")
SHORTEST_WORD = 3  # "a", "of", "is": words search does not look for


def claim_entries(pages: Sequence[TopicPage]) -> list[ClaimEntry]:
    """Every claim the pages show as a sentence, in page order. A claim shown as a block (a
    table or quote kept whole) is indexed by the theme with its section."""
    return [
        ClaimEntry(
            page.where(claim.id),
            claim.id,
            plain_claim_text(claim.text),
            claim.question,
            page.title,
            source_words(claim),
        )
        for page in pages
        for section in page.sections
        for claim in section.clusters
        if not kept_whole(claim)
    ]


def source_words(claim: Claim) -> str:
    """Each word the quotes under the claim use and the claim does not, once, in the order
    they first appear; common words ("the", "with": dedupe's ``STOPWORDS``) left out, since
    nobody finds a claim by them. The quotes are the ones the page shows (``QUOTES_SHOWN``); corrected statements are
    left out: their words are what we corrected."""
    own = {word.lower() for word in WORD.findall(plain_claim_text(claim.text))}
    found: dict[str, None] = {}
    for statement in claim.members[:QUOTES_SHOWN]:
        for word in WORD.findall(statement.text):
            word = word.lower()
            if len(word) >= SHORTEST_WORD and word not in own and word not in STOPWORDS:
                found.setdefault(word)
    return " ".join(found)
