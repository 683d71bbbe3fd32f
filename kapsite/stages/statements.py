"""The per-article stages, segment → classify → mentions, over the articles whose statements
are not in the cache: in this process, or in worker processes for a large corpus.

An article's statements depend only on the article, the taxonomy and the bibliography, so the
articles can be read in any order and in several processes at once; the results come back in
the articles' order (``Executor.map``), so the statements and the errors are the same, in the
same order, as one process reading the articles one after another.

Workers are forked from the build's process, so they start at once and share its inputs,
unless another thread runs (``mkdocs serve``'s server): a forked child could inherit a lock that
thread holds, so workers are then started fresh ("spawn"), which also imports the program's
main module again (a script must guard its work with ``if __name__ == "__main__"``).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator, Sequence

from kapsite.errors import ContentError, ContentErrors
from kapsite.inputs.bibliography import BibEntry
from kapsite.inputs.topics import Taxonomy
from kapsite.model import Article, Statement
from kapsite.stages.classify import classify
from kapsite.stages.mentions import MentionIndex, resolve_mentions
from kapsite.stages.segment import segment
from kapsite.text.markdown_source import keep_outlines, take_outlines
from kapsite.timing import StageTimes, timed

# Articles to read before workers are worth starting: a worker takes about half a second to
# start (it imports the stages), and an article about 15 ms to read.
PARALLEL_FROM = 100

# (statements, or None when the article has errors; its errors)
Outcome = tuple[tuple[Statement, ...] | None, list[ContentError]]


def read_statements(
    articles: Sequence[Article],
    taxonomy: Taxonomy,
    bibliography: dict[str, BibEntry],
    index: MentionIndex,
    *,
    workers: int = 1,
    profile: StageTimes | None = None,
    parallel_from: int = PARALLEL_FROM,
) -> Iterator[Outcome]:
    """Each article's statements and errors, in the articles' order, each as soon as it is
    read (the caller stores one while the workers read the next). ``profile`` receives the
    time of each part ("statements: segment", ...), summed over the workers."""
    if workers <= 1 or len(articles) < max(parallel_from, 2):
        for article in articles:
            yield _outcome(article, taxonomy, bibliography, index, profile)
        return
    # Imported here: a build below PARALLEL_FROM articles (the real site) never needs them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # A few chunks per worker: few enough that sending them costs little, enough that one
    # worker is not left with the long articles while the others wait.
    chunk = max(1, len(articles) // (workers * 8))
    handed_back = 0
    try:
        with ProcessPoolExecutor(
            min(workers, len(articles)),
            mp_context=multiprocessing.get_context(_start_method()),
            initializer=_start_worker,
            initargs=(taxonomy, bibliography, index, profile is not None),
        ) as pool:
            for outcome, times, outlines in pool.map(_in_worker, articles, chunksize=chunk):
                if profile is not None and times is not None:
                    profile.add(times)
                keep_outlines(outlines)  # the checks and the build report ask for them next
                handed_back += 1
                yield outcome
    except BrokenProcessPool:
        # A worker that died (killed, out of memory) loses nothing: the articles not yet
        # handed back are read here, in their order, and report their own errors as usual.
        pass
    for article in articles[handed_back:]:
        yield _outcome(article, taxonomy, bibliography, index, profile)


def _start_method() -> str:
    # Only on Linux: macOS's system libraries are not safe to fork (Python spawns there too).
    alone = threading.active_count() == 1
    return "fork" if alone and sys.platform == "linux" else "spawn"


def article_statements(
    article: Article,
    taxonomy: Taxonomy,
    bibliography: dict[str, BibEntry],
    index: MentionIndex,
    profile: StageTimes | None = None,
) -> tuple[Statement, ...]:
    """One article's statements, routed to their pages and with the keys their author-year
    mentions name ("(Krystal et al., 2019)"; "@krystal2019 found...")."""
    with timed(profile, "statements: segment"):
        statements = segment(article)
    with timed(profile, "statements: classify"):
        statements = classify(statements, taxonomy)
    with timed(profile, "statements: mentions"):
        return tuple(resolve_mentions(statements, bibliography, index))


def _outcome(
    article: Article,
    taxonomy: Taxonomy,
    bibliography: dict[str, BibEntry],
    index: MentionIndex,
    profile: StageTimes | None,
) -> Outcome:
    try:
        return article_statements(article, taxonomy, bibliography, index, profile), []
    except ContentErrors as error:
        return None, list(error.errors)
    except ContentError as error:
        return None, [error]


# What a worker process reads every article against, set once when it starts. Only worker
# processes set it; the build's own process never reads it.
_WORKER: tuple[Taxonomy, dict[str, BibEntry], MentionIndex, bool] | None = None


def _start_worker(
    taxonomy: Taxonomy, bibliography: dict[str, BibEntry], index: MentionIndex, timing: bool
) -> None:
    global _WORKER
    # A forked worker also inherits the build's paused collector (``pipeline.collector_paused``)
    # and reads its articles with it paused, as the build does; a spawned one has it on.
    _WORKER = (taxonomy, bibliography, index, timing)
    take_outlines()  # a forked worker starts with the build's: it hands back only its own


def _in_worker(article: Article) -> tuple[Outcome, StageTimes | None, dict]:
    assert _WORKER is not None, "_start_worker runs first in every worker"
    taxonomy, bibliography, index, timing = _WORKER
    profile = StageTimes() if timing else None
    outcome = _outcome(article, taxonomy, bibliography, index, profile)
    return outcome, profile, take_outlines()
