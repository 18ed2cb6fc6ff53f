"""The printed book, typeset part by part, in parallel, with a cache, then joined.

The front matter (title page, contents), each article, and the back matter
(the bibliography) are separate WeasyPrint documents. Articles are typeset
in a process pool, largest first; each is read back and checked on its own
(``verify.check_pdf``), with the layout passes that keep its notes on their
pages. Every part starts on a right-hand page and is padded to an even
number of pages, so a change of length in one part never changes the
left/right layout of the others, and a part's pages do not depend on where
it stands in the book. The page numbers are stamped at join time, from a
"folios" document; the contents, typeset last, get their page numbers from
the joined parts.

A part already typeset with the same inputs is taken from the cache under
``build/.cache``: its key is a digest of everything that affects its pages
(see :func:`part_key`), and an entry whose PDF does not match its recorded
digest is typeset again, never used. The joiner is the only module that
imports pypdf.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import time
from collections.abc import Callable, Iterator
import multiprocessing
import multiprocessing.pool
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path

from importlib.metadata import version
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject, TextStringObject

from .. import __version__
from ..errors import Problem
from ..fonts import font_faces
from ..model import Article, Edition, OutputFile
from .citations import cited_keys
from .html import BOOK_LINK, PrintPart, citation_formatter

MAX_LAYOUT_PASSES = 6


@dataclass(frozen=True)
class PartResult:
    """A typeset part: its PDF, page count and anchors, and what its check found."""

    key: str
    name: str
    """What the progress line shows: the article's slug, ``front``, ``back``."""
    pdf: bytes
    pages: int
    anchors: dict[str, int]
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0
    cached: bool = False
    citations: dict[str, str] = field(default_factory=dict)
    """References formatted while typesetting the part (see ``Formatter.memo``)."""


@dataclass
class BookReport:
    """What the build of the book did, for the progress line and ``--verbose``."""

    parts: list[PartResult] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unchanged: bool = False


Progress = Callable[[PartResult], None]


def build_book(
    edition: Edition,
    cache: Path | None,
    jobs: int = 0,
    progress: Progress | None = None,
) -> tuple[OutputFile, BookReport]:
    """Typeset and join the book. ``cache``: the cache folder, None for no cache."""
    report = BookReport()
    store = PartCache(cache) if cache is not None else None
    with _Runner(edition, jobs or os.cpu_count() or 1) as runner:
        started = time.perf_counter()
        tasks = [_Task(article.slug, part_key(edition, article), position) for position, article in enumerate(edition.articles)]
        tasks.append(_Task("back", _back_key(edition)))
        done = _typeset_parts(edition, tasks, store, runner, report, progress)
        articles, back = done[:-1], done[-1]
        report.timings["articles and bibliography"] = time.perf_counter() - started

        started = time.perf_counter()
        front = _front(edition, store, runner, articles, back, report, progress)
        parts = [front, *articles, *([back] if back.pages else [])]
        folios = _folios(edition, store, runner, _folio_pages(parts), report)
        report.timings["contents and folios"] = time.perf_counter() - started

    started = time.perf_counter()
    data = join(parts, folios)
    report.timings["join"] = time.perf_counter() - started
    for part in parts:
        report.problems.extend(part.problems)
    return OutputFile(Path(f"{edition.config.name}.pdf"), data), report


# --- parts ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Task:
    """A part to typeset: an article (its position), the back matter, or a given print part."""

    name: str
    key: str
    position: int | None = None
    part: PrintPart | None = None
    """For the front matter and the folios: what to typeset."""


