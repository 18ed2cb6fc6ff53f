"""Tables in the Markdown sources: pandoc's pipe tables and grid tables, with their captions.

markdown-it-py reads pipe tables (GFM); grid tables are read here by a block
rule of the parser that gives the same tokens, so that one reader takes both.
A caption is pandoc's: a paragraph that starts with ``Table:`` (or ``:``)
just before or after the table, its attributes at its end
(``Table: Deliveries {#tbl-deliveries .wide}``). What a table holds that
the edition would lose is refused at its line: a cell spanning columns or
rows, a block (a list, several paragraphs) in a grid table's cell, a pipe
table's row with more cells than its header.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..model import Align, Inlines, TableShape
from .markdown_rules import move_trailing_attrs

CAPTION = re.compile(r"^(?:Table|table)?:\s+")
"""The start of a table's caption paragraph, as pandoc reads it."""
_BORDER = re.compile(r"^\+(?:[-=:]+\+)+\s*$")
_PARAGRAPHS = re.compile(r"\n\s*\n")
_BLOCK_START = re.compile(r"^(?:[-*+]|\d+[.)]|>|#{1,6}|\|)(?:\s|$)")


@dataclass(frozen=True)
class ReadTable:
    """A table as read: its shape, its cells' inlines (row by row), and what was refused."""

    shape: TableShape
    cells: tuple[Inlines, ...]
    problems: tuple[tuple[int, str, str], ...]
    """(line, message, hint) of each thing refused."""


def read_table(tokens: list[Token], index: int, close: int, source: list[str], inlines: Callable[[Token, int], Inlines]) -> ReadTable:
    """The table whose tokens run from ``index`` (``table_open``) to ``close``."""
    problems = [_problem(tokens[index])] if (tokens[index].meta or {}).get("refused") else []
    rows: list[list[Token]] = []
    header = 0
    aligns: list[Align] = []
    for token in tokens[index:close]:
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            header += token.type == "th_open" and len(rows) == 1
            if len(rows) == 1:
                aligns.append(_align(token.attrGet("style")))
        elif token.type == "inline":
            rows[-1].append(token)
    width = len(aligns)
    cells: list[Inlines] = []
    for row in rows:
        line = row[0].map[0] + 1 if row and row[0].map else 0
        cells.extend(inlines(cell, line) for cell in row)
        if not (tokens[index].meta or {}).get("grid") and line and _cells_written(source[line - 1]) > width:
            problems.append((line, f"this row of the table has more cells than its header ({width})", "add a column to the header, or join the cells; nothing of a row is dropped"))
    shape = TableShape(tuple(aligns), 1 if header else 0, len(rows), caption=False)
    return ReadTable(shape, tuple(cells), tuple(problems))


def _align(style: str | float | None) -> Align:
    match = re.search(r"text-align:\s*(left|center|right)", str(style or ""))
    return match.group(1) if match else ""  # type: ignore[return-value]


def _cells_written(line: str) -> int:
    """How many cells a pipe table's line has (pipes escaped or in code do not count)."""
    text = re.sub(r"`[^`]*`", "", re.sub(r"\\.", "", line)).strip()
    text = text.removeprefix("|")
    text = text.removesuffix("|")
    return text.count("|") + 1


def _problem(token: Token) -> tuple[int, str, str]:
    line, message, hint = token.meta["refused"]
    return line, message, hint


def tables_plugin(md: MarkdownIt) -> None:
    """Read pandoc's grid tables as tokens of the same kinds as a pipe table's, and
    give each table the caption paragraph beside it."""
    md.block.ruler.before("table", "grid_table", _grid_table, {"alt": ["paragraph"]})
    md.core.ruler.before("inline", "table_captions", _captions)


# --- captions ---------------------------------------------------------------


