from pathlib import Path

import pytest
from conftest import (
    REPO,
    Project,
)

from kapsite.checks.safe_messaging import Text, check
from kapsite.inputs.safe_messaging_rules import load_rules

RULES = load_rules(REPO / "content" / "safe-messaging.yml")


def _hits(text: str, *, suicide_page: bool = False, title: bool = False) -> list[str]:
    found = check([Text(Path("a.md"), 7, text, title)], RULES, page_mentions_suicide=suicide_page)
    return [e.message.split(")")[0].split("(")[1] for e in found]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("He committed suicide in 2019.", "commit-suicide"),
        ("After a failed attempt she got help.", "successful-attempt"),
        ("Suicide rates are skyrocketing.", "epidemic"),
        ("She chose to die by suicide.", "chose-to"),
        ("Some saw suicide as the only way out.", "way-out"),
    ],
)
def test_harmful_wording_is_caught_with_its_rule(text: str, rule: str) -> None:
    assert _hits(text) == [rule]


def test_alarm_words_count_only_next_to_suicide() -> None:
    assert _hits("Interest in ketamine is skyrocketing.") == []


def test_method_words_and_doses_count_only_on_pages_about_suicide() -> None:
    text = "The risk of overdose is low at 0.5 mg/kg."
    assert _hits(text) == []
    assert _hits(text, suicide_page=True) == ["method-words", "doses"]


def test_method_word_in_a_title_is_caught() -> None:
    assert "method-in-title" in _hits("Overdose and ketamine", title=True)


def test_each_hit_names_file_line_and_better_wording() -> None:
    (hit,) = check(
        [Text(Path("a.md"), 7, "They committed suicide.")], RULES, page_mentions_suicide=True
    )
    assert str(hit).startswith("a.md:7: safe messaging (commit-suicide)")
    assert hit.fix == "better: died by suicide; took their own life"


def test_build_warns_and_strict_build_fails_on_an_article_and_a_docs_page(project: Project) -> None:
    project.write(
        "content/articles/third.md",
        "---\ntitle: T\nsource:\n  publisher: P\n---\nSome people commit suicide.\n",
    )
    with (project.root / "docs" / "about.md").open("a") as about:
        about.write("\nIt was the only way out, he said.\n")
    result = project.mkdocs_build()
    assert result.returncode != 0
    assert "content/articles/third.md:6: safe messaging (commit-suicide)" in result.stderr
    about_lines = (project.root / "docs" / "about.md").read_text().count("\n")
    assert f"docs/about.md:{about_lines}: safe messaging (way-out)" in result.stderr


def test_a_rule_that_looks_past_a_sentence_is_tried_on_each_sentence(tmp_path: Path) -> None:
    """Articles are searched whole for each rule before their sentences are; a pattern with an
    anchor matches a sentence where it does not match the article (here: at a sentence's
    start, not the article's), and must still be found."""
    from kapsite.checks.safe_messaging import check_site
    from kapsite.inputs.topics import Taxonomy
    from kapsite.model import Article, Source

    path = tmp_path / "safe-messaging.yml"
    path.write_text(
        "rules:\n"
        "  - id: opens-with-epidemic\n    pattern: '^epidemic'\n    scope: anywhere\n"
        "  - id: commit-suicide\n    pattern: 'commit suicide'\n    scope: anywhere\n",
        encoding="utf-8",
    )
    rules = load_rules(path)
    body = "Rates rose last year. Epidemic is the word some papers used.\n\nNo more here.\n"
    article = Article("a", Path("a.md"), "A title", Source("P"), body, 6)
    hits = check_site([article], [], Taxonomy((), Path("topics.yml")), rules)
    assert [(e.line, e.message.split(")")[0]) for e in hits] == [
        (6, "safe messaging (opens-with-epidemic")
    ]
    assert [rule.local for rule in rules] == [False, True]


def test_an_articles_rules_for_suicide_pages_count_where_it_speaks_of_suicide() -> None:
    from kapsite.checks.safe_messaging import check_site
    from kapsite.inputs.topics import Taxonomy
    from kapsite.model import Article, Source

    def hits(body: str, title: str = "A title") -> list[str]:
        article = Article("a", Path("a.md"), title, Source("P"), body, 6)
        found = check_site([article], [], Taxonomy((), Path("topics.yml")), RULES)
        return [e.message.split(")")[0].split("(")[1] for e in found]

    assert hits("An overdose is rare.\n") == []
    assert hits("Suicide risk is watched.\n\nAn overdose is rare.\n") == ["method-words"]
    assert hits("Suicide rates are skyrocketing.\n") == ["epidemic"]
    # The title speaks of suicide, the body does not: the title's own words still count.
    assert hits("Rates rose last year.\n", title="Suicide rates are soaring") == ["epidemic"]


def test_the_look_ahead_ignores_case_as_the_rules_do(tmp_path: Path) -> None:
    """An ASCII text is first searched lower-cased, case kept, by patterns that case cannot
    change; every rule is still found whatever the text's case or characters."""
    from kapsite.checks.safe_messaging import check_site
    from kapsite.inputs.topics import Taxonomy
    from kapsite.model import Article, Source

    path = tmp_path / "safe-messaging.yml"
    path.write_text(
        "rules:\n"
        "  - id: lower\n    pattern: 'commit(?:s|ted)? suicide'\n    scope: anywhere\n"
        "  - id: upper\n    pattern: 'Epidemic'\n    scope: anywhere\n"
        "  - id: class\n    pattern: '[!-_]nly way out'\n    scope: anywhere\n",
        encoding="utf-8",
    )
    rules = load_rules(path)
    assert [rule.screen is not None for rule in rules] == [True, False, False]
    taxonomy = Taxonomy((), Path("topics.yml"))
    for body in (
        "They COMMIT Suicide.\n\nAn EPIDEMIC, they said.\n\nIt was the ONLY way out.\n",
        "They commit suicide \u2014 she said.\n\nAn epidemic.\n\nThe only way out.\n",
    ):
        article = Article("a", Path("a.md"), "A title", Source("P"), body, 6)
        found = check_site([article], [], taxonomy, rules)
        assert [e.message.split(")")[0].split("(")[1] for e in found] == ["lower", "upper", "class"]


def test_a_docs_page_gets_each_rule_that_looks_past_a_sentence(tmp_path: Path) -> None:
    from kapsite.checks.safe_messaging import check_page

    path = tmp_path / "safe-messaging.yml"
    path.write_text(
        "rules:\n  - id: opens-with-epidemic\n    pattern: '^epidemic'\n    scope: anywhere\n",
        encoding="utf-8",
    )
    source = "---\ntitle: T\n---\n# T\n\nRates rose. Epidemic is a word to avoid.\n"
    markdown = source.split("---\n", 2)[2]
    (hit,) = check_page(Path("docs/t.md"), source, markdown, load_rules(path))
    assert hit.line == 6 and "opens-with-epidemic" in hit.message


def test_a_rule_file_mistake_points_at_its_line(tmp_path: Path) -> None:
    from kapsite.errors import ContentError

    path = tmp_path / "safe-messaging.yml"
    good = "  - id: a\n    pattern: 'x'\n    scope: anywhere\n"
    for text, line in {
        "rules:\n" + good + "  - id: b\n    pattern: 'y'\n    scope: nowhere\n": 8,
        "rules:\n" + good + "  - id: b\n    pattern: '(y'\n    scope: anywhere\n": 7,
    }.items():
        path.write_text("# rules\n" + text, encoding="utf-8")
        with pytest.raises(ContentError) as caught:
            load_rules(path)
        assert caught.value.line == line, (text, str(caught.value))
