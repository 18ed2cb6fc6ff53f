"""The book's page numbers: which pages print one, and how each is drawn.

In: the typeset parts' page counts, and the folios sample, a document of
four numbered pages that WeasyPrint typesets (:func:`folio_sample`): the
content stream of each of its pages and the glyph widths of its font, as
``join.py`` reads them. Out: for each page of the book whether it prints a
number (:func:`folio_pages`), and for each number the stream that draws it
as WeasyPrint drew the sample's (:class:`Sample`); where the sample's numbers
are not plain figures, the numbers are typeset instead (:class:`Folios`).
``join.py`` lays them over the pages; nothing here reads or writes a PDF.

The same goes for the page numbers the text itself gives (the list of
corrections: «§ 12, с. 7»): a part leaves a blank of fixed width where one
stands, an empty ``page-ref`` box whose id names the place it refers to
(``inline.page_ref_id``); the join finds both in the book and draws the
number there, with the figures of the sample's fifth page, set as those
blanks are (:class:`Figures`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from ...model import Edition
from ..html import PrintPart
from .parts import PartResult, PdfKind, Task, common, digest

FOLIO_SAMPLE = ((1, 1023456789), (3, 10))
"""The folios sample: (page, the number it restarts from). Its four pages, right, left,
right and left, are numbered 1023456789, 1023456790, 10 and 11: on each side a long
number and a short one, which tell how a number is aligned, and the ten figures."""

FIGURES = "0123456789"
"""What the sample's fifth page shows, set as a page reference of the text is."""

FOLIO_STRETCH = 100
"""Pages of one folios document, where the page numbers cannot be drawn from the sample."""


@dataclass(frozen=True)
class Folios:
    """The page numbers to stamp on the book: drawn from the folios sample, or, where its
    numbers are not plain figures, laid over from ``documents`` of numbered pages."""

    sample: bytes
    documents: tuple[bytes, ...] = ()

    def inputs(self) -> list[bytes]:
        return [self.sample, *self.documents]


def folio_sample(edition: Edition, kind: PdfKind) -> Task:
    """The folios sample (see :class:`Sample`): the same for any book of the same layout.
    Never tagged: the numbers are artifacts, marked so when stamped."""
    part = PrintPart("folios", folio_pages=("",) * 4 + ("figures",), folio_numbers=FOLIO_SAMPLE, variant=kind.variant)
    return Task("folios", digest("folios", common(edition, PdfKind(kind.variant)), FOLIO_SAMPLE, FIGURES), part=part)


def folio_pages(parts: list[PartResult]) -> tuple[str, ...]:
    """For each page of the book: "" where a page number is printed, "none" where not
    (the front matter and the blank pages that pad a part to an even length)."""
    kinds: list[str] = []
    for index, part in enumerate(parts):
        kind = "none" if index == 0 else ""
        padding = part.pages % 2 if index < len(parts) - 1 else 0
        kinds += [kind] * part.pages + ["none"] * padding
    return tuple(kinds)


_SHOWN = re.compile(rb"1 0 0 -1 (-?[\d.]+) (-?[\d.]+) Tm\n(/[^\s/]+) ([\d.]+) Tf\n\[((?:<[0-9a-f]+>0)+)\] TJ")
"""A line of text as WeasyPrint draws it: where it starts, its font and size, and its glyphs,
none moved from where the font puts it (no kerning, no letter-spacing)."""

_SHOWING = (b"Tj", b"TJ", b"'", b'"')
"""The PDF operators that show text."""


class _Line(NamedTuple):
    """A page of the sample and the number it shows."""

    page: int
    """Its index in the sample."""
    data: bytes
    """Its stream."""
    shown: re.Match[bytes]
    """Where its stream draws the number (see :data:`_SHOWN`)."""
    figures: str


@dataclass(frozen=True)
class _Side:
    """How the numbers of the right- or left-hand pages are drawn, as the sample shows."""

    page: int
    """The sample's page with the long number: every number is drawn with its stream and resources."""
    data: bytes
    shown: tuple[int, int]
    """Where the long number is drawn in ``data``."""
    x: float
    y: bytes
    width: float
    """Of the long number."""
    shift: float
    """How far a number starts back for each unit of width more: 0 aligned left, 0.5 centred, 1 aligned right."""


