"""Reading raw files for import: bad input is a ContentError naming the file and line."""

from pathlib import Path

import pytest

from kapsite.errors import ContentError
from kapsite.importer.source import read_source


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_plain_utf8_text_is_read_with_windows_newlines_normalised(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "a.txt", "Café notes\r\nLine two\r\n".encode()))
    assert source.text == "Café notes\nLine two\n"
    assert not source.is_html
    assert source.encoding == "utf-8"


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\n"])
def test_empty_file_is_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ContentError, match="the file is empty") as caught:
        read_source(write(tmp_path, "empty.txt", data))
    assert caught.value.path.name == "empty.txt"
    assert caught.value.fix


def test_binary_file_with_nul_byte_is_refused_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="binary") as caught:
        read_source(write(tmp_path, "x.txt", b"line one\nline two\x00\x01\x02"))
    assert caught.value.line == 2


@pytest.mark.parametrize(
    ("data", "what"),
    [(b"%PDF-1.7 ...", "PDF"), (b"\x89PNG\r\n\x1a\n....", "PNG"), (b"PK\x03\x04....", "ZIP")],
)
def test_known_binary_formats_are_named(tmp_path: Path, data: bytes, what: str) -> None:
    with pytest.raises(ContentError, match=what):
        read_source(write(tmp_path, "saved.txt", data))


def test_non_utf8_text_names_the_bytes_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.txt", b"First line\nA caf\xe9 on line two\n")
    with pytest.raises(ContentError) as caught:
        read_source(path)
    error = caught.value
    assert error.line == 2
    assert "0xe9" in error.message
    assert "column 6" in error.message
    assert "'é'" in error.message  # what the byte would be in Windows-1252
    assert "--encoding cp1252" in error.fix


def test_named_encoding_reads_a_non_utf8_file(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.txt", b"A caf\xe9\n")
    assert read_source(path, encoding="cp1252").text == "A café\n"


def test_unknown_encoding_name_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="unknown encoding"):
        read_source(write(tmp_path, "a.txt", b"text"), encoding="klingon-8")


def test_html_meta_charset_is_used_when_the_page_is_not_utf8(tmp_path: Path) -> None:
    page = b'<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9</p></body></html>'
    source = read_source(write(tmp_path, "page.htm", page))
    assert source.is_html
    assert "Café" in source.text
    assert source.encoding == "windows-1252"


def test_utf16_with_bom_is_detected(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "u16.txt", "Ketamine notes\n".encode("utf-16")))
    assert source.text == "Ketamine notes\n"


def test_html_is_recognised_by_content_without_an_html_suffix(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "saved.txt", b"<!DOCTYPE html>\n<html><p>Hi</p></html>"))
    assert source.is_html


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="over the limit of 100") as caught:
        read_source(write(tmp_path, "big.txt", b"x" * 101), max_bytes=100)
    assert "--max-bytes" in caught.value.fix


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="no such file"):
        read_source(tmp_path / "nope.txt")
