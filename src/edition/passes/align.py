"""Pairing the blocks of ``ru.md`` and ``en.md`` into aligned segments."""

from __future__ import annotations

import math
from collections.abc import Iterator

from ..errors import Problem
from ..model import ArticleSource, Block, Row, Segment
from .inlines import first_words, note_labels

NUMBERED_KINDS = ("paragraph", "quote", "list", "verse")


def align_blocks(source: ArticleSource) -> tuple[tuple[Segment, ...], list[Problem]]:
    """Segments of the article in order, and every alignment problem.

    Blocks pair in order. A block with an ``{#id}`` that both files have
    starts a new stretch, so a difference before it does not shift the
    pairing after it. ``{.unpaired}`` blocks stand alone where they are.
    """
    problems: list[Problem] = []
    pairs: list[tuple[Block | None, Block | None]] = []
    for ru_chunk, en_chunk in _chunks(source, problems):
        pairs.extend(_pair_chunk(ru_chunk, en_chunk, source, problems))
    return _number(pairs), problems


def _chunks(source: ArticleSource, problems: list[Problem]) -> Iterator[tuple[list[Block], list[Block]]]:
    """Stretches of both files between ids that both files have (each once)."""
    repeated = _repeated_ids(source.ru.blocks, problems) | _repeated_ids(source.en.blocks, problems)
    ru_ids = [b.id for b in source.ru.blocks if b.id and b.id not in repeated]
    en_ids = {b.id for b in source.en.blocks if b.id and b.id not in repeated}
    shared = [i for i in ru_ids if i in en_ids]
    en_order = [b.id for b in source.en.blocks if b.id in shared]
    if shared != en_order:
        problems.append(
            Problem(
                "blocks with the same {#id} stand in a different order in ru.md and en.md",
                source.en.file,
                None,
                f"order in ru.md: {', '.join(shared)}; in en.md: {', '.join(i for i in en_order if i)}",
            )
        )
        shared = []
    ru_parts = _split_at(source.ru.blocks, set(shared))
    en_parts = _split_at(source.en.blocks, set(shared))
    yield from zip(ru_parts, en_parts, strict=True)


def _repeated_ids(blocks: tuple[Block, ...], problems: list[Problem]) -> set[str]:
    """The ids given to more than one block of a file, each reported at its second block."""
    first: dict[str, Block] = {}
    repeated = set()
    for block in blocks:
        if not block.id:
            continue
        if block.id in first:
            repeated.add(block.id)
            problems.append(
                Problem(
                    f"{{#{block.id}}} is given to two blocks (lines {first[block.id].location.line} and {block.location.line})",
                    block.location.file,
                    block.location.line,
                    "an id names one block: give this block another id, or none",
                )
            )
        else:
            first[block.id] = block
    return repeated


def _split_at(blocks: tuple[Block, ...], ids: set[str]) -> list[list[Block]]:
    parts: list[list[Block]] = [[]]
    for block in blocks:
        if block.id in ids:
            parts.append([])
        parts[-1].append(block)
    return parts


def _pair_chunk(
    ru: list[Block], en: list[Block], source: ArticleSource, problems: list[Problem]
) -> Iterator[tuple[Block | None, Block | None]]:
    ru_paired = [b for b in ru if not b.unpaired]
    en_paired = [b for b in en if not b.unpaired]
    if len(ru_paired) != len(en_paired):
        problems.append(_divergence(ru_paired, en_paired, source))
    else:
        for a, b in zip(ru_paired, en_paired, strict=True):
            if a.kind != b.kind or a.level != b.level:
                problems.append(
                    Problem(
                        f"a {_kind(a)} in ru.md (line {a.location.line}) is paired with a {_kind(b)} in en.md",
                        b.location.file,
                        b.location.line,
                        f"ru: «{first_words(a)}»; en: “{first_words(b)}”. Pairs must be of the same kind; "
                        "check for a missing or extra block before this one",
                    )
                )
                break
    ru_iter, en_iter = iter(ru), iter(en)
    ru_next, en_next = next(ru_iter, None), next(en_iter, None)
    while ru_next is not None or en_next is not None:
        if ru_next is not None and ru_next.unpaired:
            yield ru_next, None
            ru_next = next(ru_iter, None)
        elif en_next is not None and en_next.unpaired:
            yield None, en_next
            en_next = next(en_iter, None)
        else:
            yield ru_next, en_next
            ru_next, en_next = next(ru_iter, None), next(en_iter, None)


