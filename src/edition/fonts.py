"""The typefaces of the edition, installed from PyPI font packages.

The PDF embeds these files, so it does not depend on the fonts of the
machine that builds it. PT Serif was drawn for Russian and Latin alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import fontpkg

FAMILY = "PT Serif"


@dataclass(frozen=True)
class FontFace:
    """One file of a family, as an ``@font-face`` rule needs it."""

    family: str
    weight: int
    style: str
    path: Path


def font_faces() -> tuple[FontFace, ...]:
    family = fontpkg.family(FAMILY)
    return tuple(
        FontFace(FAMILY, f.weight or 400, f.style, f.path) for f in family.files
    )


def font_folders() -> tuple[Path, ...]:
    """Folders the typesetter may read fonts from."""
    return tuple(sorted({face.path.parent.resolve() for face in font_faces()}))
