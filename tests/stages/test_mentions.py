from pathlib import Path

import pytest
from conftest import BIB, Project

from kapsite.errors import ContentError
from kapsite.inputs.bibliography import load_bibliography
from kapsite.model import Citation, Statement
from kapsite.stages.mentions import find_mentions, resolve_mentions


@pytest.mark.parametrize(
    ("text", "family", "year"),
    [
        ("Relief came fast (Krystal et al., 2019).", "Krystal", "2019"),
        ("Krystal et al. (2019) found fast relief.", "Krystal", "2019"),
        ("A review (Wilkinson & Sanacora, 2018) agreed.", "Wilkinson", "2018"),
    ],
)
def test_author_year_mentions_are_found(text: str, family: str, year: str) -> None:
    (mention,) = find_mentions(text)
    assert (mention.family, mention.year) == (family, year)


def test_an_institution_and_a_year_is_not_a_mention() -> None:
    assert find_mentions("Research from Johns Hopkins University (2020) found gains.") == []


def _resolve(tmp_path: Path, text: str, bib: str = BIB) -> Statement:
    (tmp_path / "refs.bib").write_text(bib)
    statement = Statement("a:1", "a", Path("a.md"), 9, text)
    return resolve_mentions([statement], load_bibliography(tmp_path))[0]


def test_mention_resolves_to_the_key_and_keeps_its_text(tmp_path: Path) -> None:
    resolved = _resolve(tmp_path, "Smith & Lee (2020) showed it.")
    assert [c.key for c in resolved.citations] == ["smith2020"]
    assert resolved.text == "Smith & Lee (2020) showed it."


def test_two_candidates_is_an_error_listing_both(tmp_path: Path) -> None:
    twin = (
        BIB
        + "@article{smith2020b,\n author = {Smith, Zoe},\n title = {Other},\n journal = {J},\n year = {2020},\n}\n"
    )
    with pytest.raises(ContentError) as caught:
        _resolve(tmp_path, "As shown (Smith et al., 2020).", twin)
    assert caught.value.line == 9 and "smith2020 or smith2020b" in caught.value.message


def test_no_candidate_is_an_error_naming_the_closest_key(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        _resolve(tmp_path, "As shown (Smyth et al., 2020).")
    assert "matches no bibliography entry" in caught.value.message
    assert "the closest entry is [@smith2020]" in caught.value.fix


def test_mention_becomes_a_marker_in_the_built_page(project: Project) -> None:
    project.write(
        "content/articles/third.md",
        "---\ntitle: T\nsource:\n  publisher: P\n---\nKetamine eased PTSD in a trial (Jones, 2019).\n",
    )
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    html = project.html("conditions/index.html")
    assert "Ketamine eased PTSD in a trial (Jones, 2019)." in html
    assert '<a class="kap-cite" href="#ref-jones2019">' in html


def test_contributor_footnote_keeps_working_beside_a_citation(project: Project) -> None:
    project.write(
        "content/articles/third.md",
        "---\ntitle: T\nsource:\n  publisher: P\n---\n"
        "Ketamine eased PTSD in one trial[^1] [@jones2019].\n\n[^1]: The trial was small.\n",
    )
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    html = project.html("conditions/index.html")
    assert 'class="footnote-ref"' in html and "The trial was small." in html
    assert '<a class="kap-cite" href="#ref-jones2019">' in html


def test_footnote_without_its_note_names_the_line(project: Project) -> None:
    project.write(
        "content/articles/third.md", "---\ntitle: T\nsource:\n  publisher: P\n---\nA claim[^9].\n"
    )
    result = project.mkdocs_build()
    assert "content/articles/third.md:6: the footnote [^9] has no text" in result.stderr


def test_in_text_citation_shows_the_authors_name_and_keeps_its_marker(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(BIB)
    statement = Statement(
        "a:1",
        "a",
        Path("a.md"),
        9,
        "@smith2020 found fast relief.",
        (Citation("smith2020", in_text=True),),
    )
    (resolved,) = resolve_mentions([statement], load_bibliography(tmp_path))
    assert resolved.text == "Smith and Lee found fast relief."
    assert [c.key for c in resolved.citations] == ["smith2020"]
