"""One part of the book typeset, in the process that calls.

In: the edition and a task (``parts.py``). Out: the part's
:class:`PartResult`: its PDF, page count and anchors, and for an article
what its check found. An article is checked as it was typeset
(``verify.check_typeset``) and typeset again, with page breaks before the
blocks that pushed a note off its page, until the check is clean. WeasyPrint
is reached through ``render.typeset_part`` (``render/pdf.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from ...errors import Problem
from ...model import Article, Edition
from ..facing import next_spreads
from ..html import PrintPart
from ..rows import Layout, next_layout
from .parts import PLAIN, PartResult, PdfKind, Task

MAX_LAYOUT_PASSES = 6


def run(edition: Edition, task: Task) -> PartResult:
    """The part of ``task``, typeset."""
    if task.part is not None:
        return _typeset(edition, task.part, task.key, task.name)
    if task.position is None:
        return _rekey(_typeset_back(edition, task.kind), task.key, task.name)
    return typeset_article(edition, task.position, task.key, task.kind)


def typeset_article(edition: Edition, position: int, key: str, kind: PdfKind = PLAIN) -> PartResult:
    """One article, read back and checked; typeset again where a note left its page."""
    article = edition.articles[position]
    started = time.perf_counter()
    result, problems = settle(
        edition, lambda layout: PrintPart("article", (article,), layout, variant=kind.variant, tagged=kind.tagged), (article,)
    )
    return PartResult(key, article.slug, result.pdf, result.pages, result.anchors, problems, time.perf_counter() - started)


def typeset_whole(edition: Edition) -> PartResult:
    """The book as one WeasyPrint document, checked and settled as the parts are:
    the reference that the joined book is compared with."""
    result, problems = settle(edition, lambda layout: PrintPart("book", layout=layout), edition.articles)
    return PartResult("", "book", result.pdf, result.pages, result.anchors, problems)


def settle(edition: Edition, part: Callable[[Layout], PrintPart], articles: tuple[Article, ...]) -> tuple[PartResult, tuple[Problem, ...]]:
    """Typeset and check; typeset again with what the pages call for, until they call for nothing.

    WeasyPrint moves the notes already on a page to the next one when the
    first line of a later block does not fit at the foot of the page, even
    if that block then moves on (a table row that must not break). The check
    names that block; starting it on a new page keeps the notes with their
    calls. After the first pass, where a page begins is planned from its
    measure: a long pair is cut where a page begins inside it, and nowhere else
    (``render/plan.py``). A float that left the foot of a page empty moves on past the text
    after it, a heading left at the foot of a page goes to the next, a part of a
    table that starts a page gets the table's header (``render/rows.py``). On
    facing pages, the passes choose the rows of each spread instead (``render/facing.py``).
    Each pass adds to these until the pages are clean or nothing more can be done.
    """
    from ...verify import check_typeset
    from .. import typeset_part

    layout = Layout()
    facing = edition.config.layout.mode == "facing" and bool(articles)
    for _ in range(MAX_LAYOUT_PASSES):
        typeset = typeset_part(edition, part(layout))
        check = check_typeset(edition, typeset, articles, layout)
        if facing:  # a row that pushed a note off its page: its spread holds too much
            more = next_spreads(layout, articles, typeset, frozenset(check.pushing_rows))
        else:
            more = next_layout(layout, articles, typeset)
            more = replace(more, breaks=more.breaks | check.pushing_rows)
        if more == layout:
            break
        layout = more
    return PartResult("", "", typeset.pdf, typeset.pages, typeset.anchors), tuple(check.problems)


def _typeset_back(edition: Edition, kind: PdfKind) -> PartResult:
    """The bibliography (when the articles cite anything) and the colophon."""
    return _typeset(edition, PrintPart("back", (), variant=kind.variant, tagged=kind.tagged), "back")


def _typeset(edition: Edition, part: PrintPart, key: str, name: str = "") -> PartResult:
    from .. import typeset_part

    started = time.perf_counter()
    result = typeset_part(edition, part)
    return PartResult(key, name or part.kind, result.pdf, result.pages, result.anchors, seconds=time.perf_counter() - started)


def _rekey(result: PartResult, key: str, name: str) -> PartResult:
    return PartResult(key, name, result.pdf, result.pages, result.anchors, result.problems, result.seconds, result.cached)
