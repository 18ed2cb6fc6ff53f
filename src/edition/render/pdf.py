"""PDF = the print HTML + WeasyPrint. The only module that imports weasyprint."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlparse

from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from ..errors import Problem, RenderError
from . import collection_paused
from .resources import fetch_refusal


class RefusedURL(FatalURLFetchingError):
    """A resource outside the allowed folders, or on the network."""


class ProjectFetcher(URLFetcher):
    """Fetches ``file:`` URLs inside the allowed folders, and ``data:`` URLs; refuses the rest.

    Each refusal is also kept in :attr:`refused`: WeasyPrint stops at the first, except
    where it swallows it (an image an SVG image loads is left out, the PDF made without it).
    """

    def __init__(self, allowed: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file", "data"), fail_on_errors=True)
        self.allowed = tuple(folder.resolve() for folder in allowed)
        self.refused: dict[str, str] = {}
        """URL -> why it was refused."""

    def fetch(self, url: str, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        reason = fetch_refusal(url, self.allowed)
        if reason:
            self.refused.setdefault(url, reason)
            raise RefusedURL(f"{url}: {reason}")
        return super().fetch(url, headers)

    def problems(self, locate: Callable[[str], tuple[Path, int] | None]) -> list[Problem]:
        """A problem for each URL refused, at the line ``locate`` finds for it (a template's)."""
        problems = []
        for url, reason in self.refused.items():
            file, line = locate(url) or (None, None)
            problems.append(Problem(f"refused to fetch {url}: {reason}", file, line, "images and stylesheets must be files inside the project"))
        return problems


class Place(NamedTuple):
    """Where a row of the layout may be cut (a ``span.cut``, ``render/inline.py``), as laid out."""

    page: int
    top: float
    """The top of its line."""
    bottom: float
    """The foot of its line."""
    before: float
    """The share of its column's measure that the text before it takes on its line."""


@dataclass(frozen=True)
class Typeset:
    """A typeset document: its page count, the page (0-based) of each anchor, what the
    checks read from its layout, and its PDF, drawn when first asked for (a layout pass
    whose pages are laid out again never draws them)."""

    pages: int
    anchors: dict[str, int]
    texts: tuple[str, ...] = ()
    """The text of each page as laid out and drawn into the PDF: a line of text per line,
    what stands side by side in a line run together (see :func:`_page_text`)."""
    images: tuple[int, ...] = ()
    """How many images each page draws."""
    tops: tuple[tuple[str, ...], ...] = ()
    """What each page starts with (see :func:`_top_row`): the row of the layout, or
    where a row begun on the page before goes on, the first row of each table in it."""
    free: tuple[float, ...] = ()
    """The height left empty at the foot of each page's text, above its notes."""
    depths: dict[str, float] = field(default_factory=dict)
    """How far down its page each anchor is."""
    height: float = 0.0
    """The height of a page's text area (the unit of :attr:`free` and :attr:`depths`: CSS px)."""
    areas: tuple[tuple[float, float, float], ...] = ()
    """Of each page: where its text area starts, where its text ends, and where its
    notes start (the foot of its text area where it has none), as :attr:`depths` are given."""
    notes: dict[str, float] = field(default_factory=dict)
    """The height of each note at the foot of a page, by its id."""
    places: dict[tuple[str, str], tuple[Place, ...]] = field(default_factory=dict)
    """The places where each row (by its id and a language) may be cut, in the order of its text."""
    feet: dict[str, float] = field(default_factory=dict)
    """Where each anchor's box ends (its border box), on the page it starts on, as :attr:`depths`."""
    draw: Callable[[], bytes] = field(default=bytes, repr=False, compare=False)

    @functools.cached_property
    def pdf(self) -> bytes:
        return self.draw()

    def span(self, start: tuple[int, float], end: tuple[int, float]) -> float:
        """The height of text from ``start`` to ``end`` (page, depth), over the pages between."""
        if end[0] == start[0]:
            return max(0.0, end[1] - start[1])
        height = self.areas[start[0]][1] - start[1]
        for page in range(start[0] + 1, end[0]):
            top, bottom, _ = self.areas[page]
            height += bottom - top
        return height + end[1] - self.areas[end[0]][0]


PDF_A = "pdf/a-3b"
"""The archival variant of a release: PDF/A-3b, which may carry its sources attached."""


def write_pdf(html: str, css: str, base: Path, allowed: tuple[Path, ...]) -> bytes:
    """Typeset ``html`` with ``css``; resources may come only from ``allowed`` folders."""
    return typeset(html, css, base, allowed).pdf


def typeset(
    html: str,
    css: str,
    base: Path,
    allowed: tuple[Path, ...],
    variant: str = "",
    tagged: bool = False,
    locate: Callable[[str], tuple[Path, int] | None] = lambda url: None,
) -> Typeset:
    """Lay out ``html`` with ``css``; resources may come only from ``allowed`` folders.

    ``variant``: a WeasyPrint PDF variant (:data:`PDF_A`), or "" for a plain PDF;
    ``tagged``: add the structure tags of PDF/UA (WeasyPrint's ``pdf_tags``);
    ``locate(url)``: the file and line that asked for a URL refused, when known.
    """
    fetcher = ProjectFetcher(allowed)
    fonts = _font_configuration()
    with _watched(fetcher, locate):
        source = HTML(string=html, base_url=base.resolve().as_uri() + "/", url_fetcher=fetcher)
        stylesheet = _stylesheet(css, fonts, fetcher)
        # layout and drawing allocate many small objects and free them at the end:
        # no collection meanwhile (about a tenth of the time), one after
        with collection_paused():
            document = source.render(stylesheets=[stylesheet], font_config=fonts, cache=_IMAGES)
        anchors: dict[str, int] = {}
        depths: dict[str, float] = {}
        feet: dict[str, float] = {}
        for index, page in enumerate(document.pages):
            for name, (_, y, _, foot) in page.anchors.items():
                if name not in anchors:  # an element over several pages: its first
                    anchors[name], depths[name], feet[name] = index, y, foot
        texts = tuple(_page_text(page._page_box) for page in document.pages)
        images = tuple(_images(page._page_box) for page in document.pages)
        tops = tuple(_top_row(page._page_box, index, anchors) for index, page in enumerate(document.pages))
        areas = tuple(_area(page._page_box) for page in document.pages)
        notes = {key: value for page in document.pages for key, value in _note_heights(page._page_box).items()}
        places: dict[tuple[str, str], list[Place]] = {}
        for index, page in enumerate(document.pages):
            _places(page._page_box, index, places)
    free = tuple(max(0.0, limit - used) for _, used, limit in areas)
    height = document.pages[0]._page_box.height if document.pages else 0.0
    draw = _Drawing(document, variant, tagged, fetcher, locate)
    cuts = {key: tuple(value) for key, value in places.items()}
    return Typeset(len(document.pages), anchors, texts, images, tops, free, depths, height, areas, notes, cuts, feet, draw)


class _Drawing:
    """Draws a laid-out document into a PDF, once; the document is let go then."""

    def __init__(self, document: Document, variant: str, tagged: bool, fetcher: ProjectFetcher, locate: Callable[[str], tuple[Path, int] | None]) -> None:
        self.document: Document | None = document
        self.variant, self.tagged, self.fetcher, self.locate = variant, tagged, fetcher, locate

    def __call__(self) -> bytes:
        assert self.document is not None, "drawn already"
        with _watched(self.fetcher, self.locate), collection_paused():
            pdf = self.document.write_pdf(uncompressed_pdf=False, pdf_variant=self.variant or None, pdf_tags=self.tagged)
        self.document = None
        assert isinstance(pdf, bytes)
        return pdf


@contextmanager
def _watched(fetcher: ProjectFetcher, locate: Callable[[str], tuple[Path, int] | None]) -> Iterator[None]:
    """Turns what WeasyPrint refused or could not load while laying out or drawing into a
    :class:`RenderError` naming each resource."""
    warnings = _Warnings()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(warnings)
    try:
        yield
    except FatalURLFetchingError as error:
        cause = error.__cause__ or error
        raise RenderError(
            fetcher.problems(locate) or Problem(f"refused to fetch {cause}", hint="images and stylesheets must be files inside the project")
        ) from None
    finally:
        logger.removeHandler(warnings)
    if fetcher.refused or warnings.problems:
        raise RenderError([*fetcher.problems(locate), *warnings.problems])


class _ImageCache(dict[str, object]):
    """WeasyPrint's image cache, kept for the process: an image is decoded once, not at each
    typesetting of its part; a file that changed since (its size or time) is read again."""

    def __init__(self) -> None:
        super().__init__()
        self.stamps: dict[str, tuple[int, int] | None] = {}

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str) and key.startswith("file:") and self.stamps.get(key) != _stamp(key):
            return False
        return super().__contains__(key)

    def __setitem__(self, key: str, value: object) -> None:
        if key.startswith("file:"):
            self.stamps[key] = _stamp(key)
        super().__setitem__(key, value)


