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
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path

import weasyprint
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

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
    started = time.perf_counter()
    tasks = [_Task(article.slug, part_key(edition, article), position) for position, article in enumerate(edition.articles)]
    tasks.append(_Task("back", _back_key(edition)))
    done = _typeset_parts(edition, tasks, store, jobs or os.cpu_count() or 1, report, progress)
    articles, back = done[:-1], done[-1]
    report.timings["articles and bibliography"] = time.perf_counter() - started

    started = time.perf_counter()
    front = _front(edition, store, articles, back, report, progress)
    parts = [front, *articles, *([back] if back.pages else [])]
    folio_pages = _folio_pages(parts)
    folios = _cached_part(
        edition, store, _digest("folios", _common(edition), folio_pages), "folios",
        lambda: _typeset(edition, PrintPart("folios", folio_pages=folio_pages), "folios"), report, None,
    )
    report.timings["contents and folios"] = time.perf_counter() - started

    started = time.perf_counter()
    data = join(parts, folios.pdf)
    report.timings["join"] = time.perf_counter() - started
    for part in parts:
        report.problems.extend(part.problems)
    return OutputFile(Path(f"{edition.config.name}.pdf"), data), report


# --- parts ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Task:
    """A part to typeset: an article (its position) or the back matter (None)."""

    name: str
    key: str
    position: int | None = None


def _typeset_parts(
    edition: Edition, tasks: list[_Task], store: PartCache | None, jobs: int, report: BookReport, progress: Progress | None
) -> list[PartResult]:
    """The parts of ``tasks``, in their order: from the cache, or typeset in a pool, largest first."""
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
    if jobs <= 1 or len(to_do) <= 1:
        for index in to_do:
            results[index] = _store(store, _run(edition, tasks[index]))
            _done(results[index], report, progress)
    else:
        memo = citation_formatter(edition).memo()
        with ProcessPoolExecutor(max_workers=min(jobs, len(to_do)), initializer=_worker_start, initargs=(edition, memo)) as pool:
            futures = {pool.submit(_worker_run, tasks[index]): index for index in to_do}
            for future in as_completed(futures):
                results[futures[future]] = _store(store, future.result())
                citation_formatter(edition).preload(results[futures[future]].citations)
                _done(results[futures[future]], report, progress)
    return [results[index] for index in range(len(tasks))]


_EDITION: Edition | None = None


def _worker_start(edition: Edition, citations: dict[str, str]) -> None:
    global _EDITION
    _EDITION = edition
    citation_formatter(edition).preload(citations)


def _worker_run(task: _Task) -> PartResult:
    assert _EDITION is not None
    result = _run(_EDITION, task)
    # what this worker formatted goes back, for the other formats and the next build
    return replace(result, citations=citation_formatter(_EDITION).memo())


def _run(edition: Edition, task: _Task) -> PartResult:
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


def _typeset(edition: Edition, part: PrintPart, key: str) -> PartResult:
    from . import typeset_part

    started = time.perf_counter()
    result = typeset_part(edition, part)
    return PartResult(key, part.kind, result.pdf, result.pages, result.anchors, seconds=time.perf_counter() - started)


def _front(
    edition: Edition, store: PartCache | None, articles: list[PartResult], back: PartResult, report: BookReport, progress: Progress | None
) -> PartResult:
    """Title page and contents, with the page numbers of the joined book.

    The contents' numbers depend on the length of the front matter itself:
    it is typeset for two pages, and again if it turns out longer.
    """
    length = 2
    for _ in range(3):
        numbers = _page_numbers(edition, length, articles, back)
        key = _digest("front", _common(edition), [a.meta for a in edition.articles], [a.headings() for a in edition.articles], numbers)
        part = PrintPart("front", (), page_numbers=numbers)
        front = _cached_part(edition, store, key, "front", lambda: _typeset(edition, part, key), report, progress)
        if _even(front.pages) == length:
            return front
        length = _even(front.pages)
    return front


def _page_numbers(edition: Edition, front: int, articles: list[PartResult], back: PartResult) -> tuple[tuple[str, int], ...]:
    numbers: list[tuple[str, int]] = []
    start = front + 1
    for article, part in zip(edition.articles, articles, strict=True):
        prefix = f"a{article.index}"
        numbers += [(anchor, start + page) for anchor, page in part.anchors.items() if anchor == prefix or anchor.startswith(prefix + "-")]
        start += _even(part.pages)
    numbers += [(anchor, start + page) for anchor, page in back.anchors.items() if anchor == "bibliography"]
    return tuple(sorted(numbers))


def _cached_part(
    edition: Edition, store: PartCache | None, key: str, name: str, make: Callable[[], PartResult], report: BookReport, progress: Progress | None
) -> PartResult:
    cached = store.get(key, name) if store else None
    result = cached or _store(store, _rekey(make(), key, name))
    _done(result, report, progress if name != "folios" else None)
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
    return (__version__, weasyprint.__version__, config, _files_digest(config.templates), _files_digest(config.csl_ru), _files_digest(config.csl_en), _fonts_digest())


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


def join(parts: list[PartResult], folios: bytes) -> bytes:
    """The parts as one PDF: each but the last padded to an even length, page numbers stamped,
    bookmarks and named destinations kept, links from the contents made internal."""
    writer = PdfWriter()
    for index, part in enumerate(parts):
        writer.append(PdfReader(io.BytesIO(part.pdf)), import_outline=True)
        if part.pages % 2 and index < len(parts) - 1:  # the next part starts on a right-hand page
            writer.add_blank_page()
    for page, folio in zip(writer.pages, PdfReader(io.BytesIO(folios)).pages, strict=True):
        page.merge_page(folio)
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


def _links(page: object) -> Iterator[DictionaryObject]:
    for annotation in page.get("/Annots") or []:  # type: ignore[attr-defined]
        annotation = annotation.get_object()
        if annotation.get("/Subtype") == "/Link" and "/A" in annotation:
            yield annotation
