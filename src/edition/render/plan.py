"""Where the pages of an article set in columns begin, planned from the first pass's measure.

A row of a pair that calls notes does not break across pages (``passes/split.py``):
where it does not fit at the foot of a page, WeasyPrint moves it on whole and
leaves that room empty, and the cuts that made the pair into rows show as
paragraph breaks the authors did not make. From the first pass (where each row
starts and how tall it is, the room its notes take, and the places where it may
be cut, ``Typeset.places``) the pages are laid out again here, row by row as
WeasyPrint lays them out, except that a row that calls notes and does not fit is
cut at the place that fills the page best (:func:`best_place`) and the rest
starts the next page. The parts of a pair that do not begin a page in the plan
are printed joined.

The plan is trusted only where the same model, cutting nothing, foresees the
first pass's pages row for row; otherwise the article keeps the first pass's rows
(the later passes of ``render/rows.py`` still join the cuts no page needs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from ..model import Article, NoteRef, SplitPoint
from ..passes.inlines import note_labels, walk
from .inline import back_ids, note_id

if TYPE_CHECKING:
    from .pdf import Typeset
    from .rows import PrintRow

FOOTNOTE_RULE = 16.0
"""The room the rule above a page's notes takes (``print.css.j2``: its margin, border
and padding, 8 + 0.4 + 3 pt), in CSS px."""

LINE = 24.0
"""The room a row's first line takes, with the space above it, in CSS px (a line of 10 pt
type is 18 px): less, and the row begins on the next page."""

NOTE_GAP = 2.0
"""The room between two notes at the foot of a page (0.15 em of 8 pt), in CSS px."""


@dataclass(frozen=True)
class Plan:
    """What the plan decides for an article's rows."""

    joined: frozenset[str] = frozenset()
    """Rows printed joined to the row before them."""
    cuts: tuple[tuple[str, int], ...] = ()
    """Places (``PrintRow.places``) where a row is cut, the rest starting a page."""
    breaks: frozenset[str] = frozenset()
    """The rows to start a page with: the rests of the rows cut, and the rows that do not
    break and would not fit at the foot of the page before (WeasyPrint would try them
    there, and move that page's notes on with them)."""


@dataclass
class _Page:
    """The page being filled while the plan is laid out."""

    number: int
    cursor: float
    """How far down the page its text has come."""
    limit: float
    """How far down its text may come: the foot of its text area."""
    notes: float = 0.0
    """The room its notes take, their rule included."""

    def room(self) -> float:
        return self.limit - self.notes - self.cursor

    def notes_room(self, notes: float) -> float:
        """The room ``notes`` take on this page: the rule above them if they are its first."""
        return notes + (FOOTNOTE_RULE if notes and not self.notes else 0.0)


@dataclass
class _Laid:
    starts: list[int] = field(default_factory=list)
    """The page each row starts on."""
    ends: list[int] = field(default_factory=list)
    """The page each row ends on."""
    cuts: dict[int, int] = field(default_factory=dict)
    """Row -> the place it is cut at (the rest starts the next page)."""
    moved: set[int] = field(default_factory=set)
    """Rows that do not break and start a page, not fitting at the foot of the one before by
    more than a line."""


