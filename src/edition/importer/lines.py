"""The raw text as numbered lines, and what the extraction tells about each line."""

from __future__ import annotations

import re
from dataclasses import dataclass

PAGE_BREAK = "\f"
"""A form feed starts a page (pdftotext and the PDF reader of the importer write one)."""
SOFT_HYPHENS = "\u00ad\x02\ufffe"
"""A soft hyphen, and the marks PDF readers give one."""
HYPHENS = "-\u2010" + SOFT_HYPHENS
"""What a word broken at a line's end may end with: a hyphen, the Unicode hyphen, a soft hyphen."""


@dataclass(frozen=True)
class RawLine:
    """One line of the raw text."""

    number: int
    """1-based line in the raw file (``original.txt``)."""
    text: str
    """As extracted, without the line end and the form feed; spaces kept."""
    page_start: bool = False
    """The first line of a page: after a form feed, or (the mark some extractions
    leave) a line that starts with exactly one space."""

    @property
    def content(self) -> str:
        """The text without the spaces around it."""
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def indent(self) -> int:
        """Leading spaces (a tab counts four); 1 is the page mark, not an indent."""
        spaces = len(self.text) - len(self.text.lstrip(" \t"))
        return sum(4 if c == "\t" else 1 for c in self.text[:spaces])

    @property
    def trailing_spaces(self) -> int:
        return len(self.text) - len(self.text.rstrip(" \t"))


def read_lines(text: str) -> tuple[RawLine, ...]:
    """The raw text's lines, numbered as an editor numbers them. Pages start at form
    feeds; in a text without any, at lines marked with one leading space."""
    marks = PAGE_BREAK not in text
    lines = []
    for number, line in enumerate(text.split("\n"), start=1):
        page = PAGE_BREAK in line
        line = line.replace(PAGE_BREAK, "").rstrip("\r")
        marked = marks and re.match(r" \S", line) is not None
        lines.append(RawLine(number, line, page or marked or number == 1))
    return tuple(lines)


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def script(text: str, minimum: int = 4) -> str | None:
    """``cyrillic`` or ``latin``, whichever most letters of ``text`` are in; None with
    fewer than ``minimum`` letters."""
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic + latin < max(minimum, 1):
        return None
    return "cyrillic" if cyrillic >= latin else "latin"


SCRIPT_OF_LANG = {"ru": "cyrillic", "en": "latin"}
LANG_OF_SCRIPT = {v: k for k, v in SCRIPT_OF_LANG.items()}


def is_capitals(text: str) -> bool:
    """A line set in capitals: at least four letters, nearly all upper case."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4:
        return False
    return sum(c.isupper() for c in letters) >= 0.9 * len(letters)


_RULE = re.compile(r"^\s*(?:[*⁂]\s*){3,}$|^\s*(?:\*\s+){2,}\*\s*$")


def is_rule(text: str) -> bool:
    """A row of asterisks, the printed thematic break."""
    return _RULE.match(text) is not None
