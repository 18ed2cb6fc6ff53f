"""Paragraphs rebuilt across line and page breaks, from evidence in the text.

Each break between two lines of text is decided from what the raw text
shows, in this order:

- a line that ends with a hyphen, or without sentence-final punctuation, or
  a next line that starts in lower case: the paragraph goes on;
- a change of script (an English passage after a Russian one) ends it;
- after sentence-final punctuation, the paragraph ends when the document's
  own layout says so: a blank line, where blank lines are not simply after
  every line; an indented next line, where indents mark paragraphs; spaces
  typed before the paragraph mark (more at the line's end than other lines
  have); or a line clearly shorter than the column (or one on which the next
  word would have fitted);
- otherwise the ending itself is weighed: how often a sentence ending like
  this one (``].``, ``».``, a word and a period) ends a short last line of a
  paragraph in this document, against how often it ends a sentence inside a
  line;
- a line without final punctuation followed by a sentence's first word (a
  word the text otherwise writes in lower case) is taken for a paragraph end
  with a period missing, and reported.

Initials and one-letter abbreviations (``Б. Е.``, ``т.е.``, ``с.``, ``г.``) do
not end a sentence; where a blank line or a short line says otherwise, the
decision is reported. Lines set in capitals, rows of asterisks and short
lines standing alone (``Резюме``) are units of their own. Every decision
taken without firm evidence is reported.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from statistics import median
from typing import Literal

from .findings import Finding
from .lines import HYPHENS, RawLine, is_capitals, is_rule, script

UnitKind = Literal["text", "caps", "rule", "heading"]

_CALL_AT_END = re.compile(r"(?:(?<=[^\W\d_])|(?<=[»”\")\]…])|(?<=[^\d\s][.,;:]))\d{1,3}(?=[.,;:!?»”\")\]…]*$)")
_HARD = re.compile(r"[.!?…][»”\"')\]]*$")
_SOFT = re.compile(r"(?<![^\W\d_])[^\W\d_]\.[»”\"')\]]*$")
_SENTENCE_INSIDE = re.compile(r"\S[.!?…][»”\"')\]]*(?=\s+[«\"„(\[\dA-ZА-ЯЁ])")
ABSTRACT_HEADS = ("резюме", "аннотация", "реферат", "abstract", "summary")
KEYWORDS = re.compile(r"^(?:keywords|key\s+words|ключевые\s+слова)\s*[:.—–-]\s*(.*)$", re.IGNORECASE | re.DOTALL)
PRIOR_ODDS = 0.2
"""Before any evidence: a full line ending a sentence ends the paragraph about once in six."""
SHORT = 0.8
"""A line shorter than this share of the column is short."""
FITS = 0.95
"""The next word would have fitted when the line and the word fill less than this share."""


@dataclass(frozen=True)
class Unit:
    """A paragraph, a line in capitals (title or heading), a short heading or a row of asterisks."""

    kind: UnitKind
    lines: tuple[RawLine, ...]


@dataclass(frozen=True)
class Layout:
    """What the document's own lines tell about its paragraphs."""

    width: dict[str | None, float]
    """Typical length of a full line, by script."""
    blank_marks_paragraphs: bool
    """Blank lines stand between paragraphs, not after every line."""
    indent_marks_paragraphs: bool
    end_spaces: int
    """Spaces after the last sentence of a paragraph, more than other lines end with
    (0: the text does not show it)."""
    odds: dict[str, float]
    """By sentence ending: odds that a full line ending so ends its paragraph."""
    common_words: frozenset[str] = frozenset()
    """Words the text writes in lower case inside sentences, never with a capital there."""


def strip_calls(text: str) -> str:
    """A line's text without the spaces at its end and a note call there."""
    return _CALL_AT_END.sub("", text.rstrip())


def ending(text: str) -> str:
    """``hyphen``, ``hard`` (sentence-final punctuation), ``soft`` (after an initial or a
    one-letter abbreviation) or ``open``."""
    text = strip_calls(text)
    if len(text) >= 2 and text[-1] in HYPHENS and text[-2].isalpha():
        return "hyphen"
    if _SOFT.search(text):
        return "soft"
    if _HARD.search(text):
        return "hard"
    return "open"


def ending_class(text: str) -> str:
    """The last two characters of a sentence ending, letters as ``a`` and digits as ``0``."""
    tail = strip_calls(text)[-2:]
    return re.sub(r"\d", "0", re.sub(r"[^\W\d_]", "a", tail))


def first_word(text: str) -> str:
    words = text.split()
    return words[0] if words else ""


def starts_lower(text: str) -> bool:
    stripped = text.lstrip(" «\"„(")
    return bool(stripped) and stripped[0].islower()


def starts_upper(text: str) -> bool:
    stripped = text.lstrip(" «\"„(")
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit())


