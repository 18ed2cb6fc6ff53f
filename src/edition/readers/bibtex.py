"""Reading ``bibliography/*.bib`` (BibLaTeX): every file split once, the cited entries read and checked.

Only the ``.bib`` files of the bibliography folder are read: a file that is a
link out of that folder, or a folder that is a link out of the project, is
refused unread. Each file is cut into its ``@...`` blocks where a line starts
one (as bibtexparser would, which is slower) and indexed by key, its ``ids``
(BibLaTeX's other keys of an entry) too. An entry is read
(:mod:`.bibtex_parse`) only when it is asked for, with what it inherits
(:mod:`.crossref`): a bibliography of 10,000 entries of which an edition
cites 30 costs the reading of 30.

Only cited entries matter: their problems stop the build, each with its file
and line (:func:`.biblatex.check_entry`); an uncited entry is never read, and
its problems are listed only by :meth:`Bibliography.others` (``edition check
--strict``). :func:`read_bibliography` reads every entry, for the tests and
the strict check.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..model import BibEntry
from ..paths import is_within, outside
from .biblatex import check_entry
from .bibtex_parse import Block, Strings, read_block, read_strings
from .crossref import parents_of, resolve
from .text import read_text

_START = re.compile(r"@(\w*)[ \t]*([{(])")
"""Where a block starts: an ``@type{`` at the start of a line (bibtexparser ends an unclosed
block there too); the ``@`` is searched for, and its line checked, which is faster."""
_KEY_END = re.compile(r'[,{}"=()]')
_FIRST_WORD = re.compile(r'\s*([^\s,{}"=()#%]+)')
_IDS = [re.compile(rf"{name}\s*=\s*[{{\"]([^{{}}\"]*)[}}\"]") for name in ("ids", "Ids", "IDS")]
"""The ``ids`` field as it is written (a search for each spelling is faster than one that ignores case)."""
_NOT_ENTRIES = frozenset({"string", "comment", "preamble"})
_ENCODING = re.compile(rb"\A(?:\xef\xbb\xbf)?%\s*Encoding:\s*([\w.:-]+)", re.IGNORECASE)
"""JabRef's first line, ``% Encoding: windows-1252``: the encoding of a file it wrote."""


def read_bibliography(folder: Path, project: Path | None = None) -> tuple[tuple[BibEntry, ...], list[Problem]]:
    """Every entry of every ``.bib`` file in ``folder``, with what it inherits; and every problem
    of the files and of the entries (cited or not).

    ``project``: the folder the bibliography folder must lie in, links
    resolved (by default, the folder that holds it).
    """
    return open_bibliography(folder, project).everything()


def open_bibliography(folder: Path, project: Path | None = None) -> Bibliography:
    """The ``.bib`` files of ``folder`` split into entries, none of them read yet."""
    problems: list[Problem] = []
    files = []
    for path in _bib_files(folder, folder.parent if project is None else project, problems):
        text = _read(path, problems)
        if text is not None:
            files.append(_split(path, text))
    return Bibliography(files, problems)


@dataclass(frozen=True)
class Cited:
    """The entries an edition cites, read and checked."""

    entries: tuple[BibEntry, ...]
    """Each entry cited (a set's members for the set), with what it inherits."""
    keys: dict[str, tuple[str, ...]]
    """Each key cited, and the keys of the entries it stands for: itself; for another key of
    an entry (its ``ids``), that entry's; for a ``@set``, its members'."""
    problems: list[Problem]
    """What stops the build."""
    notices: list[Problem]
    """What is said once and does not stop it (a language taken from the title)."""


@dataclass
class _File:
    path: Path
    blocks: list[Block]
    aliases: dict[str, str] = field(default_factory=dict)


class Bibliography:
    """The ``.bib`` files of a folder, split into entries; an entry is read when asked for."""

    def __init__(self, files: list[_File], problems: list[Problem]) -> None:
        self.problems = problems
        """Problems of the folder and the files (a link outside, a file that cannot be read): each stops the build."""
        self._files = {file.path: file for file in files}
        self._blocks: dict[str, list[Block]] = {}
        self._aliases: dict[str, str] = {}
        for file in files:
            for block in file.blocks:
                if block.key and block.type not in _NOT_ENTRIES:
                    self._blocks.setdefault(block.key, []).append(block)
            for alias, key in file.aliases.items():
                self._aliases.setdefault(alias, key)
        self._read: dict[str, tuple[BibEntry | None, list[Problem], list[Problem]]] = {}
        self._strings: Strings | None = None

    def keys(self) -> frozenset[str]:
        """Every key an entry can be cited by."""
        return frozenset(self._blocks) | frozenset(self._aliases)

    def cited(self, keys: Iterable[str]) -> Cited:
        """The entries of ``keys`` (keys that name none are left out), read, with what they
        inherit, and checked."""
        targets: dict[str, tuple[str, ...]] = {}
        problems: list[Problem] = []
        notices: list[Problem] = []
        for key in dict.fromkeys(keys):
            target = key if key in self._blocks else self._aliases.get(key, "")
            if target:
                targets[key] = self._members(target, problems)
        wanted = list(dict.fromkeys(member for members in targets.values() for member in members))
        entries, closure = self._closure(wanted)
        resolved, inherited = resolve(entries, wanted)
        for key in wanted:
            for member in closure[key]:
                problems.extend(self._read[member][1])
                notices.extend(self._read[member][2])
                problems.extend(inherited.get(member, ()))
            if key in resolved:
                found, told = check_entry(resolved[key])
                problems.extend(found)
                notices.extend(told)
        return Cited(
            tuple(resolved[key] for key in wanted if key in resolved),
            targets,
            _in_order(problems),
            _in_order(notices),
        )

    def everything(self) -> tuple[tuple[BibEntry, ...], list[Problem]]:
        """Every entry of every file, read, with what it inherits; and every problem."""
        problems = list(self.problems)
        entries: dict[str, BibEntry] = {}
        for file in self._files.values():
            for block in file.blocks:
                if block.type in _NOT_ENTRIES:
                    continue
                found, told, _ = read_block(block, self._all_strings())
                problems.extend(told)
                for entry in found:
                    if entry.key in entries:
                        problems.append(_duplicate(entry.key, entries[entry.key].location.file, entries[entry.key].location.line, block))
                    else:
                        entries[entry.key] = entry
        resolved, inherited = resolve(entries, entries)
        for key, entry in resolved.items():
            problems.extend(inherited.get(key, ()))
            if entry.type != "xdata":
                problems.extend(check_entry(entry)[0])
        return tuple(resolved[key] for key in entries if key in resolved), _in_order(problems)

    def others(self, cited: Cited) -> list[Problem]:
        """The problems of the entries not cited (every entry is read)."""
        known = set(cited.problems) | set(self.problems)
        return [problem for problem in self.everything()[1] if problem not in known]

    # --- reading, when asked -----------------------------------------------------------

    def _entry(self, key: str) -> BibEntry | None:
        """The entry of ``key`` as written (read once), its problems kept aside."""
        if key not in self._read:
            first, *others = self._blocks[key]
            found, problems, notices = read_block(first, self._all_strings())
            problems.extend(_duplicate(key, first.file, first.line, block) for block in others)
            entry = next((entry for entry in found if entry.key == key), None)
            if entry is None and not problems:
                problems.append(Problem(f"entry {key!r}: cannot parse this entry", first.file, first.line, "check the braces, quotes and commas of the entry"))
            self._read[key] = (entry, problems, notices)
        return self._read[key][0]

    def _all_strings(self) -> Strings:
        """The ``@string`` names of every file (read once, when an entry is first read)."""
        if self._strings is None:
            self._strings = read_strings([block for file in self._files.values() for block in file.blocks if block.type == "string"])
        return self._strings

    def _members(self, key: str, problems: list[Problem]) -> tuple[str, ...]:
        """``key``, or the members of the ``@set`` it is."""
        entry = self._entry(key)
        if entry is None or entry.type != "set":
            return (key,)
        problems.extend(self._read[key][1])
        members = [member.strip() for member in entry.get("entryset").split(",") if member.strip()]
        for member in members:
            if member not in self._blocks:
                problems.append(Problem(f"entry {key!r}: entryset names {member!r}, which is no entry", entry.location.file, entry.line_of("entryset"), "add the entry or correct the key"))
        if not members:
            problems.append(Problem(f"entry {key!r}: a @set without entryset", entry.location.file, entry.location.line, "list the keys of its entries: entryset = {a, b}"))
        return tuple(member for member in members if member in self._blocks)

    def _closure(self, wanted: list[str]) -> tuple[dict[str, BibEntry], dict[str, list[str]]]:
        """Every entry ``wanted`` needs (itself, and those it inherits from, read); and, for each
        key wanted, the keys it needs."""
        entries: dict[str, BibEntry] = {}
        closure: dict[str, list[str]] = {}
        for key in wanted:
            needed: list[str] = []
            pending = [key]
            while pending:
                current = pending.pop()
                if current in needed or current not in self._blocks:
                    continue
                needed.append(current)
                entry = self._entry(current)
                if entry is not None:
                    entries[current] = entry
                    pending.extend(parent for _, parent in parents_of(entry))
            closure[key] = needed
        return entries, closure


def _duplicate(key: str, file: Path, line: int, block: Block) -> Problem:
    where = f"line {line} of this file" if file == block.file else f"{file.name}:{line}"
    return Problem(f"entry key {key!r} is already used at {where}", block.file, block.line, "give each entry its own key")


def _in_order(problems: list[Problem]) -> list[Problem]:
    """Each problem once, by file and line."""
    return sorted(dict.fromkeys(problems), key=lambda problem: (str(problem.file), problem.line or 0))


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


def _read(path: Path, problems: list[Problem]) -> str | None:
    """The file's text: UTF-8, or the encoding JabRef names on its first line. A control
    character is left in, for the entry that has it to tell (when it is cited)."""
    try:
        data = path.read_bytes()
    except OSError:
        return read_text(path, problems)  # which reports it
    declared = _ENCODING.match(data[:64])
    try:
        codec = codecs.lookup(declared.group(1).decode("ascii") if declared else "utf-8").name
    except LookupError:
        codec = "utf-8"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return read_text(path, problems)  # which tells where the bytes are wrong
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _split(path: Path, text: str) -> _File:
    """The file's blocks, each from the start of the line of its ``@``, and the ``ids`` of its entries."""
    starts = [match for match in _START.finditer(text) if not text[text.rfind("\n", 0, match.start()) + 1 : match.start()].strip(" \t")]
    blocks = []
    line = 1
    previous = 0
    for index, match in enumerate(starts):
        start = text.rfind("\n", 0, match.start()) + 1  # the block's text starts with its line
        end = text.rfind("\n", 0, starts[index + 1].start()) + 1 if index + 1 < len(starts) else len(text)
        line += text.count("\n", previous, start)
        previous = start
        blocks.append(Block(path, line, match.group(1).lower(), _key(text, match, end), text[start:end]))
    file = _File(path, blocks)
    offsets = [match.start() for match in starts]
    for found in (found for pattern in _IDS for found in pattern.finditer(text)):
        if found.start() == 0 or text[found.start() - 1] not in " \t\n,":
            continue  # the end of another field's name (pids = ...)
        index = bisect.bisect_right(offsets, found.start()) - 1
        if index >= 0 and blocks[index].key:
            for alias in found.group(1).split(","):
                if alias.strip():
                    file.aliases.setdefault(alias.strip(), blocks[index].key)
    return file


def _key(text: str, match: re.Match[str], end: int) -> str:
    """The key of the block ``match`` starts, as bibtexparser reads it; in a block that will not
    parse (``@book{key title = ...``), its first word, so that citing it tells why it is broken."""
    found = _KEY_END.search(text, match.end(), end)
    closing = ")" if match.group(2) == "(" else "}"
    if found is not None and found.group() in (",", closing):
        return text[match.end() : found.start()].strip()
    word = _FIRST_WORD.match(text, match.end(), end)
    return word.group(1) if word else ""
