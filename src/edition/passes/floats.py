"""Numbering an article's tables and figures, and resolving cross-references to them.

Each language numbers its own, in reading order: every figure, and every
table that has a caption ("Таблица 1" / "Table 1"). A citation whose keys
are ids of the article's tables or figures (Quarto's ``@tbl-…``, ``@fig-…``)
is a cross-reference, not a citation: it becomes a :class:`Ref` carrying
the numbers, in the text and in the notes. A ``@fig-…`` or ``@tbl-…`` that
names no figure or table of the article is reported at its line.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from ..errors import Problem
from ..model import (
    ArticleSource,
    Block,
    Cite,
    Editorial,
    Emph,
    FloatKind,
    Inline,
    Inlines,
    Link,
    Location,
    Note,
    Ref,
    Segment,
    Strong,
    Text,
)
from .inlines import plain_text

PREFIXES: dict[str, FloatKind] = {"tbl-": "table", "fig-": "figure"}
"""Quarto's id prefixes, which make a citation a cross-reference."""


def number_floats(source: ArticleSource) -> tuple[ArticleSource, list[Problem]]:
    """The article with its tables and figures numbered and cross-references resolved."""
    problems: list[Problem] = []
    texts = {}
    for lang in ("ru", "en"):
        text = source.text(lang)
        blocks, numbers = _numbered(text.blocks)
        blocks = tuple(replace(b, paragraphs=tuple(_resolve(p, numbers, b.location, problems) for p in b.paragraphs)) for b in blocks)
        notes = tuple(_resolved_note(n, numbers, problems) for n in text.notes)
        texts[lang] = replace(text, blocks=blocks, notes=notes)
    return replace(source, ru=texts["ru"], en=texts["en"]), problems


def float_kind(block: Block) -> FloatKind | None:
    """Whether a block is a numbered table or figure."""
    if block.kind == "figure":
        return "figure"
    if block.kind == "table" and block.table is not None and block.table.caption:
        return "table"
    return None


def spread(segment: Segment) -> Literal["", "shared", "wide"]:
    """How a pair of tables or figures is set: "shared", printed once across both columns
    (one image in both languages; a table marked ``{.shared}``), "wide", each language's
    across both columns (``{.wide}``), or "" in its column."""
    ru, en = segment.ru, segment.en
    if ru is None or en is None or ru.kind != en.kind or ru.kind not in ("table", "figure"):
        return ""
    if ru.image is not None and en.image is not None and ru.image.src == en.image.src:
        return "shared"
    classes = ru.classes | en.classes
    if ru.kind == "table" and "shared" in classes:
        return "shared"
    return "wide" if "wide" in classes else ""


def check_shared(segments: tuple[Segment, ...]) -> list[Problem]:
    """A table printed once for both languages must hold the same cells in both."""
    problems = []
    for segment in segments:
        if spread(segment) != "shared" or segment.ru is None or segment.en is None or segment.ru.table is None or segment.en.table is None:
            continue
        ru, en = segment.ru.table.cells(segment.ru.paragraphs), segment.en.table.cells(segment.en.paragraphs)
        if ru != en:
            row = next((n for n, (a, b) in enumerate(zip(ru, en, strict=False), start=1) if a != b), min(len(ru), len(en)) + 1)
            problems.append(
                Problem(
                    f"the table marked {{.shared}} differs between the languages (row {row}); it is printed once, for both",
                    segment.en.location.file,
                    segment.en.location.line,
                    f"give it the same cells in both files (see {segment.ru.location.file.name}:{segment.ru.location.line}), or remove .shared to print each language's table",
                )
            )
    return problems


def column_widths(block: Block) -> tuple[int, ...]:
    """Each column's share of the width, in percent: the length of its longest cell
    (a long cell wraps: counted up to 30 characters; a column takes at least 4)."""
    assert block.table is not None
    rows = block.table.cells(block.paragraphs)
    lengths = [max(4, min(30, max((len(plain_text(row[n])) for row in rows), default=0))) for n in range(len(block.table.aligns))]
    total = sum(lengths)
    return tuple(round(100 * length / total) for length in lengths)


def _numbered(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], dict[str, tuple[FloatKind, int]]]:
    counts: dict[FloatKind, int] = {"table": 0, "figure": 0}
    numbers: dict[str, tuple[FloatKind, int]] = {}
    out = []
    for block in blocks:
        if block.table is not None:
            block = replace(block, table=replace(block.table, widths=column_widths(block)))
        kind = float_kind(block)
        if kind is None:
            out.append(block)
            continue
        counts[kind] += 1
        if block.id:
            numbers[block.id] = (kind, counts[kind])
        out.append(replace(block, number=counts[kind]))
    return tuple(out), numbers


def _resolved_note(note: Note, numbers: dict[str, tuple[FloatKind, int]], problems: list[Problem]) -> Note:
    return replace(note, paragraphs=tuple(_resolve(p, numbers, note.location, problems) for p in note.paragraphs))


def _resolve(inlines: Inlines, numbers: dict[str, tuple[FloatKind, int]], where: Location, problems: list[Problem]) -> Inlines:
    out: list[Inline] = []
    for item in inlines:
        if isinstance(item, Emph | Strong | Editorial):
            out.append(type(item)(_resolve(item.children, numbers, where, problems)))
        elif isinstance(item, Link):
            out.append(Link(_resolve(item.children, numbers, where, problems), item.url))
        elif isinstance(item, Cite):
            out.extend(_ref(item, numbers, where, problems))
        else:
            out.append(item)
    return tuple(out)


def _ref(item: Cite, numbers: dict[str, tuple[FloatKind, int]], where: Location, problems: list[Problem]) -> list[Inline]:
    """A citation of ids of tables or figures as a reference, with its prefix and suffix; any other citation as it is."""
    if not any(i.key[:4] in PREFIXES for i in item.items):
        return [item]
    keys = [i.key for i in item.items]
    missing = [key for key in keys if key not in numbers]
    if missing:
        problems.append(
            Problem(
                f"@{missing[0]} refers to no {PREFIXES.get(missing[0][:4], 'figure')} of this article",
                where.file,
                where.line,
                "give the figure an id (![Caption](file.png){#fig-…}) or the table's caption one (Table: … {#tbl-…}), in this language's file",
            )
        )
        return [Text("@" + missing[0])]  # reported here, not again as an unknown work
    kinds = {numbers[key][0] for key in keys}
    if len(kinds) > 1:
        problems.append(Problem(f"[{item.source}] refers to tables and figures at once", where.file, where.line, "refer to them in two references"))
    first, last = item.items[0], item.items[-1]
    ref = Ref(numbers[keys[0]][0], tuple(keys), tuple(numbers[key][1] for key in keys))
    parts: list[Inline] = [Text(first.prefix + " ")] if first.prefix else []
    parts.append(ref)
    if last.suffix:
        parts.append(Text(("" if last.suffix[:1] in ",;:." else " ") + last.suffix))
    return parts