def measure_layout(lines: tuple[RawLine, ...]) -> Layout:
    """Line widths, the meaning of blank lines, indents and end spaces, and the odds of each ending."""
    text = [line for line in lines if not line.blank and not is_rule(line.text) and not is_capitals(line.text)]
    width = _widths(text)
    pairs = list(_pairs(lines))
    same_page = [(a, b, blank) for a, b, blank in pairs if not b.page_start]
    blanks = sum(blank for _, _, blank in same_page)
    ends = [blank for a, b, blank in same_page if ending(a.text) == "hard" and is_short(a, b, width)]
    # blank lines mark paragraphs where they are not after most lines, and follow most clear paragraph ends
    blank_marks = 2 <= blanks < 0.5 * len(same_page) and sum(ends) >= 0.5 * len(ends)
    indented = [(a, b) for a, b, _ in same_page if b.indent >= 2]
    indent_marks = (
        len(indented) >= 3
        and len(indented) < 0.6 * len(same_page)
        and sum(ending(a.text) == "hard" for a, _ in indented) >= 0.6 * len(indented)
    )
    usual = Counter(a.trailing_spaces for a, _, _ in pairs if ending(a.text) == "open").most_common(1)
    end_spaces = (usual[0][0] if usual else 0) + 1
    spaced = [(a, b) for a, b, _ in pairs if a.trailing_spaces >= end_spaces and ending(a.text) == "hard"]
    spaces_mark = bool(spaced) and not any(starts_lower(b.text) for _, b in spaced)
    return Layout(
        width, blank_marks, indent_marks, end_spaces if spaces_mark else 0, _ending_odds(text, width), _common_words(text)
    )


def _common_words(lines: list[RawLine]) -> frozenset[str]:
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for line in lines:
        for match in re.finditer(r"(?<=[^\s.!?…»] )[^\W\d_]+(?![.\w])", line.content):
            word = match.group(0)
            (capital if word[0].isupper() else lower)[word.lower()] += 1
    return frozenset(w for w, n in lower.items() if n >= 3 and not capital[w])


_NEVER_LAST = frozenset(
    [
        "a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with",
        "а", "в", "во", "для", "до", "за", "и", "из", "к", "как", "ко", "на", "над", "но", "о", "об", "от",
        "по", "под", "при", "с", "со", "у", "что", "чтобы"
    ]
)
"""Words that do not end a sentence."""


def _starts_sentence(a: RawLine, b: RawLine, layout: Layout) -> bool:
    """``b`` starts with a capitalised word that the text otherwise writes in lower case,
    and ``a`` does not end with a word that cannot end a sentence."""
    match = re.match(r"[^\W\d_]+(?![.\w])", b.content)
    last = re.findall(r"[^\W\d_]+", a.content)
    return (
        match is not None
        and match.group(0)[0].isupper()
        and match.group(0).lower() in layout.common_words
        and bool(last)
        and last[-1].lower() not in _NEVER_LAST
    )


def _widths(lines: list[RawLine]) -> dict[str | None, float]:
    """The median length of lines inside paragraphs (those that do not end a sentence), by script."""
    inside = [line for line in lines if ending(line.text) in ("open", "hyphen")]
    if len(inside) >= 5:
        overall = float(median(len(line.content) for line in inside))
    else:  # too few lines to tell: the longest line is full
        overall = float(max((len(line.content) for line in lines), default=70))
    widths: dict[str | None, float] = {None: overall}
    for name in ("cyrillic", "latin"):
        lengths = [len(line.content) for line in inside if script(line.text) == name]
        widths[name] = float(median(lengths)) if len(lengths) >= 5 else overall
    return widths


def _pairs(lines: tuple[RawLine, ...]) -> Iterator[tuple[RawLine, RawLine, bool]]:
    """Consecutive lines with text, and whether blank lines stand between them."""
    previous: RawLine | None = None
    blank = False
    for line in lines:
        if line.blank:
            blank = True
            continue
        if previous is not None:
            yield previous, line, blank
        previous, blank = line, False


def is_short(a: RawLine, b: RawLine | None, width: dict[str | None, float]) -> bool:
    """``a`` stops clearly before the column's end, or ``b``'s first word would have fitted on it."""
    column = width.get(script(a.text), width[None])
    length = len(a.content)
    if length <= SHORT * column:
        return True
    return b is not None and length + 1 + len(first_word(b.content)) <= FITS * column


def _ending_odds(lines: list[RawLine], width: dict[str | None, float]) -> dict[str, float]:
    """For each sentence ending: how often it ends a short last line of a paragraph, against
    how often it ends a sentence inside a line; times the prior odds."""
    at_end: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if ending(line.text) == "hard" and is_short(line, following, width):
            at_end[ending_class(line.text)] += 1
        for match in _SENTENCE_INSIDE.finditer(line.content):
            sentence = line.content[: match.end()]
            if not _SOFT.search(sentence):
                inside[ending_class(sentence)] += 1
    classes = set(at_end) | set(inside)
    ends, sentences = sum(at_end.values()), sum(inside.values())
    return {
        c: PRIOR_ODDS * ((at_end[c] + 1) / (ends + len(classes))) / ((inside[c] + 1) / (sentences + len(classes)))
        for c in classes
    }