def _typeset_parts(
    edition: Edition, tasks: list[_Task], store: PartCache | None, runner: _Runner, report: BookReport, progress: Progress | None
) -> list[PartResult]:
    """The parts of ``tasks``, in their order: from the cache, or typeset, largest first."""
    results: dict[int, PartResult] = {}
    to_do: list[int] = []
    for index, task in enumerate(tasks):
        cached = store.get(task.key, task.name) if store else None
        if cached:
            results[index] = cached
            _done(cached, report, progress)
        else:
            to_do.append(index)
    # largest first, so that the pool does not wait for a long article at the end
    to_do.sort(key=lambda index: -_size(edition, tasks[index]))
    for index, result in runner.map([(index, tasks[index]) for index in to_do]):
        results[index] = _store(store, result)
        citation_formatter(edition).preload(result.citations)
        _done(result, report, progress)
    return [results[index] for index in range(len(tasks))]


WORKER_TASKS = 4
"""Parts a worker typesets before it is replaced: WeasyPrint keeps about a megabyte
of each document, so a long-lived worker would grow with the book."""

_EDITION: Edition | None = None


class _Runner:
    """Runs tasks in this process (one job) or in a pool of worker processes.

    Workers are forked from this process once it is warmed up (hyphenation
    dictionaries, CSL styles, WeasyPrint's start, the references formatted so
    far), so that a worker replaced after :data:`WORKER_TASKS` parts starts
    ready; where there is no fork, they are spawned and given the edition.
    """

    def __init__(self, edition: Edition, jobs: int) -> None:
        self.edition = edition
        self.jobs = jobs
        self.pool: multiprocessing.pool.Pool | None = None

    def __enter__(self) -> _Runner:
        return self

    def __exit__(self, *_: object) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()

    def map(self, items: list[tuple[int, _Task]]) -> Iterator[tuple[int, PartResult]]:
        if self.jobs <= 1 or len(items) <= 1:
            return (_worker_run(item, self.edition) for item in items)
        return self._pool().imap_unordered(_worker_run, items)

    def run(self, task: _Task) -> PartResult:
        if self.pool is None:  # a pool is worth starting only for the articles
            return _worker_run((0, task), self.edition)[1]
        return self.pool.apply(_worker_run, ((0, task),))[1]

    def _pool(self) -> multiprocessing.pool.Pool:
        if self.pool is None:
            global _EDITION
            _EDITION = self.edition
            if "fork" in multiprocessing.get_all_start_methods():
                _warm_up(self.edition)
                self.pool = multiprocessing.get_context("fork").Pool(self.jobs, maxtasksperchild=WORKER_TASKS)
            else:
                memo = citation_formatter(self.edition).memo()
                self.pool = multiprocessing.get_context("spawn").Pool(self.jobs, _worker_start, (self.edition, memo))
        return self.pool


def _warm_up(edition: Edition) -> None:
    import pyphen

    for lang in ("ru", "en", "de", "fr"):
        pyphen.Pyphen(lang=lang)
    citation_formatter(edition).load_styles()
    # WeasyPrint's own start: its default stylesheets, the fonts, Pango
    _typeset(edition, PrintPart("folios", folio_pages=("",)), "")


def _worker_start(edition: Edition, citations: dict[str, str]) -> None:
    global _EDITION
    _EDITION = edition
    citation_formatter(edition).preload(citations)


def _worker_run(item: tuple[int, _Task], edition: Edition | None = None) -> tuple[int, PartResult]:
    index, task = item
    edition = edition or _EDITION
    assert edition is not None
    result = _run(edition, task)
    # what this worker formatted goes back, for the other formats and the next build
    return index, replace(result, citations=citation_formatter(edition).memo())


def _run(edition: Edition, task: _Task) -> PartResult:
    if task.part is not None:
        return _typeset(edition, task.part, task.key, task.name)
    if task.position is None:
        return _rekey(_typeset_back(edition), task.key, task.name)
    return typeset_article(edition, task.position, task.key)


def typeset_article(edition: Edition, position: int, key: str) -> PartResult:
    """One article, read back and checked; typeset again where a note left its page."""
    article = edition.articles[position]
    started = time.perf_counter()
    result, problems = settle(edition, lambda breaks: PrintPart("article", (article,), breaks), (article,))
    return PartResult(key, article.slug, result.pdf, result.pages, result.anchors, problems, time.perf_counter() - started)