class Sample:
    """The book's page numbers drawn as WeasyPrint drew those of the folios sample
    (:data:`FOLIO_SAMPLE`): in its font and size, each figure its glyph, at its height,
    starting where the sample's long and short numbers on that side tell. Far quicker
    than a page typeset for each page of the book (3 ms each), and the same drawing
    (tested against the folios typeset).
    """

    def __init__(self, right: _Side, left: _Side, font: bytes, size: bytes, glyphs: dict[str, bytes], widths: dict[bytes, float]) -> None:
        self.right, self.left = right, left
        self.font, self.size = font, size
        self.glyphs, self.widths = glyphs, widths

    @classmethod
    def read(cls, streams: list[bytes], font_widths: Callable[[str], list[Any] | None]) -> Sample | None:
        """The drawing of the sample's numbers; None where a page of it does not show one
        line of plain figures, all in one font and size. ``streams``: the content stream of
        each page of the sample; ``font_widths``: the widths (``/W``) of a font of its first
        page, by its resource name, None where it is not a composite font."""
        numbers = [number + offset for _, number in FOLIO_SAMPLE for offset in (0, 1)]
        streams = streams[: len(numbers)]  # not the figures after them
        if len(streams) != len(numbers):
            return None
        lines = []
        for page, (data, number) in enumerate(zip(streams, numbers, strict=True)):
            found = list(_SHOWN.finditer(data))
            if len(found) != 1 or sum(data.split().count(operator) for operator in _SHOWING) != 1:
                return None
            lines.append(_Line(page, data, found[0], str(number)))
        glyphs: dict[str, bytes] = {}
        for line in lines:
            codes = re.findall(rb"<[0-9a-f]+>", line.shown[5])
            if len(codes) != len(line.figures):
                return None
            for figure, code in zip(line.figures, codes, strict=True):
                if glyphs.setdefault(figure, code) != code:
                    return None
        font, size = lines[0].shown[3], lines[0].shown[4]
        if any((line.shown[3], line.shown[4]) != (font, size) for line in lines):
            return None
        widths = _glyph_widths(font_widths(font.decode()), float(size))
        if widths is None or any(code not in widths for code in glyphs.values()):
            return None

        def side(long: _Line, short: _Line) -> _Side | None:
            if long.shown[2] != short.shown[2]:
                return None  # not at the same height
            width = sum(widths[glyphs[f]] for f in long.figures)
            short_width = sum(widths[glyphs[f]] for f in short.figures)
            shift = (float(long.shown[1]) - float(short.shown[1])) / (short_width - width)
            return _Side(long.page, long.data, long.shown.span(), float(long.shown[1]), long.shown[2], width, shift)

        right, left = side(lines[0], lines[2]), side(lines[1], lines[3])
        if right is None or left is None:
            return None
        return cls(right, left, font, size, glyphs, widths)

    def drawn(self, number: int) -> tuple[int, bytes]:
        """The page of the sample (its index) whose resources draw ``number`` on its page of
        the book, and the stream that does."""
        side = self.right if number % 2 else self.left
        codes = [self.glyphs[figure] for figure in str(number)]
        x = side.x - side.shift * (sum(self.widths[code] for code in codes) - side.width)
        line = b"1 0 0 -1 %s %s Tm\n%s %s Tf\n[%s] TJ" % (f"{x:f}".encode(), side.y, self.font, self.size, b"0".join(codes) + b"0")
        start, end = side.shown
        return side.page, side.data[:start] + line + side.data[end:]


_RUN = re.compile(rb"\n1 0 0 -1 (-?[\d.]+) (-?[\d.]+) Tm\n(?:(/[^\s/]+) ([\d.]+) Tf\n)?\[([^\]]*)\] TJ")
"""A run of text as WeasyPrint draws it: where it starts (in its pixels, from the page's
top), its font and size where it sets them (the first run of a text object), and its glyphs
(moved or not by the font's kerning)."""

_GLYPH = re.compile(rb"<[0-9a-f]+>")

_FONT = re.compile(rb"/[^\s/]+ [\d.]+ Tf")

_STATE = re.compile(rb"^[^\n]* (gs|rg|g|k|cs|CS|sc|scn)$", re.MULTILINE)
"""What sets the opacity and colour the text is drawn in."""


