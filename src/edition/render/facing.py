"""Facing pages: which rows each spread of an article holds, as the layout passes settle it.

With ``[layout] mode = "facing"`` an article's Russian side is printed on
left-hand pages and its English side on the right-hand pages facing them
(``templates/facing.html.j2``). A spread holds whole rows of the layout (a
pair, or a part of a long pair cut at sentences, ``passes/split.py``), the
same rows on both sides, and each side must fit its page: WeasyPrint cannot
keep two flows in step, so the spreads are chosen here, from the pages as
typeset, and each is given to WeasyPrint as two sections, the Russian one
starting on a left-hand page and the English one on the next.

The first pass sets the whole article as one spread: each side runs on over
as many pages as it needs, and where each row starts on them, and how tall
it is with its notes, is read back (``render/pdf.py``). The rows are then
packed into spreads, each as full as both its pages allow (the opening
spread under the article's heads; a heading never last). A later pass finds
the first spread whose pages do not face each other or that runs over, and
packs again from it with what the pages now show (one row fewer in it if
that changes nothing). ``Layout.breaks`` holds the rows that start a spread.
Once every spread is right, the parts of a pair cut at sentences that stand
on one spread are joined again (``Layout.joined``), as in the column layout,
and each block that stands alone on its spread (of one language, or marked
``{.wide}``, :func:`beside`) is set level with a blank as tall as it on the
other page: the space above the side that starts higher (``Layout.pads``) and
the blank's height (``Layout.blanks``) read from the pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from ..model import Article, Block, Lang
from ..passes.inlines import note_labels
from .inline import back_ids, note_id
from .plan import FOOTNOTE_RULE
from .rows import Layout, PrintRow, print_rows

if TYPE_CHECKING:
    from .pdf import Typeset

SLACK = 14.0
"""Room left at the foot of a page, for what the measure cannot see (CSS px, about a line)."""


def facing_spreads(rows: Sequence[PrintRow], breaks: frozenset[str]) -> list[list[PrintRow]]:
    """The rows of an article, a list for each spread: a new one at each row in ``breaks``."""
    spreads: list[list[PrintRow]] = []
    for row in rows:
        if not spreads or row.id in breaks:
            spreads.append([])
        spreads[-1].append(row)
    return spreads


def side_id(row: PrintRow, lang: Lang) -> str:
    """The id of a row's side on facing pages: the row's on the Russian side."""
    return row.id if lang == "ru" else f"{row.id}-en"


def beside(row: PrintRow) -> Lang | None:
    """The side of a row left blank beside a block that stands alone on its spread: the
    other language's beside a block of one language (``{.unpaired}``), the right-hand
    page's beside one marked ``{.wide}`` too, which is set on the left-hand page whatever
    its language; None for a pair."""
    if row.row.ru is not None and row.row.en is not None:
        return None
    block = row.row.ru or row.row.en
    assert block is not None
    return "en" if row.row.ru is not None or "wide" in block.classes else "ru"


def printed_side(row: PrintRow, lang: Lang) -> Lang:
    """The side a row's block in ``lang`` is printed on: its own, but the left-hand page's
    for a block of one language marked ``{.wide}``."""
    return "ru" if beside(row) == "en" else lang


def side_block(row: PrintRow, lang: Lang) -> Block | None:
    """The block printed on a row's side ``lang``."""
    blank = beside(row)
    if blank is None:
        return row.row.ru if lang == "ru" else row.row.en
    return None if blank == lang else row.row.ru or row.row.en


def next_spreads(layout: Layout, articles: Sequence[Article], pages: Typeset, pushed: frozenset[str] = frozenset()) -> Layout:
    """``layout`` with the spreads the ``pages`` typeset under it call for (see the module's text).
    ``pushed``: rows that pushed a note off its page (the check's): their spreads hold too much."""
    breaks, joined, headed = set(layout.breaks), set(layout.joined), set(layout.headed)
    pads, blanks = dict(layout.pads), dict(layout.blanks)
    for article in articles:
        rows = print_rows(article, layout)
        spreads = facing_spreads(rows, layout.breaks)
        at = _first_wrong(spreads, pages, article, pushed)
        if at is None:
            cuts = _cuts_within(spreads)
            if cuts <= joined:  # (a block standing alone is set level once its parts on a spread are one)
                _level(spreads, pages, pads, blanks)
            joined |= cuts
            # a part of a table cut between its rows that begins a spread: with the table's header
            headed |= {spread[0].id for spread in spreads[1:] if spread[0].segment.kind == "table" and not spread[0].first}
            continue
        start = rows.index(spreads[at][0])
        ends = _section_ends(article, spreads, pages)
        packed = _packed(article, rows, start, pages, ends, pads)
        for row in rows[start:]:  # the space that set a block level on a spread packed again is set again
            for lang in ("ru", "en"):
                pads.pop(side_id(row, lang), None)
        if packed == {spread[0].id for spread in spreads[at:]} and len(spreads[at]) > 1:
            packed.add(spreads[at][-1].id)  # packed as it was, and wrong: one row fewer
        breaks = (breaks - {row.id for row in rows[start:]}) | packed
    return replace(
        layout,
        breaks=frozenset(breaks),
        joined=frozenset(joined),
        headed=frozenset(headed),
        pads=tuple(sorted((k, v) for k, v in pads.items() if v)),
        blanks=tuple(sorted(blanks.items())),
    )


