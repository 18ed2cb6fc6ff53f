"""The printed book, typeset part by part, in parallel, with a cache, then joined.

The front matter (title page, contents), each article, and the back matter
(the bibliography) are separate WeasyPrint documents. Articles are typeset
in a process pool, largest first; each is checked on its own as it was
typeset (``verify.check_typeset``), with the layout passes that keep its notes
on their pages. Every part starts on a right-hand page and is padded to an even
number of pages, so a change of length in one part never changes the
left/right layout of the others, and a part's pages do not depend on where
it stands in the book. The page numbers are stamped at join time, drawn
from a sample of four that WeasyPrint typesets (or, where the template's
numbers are not plain figures, from a "folios" document of numbered pages);
the contents, typeset as soon as the articles are, get their page numbers
from the joined parts. With several jobs, the join runs in a process of its
own, forked before anything is typeset, which reads the articles while the
contents are typeset.

A part already typeset with the same inputs is taken from the cache under
``build/.cache`` (:mod:`edition.render.cache`): its key is a digest of
everything that affects its pages (see :func:`part_key`), and an entry whose
PDF or record does not match its digest is typeset again, never used. The
last book joined is kept there too, and taken again when it was joined from
the same parts. The joiner is the only module that imports pypdf.

A release's book is archival (:class:`Archival`): its parts are typeset as
PDF/A-3b (optionally tagged for PDF/UA), and the joined file is made PDF/A-3b
itself: one XMP metadata stream, one sRGB output intent, a file identifier
derived from its content, and the sources attached as associated files.
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import multiprocessing.pool
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple, Self, cast

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from ...errors import Problem
from ...model import Edition, OutputFile
from .. import collection_paused
from ..cache import CachedPart, PartCache
from ..html import BOOK_LINK, PrintPart, citation_formatter
from .archival import PDF_A, Archival, Attachment, file_identifier, pdf_date, xmp_packet
from .parts import (
    BookReport,
    PartResult,
    PdfKind,
    Progress,
    Task,
    back_key,
    common,
    digest,
    even,
    part_key,
)
from .pool import Runner
from .typeset import typeset_article, typeset_whole


def build_book(
    edition: Edition,
    cache: Path | None,
    jobs: int = 0,
    progress: Progress | None = None,
    archival: Archival | None = None,
    warn: Callable[[Problem], None] | None = None,
) -> tuple[OutputFile, BookReport]:
    """Typeset and join the book. ``cache``: the cache folder, None for no cache;
    ``archival``: make it a release's PDF/A-3b, with its sources attached;
    ``warn``: told when the cache cannot be written (the book is made without it)."""
    # this process makes few cycles and keeps most of what it makes: no collections
    # meanwhile (a full one walks the hyphenation dictionaries), and the workers
    # forked from it inherit no uncollected garbage (see Runner)
    with collection_paused():
        return _build_book(edition, PartCache(cache, warn) if cache is not None else None, jobs, progress, archival)


def _build_book(edition: Edition, store: PartCache | None, jobs: int, progress: Progress | None, archival: Archival | None) -> tuple[OutputFile, BookReport]:
    report = BookReport()
    kind = PdfKind(PDF_A, archival.tagged) if archival else PdfKind()
    jobs = jobs or os.cpu_count() or 1
    with Runner(edition, jobs) as runner, _Joiner(jobs) as joiner:
        parts = _Parts(edition, store, runner, report, progress)
        started = time.perf_counter()
        tasks = [Task(article.slug, part_key(edition, article, kind), position, kind=kind) for position, article in enumerate(edition.articles)]
        tasks.append(Task("back", back_key(edition, kind), kind=kind))
        sample = _folio_sample(edition, kind)
        parts.ask([sample], first=True)  # four pages: the page numbers are drawn from it
        parts.ask(tasks)
        if runner.waiting:
            joiner.start()  # forked now, small: nothing is typeset yet
        *articles, back = parts.get(tasks)
        body = [*articles, *([back] if back.pages else [])]
        report.timings["articles and bibliography"] = time.perf_counter() - started

        started = time.perf_counter()
        joiner.read(body)  # while the contents are typeset
        front = _front(edition, parts, articles, back, kind)
        book = [front, *body]
        folios = _folios(edition, parts, sample, len(_folio_pages(book)), kind)
        report.timings["contents"] = time.perf_counter() - started

        started = time.perf_counter()
        data = _joined(store, book, folios, archival, report, joiner)
        report.timings["join"] = time.perf_counter() - started
    for part in book:
        report.problems.extend(part.problems)
    if store is not None:
        store.prune()
    return OutputFile(Path(f"{edition.config.name}.pdf"), data), report


# --- parts ------------------------------------------------------------------------


class _Parts:
    """The parts of the book, each typeset once or taken from the cache."""

    def __init__(self, edition: Edition, store: PartCache | None, runner: Runner, report: BookReport, progress: Progress | None) -> None:
        self.edition = edition
        self.store = store
        self.runner = runner
        self.report = report
        self.progress = progress
        self.asked: set[Task] = set()
        self.done: dict[Task, PartResult] = {}

    def ask(self, tasks: list[Task], first: bool = False) -> None:
        """Have ``tasks`` typeset, the largest first (so that the pool does not wait for a long
        article at the end), after the parts asked for before unless ``first``; or taken from the cache."""
        to_do = []
        for task in tasks:
            if task in self.asked:
                continue
            self.asked.add(task)
            cached = _cached(self.store, task.key, task.name)
            if cached:
                self._take(task, cached)
            else:
                to_do.append(task)
        self.runner.submit(sorted(to_do, key=lambda task: -_size(self.edition, task)), first)

    def get(self, tasks: list[Task]) -> list[PartResult]:
        """The parts of ``tasks``, in their order, once they are done."""
        self.ask(tasks)
        while any(task not in self.done for task in tasks):
            task, result = self.runner.next()
            citation_formatter(self.edition).preload(result.citations)
            self._take(task, _store(self.store, result))
        return [self.done[task] for task in tasks]

    def _take(self, task: Task, result: PartResult) -> None:
        self.done[task] = result
        _done(result, self.report, self.progress)


def _front(edition: Edition, parts: _Parts, articles: list[PartResult], back: PartResult, kind: PdfKind) -> PartResult:
    """Title page and contents, with the page numbers of the joined book; typeset as soon
    as the articles are.

    The contents' numbers depend on the length of the front matter itself:
    it is typeset for the length its entries suggest, and again if it turns
    out otherwise.
    """
    lines = sum(3 + len(a.headings()) for a in edition.articles) + 3
    length = even(1 + -(-lines // 45))
    for _ in range(3):
        numbers = _page_numbers(edition, length, articles, back)
        key = digest("front", common(edition, kind), [a.meta for a in edition.articles], [a.headings() for a in edition.articles], numbers)
        task = Task("front", key, part=PrintPart("front", (), page_numbers=numbers, variant=kind.variant, tagged=kind.tagged))
        (front,) = parts.get([task])
        if even(front.pages) == length:
            return front
        length = even(front.pages)
    return front


FOLIO_SAMPLE = ((1, 1023456789), (3, 10))
"""The folios sample: (page, the number it restarts from). Its four pages, right, left,
right and left, are numbered 1023456789, 1023456790, 10 and 11: on each side a long
number and a short one, which tell how a number is aligned, and the ten figures."""

FOLIO_STRETCH = 100
"""Pages of one folios document, where the page numbers cannot be drawn from the sample."""


def _folio_sample(edition: Edition, kind: PdfKind) -> Task:
    """The folios sample (see :class:`_Sample`): the same for any book of the same layout.
    Never tagged: the numbers are artifacts, marked so when stamped."""
    part = PrintPart("folios", folio_pages=("",) * 4, folio_numbers=FOLIO_SAMPLE, variant=kind.variant)
    return Task("folios", digest("folios", common(edition, PdfKind(kind.variant)), FOLIO_SAMPLE), part=part)


def _folios(edition: Edition, parts: _Parts, sample: Task, pages: int, kind: PdfKind) -> Folios:
    """The page numbers of a book of ``pages`` pages: drawn from the sample where its numbers
    are plain figures; else typeset, a stretch of :data:`FOLIO_STRETCH` numbered pages a
    document (the join stamps only the pages that print a number)."""
    (typeset,) = parts.get([sample])
    if _Sample.read(_reader(typeset.pdf)) is not None:
        return Folios(typeset.pdf)
    tasks = []
    for start in range(0, pages, FOLIO_STRETCH):
        part = PrintPart("folios", folio_pages=("",) * FOLIO_STRETCH, folio_numbers=((1, start + 1),), variant=kind.variant)
        tasks.append(Task("folios", digest("folios", common(edition, PdfKind(kind.variant)), start, FOLIO_STRETCH), part=part))
    return Folios(typeset.pdf, tuple(part.pdf for part in parts.get(tasks)))


def _page_numbers(edition: Edition, front: int, articles: list[PartResult], back: PartResult) -> tuple[tuple[str, int], ...]:
    numbers: list[tuple[str, int]] = []
    start = front + 1
    for article, part in zip(edition.articles, articles, strict=True):
        prefix = f"a{article.index}"
        numbers += [(anchor, start + page) for anchor, page in part.anchors.items() if anchor == prefix or anchor.startswith(prefix + "-")]
        start += even(part.pages)
    numbers += [(anchor, start + page) for anchor, page in back.anchors.items() if anchor in ("bibliography", "colophon")]
    return tuple(sorted(numbers))


def _done(result: PartResult, report: BookReport, progress: Progress | None) -> None:
    report.parts.append(result)
    if progress is not None and result.name != "folios":  # page numbers only: not pages of the book
        progress(result)


def _joined(
    store: PartCache | None, parts: list[PartResult], folios: Folios, archival: Archival | None, report: BookReport, joiner: _Joiner
) -> bytes:
    """The joined book; from the cache when the last one was joined from the same parts
    (one book is kept: the last). A release's book is always joined afresh."""
    if store is None or archival is not None:
        return joiner.join(parts, folios, archival)
    key = digest("book", [part.key for part in parts], [hashlib.sha256(folio).hexdigest() for folio in folios.inputs()])
    found = store.get(key, slot="book")
    if found is not None:
        report.unchanged = True
        return found.pdf
    data = joiner.join(parts, folios, archival)
    store.put(key, CachedPart(data, len(_folio_pages(parts)), {}), slot="book")
    return data


