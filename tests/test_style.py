from pathlib import Path

from conftest import BIB

from kapsite.bibliography import load_bibliography
from kapsite.cite import render_references


def _render(tmp_path: Path, text: str):
    (tmp_path / "refs.bib").write_text(text)
    return render_references(load_bibliography(tmp_path))


def test_article_renders_apa_like_with_doi_link(tmp_path: Path) -> None:
    ref = _render(tmp_path, BIB)["smith2020"]
    assert ref.text == (
        "Smith, A., & Lee, B. (2020). Ketamine and the NMDA receptor. "
        "Journal of Examples, 12(3), 100-110. https://doi.org/10.1000/example.1"
    )
    assert "100&ndash;110" in ref.html or "100–110" in ref.html
    assert '<a href="https://doi.org/10.1000/example.1">' in ref.html


def test_undated_web_page_without_author_starts_with_its_title(tmp_path: Path) -> None:
    text = "@online{page,\n  title = {A web page},\n  url = {https://example.org/p},\n}\n"
    ref = _render(tmp_path, text)["page"]
    assert ref.text == "A web page (n.d.). https://example.org/p"


def test_javascript_url_never_becomes_a_link(tmp_path: Path) -> None:
    text = "@online{evil,\n  title = {T},\n  url = {javascript:alert(1)},\n}\n"
    ref = _render(tmp_path, text)["evil"]
    assert "href" not in ref.html and "javascript" not in ref.html


def test_verification_status_and_note_are_kept(tmp_path: Path) -> None:
    ref = _render(tmp_path, BIB)["jones2019"]
    assert ref.verification == "unverified"
    assert ref.note == "The source printed the wrong journal."
