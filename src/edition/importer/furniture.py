"""Page furniture: page numbers, running heads and other lines repeated on every page.

A line is furniture when it stands at the edge of a page (among its first or
last two lines with text) and either is a bare page number or, with its digits
left out, is printed at the edge of several pages. Pages are known from form
feeds, or from the one-space mark some extractions put on a page's first line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from .findings import Finding
from .lines import RawLine

_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:(?:с|стр|p|pp|page|стр\.)\.?\s*)?\d{1,4}[-–—\s]*$", re.IGNORECASE)
EDGE = 2
"""Lines with text at the top and at the bottom of a page where furniture stands."""


def pages(lines: tuple[RawLine, ...]) -> list[list[RawLine]]:
    """The lines grouped by page."""
    grouped: list[list[RawLine]] = []
    for line in lines:
        if line.page_start or not grouped:
            grouped.append([])
        grouped[-1].append(line)
    return grouped


def edge_lines(page: list[RawLine]) -> list[RawLine]:
    """The first and last :data:`EDGE` lines with text of a page."""
    filled = [line for line in page if not line.blank]
    return list({line.number: line for line in filled[:EDGE] + filled[-EDGE:]}.values())


def _shape(text: str) -> str:
    """A line as a running head repeats it: digits and spacing left out, lower case."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().lower()


def find_furniture(lines: tuple[RawLine, ...]) -> tuple[set[int], list[Finding]]:
    """The numbers of the furniture lines, and a finding for each kind removed."""
    by_page = pages(lines)
    form_feeds = any(line.page_start and line.number > 1 and not line.text.startswith(" ") for line in lines)
    # with form feeds, pages are certain and two pages suffice; with the one-space mark, three
    repeats_needed = 2 if form_feeds else 3
    edges = [line for page in by_page for line in edge_lines(page)]
    heads: dict[str, list[RawLine]] = defaultdict(list)
    for line in edges:
        shape = _shape(line.content)
        if sum(c.isalpha() for c in shape) >= 3 and len(shape) <= 120:
            heads[shape].append(line)
    furniture: set[int] = set()
    findings: list[Finding] = []
    for found in heads.values():
        if len(found) >= repeats_needed and len({_page_of(by_page, line) for line in found}) >= repeats_needed:
            furniture.update(line.number for line in found)
            where = ", ".join(str(line.number) for line in found)
            findings.append(Finding(found[0].number, "furniture", f"running head «{found[0].content}» removed (lines {where})", sure=True))
    numbers = [line for line in edges if _PAGE_NUMBER.match(line.content) and line.number not in furniture]
    if len(numbers) >= 2:
        for line in numbers:
            furniture.add(line.number)
        where = ", ".join(str(line.number) for line in numbers)
        findings.append(Finding(numbers[0].number, "furniture", f"page numbers removed (lines {where})", sure=True))
    return furniture, findings


def _page_of(by_page: list[list[RawLine]], line: RawLine) -> int:
    for index, page in enumerate(by_page):
        if page[0].number <= line.number <= page[-1].number:
            return index
    return -1


def without(lines: tuple[RawLine, ...], numbers: set[int]) -> tuple[RawLine, ...]:
    """``lines`` without the lines ``numbers``; the line after a removed page start starts the page."""
    kept: list[RawLine] = []
    carry = False
    for line in lines:
        if line.number in numbers:
            carry = carry or line.page_start
            continue
        if carry and not line.blank:
            line = replace(line, page_start=True)
            carry = False
        kept.append(line)
    return tuple(kept)