def _cached(store: PartCache | None, key: str, name: str) -> PartResult | None:
    found = store.get(key) if store is not None else None
    return PartResult(key, name, found.pdf, found.pages, found.anchors, cached=True) if found is not None else None


def _store(store: PartCache | None, result: PartResult) -> PartResult:
    if store is not None and not result.problems and result.key:
        store.put(result.key, CachedPart(result.pdf, result.pages, result.anchors))
    return result


def _size(edition: Edition, task: Task) -> int:
    """About how long a part takes: its text (the bibliography counts as a short article)."""
    if task.part is not None:
        return 1 if task.part.kind == "folios" else 100  # quick: at the end
    if task.position is None:
        return 200 * len(edition.bibliography)
    article = edition.articles[task.position]
    return len(repr(article.segments)) + len(repr(article.notes))  # the characters of its model: about how much it prints


# --- joining ------------------------------------------------------------------------


def _folio_pages(parts: list[PartResult]) -> tuple[str, ...]:
    """For each page of the book: "" where a page number is printed, "none" where not
    (the front matter and the blank pages that pad a part to an even length)."""
    kinds: list[str] = []
    for index, part in enumerate(parts):
        kind = "none" if index == 0 else ""
        padding = part.pages % 2 if index < len(parts) - 1 else 0
        kinds += [kind] * part.pages + ["none"] * padding
    return tuple(kinds)


