from pathlib import Path

from kapsite.model import Article, Citation, Claim, Reference, Section, Source, Statement, TopicPage
from kapsite.render.bibliography_page import render_bibliography


def _claim(n: int, article: str, *keys: str) -> Claim:
    statement = Statement(
        f"{article}:{n}",
        article,
        Path(f"{article}.md"),
        n,
        f"Fact {n}.",
        tuple(map(Citation, keys)),
    )
    return Claim(f"claim-{n}", f"Fact {n}.", (statement,), "p", "s")


def _reference(key: str, group: str) -> Reference:
    return Reference(key, f"<cite>{key}</cite>", key, "verified", group=group)


def test_each_reference_says_how_many_claims_of_each_page_rely_on_it() -> None:
    references = {
        "study": _reference("study", "study"),
        "source-a": _reference("source-a", "source-article"),
    }
    article = Article("a", Path("a.md"), "A", Source("Pub", key="source-a"), "", 1)
    other = Article("b", Path("b.md"), "B", Source("Pub"), "", 1)
    claims = (_claim(1, "a", "study"), _claim(2, "a", "study", "study"), _claim(3, "b"))
    page = TopicPage(
        "overview",
        "Overview",
        "",
        (Section("s", "S", claims),),
        references=(references["study"],),
        articles=(article, other),
    )
    markdown = render_bibliography([page], references)
    study, source = markdown.split('id="ref-study"')[1], markdown.split('id="ref-source-a"')[1]
    assert "Used on: [Overview](overview.md#references) (2 claims)" in study.split("</div>")[0]
    assert "Used on: [Overview](overview.md#references) (2 claims)" in source.split("</div>")[0]