def plan_pages(article: Article, rows: list[PrintRow], pages: Typeset) -> Plan | None:
    """The plan for the rows of ``article`` as first typeset (no row joined nor cut) as
    ``pages``; None where the model does not foresee ``pages``, or it changes nothing."""
    starts = [(pages.anchors.get(row.id), pages.depths.get(row.id)) for row in rows]
    if not rows or any(page is None or depth is None for page, depth in starts) or not any(row.places for row in rows):
        return None
    positions = [(page, depth) for page, depth in starts if page is not None and depth is not None]
    # the last row ends where what follows the text begins, or with the document's text
    back = [(pages.anchors[name], pages.depths[name]) for name in back_ids(article) if name in pages.anchors and name in pages.depths]
    end = min(back, default=(len(pages.areas) - 1, pages.areas[-1][1]))
    heights = [pages.span(start, end) for start, end in pairwise([*positions, end])]
    notes = [_notes_room(article, row, pages) for row in rows]
    as_typeset = _lay_out(article, rows, pages, heights, notes, positions, cutting=False)
    if as_typeset.starts != [page for page, _ in positions]:
        return None
    laid = _lay_out(article, rows, pages, heights, notes, positions, cutting=True)
    if not laid.cuts and not laid.moved:
        return None
    joined = set()
    for n in range(1, len(rows)):
        row, before = rows[n], rows[n - 1]
        if row.segment is not before.segment or row.segment.kind != "paragraph" or row.first or laid.starts[n] != laid.ends[n - 1]:
            continue
        # the part of the row before that this row would be joined to, and the part of this row
        first = laid.starts[n - 1] + (1 if n - 1 in laid.cuts else 0)
        last = laid.starts[n] if n in laid.cuts else laid.ends[n]
        if not (calls_notes(row) or calls_notes(before)) or first == last:
            joined.add(row.id)  # (a part that calls notes does not break across pages)
    cuts = tuple(rows[n].places[at] for n, at in laid.cuts.items())
    rests = {f"{origin}-s{number}" for origin, number in cuts}
    return Plan(frozenset(joined), cuts, frozenset(rests | {rows[n].id for n in laid.moved}))


def _lay_out(
    article: Article,
    rows: list[PrintRow],
    pages: Typeset,
    heights: list[float],
    notes: list[float],
    starts: list[tuple[int, float]],
    cutting: bool,
) -> _Laid:
    """``rows`` laid out on pages as WeasyPrint lays them out, from the first row's place on:
    a row that calls notes moves on whole where it does not fit with them, another row
    breaks across the page; with ``cutting``, a row that does either is cut at the place
    that fills the page best, if one fits."""
    laid = _Laid()
    page = _new_page(pages, *starts[0])
    for n, row in enumerate(rows):
        height, room_of_notes = heights[n], page.notes_room(notes[n])
        laid.starts.append(page.number)
        if height + room_of_notes <= page.room() + 0.5:
            page.cursor += height
            page.notes += room_of_notes
        elif not calls_notes(row) and row.segment.kind not in ("figure", "heading"):
            # a row of a pair that breaks across the page is cut there too, at a sentence's
            # end: its parts then join the pair's rows before and after it on their pages
            at = best_place(article, row, pages, page.room(), False) if cutting and row.places and page.room() >= LINE else None
            if page.room() < LINE:  # (its first line must fit)
                page = _next_page(laid, rows, heights, pages, page, cutting)
            rest = height
            if at is not None:
                laid.cuts[n] = at
                rest -= _head(article, row, pages, at)[0]
                page = _new_page(pages, page.number + 1)
            while rest > page.room():
                rest -= max(0.0, page.room())
                page = _new_page(pages, page.number + 1)
            page.cursor += rest
        else:
            at = best_place(article, row, pages, page.room(), not page.notes) if cutting and row.places else None
            if at is not None:
                laid.cuts[n] = at
                head_text, head_notes = _head(article, row, pages, at)
                page = _new_page(pages, page.number + 1)
                page.cursor += height - head_text
                page.notes += page.notes_room(max(0.0, notes[n] - head_notes))
            else:
                if page.cursor > pages.areas[min(page.number, len(pages.areas) - 1)][0] + 0.5:  # (on an empty page, it runs over)
                    if row.segment.kind == "paragraph" and height + room_of_notes > page.room() + LINE:
                        laid.moved.add(n)
                    page = _next_page(laid, rows, heights, pages, page, cutting)
                page.cursor += height
                page.notes += page.notes_room(notes[n])
        laid.ends.append(page.number)
    return laid


