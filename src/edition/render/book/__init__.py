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
import multiprocessing
import multiprocessing.pool
import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Self, cast

from ...errors import Problem
from ...model import Edition, OutputFile
from .. import collection_paused
from ..cache import CachedPart, PartCache
from ..html import PrintPart, citation_formatter
from .archival import PDF_A, Archival, Attachment
from .folios import FOLIO_STRETCH, Folios, folio_pages, folio_sample
from .join import (
    join,
    join_read,
    read_ahead,
    read_attachments,
    read_destinations,
    read_sample,
)
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
        sample = folio_sample(edition, kind)
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
        folios = _folios(edition, parts, sample, len(folio_pages(book)), kind)
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


def _folios(edition: Edition, parts: _Parts, sample: Task, pages: int, kind: PdfKind) -> Folios:
    """The page numbers of a book of ``pages`` pages: drawn from the sample where its numbers
    are plain figures; else typeset, a stretch of :data:`FOLIO_STRETCH` numbered pages a
    document (the join stamps only the pages that print a number)."""
    (typeset,) = parts.get([sample])
    if read_sample(typeset.pdf) is not None:
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
    store.put(key, CachedPart(data, len(folio_pages(parts)), {}), slot="book")
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
            self.pool.apply_async(read_ahead, ([part.pdf for part in parts],))

    def join(self, parts: list[PartResult], folios: Folios, archival: Archival | None) -> bytes:
        if self.pool is None:
            return join(parts, folios, archival)
        return cast(bytes, self.pool.apply(join_read, ([replace(part, citations={}) for part in parts], folios, archival)))


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
