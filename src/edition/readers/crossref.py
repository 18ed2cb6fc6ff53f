"""What an entry inherits from the entries it names: ``xdata`` and ``crossref``, as BibLaTeX does.

An ``@xdata`` entry holds fields shared by several entries: each entry that
names it in ``xdata = {a, b}`` takes its fields as they are. A ``crossref``
names the entry's parent (the collection a document is part of): the child
takes the parent's fields under BibLaTeX's names (a collection's ``title`` is
its document's ``booktitle``; see :func:`.biblatex.inherited_as`). Both
follow chains (a parent's own parent, an xdata entry's own xdata) without
recursion, however long; a field the entry has is never replaced. A cycle
(a -> b -> a, or an entry naming itself) is a problem of the entries in it,
which inherit nothing along it; so is a key that names no entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from ..errors import Problem
from ..model import BibEntry
from .biblatex import inherited_as, inherited_names_as

_NOT_SHARED = frozenset({"ids", "crossref", "xdata", "xref", "entryset", "entrysubtype"})
"""Fields an ``@xdata`` entry does not give: they are about the entry itself."""


def parents_of(entry: BibEntry) -> list[tuple[str, str]]:
    """The entries ``entry`` inherits from, in order: (field, key), its xdata entries first."""
    xdata = [("xdata", key.strip()) for key in entry.get("xdata").split(",") if key.strip()]
    crossref = entry.get("crossref").strip()
    return [*xdata, *([("crossref", crossref)] if crossref else [])]


def resolve(entries: Mapping[str, BibEntry], wanted: Iterable[str]) -> tuple[dict[str, BibEntry], dict[str, list[Problem]]]:
    """The entries of ``wanted`` (and of everything they inherit from) with their inherited
    fields, and the problems of each key. ``entries`` holds every entry they name that exists."""
    resolved: dict[str, BibEntry] = {}
    problems: dict[str, list[Problem]] = {}
    broken: set[tuple[str, str]] = set()
    for start in wanted:
        if start in resolved or start not in entries:
            continue
        path: list[str] = []
        stack: list[tuple[str, list[tuple[str, str]]]] = [(start, parents_of(entries[start]))]
        path.append(start)
        while stack:
            key, pending = stack[-1]
            if not pending:
                stack.pop()
                path.pop()
                resolved[key] = _inherit(entries[key], resolved, broken)
                continue
            field, parent = pending.pop(0)
            if parent not in entries:
                _add(problems, key, _missing(entries[key], field, parent))
                broken.add((key, parent))
            elif parent in path:
                cycle = path[path.index(parent) :]
                problem = _cycle(field, cycle, entries)
                for member in cycle:
                    _add(problems, member, problem)
                broken.add((key, parent))
            elif parent not in resolved:
                path.append(parent)
                stack.append((parent, parents_of(entries[parent])))
    return resolved, problems


def _add(problems: dict[str, list[Problem]], key: str, problem: Problem) -> None:
    found = problems.setdefault(key, [])
    if problem not in found:
        found.append(problem)


def _missing(entry: BibEntry, field: str, parent: str) -> Problem:
    what = "the parent entry" if field == "crossref" else "the @xdata entry"
    return Problem(f"entry {entry.key!r}: {field} {parent!r} names no entry", entry.location.file, entry.line_of(field), f"add {what} or correct the key")


def _cycle(field: str, cycle: list[str], entries: Mapping[str, BibEntry]) -> Problem:
    """The problem of a cycle, told from its entry that comes first in the files."""
    first = min(range(len(cycle)), key=lambda index: (str(entries[cycle[index]].location.file), entries[cycle[index]].location.line))
    cycle = cycle[first:] + cycle[:first]
    entry = entries[cycle[0]]
    others = [entries[key].location for key in cycle[1:]]
    where = ", ".join(f"{key} at {place.file.name}:{place.line}" for key, place in zip(cycle[1:], others))
    hint = (
        "a crossref names the entry's parent (the book or collection it is part of), which cannot lead back to it; remove the crossref that does"
        if field == "crossref"
        else "an @xdata entry cannot lead back to an entry that names it; remove the xdata that does"
    )
    return Problem(
        f"entry {entry.key!r}: {field} cycle {' -> '.join([*cycle, cycle[0]])}" + (f" ({where})" if where else " (the entry names itself)"),
        entry.location.file,
        entry.line_of(field),
        hint,
    )


def _inherit(entry: BibEntry, resolved: Mapping[str, BibEntry], broken: set[tuple[str, str]]) -> BibEntry:
    """``entry`` with the fields of the entries it names (already resolved)."""
    fields = dict(entry.fields)
    names = dict(entry.names)
    parent_key = ""
    for field, key in parents_of(entry):
        if (entry.key, key) in broken or key not in resolved:
            continue
        parent = resolved[key]
        if field == "xdata":
            for name, value in parent.fields:
                if name not in _NOT_SHARED:
                    fields.setdefault(name, value)
            for role, people in parent.names:
                names.setdefault(role, people)
            continue
        parent_key = parent.key
        for name, value in parent.fields:
            target = inherited_as(parent.type, entry.type, name)
            if target:
                fields.setdefault(target, value)
        if parent.get("translatedtitle"):
            target = "maintranslatedtitle" if parent.type.startswith("mv") else "booktranslatedtitle"
            fields.setdefault(target, parent.get("translatedtitle"))
        for role, people in parent.names:
            for target in inherited_names_as(parent.type, entry.type, role):
                names.setdefault(target, people)
    return replace(entry, fields=tuple(fields.items()), names=tuple(names.items()), parent=parent_key or entry.parent)