class _Writer(PdfWriter):
    """A writer that gathers the named destinations of the parts it appends and writes
    them once, sorted (pypdf inserts each one into a sorted array: quadratic in a book)."""

    def __init__(self) -> None:
        super().__init__()
        self.destinations: dict[str, IndirectObject | ArrayObject] = {}

    def add_named_destination_array(self, title: TextStringObject, destination: IndirectObject | ArrayObject) -> None:
        self.destinations.setdefault(str(title), destination)  # the first of a name, as pypdf keeps it

    def write_destinations(self) -> None:
        names = ArrayObject()
        for title in sorted(self.destinations):
            names += [TextStringObject(title), self.destinations[title]]
        self.get_named_dest_root().extend(names)


class _Joiner:
    """Joins the book: in a process of its own when there are several jobs and processes
    fork (see :meth:`start`), or in this one. That process is forked before anything is
    typeset: it reads the articles while the contents are typeset, then joins them; and it
    holds the book's objects without the typesetter's (together they made this process the
    largest)."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool: multiprocessing.pool.Pool | None = None

    def start(self) -> bool:
        """Fork the joining process, if this system and the jobs allow it."""
        if self.pool is None and self.jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
            self.pool = multiprocessing.get_context("fork").Pool(1)
        return self.pool is not None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        if self.pool is not None:
            self.pool.terminate()  # what it was reading is of no use when the book came from the cache
            self.pool.join()

    def read(self, parts: list[PartResult]) -> None:
        """Start reading ``parts`` ahead of the join."""
        if self.pool is not None:
            self.pool.apply_async(_read_ahead, ([part.pdf for part in parts],))

    def join(self, parts: list[PartResult], folios: Folios, archival: Archival | None) -> bytes:
        if self.pool is None:
            return join(parts, folios, archival)
        return cast(bytes, self.pool.apply(_join_read, ([replace(part, citations={}) for part in parts], folios, archival)))


_READ: dict[str, list[PdfReader]] = {}
"""In the joining process: the parts read ahead, by the digest of their PDF."""


def _read_ahead(documents: list[bytes]) -> None:
    for data in documents:
        _READ.setdefault(hashlib.sha256(data).hexdigest(), []).append(_parsed(data))


def _join_read(parts: list[PartResult], folios: Folios, archival: Archival | None) -> bytes:
    def read(data: bytes) -> PdfReader:
        ready = _READ.get(hashlib.sha256(data).hexdigest())
        return ready.pop() if ready else _reader(data)

    try:
        return join(parts, folios, archival, read)
    finally:
        _READ.clear()


def _parsed(data: bytes) -> PdfReader:
    """A reader of ``data`` that has read its objects (pypdf reads them when first used:
    the catalog, with the pages and names, is in the object stream of the rest)."""
    reader = PdfReader(io.BytesIO(data))
    len(reader.pages)
    return reader


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def join(parts: list[PartResult], folios: Folios, archival: Archival | None = None, read: Callable[[bytes], PdfReader] = _reader) -> bytes:
    """The parts as one PDF: each but the last padded to an even length, page numbers stamped,
    bookmarks and named destinations kept, links from the contents made internal;
    with ``archival``, a PDF/A-3b with the sources attached (see :func:`_make_archival`).
    ``read``: how a part's PDF is read."""
    writer = _Writer()
    readers, starts = [], []
    for index, part in enumerate(parts):
        readers.append(read(part.pdf))
        starts.append(len(writer.pages))
        writer.append(readers[-1], import_outline=True)
        if part.pages % 2 and index < len(parts) - 1:  # the next part starts on a right-hand page
            writer.add_blank_page()
    writer.write_destinations()
    _stamp_folios(writer, folios, _folio_pages(parts), read, artifact=bool(archival and archival.tagged))
    for page in writer.pages[: even(parts[0].pages)]:
        for annotation in _links(page):
            uri = str(cast(DictionaryObject, annotation["/A"]).get("/URI", ""))
            if uri.startswith(BOOK_LINK):
                annotation[NameObject("/A")] = DictionaryObject(
                    {NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): TextStringObject(uri[len(BOOK_LINK) :])}
                )
    front = readers[0]
    if front.metadata:
        writer.add_metadata({key: value for key, value in front.metadata.items()})
    language = cast(DictionaryObject, front.trailer["/Root"]).get("/Lang")
    if language:
        writer._root_object[NameObject("/Lang")] = language
    if archival is not None:
        if archival.tagged:
            _join_structure(writer, readers, starts)
        _make_archival(writer, front, archival, [part.pdf for part in parts] + folios.inputs())
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


