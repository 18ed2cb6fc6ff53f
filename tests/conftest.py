import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from testing_utils import copy_mini


@pytest.fixture(autouse=True, scope="session")
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user's cache folder (compiled hyphenation dictionaries): one of the tests' own, not the home's."""
    folder = tmp_path_factory.mktemp("user-cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the small two-article project; returns its configuration file."""
    return copy_mini(tmp_path / "mini")
