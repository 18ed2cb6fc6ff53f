"""Reading the changelog: a CHANGELOG file the configuration names, or its ``[[changelog]]`` tables.

The file is Markdown of a simple shape, newest version first::

    # Changelog

    ## 1.1.0 (2026-12-01)

    - § 12 (ru): a misprint corrected.
    - The bibliography: a page range completed.

A level-2 heading names a version, with its release date in parentheses
if wanted; each list item under it is one change (a paragraph that is not a
list item counts as one too). Every problem is reported with its line.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from ..errors import Problem
from ..model import Change
from .text import read_text
from .toml import TomlTable

_HEADING = re.compile(r"^##\s+v?(?P<version>\d[^\s(\[]*)\s*(?:[-–—]\s*)?(?:[(\[]\s*)?(?P<date>\d{4}-\d{2}-\d{2})?\s*[)\]]?\s*$")


def is_date(text: str) -> bool:
    """Whether ``text`` is a day of the calendar written YYYY-MM-DD (not 2026-02-30)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def read_changelog_file(path: Path, problems: list[Problem]) -> tuple[Change, ...]:
    """The versions of a CHANGELOG file, in the order written."""
    text = read_text(path, problems)
    if text is None:
        return ()
    changes: list[Change] = []
    version, date, items, lines = "", "", [], []  # type: tuple[str, str, list[str], list[int]]
    blank = True
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or re.match(r"^#\s", line):
            blank = True
            continue
        if line.startswith("##"):
            heading = _HEADING.match(line)
            if heading is None:
                problems.append(Problem(f"not a version heading: {stripped!r}", path, number, "write ## 1.2.0 (YYYY-MM-DD)"))
            else:
                if version:
                    changes.append(Change(version, date, tuple(items)))
                version, date, items = heading["version"], heading["date"] or "", []
                if date and not is_date(date):
                    problems.append(Problem(f"{date!r} is not a day of the calendar", path, number, "write the release date as YYYY-MM-DD"))
                lines.append(number)
            blank = True
            continue
        if not version:
            problems.append(Problem("text before the first version heading", path, number, "start each version with ## 1.2.0 (YYYY-MM-DD)"))
            continue
        item = re.match(r"^[-*+]\s+(.*)$", stripped)
        if item:
            items.append(item[1].strip())
        elif items and (not blank or line.startswith((" ", "\t"))):
            items[-1] += " " + stripped  # the item goes on
        else:
            items.append(stripped)
        blank = False
    if version:
        changes.append(Change(version, date, tuple(items)))
    if not changes and not problems:
        problems.append(Problem("the changelog names no version", path, hint="add ## 1.0.0 (YYYY-MM-DD) and what changed"))
    for index in _repeated(changes):
        problems.append(Problem(f"version {changes[index].version} is in the changelog twice", path, lines[index]))
    return tuple(changes)


def read_changelog_tables(tables: list[TomlTable]) -> tuple[Change, ...]:
    """The ``[[changelog]]`` tables of the configuration; problems go to their file."""
    changes = []
    for table in tables:
        for key in table.data:
            if key not in ("version", "date", "changes"):
                table.problem(key, "unknown key", "known keys here: changes, date, version")
        version = table.string("version", required=True)
        date = table.string("date", "")
        if date and not is_date(date):
            table.problem("date", f"{date!r} is not a date of the form YYYY-MM-DD", "write the release date, e.g. 2027-02-01")
        items = table.strings("changes", required=True)
        changes.append(Change(version, date, items))
    for index in _repeated(changes):
        tables[index].problem("version", f"version {changes[index].version} is in the changelog twice")
    return tuple(changes)


def _repeated(changes: list[Change]) -> list[int]:
    """Positions of versions already named earlier in the changelog."""
    seen: set[str] = set()
    repeated = []
    for index, change in enumerate(changes):
        if change.version in seen:
            repeated.append(index)
        seen.add(change.version)
    return repeated
