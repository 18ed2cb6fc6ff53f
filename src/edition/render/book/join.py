"""The typeset parts joined into one PDF, the book: the only module that imports pypdf.

In: the typeset parts (``parts.PartResult``: each one's PDF and page count),
the page numbers to stamp (``folios.py``) and, for a release, what makes the
book archival (``archival.py``). Out: the book's PDF bytes, each part but
the last padded to an even length, page numbers stamped, outline, named
destinations and internal links kept; for a release, PDF/A-3b with the
sources attached and, tagged, one structure tree. Also reads back what a
joined book holds: its named destinations and attachments, and the folios
sample (for ``folios.Sample``). With several jobs this runs in the joining
process (``pool.Joiner``), which reads the parts ahead of the join.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, NamedTuple, cast

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

from ..html import BOOK_LINK
from ..inline import page_ref_target
from .archival import Archival, file_identifier, pdf_date, xmp_packet
from .folios import Figures, Folios, Sample, folio_pages
from .parts import PartResult, even

_READ: dict[str, list[PdfReader]] = {}
"""In the joining process: the parts read ahead, by the digest of their PDF."""


def read_ahead(documents: list[bytes]) -> None:
    for data in documents:
        _READ.setdefault(hashlib.sha256(data).hexdigest(), []).append(_parsed(data))


def join_read(parts: list[PartResult], folios: Folios, archival: Archival | None) -> bytes:
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


class _Names(ArrayObject):
    """The catalog's array of named destinations, which also holds, for pypdf's asking, the
    names gathered to be written at the end: pypdf keeps a part's link to a named
    destination (a cross-reference, a correction's sign) only if it finds the name there."""

    def __init__(self, gathered: dict[str, IndirectObject | ArrayObject]) -> None:
        super().__init__()
        self.gathered = gathered

    def __contains__(self, item: object) -> bool:
        return str(item) in self.gathered or super().__contains__(item)


class _Writer(PdfWriter):
    """A writer that gathers the named destinations of the parts it appends and writes
    them once, sorted (pypdf inserts each one into a sorted array: quadratic in a book)."""

    def __init__(self) -> None:
        super().__init__()
        self.destinations: dict[str, IndirectObject | ArrayObject] = {}
        self.get_named_dest_root()  # the catalog's /Names and /Dests, made
        dests = cast(DictionaryObject, cast(DictionaryObject, self._root_object[NameObject("/Names")])[NameObject("/Dests")].get_object())
        dests[NameObject("/Names")] = _Names(self.destinations)

    def add_named_destination_array(self, title: TextStringObject, destination: IndirectObject | ArrayObject) -> None:
        self.destinations.setdefault(str(title), destination)  # the first of a name, as pypdf keeps it

    def gathered(self) -> dict[str, IndirectObject | ArrayObject]:
        """The names gathered, with those pypdf wrote itself (it writes a part's names straight
        into the array when the part has many)."""
        names = self.get_named_dest_root()
        written = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
        return {**self.destinations, **{name: d for name, d in written.items() if name not in self.destinations}}

    def write_destinations(self, every: dict[str, IndirectObject | ArrayObject]) -> None:
        """Write ``every`` name, in one sorted array."""
        self.get_named_dest_root()[:] = [entry for title in sorted(every) for entry in (TextStringObject(title), every[title])]


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
    artifact = bool(archival and archival.tagged)
    destinations = writer.gathered()
    references = _page_references(writer, destinations)  # (taken out of the destinations)
    writer.write_destinations(destinations)
    _stamp_page_references(writer, references, read(folios.sample), artifact)
    _stamp_folios(writer, folios, folio_pages(parts), read, artifact)  # last on its page, as WeasyPrint draws it
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


def _stamp_folios(writer: PdfWriter, folios: Folios, kinds: tuple[str, ...], read: Callable[[bytes], PdfReader], artifact: bool) -> None:
    """Stamp each page of the book that prints a number (see :func:`folio_pages`) with it."""
    stamp = _Stamper(writer, artifact)
    if folios.documents:
        pages = [page for document in folios.documents for page in read(document).pages]
        # the documents cover whole stretches: as many pages as the book, or more
        for page, folio, kind in zip(writer.pages, pages[: len(kinds)], kinds, strict=True):
            contents = folio.get_contents()
            if kind != "none" and contents is not None:
                stamp(page, folio, contents.get_data())
        return
    sample_pages = list(read(folios.sample).pages)
    sample = _sample(sample_pages)
    assert sample is not None, "page numbers drawn from a sample that does not show plain figures"
    for number, (page, kind) in enumerate(zip(writer.pages, kinds, strict=True), start=1):
        if kind != "none":
            index, data = sample.drawn(number)
            stamp(page, sample_pages[index], data)


class _Reference(NamedTuple):
    """A blank the text left for a page number: where it is, and the page it gives."""

    page: int
    x: float
    y: float
    """Its baseline, in points from the page's foot."""
    number: int


def _page_references(writer: PdfWriter, destinations: dict[str, IndirectObject | ArrayObject]) -> list[_Reference]:
    """The blanks of the book left for page numbers (``inline.page_ref_id``), each with the page
    number it gives; taken out of ``destinations``, the book's named destinations, where the
    join finds them."""
    pages = {cast(IndirectObject, page.indirect_reference).idnum: index for index, page in enumerate(writer.pages)}

    def place(name: str) -> tuple[int, float, float] | None:
        found = destinations.get(name)
        if found is None:
            return None
        destination = cast(ArrayObject, found.get_object())
        if destination[1] != "/XYZ":
            return None
        return pages[cast(IndirectObject, destination[0]).idnum], float(destination[2]), float(destination[3])

    references = []
    blanks = [name for name in destinations if page_ref_target(name) is not None]
    for name in blanks:
        blank, target = place(name), place(cast(str, page_ref_target(name)))
        if blank is not None and target is not None:
            references.append(_Reference(blank[0], blank[1], blank[2], target[0] + 1))
    for name in blanks:
        del destinations[name]
    return references


def _stamp_page_references(writer: PdfWriter, references: list[_Reference], sample: PdfReader, artifact: bool) -> None:
    """Draw each page number the text gives in its blank, with the figures of the folios
    sample's fifth page (see ``folios.Figures``): in the page's stream right after the text
    before it on its line («с.»), so that it reads in its place (and, in a tagged book, is
    part of what that text is part of); after the page's stream where no text is found there."""
    if not references or len(sample.pages) < 5:
        return
    page = sample.pages[4]
    contents = page.get_contents()
    figures = Figures.read(contents.get_data()) if contents is not None else None
    if figures is None:
        return
    stamp = _Stamper(writer, artifact)
    by_page: dict[int, list[tuple[float, float, int]]] = {}
    for reference in references:
        by_page.setdefault(reference.page, []).append((reference.x, reference.y, reference.number))
    for index, numbers in sorted(by_page.items()):
        target = writer.pages[index]
        placed = replace(figures, font=stamp.resources(target, page, figures.font), state=stamp.resources(target, page, figures.state))
        own = target.get_contents()
        data, left = placed.placed(own.get_data() if own is not None else b"", numbers, float(target.mediabox.height))
        if own is not None and len(left) < len(numbers):
            target[NameObject("/Contents")] = writer._add_object(_stream(data).flate_encode())
        if left:
            drawn = placed.drawn(left)
            stamp.append(target, b"/Artifact BDC\n" + drawn + b"\nEMC\n" if artifact else drawn)


def read_sample(pdf: bytes) -> Sample | None:
    """The drawing of the page numbers of the folios sample ``pdf`` (see :class:`Sample`);
    None where they are not plain figures."""
    return _sample(list(_reader(pdf).pages))


def _sample(pages: list[PageObject]) -> Sample | None:
    """The sample's pages read for :meth:`Sample.read`: the stream of each, and the widths of
    a font of the first."""

    def font_widths(name: str) -> list[Any] | None:
        fonts = cast(DictionaryObject, cast(DictionaryObject, pages[0]["/Resources"].get_object())["/Font"].get_object())
        return _widths(cast(DictionaryObject, fonts[name].get_object()))

    streams = []
    for page in pages:
        contents = page.get_contents()
        streams.append(contents.get_data() if contents is not None else b"")
    return Sample.read(streams, font_widths)


def _widths(font: DictionaryObject) -> list[Any] | None:
    """The widths (``/W``) of a composite font (as WeasyPrint embeds a font); None for another
    kind of font."""
    if font.get("/Subtype") != "/Type0" or "/DescendantFonts" not in font:
        return None
    descendant = cast(DictionaryObject, cast(ArrayObject, font["/DescendantFonts"].get_object())[0].get_object())
    return [entry.get_object() for entry in cast(ArrayObject, descendant.get("/W", ArrayObject()))]


def _links(page: object) -> Iterator[DictionaryObject]:
    for annotation in page.get("/Annots") or []:  # type: ignore[attr-defined]
        annotation = annotation.get_object()
        if annotation.get("/Subtype") == "/Link" and "/A" in annotation:
            yield annotation


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
        data = self.resources(page, folio, data)
        if self.artifact:
            data = b"/Artifact <</Type /Pagination>> BDC\n" + data + b"\nEMC\n"
        self.append(page, data)

    def resources(self, page: PageObject, folio: PageObject, data: bytes) -> bytes:
        """Give ``page`` the resources of ``folio``, renamed; ``data`` with their new names."""
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
        return data

    def append(self, page: PageObject, data: bytes) -> None:
        """Draw ``data`` after the page's own stream, in the page's first graphics state."""
        contents = cast(PdfObject, page.get("/Contents"))
        resolved = contents.get_object()
        existing = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([self.save, *existing, self.restore, self.writer._add_object(_stream(data))])


def _stream(data: bytes) -> StreamObject:
    stream = StreamObject()
    stream.set_data(data)
    return stream


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


def _catalog(reader: PdfReader) -> DictionaryObject:
    return cast(DictionaryObject, reader.trailer["/Root"])


def read_destinations(pdf: bytes) -> dict[str, int]:
    """The page (0-based) of each named destination of ``pdf``."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = {str(name): reader.get_destination_page_number(destination) for name, destination in reader.named_destinations.items()}
    return {name: page for name, page in pages.items() if page is not None}


def read_attachments(pdf: bytes) -> dict[str, bytes]:
    """The files attached to ``pdf``, by name."""
    reader = PdfReader(io.BytesIO(pdf))
    return {str(name): data[0] for name, data in reader.attachments.items() if data}
