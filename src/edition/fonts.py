"""The typefaces of the edition, installed from PyPI font packages.

The PDF embeds these files, so it does not depend on the fonts of the
machine that builds it. PT Serif was drawn for Russian and Latin alike.
"""

from __future__ import annotations

import json
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


@dataclass(frozen=True)
class FontLicence:
    """The licence a family is distributed under, and the file that states it."""

    family: str
    licence: str
    """SPDX identifier, e.g. ``OFL-1.1``."""
    name: str
    """The licence's name, e.g. ``SIL Open Font License 1.1``."""
    copyright: str
    path: Path
    """The licence text shipped with the font package."""

    @property
    def file_name(self) -> str:
        """Name of the licence file beside the fonts in the screen editions."""
        return f"{self.family.replace(' ', '_')}-LICENSE.txt"


LICENCE_NAMES = {"OFL-1.1": "SIL Open Font License 1.1", "Apache-2.0": "Apache License 2.0", "UFL-1.0": "Ubuntu Font Licence 1.0"}


def font_licence() -> FontLicence:
    """The licence of the edition's typeface; the EPUB and HTML editions ship it beside the fonts."""
    family = fontpkg.family(FAMILY)
    package = family.files[0].path.parent.parent
    texts = [package / name for name in ("LICENSE", "OFL.txt", "LICENSE.txt") if (package / name).is_file()]
    if not texts:
        raise FileNotFoundError(f"the font package of {FAMILY} in {package} has no licence file")
    metadata = package / "metadata.json"
    notice = json.loads(metadata.read_text(encoding="utf-8")).get("copyright", "") if metadata.is_file() else ""
    return FontLicence(FAMILY, family.license, LICENCE_NAMES.get(family.license, family.license), notice, texts[0])