def typeset_whole(edition: Edition) -> PartResult:
    """The book as one WeasyPrint document, checked and settled as the parts are:
    the reference that the joined book is compared with."""
    result, problems = settle(edition, lambda breaks: PrintPart("book", page_breaks=breaks), edition.articles)
    return PartResult("", "book", result.pdf, result.pages, result.anchors, problems)


def settle(edition: Edition, part: Callable[[frozenset[str]], PrintPart], articles: tuple[Article, ...]) -> tuple[PartResult, tuple[Problem, ...]]:
    """Typeset, read back and check; where a note was pushed off its page, typeset again.

    WeasyPrint moves the notes already on a page to the next one when the
    first line of a later block does not fit at the foot of the page, even
    if that block then moves on (a table row that must not break). The check
    names that block; starting it on a new page keeps the notes with their
    calls. Each pass adds such breaks until the check is clean or nothing
    more can be done.
    """
    from ..verify import check_pdf

    breaks: frozenset[str] = frozenset()
    for _ in range(MAX_LAYOUT_PASSES):
        result = _typeset(edition, part(breaks), "")
        check = check_pdf(edition, result.pdf, articles)
        more = breaks | check.pushing_rows
        if not check.problems or more == breaks:
            break
        breaks = frozenset(more)
    return result, tuple(check.problems)


def _typeset_back(edition: Edition) -> PartResult:
    if not any(cited_keys(article) for article in edition.articles):
        return PartResult("", "back", b"", 0, {})
    return _typeset(edition, PrintPart("back", ()), "back")


def _typeset(edition: Edition, part: PrintPart, key: str, name: str = "") -> PartResult:
    from . import typeset_part

    started = time.perf_counter()
    result = typeset_part(edition, part)
    return PartResult(key, name or part.kind, result.pdf, result.pages, result.anchors, seconds=time.perf_counter() - started)


