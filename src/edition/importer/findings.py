"""What the importer found: places it was unsure of, and changes it made."""

from __future__ import annotations

from dataclasses import dataclass

TOPICS = ("title", "paragraph", "hyphen", "note", "debris", "letters", "furniture", "language", "space")


@dataclass(frozen=True)
class Finding:
    """One entry of the import report, at a line of the raw text."""

    line: int
    """1-based line in the raw file."""
    topic: str
    """One of :data:`TOPICS`."""
    message: str
    sure: bool = False
    """False: a place to check by hand. True: a change made, listed for the record."""

    def __str__(self) -> str:
        return f"original.txt:{self.line}: [{self.topic}] {self.message}"


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.line, TOPICS.index(f.topic) if f.topic in TOPICS else 99))