@dataclass(frozen=True)
class Folios:
    """The page numbers to stamp on the book: drawn from the folios sample, or, where its
    numbers are not plain figures, laid over from ``documents`` of numbered pages."""

    sample: bytes
    documents: tuple[bytes, ...] = ()

    def inputs(self) -> list[bytes]:
        return [self.sample, *self.documents]


def _stamp_folios(writer: PdfWriter, folios: Folios, kinds: tuple[str, ...], read: Callable[[bytes], PdfReader], artifact: bool) -> None:
    """Stamp each page of the book that prints a number (see :func:`_folio_pages`) with it."""
    stamp = _Stamper(writer, artifact)
    if folios.documents:
        pages = [page for document in folios.documents for page in read(document).pages]
        # the documents cover whole stretches: as many pages as the book, or more
        for page, folio, kind in zip(writer.pages, pages[: len(kinds)], kinds, strict=True):
            contents = folio.get_contents()
            if kind != "none" and contents is not None:
                stamp(page, folio, contents.get_data())
        return
    sample = _Sample.read(read(folios.sample))
    assert sample is not None, "page numbers drawn from a sample that does not show plain figures"
    for number, (page, kind) in enumerate(zip(writer.pages, kinds, strict=True), start=1):
        if kind != "none":
            stamp(page, *sample.drawn(number))


