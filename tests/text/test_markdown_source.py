from kapsite.checks.readability import plain_text
from kapsite.checks.safe_messaging import markdown_texts
from kapsite.checks.sanitise import scan
from kapsite.text.markdown_source import blank_code, code_blocks, unclosed_fence


def test_four_backtick_fence_holds_a_three_backtick_line():
    lines = ["````", "```", "not closed yet", "````", "prose"]
    assert code_blocks(lines) == [range(0, 4)]
    assert unclosed_fence(lines) is None


def test_closing_fence_needs_the_same_character_and_no_info_string():
    lines = ["~~~", "```", "~~~ python", "~~~~", "prose"]
    assert code_blocks(lines) == [range(0, 4)]


def test_fence_never_closed_runs_to_the_end_and_is_reported():
    lines = ["prose", "```", "code"]
    assert code_blocks(lines) == [range(1, 3)]
    assert unclosed_fence(lines) == 1


def test_backtick_fence_with_backtick_in_info_string_is_not_a_fence():
    assert code_blocks(["``` a`b", "text"]) == []


def test_blanking_keeps_lines_and_offsets():
    text = "a `<b>` c\n~~~\n<script>\n~~~\nd"
    blanked = blank_code(text)
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    assert "<b>" not in blanked and "<script>" not in blanked and blanked.endswith("d")


def test_every_reader_treats_a_tilde_fence_as_code():
    text = "Plain words here.\n\n~~~\nsuicide method words in code\n~~~\n"
    assert "method" not in plain_text(text)
    assert [t.text for t in markdown_texts("p.md", text)] == ["Plain words here."]
    assert scan("````\n<script>\n```\n````\n", "p.md") == []
