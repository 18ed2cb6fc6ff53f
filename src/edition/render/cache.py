"""The cache under ``build/.cache``: typeset parts, the last book joined, formatted references.

A part is kept as two files named by its key (a digest of everything that
affects its pages, see :func:`edition.render.book.part_key`): ``<key>.pdf``
and ``<key>.json``, which holds the key, the PDF's SHA-256, its page count
and its anchors. Every JSON file of the cache is *sealed*: written with the
digest of its content (:func:`write_sealed`) and read only if that digest
matches (:func:`read_sealed`). An entry is used only when it is sealed, well
formed and matches its PDF; anything else (damaged, stale, edited by hand)
is as if absent, and the part is typeset again.

The cache only saves time: a folder that cannot be written does not stop a
build. The first write that fails is reported once, through ``warn``, and
nothing more is written to it in that build.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, TypeGuard

from ..errors import OutputError, Problem

CACHE_DAYS = 30
"""A cached part unused for this many days is removed after a build."""


_ENTRY = re.compile(r"[0-9a-f]{64}\.(?:pdf|json)")
"""A part's file in the cache (the book, the citations' memo and the rest are never pruned)."""


class CachedPart(NamedTuple):
    """What is kept of a typeset part."""

    pdf: bytes
    pages: int
    anchors: dict[str, int]
    """The page (0-based, in the part) of each anchor."""


class PartCache:
    """Typeset parts on disk. Each use dates an entry anew; :meth:`prune` removes
    those unused for :data:`CACHE_DAYS`. ``warn``: told once, when the folder
    cannot be written."""

    def __init__(self, folder: Path, warn: Callable[[Problem], None] | None = None) -> None:
        self.folder = folder
        self.warn = warn
        self.failed = False
        """A write failed: nothing more is written in this build."""

    def get(self, key: str, slot: str = "") -> CachedPart | None:
        """The cached part, or None when absent, unreadable, malformed or not matching its digests.
        ``slot``: the file name of an entry kept under one name whatever its key."""
        pdf_path, meta_path = self.folder / f"{slot or key}.pdf", self.folder / f"{slot or key}.json"
        try:
            record = _record(read_sealed(meta_path), key)
            if record is None:
                return None
            data = pdf_path.read_bytes()
        except OSError:
            return None
        digest, pages, anchors = record
        if digest != hashlib.sha256(data).hexdigest():
            return None
        for path in (pdf_path, meta_path):
            try:
                os.utime(path)  # used now: kept by prune
            except OSError:
                pass  # a cache that cannot be written is still read
        return CachedPart(data, pages, anchors)

    def put(self, key: str, part: CachedPart, slot: str = "") -> None:
        """Keep ``part`` under ``key`` (or ``slot``); a failure turns the cache's writes off."""
        if self.failed:
            return
        meta = {"key": key, "sha256": hashlib.sha256(part.pdf).hexdigest(), "pages": part.pages, "anchors": part.anchors}
        name = slot or key
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # the PDF first: a stale JSON beside a new PDF does not match it
            replace_file(self.folder / f"{name}.pdf", part.pdf)
            write_sealed(self.folder / f"{name}.json", meta)
        except OSError as error:
            self.failed = True
            if self.warn is not None:
                self.warn(cache_problem(self.folder, error))

    def prune(self) -> None:
        """Remove the parts unused for :data:`CACHE_DAYS` days, and what an interrupted write left."""
        if self.failed:
            return
        oldest = time.time() - CACHE_DAYS * 86400
        try:
            paths = list(self.folder.glob("*"))
        except OSError:
            return
        for path in paths:
            try:
                stale = (_ENTRY.fullmatch(path.name) or path.name.endswith(".part")) and path.stat().st_mtime < oldest
                if stale:
                    path.unlink()
            except OSError:
                pass  # removed meanwhile by another build: nothing to do


def _record(meta: object, key: str) -> tuple[str, int, dict[str, int]] | None:
    """A part's record under ``key``, as written by :meth:`PartCache.put`: its PDF's digest,
    its page count and its anchors, each on one of its pages; None for anything else."""
    if not isinstance(meta, dict) or set(meta) != {"key", "sha256", "pages", "anchors"} or meta["key"] != key:
        return None
    digest, pages, anchors = meta["sha256"], meta["pages"], meta["anchors"]
    if not isinstance(digest, str) or not _is_count(pages) or not isinstance(anchors, dict):
        return None
    if not all(_is_count(page) and page < pages for page in anchors.values()):
        return None
    return digest, pages, anchors


def _is_count(value: object) -> TypeGuard[int]:
    return type(value) is int and value >= 0


def cache_problem(folder: Path, error: OSError) -> Problem:
    """What the user is told when the cache cannot be written."""
    return Problem(
        f"the cache cannot be written ({OutputError.reason(error)}): this build goes on without it",
        folder,
        hint="to use it again, make it writable or free some space; --no-cache builds without it",
    )


def read_sealed(path: Path) -> object:
    """The value written by :func:`write_sealed`; None when the file is not one, or its
    digest does not match. Raises :class:`OSError` when the file cannot be read."""
    try:
        sealed = json.loads(path.read_bytes())
    except (ValueError, RecursionError):
        return None
    if not isinstance(sealed, dict) or set(sealed) != {"digest", "value"}:
        return None
    if sealed["digest"] != _digest(sealed["value"]):
        return None
    return sealed["value"]


def write_sealed(path: Path, value: object) -> None:
    """``value`` as JSON, with the digest of its content; raises :class:`OSError`."""
    replace_file(path, json.dumps({"digest": _digest(value), "value": value}, ensure_ascii=False).encode())


def _digest(value: object) -> str:
    """The SHA-256 of ``value`` as canonical JSON (the same after a round trip through JSON)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def replace_file(path: Path, data: bytes) -> None:
    """Write ``path`` through a temporary file renamed into place; the temporary file is
    removed if that fails. Raises :class:`OSError`."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass  # the folder is gone, or not a folder: there is nothing to remove
        raise
