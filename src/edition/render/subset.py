"""The EPUB's fonts cut to the characters its pages use. The only module that imports fontTools.

In: the files of a screen edition. Out: the same files, each TrueType font
keeping only the glyphs of the characters its pages and stylesheet hold (each
letter in both cases, for small capitals and capitalised text), with their
kerning and ligatures. Like the PDF, which embeds only what it sets; the
fonts' names are kept, as the SIL Open Font License allows for a font
embedded in a document. The same files give the same bytes.
"""

from __future__ import annotations

import html
import io
import re
import string
from collections.abc import Sequence

from fontTools import subset
from fontTools.ttLib import TTFont

from ..model import OutputFile

ALWAYS = set(string.printable) | set("\u00a0\u2002\u2009\u2013\u2014\u2026«»„“”‘’•§№*–[]")
"""What a page may show without having it in its text: spaces, dashes, quotes, list markers."""


def subset_fonts(files: Sequence[OutputFile]) -> list[OutputFile]:
    """``files`` with each ``.ttf`` font cut to the characters of the pages and stylesheets."""
    text = "".join(_characters(file) for file in files if file.path.suffix in (".xhtml", ".html", ".css"))
    used = {ord(c) for c in set(text) | {c.upper() for c in text} | {c.lower() for c in text} | ALWAYS}
    return [OutputFile(file.path, _subset(file.data, used)) if file.path.suffix == ".ttf" else file for file in files]


def _characters(file: OutputFile) -> str:
    text = file.data.decode("utf-8")
    if file.path.suffix == ".css":
        return text
    return html.unescape(re.sub(r"<[^>]*>", " ", text))


def _subset(data: bytes, unicodes: set[int]) -> bytes:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