def _divergence(ru: list[Block], en: list[Block], source: ArticleSource) -> Problem:
    """A problem naming the first pair where the two files stop matching."""
    index = _first_mismatch(ru, en)
    ru_block = ru[index] if index < len(ru) else None
    en_block = en[index] if index < len(en) else None
    ru_where = f"ru.md:{ru_block.location.line} «{first_words(ru_block)}»" if ru_block else "ru.md: (no more blocks)"
    en_where = f"en.md:{en_block.location.line} “{first_words(en_block)}”" if en_block else "en.md: (no more blocks)"
    anchor = ru_block or en_block or (ru[-1] if ru else en[-1])
    return Problem(
        f"ru.md has {len(ru)} blocks and en.md has {len(en)} here; they first diverge at block {index + 1}: "
        f"{ru_where} / {en_where}",
        anchor.location.file,
        anchor.location.line,
        "add the missing block, join or split paragraphs so both files match, "
        "mark a block that has no counterpart with {.unpaired}, or put the same {#id} on both sides",
    )


def _first_mismatch(ru: list[Block], en: list[Block]) -> int:
    """Index of the first block where the best alignment skips a block.

    A small Gale-Church style alignment: pairing two blocks costs more the
    further their length ratio is from the usual one, and a lot when their
    kinds or note calls differ; leaving a block unpaired has a fixed cost.
    """
    skip = 2.0
    n, m = len(ru), len(en)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    step: dict[tuple[int, int], tuple[int, int]] = {}
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == inf:
                continue
            moves = [((i + 1, j), skip), ((i, j + 1), skip)]
            if i < n and j < m:
                moves.append(((i + 1, j + 1), _pair_cost(ru[i], en[j])))
            for (a, b), extra in moves:
                if a <= n and b <= m and here + extra < cost[a][b]:
                    cost[a][b] = here + extra
                    step[(a, b)] = (i, j)
    path = [(n, m)]
    while path[-1] != (0, 0):
        path.append(step[path[-1]])
    path.reverse()
    for (i, j), (a, b) in zip(path, path[1:], strict=False):
        if (a - i, b - j) != (1, 1):
            return min(i, j) if a - i == 0 else i
    return min(n, m)


def _pair_cost(a: Block, b: Block) -> float:
    if a.kind != b.kind or a.level != b.level:
        return 6.0
    cost = 0.0 if _notes(a) == _notes(b) else 4.0
    length_a, length_b = len(first_words(a, 10**6)), len(first_words(b, 10**6))
    return cost + abs(math.log((length_a + 20) / (length_b + 20)))


def _notes(block: Block) -> set[str]:
    return set(note_labels(block))


def _kind(block: Block) -> str:
    return f"level-{block.level} heading" if block.kind == "heading" else block.kind


def _number(pairs: list[tuple[Block | None, Block | None]]) -> tuple[Segment, ...]:
    segments = []
    number = 0
    headings = 0
    for index, (ru, en) in enumerate(pairs, start=1):
        block = ru or en
        assert block is not None
        if block.kind in NUMBERED_KINDS:
            number += 1
            segments.append(Segment(ru, en, f"p{number}", number, (Row(ru, en),)))
            continue
        if block.kind == "heading":
            headings += 1
        anchor = (ru and ru.id) or (en and en.id) or (f"s{headings}" if block.kind == "heading" else f"b{index}")
        segments.append(Segment(ru, en, anchor, None, (Row(ru, en),)))
    return tuple(segments)
