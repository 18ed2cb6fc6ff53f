"""Extraction debris: a run of words printed twice, a space lost before a year."""

from __future__ import annotations

import re
from collections import defaultdict

from .findings import Finding
from .located import Located

GRAM = 12
"""Characters that must repeat before a repeat is looked at."""
MIN_REPEAT = 20
"""A repeat removed is this long at least, and has three words or more."""
REACH = 400
ECHO_WORDS = 10
"""Words that must repeat for a distant repeat to be reported."""
_MIXED = re.compile(r"\b(?=\w*[\u0400-\u04ff])(?=\w*[A-Za-z])\w+\b")
_GLUED_YEAR = re.compile(r"(?<=[а-яёa-z])(?=(?:1[0-9]|20)\d\d(?!\d))")


def remove_repeats(paragraph: Located) -> tuple[Located, list[Finding]]:
    """Runs of words that the extraction printed again right after themselves, removed."""
    findings = []
    while (repeat := _repeat(paragraph.text)) is not None:
        first, length, second = repeat
        fragment = paragraph.text[first : first + length].strip()
        lines = paragraph.line_at(first), paragraph.line_at(second)
        findings.append(
            Finding(
                lines[0],
                "debris",
                f"«{fragment}» printed twice in a row by the extraction (line {lines[0]}, column {_column(paragraph, first)}, "
                f"and line {lines[1]}, column {_column(paragraph, second)}); the repeat is removed: check",
            )
        )
        paragraph = paragraph.replace(first + length, second + length, "")
    return paragraph, findings


def _column(paragraph: Located, offset: int) -> int:
    line_start = max(o for o, _ in paragraph.starts if o <= offset) if paragraph.starts else 0
    return offset - line_start + 1


def _repeat(text: str) -> tuple[int, int, int] | None:
    """(start of the first copy, its length, start of the second) of the first run of text
    followed, after at most a few dashes or spaces, by itself."""
    seen: dict[str, list[int]] = defaultdict(list)
    for i in range(len(text) - GRAM + 1):
        gram = text[i : i + GRAM]
        for j in seen[gram]:
            if i - j > REACH:
                continue
            forward = GRAM
            while i + forward < len(text) and j + forward < i and text[j + forward] == text[i + forward]:
                forward += 1
            back = 0
            while j - back - 1 >= 0 and text[j - back - 1] == text[i - back - 1]:
                back += 1
            first, second, length = j - back, i - back, forward + back
            between = text[first + length : second]
            if first + length <= second and length >= MIN_REPEAT and len(between) <= 3 and not between.strip(" -\u2010–—") and len(text[first : first + length].split()) >= 3:
                return first, length, second
        seen[gram].append(i)
    return None


def restore_spaces(paragraph: Located) -> tuple[Located, list[Finding]]:
    """A space put back between a word and a year glued to it (``апреля1922``)."""
    findings = []
    while (match := _GLUED_YEAR.search(paragraph.text)) is not None:
        at = match.start()
        word = paragraph.text[max(0, at - 12) : at + 4].split()[-1]
        findings.append(Finding(paragraph.line_at(at), "space", f"space restored in «{word}»", sure=True))
        paragraph = paragraph.replace(at, at, " ")
    return paragraph, findings


def find_echoes(paragraphs: list[Located]) -> list[Finding]:
    """Runs of :data:`ECHO_WORDS` words or more printed in two places of the text: reported once each."""
    words = [
        (index, match.start(), match.group(0).lower())
        for index, paragraph in enumerate(paragraphs)
        for match in re.finditer(r"\w+", paragraph.text)
    ]
    plain = [w for _, _, w in words]
    first_seen: dict[tuple[str, ...], int] = {}
    findings = []
    position = 0
    while position <= len(words) - ECHO_WORDS:
        key = tuple(plain[position : position + ECHO_WORDS])
        earlier = first_seen.get(key)
        if earlier is None or earlier + ECHO_WORDS > position:
            first_seen.setdefault(key, position)
            position += 1
            continue
        length = ECHO_WORDS
        while position + length < len(words) and earlier + length < position and plain[earlier + length] == plain[position + length]:
            length += 1
        first, second = (paragraphs[words[p][0]].line_at(words[p][1]) for p in (earlier, position))
        phrase = " ".join(plain[earlier : earlier + ECHO_WORDS])
        findings.append(
            Finding(first, "debris", f"{length} words «{phrase}…» are printed at line {first} and again at line {second}: extraction debris?")
        )
        position += length
    return findings


def find_mixed_letters(paragraph: Located) -> list[Finding]:
    """Words written with both Latin and Cyrillic letters (``IХ`` with a Cyrillic Х): reported."""
    return [
        Finding(paragraph.line_at(m.start()), "letters", f"«{m.group(0)}» mixes Latin and Cyrillic letters: a typing error?")
        for m in _MIXED.finditer(paragraph.text)
    ]
