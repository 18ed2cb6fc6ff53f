"""Reading ``bibliography/*.bib`` with bibtexparser: entries, and every problem with its line."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock

from ..errors import Problem
from ..model import BibEntry, Location
from .text import read_text


def read_bibliography(folder: Path) -> tuple[tuple[BibEntry, ...], list[Problem]]:
    """Every entry of every ``.bib`` file in ``folder`` (none if it does not exist)."""
    problems: list[Problem] = []
    entries: dict[str, BibEntry] = {}
    for path in sorted(folder.glob("*.bib")) if folder.is_dir() else []:
        text = read_text(path, problems)
        if text is None:
            continue
        library = bibtexparser.parse_string(text)
        for block in library.failed_blocks:
            line = (block.start_line or 0) + 1
            if isinstance(block, DuplicateBlockKeyBlock):
                problems.append(Problem(f"entry key {block.key!r} is used twice", path, line, "give each entry its own key"))
            else:
                reason = str(getattr(block, "error", "")).split("\n")[-1].strip() or "syntax error"
                problems.append(Problem(f"cannot parse this entry: {reason}", path, line, "check the braces and commas of the entry"))
        for entry in library.entries:
            location = Location(path, (entry.start_line or 0) + 1)
            if entry.key in entries:
                first = entries[entry.key].location
                problems.append(
                    Problem(f"entry key {entry.key!r} is already used in {first.file.name}:{first.line}", path, location.line, "give each entry its own key")
                )
                continue
            fields = tuple((field.key.lower(), str(field.value)) for field in entry.fields)
            entries[entry.key] = BibEntry(entry.key, entry.entry_type.lower(), fields, location)
    return tuple(entries.values()), problems
