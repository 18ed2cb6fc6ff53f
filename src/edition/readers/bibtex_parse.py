r"""One block of a ``.bib`` file read into an entry, with bibtexparser.

The only module that imports bibtexparser. A :class:`Block` is the text of
one entry (or ``@string``) as :mod:`.bibtex` cut it from its file;
bibtexparser splits it into fields, and the values are then read here as
BibTeX reads them (braced or quoted text, numbers and ``@string`` names joined
by ``#``), names split into their parts (BibLaTeX's ``family=..., given=...``
too), and the LaTeX of every field the edition reads turned into text by
:mod:`.latex` (``M{\"u}ller``, ``--``, ``~``, ``\emph{...}``). Field names are
read as BibLaTeX's (``address`` is ``location``), and the fields the edition
does not read are left unread: a ``file`` or ``abstract`` field with odd
LaTeX is nobody's problem. What leaves this module is plain text on one line,
without control characters and never markup (the renderers escape it).

bibtexparser parses some broken entries silently (``year = 2004 author = {Y}``
is one field to it), so every value is checked as it is read: blocks that do
not parse, values that are more than one, control characters, undefined
``@string`` names, a field given twice; each problem with its line.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares.names import (
    InvalidNameError,
    NameParts,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import DuplicateFieldKeyBlock, Entry, Field

from ..errors import Problem
from ..model import BibEntry, Location, Name
from .biblatex import (
    FIELDS,
    LIST_FIELDS,
    NAME_FIELDS,
    VERBATIM_FIELDS,
    canonical_field,
    canonical_type,
)
from .latex import Issues, latex_text, one_line, quotation_marks

# bibtexparser logs each block it cannot parse; the edition reports it as a problem instead
logging.getLogger("bibtexparser").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Block:
    """The text of one ``@...`` block of a file, from the start of its first line."""

    file: Path
    line: int
    """1-based line of its ``@``."""
    type: str
    """As written, lowercase: ``book``, ``string``, ``comment``..."""
    key: str
    """As written; empty when it cannot be told without parsing."""
    text: str


@dataclass
class Strings:
    """A file's ``@string`` names (and the months), each with its value and its problems."""

    values: dict[str, str]
    problems: dict[str, list[Problem]]


