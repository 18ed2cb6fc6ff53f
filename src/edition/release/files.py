"""A release's own files, read safely: regular files inside its folder, never through a link.

A release folder may have been tampered with: a file replaced by a symbolic
link (to a copy, or to ``/etc/passwd``), by a folder or by a FIFO that would
block a reader for ever, or a manifest that lists ``../../etc/passwd``. Such
a name is refused before anything is opened; a file is opened without
following a link (``O_NOFOLLOW``, ``O_NONBLOCK``) and read only when it is
a regular file.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

SYMBOLIC_LINK = "a symbolic link, not a file"
MISSING = "missing"


class NotAFile(Exception):
    """A path of a release that is not a regular file; its message says what it is instead."""


def inside_name(name: str) -> bool:
    """Whether ``name`` is a relative ``/``-separated name that stays inside its folder."""
    parts = name.split("/")
    return bool(name) and "\0" not in name and not PurePosixPath(name).is_absolute() and all(part not in ("", ".", "..") for part in parts)


def read_regular(folder: Path, name: str) -> bytes:
    """The bytes of the regular file ``name`` (an :func:`inside_name`) of ``folder``,
    no link followed on the way; raises :class:`NotAFile` otherwise."""
    path = folder
    for part in PurePosixPath(name).parts[:-1]:
        path = path / part
        if path.is_symlink():
            raise NotAFile(f"in {part}/, a symbolic link, not a folder")
    try:
        descriptor = os.open(folder / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise NotAFile(MISSING) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise NotAFile(SYMBOLIC_LINK) from None
        raise
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise NotAFile("a folder, not a file" if stat.S_ISDIR(mode) else "not a regular file")
    with os.fdopen(descriptor, "rb") as file:
        return file.read()


def folder_entries(folder: Path) -> Iterator[str]:
    """The name of everything in ``folder`` but its subfolders (files, links, FIFOs...),
    relative to it; the subfolders are walked, links to folders are not."""
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False):
                yield from (f"{entry.name}/{name}" for name in folder_entries(Path(entry.path)))
            else:
                yield entry.name
