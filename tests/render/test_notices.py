from pathlib import Path

from conftest import REPO

from kapsite.inputs.help import load_help
from kapsite.render.notices import Notices, with_notices
from kapsite.text.html import NOT_SEARCHED

NOTICES = Notices("<p>Not medical advice.</p>", load_help(REPO / "content" / "help.yml"))


def test_disclaimer_goes_under_the_title_or_first() -> None:
    page = with_notices("# T\n\nBody", NOTICES, help_page=False, reviewed=None)
    assert page.split("\n")[:3] == [
        "# T",
        "",
        '<aside class="kap-disclaimer" role="note" aria-label="Medical disclaimer"'
        f" {NOT_SEARCHED}><p>Not medical advice.</p></aside>",
    ]
    assert with_notices("Body only", NOTICES, help_page=False, reviewed=None).startswith("<aside")


def test_page_touching_on_suicide_gets_help_near_the_top() -> None:
    page = with_notices(
        "# T\n\nKetamine and suicidal thoughts.", NOTICES, help_page=False, reviewed=None
    )
    top = page.index("kap-help--top")
    assert top < page.index("Ketamine and suicidal")
    assert 'href="tel:988"' in page and "116 123" in page
    assert "[More ways to get help](getting-help.md)" in page


def test_other_pages_and_the_help_page_get_no_top_box() -> None:
    assert "kap-help--top" not in with_notices(
        "# T\n\nNMDA receptors.", NOTICES, help_page=False, reviewed=None
    )
    assert "kap-help--top" not in with_notices(
        "# Help\n\nsuicide", NOTICES, help_page=True, reviewed=None
    )


def test_review_dates_come_from_content_twelve_months_apart() -> None:
    page = with_notices("# T", NOTICES, help_page=False, reviewed=["2024-02-29"])
    assert 'Page last reviewed: <time datetime="2024-02-29">29 February 2024</time>' in page
    assert 'Next review due: <time datetime="2025-02-28">28 February 2025</time>' in page
    assert "not been reviewed yet" in with_notices("# T", NOTICES, help_page=False, reviewed=[""])


def test_a_page_can_ask_for_the_help_box_on_top() -> None:
    page = with_notices(
        "# Home\n\nWelcome.", NOTICES, help_page=False, reviewed=None, help_on_top=True
    )
    assert "kap-help--top" in page


def test_help_file_mistakes_are_content_errors(tmp_path: Path) -> None:
    import pytest

    from kapsite.errors import ContentError

    text = (REPO / "content" / "help.yml").read_text()
    bad_link = tmp_path / "links.yml"
    bad_link.write_text(text.replace('- {text: "116 123", href: "tel:116123"}', "- tel:116123"))
    with pytest.raises(ContentError, match="is not usable"):
        load_help(bad_link)
    odd_trigger = tmp_path / "triggers.yml"
    odd_trigger.write_text(text.replace("kill myself", "kill (myself"))
    assert load_help(odd_trigger).touches_on_suicide("I want to kill (myself")


def test_help_file_mistakes_point_at_their_line(tmp_path: Path) -> None:
    import pytest

    from kapsite.errors import ContentError

    path = tmp_path / "help.yml"
    good = "  - name: Samaritans\n    how: call 116 123\n"
    cases = {
        "lines:\n" + good + "  - name: No way to reach\n": 5,
        "lines:\n" + good + "  - name: Line\n    how: call 1\n    links:\n      - not a link\n": 8,
        "lines:\n"
        + good
        + "  - name: Line\n    how: call 1\n    links:\n      - {text: '9', href: 'javascript:x'}\n": 8,
    }
    for text, line in cases.items():
        path.write_text("title: Help\n" + text, encoding="utf-8")
        with pytest.raises(ContentError) as caught:
            load_help(path)
        assert caught.value.line == line, (text, str(caught.value))


def test_a_page_with_an_unreviewed_article_does_not_show_a_review_date() -> None:
    from kapsite.render.review_dates import review_html

    assert "not been reviewed yet" in review_html(["2026-01-01", ""])
    assert "Page last reviewed" in review_html(["2026-01-01", "2025-06-01"])
