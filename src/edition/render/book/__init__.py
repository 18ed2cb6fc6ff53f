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
the same parts.

A release's book is archival (:class:`Archival`): its parts are typeset as
PDF/A-3b (optionally tagged for PDF/UA), and the joined file is made PDF/A-3b
itself: one XMP metadata stream, one sRGB output intent, a file identifier
derived from its content, and the sources attached as associated files.

The package, one module a phase, each taking what the one before gives:

    parts.py     what the book is made of: the parts as tasks, each with its key
    typeset.py   one part typeset (and an article checked, and settled)
    pool.py      the processes: typesetting workers, and the joining process
    cache.py     each part once: taken from the cache, or typeset and kept
    front.py     once the articles are typeset: the front matter, the page numbers
    folios.py    which pages print a number, and how each number is drawn
    archival.py  what makes the book PDF/A-3b: XMP metadata, dates, identifier
    join.py      the parts joined into one PDF: the only module that imports pypdf
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from ...errors import Problem
from ...model import Edition, OutputFile
from .. import collection_paused
from ..cache import PartCache
from .archival import PDF_A, Archival, Attachment
from .cache import Parts, joined
from .folios import folio_pages, folio_sample
from .front import folios, front
from .join import read_attachments, read_destinations
from .parts import BookReport, PartResult, PdfKind, Progress, Task, back_key, part_key
from .pool import Joiner, Runner
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
    with Runner(edition, jobs) as runner, Joiner(jobs) as joiner:
        parts = Parts(edition, store, runner, report, progress)
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
        book = [front(edition, parts, articles, back, kind), *body]
        numbers = folios(edition, parts, sample, len(folio_pages(book)), kind)
        report.timings["contents"] = time.perf_counter() - started

        started = time.perf_counter()
        data = joined(store, book, numbers, archival, report, joiner)
        report.timings["join"] = time.perf_counter() - started
    for part in book:
        report.problems.extend(part.problems)
    if store is not None:
        store.prune()
    return OutputFile(Path(f"{edition.config.name}.pdf"), data), report


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
