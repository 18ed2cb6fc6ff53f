"""Hyphenation dictionaries: pyphen's (LibreOffice's patterns). The only module that imports pyphen.

Reading a dictionary's patterns takes a while (German's: half a second), and each
process that typesets or imports would read them again. A dictionary read once is
kept compiled in the user's cache folder (``$XDG_CACHE_HOME/edition``, by default
``~/.cache/edition``), as fontconfig keeps its cache of fonts, and loaded from
there in a twentieth of the time. A compiled dictionary is keyed by the digest
of its patterns file and pyphen's version; one that does not match, or cannot
be read, is compiled again, and where nothing can be written the patterns are
simply read each time.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import re
from collections.abc import Iterable
from pathlib import Path

import pyphen

COMPILED = 1
"""The version of the compiled form: raised when it changes."""


@functools.lru_cache(maxsize=8)
def dictionary(language: str) -> pyphen.Pyphen:
    """The hyphenation dictionary of ``language`` (``ru``, ``en_US``...)."""
    load([language])
    return pyphen.Pyphen(lang=language)


def load(languages: Iterable[str]) -> None:
    """Have the patterns of ``languages`` in this process, compiled or read, for pyphen and
    WeasyPrint (which asks pyphen for the dictionary of each language it hyphenates)."""
    for language in languages:
        name = pyphen.language_fallback(language)
        path = pyphen.LANGUAGES.get(name) if name else None
        if path is not None and path not in pyphen.hdcache:
            pyphen.hdcache[path] = _patterns(Path(path))


def cache_folder() -> Path:
    """Where compiled dictionaries are kept."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "edition" / "hyphenation"


def _patterns(path: Path) -> pyphen.HyphDict:
    source = path.read_bytes()
    key = hashlib.sha256(f"{COMPILED} {pyphen.__version__} ".encode() + source).hexdigest()
    compiled = cache_folder() / f"{path.stem}-{key[:16]}.marshal"
    try:
        stored, patterns, longest = marshal.loads(compiled.read_bytes())
        if stored == key and isinstance(patterns, dict) and isinstance(longest, int):
            return _dictionary(patterns, longest)
    except (OSError, EOFError, ValueError, TypeError):
        pass  # absent or damaged: compiled again
    read = pyphen.HyphDict(path)
    if set(vars(read)) == {"patterns", "cache", "maxlen"}:  # the form this module knows how to rebuild
        _store(compiled, key, read)
    return read


def _dictionary(patterns: dict[str, tuple[int, tuple[int, ...]]], longest: int) -> pyphen.HyphDict:
    """A pyphen dictionary made from compiled patterns, as :class:`pyphen.HyphDict` makes it from its file."""
    made = object.__new__(pyphen.HyphDict)
    made.patterns, made.cache, made.maxlen = patterns, {}, longest
    return made


def _store(compiled: Path, key: str, read: pyphen.HyphDict) -> None:
    try:
        data = marshal.dumps((key, read.patterns, read.maxlen))
    except ValueError:
        return  # patterns with nonstandard hyphenation (objects marshal does not write): read each time
    try:
        compiled.parent.mkdir(parents=True, exist_ok=True)
        temporary = compiled.with_name(f"{compiled.name}.{os.getpid()}.part")
        temporary.write_bytes(data)
        os.replace(temporary, compiled)
        stem = compiled.name[: -len("-0123456789abcdef.marshal")]
        for older in compiled.parent.glob(f"{stem}-*.marshal"):  # of another pyphen or patterns file
            if older != compiled and re.fullmatch(re.escape(stem) + r"-[0-9a-f]{16}\.marshal", older.name):
                older.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home: the patterns are read each time
