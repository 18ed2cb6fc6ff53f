"""The text of a PDF, page by page, with pypdfium2 (the one module of the importer that imports it).

Pages are separated by a form feed, as pdftotext separates them. The text
layer is read line by line, with the place of each character, so that:

- a line the PDF reader broke at a raised note call (``сотрудничества¹`` and
  then ``, что отмечено`` on the same printed line) is one line again;
- a line that starts to the right of the page's text column (a paragraph's
  first-line indent) starts with four spaces, the indent the importer reads
  as the start of a paragraph.

A PDF without a text layer (a scan) has to go through OCR first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from ..errors import Problem

INDENT = "    "
INDENT_POINTS = 4.0
"""A line starting this far right of the column's left edge is indented."""


@dataclass
class _Line:
    text: str
    box: tuple[float, float, float, float] | None
    """left, bottom, right, top of its printed characters; None when unknown."""


def extract_text(path: Path, problems: list[Problem]) -> str | None:
    """The PDF's text, pages separated by form feeds; None after recording a problem."""
    try:
        document = pdfium.PdfDocument(path)
    except (pdfium.PdfiumError, OSError) as error:
        problems.append(Problem(f"cannot read the PDF: {error}", path, hint="check that the file is a PDF and not encrypted"))
        return None
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            pages.append("\n".join(_with_indents(_joined(_page_lines(textpage)))))
            textpage.close()
            page.close()
    finally:
        document.close()
    if not any(page.strip() for page in pages):
        problems.append(
            Problem("the PDF has no text layer", path, hint="it is probably a scan: run OCR on it (e.g. ocrmypdf) and import the result")
        )
        return None
    return "\n\f".join(pages) + "\n"


def _page_lines(textpage: pdfium.PdfTextPage) -> list[_Line]:
    """The page's lines as the PDF reader gives them, each with the box of its characters."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # characters and text do not correspond: no positions
        return [_Line(line, None) for line in text.replace("\r", "").split("\n")]
    lines = []
    chars: list[str] = []
    boxes: list[tuple[float, float, float, float]] = []
    for index, char in enumerate(text + "\n"):
        if char == "\n":
            lines.append(_Line("".join(chars), _union(boxes)))
            chars, boxes = [], []
        elif char != "\r":
            chars.append(char)
            if not char.isspace():
                boxes.append(textpage.get_charbox(index))
    return lines


def _union(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float] | None:
    if not boxes:
        return None
    return boxes[0][0], min(b[1] for b in boxes), boxes[-1][2], max(b[3] for b in boxes)


def _joined(lines: list[_Line]) -> list[_Line]:
    """Lines that continue the previous one on the same printed line, joined to it."""
    result: list[_Line] = []
    for line in lines:
        previous = result[-1] if result else None
        if previous and previous.box and line.box and _same_printed_line(previous.box, line.box):
            box = (previous.box[0], min(previous.box[1], line.box[1]), line.box[2], max(previous.box[3], line.box[3]))
            result[-1] = _Line(previous.text + line.text, box)
        else:
            result.append(line)
    return result


def _same_printed_line(before: tuple[float, float, float, float], after: tuple[float, float, float, float]) -> bool:
    overlap = min(before[3], after[3]) - max(before[1], after[1])
    return overlap > 0 and after[0] >= before[2] - 1


def _with_indents(lines: list[_Line]) -> list[str]:
    """The lines' text; an indented line starts with :data:`INDENT`."""
    lefts = Counter(round(line.box[0]) for line in lines if line.box and line.text.strip())
    if not lefts:
        return [line.text for line in lines]
    edge = lefts.most_common(1)[0][0]
    return [
        INDENT + line.text.lstrip() if line.box and line.text.strip() and line.box[0] > edge + INDENT_POINTS else line.text
        for line in lines
    ]