def _level(spreads: list[list[PrintRow]], pages: Typeset, pads: dict[str, float], blanks: dict[str, float]) -> None:
    """Sets each block that stands alone on its spread level with the blank beside it, as
    tall as the block: the space above the side that starts higher (``pads``), the blank's
    height (``blanks``), from where the pages show them, and what changing the space and
    the blanks above moves."""
    for spread in spreads:
        moved = {"ru": 0.0, "en": 0.0}  # how far what follows on each side moves down
        for row in spread:
            blank = beside(row)
            if blank is None:
                continue
            filled: Lang = "ru" if blank == "en" else "en"
            shown, empty = side_id(row, filled), side_id(row, blank)
            if shown not in pages.anchors or empty not in pages.anchors or shown not in pages.feet:
                continue
            # where each side would start with no space above it, once what is above it moves
            natural = {
                lang: pages.depths[side_id(row, lang)] - pads.get(side_id(row, lang), 0.0) + moved[lang]
                for lang in ("ru", "en")
            }
            level = max(natural.values())
            for lang in ("ru", "en"):
                name = side_id(row, lang)
                pad = _rounded(level - natural[lang])
                moved[lang] += pad - pads.get(name, 0.0)
                pads[name] = pad
            height = _rounded(pages.feet[shown] - pages.depths[shown])
            moved[blank] += height - blanks.get(empty, 0.0)
            blanks[empty] = height


def _rounded(px: float) -> float:
    """A length rounded to half a pixel: what the passes give settles."""
    return round(px * 2) / 2


def _cuts_within(spreads: list[list[PrintRow]]) -> set[str]:
    """The rows of a pair cut into rows (but a table's) that stand on the same spread as the
    row before them: printed joined to it (a cut shows as a break the authors did not make)."""
    return {
        row.id
        for spread in spreads
        for before, row in pairwise(spread)
        if row.segment is before.segment and row.segment.kind != "table" and not row.first
    }


def _section_ends(article: Article, spreads: list[list[PrintRow]], pages: Typeset) -> dict[tuple[str, Lang], int]:
    """For the first row of each spread and each side, the last page its side may fill:
    the page before the next side's first."""
    ends: dict[tuple[str, Lang], int] = {}
    back = _back_page(article, pages)
    for index, spread in enumerate(spreads):
        after = spreads[index + 1][0] if index + 1 < len(spreads) else None
        en = next((pages.anchors[side_id(r, "en")] for r in spread if side_id(r, "en") in pages.anchors), None)
        following = _left_page(after, pages) if after is not None else back
        ends[(spread[0].id, "ru")] = (en if en is not None else following if following is not None else pages.pages) - 1
        ends[(spread[0].id, "en")] = (following if following is not None else pages.pages) - 1
    return ends


def _first_wrong(spreads: list[list[PrintRow]], pages: Typeset, article: Article, pushed: frozenset[str]) -> int | None:
    """The first spread whose sides do not stand on a left-hand page and the right-hand page
    facing it, each whole (the next spread two pages on), or that holds a row in ``pushed``;
    None when there is none."""
    for index, spread in enumerate(spreads):
        if any(row.id in pushed for row in spread):
            return index
        left = _left_page(spread[0], pages)
        if left is None:
            return index
        for row in spread:  # (a row's side without a block of its own is a blank)
            if pages.anchors.get(side_id(row, "ru")) != left or pages.anchors.get(side_id(row, "en")) != left + 1:
                return index
        after = spreads[index + 1][0] if index + 1 < len(spreads) else None
        if after is not None:
            if _left_page(after, pages) != left + 2:
                return index
        elif _back_page(article, pages) not in (None, left + 2, left + 3):
            return index
    return None


def _left_page(row: PrintRow, pages: Typeset) -> int | None:
    """The left-hand page a row stands on: its Russian side's."""
    return pages.anchors.get(side_id(row, "ru"))


