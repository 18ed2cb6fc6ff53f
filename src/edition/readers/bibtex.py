"""Reading ``bibliography/*.bib`` (BibLaTeX) with bibtexparser, then checking it.

Only the ``.bib`` files of the bibliography folder are read: a file that is a
link out of that folder, or a folder that is a link out of the project, is
refused unread.

bibtexparser splits the files into entries and names into their parts and
decodes LaTeX (``M{\\"u}ller``, ``--``). It parses some broken entries
silently (``year = 2004 author = {Y}`` becomes one field), so every entry is
then checked here: duplicate keys, blocks that do not parse, fields that are
unknown or missing for the entry's type, malformed dates and page ranges,
crossrefs to nothing and crossref cycles. Every problem comes with its file and
line, all in one run. Crossref inheritance (a document inside a collection) is
resolved here too, following BibLaTeX's rules.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
from bibtexparser.model import DuplicateBlockKeyBlock, Entry
from pylatexenc.latex2text import LatexNodes2Text

from ..errors import Problem
from ..model import BibEntry, Location, Name
from ..paths import is_within, outside
from .text import read_text

NAME_FIELDS = ("author", "editor", "translator", "bookauthor", "latinauthor", "latineditor", "latinbookauthor")
"""Name lists. ``latin<role>``: the names in their own Latin-script form
(Herriot, not a transliteration of «Эррио»), used on the English side."""
LIST_FIELDS = ("location", "publisher", "organization", "institution")
FIELDS = frozenset(
    {
        *NAME_FIELDS,
        *LIST_FIELDS,
        "editortype", "title", "subtitle", "titleaddon", "shorttitle", "translatedtitle",
        "booktranslatedtitle", "maintranslatedtitle",
        "maintitle", "mainsubtitle", "booktitle", "booksubtitle", "journaltitle", "journal",
        "journalsubtitle", "series", "volume", "volumes", "number", "issue", "part", "edition",
        "chapter", "pages", "pagetotal", "date", "year", "month", "origdate", "origlanguage",
        "origtitle", "language", "langid", "url", "urldate", "doi", "isbn", "issn", "note",
        "addendum", "howpublished", "type", "crossref", "keywords", "abstract", "annotation",
        "eprint", "eprinttype", "library",
    }
)
"""The BibLaTeX fields the edition reads; any other field is reported."""

REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "article": (("author",), ("title",), ("journaltitle", "journal"), ("date", "year")),
    "book": (("title",), ("date", "year")),
    "mvbook": (("author", "editor"), ("title",), ("date", "year")),
    "inbook": (("author",), ("title",), ("booktitle",), ("date", "year")),
    "bookinbook": (("author",), ("title",), ("booktitle",), ("date", "year")),
    "incollection": (("title",), ("booktitle", "maintitle"), ("date", "year")),
    "inproceedings": (("author",), ("title",), ("booktitle",), ("date", "year")),
    "collection": (("title",), ("date", "year")),
    "mvcollection": (("title",), ("date", "year")),
    "proceedings": (("title",), ("date", "year")),
    "thesis": (("author",), ("title",), ("type",), ("institution",), ("date", "year")),
    "report": (("author",), ("title",), ("type",), ("institution",), ("date", "year")),
    "online": (("title",), ("url",)),
    "misc": (("title",),),
    "unpublished": (("author",), ("title",)),
    "manual": (("title",),),
}
"""Entry types and, for each, the fields it needs (any one of each group), after crossref."""

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/(\d{4}(-\d{2}(-\d{2})?)?)?)?$")
_PAGE = r"(?:[0-9]+[a-z]?|[IVXLCDM]+|[ivxlcdm]+)"
_PAGES = re.compile(rf"^{_PAGE}(\s*[-–—]{{1,2}}\s*{_PAGE})?(\s*,\s*{_PAGE}(\s*[-–—]{{1,2}}\s*{_PAGE})?)*$")
_LATEX = LatexNodes2Text()

# bibtexparser logs each block it cannot parse; the edition reports it as a problem instead
logging.getLogger("bibtexparser").setLevel(logging.ERROR)


def read_bibliography(folder: Path, project: Path | None = None) -> tuple[tuple[BibEntry, ...], list[Problem]]:
    """Every entry of every ``.bib`` file in ``folder``, crossrefs resolved; and every problem.

    ``project``: the folder the bibliography folder must lie in, links
    resolved (by default, the folder that holds it).
    """
    problems: list[Problem] = []
    entries: dict[str, BibEntry] = {}
    for path in _bib_files(folder, folder.parent if project is None else project, problems):
        text = read_text(path, problems)
        if text is not None:
            _read_file(path, text, entries, problems)
    resolved = _resolve_crossrefs(entries, problems)
    for entry in resolved:
        problems.extend(_check(entry))
    return resolved, problems


# --- files --------------------------------------------------------------------


def _bib_files(folder: Path, project: Path, problems: list[Problem]) -> list[Path]:
    """The ``.bib`` files of ``folder`` that may be read. A folder that lies outside the
    project, a file that lies outside the folder or that is not a plain file (a device, a
    pipe) is reported and not opened; hidden files (an editor's lock file) are left alone."""
    if not folder.is_dir() and not folder.is_symlink():
        return []
    if not is_within(folder, project):
        problems.append(
            Problem(
                f"the bibliography folder lies outside {project} (through a symbolic link or '..'); it is not read",
                folder,
                hint=f"keep the .bib files in a folder inside {project} instead of linking to another folder",
            )
        )
        return []
    files = []
    for path in sorted(folder.glob("*.bib")) if folder.is_dir() else []:
        if path.name.startswith("."):
            continue
        problem = outside(path, folder, "the .bib file")
        if problem is None and not path.is_file():
            problem = Problem("not a plain file; it is not read", path, hint="a .bib file is a text file; remove this one or rename it")
        if problem is None:
            files.append(path)
        else:
            problems.append(problem)
    return files


def _read_file(path: Path, text: str, entries: dict[str, BibEntry], problems: list[Problem]) -> None:
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors(name_fields=NAME_FIELDS), SplitNameParts(name_fields=NAME_FIELDS)])
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.append(Problem(f"entry key {block.key!r} is used twice in this file", path, line, "give each entry its own key"))
        else:
            reason = _failure(block)
            problems.append(Problem(f"cannot parse this entry: {reason}", path, line, "check the braces, quotes and commas of the entry"))
    for entry in library.entries:
        location = Location(path, (entry.start_line or 0) + 1)
        if entry.key in entries:
            first = entries[entry.key].location
            problems.append(
                Problem(f"entry key {entry.key!r} is already used in {first.file.name}:{first.line}", path, location.line, "give each entry its own key")
            )
            continue
        entries[entry.key] = _entry(entry, location, problems)


