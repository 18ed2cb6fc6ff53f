"""What the book is made of, and each part's key.

In: the edition. Out: the parts to typeset as tasks (an article by its
position, the back matter, or a print part given whole: the front matter,
the folios), each with its key, a digest of everything that affects its
pages; and what a typeset part is (:class:`PartResult`). Nothing here
typesets: ``typeset.py`` does, in the processes of ``pool.py``, and the key
finds a part in the cache (``cache.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from importlib.metadata import version
from pathlib import Path

from ... import __version__
from ...errors import Problem
from ...fonts import font_faces
from ...model import Article, Edition
from ...passes.citations import keys_cited
from ..html import PrintPart


@dataclass(frozen=True)
class PdfKind:
    """How a part is written: part of its cache key (a PDF/A part is not a plain part)."""

    variant: str = ""
    tagged: bool = False


PLAIN = PdfKind()
"""A plain PDF: not archival, not tagged."""


@dataclass(frozen=True)
class Task:
    """A part to typeset: an article (its position), the back matter, or a given print part."""

    name: str
    key: str
    position: int | None = None
    part: PrintPart | None = None
    """For the front matter and the folios: what to typeset."""
    kind: PdfKind = PLAIN


@dataclass(frozen=True)
class PartResult:
    """A typeset part: its PDF, page count and anchors, and what its check found."""

    key: str
    name: str
    """What the progress line shows: the article's slug, ``front``, ``back``."""
    pdf: bytes
    pages: int
    anchors: dict[str, int]
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0
    cached: bool = False
    citations: dict[str, str] = field(default_factory=dict)
    """References formatted while typesetting the part (see ``Formatter.memo``)."""


@dataclass
class BookReport:
    """What the build of the book did, for the progress line and ``--verbose``."""

    parts: list[PartResult] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unchanged: bool = False
    """Every part was in the cache, and the book joined from them too."""


Progress = Callable[[PartResult], None]


def even(pages: int) -> int:
    """The pages a part takes in the book: padded to an even number, so that the next starts on a right-hand page."""
    return pages + pages % 2


# --- keys ---------------------------------------------------------------------------


def part_key(edition: Edition, article: Article, kind: PdfKind = PLAIN) -> str:
    """Digest of everything that affects an article's pages.

    Its content after the passes (text, notes, numbers), the bibliography
    entries it cites, the templates and styles, the CSL styles and fonts,
    the configuration, the versions of the tool and of WeasyPrint, and the
    kind of PDF (plain or PDF/A, tagged or not). Its place in the book is
    not in it: every part starts on a right-hand page and its page numbers
    are stamped when the book is joined.
    """
    keys = set(keys_cited(article))
    entries = [entry for entry in edition.bibliography if entry.key in keys]
    return digest("article", common(edition, kind), article, entries)


def back_key(edition: Edition, kind: PdfKind = PLAIN) -> str:
    keys = [keys_cited(article) for article in edition.articles]
    return digest("back", common(edition, kind), keys, edition.bibliography)


def common(edition: Edition, kind: PdfKind = PLAIN) -> tuple[object, ...]:
    """What every part depends on; read once for an edition (the files it names are digested)."""
    global _COMMON
    if _COMMON is None or _COMMON[0] is not edition:
        config = edition.config
        files = (_files_digest(config.templates), _files_digest(config.csl_ru), _files_digest(config.csl_en), _fonts_digest())
        _COMMON = (edition, (__version__, version("weasyprint"), config, *files))
    # the plain kind adds nothing, so that the keys of plain parts stay as they were
    return (*_COMMON[1], *((kind,) if kind != PLAIN else ()))


_COMMON: tuple[Edition, tuple[object, ...]] | None = None


def digest(*values: object) -> str:
    return hashlib.sha256(repr(_canonical(values)).encode()).hexdigest()


def _canonical(value: object) -> object:
    """``value`` with sets in sorted order, so that its repr is the same in every process
    (the order of a set of strings changes with Python's hash seed)."""
    if type(value) in _PLAIN:
        return value
    names = _field_names(type(value))
    if names is not None:
        return (type(value).__name__, tuple((name, _canonical(getattr(value, name))) for name in names))
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted((_canonical(item) for item in value), key=repr)))
    if isinstance(value, dict):
        return ("dict", tuple(sorted(((repr(_canonical(k)), _canonical(v)) for k, v in value.items()))))
    if isinstance(value, list | tuple):
        return tuple(_canonical(item) for item in value)
    return value


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The fields of a dataclass, None for any other type."""
    if kind not in _FIELD_NAMES:
        _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind)) if is_dataclass(kind) else None
    return _FIELD_NAMES[kind]


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _files_digest(path: Path) -> str:
    hashed = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        hashed.update(str(file.relative_to(path) if path.is_dir() else file.name).encode())
        hashed.update(file.read_bytes())
    return hashed.hexdigest()


_FONTS: str | None = None


def _fonts_digest() -> str:
    global _FONTS
    if _FONTS is None:
        _FONTS = hashlib.sha256(b"".join(face.path.read_bytes() for face in font_faces())).hexdigest()
    return _FONTS
