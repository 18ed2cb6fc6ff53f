"""Each part of the book made once: taken from the cache, or typeset and kept there.

In: tasks (``parts.py``) and the part cache (:mod:`edition.render.cache`,
which seals each record with its digest). Out: each task's
:class:`PartResult`, in the order asked, and the joined book's bytes, taken
from the cache when it was joined from the same parts. What the cache lacks
is typeset in the pool (``pool.py``), the largest first; a part is kept
only if its check found nothing. Each part done is reported to the progress
line.
"""

from __future__ import annotations

import hashlib

from ...model import Edition
from ..cache import CachedPart, PartCache
from ..html import citation_formatter
from .archival import Archival
from .folios import Folios, folio_pages
from .parts import BookReport, PartResult, Progress, Task, digest
from .pool import Joiner, Runner


class Parts:
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


def joined(
    store: PartCache | None, parts: list[PartResult], folios: Folios, archival: Archival | None, report: BookReport, joiner: Joiner
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


def _done(result: PartResult, report: BookReport, progress: Progress | None) -> None:
    report.parts.append(result)
    if progress is not None and result.name != "folios":  # page numbers only: not pages of the book
        progress(result)


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
