from pathlib import Path

from conftest import BIB

from kapsite.inputs.bibliography import load_bibliography
from kapsite.stages.cite import render_references


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


def test_each_entry_type_renders_with_its_own_template(tmp_path: Path) -> None:
    bib = """
@book{book1, author = {Doe, Jane}, title = {A Book}, publisher = {Good Press}, year = {2010}}
@report{rep1, author = {{Drug Enforcement Administration}}, title = {Scheduling notice},
  number = {64 FR 37673}, institution = {Federal Register}, year = {1999}}
@misc{misc1, author = {{World Health Organization}}, title = {Figures}, howpublished = {Fact sheet}, year = {2019}}
@online{web1, organization = {Clinic}, title = {A page}, url = {https://example.org/a}, year = {2024}}
"""
    refs = _render(tmp_path, bib)
    assert refs["book1"].text == "Doe, J. (2010). A Book. Good Press."
    assert (
        refs["rep1"].text
        == "Drug Enforcement Administration (1999). Scheduling notice (64 FR 37673). Federal Register."
    )
    assert refs["misc1"].text == "World Health Organization (2019). Figures. Fact sheet."
    assert refs["web1"].text == "Clinic (2024). A page. https://example.org/a"
    assert "<em>A Book</em>" in refs["book1"].html
