"""Formatted references kept in the cache folder, so that the next build, or
the other formats of this one, do not format them again (citeproc takes tens
of milliseconds a reference)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import citeproc

from .. import __version__
from ..model import Edition
from .cache import read_sealed, write_sealed
from .citations import Formatter


MEMO_FORMAT = 5
"""Raised when what is kept changes meaning (2: an entry's ``&``, ``<`` and ``>`` kept escaped; 3: works kept with their number; 4: a note's work without its author, ``[-@key]``;
5: Russian titles transliterated letter by letter, a volume's title, quotes within quotes and cited page ranges in Chicago's notes)."""


class CitationMemo:
    """The memo file of an edition's bibliography and styles: loaded into the
    formatter on creation, written back by :meth:`save`."""

    def __init__(self, folder: Path, formatter: Formatter, edition: Edition) -> None:
        config = edition.config
        digest = hashlib.sha256(
            repr((MEMO_FORMAT, __version__, citeproc.__version__, edition.bibliography)).encode()
            + config.csl_ru.read_bytes()
            + config.csl_en.read_bytes()
        ).hexdigest()
        self.path = folder / f"citations-{digest[:32]}.json"
        self.formatter = formatter
        self.loaded = 0
        try:
            memo = read_sealed(self.path)  # None when damaged or edited
            if isinstance(memo, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in memo.items()):
                formatter.preload(memo)
                self.loaded = len(memo)
        except (OSError, ValueError):
            pass  # absent or damaged: everything is formatted again

    def save(self) -> None:
        memo = self.formatter.memo()
        if len(memo) == self.loaded:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_sealed(self.path, memo)