_SHOWN = re.compile(rb"1 0 0 -1 (-?[\d.]+) (-?[\d.]+) Tm\n(/[^\s/]+) ([\d.]+) Tf\n\[((?:<[0-9a-f]+>0)+)\] TJ")
"""A line of text as WeasyPrint draws it: where it starts, its font and size, and its glyphs,
none moved from where the font puts it (no kerning, no letter-spacing)."""

_SHOWING = (b"Tj", b"TJ", b"'", b'"')
"""The PDF operators that show text."""


class _Line(NamedTuple):
    """A page of the sample and the number it shows."""

    page: PageObject
    data: bytes
    """Its stream."""
    shown: re.Match[bytes]
    """Where its stream draws the number (see :data:`_SHOWN`)."""
    figures: str


@dataclass(frozen=True)
class _Side:
    """How the numbers of the right- or left-hand pages are drawn, as the sample shows."""

    page: PageObject
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


class _Sample:
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
    def read(cls, reader: PdfReader) -> _Sample | None:
        """The drawing of the sample's numbers; None where a page of it does not show one
        line of plain figures, all in one font and size."""
        numbers = [number + offset for _, number in FOLIO_SAMPLE for offset in (0, 1)]
        if len(reader.pages) != len(numbers):
            return None
        lines = []
        for page, number in zip(reader.pages, numbers, strict=True):
            contents = page.get_contents()
            data = contents.get_data() if contents is not None else b""
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
        fonts = cast(DictionaryObject, cast(DictionaryObject, lines[0].page["/Resources"].get_object())["/Font"].get_object())
        widths = _glyph_widths(cast(DictionaryObject, fonts[font.decode()].get_object()), float(size))
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

    def drawn(self, number: int) -> tuple[PageObject, bytes]:
        """The page whose resources draw ``number`` on its page of the book, and the stream that does."""
        side = self.right if number % 2 else self.left
        codes = [self.glyphs[figure] for figure in str(number)]
        x = side.x - side.shift * (sum(self.widths[code] for code in codes) - side.width)
        line = b"1 0 0 -1 %s %s Tm\n%s %s Tf\n[%s] TJ" % (f"{x:f}".encode(), side.y, self.font, self.size, b"0".join(codes) + b"0")
        start, end = side.shown
        return side.page, side.data[:start] + line + side.data[end:]


def _glyph_widths(font: DictionaryObject, size: float) -> dict[bytes, float] | None:
    """The advance of each glyph listed in a composite font (as WeasyPrint embeds a font)
    set in ``size``, by its code as drawn (``<0014>``); None for another kind of font."""
    if font.get("/Subtype") != "/Type0" or "/DescendantFonts" not in font:
        return None
    descendant = cast(DictionaryObject, cast(ArrayObject, font["/DescendantFonts"].get_object())[0].get_object())
    entries = [entry.get_object() for entry in cast(ArrayObject, descendant.get("/W", ArrayObject()))]
    advances: dict[int, float] = {}
    at = 0
    while at < len(entries):  # c [w1 w2 ...], or c_first c_last w
        first = int(entries[at])
        if isinstance(entries[at + 1], ArrayObject):
            advances.update((first + n, float(w)) for n, w in enumerate(entries[at + 1]))
            at += 2
        else:
            advances.update((code, float(entries[at + 2])) for code in range(first, int(entries[at + 1]) + 1))
            at += 3
    return {f"<{code:04x}>".encode(): advance * size / 1000 for code, advance in advances.items()}


# --- the archival PDF ---------------------------------------------------------------