def _stamp(url: str) -> tuple[int, int] | None:
    try:
        status = Path(unquote(urlparse(url).path)).stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


_IMAGES = _ImageCache()


def _images(box: boxes.Box) -> int:
    """How many images a page's boxes draw."""
    return sum(1 for b in _boxes(box) if isinstance(b, boxes.ReplacedBox))


def _top_row(page: boxes.PageBox, index: int, anchors: dict[str, int]) -> tuple[str, ...]:
    """What a page starts with: (the id of the row of the layout,) when that row starts
    on this page; else, for a row begun on the page before, the id of the first row
    (with an id) on this page of each table inside it; else ()."""
    row = next((b for b in _boxes(page.children[0]) if isinstance(b, boxes.TableRowBox)), None)
    if row is None or row.element is None:
        return ()
    identifier = row.element.get("id", "")
    if anchors.get(identifier) == index:
        return (identifier,)
    firsts = []
    for table in (b for b in _boxes(row) if isinstance(b, boxes.TableBox)):
        inner = (b.element.get("id", "") for b in _boxes(table) if isinstance(b, boxes.TableRowBox) and b.element is not None)
        first = next((i for i in inner if i and anchors.get(i) == index), None)
        if first:
            firsts.append(first)
    return tuple(firsts)


def _area(page: boxes.PageBox) -> tuple[float, float, float]:
    """Where a page's text area starts, where its text ends, and where its notes start (or its text area ends)."""
    root, *others = page.children
    top = page.content_box_y()
    limit = top + page.height
    for area in others:
        if isinstance(area, boxes.FootnoteAreaBox) and area.children:
            limit = min(limit, area.position_y)
    bottoms = [b.position_y + b.margin_height() for b in _boxes(root) if isinstance(b, (boxes.LineBox, boxes.ReplacedBox))]
    return top, max(bottoms, default=top), limit


