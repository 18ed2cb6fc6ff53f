"""The processes the book is made in: the workers that typeset parts, and the joining process.

In: tasks (``parts.py``), each typeset by ``typeset.py``; then the typeset
parts, to join. Out: each part's :class:`PartResult`, in the order they are
done; the joined book's bytes (``join.py``). With one job, or for a quick
part, everything runs in the calling process.
"""

from __future__ import annotations

import ctypes
import gc
import heapq
import itertools
import multiprocessing
import multiprocessing.pool
import queue
from dataclasses import replace
from typing import Self, cast

from ...model import Edition
from ..html import citation_formatter
from .archival import Archival
from .folios import Folios
from .join import join, join_read, read_ahead
from .parts import PartResult, Task
from .typeset import run

WORKER_TASKS = 12
"""Parts a worker typesets before it is replaced: WeasyPrint keeps about a megabyte
of each document (in C, out of Python's reach), so a long-lived worker would grow
with the book; a new one starts slower (its first part takes a tenth of a second more)."""

_EDITION: Edition | None = None


class Runner:
    """Typesets parts in this process (one job) or in a pool of worker processes:
    those asked for ``first``, then in the order given; no more at once than
    there are jobs, so that a part asked for first later (the contents) is the
    next to start.

    Workers are forked from this process once it is warmed up (hyphenation
    dictionaries, CSL styles, WeasyPrint's start, the references formatted so
    far), so that a worker replaced after :data:`WORKER_TASKS` parts starts
    ready; where there is no fork, they are spawned and given the edition.
    """

    def __init__(self, edition: Edition, jobs: int) -> None:
        self.edition = edition
        self.jobs = jobs
        self.pool: multiprocessing.pool.Pool | None = None
        self.frozen = False
        self.waiting: list[tuple[bool, int, Task]] = []
        self.order = itertools.count()
        self.running = 0
        self.finished: queue.SimpleQueue[tuple[Task, PartResult] | BaseException] = queue.SimpleQueue()
        global _EDITION
        _EDITION = edition  # for the processes forked from here

    def __enter__(self) -> Self:
        return self

    def __exit__(self, failure: type[BaseException] | None, *_: object) -> None:
        if self.pool is not None:
            if failure is not None:
                self.pool.terminate()
            self.pool.close()
            self.pool.join()
        if self.frozen:
            gc.unfreeze()

    def submit(self, tasks: list[Task], first: bool = False) -> None:
        for task in tasks:
            heapq.heappush(self.waiting, (not first, next(self.order), task))

    def next(self) -> tuple[Task, PartResult]:
        """A part submitted and typeset: the next one done."""
        # a pool is worth starting only for articles, more than one: the front and the folios are quick
        quick = all(task.part is not None for _, _, task in self.waiting)
        if self.waiting and self.pool is None and (self.jobs <= 1 or len(self.waiting) <= 1 or quick):
            task = heapq.heappop(self.waiting)[2]
            return task, run(self.edition, task)
        assert self.waiting or self.running, "a part is awaited that was never asked for"
        if self.waiting:
            pool = self._pool()
            while self.waiting and self.running < self.jobs:
                task = heapq.heappop(self.waiting)[2]
                pool.apply_async(_worker_run, (task,), callback=self.finished.put, error_callback=self.finished.put)
                self.running += 1
        done = self.finished.get()
        if isinstance(done, BaseException):
            raise done
        self.running -= 1
        return done

    def _pool(self) -> multiprocessing.pool.Pool:
        if self.pool is None:
            if "fork" in multiprocessing.get_all_start_methods():
                _warm_up(self.edition)
                # what the workers inherit is never collected: no worker's collection walks
                # it (a tenth of a second each time, with the hyphenation dictionaries) nor
                # copies its pages
                gc.freeze()
                self.frozen = True
                self.pool = multiprocessing.get_context("fork").Pool(self.jobs, gc.enable, maxtasksperchild=WORKER_TASKS)
            else:
                memo = citation_formatter(self.edition).memo()
                self.pool = multiprocessing.get_context("spawn").Pool(self.jobs, _worker_start, (self.edition, memo))
        return self.pool


def _warm_up(edition: Edition) -> None:
    from .. import load_print_templates, start_typesetter

    citation_formatter(edition).load_styles()
    load_print_templates(edition)
    start_typesetter(edition)  # WeasyPrint's own start, and the hyphenation dictionaries the book needs


def _worker_start(edition: Edition, citations: dict[str, str]) -> None:
    global _EDITION
    _EDITION = edition
    citation_formatter(edition).preload(citations)


def _worker_run(task: Task) -> tuple[Task, PartResult]:
    assert _EDITION is not None
    result = run(_EDITION, task)
    # what the document left is freed now, and the memory given back to the system
    # (about 15 MB after a few parts): the worker stays small for more parts
    gc.collect()
    _trim_memory()
    # what this worker formatted goes back, for the other formats and the next build
    return task, replace(result, citations=citation_formatter(_EDITION).memo())


def _trim_memory() -> None:
    """Give the memory freed in this process back to the system, where the C library can (glibc)."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)


class Joiner:
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