def _front(
    edition: Edition,
    store: PartCache | None,
    runner: _Runner,
    articles: list[PartResult],
    back: PartResult,
    report: BookReport,
    progress: Progress | None,
) -> PartResult:
    """Title page and contents, with the page numbers of the joined book.

    The contents' numbers depend on the length of the front matter itself:
    it is typeset for the length its entries suggest, and again if it turns
    out otherwise.
    """
    lines = sum(3 + len(a.headings()) for a in edition.articles) + 3
    length = _even(1 + -(-lines // 45))
    for _ in range(3):
        numbers = _page_numbers(edition, length, articles, back)
        key = _digest("front", _common(edition), [a.meta for a in edition.articles], [a.headings() for a in edition.articles], numbers)
        task = _Task("front", key, part=PrintPart("front", (), page_numbers=numbers))
        front = _cached_part(store, task, runner, report, progress)
        if _even(front.pages) == length:
            return front
        length = _even(front.pages)
    return front


FOLIO_STRETCH = 100
"""Pages of one folios document: stretches are typeset side by side, and a long
book does not need one large document."""


def _folios(edition: Edition, store: PartCache | None, runner: _Runner, kinds: tuple[str, ...], report: BookReport) -> list[bytes]:
    """The folios documents of the book, a stretch of :data:`FOLIO_STRETCH` pages each."""
    tasks = []
    for start in range(0, len(kinds), FOLIO_STRETCH):
        stretch = kinds[start : start + FOLIO_STRETCH]
        part = PrintPart("folios", folio_pages=stretch, first_page=start + 1)
        tasks.append(_Task("folios", _digest("folios", _common(edition), start, stretch), part=part))
    found = _typeset_parts(edition, tasks, store, runner, report, None)
    return [part.pdf for part in found]


def _page_numbers(edition: Edition, front: int, articles: list[PartResult], back: PartResult) -> tuple[tuple[str, int], ...]:
    numbers: list[tuple[str, int]] = []
    start = front + 1
    for article, part in zip(edition.articles, articles, strict=True):
        prefix = f"a{article.index}"
        numbers += [(anchor, start + page) for anchor, page in part.anchors.items() if anchor == prefix or anchor.startswith(prefix + "-")]
        start += _even(part.pages)
    numbers += [(anchor, start + page) for anchor, page in back.anchors.items() if anchor == "bibliography"]
    return tuple(sorted(numbers))


def _cached_part(store: PartCache | None, task: _Task, runner: _Runner, report: BookReport, progress: Progress | None) -> PartResult:
    result = (store.get(task.key, task.name) if store else None) or _store(store, runner.run(task))
    _done(result, report, progress)
    return result


def _rekey(result: PartResult, key: str, name: str) -> PartResult:
    return PartResult(key, name, result.pdf, result.pages, result.anchors, result.problems, result.seconds, result.cached)


def _done(result: PartResult, report: BookReport, progress: Progress | None) -> None:
    report.parts.append(result)
    if progress is not None:
        progress(result)


def _store(store: PartCache | None, result: PartResult) -> PartResult:
    if store is not None and not result.problems and result.key:
        store.put(result)
    return result


def _size(edition: Edition, task: _Task) -> int:
    """About how long a part takes: its text (the bibliography counts as a short article)."""
    if task.part is not None:
        return 100 * len(task.part.folio_pages)
    if task.position is None:
        return 200 * len(edition.bibliography)
    article = edition.articles[task.position]
    return len(repr(article.segments)) + len(repr(article.notes))


def _even(pages: int) -> int:
    return pages + pages % 2


# --- cache keys ---------------------------------------------------------------------


def part_key(edition: Edition, article: Article) -> str:
    """Digest of everything that affects an article's pages.

    Its content after the passes (text, notes, numbers), the bibliography
    entries it cites, the templates and styles, the CSL styles and fonts,
    the configuration, and the versions of the tool and of WeasyPrint. Its
    place in the book is not in it: every part starts on a right-hand page
    and its page numbers are stamped when the book is joined.
    """
    keys = set(cited_keys(article))
    entries = [entry for entry in edition.bibliography if entry.key in keys]
    return _digest("article", _common(edition), article, entries)


def _back_key(edition: Edition) -> str:
    keys = [cited_keys(article) for article in edition.articles]
    return _digest("back", _common(edition), keys, edition.bibliography)


def _common(edition: Edition) -> tuple[object, ...]:
    config = edition.config
    return (__version__, version("weasyprint"), config, _files_digest(config.templates), _files_digest(config.csl_ru), _files_digest(config.csl_en), _fonts_digest())


def _digest(*values: object) -> str:
    return hashlib.sha256(repr(_canonical(values)).encode()).hexdigest()


def _canonical(value: object) -> object:
    """``value`` with sets in sorted order, so that its repr is the same in every process
    (the order of a set of strings changes with Python's hash seed)."""
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, tuple((f.name, _canonical(getattr(value, f.name))) for f in fields(value)))
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted((_canonical(item) for item in value), key=repr)))
    if isinstance(value, dict):
        return ("dict", tuple(sorted(((repr(_canonical(k)), _canonical(v)) for k, v in value.items()))))
    if isinstance(value, list | tuple):
        return tuple(_canonical(item) for item in value)
    return value


def _files_digest(path: Path) -> str:
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


_FONTS: str | None = None


def _fonts_digest() -> str:
    global _FONTS
    if _FONTS is None:
        _FONTS = hashlib.sha256(b"".join(face.path.read_bytes() for face in font_faces())).hexdigest()
    return _FONTS