def _make_archival(writer: PdfWriter, front: PdfReader, archival: Archival, inputs: list[bytes]) -> None:
    """Make the joined book PDF/A-3b: the document information dated by the release and
    repeated in one XMP stream with the PDF/A identification, the front part's sRGB
    output intent, the attachments, and a file identifier derived from the content
    (the same inputs give the same bytes)."""
    root = writer._root_object
    intents = _catalog(front).get("/OutputIntents")
    if intents is None:
        raise ValueError("the front part has no output intent: it was not typeset as PDF/A")
    root[NameObject("/OutputIntents")] = intents.clone(writer)
    stamp = pdf_date(archival.date)
    info = {str(k): str(v) for k, v in (front.metadata or {}).items()}
    info.update({"/CreationDate": stamp, "/ModDate": stamp})
    writer.add_metadata(info)
    metadata = StreamObject()
    metadata.set_data(xmp_packet(info, archival).encode("utf-8"))
    metadata.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    root[NameObject("/Metadata")] = writer._add_object(metadata)
    _attach(writer, archival)
    identifier = ByteStringObject(file_identifier(archival, info, inputs))
    writer._ID = ArrayObject([identifier, identifier])


def _attach(writer: PdfWriter, archival: Archival) -> None:
    """Each attachment as an embedded file, listed in the catalog's EmbeddedFiles and /AF."""
    stamp = TextStringObject(pdf_date(archival.date))
    names, associated = ArrayObject(), ArrayObject()
    for attachment in sorted(archival.attachments, key=lambda a: a.name):
        stream = StreamObject()
        stream.set_data(attachment.data)
        stream = stream.flate_encode(level=9)
        stream.update(
            {
                NameObject("/Type"): NameObject("/EmbeddedFile"),
                NameObject("/Subtype"): NameObject("/" + attachment.mime),
                NameObject("/Params"): DictionaryObject(
                    {
                        NameObject("/Size"): NumberObject(len(attachment.data)),
                        NameObject("/ModDate"): stamp,
                        NameObject("/CheckSum"): ByteStringObject(hashlib.md5(attachment.data).digest()),
                    }
                ),
            }
        )
        file = writer._add_object(stream)
        name = TextStringObject(attachment.name)
        spec = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Filespec"),
                NameObject("/F"): name,
                NameObject("/UF"): name,
                NameObject("/Desc"): TextStringObject(f"{attachment.relationship}: {attachment.name}"),
                NameObject("/EF"): DictionaryObject({NameObject("/F"): file, NameObject("/UF"): file}),
                NameObject("/AFRelationship"): NameObject("/" + attachment.relationship),
            }
        )
        reference = writer._add_object(spec)
        names += [name, reference]
        associated.append(reference)
    if not associated:
        return
    tree = writer._root_object.setdefault(NameObject("/Names"), DictionaryObject())
    tree = tree.get_object()
    tree[NameObject("/EmbeddedFiles")] = writer._add_object(DictionaryObject({NameObject("/Names"): names}))
    writer._root_object[NameObject("/AF")] = writer._add_object(associated)