def _failure(block: object) -> str:
    error = getattr(block, "error", None)
    text = " ".join(str(getattr(error, "abort_reason", "") or error or "").split())
    return text.removeprefix("Parsing aborted:").strip() or "a brace, quote or comma is missing, or the entry does not end"


def _entry(entry: Entry, location: Location, problems: list[Problem]) -> BibEntry:
    fields: list[tuple[str, str]] = []
    names: list[tuple[str, tuple[Name, ...]]] = []
    lines: list[tuple[str, int]] = []
    for field in entry.fields:
        key = field.key.lower()
        line = (field.start_line or 0) + 1 if field.start_line else location.line
        lines.append((key, line))
        if key not in FIELDS:
            problems.append(
                Problem(
                    f"entry {entry.key!r}: unknown field {key!r}",
                    location.file,
                    line,
                    "the edition reads BibLaTeX fields; see README for the list (a misspelt field would be lost)",
                )
            )
            continue
        if key in NAME_FIELDS and isinstance(field.value, list):
            names.append((key, tuple(_name(part) for part in field.value)))
        else:
            value = _decode(str(field.value))
            if key in LIST_FIELDS:
                value = "; ".join(part.strip() for part in re.split(r"\s+and\s+", value))
            fields.append((key, value))
    return BibEntry(entry.key, entry.entry_type.lower(), tuple(fields), location, tuple(names), tuple(lines))


def _name(parts: object) -> Name:
    first = " ".join(getattr(parts, "first", []))
    von = " ".join(getattr(parts, "von", []))
    last = " ".join(getattr(parts, "last", []))
    jr = " ".join(getattr(parts, "jr", []))
    if last.startswith("{") and last.endswith("}") and not first:
        return Name(family=_decode(last[1:-1]), literal=True)
    return Name(family=_decode(last), given=_decode(first), particle=_decode(von), suffix=_decode(jr))


def _decode(value: str) -> str:
    if "\\" not in value and "{" not in value and "--" not in value:
        return value
    return _LATEX.latex_to_text(value)


_INHERIT_AS = {
    # BibLaTeX's crossref rules: what a child takes from its parent's fields, and under which name
    ("mvbook", "title"): "maintitle",
    ("mvbook", "subtitle"): "mainsubtitle",
    ("mvcollection", "title"): "maintitle",
    ("mvcollection", "subtitle"): "mainsubtitle",
    ("book", "title"): "booktitle",
    ("book", "subtitle"): "booksubtitle",
    ("collection", "title"): "booktitle",
    ("collection", "subtitle"): "booksubtitle",
    ("proceedings", "title"): "booktitle",
    ("proceedings", "subtitle"): "booksubtitle",
    ("book", "author"): "bookauthor",
    ("mvbook", "author"): "bookauthor",
}
_NOT_INHERITED = {"crossref", "translatedtitle", "shorttitle", "keywords", "abstract", "annotation", "pages"}


