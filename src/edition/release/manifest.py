"""The manifest of a release (``manifest.json``): what ``release`` records, and reading it back.

It records each file of the release with its SHA-256 and size, the sources
attached to the PDF and one digest of them, what it says of the edition
(name, title, version, date, licence, changes, how to cite: the same
:func:`edition_record` a check recomputes from the attached sources), the
page on which each § starts, and the versions of the tool and its
dependencies.

A manifest read back is checked key by key before anything trusts it: a
problem for each key missing or of the wrong type, with its line, and for
each file named outside the release folder (such a file is never read).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import platform
import re
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, requires, version
from pathlib import Path
from typing import Any, TypeGuard

from .. import __version__
from ..errors import Problem, ReleaseError
from ..model import LANGS, Edition, OutputFile, ReaderConfig
from ..render.how_to_cite import how_to_cite
from .files import MISSING, NotAFile, inside_name, read_regular
from .sources import Source, sources_digest

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
EDITION_KEYS = ("reader", "title", "version", "date", "licence", "changes", "cite")
"""What the manifest says of the edition, recomputed from the configuration attached to the PDF."""
RESTORE_MANIFEST = "restore manifest.json from a copy of the release"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_entry(data: bytes) -> dict[str, Any]:
    return {"sha256": sha256(data), "bytes": len(data)}


def edition_record(config: ReaderConfig) -> dict[str, Any]:
    """The :data:`EDITION_KEYS` of the manifest, from the configuration; ``changes`` is
    None when the changelog has no entry for the version."""
    return {
        "reader": config.name,
        "title": {"ru": config.title.ru, "en": config.title.en},
        "version": config.version,
        "date": config.date,
        "licence": {"ru": config.licence.ru, "en": config.licence.en} if config.licence else None,
        "changes": next((list(c.items) for c in config.changelog if c.version == config.version), None),
        "cite": {lang: how_to_cite(config, lang).text() for lang in LANGS},
    }


def make_manifest(edition: Edition, sources: list[Source], files: list[OutputFile], pages: dict[str, Any], tagged: bool) -> bytes:
    """The manifest of a release made of ``files`` from ``sources``."""
    config = edition.config
    manifest = {
        "format": MANIFEST_FORMAT,
        **edition_record(config),
        "files": {f.path.as_posix(): file_entry(f.data) for f in files},
        "pdf": {
            "variant": "PDF/A-3b",
            "tagged": "PDF/UA-1" if tagged else None,
            "conformance": "checked by its properties (XMP identification, output intent, fonts embedded, /ID, attachments), not certified by a validator",
        },
        "sources": {
            "sha256": sources_digest(sources),
            "config": next(s.name for s in sources if s.kind == "config"),
            "files": {s.name: file_entry(s.data) for s in sources},
        },
        "templates_sha256": _folder_digest(config.templates, config.csl_ru, config.csl_en),
        "pages": pages,
        "tool": {"name": "edition", "version": __version__, "python": platform.python_version(), "dependencies": dependency_versions()},
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def dependency_versions() -> dict[str, str]:
    """The versions of the tool's dependencies and of WeasyPrint's, and of the system's
    Pango and HarfBuzz (WeasyPrint's text layout): what the PDF's bytes depend on."""
    found: dict[str, str] = {}
    for package in ("edition", "weasyprint"):
        for requirement in requires(package) or []:
            if "extra ==" in requirement:
                continue
            name = re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0]
            try:
                found[name.lower()] = version(name)
            except PackageNotFoundError:
                continue
    for library, function in (("pango-1.0", "pango_version_string"), ("harfbuzz", "hb_version_string")):
        found[library.split("-")[0]] = _library_version(library, function)
    return dict(sorted(found.items()))


def _library_version(library: str, function: str) -> str:
    try:
        name = ctypes.util.find_library(library)
        call = getattr(ctypes.CDLL(name), function)
        call.restype = ctypes.c_char_p
        return str(call().decode())
    except (OSError, AttributeError, TypeError):
        return "unknown"


def _folder_digest(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update((file.relative_to(path).as_posix() if path.is_dir() else file.name).encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


# --- reading a manifest back ---------------------------------------------------------------


@dataclass(frozen=True)
class ManifestFile:
    """A release's manifest read back, its shape checked: its path, its text (for lines) and its data."""

    path: Path
    text: str
    data: dict[str, Any]

    def line_of(self, *keys: str) -> int | None:
        """The line of ``keys`` (``"cite", "en"``); the line of the last key found when one is missing."""
        return json_line(self.text, keys)

    def problem(self, keys: tuple[str, ...], message: str, hint: str = "") -> Problem:
        return Problem(f"{'.'.join(keys)}: {message}", self.path, self.line_of(*keys), hint)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of the release in ``folder``; raises :class:`ReleaseError` when there is
    none, it is not JSON, or it has not the shape of a release manifest."""
    return load_manifest(folder).data


def load_manifest(folder: Path) -> ManifestFile:
    path = folder / MANIFEST
    if not folder.is_dir():
        raise ReleaseError(Problem("not a release folder", folder, hint="give a folder under build/releases/"))
    try:
        text = read_regular(folder, MANIFEST).decode("utf-8")
        data = json.loads(text)
    except NotAFile as error:
        if str(error) == MISSING:
            raise ReleaseError(Problem(MISSING, path, hint="a release folder holds its manifest")) from None
        raise ReleaseError(Problem(f"{error}; it is not read", path, hint=RESTORE_MANIFEST)) from None
    except UnicodeDecodeError:
        raise ReleaseError(Problem("not JSON (not UTF-8 text)", path, hint=RESTORE_MANIFEST)) from None
    except RecursionError:
        raise ReleaseError(Problem("not a release manifest (JSON nested too deep)", path, hint=RESTORE_MANIFEST)) from None
    except json.JSONDecodeError as error:
        raise ReleaseError(Problem(f"not JSON ({error.msg})", path, error.lineno, RESTORE_MANIFEST)) from None
    except OSError as error:
        raise ReleaseError(Problem(f"cannot be read ({error.strerror})", path)) from None
    if not isinstance(data, dict):
        raise ReleaseError(Problem(f"not a release manifest (JSON: {_kind(data)}, not an object)", path, 1, RESTORE_MANIFEST))
    manifest = ManifestFile(path, text, data)
    problems = _shape_problems(manifest)
    if problems:
        raise ReleaseError(problems)
    return manifest


def json_line(text: str, keys: tuple[str, ...]) -> int | None:
    """The line of the nested object key ``keys`` in JSON ``text`` (valid JSON), whatever
    its layout; the line of the deepest of them found when the last is missing."""
    path: list[str | None] = []  # the key being read in each object or array open
    line, found = 1, None
    string, string_line = None, 0
    position = 0
    while position < len(text):
        char = text[position]
        if char == '"':
            end = position + 1
            while text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            string, string_line = json.loads(text[position : end + 1]), line
            position = end + 1
            continue
        if char == "\n":
            line += 1
        elif char in "{[":
            path.append(None)
        elif char in "}]":
            path.pop()
        elif char == ":" and string is not None:
            path[-1] = string
            if tuple(path) == keys[: len(path)]:
                found = string_line
                if len(path) == len(keys):
                    return found
        if char in ",:{[}]":
            string = None
        position += 1
    return found


# --- the shape of a manifest -----------------------------------------------------------------

_ABSENT = object()
"""A key the manifest does not have (``null`` is a value of the wrong type)."""


def _shape_problems(manifest: ManifestFile) -> list[Problem]:
    """A problem for each key of the manifest missing or of the wrong type."""
    data, problems = manifest.data, []
    number = data.get("format", _ABSENT)
    if not _whole(number):
        problems.append(_wrong(manifest, ("format",), number, "a whole number"))
    elif number > MANIFEST_FORMAT:
        problems.append(manifest.problem(("format",), f"{number} is a later manifest format than this tool reads", "verify it with a later version of edition"))
    for key in ("reader", "version", "date"):
        problems += _string(manifest, (key,))
    problems += _bilingual(manifest, ("title",)) + _bilingual(manifest, ("cite",))
    if data.get("licence") is not None:
        problems += _bilingual(manifest, ("licence",))
    changes = data.get("changes", _ABSENT)
    if not isinstance(changes, list) or not all(isinstance(item, str) for item in changes):
        problems.append(_wrong(manifest, ("changes",), changes, "a list of strings"))
    problems += _files(manifest, ("files",))
    sources = data.get("sources", _ABSENT)
    if not isinstance(sources, dict):
        problems.append(_wrong(manifest, ("sources",), sources, "an object with sha256, config and files"))
    else:
        if not isinstance(sources.get("sha256"), str) or not _SHA256.match(sources["sha256"]):
            problems.append(_wrong(manifest, ("sources", "sha256"), sources.get("sha256", _ABSENT), "a SHA-256 in hexadecimal"))
        problems += _string(manifest, ("sources", "config"))
        problems += _files(manifest, ("sources", "files"))
    pages = data.get("pages", {})
    if not isinstance(pages, dict) or not all(isinstance(entry, dict) for entry in pages.values()):
        problems.append(_wrong(manifest, ("pages",), pages, "an object with an object for each article"))
    return problems


def _string(manifest: ManifestFile, keys: tuple[str, ...]) -> list[Problem]:
    value = _get(manifest.data, keys)
    return [] if isinstance(value, str) else [_wrong(manifest, keys, value, "a string")]


def _bilingual(manifest: ManifestFile, keys: tuple[str, ...]) -> list[Problem]:
    value = _get(manifest.data, keys)
    if isinstance(value, dict) and all(isinstance(value.get(lang), str) for lang in LANGS):
        return []
    return [_wrong(manifest, keys, value, "an object with ru and en, each a string")]


def _files(manifest: ManifestFile, keys: tuple[str, ...]) -> list[Problem]:
    """A table of files: each name inside the release folder, with its sha256 and bytes."""
    value = _get(manifest.data, keys)
    if not isinstance(value, dict):
        return [_wrong(manifest, keys, value, "an object of file names, each with sha256 and bytes")]
    problems = []
    for name, entry in value.items():
        where = (*keys, name)
        if not inside_name(name):
            message = f"{'.'.join(keys)}: {name!r} is not a name inside the release folder; it is not read"
            problems.append(Problem(message, manifest.path, manifest.line_of(*where), RESTORE_MANIFEST))
        elif not isinstance(entry, dict):
            problems.append(manifest.problem(where, "must be an object with sha256 and bytes"))
        else:
            if not isinstance(entry.get("sha256"), str) or not _SHA256.match(entry["sha256"]):
                problems.append(_wrong(manifest, (*where, "sha256"), entry.get("sha256", _ABSENT), "a SHA-256 in hexadecimal"))
            size = entry.get("bytes", _ABSENT)
            if not _whole(size) or size < 0:
                problems.append(_wrong(manifest, (*where, "bytes"), size, "a whole number of bytes"))
    return problems


def _wrong(manifest: ManifestFile, keys: tuple[str, ...], value: Any, expected: str) -> Problem:
    """The key is missing, or its value is not ``expected``."""
    message = MISSING if value is _ABSENT else f"must be {expected}, not {_kind(value)}"
    return manifest.problem(keys, message, RESTORE_MANIFEST)


def _get(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    value: Any = data
    for key in keys:
        value = value.get(key, _ABSENT) if isinstance(value, dict) else _ABSENT
    return value


def _whole(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    kinds = {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number", bool: "true or false"}
    return kinds.get(type(value), "null")