def _join_structure(writer: PdfWriter, readers: list[PdfReader], starts: list[int]) -> None:
    """One structure tree for the joined book: the parts' trees under one Document
    element, their parent trees renumbered, each page's and annotation's key moved on."""
    document = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Document")})
    document_ref = writer._add_object(document)
    numbers = ArrayObject()
    tree_root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    root_ref = writer._add_object(tree_root)
    kids = ArrayObject()
    offset = 0
    for reader, start in zip(readers, starts, strict=True):
        catalog = _catalog(reader)
        if "/StructTreeRoot" not in catalog:
            continue
        part_root = cast(DictionaryObject, catalog["/StructTreeRoot"])
        part_documents = list(cast(ArrayObject, part_root["/K"]))
        # the part's root and Document elements are this book's: their kids are cloned under them
        translated = writer._id_translated.setdefault(id(reader), {})
        translated[cast(IndirectObject, catalog.raw_get("/StructTreeRoot")).idnum] = root_ref.idnum
        for kid in part_documents:
            translated[kid.idnum] = document_ref.idnum
            kids.extend(element.clone(writer) for element in kid.get_object()["/K"])
        entries = list(cast(ArrayObject, cast(DictionaryObject, part_root["/ParentTree"])["/Nums"]))
        keys = [int(key) for key in entries[::2]]
        for key, value in zip(keys, entries[1::2], strict=True):
            numbers += [NumberObject(key + offset), value.clone(writer)]
        for index, page in enumerate(reader.pages):
            joined = writer.pages[start + index]
            if "/StructParents" in page:
                joined[NameObject("/StructParents")] = NumberObject(int(cast(NumberObject, page["/StructParents"])) + offset)
            for annotation in joined.get("/Annots") or []:
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(int(annotation["/StructParent"]) + offset)
        offset += max(keys, default=-1) + 1
    document[NameObject("/P")] = root_ref
    document[NameObject("/K")] = kids
    tree_root[NameObject("/K")] = ArrayObject([document_ref])
    tree_root[NameObject("/ParentTree")] = writer._add_object(DictionaryObject({NameObject("/Nums"): numbers}))
    tree_root[NameObject("/ParentTreeNextKey")] = NumberObject(offset)
    writer._root_object[NameObject("/StructTreeRoot")] = root_ref
    writer._root_object[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    preferences = _catalog(readers[0]).get("/ViewerPreferences")
    if preferences is not None:
        writer._root_object[NameObject("/ViewerPreferences")] = preferences.clone(writer)


# --- reading a joined book back ---------------------------------------------------------


def read_destinations(pdf: bytes) -> dict[str, int]:
    """The page (0-based) of each named destination of ``pdf``."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = {str(name): reader.get_destination_page_number(destination) for name, destination in reader.named_destinations.items()}
    return {name: page for name, page in pages.items() if page is not None}


def _catalog(reader: PdfReader) -> DictionaryObject:
    return cast(DictionaryObject, reader.trailer["/Root"])


def read_attachments(pdf: bytes) -> dict[str, bytes]:
    """The files attached to ``pdf``, by name."""
    reader = PdfReader(io.BytesIO(pdf))
    return {str(name): data[0] for name, data in reader.attachments.items() if data}


class _Stamper:
    """Lays a page number over a page of the book: the stream that draws it, with the
    resources of the folios page it was drawn on.

    Cheaper than pypdf's ``merge_page``, which parses and rewrites both
    content streams: the page's own stream is left as it is, wrapped in
    q/Q, and the folio's stream follows it, with its resources renamed
    (``/folio…``) so that they cannot clash with the page's.
    """

    CATEGORIES = ("/Font", "/ExtGState", "/ColorSpace", "/XObject", "/Pattern", "/Shading")

    def __init__(self, writer: PdfWriter, artifact: bool = False) -> None:
        self.writer = writer
        self.save = writer._add_object(_stream(b"q\n"))
        self.restore = writer._add_object(_stream(b"\nQ\n"))
        self.artifact = artifact
        """Mark the page numbers as pagination artifacts (a tagged book)."""

    def __call__(self, page: PageObject, folio: PageObject, data: bytes) -> None:
        if b"Tj" not in data and b"TJ" not in data:
            return  # a page without a number
        folio_resources = cast(DictionaryObject, folio["/Resources"].get_object())
        page_resources = cast(DictionaryObject, page["/Resources"].get_object())
        for category in self.CATEGORIES:
            found = folio_resources.get(category)
            if found is None:
                continue
            entries = cast(DictionaryObject, found.get_object())
            target = page_resources.get(category)
            if target is None:
                target = DictionaryObject()
                page_resources[NameObject(category)] = target
            target = cast(DictionaryObject, target.get_object())
            for name, value in entries.items():
                renamed = f"/folio{name[1:]}"
                data = re.sub(re.escape(name.encode()) + rb"(?=[\s/\[\]<>()]|$)", renamed.encode(), data)
                target[NameObject(renamed)] = value.clone(self.writer) if hasattr(value, "clone") else value
        contents = cast(PdfObject, page.get("/Contents"))
        resolved = contents.get_object()
        existing = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
        if self.artifact:
            data = b"/Artifact <</Type /Pagination>> BDC\n" + data + b"\nEMC\n"
        folio_stream = self.writer._add_object(_stream(data))
        page[NameObject("/Contents")] = ArrayObject([self.save, *existing, self.restore, folio_stream])


def _stream(data: bytes) -> StreamObject:
    stream = StreamObject()
    stream.set_data(data)
    return stream


def _links(page: object) -> Iterator[DictionaryObject]:
    for annotation in page.get("/Annots") or []:  # type: ignore[attr-defined]
        annotation = annotation.get_object()
        if annotation.get("/Subtype") == "/Link" and "/A" in annotation:
            yield annotation


__all__ = [
    "Archival",
    "Attachment",
    "BookReport",
    "PartResult",
    "PdfKind",
    "Progress",
    "build_book",
    "part_key",
    "read_attachments",
    "read_destinations",
    "typeset_article",
    "typeset_whole",
]
