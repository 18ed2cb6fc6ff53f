"""Footnotes: the note texts printed at the foot of pages, and the calls glued to the text.

A note text starts a line with its number glued to it (``10Горлов С. А. ...``),
or followed by a space (``1 Gorlov``) when the text has called that number
before; the notes of a page run from there to the end of the page (the next
page start), with the following notes of the page among them (in a text
whose pages are not marked, up to a line in lower case after a note ended by
a period, when the page's text broke off mid-sentence). Note numbers go up
one by one through the article, which tells a note from a line of text that
starts with a number (``12 января 1923 г.``).

A call is a number of one to three digits glued to the end of a word or to a
closing punctuation mark (``Германии.10``, ``«... 1933»1``, ``аннексии»,5``);
calls too go up one by one, which tells them from numbers that belong to the
text. Bracketed references such as ``[13, с. 5]`` are never calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from .findings import Finding
from .lines import RawLine
from .located import Located

_GLUED_START = re.compile(r"^\s*(\d{1,3})(?=[^\W\d_]|[«\"„“(\[])")
_SPACED_START = re.compile(r"^\s*(\d{1,3})\s+(?=[^\W\d_]|[«\"„“(\[])")
SKIP = 3
"""How many note numbers may be missing between two notes found."""

_CALL = re.compile(
    r"(?:(?<=[^\W\d_])|(?<=[»”\")\]…])|(?<=[^\d\s][.,;:]))(\d{1,3})(?=[\s.,;:!?»”\")\]…–—]|$)"
)


@dataclass(frozen=True)
class NoteText:
    """A note as printed at the foot of a page."""

    number: int
    lines: tuple[RawLine, ...]
    """Its lines; the number is cut from the first."""

    @property
    def line(self) -> int:
        return self.lines[0].number


@dataclass(frozen=True)
class Call:
    """A note call found in a paragraph's text."""

    paragraph: int
    """Index of the paragraph (in the list given to :func:`find_calls`)."""
    start: int
    end: int
    number: int
    line: int


def split_notes(lines: tuple[RawLine, ...]) -> tuple[tuple[RawLine, ...], list[NoteText]]:
    """The lines of the text without the notes, and the notes.

    A line after the notes of a page starts the next page.
    """
    body: list[RawLine] = []
    notes: list[list[RawLine]] = []
    numbers: list[int] = []
    called: set[int] = set()
    in_notes = False
    expected = 1
    after_blank = True
    pages_known = any(line.page_start for line in lines[1:])
    for line in lines:
        if line.page_start or (in_notes and not pages_known and _text_resumes(body, notes[-1][-1], line)):
            in_notes = False
        number = _note_number(line, expected, in_notes, after_blank, called)
        if number is not None:
            in_notes = True
            expected = number + 1
            numbers.append(number)
            first = line.text.strip()
            text = first[len(str(number)) :].lstrip()
            notes.append([RawLine(line.number, text, line.page_start)])
        elif in_notes:
            if not line.blank:
                notes[-1].append(line)
        else:
            body.append(line)
            called.update(int(m.group(1)) for m in _CALL.finditer(line.text))
        after_blank = line.blank
    return tuple(body), [NoteText(n, tuple(lines)) for n, lines in zip(numbers, notes, strict=True)]


def _text_resumes(body: list[RawLine], last_note: RawLine, line: RawLine) -> bool:
    """In a text whose pages are not marked: after a note ended by a period, a line in lower
    case goes on with the text, when the text's last line before the notes broke off."""
    text = [b for b in body if not b.blank]
    broke_off = bool(text) and not re.search(r"[.!?…][»”\")\]]*\d{0,3}\s*$", text[-1].text)
    # a period after a number or a long word: «С. 96.», not «/ отв.», «гг.»
    ended = re.search(r"(?:\d|[^\W\d_]{4})[.!?][»”\")\]]*$", last_note.text.rstrip()) is not None
    return broke_off and ended and line.content[:1].islower()


def _note_number(line: RawLine, expected: int, in_notes: bool, after_blank: bool, called: set[int]) -> int | None:
    """The number of the note that starts on ``line``, if one does: glued to its text, or
    (``1 Gorlov``) followed by a space, inside the notes of a page or once the text has
    called that number."""
    match = _GLUED_START.match(line.text)
    if match is None and (spaced := _SPACED_START.match(line.text)):
        opens = (after_blank or line.page_start) and int(spaced.group(1)) in called
        match = spaced if in_notes or opens else None
    if match is None:
        return None
    number = int(match.group(1))
    if number == expected:
        return number
    if expected < number <= expected + SKIP and (in_notes or after_blank or line.page_start):
        return number
    return None


def find_calls(paragraphs: list[Located], note_numbers: set[int]) -> list[Call]:
    """The calls, in order: candidates whose numbers go up one by one, or jump to a note found."""
    expected = min(note_numbers) if note_numbers else 1
    calls = []
    for index, paragraph in enumerate(paragraphs):
        for match in _CALL.finditer(paragraph.text):
            number = int(match.group(1))
            if number == expected or (number > expected and number in note_numbers):
                calls.append(Call(index, match.start(1), match.end(1), number, paragraph.line_at(match.start(1))))
                expected = number + 1
    return calls


def check_links(calls: list[Call], notes: list[NoteText]) -> list[Finding]:
    """Calls without a note text and note texts without a call."""
    findings = []
    called = {c.number for c in calls}
    texts = {n.number for n in notes}
    for call in calls:
        if call.number not in texts:
            findings.append(
                Finding(
                    call.line,
                    "note",
                    f"call {call.number} has no note text in the raw text; "
                    "the draft gives it an editorial note saying so",
                )
            )
    for note in notes:
        if note.number not in called:
            findings.append(Finding(note.line, "note", f"note {note.number} has no call in the text; its definition is not called"))
    found = sorted(texts)
    for before, after in pairwise(found):
        for missing in range(before + 1, after):
            if missing not in called:
                findings.append(Finding(next(n.line for n in notes if n.number == after), "note", f"neither call nor text of note {missing} found"))
    for note in notes:
        if len(note.lines) > 8:
            findings.append(Finding(note.line, "note", f"note {note.number} runs over {len(note.lines)} lines: check where the page's text resumes"))
    return findings
