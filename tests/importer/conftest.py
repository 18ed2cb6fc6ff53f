from __future__ import annotations

import pytest
from testing_utils import ROOT

SEEDS = ("soviet-german-origins", "ruhr-negotiations-1923")


@pytest.fixture(scope="session")
def seed_texts() -> list[str]:
    """The two raw seeds, as kept in sources/<slug>/original.txt."""
    return [(ROOT / "sources" / slug / "original.txt").read_text(encoding="utf-8") for slug in SEEDS]
