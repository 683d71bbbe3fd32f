from pathlib import Path

import pytest
from conftest import make_project

from kapsite.config import SiteConfig
from kapsite.errors import ContentErrors
from kapsite.inputs.load import load_inputs
from kapsite.stages import run_stages

HEAD = "---\ntitle: T\nsource:\n  publisher: P\n---\n"


def test_every_content_error_of_a_run_comes_at_once_grouped_by_file(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    project.write("content/articles/c-third.md", HEAD + "Relief came fast [@nosuchkey].\n")
    project.write("content/articles/a-first.md", HEAD + "Broken [see @].\n\n!!! note\n    x\n")
    project.write("content/articles/b-second.md", HEAD + "As shown (Nobody et al., 2001).\n")
    with pytest.raises(ContentErrors) as caught:
        run_stages(load_inputs(SiteConfig(root=project.root)))
    assert [(e.path.name, e.line) for e in caught.value.errors] == [
        ("a-first.md", 6),
        ("a-first.md", 8),
        ("b-second.md", 6),
        ("c-third.md", 6),
    ]