def _resolve_crossrefs(entries: dict[str, BibEntry], problems: list[Problem]) -> tuple[BibEntry, ...]:
    """Every entry with its crossref parent's fields, the parent's own parents first
    (no recursion: a chain may be long). A cycle is reported once; its entries inherit nothing."""
    resolved: dict[str, BibEntry] = {}
    for start in entries:
        chain: list[str] = []
        key = start
        while key in entries and key not in resolved and key not in chain:
            chain.append(key)
            key = entries[key].get("crossref")
        if key in chain:
            cycle = chain[chain.index(key) :]
            problems.append(_cycle(cycle, entries))
            resolved.update((member, entries[member]) for member in cycle)
            chain = chain[: chain.index(key)]
        for child in reversed(chain):
            resolved[child] = _inherit(entries[child], resolved, problems)
    return tuple(resolved[key] for key in entries)


def _cycle(cycle: list[str], entries: dict[str, BibEntry]) -> Problem:
    """The problem of a crossref cycle, told from its entry that comes first in the files."""
    first = min(range(len(cycle)), key=lambda index: (str(entries[cycle[index]].location.file), entries[cycle[index]].location.line))
    cycle = cycle[first:] + cycle[:first]
    entry = entries[cycle[0]]
    others = [entries[key].location for key in cycle[1:]]
    where = ", ".join(f"{key} at {place.file.name}:{place.line}" for key, place in zip(cycle[1:], others))
    return Problem(
        f"entry {entry.key!r}: crossref cycle {' -> '.join([*cycle, cycle[0]])}" + (f" ({where})" if where else " (the entry names itself)"),
        entry.location.file,
        entry.line_of("crossref"),
        "a crossref names the entry's parent (the book or collection it is part of), which cannot lead back to it; remove the crossref that does",
    )


def _inherit(entry: BibEntry, resolved: dict[str, BibEntry], problems: list[Problem]) -> BibEntry:
    """``entry`` with the fields of its crossref parent (already resolved)."""
    parent_key = entry.get("crossref")
    if not parent_key:
        return entry
    parent = resolved.get(parent_key)
    if parent is None:
        problems.append(
            Problem(f"entry {entry.key!r}: crossref {parent_key!r} names no entry", entry.location.file, entry.line_of("crossref"), "add the parent entry or correct the key")
        )
        return entry
    fields = dict(entry.fields)
    for name, value in parent.fields:
        if name in _NOT_INHERITED:
            continue
        target = _INHERIT_AS.get((parent.type, name), name)
        if target == "title" and parent.type in ("mvbook", "mvcollection", "book", "collection", "proceedings"):
            continue
        fields.setdefault(target, value)
    if parent.get("translatedtitle"):
        key = "maintranslatedtitle" if parent.type.startswith("mv") else "booktranslatedtitle"
        fields.setdefault(key, parent.get("translatedtitle"))
    names = dict(entry.names)
    for role, people in parent.names:
        names.setdefault(_INHERIT_AS.get((parent.type, role), role), people)
    return replace(entry, fields=tuple(fields.items()), names=tuple(names.items()), parent=parent.key)


def _check(entry: BibEntry) -> list[Problem]:
    problems = []
    where = entry.location.file

    def problem(field: str | None, message: str, hint: str) -> None:
        line = entry.line_of(field) if field else entry.location.line
        problems.append(Problem(f"entry {entry.key!r}: {message}", where, line, hint))

    required = REQUIRED.get(entry.type)
    if required is None:
        problem(None, f"unknown entry type @{entry.type}", f"use one of: {', '.join(sorted(REQUIRED))}")
    else:
        for group in required:
            if not any(entry.get(name) or entry.people(name) for name in group):
                problem(None, f"@{entry.type} needs the field {' or '.join(group)}", f"add {group[0]} = {{...}}")
    for field in ("date", "origdate", "urldate"):
        value = entry.get(field)
        if value and not _DATE.match(value.strip()):
            problem(field, f"{field} {value!r} is not a date", "write YYYY, YYYY-MM-DD, or a range YYYY/YYYY")
    year = entry.get("year")
    if year and not re.fullmatch(r"\d{4}", year.strip()):
        problem("year", f"year {year!r} is not a year", "write four digits; a field after it may have lost its comma")
    pages = entry.get("pages")
    if pages and not _PAGES.match(pages.strip()):
        problem("pages", f"pages {pages!r} is not a page range", "write 12, 12–15 or 12--15")
    for field in ("volume", "volumes", "number"):
        value = entry.get(field)
        if value and "=" in value:
            problem(field, f"{field} {value!r} holds another field", "a comma is missing after this field")
    if not entry.get("langid"):
        problem(None, "no langid", "add langid = {russian} (or english, german, french...): it decides hyphenation, sorting and terms")
    return problems
