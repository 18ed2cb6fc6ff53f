"""A paragraph's lines joined into one text: spaces folded, line-break hyphens decided."""

from __future__ import annotations

import re

from .hyphens import Hyphen, Lexicon, decide
from .lines import HYPHENS, SOFT_HYPHENS, RawLine
from .located import Located

_LEFT = re.compile(r"[^\W\d_]+$")
_RIGHT = re.compile(r"[^\W\d_]+")


def fold(text: str) -> str:
    """Runs of spaces folded to one, the ends stripped."""
    return re.sub(r"[ \t\u00a0]{2,}", " ", text.strip())


def join_lines(lines: tuple[RawLine, ...], lexicon: Lexicon) -> tuple[Located, list[Hyphen]]:
    """One text from ``lines``, and a decision for every hyphen at a line's end."""
    text = ""
    starts: list[tuple[int, int]] = []
    hyphens: list[Hyphen] = []
    for line in lines:
        content = fold(line.content)
        if not content:
            continue
        if text:
            text, hyphen = _join(text, content, starts[-1][1], lexicon)
            if hyphen is not None:
                hyphens.append(hyphen)
        starts.append((len(text), line.number))
        text += content
    return Located(text, tuple(starts)), hyphens


def _join(text: str, content: str, line: int, lexicon: Lexicon) -> tuple[str, Hyphen | None]:
    """``text`` (whose last line is ``line``) ready for the next line's ``content``:
    the hyphen at its end decided, or a space."""
    last = text[-1]
    if content[0] in ",.;:!?)»”":
        return text, None  # a mark the extraction put on a line of its own, after a raised note call
    if last not in HYPHENS or len(text) < 2 or text[-2] == " ":
        return text + " ", None
    left_match, right_match = _LEFT.search(text[:-1]), _RIGHT.match(content)
    if left_match is None:
        return text[:-1] + "-", None  # 1920-\n1923: a range or a number, kept as printed
    left = left_match.group(0)
    if right_match is None:
        hyphen = Hyphen(line, left, content.split()[0], False, False, "the next line does not start with a letter")
        return text[:-1] + "-", hyphen
    right = right_match.group(0)
    if last in SOFT_HYPHENS:
        return text[:-1], Hyphen(line, left, right, True, True, "a soft hyphen")
    hyphen = decide(line, left, right, lexicon)
    return (text[:-1] if hyphen.join else text[:-1] + "-"), hyphen
