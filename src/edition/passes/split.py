"""Splitting long paragraph pairs that call notes into rows that fit on a page.

The PDF sets a pair that calls footnotes as a table row that does not break
across pages, the only layout in which WeasyPrint keeps every footnote on the
page of its call (pairs without notes may break anywhere). Such a pair, if
longer than about two thirds of a page together with its notes, is cut into
several rows: at the editor's ``[]{.split}`` markers, else at sentence
boundaries, sentence by sentence when both sides have as many sentences, else
at the boundaries nearest to the same fraction of each side.

On facing pages, where a spread holds whole rows, any block longer than about
half a page is cut (:func:`_split_facing`): a paragraph so, and a sentence too
long between words; a quote, a list, verse and code between their paragraphs,
items and lines; a table between its rows.

In the column layout, a pair with notes keeps a :class:`SplitPoint` at the end
of each sentence it is not cut after (where its sides have not as many
sentences, every few lines, at the ends nearest to the same fraction of each
side): where a page begins inside its row, the layout passes cut it at one of
them (``render/plan.py``).
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import replace

from ..model import (
    Block,
    Code,
    Editorial,
    Emph,
    Inline,
    Inlines,
    Layout,
    LineBreak,
    Note,
    NoteRef,
    Row,
    Segment,
    SplitPoint,
    Strong,
    Text,
)
from .inlines import has_split_points, plain_text, walk

DEFAULT_SPLIT_CHARS = {"A4": 2000, "Letter": 1900, "A5": 1000}
"""Characters of one side, notes included, that fill about two thirds of a page of the
column layout, half a page of facing pages."""

PLACE_CHARS = 200
"""Where a pair's sides have not as many sentences, a place to cut it at every so many
characters or so (a few lines of a column), at the sentence starts nearest to the same
fraction of each side."""

NOTE_LINE = 40
"""Weight of a note beyond its text: it starts a line of its own."""

_HOLE = "\ue000"
"""Stands for one inline that is not plain text when searching for sentences."""

_ABBREVIATIONS = re.compile(
    r"(?:\b[А-ЯЁA-Z]|\b(?:г|гг|ген|т|тт|с|см|ср|им|англ|фр|нем|др|пр|проф|акад|тыс|млн|млрд|руб|напр|ст|ок|"
    r"Mr|Mrs|Dr|St|cf|vol|pp?|no|ed|eds|Gen|Col|Lt|Capt|Prof|trans|comp|viz|etc|ca|Bd|S))\.$"
)
_SENTENCE_END = re.compile(r"[.!?…][»”\")\]]*" + _HOLE + r"*(?=\s+[«“\"(\[]?[А-ЯЁA-Z0-9])")


def split_rows(segment: Segment, layout: Layout, notes: tuple[Note, ...]) -> Segment:
    """``segment`` with its rows, split if it is a long pair of paragraphs with notes (on
    facing pages, any long block: a spread holds whole rows, which must fit a page)."""
    ru, en = segment.ru, segment.en
    facing = layout.mode == "facing"
    limit = layout.split_chars or DEFAULT_SPLIT_CHARS[layout.paper]
    weights: dict[str, int] = {}
    for note in notes:
        # a note stands under its language's column, in a smaller size: the longer of the two sets the height
        size = sum(len(plain_text(p)) for p in note.paragraphs) * 4 // 5 + NOTE_LINE
        weights[note.label] = max(weights.get(note.label, 0), size)
    if ru is not None and en is not None and ru.kind == en.kind == "table":
        return _split_table(segment, ru, en, limit, weights, facing)
    if facing:
        return _split_facing(segment, limit, weights)
    if ru is None or en is None or ru.kind != "paragraph" or en.kind != "paragraph":
        return segment
    if not facing and not any(isinstance(i, NoteRef) for i in walk(ru.paragraphs[0])) and not has_split_points(ru.paragraphs[0]):
        return segment
    ru_parts, en_parts = _cut(ru.paragraphs[0], en.paragraphs[0], limit, weights, marked=not facing)
    if len(ru_parts) == 1:
        return replace(segment, rows=(Row(_part(ru, ru_parts[0], 0), _part(en, en_parts[0], 0)),))
    rows = tuple(
        Row(_part(ru, a, i), _part(en, b, i)) for i, (a, b) in enumerate(zip(ru_parts, en_parts, strict=True))
    )
    return replace(segment, rows=rows)


def _split_table(segment: Segment, ru: Block, en: Block, limit: int, weights: dict[str, int], facing: bool) -> Segment:
    """A pair of tables that call notes, cut between body rows into rows of the layout
    that fit on a page with their notes, the parts after the first going on without a
    header of their own; without notes a table breaks across pages by itself, its
    header repeated on each page, but on facing pages (where a spread holds whole rows)."""
    if ru.table is None or en.table is None or ru.table.rows != en.table.rows:
        return segment
    if not facing and not any(isinstance(i, NoteRef) for b in (ru, en) for p in b.paragraphs for i in walk(p)):
        return segment
    sizes = [
        max(sum(len(plain_text(c)) + sum(weights.get(i.label, 0) for i in walk(c) if isinstance(i, NoteRef)) for c in row) for row in rows)
        for rows in zip(ru.table.cells(ru.paragraphs), en.table.cells(en.paragraphs), strict=True)
    ]
    header = ru.table.header
    chunks: list[list[int]] = [[]]
    total = sum(sizes[:header]) + 60
    for row in range(header, ru.table.rows):
        # a row of a table takes a line of its own: count each as at least a line's worth
        size = max(sizes[row], 60)
        if chunks[-1] and total + size > limit:
            chunks.append([])
            total = sum(sizes[:header])
        chunks[-1].append(row)
        total += size
    if len(chunks) == 1:
        return segment
    rows = tuple(Row(table_part(ru, chunk, n), table_part(en, chunk, n)) for n, chunk in enumerate(chunks))
    return replace(segment, rows=rows)


def _split_facing(segment: Segment, limit: int, weights: dict[str, int]) -> Segment:
    """On facing pages, where a spread holds whole rows and each must fit its page: a pair
    (or a block of one language) longer than ``limit`` cut into rows: a paragraph at
    sentences, a block quote or a list between its paragraphs, verse and code between
    their lines; a part still too long (one paragraph, or one sentence) at sentences, and
    failing that between words, at the same share of each side. What is cut between units
    or words is cut into parts of about half ``limit``: a spread holds as many as fit,
    printed as one again."""
    ru, en = segment.ru or segment.en, segment.en or segment.ru  # a block of one language: cut as its own translation
    assert ru is not None and en is not None
    if ru.kind != en.kind or ru.kind not in _CUT_KINDS:
        return segment
    if ru.kind != "paragraph" and max(_block_weight(ru, weights), _block_weight(en, weights)) <= limit:
        return segment  # (a paragraph may have the editor's cuts)
    pieces = [*zip(*(_pieces(ru, en, limit, weights)), strict=True)]
    if len(pieces) == 1:
        return segment
    rows = tuple(
        Row(replace(a, continued=n > 0) if segment.ru else None, replace(b, continued=n > 0) if segment.en else None)
        for n, (a, b) in enumerate(pieces)
    )
    return replace(segment, rows=rows)


_CUT_KINDS = ("paragraph", "quote", "list", "verse", "code")


def _block_weight(block: Block, weights: dict[str, int]) -> int:
    return sum(_weight(p, weights) + NOTE_LINE for p in block.paragraphs) - NOTE_LINE


def _pieces(ru: Block, en: Block, limit: int, weights: dict[str, int]) -> tuple[list[Block], list[Block]]:
    """The parts of both sides of a long pair on facing pages (see :func:`_split_facing`)."""
    if ru.kind == "paragraph":
        ru_texts, en_texts = _cut_paragraph(ru.paragraphs[0], en.paragraphs[0], limit, weights)
        return [_part(ru, p, 0) for p in ru_texts], [_part(en, p, 0) for p in en_texts]
    ru_units, en_units = _units(ru), _units(en)
    ru_pos = list(itertools.accumulate((_weight(u, weights) for u in ru_units[:-1]), initial=0))
    en_pos = list(itertools.accumulate((_weight(u, weights) for u in en_units[:-1]), initial=0))
    ru_len, en_len = _block_weight(ru, weights), _block_weight(en, weights)
    ru_open, en_open = _cuttable(ru), _cuttable(en)
    if len(ru_units) == len(en_units) and ru_open == en_open:  # the same structure: cut at the same units
        cuts = [(i, i) for i in _group_sentences(ru_pos, en_pos, ru_len, en_len, limit // 2) if i in ru_open]
    else:
        ru_at, en_at = [ru_pos[i] for i in ru_open], [en_pos[i] for i in en_open]
        found = _matched(ru_at, ru_len, en_at, en_len, math.ceil(max(ru_len, en_len) / (limit // 2)))
        cuts = [(ru_open[a], en_open[b]) for a, b in found]
    ru_parts = _unit_parts(ru, [0, *(a for a, _ in cuts), len(ru_units)])
    en_parts = _unit_parts(en, [0, *(b for _, b in cuts), len(en_units)])
    if ru.kind != "quote":
        return ru_parts, en_parts
    out: tuple[list[Block], list[Block]] = ([], [])
    for a, b in zip(ru_parts, en_parts, strict=True):
        if len(a.paragraphs) == len(b.paragraphs) == 1 and max(_weight(a.paragraphs[0], weights), _weight(b.paragraphs[0], weights)) > limit:
            # one paragraph of a quote, too long for a page: cut as a paragraph is, each part but the last going on
            heads, rests = _cut_paragraph(a.paragraphs[0], b.paragraphs[0], limit, weights)
            out[0].extend(replace(a, paragraphs=(p,)) for p in _going_on(heads))
            out[1].extend(replace(b, paragraphs=(p,)) for p in _going_on(rests))
        else:
            out[0].append(a)
            out[1].append(b)
    return out


def _cut_paragraph(ru: Inlines, en: Inlines, limit: int, weights: dict[str, int]) -> tuple[list[Inlines], list[Inlines]]:
    """A paragraph's two sides cut at sentences, and a sentence too long between words; a
    side set whole in one span (emphasis, an editorial addition) is cut inside it, each
    part in a span of its own."""
    (ru_span, ru_inside), (en_span, en_inside) = _unwrapped(ru), _unwrapped(en)
    ru_parts, en_parts = _in_words(*_cut(ru_inside, en_inside, limit, weights), limit, weights)
    return _wrapped(ru_span, ru_parts), _wrapped(en_span, en_parts)


_SPANS = (Emph, Strong, Editorial)


def _unwrapped(inlines: Inlines) -> tuple[Emph | Strong | Editorial | None, Inlines]:
    """The span a paragraph is set in whole, if it is, and what it holds."""
    if len(inlines) == 1 and isinstance(inlines[0], _SPANS):
        return inlines[0], inlines[0].children
    return None, inlines


def _wrapped(span: Emph | Strong | Editorial | None, parts: list[Inlines]) -> list[Inlines]:
    """Each part in a span like ``span``, each but the last ending with a mark: the span goes on
    (:func:`join_parts` makes one span again of two that stand on one spread)."""
    if span is None:
        return parts
    return [(replace(span, children=part),) for part in _going_on(parts)]


def _going_on(parts: list[Inlines]) -> list[Inlines]:
    """``parts`` of one paragraph, each but the last ending with a :class:`SplitPoint`: it
    goes on in the next (see :func:`join_parts`)."""
    return [part if n == len(parts) - 1 else (*part, SplitPoint()) for n, part in enumerate(parts)]


def _units(block: Block) -> list[Inlines]:
    """What a block may be cut between: a quote's or a list's paragraphs, a verse's or code's lines."""
    if block.kind == "verse":
        lines: list[list[Inline]] = [[]]
        for item in block.paragraphs[0]:
            if isinstance(item, LineBreak):
                lines.append([])
            else:
                lines[-1].append(item)
        return [tuple(line) for line in lines]
    if block.kind == "code":
        (code,) = block.paragraphs[0]
        assert isinstance(code, Code)
        return [(Text(line),) for line in code.text.split("\n")]
    return list(block.paragraphs)


def _cuttable(block: Block) -> list[int]:
    """The units of a block a part may begin with (a list's: those that begin an item)."""
    units = range(1, len(_units(block)))
    if block.kind == "list":
        return [i for i in units if block.places[i].path != block.places[i - 1].path]
    return list(units)


def _unit_parts(block: Block, bounds: list[int]) -> list[Block]:
    """``block`` cut into parts, each of its units from one bound to the next."""
    parts = []
    units = _units(block)
    for start, end in itertools.pairwise(bounds):
        if block.kind == "verse":
            content: Inlines = tuple(item for n, line in enumerate(units[start:end]) for item in (*((LineBreak(),) if n else ()), *line))
            parts.append(replace(block, paragraphs=(content,)))
        elif block.kind == "code":
            parts.append(replace(block, paragraphs=((Code("\n".join(plain_text(line) for line in units[start:end])),),)))
        else:
            parts.append(replace(block, paragraphs=block.paragraphs[start:end], places=block.places[start:end]))
    return parts


def join_parts(first: Block, then: Block) -> Block:
    """Two consecutive parts of a block cut into rows, one block again; a paragraph's
    (or a quote's paragraph's) two parts with a :class:`SplitPoint` between them."""
    if first.kind == "verse":
        return replace(first, paragraphs=((*first.paragraphs[0], LineBreak(), *then.paragraphs[0]),))
    if first.kind == "code":
        (a,), (b,) = first.paragraphs[0], then.paragraphs[0]
        return replace(first, paragraphs=((Code(f"{a.text}\n{b.text}"),),))  # type: ignore[union-attr]
    last = first.paragraphs[-1]
    going_on = bool(last) and isinstance(last[-1], SplitPoint)
    if first.kind == "paragraph" or going_on:
        body, rest = last[:-1] if going_on else last, then.paragraphs[0]
        span = body[-1] if body else None
        if isinstance(span, _SPANS) and span.children and isinstance(span.children[-1], SplitPoint) and rest and type(rest[0]) is type(span):
            inside = (*span.children, Text(" "), *rest[0].children)  # type: ignore[union-attr]  # one span cut in two: one again
            merged = (*body[:-1], replace(span, children=inside), *rest[1:])
        else:
            merged = (*body, SplitPoint(), Text(" "), *rest)
        return replace(first, paragraphs=(*first.paragraphs[:-1], merged, *then.paragraphs[1:]), places=first.places + then.places[1:])
    return replace(first, paragraphs=first.paragraphs + then.paragraphs, places=first.places + then.places)


def _in_words(ru_parts: list[Inlines], en_parts: list[Inlines], limit: int, weights: dict[str, int]) -> tuple[list[Inlines], list[Inlines]]:
    """The parts of a paragraph, each still longer than ``limit`` (a sentence too long for
    a page) cut again between words, at the same share of each side, into parts of half
    that (the parts that end up on one spread are printed as one again)."""
    ru_out: list[Inlines] = []
    en_out: list[Inlines] = []
    for ru, en in zip(ru_parts, en_parts, strict=True):
        ru_len, en_len = _weight(ru, weights), _weight(en, weights)
        if max(ru_len, en_len) <= limit:
            ru_out.append(ru)
            en_out.append(en)
            continue
        ru_bounds, en_bounds = _word_bounds(ru), _word_bounds(en)
        ru_pos, en_pos = _positions(ru, ru_bounds, weights), _positions(en, en_bounds, weights)
        cuts = _matched(ru_pos, ru_len, en_pos, en_len, math.ceil(max(ru_len, en_len) / (limit // 2)))
        ru_out += _split_at(ru, [ru_bounds[a] for a, _ in cuts])
        en_out += _split_at(en, [en_bounds[b] for _, b in cuts])
    return ru_out, en_out


def _positions(inlines: Inlines, bounds: list[tuple[int, int]], weights: dict[str, int]) -> list[int]:
    """How far into ``inlines`` each of ``bounds`` is, as :func:`_weight` counts."""
    before = list(itertools.accumulate((_weight((item,), weights) for item in inlines), initial=0))
    return [before[item] + offset for item, offset in bounds]


def _word_bounds(inlines: Inlines) -> list[tuple[int, int]]:
    """Places (item, offset in a Text item) where a word starts after a space."""
    return [(n, m.end()) for n, item in enumerate(inlines) if isinstance(item, Text) for m in re.finditer(r"\s+", item.text) if 0 < m.end() < len(item.text)]


def table_part(block: Block, chosen: list[int], index: int) -> Block:
    """The chosen body rows of a table block; the caption and the header with the first
    part only (the parts after it go on seamlessly)."""
    shape = block.table
    assert shape is not None
    cells = shape.cells(block.paragraphs)
    header = shape.header if index == 0 else 0
    kept = [*range(header), *chosen]
    caption = block.paragraphs[:1] if shape.caption and index == 0 else ()
    paragraphs = (*caption, *(cell for row in kept for cell in cells[row]))
    part = replace(shape, rows=len(kept), caption=bool(caption), header=header)
    return replace(block, paragraphs=paragraphs, table=part, continued=index > 0)


def _part(block: Block, content: Inlines, index: int) -> Block:
    return replace(block, paragraphs=(content,), continued=index > 0)


def _cut(ru: Inlines, en: Inlines, limit: int, weights: dict[str, int], marked: bool = False) -> tuple[list[Inlines], list[Inlines]]:
    """The parts of each side; with ``marked``, a :class:`SplitPoint` at the places where a
    part may be cut (see the module's text)."""
    ru_len, en_len = _weight(ru, weights), _weight(en, weights)
    markers_ru = [i for i, item in enumerate(ru) if isinstance(item, SplitPoint)]
    markers_en = [i for i, item in enumerate(en) if isinstance(item, SplitPoint)]
    if markers_ru and len(markers_ru) == len(markers_en):
        return _at_markers(ru), _at_markers(en)
    ru, en = _drop_markers(ru), _drop_markers(en)
    short = max(ru_len, en_len) <= limit
    if short and not marked:
        return [ru], [en]
    ru_bounds, en_bounds = _sentence_bounds(ru), _sentence_bounds(en)
    ru_pos = [_weight(ru[: b[0]], weights) + b[1] for b in ru_bounds]
    en_pos = [_weight(en[: b[0]], weights) + b[1] for b in en_bounds]
    if ru_bounds and len(ru_bounds) == len(en_bounds):
        ru_idx = en_idx = [] if short else sorted(
            set(_group_sentences(ru_pos, en_pos, ru_len, en_len, limit))
            | _around_notes(ru, ru_bounds, en, en_bounds)
        )
        points = [(i, i) for i in range(len(ru_bounds)) if marked and i not in ru_idx]
    else:  # the boundaries nearest to the same fraction of each side
        cuts = [] if short else _matched(ru_pos, ru_len, en_pos, en_len, math.ceil(max(ru_len, en_len) / limit))
        ru_idx, en_idx = [a for a, _ in cuts], [b for _, b in cuts]
        fine = _matched(ru_pos, ru_len, en_pos, en_len, math.ceil(max(ru_len, en_len) / PLACE_CHARS)) if marked else []
        # (a place stands in the same part on both sides)
        points = [(a, b) for a, b in fine if a not in ru_idx and b not in en_idx and sum(i < a for i in ru_idx) == sum(i < b for i in en_idx)]
    ru_points, en_points = [ru_bounds[a] for a, _ in points], [en_bounds[b] for _, b in points]
    if not (ru_idx or ru_points):
        return [ru], [en]
    ru_cuts = [ru_bounds[i] for i in ru_idx]
    en_cuts = [en_bounds[i] for i in en_idx]
    return _split_at(ru, ru_cuts, ru_points), _split_at(en, en_cuts, en_points)


def _drop_markers(inlines: Inlines) -> Inlines:
    return tuple(i for i in inlines if not isinstance(i, SplitPoint))


def _at_markers(inlines: Inlines) -> list[Inlines]:
    parts: list[list[Inline]] = [[]]
    for item in inlines:
        if isinstance(item, SplitPoint):
            parts.append([])
        else:
            parts[-1].append(item)
    return [strip_spaces(tuple(p)) for p in parts if p]


def _flatten(inlines: Inlines) -> tuple[str, list[int]]:
    """Text of the top-level inlines (each that is not text one hole), and where each item starts in it."""
    pieces = [item.text if isinstance(item, Text) else _HOLE for item in inlines]
    starts = list(itertools.accumulate((len(piece) for piece in pieces[:-1]), initial=0))
    return "".join(pieces), starts


def _sentence_bounds(inlines: Inlines) -> list[tuple[int, int]]:
    """Places (item, offset in a Text item) where a new sentence starts."""
    text, starts = _flatten(inlines)
    bounds: list[tuple[int, int]] = []
    for match in _SENTENCE_END.finditer(text):
        head = text[: match.start() + 1].rstrip(_HOLE)
        word = head[-12:].split()[-1] if head[-12:].split() else ""
        if _ABBREVIATIONS.search(word):
            continue
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
        item = bisect.bisect_right(starts, start) - 1  # the last item starting there: an empty text holds no character
        if isinstance(inlines[item], Text):
            bounds.append((item, start - starts[item]))
    return bounds


def _weight(inlines: Inlines, weights: dict[str, int]) -> int:
    """Length of ``inlines`` in characters, each note call weighing as its notes."""
    notes = sum(weights.get(i.label, 0) for i in walk(inlines) if isinstance(i, NoteRef))
    return len(plain_text(inlines)) + notes


def _around_notes(
    ru: Inlines, ru_bounds: list[tuple[int, int]], en: Inlines, en_bounds: list[tuple[int, int]]
) -> set[int]:
    """Cuts before the first and after the last sentence that calls a note.

    Only the rows that call notes must not break across pages; the sentences
    before and after them are rows of their own that may.
    """
    sentences = [
        sum(1 for b in bounds if b[0] < index)
        for inlines, bounds in ((ru, ru_bounds), (en, en_bounds))
        for index, item in enumerate(inlines)
        if isinstance(item, NoteRef)
    ]
    if not sentences:
        return set()
    cuts = set()
    if min(sentences) > 0:
        cuts.add(min(sentences) - 1)
    if max(sentences) < len(ru_bounds):
        cuts.add(max(sentences))
    return cuts


def _group_sentences(ru: list[int], en: list[int], ru_len: int, en_len: int, limit: int) -> list[int]:
    """Indices of the sentence starts to cut at, so that no side of a row exceeds
    ``limit`` unless one sentence alone does."""
    cuts: list[int] = []
    ru_start = en_start = 0
    for index in range(len(ru)):
        next_ru = ru[index + 1] if index + 1 < len(ru) else ru_len
        next_en = en[index + 1] if index + 1 < len(en) else en_len
        if next_ru - ru_start > limit or next_en - en_start > limit:
            if ru[index] > ru_start and en[index] > en_start:
                cuts.append(index)
                ru_start, en_start = ru[index], en[index]
    return cuts


def _matched(ru: list[int], ru_len: int, en: list[int], en_len: int, pieces: int) -> list[tuple[int, int]]:
    """Pairs of indices of the sentence starts of each side nearest to 1/pieces, 2/pieces...
    of its length (each pair after the one before on both sides)."""
    pairs: list[tuple[int, int]] = []
    for piece in range(1, pieces):
        if not ru or not en:
            break
        a = min(range(len(ru)), key=lambda i: abs(ru[i] - ru_len * piece / pieces))
        b = min(range(len(en)), key=lambda i: abs(en[i] - en_len * piece / pieces))
        if not pairs or (a > pairs[-1][0] and b > pairs[-1][1]):
            pairs.append((a, b))
    return pairs


def _split_at(inlines: Inlines, cuts: list[tuple[int, int]], points: list[tuple[int, int]] | None = None) -> list[Inlines]:
    """``inlines`` cut into parts at ``cuts``, with a :class:`SplitPoint` at each of ``points``
    (places as :func:`_sentence_bounds` gives them)."""
    parts: list[Inlines] = []
    current: list[Inline] = []
    places = iter(sorted([(*cut, True) for cut in cuts] + [(*point, False) for point in points or ()]))
    place = next(places, None)
    for index, item in enumerate(inlines):
        consumed = 0  # characters of this Text item already given to earlier parts
        while place is not None and place[0] == index and isinstance(item, Text):
            head, item = Text(item.text[: place[1] - consumed]), Text(item.text[place[1] - consumed :])
            consumed = place[1]
            current.append(head)
            if place[2]:
                parts.append(strip_spaces(tuple(current)))
                current = []
            else:  # after the sentence's last character, before the space (a mark after it makes WeasyPrint set a word's first part alone on a line)
                current[-1] = Text(head.text.rstrip())
                current += [SplitPoint(), Text(head.text[len(head.text.rstrip()) :])]
            place = next(places, None)
        current.append(item)
    parts.append(strip_spaces(tuple(current)))
    return [p for p in parts if p]


def strip_spaces(inlines: Inlines) -> Inlines:
    """``inlines`` without the spaces at either end, nor empty text."""
    items = list(inlines)
    if items and isinstance(items[0], Text):
        items[0] = Text(items[0].text.lstrip())
    if items and isinstance(items[-1], Text):
        items[-1] = Text(items[-1].text.rstrip())
    return tuple(i for i in items if not (isinstance(i, Text) and not i.text))
