"""The rows of an article in the order they are printed, as the layout passes settle them.

An article is typeset, and where its rows fell is read back (``render/pdf.py``:
the row each page starts with, the space left empty at each page's foot). What
a press would not let stand is then mended in the next pass, as :class:`Layout`:

- a table or figure that did not fit at the foot of a page, and left there
  more than :data:`EMPTY` of the page empty, moves past the row of text after
  it, which fills the space (the float then heads the next page, as books set
  floats), never past a heading, another float, or a forced page break;
- a heading left alone at the foot of a page starts the next page, with the
  text it heads;
- a part of a table cut between rows for its notes (``passes/split.py``) that
  starts a page prints the table's header again, as a table that breaks across
  pages by itself does; a part that a page begins inside of is cut there;
- a long pair cut into rows at sentences (``passes/split.py``, so that its notes
  stay on their pages) is joined again where two of its rows lie on one page: a
  cut shows as a paragraph break the authors did not make, so only the cuts a
  page needs stay;
- after the first pass, where a row of such a pair that calls notes moved whole
  to the next page, it is cut at the sentence that fills the page before best
  (``render/plan.py``), and the parts no page begins with are joined.

The template prints the rows in the order :func:`print_rows` gives, and the
nothing-lost check reads them in that order.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..model import Article, Block, Inline, NoteRef, Row, Segment, SplitPoint, Text
from ..passes.inlines import map_inlines
from ..passes.split import join_parts, strip_spaces, table_part
from .inline import back_ids, row_id
from .plan import calls_notes, plan_pages

if TYPE_CHECKING:
    from .pdf import Typeset

EMPTY = 0.12
"""The share of a page's height that a float may leave empty at the foot of the page
before it: about seven lines of text."""

FEW_LINES = 0.03
"""The share of a page's height that holds a few lines (three of the text's, on A4)."""


@dataclass(frozen=True)
class Layout:
    """What the layout passes decided for a print document."""

    breaks: frozenset[str] = frozenset()
    """Ids of rows to start on a new page."""
    moves: tuple[tuple[str, int], ...] = ()
    """(id of a float's row, how many rows it is moved past), in the order of the text."""
    headed: frozenset[str] = frozenset()
    """Ids of rows holding a later part of a table, to print with the table's header."""
    joined: frozenset[str] = frozenset()
    """Ids of rows of a pair cut at sentences printed joined to the row before them."""
    cuts: tuple[tuple[str, int], ...] = ()
    """Where a page begins inside a row, in the order they were found: (id of a row holding
    part of a table, a body row of that part): the part is cut before that body row, and
    the rest printed as a row of its own on the next page, with the table's header (its
    id: the row's, then ``-row`` and the body row); or (id of a row of a pair cut at
    sentences, one of its places, :attr:`PrintRow.places`): the rest is a row of its own
    (its id: the row's, then ``-s`` and the number of the place)."""
    pads: tuple[tuple[str, float], ...] = ()
    """On facing pages: (id of a row's side, the space above it, CSS px) that sets a block
    standing alone on its spread level with the blank beside it (``render/facing.py``)."""
    blanks: tuple[tuple[str, float], ...] = ()
    """On facing pages: (id of the side left blank beside a block standing alone, the
    block's height, CSS px)."""


@dataclass(frozen=True)
class PrintRow:
    """A row as printed: its segment, its place among the segment's rows, its blocks."""

    segment: Segment
    index: int
    row: Row
    id: str
    last: bool = True
    """The last row of its pair (the rows after it are another pair's)."""
    places: tuple[tuple[str, int], ...] = ()
    """The places it may be cut at, a :class:`SplitPoint` in each language's text, in order:
    (the id of a row of the pair as split, the number of the place in that row, from 1;
    0 for the start of a row printed joined to the one before)."""
    start: tuple[str, int] = ("", 0)
    """The place where it starts, (its id, 0) unless it is the rest of a row cut at a place."""

    @property
    def first(self) -> bool:
        """The first row of its pair (not the rest of one cut at a place)."""
        return self.index == 0 and self.start[1] == 0


def print_rows(article: Article, layout: Layout = Layout()) -> list[PrintRow]:
    """The rows of ``article`` in the order they are printed under ``layout``."""
    rows = [_print_row(article, s, i, r) for s in article.segments for i, r in enumerate(s.rows)]
    for identifier, at_ in layout.cuts:
        at = next((n for n, r in enumerate(rows) if (r.id == identifier and r.segment.kind == "table") or (identifier, at_) in r.places), None)
        if at is not None:
            rows[at : at + 1] = _cut(rows[at], at_) if rows[at].segment.kind == "table" else _cut_at(rows[at], (identifier, at_))
    if layout.joined:
        rows = _join(rows, layout.joined)
    for identifier, steps in layout.moves:
        at = next((n for n, r in enumerate(rows) if r.id == identifier), None)
        if at is not None:
            rows.insert(at + steps, rows.pop(at))
    return [_headed(r) if r.id in layout.headed else r for r in rows]


def _print_row(article: Article, segment: Segment, index: int, row: Row) -> PrintRow:
    identifier = row_id(article, segment, index)
    counts = {len(_split_points(block)) for block in (row.ru, row.en)}
    places = tuple((identifier, k) for k in range(1, counts.pop() + 1)) if len(counts) == 1 else ()
    return PrintRow(segment, index, row, identifier, index == len(segment.rows) - 1, places, (identifier, 0))


def _split_points(block: Block | None) -> list[int]:
    if block is None or block.kind != "paragraph":
        return []
    return [n for n, item in enumerate(block.paragraphs[0]) if isinstance(item, SplitPoint)]


def _cut_at(row: PrintRow, place: tuple[str, int]) -> list[PrintRow]:
    """A row of a pair cut at sentences, cut again at one of its places."""
    at = row.places.index(place)
    heads, rests = [], []
    for block in (row.row.ru, row.row.en):
        assert block is not None
        split = _split_points(block)[at]
        content = block.paragraphs[0]
        heads.append(replace(block, paragraphs=(strip_spaces(content[:split]),)))
        rests.append(replace(block, paragraphs=(strip_spaces(content[split + 1 :]),), continued=True))
    head = replace(row, row=Row(*heads), last=False, places=row.places[:at])
    rest = replace(row, row=Row(*rests), id=f"{place[0]}-s{place[1]}", places=row.places[at + 1 :], start=place)
    return [head, rest]


_INNER = re.compile(r"^(.*)-row(\d+)-(?:ru|en)$")
"""The id of a body row of a part of a table (``templates/macros.html.j2``)."""


def _cut(row: PrintRow, body_row: int) -> list[PrintRow]:
    """A row holding parts of a table, cut before ``body_row`` of each language's part."""
    halves = []
    for block in (row.row.ru, row.row.en):
        if block is None or block.table is None or not 0 < body_row < block.table.rows - block.table.header:
            return [row]
        first = block.table.header
        body = list(range(first, block.table.rows))
        halves.append((replace(table_part(block, body[:body_row], 0), continued=block.continued), table_part(block, body[body_row:], 1)))
    (ru_a, ru_b), (en_a, en_b) = halves
    rest = replace(row, row=Row(ru_b, en_b), id=f"{row.id}-row{body_row}")
    return [replace(row, row=Row(ru_a, en_a), last=False), _headed(rest)]


def _headed(row: PrintRow) -> PrintRow:
    first = row.segment.rows[0]
    blocks = (_with_header(block, head) for block, head in ((row.row.ru, first.ru), (row.row.en, first.en)))
    return replace(row, row=Row(*blocks))


def _with_header(block: Block | None, first: Block | None) -> Block | None:
    """A later part of a table with the header rows of its first part (their note calls
    left out: each note is called once)."""
    if block is None or first is None or block.table is None or first.table is None or not first.table.header:
        return block
    head = first.table.cells(first.paragraphs)[: first.table.header]
    cells = tuple(map_inlines(cell, _no_call) for row in head for cell in row)
    shape = replace(block.table, header=first.table.header, rows=block.table.rows + first.table.header)
    return replace(block, paragraphs=(*cells, *block.paragraphs), table=shape)


def _no_call(inline: Inline) -> Inline:
    return Text("") if isinstance(inline, NoteRef) else inline


@dataclass
class _Next:
    breaks: set[str] = field(default_factory=set)
    moves: dict[str, int] = field(default_factory=dict)
    headed: set[str] = field(default_factory=set)
    cuts: list[tuple[str, int]] = field(default_factory=list)
    joined: set[str] = field(default_factory=set)


def next_layout(layout: Layout, articles: Sequence[Article], pages: Typeset) -> Layout:
    """``layout`` with what the ``pages`` typeset under it call for (see the module's text)."""
    rows = {article.index: print_rows(article, layout) for article in articles}
    where = {r.id: (index, n) for index, article_rows in rows.items() for n, r in enumerate(article_rows)}
    wanted = _Next(set(layout.breaks), dict(layout.moves), set(layout.headed), list(layout.cuts), set(layout.joined))
    planned = set()
    for article in articles:
        plan = plan_pages(article, rows[article.index], pages) if layout == Layout() else None
        if plan is None:
            wanted.joined |= _needless_cuts(rows[article.index], pages, back_ids(article))
        else:  # (the headings the plan moved, the floats, the next pass's)
            planned.add(article.index)
            wanted.joined |= plan.joined
            wanted.cuts += plan.cuts
            wanted.breaks |= plan.breaks
    for page, firsts in enumerate(pages.tops):
        cut = _table_cut(firsts, where)
        if cut and len(wanted.cuts) == len(layout.cuts):
            # one a pass, the first: the header it adds moves the later pages' rows down
            wanted.cuts.append(cut)
            wanted.breaks.add(f"{cut[0]}-row{cut[1]}")
        if page == 0 or len(firsts) != 1 or firsts[0] not in where:
            continue
        top = firsts[0]
        index, at = where[top]
        article_rows = rows[index]
        row = article_rows[at]
        if row.segment.kind == "table" and not row.first and row.row is row.segment.rows[row.index]:
            wanted.headed.add(top)  # (a part cut where a page begins has the header already)
        if at == 0 or top in layout.breaks or index in planned:
            continue
        empty = pages.free[page - 1]
        if _is_float(row) and empty > EMPTY * pages.height:
            steps = _rows_to_fill(article_rows, at, empty, pages, layout)
            if steps:
                wanted.moves[top] = wanted.moves.get(top, 0) + steps
                continue
        heading = at
        while heading > 0 and article_rows[heading - 1].segment.kind == "heading" and pages.anchors.get(article_rows[heading - 1].id) == page - 1:
            heading -= 1
        if 0 < heading < at:
            wanted.breaks.add(article_rows[heading].id)
    moves = tuple(sorted(wanted.moves.items(), key=lambda item: where[item[0]]))  # in the order of the text
    return Layout(frozenset(wanted.breaks), moves, frozenset(wanted.headed), frozenset(wanted.joined), tuple(wanted.cuts))


def _needless_cuts(rows: list[PrintRow], pages: Typeset, back: tuple[str, ...]) -> set[str]:
    """Rows of pairs cut at sentences that lie on the same page as the row before them,
    of the same pair: each starts on that page and ends on it (it calls notes, so does
    not break, or the next row starts on that page too, or heads the next one, or what
    follows the text, ``back``, begins on that page)."""
    starts = [pages.anchors.get(row.id) for row in rows]

    def ends_on_its_page(n: int) -> bool:
        page = starts[n]
        if page is None:
            return False
        if calls_notes(rows[n]):
            return True  # a row that calls notes does not break across pages
        if n + 1 >= len(rows):  # the last: it ends where what follows the text begins, or the document ends
            return page == pages.pages - 1 or any(pages.anchors.get(name) == page for name in back)
        after = rows[n + 1].id
        return starts[n + 1] == page or (page + 1 < len(pages.tops) and pages.tops[page + 1] == (after,))

    lies = [ends_on_its_page(n) for n in range(len(rows))]
    needless = set()
    for n in range(1, len(rows)):
        row, before = rows[n], rows[n - 1]
        same_pair = row.segment is before.segment and row.segment.kind == "paragraph" and not row.first
        if same_pair and lies[n] and lies[n - 1] and starts[n] == starts[n - 1]:
            needless.add(row.id)
    return needless


def _join(rows: list[PrintRow], joined: frozenset[str]) -> list[PrintRow]:
    """``rows`` with each row in ``joined`` printed as one with the row before it."""
    out: list[PrintRow] = []
    for row in rows:
        if row.id in joined and out and out[-1].segment is row.segment:
            before = out[-1]
            blocks = (_joined(a, b) for a, b in ((before.row.ru, row.row.ru), (before.row.en, row.row.en)))
            out[-1] = replace(before, row=Row(*blocks), last=row.last, places=(*before.places, row.start, *row.places))
        else:
            out.append(row)
    return out


def _joined(first: Block | None, then: Block | None) -> Block | None:
    """Two consecutive parts of a pair cut into rows, one again."""
    if first is None or then is None:
        return first or then
    return join_parts(first, then)


def _table_cut(firsts: tuple[str, ...], rows: Collection[str]) -> tuple[str, int] | None:
    """Where to cut a part of a table that a page begins inside of: before the first of
    its body rows on that page in either language."""
    found = [m for m in map(_INNER.match, firsts) if m and m.group(1) in rows]
    if not found or len({m.group(1) for m in found}) > 1:
        return None
    body_row = min(int(m.group(2)) for m in found)
    return (found[0].group(1), body_row) if body_row > 0 else None


def _is_float(row: PrintRow) -> bool:
    return row.first and row.segment.kind in ("table", "figure")


def _rows_to_fill(rows: list[PrintRow], at: int, empty: float, pages: Typeset, layout: Layout) -> int:
    """How many of the rows after the float at ``at`` it moves past to fill ``empty``:
    rows of text, none starting a page, each as tall as it is now; the last may be one
    that only begins in the space (it breaks across the page), if it is at least twice
    as tall as what is left and what is left holds a few lines."""
    steps, filled = 0, 0.0
    for n in range(at + 1, len(rows)):
        row = rows[n]
        if row.segment.kind in ("heading", "table", "figure") or row.id in layout.breaks:
            break
        after = rows[n + 1].id if n + 1 < len(rows) else None
        if after is not None and pages.anchors.get(after) == pages.anchors.get(row.id):
            height = pages.depths[after] - pages.depths[row.id]
        else:
            height = pages.height  # it runs to the foot of its page or on
        left = empty - filled
        if height > left:
            if height >= 2 * left and left >= FEW_LINES * pages.height:
                steps += 1
            break
        steps += 1
        filled += height
    return steps
