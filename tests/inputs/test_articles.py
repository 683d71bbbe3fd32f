from pathlib import Path

import pytest

from kapsite.errors import ContentError, ContentErrors
from kapsite.inputs.articles import check_source_keys, parse_article, read_article, read_articles

GOOD = "---\ntitle: A title\nsource:\n  publisher: Clinic\n  url: https://example.org/a\npublished: 2024-05-01\n---\n\nBody text.\n"


def test_front_matter_and_body_line_are_read() -> None:
    article = parse_article(Path("content/articles/good.md"), GOOD)
    assert article.slug == "good"
    assert article.title == "A title"
    assert article.source.publisher == "Clinic"
    assert article.source.url == "https://example.org/a"
    assert article.published == "2024-05-01"
    assert article.body_line == 8
    assert article.body.split("\n")[1] == "Body text."


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "the article is empty"),
        ("No front matter.\n", 1, "has no front matter"),
        ("---\ntitle: T\n", 1, "never closed"),
        ("---\ntitle: T\nsource:\n  publisher: P\n---\n\n", 5, "no body text"),
        ("---\nsource:\n  publisher: P\n---\nText\n", 2, "no 'title'"),
        ("---\ntitle: T\n---\nText\n", 2, "no 'source'"),
        ("---\ntitle: T\nsource: just a name\n---\nText\n", 3, "needs a 'publisher'"),
        (
            "---\ntitle: T\nsource:\n  publisher: P\npublished: last May\n---\nText\n",
            5,
            "not a date",
        ),
        (
            "---\ntitle: T\nsource:\n  publisher: P\ncolour: red\n---\nText\n",
            5,
            "unknown front matter field 'colour'",
        ),
        ("---\ntitle: 'unclosed\nsource:\n  publisher: P\n---\nText\n", 2, "not valid YAML"),
        # Front matter is read on libyaml's parser where PyYAML has it; what it refuses, and
        # any tab (which it takes and PyYAML's own parser refuses), is read by PyYAML's own, so
        # an article fails alike on every machine, in PyYAML's words.
        ("---\ntitle: T\nsource: a: b\n---\nText\n", 3, "mapping values are not allowed here"),
        ("---\ntitle:\tKetamine basics\n---\nText\n", 2, "found character '\\t'"),
    ],
)
def test_bad_article_raises_error_with_line_and_fix(text: str, line: int, message: str) -> None:
    with pytest.raises(ContentError) as caught:
        parse_article(Path("a.md"), text)
    assert caught.value.line == line
    assert message in caught.value.message
    assert caught.value.fix


def test_non_utf8_file_names_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin.md"
    path.write_bytes(b"---\ntitle: T\nsource:\n  publisher: P\n---\ncaf\xe9\n")
    with pytest.raises(ContentError) as caught:
        read_article(path)
    assert caught.value.line == 6 and "not UTF-8" in caught.value.message


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_text(GOOD + "x" * 2000)
    with pytest.raises(ContentError, match="over the limit"):
        read_article(path, max_bytes=1000)


def test_articles_are_read_in_file_name_order(tmp_path: Path) -> None:
    for name in ("b-second.md", "a-first.md"):
        (tmp_path / name).write_text(GOOD)
    assert [a.slug for a in read_articles(tmp_path, 10_000)] == ["a-first", "b-second"]


def test_file_name_that_is_not_a_slug_is_refused(tmp_path: Path) -> None:
    (tmp_path / "My Article.md").write_text(GOOD)
    with pytest.raises(ContentError, match="not a valid slug"):
        read_articles(tmp_path, 10_000)


def test_an_impossible_date_is_an_error_on_its_line() -> None:
    text = "---\ntitle: T\nsource:\n  publisher: P\npublished: 2024-13-01\n---\nText.\n"
    with pytest.raises(ContentError) as caught:
        parse_article(Path("a.md"), text)
    assert caught.value.line == 5 and "date that does not exist" in caught.value.message


def test_docs_page_review_date_must_be_a_date() -> None:
    from kapsite.inputs.articles import check_page_front_matter

    with pytest.raises(ContentError) as caught:
        check_page_front_matter(
            Path("docs/about.md"), "---\ndescription: x\nreviewed: next spring\n---\n# A\n"
        )
    assert caught.value.line == 3 and "'reviewed' is not a date" in caught.value.message


# --- Every problem of a run at once, each at its exact line ------------------------------------


def test_three_articles_missing_a_publisher_are_reported_in_one_run(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.md").write_text(
            f"---\ntitle: {name}\nsource:\n  publisher:\n---\nText.\n", encoding="utf-8"
        )
    with pytest.raises(ContentErrors) as caught:
        read_articles(tmp_path, 1_000_000)
    assert [(e.path.name, e.line) for e in caught.value.errors] == [
        ("a.md", 4),
        ("b.md", 4),
        ("c.md", 4),
    ]


def test_a_missing_publisher_points_at_the_empty_field_not_at_source() -> None:
    text = "---\ntitle: T\nsource:\n  title: Original\n  publisher: ''\n---\nText.\n"
    with pytest.raises(ContentError) as caught:
        parse_article(Path("a.md"), text)
    assert caught.value.line == 5 and "publisher" in caught.value.message


def test_independent_front_matter_problems_of_one_article_come_together() -> None:
    text = "---\nsource:\n  publisher: P\nreviewed: soon\ncolour: red\n---\nText.\n"
    with pytest.raises(ContentErrors) as caught:
        parse_article(Path("a.md"), text)
    assert sorted((e.line, e.message[:20]) for e in caught.value.errors) == [
        (2, "the front matter has"),
        (4, "'reviewed' is not a "),
        (5, "unknown front matter"),
    ]


def test_a_bad_accept_uncited_entry_is_reported_at_its_own_line() -> None:
    text = (
        "---\ntitle: T\nsource:\n  publisher: P\naccept_uncited:\n"
        "  - figure: '70%'\n    reason: ok\n  - figure: '5'\n---\nText.\n"
    )
    with pytest.raises(ContentError) as caught:
        parse_article(Path("a.md"), text)
    assert caught.value.line == 8


def test_a_source_key_with_no_bibliography_entry_is_an_error_at_its_line() -> None:
    text = "---\ntitle: T\nsource:\n  publisher: P\n  key: source-clinc\n---\nText.\n"
    article = parse_article(Path("a.md"), text)
    (error,) = check_source_keys([article], {"source-clinic", "krystal2019"})
    assert error.line == 5 and "did you mean 'source-clinic'" in error.fix
    assert check_source_keys([article], {"source-clinc"}) == []
