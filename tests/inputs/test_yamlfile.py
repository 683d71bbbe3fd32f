from pathlib import Path

import pytest

from kapsite.errors import ContentError
from kapsite.inputs.yamlfile import read_yaml


def test_broken_yaml_names_its_line_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "help.yml"
    path.write_text("title: ok\nlines:\n  - name: [unclosed\n")
    with pytest.raises(ContentError) as caught:
        read_yaml(path, fix="see the comments")
    assert caught.value.line == 4 and "not valid YAML" in caught.value.message
    assert caught.value.fix == "see the comments"


def test_missing_file_is_an_error_or_a_default(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="rules are missing"):
        read_yaml(tmp_path / "nope.yml", fix="", missing="the rules are missing")
    assert read_yaml(tmp_path / "nope.yml", fix="", default={}) == {}