def _places(page: boxes.PageBox, index: int, found: dict[tuple[str, str], list[Place]]) -> None:
    """Adds the places of the ``span.cut`` on a page to ``found``, under their row's id and language."""

    def walk(box: boxes.Box, row: str, cell: boxes.Box | None, line: boxes.Box | None) -> None:
        if isinstance(box, boxes.TableRowBox) and box.element is not None and box.element.get("id"):
            row = box.element.get("id")
        elif isinstance(box, boxes.TableCellBox):
            cell = box
        elif isinstance(box, boxes.LineBox):
            line = box
        elif isinstance(box, boxes.InlineBox) and box.element is not None and box.element.get("class") == "cut":
            if cell is not None and line is not None and cell.element is not None and cell.width:
                before = max(0.0, box.position_x - line.position_x) / cell.width
                found.setdefault((row, cell.element.get("lang", "")), []).append(
                    Place(index, line.position_y, line.position_y + line.height, before)
                )
            return
        if isinstance(box, boxes.ParentBox):
            for child in box.children:
                walk(child, row, cell, line)

    walk(page.children[0], "", None, None)


def _note_heights(page: boxes.PageBox) -> dict[str, float]:
    """The height of each note at the foot of a page (with an id), by its id."""
    heights: dict[str, float] = {}
    for area in page.children[1:]:
        if isinstance(area, boxes.FootnoteAreaBox):
            for note in _boxes(area):
                if note.element is not None and note.element.get("id") and note is not area:
                    heights.setdefault(note.element.get("id"), note.margin_height())
    return heights


def _boxes(box: boxes.Box) -> Iterator[boxes.Box]:
    """``box`` and its descendants, in the order they are drawn."""
    yield box
    if isinstance(box, boxes.ParentBox):
        for child in box.all_children():
            yield from _boxes(child)


def _page_text(page: boxes.Box) -> str:
    """The text of a laid-out page, in the order it is drawn: each line box's text boxes run
    together (their spaces are in their text; a note's number follows its word as in the PDF's
    text), lines apart. Invisible text is not drawn, so not counted. Reading this takes a
    fifth of the time of reading the PDF's text back (tested to give the same words)."""
    lines: list[str] = []

    def walk(box: boxes.Box) -> None:
        if isinstance(box, boxes.LineBox):
            lines.append("".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox) and b.style["visibility"] == "visible"))
        elif isinstance(box, boxes.ParentBox):
            for child in box.all_children():
                walk(child)

    walk(page)
    return "\n".join(lines)


def _stylesheet(css: str, fonts: FontConfiguration, fetcher: ProjectFetcher) -> CSS:
    """The stylesheet ``css``, parsed once a process: the articles of a book share one, and
    its fonts are added to the font configuration once. (A problem found while parsing it,
    a font that does not load, fails the first document typeset with it, and the build.)"""
    key = (css, fetcher.allowed)
    if key not in _STYLESHEETS:
        if len(_STYLESHEETS) >= 8:
            _STYLESHEETS.pop(next(iter(_STYLESHEETS)))
        _STYLESHEETS[key] = CSS(string=css, font_config=fonts, url_fetcher=fetcher)
    return _STYLESHEETS[key]


_STYLESHEETS: dict[tuple[str, tuple[Path, ...]], CSS] = {}

_FONTS: FontConfiguration | None = None


def _font_configuration() -> FontConfiguration:
    """One font configuration per process: the edition's fonts are loaded once,
    not for every document (each load also kept memory and a temporary folder)."""
    global _FONTS
    if _FONTS is None:
        _FONTS = FontConfiguration()
    return _FONTS


class _Warnings(logging.Handler):
    """Collects WeasyPrint's warnings about resources it could not load."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "Failed to load" in message or "Failed to render" in message or "refused" in message.lower():
            self.problems.append(Problem(f"the typesetter could not load a resource: {message}"))
        elif message.startswith("Font-face") and "cannot be loaded" in message:  # else its text falls back to another font
            self.problems.append(
                Problem(f"the typesetter could not load a font: {message}", hint="an @font-face of the templates names a file that is not a font")
            )
