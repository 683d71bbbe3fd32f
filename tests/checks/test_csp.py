import base64
import hashlib
from pathlib import Path

import material
import pytest

from kapsite.checks.csp import (
    ThemeScripts,
    UnexpectedScript,
    page_problems,
    policy_for,
    theme_scripts,
    with_content_security_policy,
)

SCOPE = '__md_scope=new URL("..",location)'
THEME = ThemeScripts(inline=frozenset({SCOPE}), sources=frozenset({"assets/app.js"}))
PAGE = (
    f'<html><head><meta charset="utf-8"><script>{SCOPE}</script>'
    '<script id="__config" type="application/json">{"x":1}</script>'
    '<script src="../assets/app.js"></script></head><body><p>Text.</p></body></html>'
)
MATERIAL = Path(material.__file__).parent / "templates"


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_policy_allows_exactly_the_pages_inline_scripts() -> None:
    policy = policy_for(PAGE, THEME)
    assert f"script-src 'self' {_sha(SCOPE)};" in policy
    assert _sha('{"x":1}') not in policy  # JSON data is not run
    assert "default-src 'none'" in policy and "unsafe-eval" not in policy


def test_no_inline_style_is_allowed() -> None:
    assert "style-src 'self';" in policy_for(PAGE, THEME)
    assert "unsafe-inline" not in policy_for(PAGE, THEME)


def test_policy_goes_before_any_script() -> None:
    html = with_content_security_policy(PAGE, THEME)
    assert html.index('http-equiv="Content-Security-Policy"') < html.index("<script")
    assert html.index('<meta charset="utf-8">') < html.index("Content-Security-Policy")


def test_an_inline_script_the_theme_does_not_write_is_refused() -> None:
    with pytest.raises(UnexpectedScript, match="alert"):
        policy_for(PAGE.replace("</head>", "<script>alert(1)</script></head>"), THEME)


def test_a_script_that_only_begins_like_the_themes_is_refused() -> None:
    script = SCOPE + ";alert(1)"
    with pytest.raises(UnexpectedScript, match="an inline script the theme does not write"):
        policy_for(PAGE.replace("</head>", f"<script>{script}</script></head>"), THEME)


@pytest.mark.parametrize(
    ("markup", "problem"),
    [
        ('<img src="x.png" onerror="alert(1)">', "an event handler onerror= on <img>"),
        ('<a href="java\tscript:alert(1)">x</a>', "an active URL href="),
        ("<style>.kap-disclaimer{display:none}</style>", "a <style> element"),
        (
            '<meta http-equiv="refresh" content="0;url=https://elsewhere.example/">',
            "a meta refresh to '0;url=https://elsewhere.example/'",
        ),
        ('<script src="https://elsewhere.example/x.js"></script>', "a script the theme does not"),
        ('<script src="../evil.js"></script>', "a script the theme does not load: '../evil.js'"),
        ('<iframe src="https://elsewhere.example/"></iframe>', "a <iframe> element"),
        ("<script>alert(1)", "an inline script the theme does not write: 'alert(1)"),
        # The browser ignores the slash: what follows up to </script> runs.
        ("<script/>alert(1)</script>", "an inline script the theme does not write: 'alert(1)'"),
        ('<template><img src="x.png" onerror="alert(1)"></template>', "a <template> element"),
        # With scripts on, the browser ends the <noscript> inside the title: a meta refresh.
        (
            '<noscript><p title="</noscript><meta http-equiv=refresh content=0;url=x>"></noscript>',
            "a <noscript> element",
        ),
        ('<script type="text/ecmascript">alert(1)</script>', "an inline script the theme does"),
        ('<script type="application/x-javascript">alert(1)</script>', "an inline script the"),
    ],
)
def test_the_final_html_check_finds_what_the_theme_does_not_write(
    markup: str, problem: str
) -> None:
    problems = page_problems(PAGE.replace("<p>Text.</p>", markup), THEME)
    assert any(problem in p for p in problems), problems


def test_a_clean_page_has_no_problems() -> None:
    assert page_problems(PAGE, THEME) == []


def test_the_themes_own_scripts_are_read_from_its_templates_for_every_depth() -> None:
    theme = theme_scripts([MATERIAL], features=["navigation.top"])
    scopes = [s for s in theme.inline if s.startswith("__md_scope=new URL(")]
    assert any(s.startswith('__md_scope=new URL(".",') for s in scopes)
    assert any(s.startswith('__md_scope=new URL("../..",') for s in scopes)
    assert any(s.startswith('__md_scope=new URL("/",') for s in scopes)  # the 404 page
    assert any(s.startswith("var palette=__md_get(") for s in theme.inline)
    assert any(s.startswith("assets/javascripts/bundle.") for s in theme.sources)


def test_the_404_page_of_a_site_under_a_path_loads_the_themes_scripts() -> None:
    """GitHub Pages publishes a project at /<repository>/: the 404 page's root-relative script
    addresses carry that path, and are still the theme's own."""
    theme = theme_scripts([MATERIAL], site_path="/kapsite/")
    bundle = next(s for s in theme.sources if s.startswith("assets/javascripts/bundle."))
    page = f'<html><head><script src="/kapsite/{bundle}"></script></head></html>'
    assert page_problems(page, theme) == []
    elsewhere = f'<html><head><script src="/other/{bundle}"></script></head></html>'
    assert page_problems(elsewhere, theme) != []


def test_a_script_type_with_spaces_is_still_a_script() -> None:
    # The browser ignores the spaces and runs it; so must the check.
    page = PAGE.replace("</head>", '<script type=" text/javascript ">alert(1)</script></head>')
    assert any("alert" in p for p in page_problems(page, THEME))


def test_a_json_ld_block_left_open_is_refused() -> None:
    page = PAGE.replace("</head>", '<script type="application/ld+json">{"a": 1}')
    assert "a JSON-LD block left open to the end of the page" in page_problems(page, THEME)
