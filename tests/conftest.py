from pathlib import Path

import pytest
from testing_utils import copy_mini


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the small two-article project; returns its configuration file."""
    return copy_mini(tmp_path / "mini")
