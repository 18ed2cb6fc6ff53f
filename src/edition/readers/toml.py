"""Reading TOML files with every problem reported, each with its key and line.

``tomllib`` knows nothing of the keys a file may hold; :class:`TomlTable`
checks them against what the caller expects and records a :class:`Problem`
for each unknown key, missing key or value of the wrong type, so that a user
sees all of them in one run.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..model import Bilingual
from .text import read_text


@dataclass
class TomlFile:
    """A parsed TOML file, its text (for line numbers) and the problems found."""

    path: Path
    text: str
    data: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, dotted: str) -> int | None:
        """The line where ``dotted`` (e.g. ``reader.title.ru``) is set, if found."""
        return _line_of(self.text, dotted)

    def table_line(self, name: str) -> int | None:
        """The line of the table header ``[name]`` (e.g. ``[reader]``), if the file has one."""
        for number, line in enumerate(self.text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header and [p.strip().strip('"') for p in header.group(1).split(".")] == name.split("."):
                return number
        return None

    def problem(self, dotted: str, message: str, hint: str = "") -> None:
        self.problems.append(
            Problem(f"{dotted}: {message}", self.path, self.line_of(dotted), hint)
        )

    def table(self, name: str, allowed: dict[str, str], required: bool = False) -> TomlTable:
        """The table ``name`` (``""`` for the top level), its keys checked.

        ``allowed`` maps each key the table may hold to a short description,
        used in the hint for an unknown key.
        """
        if name == "":
            raw: Any = self.data
        else:
            raw = self.data
            for part in name.split("."):
                raw = raw.get(part, {}) if isinstance(raw, dict) else None
            if name.split(".")[0] not in self.data and required:
                self.problem(name, "missing table", f"add a [{name}] table")
        if not isinstance(raw, dict):
            self.problem(name, "must be a table")
            raw = {}
        table = TomlTable(self, name, raw)
        for key in raw:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                table.problem(key, "unknown key", f"known keys here: {known}")
        return table


@dataclass
class TomlTable:
    """One table of a :class:`TomlFile`, with typed getters that record problems."""

    file: TomlFile
    name: str
    data: dict[str, Any]

    def key(self, key: str) -> str:
        return f"{self.name}.{key}" if self.name else key

    def problem(self, key: str, message: str, hint: str = "") -> None:
        self.file.problem(self.key(key), message, hint)

    def has(self, key: str) -> bool:
        return key in self.data

    def string(self, key: str, default: str | None = None, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "missing", f'add {key} = "..."')
            return default or ""
        if not isinstance(value, str):
            self.problem(key, f"must be a string, not {_kind(value)}")
            return default or ""
        if required and not value.strip():
            self.problem(key, "must not be empty")
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str) -> str:
        value = self.string(key, default)
        if value not in options:
            self.problem(key, f"{value!r} is not one of {', '.join(options)}")
            return default
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.problem(key, f"must be true or false, not {_kind(value)}")
            return default
        return value

    def number(self, key: str, default: float, low: float, high: float) -> float:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(key, f"must be a number, not {_kind(value)}")
            return default
        if not low <= value <= high:
            self.problem(key, f"{value} is outside {low:g}..{high:g}")
            return default
        return float(value)

    def strings(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "missing", f'add {key} = ["...", "..."]')
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key, "must be a list of strings")
            return ()
        return tuple(value)

    def bilingual(self, key: str, required: bool = False) -> Bilingual | None:
        """A ``{ ru = "...", en = "..." }`` table (or ``[key]`` section)."""
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "missing", f'add {key} = {{ ru = "...", en = "..." }}')
            return None
        return bilingual_value(self, key, value)

    def tables(self, key: str) -> list[TomlTable]:
        """An array of tables (``[[key]]``)."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(key, "must be an array of tables", f"write each entry as [[{key}]]")
            return []
        return [TomlTable(self.file, f"{self.key(key)}[{i}]", v) for i, v in enumerate(value)]


def bilingual_value(table: TomlTable, key: str, value: Any, extra: tuple[str, ...] = ()) -> Bilingual | None:
    if not isinstance(value, dict):
        table.problem(key, f"must be a table with ru and en, not {_kind(value)}")
        return None
    sub = TomlTable(table.file, table.key(key), value)
    for k in value:
        if k not in ("ru", "en", *extra):
            sub.problem(k, "unknown key", f"known keys here: {', '.join(('en', 'ru', *extra))}")
    ru = sub.string("ru", required=True)
    en = sub.string("en", required=True)
    return Bilingual(ru=ru, en=en)


def read_toml(path: Path, problems: list[Problem]) -> TomlFile | None:
    """Parse ``path``; on failure record a problem with its line and return None."""
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        problems.append(
            Problem(
                f"invalid TOML: {message}",
                path,
                line,
                "strings need double quotes; tables are [name]; see https://toml.io",
            )
        )
        return None
    return TomlFile(path, text, data)


def _kind(value: Any) -> str:
    return {
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "a boolean",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def _line_of(text: str, dotted: str) -> int | None:
    """Best-effort line of a dotted key: the key line inside its table, else the table."""
    parts = [re.sub(r"\[\d+\]$", "", p) for p in dotted.split(".")]
    current: list[str] = []
    best: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            current = [p.strip().strip('"') for p in header.group(1).split(".")]
            if current == parts and best is None:
                best = number
            continue
        match = re.match(r"^\s*([A-Za-z0-9_.\"-]+)\s*=", line)
        if not match:
            continue
        key = [p.strip().strip('"') for p in match.group(1).split(".")]
        full = current + key
        if full == parts[: len(full)] or parts == full[: len(parts)]:
            if len(full) >= len(parts) or best is None:
                return number
    return best