def _back_page(article: Article, pages: Typeset) -> int | None:
    """The page of what follows an article's text (works cited, corrections), if anything does."""
    found = [pages.anchors[i] for i in back_ids(article) if i in pages.anchors]
    return min(found) if found else None


def _packed(
    article: Article, rows: list[PrintRow], start: int, pages: Typeset, ends: dict[tuple[str, Lang], int], pads: dict[str, float]
) -> set[str]:
    """The rows from ``start`` on packed into spreads, as tall as the pages show them: the
    rows that start a spread (``start`` among them). A block standing alone starts level on
    both pages and takes its height on both (the blank beside it)."""
    heights = {lang: _heights(article, rows, start, pages, lang, ends, pads) for lang in ("ru", "en")}
    room = pages.height - SLACK

    def grow(used: dict[Lang, float], notes: dict[Lang, bool], n: int) -> dict[Lang, float]:
        """What each page holds with row ``n`` added."""
        if beside(rows[n]) is None:
            return {lang: used[lang] + _cost(heights[lang][n], notes[lang]) for lang in used}
        top, tall = max(used.values()), max(heights[lang][n][0] for lang in used)
        return {lang: top + _cost((tall, heights[lang][n][1]), notes[lang]) for lang in used}

    # the opening spread starts under the article's heads
    used: dict[Lang, float] = {lang: _offset(rows[start], lang, pages) if start == 0 else 0.0 for lang in ("ru", "en")}
    notes: dict[Lang, bool] = {"ru": False, "en": False}
    starts = {rows[start].id}
    first = start
    for n in range(start, len(rows)):
        if n > first and any(height > room for height in grow(used, notes, n).values()):
            first = n - 1 if rows[n - 1].segment.kind == "heading" and n - 1 > first else n  # a heading goes with its text
            starts.add(rows[first].id)
            used, notes = {"ru": 0.0, "en": 0.0}, {"ru": False, "en": False}
            for k in range(first, n):
                used = grow(used, notes, k)
                notes = {lang: notes[lang] or heights[lang][k][1] for lang in notes}
        used = grow(used, notes, n)
        notes = {lang: notes[lang] or heights[lang][n][1] for lang in notes}
    return starts


def _cost(height: tuple[float, bool], notes_before: bool) -> float:
    """What a row's side takes of its page: its height, notes included, and the rule above
    the notes if it brings the page's first."""
    return height[0] + (FOOTNOTE_RULE if height[1] and not notes_before else 0.0)


def _offset(row: PrintRow, lang: Lang, pages: Typeset) -> float:
    """How far down its page a side's first row starts (under the heads)."""
    name = side_id(row, lang)
    page = pages.anchors.get(name)
    if page is None or page >= len(pages.areas):
        return 0.0
    return pages.depths.get(name, 0.0) - pages.areas[page][0]


def _heights(
    article: Article, rows: list[PrintRow], start: int, pages: Typeset, lang: Lang, ends: dict[tuple[str, Lang], int], pads: dict[str, float]
) -> dict[int, tuple[float, bool]]:
    """For each row from ``start`` on, how tall its side ``lang`` is on the pages, its notes
    included, and whether it has notes (not the space above the row after it, ``pads``)."""
    heights: dict[int, tuple[float, bool]] = {}
    places = [_place(row, lang, pages) for row in rows]
    last_page = 0
    for n in range(start, len(rows)):
        last_page = ends.get((rows[n].id, lang), last_page)
        here = places[n]
        block = side_block(rows[n], lang)
        labels = list(dict.fromkeys(note_labels(block))) if block is not None else []
        notes = sum(pages.notes.get(note_id(article, block.lang, article.note(block.lang, label).number), 0.0) for label in labels) if block else 0.0
        if here is None:
            heights[n] = (notes, bool(labels))
            continue
        following = None  # where the next row of the same spread with this side starts
        for k in range(n + 1, len(rows)):
            if (rows[k].id, lang) in ends:
                break
            place = places[k]
            if place is not None:
                following = (place[0], place[1] - pads.get(side_id(rows[k], lang), 0.0))
                break
        if following is None:  # the last row of its side: to the foot of the last page with text
            page = max((p for p in range(here[0], min(last_page, len(pages.areas) - 1) + 1) if pages.areas[p][1] > pages.areas[p][0]), default=here[0])
            following = (page, pages.areas[page][1])
        heights[n] = (pages.span(here, following) + notes, bool(labels))
    return heights


def _place(row: PrintRow, lang: Lang, pages: Typeset) -> tuple[int, float] | None:
    name = side_id(row, lang)
    if name not in pages.anchors:
        return None
    return pages.anchors[name], pages.depths.get(name, 0.0)


__all__ = ["beside", "facing_spreads", "next_spreads", "printed_side", "side_block", "side_id"]