def _captions(state: StateCore) -> None:
    """A ``Table:`` paragraph just before or after a table (before the inline rules): its
    inline token goes to the table's ``meta["caption"]``, its trailing attributes to the
    table, and the paragraph is marked as taken."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "table_open" or token.level != 0:
            continue
        close = next(n for n in range(index, len(tokens)) if tokens[n].type == "table_close" and tokens[n].level == 0)
        for start in (index - 3, close + 1):
            if _is_caption(tokens, start):
                _take_caption(token, tokens[start], tokens[start + 1])
                break


def _is_caption(tokens: list[Token], start: int) -> bool:
    return (
        0 <= start < len(tokens) - 1
        and tokens[start].type == "paragraph_open"
        and tokens[start].level == 0
        and not tokens[start].meta.get("caption")
        and bool(CAPTION.match(tokens[start + 1].content))
    )


def _take_caption(table: Token, paragraph: Token, inline: Token) -> None:
    inline.content = CAPTION.sub("", inline.content, count=1)
    move_trailing_attrs(inline, table)
    paragraph.meta = {**(paragraph.meta or {}), "caption": True}
    table.meta = {**(table.meta or {}), "caption": inline}


# --- grid tables ------------------------------------------------------------


def _grid_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    first = _line(state, start)
    if state.sCount[start] - state.blkIndent >= 4 or not _BORDER.match(first):
        return False
    line = start + 1
    while line < end and _line(state, line)[:1] in ("+", "|"):
        line += 1
    lines = [_line(state, n) for n in range(start, line)]
    if len(lines) < 3 or not _BORDER.match(lines[-1]):
        return False
    if silent:
        return True
    table = _parse_grid(lines, start)
    _emit(state, table, start, line)
    state.line = line
    return True


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].rstrip()


@dataclass
class _Grid:
    aligns: list[Align]
    header: bool
    rows: list[tuple[int, list[str]]]
    """Each row's first line (0-based) and its cells' text."""
    refused: tuple[int, str, str] | None = None


def _parse_grid(lines: list[str], start: int) -> _Grid:
    """A grid table's columns, alignments and cells; a cell spanning columns or rows, or
    holding blocks, is refused."""
    bounds = [n for n, char in enumerate(lines[0]) if char == "+"]
    grid = _Grid(_grid_aligns(lines[0], bounds), False, [])
    current: list[list[str]] = []
    row_start = start + 1
    for offset, line in enumerate(lines[1:], start=1):
        number = start + offset
        if line.startswith("+"):
            if [n for n, char in enumerate(line) if char == "+"] != bounds:
                grid.refused = grid.refused or (number + 1, "a cell of this grid table spans columns or rows", "split it into one cell per column and row")
            if "=" in line and not grid.rows and not grid.header:
                grid.header = True
                grid.aligns = _grid_aligns(line, bounds) if ":" in line else grid.aligns
            if current:
                grid.rows.append((row_start, ["\n".join(part).strip() for part in zip(*current, strict=True)]))
            current, row_start = [], number + 1
            continue
        if any(len(line) <= n or line[n] != "|" for n in bounds):
            grid.refused = grid.refused or (number + 1, "a cell of this grid table spans columns", "split it into one cell per column")
            continue
        current.append([line[a + 1 : b] for a, b in itertools.pairwise(bounds)])
    for first, cells in grid.rows:
        for cell in cells:
            if _PARAGRAPHS.search(cell) or any(_BLOCK_START.match(part.strip()) for part in cell.splitlines()):
                grid.refused = grid.refused or (first + 1, "a cell of this grid table holds a list or several paragraphs", "write the cell's text as one paragraph, or give the list after the table")
    return grid


def _grid_aligns(line: str, bounds: list[int]) -> list[Align]:
    aligns: list[Align] = []
    for a, b in itertools.pairwise(bounds):
        rule = line[a + 1 : b]
        left, right = rule.startswith(":"), rule.endswith(":")
        aligns.append("center" if left and right else "left" if left else "right" if right else "")
    return aligns


def _emit(state: StateBlock, grid: _Grid, start: int, end: int) -> None:
    """The tokens of a pipe table, for the grid."""
    table = state.push("table_open", "table", 1)
    table.map = [start, end]
    table.meta = {"grid": True, **({"refused": grid.refused} if grid.refused else {})}
    for number, (line, cells) in enumerate(grid.rows):
        head = number == 0 and grid.header
        if number == 0:
            state.push("thead_open" if head else "tbody_open", "thead" if head else "tbody", 1)
        elif number == 1 and grid.header:
            state.push("tbody_open", "tbody", 1)
        row = state.push("tr_open", "tr", 1)
        row.map = [line, line + 1]
        for align, text in zip(grid.aligns, cells, strict=False):
            tag = "th" if head else "td"
            cell = state.push(f"{tag}_open", tag, 1)
            if align:
                cell.attrSet("style", f"text-align:{align}")
            inline = state.push("inline", "", 0)
            inline.content = " ".join(part.strip() for part in text.splitlines())
            inline.map = [line, line + 1]
            inline.children = []
            state.push(f"{tag}_close", tag, -1)
        state.push("tr_close", "tr", -1)
        if head:
            state.push("thead_close", "thead", -1)
    if grid.rows and (len(grid.rows) > 1 or not grid.header):
        state.push("tbody_close", "tbody", -1)
    state.push("table_close", "table", -1)