_MONTHS = {name: str(number) for number, name in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
"""The month names BibLaTeX defines: ``month = jan`` is January."""
_STRAY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
"""Control characters reported in a block: those :func:`read_text` lets through (the C1 ones,
U+0080 to U+009F, often a Windows-1252 dash or quote decoded as Latin-1). A form feed between
entries is a page break, in a field a space."""
_MASK = "editionmasked"
"""Put before an entry type that bibtexparser would take for another block's (see :func:`read_block`)."""
_DELIMITERS = re.compile(r'[{}"]')
_WORD = re.compile(r"[^\s#]+")
_VALUE_HINT = "write the value in braces, {...}; a '}' too many may have closed the field early"


def read_strings(blocks: list[Block]) -> Strings:
    """The ``@string`` names of ``@string`` blocks, in their order (those of every file of the
    bibliography, as BibTeX reads a file of abbreviations given before the others)."""
    strings = Strings(dict(_MONTHS), {})
    for block in blocks:
        for found in bibtexparser.parse_string(block.text, parse_stack=[]).strings:  # type: ignore[attr-defined]
            issues: Issues = []
            name = str(found.key).lower()
            strings.values[name] = _evaluate(str(found.value), strings, issues, set())
            line = block.line + (found.start_line or 0)
            strings.problems[name] = [Problem(f"@string {found.key!r}: {message}", block.file, line, hint) for message, hint in issues]
    return strings


def read_block(block: Block, strings: Strings) -> tuple[list[BibEntry], list[Problem], list[Problem]]:
    """The entries of a block (one, when it parses), their problems, and their notices (what
    BibTeX would only warn about: a field given twice, of which the first is read)."""
    problems: list[Problem] = []
    notices: list[Problem] = []
    text = _without_control_characters(block, problems)
    if block.type.startswith(("comment", "preamble", "string")) and block.type not in ("comment", "preamble", "string"):
        # bibtexparser takes any type that starts as one of these for it (@commentary for a @comment)
        text = re.sub(r"@", f"@{_MASK}", text, count=1)
    library = bibtexparser.parse_string(text, parse_stack=[])  # type: ignore[attr-defined]
    found: list[Entry] = list(library.entries)
    for failed in library.failed_blocks:
        line = block.line + (failed.start_line or 0)
        if isinstance(failed, DuplicateFieldKeyBlock) and isinstance(failed.ignore_error_block, Entry):
            found.append(failed.ignore_error_block)  # read, its second field reported
        else:
            key = f"entry {block.key!r}: " if block.key else ""
            problems.append(Problem(f"{key}cannot parse this entry: {_failure(failed)}", block.file, line, "check the braces, quotes and commas of the entry"))
    entries = [_entry(entry, block, strings, problems, notices) for entry in sorted(found, key=lambda entry: entry.start_line or 0)]
    return entries, problems, notices


def _without_control_characters(block: Block, problems: list[Problem]) -> str:
    """The block's text without its stray control characters; the first is reported with its place."""
    found = _STRAY.search(block.text)
    if found is None:
        return block.text
    start = found.start()
    column = start - block.text.rfind("\n", 0, start)
    count = len(_STRAY.findall(block.text))
    more = f" (and {count - 1} more)" if count > 1 else ""
    problems.append(
        Problem(
            f"{f'entry {block.key!r}: ' if block.key else ''}a control character (U+{ord(found.group()):04X}) at column {column}{more}, which no text has",
            block.file,
            block.line + block.text.count("\n", 0, start),
            "delete it in a text editor, or type the character it stands for (a dash or a quote copied from a Windows text)",
        )
    )
    return _STRAY.sub("", block.text)


def _failure(block: object) -> str:
    error = getattr(block, "error", None)
    text = " ".join(str(getattr(error, "abort_reason", "") or error or "").split())
    return text.removeprefix("Parsing aborted:").strip() or "a brace, quote or comma is missing, or the entry does not end"


# --- values ---------------------------------------------------------------------


def _evaluate(raw: str, strings: Strings, issues: Issues, used: set[str]) -> str:
    """A value as BibTeX reads it: braced or quoted text, numbers and ``@string`` names,
    joined by ``#``. The LaTeX in it is left as written; what is wrong goes to ``issues``,
    the ``@string`` names it uses to ``used``."""
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
            if name.isdigit() or name.lower() in strings.values:
                parts.append(strings.values.get(name.lower(), name))
                used.add(name.lower())
            else:
                issues.append((f"@string {name!r} is not defined in the .bib files", f"define it with @string{{{name} = {{...}}}}, or {_VALUE_HINT}"))
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


def _entry(entry: Entry, block: Block, strings: Strings, problems: list[Problem], notices: list[Problem]) -> BibEntry:
    kind, implied = canonical_type(entry.entry_type.removeprefix(_MASK))
    location = Location(block.file, block.line + (entry.start_line or 0))
    fields: dict[str, str] = {}
    names: list[tuple[str, tuple[Name, ...]]] = []
    lines: list[tuple[str, int]] = []
    quotes = _quotes(entry)
    used: set[str] = set()
    for key, field in _read_fields(entry, block, notices):
        line = block.line + (field.start_line or 0)
        lines.append((key, line))
        issues: Issues = []
        raw = _evaluate(str(field.value), strings, issues, used)
        if key in NAME_FIELDS:
            names.append((key, _people(raw, quotes, issues)))
        else:
            if key in LIST_FIELDS:  # "and" between values; a braced one is text: {Office of Reports and Estimates}
                value = "; ".join(latex_text(part, quotes, issues).strip() for part in split_multiple_persons_names(raw))
            else:
                value = one_line(raw) if key in VERBATIM_FIELDS else latex_text(raw, quotes, issues)
            fields[key] = value
        problems.extend(Problem(f"entry {entry.key!r}: {key}: {message}", block.file, line, hint) for message, hint in issues)
    for name in sorted(used):
        problems.extend(strings.problems.get(name, ()))
    if implied and not fields.get("type"):
        fields["type"] = implied
    return BibEntry(entry.key, kind, tuple(fields.items()), location, tuple(names), tuple(lines))


def _read_fields(entry: Entry, block: Block, notices: list[Problem]) -> list[tuple[str, Field]]:
    """The fields of ``entry`` the edition reads, by their BibLaTeX names, each once (the first
    is kept, as BibTeX does; a second one is told). Aliases yield to the field itself."""
    first: dict[str, Field] = {}
    aliased: dict[str, Field] = {}
    for field in entry.fields:
        written = field.key.lower()
        key = canonical_field(written)
        if key not in FIELDS:
            continue
        into = aliased if key != written else first
        if key in into:
            line = block.line + (into[key].start_line or 0)
            notices.append(
                Problem(
                    f"entry {entry.key!r}: field {written!r} is given twice (first at line {line}); the first is read",
                    block.file,
                    block.line + (field.start_line or 0),
                    "keep the one you mean",
                )
            )
        else:
            into[key] = field
    for key, field in aliased.items():
        first.setdefault(key, field)
    return list(first.items())


def _people(raw: str, quotes: tuple[str, str], issues: Issues) -> tuple[Name, ...]:
    people = []
    for written in split_multiple_persons_names(raw):
        if re.match(r"\s*(family|given|prefix|suffix|useprefix)\s*=", written):
            people.append(_extended_name(written, quotes, issues))
            continue
        try:
            # BibTeX reads "Weilbach," as a family name without given names
            parts = parse_single_name_into_parts(written.strip().removesuffix(",") if written.count(",") == 1 else written)
        except InvalidNameError as error:
            issues.append((f"{one_line(written)!r} is not a name ({error})", "write Family, Given, and join several names with 'and'"))
            continue
        people.append(_name(parts, quotes, issues))
    return tuple(people)


def _extended_name(written: str, quotes: tuple[str, str], issues: Issues) -> Name:
    """BibLaTeX's extended name format, as Better BibLaTeX writes a name with a particle:
    ``family=Gaulle, given=Charles, prefix=de, useprefix=true``."""
    parts: dict[str, str] = {}
    for part in _split_top_level(written):
        name, _, value = part.partition("=")
        value = value.strip()
        if value.startswith("{") and value.endswith("}"):
            value = value[1:-1]
        parts[name.strip().lower()] = value
    text = {name: latex_text(parts.get(name, ""), quotes, issues) for name in ("family", "given", "prefix", "suffix")}
    return Name(family=text["family"], given=text["given"], particle=text["prefix"], suffix=text["suffix"])


def _split_top_level(text: str) -> list[str]:
    """``text`` split at its commas outside braces."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    return [*parts, text[start:]]


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