@dataclass(frozen=True)
class Boundary:
    ends: bool
    """The paragraph ends between the two lines."""
    sure: bool
    reason: str


def decide(a: RawLine, b: RawLine, blank: bool, layout: Layout) -> Boundary:
    """Whether the paragraph ends after line ``a`` (``blank``: blank lines between them)."""
    kind = ending(a.text)
    same_page = not b.page_start
    blank_says = layout.blank_marks_paragraphs and same_page and blank
    indent_says = layout.indent_marks_paragraphs and b.indent >= 2 and same_page
    if kind == "hyphen":
        return Boundary(False, True, "a hyphen at the line's end")
    scripts = script(a.text), script(b.text)
    if kind == "hard" and None not in scripts and scripts[0] != scripts[1] and starts_upper(b.text):
        return Boundary(True, True, "the script changes")
    if starts_lower(b.text):
        return Boundary(False, True, "the next line starts in lower case")
    if kind == "open" and _starts_sentence(a, b, layout):
        return Boundary(True, False, f"«{first_word(b.content)}» starts a sentence after a line without final punctuation: a missing period?")
    if kind == "open":
        if (blank_says or indent_says) and is_short(a, b, layout.width):
            return Boundary(False, False, "no punctuation at the end of a short line, but a blank line or an indent follows")
        return Boundary(False, True, "no sentence-final punctuation")
    if kind == "soft":
        if blank_says or indent_says:
            return Boundary(True, False, "a one-letter abbreviation or initial ends the line, and a blank line or an indent follows")
        if is_short(a, b, layout.width):
            return Boundary(False, False, "a short line ends with a one-letter abbreviation or an initial")
        return Boundary(False, True, "an initial or one-letter abbreviation")
    if blank_says:
        return Boundary(True, True, "a blank line")
    if indent_says:
        return Boundary(True, True, "an indent")
    if layout.end_spaces and a.trailing_spaces >= layout.end_spaces:
        return Boundary(True, True, "spaces before the line's end")
    if is_short(a, b, layout.width):
        return Boundary(True, True, "a short line")
    if layout.blank_marks_paragraphs and same_page:
        return Boundary(False, True, "no blank line")
    odds = layout.odds.get(ending_class(a.text), PRIOR_ODDS)
    sure = abs(math.log(odds)) > math.log(3)
    return Boundary(
        odds > 1,
        sure,
        f"a sentence ends a full line («…{a.content.rstrip()[-16:]}»); in this text, endings like «{ending_class(a.text)}» "
        f"end paragraphs at odds of {odds:.2f}",
    )


def is_heading(line: RawLine, following: RawLine | None, layout: Layout) -> bool:
    """A short line standing alone before a paragraph: ``Резюме``, ``Введение``."""
    text = strip_calls(line.content)
    if text.lower().rstrip(".:") in ABSTRACT_HEADS:
        return True
    if following is None or ending(text) != "open" or not starts_upper(text) or not starts_upper(following.text):
        return False
    column = layout.width.get(script(text), layout.width[None])
    return len(text) <= 0.5 * column and len(text.split()) <= 8 and text[-1] not in ",;:–—-"


def split_units(lines: tuple[RawLine, ...], layout: Layout) -> tuple[list[Unit], list[Finding]]:
    """The text's lines grouped into paragraphs, headings, lines in capitals and rules."""
    filled = [line for line in lines if not line.blank]
    blank_before = {b.number for a, b, blank in _pairs(lines) if blank}
    units: list[Unit] = []
    findings: list[Finding] = []
    current: list[RawLine] = []
    kind: UnitKind = "text"

    def close() -> None:
        nonlocal current
        if current:
            units.append(Unit(kind, tuple(current)))
        current = []

    for index, line in enumerate(filled):
        following = filled[index + 1] if index + 1 < len(filled) else None
        previous = current[-1] if current else None
        if is_rule(line.text):
            close()
            units.append(Unit("rule", (line,)))
            continue
        capitals = is_capitals(line.text) and (
            previous is None or kind == "caps" or ending(previous.text) == "hard" or line.number in blank_before
        )
        if capitals:
            if kind != "caps":
                close()
            kind = "caps"
            current.append(line)
            continue
        if kind in ("caps", "heading") or KEYWORDS.match(line.content):
            close()
        elif previous is not None:
            boundary = decide(previous, line, line.number in blank_before, layout)
            if not boundary.sure:
                verdict = "new paragraph" if boundary.ends else "same paragraph"
                findings.append(Finding(previous.number, "paragraph", f"{verdict} at line {line.number}? {boundary.reason}"))
            if boundary.ends:
                close()
        if not current and is_heading(line, following, layout):
            kind = "heading"
            current.append(line)
            continue
        kind = "text"
        current.append(line)
    close()
    return units, findings
