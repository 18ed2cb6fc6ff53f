"""The typefaces of the edition, installed from PyPI font packages.

The PDF embeds these files, so it does not depend on the fonts of the
machine that builds it. PT Serif was drawn for Russian and Latin alike; IBM
Plex Mono, with Cyrillic too, sets code, for an edition that has some.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import fontpkg

FAMILY = "PT Serif"
MONO = "IBM Plex Mono"
MONO_WEIGHTS = (400, 700)
"""The faces of the monospaced family the edition uses (upright: code is not set in italics)."""


@dataclass(frozen=True)
class FontFace:
    """One file of a family, as an ``@font-face`` rule needs it."""

    family: str
    weight: int
    style: str
    path: Path


def font_faces(mono: bool = True) -> tuple[FontFace, ...]:
    """The faces of the text family, and of the monospaced one unless ``mono`` is false."""
    faces = [FontFace(FAMILY, f.weight or 400, f.style, f.path) for f in fontpkg.family(FAMILY).files]
    if mono:
        files = fontpkg.family(MONO).files
        faces += [FontFace(MONO, f.weight or 400, f.style, f.path) for f in files if f.style == "normal" and f.weight in MONO_WEIGHTS]
    return tuple(faces)


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


def font_licences(mono: bool = True) -> tuple[FontLicence, ...]:
    """The licences of the edition's typefaces (the monospaced one's unless ``mono`` is
    false); the EPUB and HTML editions ship them beside the fonts."""
    return tuple(_licence(name) for name in ((FAMILY, MONO) if mono else (FAMILY,)))


def _licence(name: str) -> FontLicence:
    family = fontpkg.family(name)
    package = family.files[0].path.parent.parent
    texts = [package / file for file in ("LICENSE", "OFL.txt", "LICENSE.txt") if (package / file).is_file()]
    if not texts:
        raise FileNotFoundError(f"the font package of {name} in {package} has no licence file")
    metadata = package / "metadata.json"
    notice = json.loads(metadata.read_text(encoding="utf-8")).get("copyright", "") if metadata.is_file() else ""
    return FontLicence(name, family.license, LICENCE_NAMES.get(family.license, family.license), notice, texts[0])
