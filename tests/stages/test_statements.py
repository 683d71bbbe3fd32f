"""Articles read in worker processes give what one process gives, in the same order."""

import io
import os
import shutil

import pytest
from conftest import REPO, make_project

from kapsite import config
from kapsite.commands import cli
from kapsite.config import DEFAULT_WORKERS, WORKERS_VARIABLE, SiteConfig
from kapsite.errors import ContentError, ContentErrors
from kapsite.inputs.load import load_inputs
from kapsite.stages import run_stages, statements
from kapsite.stages.mentions import mention_index
from kapsite.stages.statements import read_statements
from kapsite.text import markdown_source

HEAD = "---\ntitle: T\nsource:\n  publisher: P\n---\n"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory):
    """The real articles, and two broken ones among them."""
    project = make_project(tmp_path_factory.mktemp("workers") / "project")
    for folder in ("content", "bibliography"):
        shutil.rmtree(project.root / folder)
        shutil.copytree(REPO / folder, project.root / folder)
    project.write("content/articles/b-broken.md", HEAD + "Broken [see @].\n\n!!! note\n    x\n")
    project.write("content/articles/x-unknown.md", HEAD + "As shown (Nobody et al., 2001).\n")
    return load_inputs(SiteConfig(root=project.root))


def _read(inputs, workers: int) -> list:
    return list(
        read_statements(
            inputs.articles,
            inputs.taxonomy,
            inputs.bibliography,
            mention_index(inputs.bibliography),
            workers=workers,
            parallel_from=1,
        )
    )


# Forked from a program with one thread (mkdocs build), started fresh beside others (serve).
@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_workers_give_every_article_its_statements_and_errors_in_the_articles_order(
    inputs, start: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statements, "_start_method", lambda: start)
    alone, shared = _read(inputs, 1), _read(inputs, 2)
    assert len(inputs.articles) > 6 and len(shared) == len(inputs.articles)
    assert [s for s, _ in shared] == [s for s, _ in alone]
    assert [[str(e) for e in errors] for _, errors in shared] == [
        [str(e) for e in errors] for _, errors in alone
    ]
    assert sum(1 for s, errors in shared if s is None and errors) == 2  # the two broken ones


_READ_IN_WORKER = statements._in_worker


def _dies_on_its_third_article(article):
    # A worker killed mid-build (out of memory, a signal), as the pool sees it.
    if article.path.name == _DYING_ON:
        os._exit(1)
    return _READ_IN_WORKER(article)


_DYING_ON = ""


def test_a_worker_that_dies_loses_no_article(inputs, monkeypatch: pytest.MonkeyPatch) -> None:
    global _DYING_ON
    _DYING_ON = inputs.articles[2].path.name  # set before the workers are forked
    monkeypatch.setattr(statements, "_start_method", lambda: "fork")
    monkeypatch.setattr(statements, "_in_worker", _dies_on_its_third_article)
    alone, shared = _read(inputs, 1), _read(inputs, 2)
    assert [s for s, _ in shared] == [s for s, _ in alone]
    assert [[str(e) for e in errors] for _, errors in shared] == [
        [str(e) for e in errors] for _, errors in alone
    ]


def test_the_outlines_workers_read_come_back_so_the_checks_do_not_read_the_articles_again(
    inputs,
) -> None:
    markdown_source.take_outlines()
    _read(inputs, 2)
    kept = markdown_source.take_outlines()
    bodies = [a.body for a in inputs.articles if "[^" not in a.body]  # read as they are
    assert bodies and all(markdown_source._digest(body) in kept for body in bodies)


def test_a_run_with_workers_reports_every_content_error_at_once_as_one_process_does(
    inputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statements, "PARALLEL_FROM", 1)
    found = []
    for workers in (1, 2):
        with pytest.raises(ContentErrors) as caught:
            run_stages(inputs, workers=workers)
        found.append([str(e) for e in caught.value.errors])
    assert found[0] == found[1] and len(found[0]) == 3


@pytest.mark.parametrize("value", ["abc", "0", "-2", "1.5", "two"])
def test_a_worker_count_that_is_not_a_positive_number_is_an_error_naming_the_variable(
    value: str,
) -> None:
    with pytest.raises(ContentError) as error:
        SiteConfig.for_project(REPO, environ={WORKERS_VARIABLE: value})
    assert WORKERS_VARIABLE in str(error.value) and repr(value) in str(error.value)
    assert "positive whole number" in error.value.message and WORKERS_VARIABLE in error.value.fix


def test_a_worker_count_given_in_the_environment_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "_processors", lambda: 4)
    assert SiteConfig.for_project(REPO, environ={WORKERS_VARIABLE: " 3 "}).workers == 3
    assert SiteConfig.for_project(REPO, environ={WORKERS_VARIABLE: ""}).workers == DEFAULT_WORKERS
    monkeypatch.setattr(config, "_processors", lambda: 1)  # one processor: no worker by default
    assert SiteConfig.for_project(REPO, environ={}).workers == 1


def test_no_more_workers_start_than_the_machine_has_processors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(config, "_processors", lambda: 2)
    assert SiteConfig.for_project(REPO, environ={WORKERS_VARIABLE: "64"}).workers == 2


def test_a_bad_worker_count_stops_a_command_with_the_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, "many")
    err = io.StringIO()
    assert cli.main(["check", "--root", str(REPO)], io.StringIO(), err) == 1
    assert f"{WORKERS_VARIABLE}: the number of workers must be a positive whole number" in (
        err.getvalue()
    )