@dataclass(frozen=True)
class Figures:
    """The figures of the page references of the text (see the module's doc), as WeasyPrint
    drew :data:`FIGURES` on the sample's fifth page: in that font, size and colour, each
    figure its glyph."""

    state: bytes
    """The graphics state set before the text: its opacity and colour."""
    font: bytes
    size: float
    """In CSS pixels, as WeasyPrint gives it."""
    glyphs: dict[str, bytes]

    @classmethod
    def read(cls, stream: bytes) -> Figures | None:
        """The figures that ``stream`` draws (its one line of ten glyphs), in the opacity and colour
        last set before them; None where it does not draw them."""
        lines = [found for found in _RUN.finditer(stream) if found[3] and len(_GLYPH.findall(found[5])) == len(FIGURES)]
        if len(lines) != 1:
            return None
        font, size, shown = lines[0].group(3, 4, 5)
        codes = _GLYPH.findall(shown)
        last = {found[1]: found[0] for found in _STATE.finditer(stream, 0, lines[0].start())}
        state = b"".join(line + b"\n" for line in last.values())
        return cls(state, font, float(size), dict(zip(FIGURES, codes, strict=True)))

    def placed(self, stream: bytes, numbers: list[tuple[float, float, int]], height: float) -> tuple[bytes, list[tuple[float, float, int]]]:
        """``stream``, a page's as WeasyPrint drew it, drawing each ``(x, y, number)`` (as
        :meth:`drawn` takes them) right after the text that ends before x on the line of
        baseline y, in that text's state; and the numbers it found no such text for.
        ``height``: the page's, in points."""
        runs = [(float(m[1]), float(m[2]), m.end()) for m in _RUN.finditer(stream)]
        fonts = [(m.start(), m[0]) for m in _FONT.finditer(stream)]
        inserts: list[tuple[int, bytes]] = []
        left = []
        for x, y, number in numbers:
            at_x, at_y = x / PT_PER_PX, (height - y) / PT_PER_PX  # WeasyPrint's pixels, from the top
            before = [(run_x, end) for run_x, run_y, end in runs if abs(run_y - at_y) < 0.01 and run_x < at_x]
            if not before:
                left.append((x, y, number))
                continue
            end = max(before)[1]
            font = max((at, font) for at, font in fonts if at < end)[1]  # the text's, set again after the number
            line = b"\n1 0 0 -1 %s %s Tm\n%s %s Tf\n[%s] TJ\n%s" % (
                f"{at_x:f}".encode(), f"{at_y:f}".encode(), self.font, f"{self.size:f}".encode(), self._codes(number), font
            )
            inserts.append((end, line))
        for end, line in sorted(inserts, reverse=True):
            stream = stream[:end] + line + stream[end:]
        return stream, left

    def _codes(self, number: int) -> bytes:
        return b"".join(self.glyphs[figure] for figure in str(number))

    def drawn(self, numbers: list[tuple[float, float, int]]) -> bytes:
        """A page's stream that draws each ``(x, y, number)``: the number starting at x, on the
        baseline y, in the PDF's points from the page's lower left corner."""
        size = self.size * PT_PER_PX
        lines = [b"q\n" + self.state + b"BT\n"]
        for x, y, number in numbers:
            lines.append(b"1 0 0 1 %s %s Tm\n%s %s Tf\n[%s] TJ\n" % (f"{x:f}".encode(), f"{y:f}".encode(), self.font, f"{size:f}".encode(), self._codes(number)))
        lines.append(b"ET\nQ")
        return b"".join(lines)


PT_PER_PX = 0.75
"""A CSS pixel in PDF points."""


def _glyph_widths(entries: list[Any] | None, size: float) -> dict[bytes, float] | None:
    """The advance of each glyph of a composite font (as WeasyPrint embeds a font) set in
    ``size``, by its code as drawn (``<0014>``), from the font's widths (``/W``: numbers,
    and lists of numbers); None for another kind of font."""
    if entries is None:
        return None
    advances: dict[int, float] = {}
    at = 0
    while at < len(entries):  # c [w1 w2 ...], or c_first c_last w
        first = int(entries[at])
        if isinstance(entries[at + 1], list):
            advances.update((first + n, float(w)) for n, w in enumerate(entries[at + 1]))
            at += 2
        else:
            advances.update((code, float(entries[at + 2])) for code in range(first, int(entries[at + 1]) + 1))
            at += 3
    return {f"<{code:04x}>".encode(): advance * size / 1000 for code, advance in advances.items()}
