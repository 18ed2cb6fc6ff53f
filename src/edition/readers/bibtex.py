"""Reading ``bibliography/*.bib`` (BibLaTeX) with bibtexparser, then checking it.

Only the ``.bib`` files of the bibliography folder are read: a file that is a
link out of that folder, or a folder that is a link out of the project, is
refused unread. bibtexparser splits a file into entries and fields; the values
are then read here as BibTeX reads them (braced or quoted text, numbers and
``@string`` names joined by ``#``), names split into their parts, and the LaTeX
of every field turned into text by :mod:`.latex` (``M{\\"u}ller``, ``--``, ``~``,
``\\emph{...}``). What leaves this module is plain text on one line, without
control characters and never markup (the renderers escape it); a LaTeX command
that has no text is reported, not dropped.

bibtexparser parses some broken entries silently (``year = 2004 author = {Y}``
is one field to it), so every entry is then checked: duplicate keys and fields,
blocks that do not parse, values that are more than one, control characters,
undefined ``@string`` names, fields that are unknown or missing for the entry's
type, malformed dates and page ranges, crossrefs to nothing and crossref
cycles. Every problem comes with its file and line, all in one run. Crossref
inheritance (a document inside a collection) is resolved here too, following
BibLaTeX's rules.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser.middlewares.names import (
    InvalidNameError,
    NameParts,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
)

from ..errors import Problem
from ..model import BibEntry, Location, Name
from ..paths import is_within, outside
from .latex import Issues, latex_text, one_line, quotation_marks
from .text import read_text

NAME_FIELDS = ("author", "editor", "translator", "bookauthor", "latinauthor", "latineditor", "latinbookauthor")
"""Name lists. ``latin<role>``: the names in their own Latin-script form
(Herriot, not a transliteration of «Эррио»), used on the English side."""
LIST_FIELDS = ("location", "publisher", "organization", "institution")
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "crossref"})
"""Fields that are not LaTeX (BibLaTeX's verbatim fields, and a key): only their spaces are folded."""
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
            _read_file(path, _without_control_characters(path, text, problems), entries, problems)
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
                "the bibliography folder lies outside the project folder (through a symbolic link or '..'); it is not read",
                folder,
                hint="keep the .bib files in a folder of the project instead of linking to another folder",
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


_STRAY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
"""Control characters reported in a file: those :func:`read_text` lets through (the C1 ones,
U+0080 to U+009F, often a Windows-1252 dash or quote decoded as Latin-1), and any it did not
report. A form feed between entries is a page break, in a field a space."""


def _without_control_characters(path: Path, text: str, problems: list[Problem]) -> str:
    """``text`` without its stray control characters; the first is reported with its place."""
    found = _STRAY.search(text)
    if found is None:
        return text
    start = found.start()
    column = start - text.rfind("\n", 0, start)
    count = len(_STRAY.findall(text))
    more = f" (and {count - 1} more)" if count > 1 else ""
    problems.append(
        Problem(
            f"a control character (U+{ord(found.group()):04X}) at column {column}{more}, which no text has",
            path,
            text.count("\n", 0, start) + 1,
            "delete it in a text editor, or type the character it stands for (a dash or a quote copied from a Windows text)",
        )
    )
    return _STRAY.sub("", text)


def _read_file(path: Path, text: str, entries: dict[str, BibEntry], problems: list[Problem]) -> None:
    library = bibtexparser.parse_string(text, parse_stack=[])  # type: ignore[attr-defined]
    strings = _strings(library.strings, path, problems)
    found: list[Entry] = list(library.entries)
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.append(Problem(f"entry key {block.key!r} is used twice in this file", path, line, "give each entry its own key"))
        elif isinstance(block, DuplicateFieldKeyBlock) and isinstance(block.ignore_error_block, Entry):
            found.append(block.ignore_error_block)  # read, its second field reported
        else:
            reason = _failure(block)
            problems.append(Problem(f"cannot parse this entry: {reason}", path, line, "check the braces, quotes and commas of the entry"))
    for entry in sorted(found, key=lambda entry: entry.start_line or 0):
        location = Location(path, (entry.start_line or 0) + 1)
        if entry.key in entries:
            first = entries[entry.key].location
            problems.append(
                Problem(f"entry key {entry.key!r} is already used in {first.file.name}:{first.line}", path, location.line, "give each entry its own key")
            )
            continue
        entries[entry.key] = _entry(entry, location, strings, problems)


def _failure(block: object) -> str:
    error = getattr(block, "error", None)
    text = " ".join(str(getattr(error, "abort_reason", "") or error or "").split())
    return text.removeprefix("Parsing aborted:").strip() or "a brace, quote or comma is missing, or the entry does not end"


# --- values ---------------------------------------------------------------------

_MONTHS = {name: str(number) for number, name in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
"""The month names BibLaTeX defines: ``month = jan`` is January."""
_DELIMITERS = re.compile(r'[{}"]')
_WORD = re.compile(r"[^\s#]+")
_VALUE_HINT = "write the value in braces, {...}; a '}' too many may have closed the field early"


def _strings(blocks: list[Any], path: Path, problems: list[Problem]) -> dict[str, str]:
    """The ``@string`` names of a file (and the months), each with its value."""
    strings = dict(_MONTHS)
    for block in blocks:
        issues: Issues = []
        strings[str(block.key).lower()] = _evaluate(str(block.value), strings, issues)
        problems.extend(Problem(f"@string {block.key!r}: {message}", path, (block.start_line or 0) + 1, hint) for message, hint in issues)
    return strings


def _evaluate(raw: str, strings: dict[str, str], issues: Issues) -> str:
    """A value as BibTeX reads it: braced or quoted text, numbers and ``@string`` names,
    joined by ``#``. The LaTeX in it is left as written; what is wrong goes to ``issues``."""
    parts = []
    position = 0
    joined = True
    while position < len(raw):
        if raw[position].isspace() or raw[position] == "#":
            joined = joined or raw[position] == "#"
            position += 1
            continue
        if not joined:  # BibTeX stops here: the value is what came before
            issues.append((f"{one_line(raw)!r} is more than one value", "a comma is missing after this field, or a '}' too many closed it early"))
            break
        joined = False
        if raw[position] in '{"':
            end = _closing(raw, position)
            if end < 0:
                issues.append(("its braces do not balance", "every { needs its } (as in BibTeX, \\{ and \\} count too); a field may have swallowed the next one"))
                return raw.replace("{", "").replace("}", "").replace('"', "")
            parts.append(raw[position + 1 : end])
            position = end + 1
        else:
            word = _WORD.match(raw, position)
            assert word is not None  # a character that is neither a space nor '#'
            name = word.group()
            if name.isdigit() or name.lower() in strings:
                parts.append(strings.get(name.lower(), name))
            else:
                issues.append((f"@string {name!r} is not defined in this file", f"define it with @string{{{name} = {{...}}}}, or {_VALUE_HINT}"))
            position = word.end()
    return "".join(parts)


def _closing(raw: str, start: int) -> int:
    """Where the brace or quote at ``start`` closes, the braces inside balanced; -1 if it does not."""
    quote = raw[start] == '"'
    depth = 0 if quote else 1
    for match in _DELIMITERS.finditer(raw, start + 1):
        char = match.group()
        if char == '"':
            if quote and depth == 0:
                return match.start()
            continue
        depth += 1 if char == "{" else -1
        if depth < 0:
            return -1
        if depth == 0 and not quote:
            return match.start()
    return -1


def _entry(entry: Entry, location: Location, strings: dict[str, str], problems: list[Problem]) -> BibEntry:
    fields: list[tuple[str, str]] = []
    names: list[tuple[str, tuple[Name, ...]]] = []
    lines: list[tuple[str, int]] = []
    quotes = _quotes(entry)
    for field in _first_fields(entry, location, problems):
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
        issues: Issues = []
        raw = _evaluate(str(field.value), strings, issues)
        if key in NAME_FIELDS:
            names.append((key, _people(raw, quotes, issues)))
        else:
            value = one_line(raw) if key in VERBATIM_FIELDS else latex_text(raw, quotes, issues)
            if key in LIST_FIELDS:
                value = "; ".join(part.strip() for part in re.split(r"\s+and\s+", value))
            fields.append((key, value))
        problems.extend(Problem(f"entry {entry.key!r}: {key}: {message}", location.file, line, hint) for message, hint in issues)
    return BibEntry(entry.key, entry.entry_type.lower(), tuple(fields), location, tuple(names), tuple(lines))


def _first_fields(entry: Entry, location: Location, problems: list[Problem]) -> list[Field]:
    """The fields of ``entry``, each name once (the first is kept, as BibTeX does); a second one is reported."""
    first: dict[str, Field] = {}
    for field in entry.fields:
        key = field.key.lower()
        if key in first:
            line = (first[key].start_line or 0) + 1
            problems.append(
                Problem(
                    f"entry {entry.key!r}: field {key!r} is given twice (first at line {line})",
                    location.file,
                    (field.start_line or 0) + 1,
                    "keep one of them (the first is read)",
                )
            )
        else:
            first[key] = field
    return list(first.values())


def _people(raw: str, quotes: tuple[str, str], issues: Issues) -> tuple[Name, ...]:
    people = []
    for written in split_multiple_persons_names(raw):
        try:
            parts = parse_single_name_into_parts(written)
        except InvalidNameError as error:
            issues.append((f"{one_line(written)!r} is not a name ({error})", "write Family, Given, and join several names with 'and'"))
            continue
        people.append(_name(parts, quotes, issues))
    return tuple(people)


def _name(parts: NameParts, quotes: tuple[str, str], issues: Issues) -> Name:
    first, von, last, jr = (" ".join(words) for words in (parts.first, parts.von, parts.last, parts.jr))
    if last.startswith("{") and last.endswith("}") and not first:
        return Name(family=latex_text(last[1:-1], quotes, issues), literal=True)
    return Name(
        family=latex_text(last, quotes, issues),
        given=latex_text(first, quotes, issues),
        particle=latex_text(von, quotes, issues),
        suffix=latex_text(jr, quotes, issues),
    )


def _quotes(entry: Entry) -> tuple[str, str]:
    langid = next((str(field.value) for field in entry.fields if field.key.lower() == "langid"), "")
    return quotation_marks(langid.strip('{}" '))


# --- crossrefs ----------------------------------------------------------------------

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


# --- checks ------------------------------------------------------------------------


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