def _next_page(laid: _Laid, rows: list[PrintRow], heights: list[float], pages: Typeset, page: _Page, cutting: bool) -> _Page:
    """The page after ``page``, the row being laid out starting it; with ``cutting``, a
    heading left alone at the foot of ``page`` starts it instead, with the row."""
    n = len(laid.starts) - 1
    new = _new_page(pages, page.number + 1)
    laid.starts[n] = new.number
    heading = n - 1
    if cutting and heading >= 0 and rows[heading].segment.kind == "heading" and laid.starts[heading] == laid.ends[heading] == page.number:
        laid.starts[heading] = laid.ends[heading] = new.number
        new.cursor += heights[heading]
        laid.moved = (laid.moved - {n}) | {heading}
    return new


def _new_page(pages: Typeset, number: int, depth: float | None = None) -> _Page:
    top = pages.areas[min(number, len(pages.areas) - 1)][0]
    return _Page(number, top if depth is None else depth, top + pages.height)


def _head(article: Article, row: PrintRow, pages: Typeset, at: int) -> tuple[float, float]:
    """How much of ``row``'s height stays before its place ``at`` (the lines above the place's
    line, the one that holds it going on with the rest), and the room of the notes called
    before it."""
    top = pages.depths[row.id]
    above = min(pages.places[(row.id, lang)][at].top for lang in ("ru", "en")) - top
    return max(0.0, above), _notes_before(article, row, pages)[at]


def best_place(article: Article, row: PrintRow, pages: Typeset, room: float, first_notes: bool) -> int | None:
    """The place to cut ``row`` at, so that its text before fills ``room`` at the foot of a
    page: of the places whose text and notes fit there, the one that fills most, each
    column's short last line counting as up to two lines less (a cut shows where a line
    ends short; where both columns end their lines, it does not)."""
    top, page = pages.depths.get(row.id), pages.anchors.get(row.id)
    sides = [pages.places.get((row.id, lang), ()) for lang in ("ru", "en")]
    if top is None or any(len(side) != len(row.places) for side in sides):
        return None
    notes = _notes_before(article, row, pages)
    best, value = None, 0.0
    for at, places in enumerate(zip(*sides, strict=True)):
        if any(place.page != page for place in places):
            break
        filled = max(place.bottom for place in places) - top + notes[at] + (FOOTNOTE_RULE if notes[at] and first_notes else 0.0)
        if filled > room:
            break
        line = places[0].bottom - places[0].top
        short = max(1.0 - place.before for place in places)
        if filled - 2 * line * short > value:
            best, value = at, filled - 2 * line * short
    return best


def calls_notes(row: PrintRow) -> bool:
    return any(note_labels(block) for block in (row.row.ru, row.row.en) if block is not None)


def _notes_room(article: Article, row: PrintRow, pages: Typeset) -> float:
    """The room the notes ``row`` calls take at the foot of a page (their rule not counted)."""
    numbers = {article.note(block.lang, label).number for block in (row.row.ru, row.row.en) if block is not None for label in note_labels(block)}
    return sum(_note_room(article, number, pages) for number in numbers)


def _note_room(article: Article, number: int, pages: Typeset) -> float:
    """A note's Russian and English side by side, as one float."""
    return max(pages.notes.get(note_id(article, lang, number), 0.0) for lang in ("ru", "en")) + NOTE_GAP


def _notes_before(article: Article, row: PrintRow, pages: Typeset) -> list[float]:
    """For each place of ``row``, the room the notes called before it take."""
    numbers: list[set[int]] = [set() for _ in row.places]
    for block in (row.row.ru, row.row.en):
        called: set[int] = set()
        at = 0
        for item in block.paragraphs[0] if block is not None and block.kind == "paragraph" else ():
            if isinstance(item, SplitPoint) and at < len(numbers):
                numbers[at] |= called
                at += 1
            elif block is not None:
                called |= {article.note(block.lang, i.label).number for i in walk((item,)) if isinstance(i, NoteRef)}
    return [sum(_note_room(article, number, pages) for number in before) for before in numbers]
