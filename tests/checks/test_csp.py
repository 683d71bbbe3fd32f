import base64
import hashlib

from kapsite.checks.csp import policy_for, with_content_security_policy

PAGE = (
    '<html><head><meta charset="utf-8"><script>__md_scope=new URL("..",location)</script>'
    '<script id="__config" type="application/json">{"x":1}</script>'
    '<script src="app.js"></script></head><body></body></html>'
)


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_policy_allows_exactly_the_pages_inline_scripts() -> None:
    policy = policy_for(PAGE)
    scope = _sha('__md_scope=new URL("..",location)')
    assert f"script-src 'self' {scope};" in policy
    assert _sha('{"x":1}') not in policy  # JSON data is not run
    assert "default-src 'none'" in policy and "unsafe-eval" not in policy


def test_policy_goes_before_any_script() -> None:
    html = with_content_security_policy(PAGE)
    assert html.index('http-equiv="Content-Security-Policy"') < html.index("<script")
    assert html.index('<meta charset="utf-8">') < html.index("Content-Security-Policy")


def test_an_inline_script_the_theme_does_not_write_is_refused() -> None:
    import pytest

    from kapsite.checks.csp import UnexpectedScript

    with pytest.raises(UnexpectedScript, match="alert"):
        policy_for(PAGE.replace("</head>", "<script>alert(1)</script></head>"))