class PartCache:
    """Typeset parts on disk: ``<key>.pdf`` and ``<key>.json`` (pages, anchors, the PDF's digest)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str, name: str) -> PartResult | None:
        """The cached part, or None when absent, unreadable or not matching its digest."""
        pdf_path, meta_path = self.folder / f"{key}.pdf", self.folder / f"{key}.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            data = pdf_path.read_bytes()
            if meta["sha256"] != hashlib.sha256(data).hexdigest() or meta["key"] != key:
                return None
            return PartResult(key, name, data, int(meta["pages"]), {str(k): int(v) for k, v in meta["anchors"].items()}, cached=True)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, result: PartResult) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        meta = {"key": result.key, "sha256": hashlib.sha256(result.pdf).hexdigest(), "pages": result.pages, "anchors": result.anchors}
        for path, data in ((self.folder / f"{result.key}.pdf", result.pdf), (self.folder / f"{result.key}.json", json.dumps(meta).encode())):
            temporary = path.with_name(path.name + f".{os.getpid()}.part")
            temporary.write_bytes(data)
            os.replace(temporary, path)


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


def join(parts: list[PartResult], folios: list[bytes]) -> bytes:
    """The parts as one PDF: each but the last padded to an even length, page numbers stamped,
    bookmarks and named destinations kept, links from the contents made internal."""
    writer = PdfWriter()
    for index, part in enumerate(parts):
        writer.append(PdfReader(io.BytesIO(part.pdf)), import_outline=True)
        if part.pages % 2 and index < len(parts) - 1:  # the next part starts on a right-hand page
            writer.add_blank_page()
    stamp = _Stamper(writer)
    folio_pages = [page for document in folios for page in PdfReader(io.BytesIO(document)).pages]
    for page, folio in zip(writer.pages, folio_pages, strict=True):
        stamp(page, folio)
    for page in writer.pages[: _even(parts[0].pages)]:
        for annotation in _links(page):
            uri = str(annotation["/A"].get("/URI", ""))
            if uri.startswith(BOOK_LINK):
                annotation[NameObject("/A")] = DictionaryObject(
                    {NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): TextStringObject(uri[len(BOOK_LINK) :])}
                )
    front = PdfReader(io.BytesIO(parts[0].pdf))
    if front.metadata:
        writer.add_metadata({key: value for key, value in front.metadata.items()})
    language = front.trailer["/Root"].get("/Lang")
    if language:
        writer._root_object[NameObject("/Lang")] = language
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


class _Stamper:
    """Lays a page of the folios document over a page of the book.

    Cheaper than pypdf's ``merge_page``, which parses and rewrites both
    content streams: the page's own stream is left as it is, wrapped in
    q/Q, and the folio's stream follows it, with its resources renamed
    (``/folio…``) so that they cannot clash with the page's.
    """

    CATEGORIES = ("/Font", "/ExtGState", "/ColorSpace", "/XObject", "/Pattern", "/Shading")

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.save = writer._add_object(_stream(b"q\n"))
        self.restore = writer._add_object(_stream(b"\nQ\n"))

    def __call__(self, page: PageObject, folio: PageObject) -> None:
        data = folio.get_contents().get_data() if folio.get_contents() is not None else b""
        if b"Tj" not in data and b"TJ" not in data:
            return  # a page without a number
        folio_resources = folio["/Resources"].get_object()
        page_resources = page["/Resources"].get_object()
        for category in self.CATEGORIES:
            entries = folio_resources.get(category)
            if entries is None:
                continue
            entries = entries.get_object()
            target = page_resources.get(category)
            if target is None:
                target = DictionaryObject()
                page_resources[NameObject(category)] = target
            target = target.get_object()
            for name, value in entries.items():
                renamed = f"/folio{name[1:]}"
                data = re.sub(re.escape(name.encode()) + rb"(?=[\s/\[\]<>()]|$)", renamed.encode(), data)
                target[NameObject(renamed)] = value.clone(self.writer) if hasattr(value, "clone") else value
        contents = page.get("/Contents")
        existing = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
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
