"""Text joined from raw lines that still knows the raw line of each stretch."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class Located:
    """A paragraph's text and, for each raw line it came from, where that line starts in it."""

    text: str
    starts: tuple[tuple[int, int], ...]
    """(offset in :attr:`text`, raw line number), offsets ascending."""

    def line_at(self, offset: int) -> int:
        """The raw line of the character at ``offset``."""
        offsets = [o for o, _ in self.starts]
        index = max(bisect_right(offsets, offset) - 1, 0)
        return self.starts[index][1] if self.starts else 0

    @property
    def first_line(self) -> int:
        return self.starts[0][1] if self.starts else 0

    def replace(self, start: int, end: int, new: str) -> Located:
        """The text with ``text[start:end]`` replaced by ``new``; later offsets shift."""
        shift = len(new) - (end - start)
        starts = []
        for offset, line in self.starts:
            if offset >= end:
                offset += shift
            elif offset > start:
                offset = start
            starts.append((offset, line))
        return Located(self.text[:start] + new + self.text[end:], tuple(starts))
