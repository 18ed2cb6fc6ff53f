import shutil
from pathlib import Path

import pytest
from testing_utils import FIXTURES


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the small two-article project; returns its configuration file."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    config = target / "edition.toml"
    text = config.read_text(encoding="utf-8")
    templates = (Path(__file__).resolve().parent.parent / "templates").as_posix()
    config.write_text(text.replace('"../../../templates"', f'"{templates}"'), encoding="utf-8")
    return config
