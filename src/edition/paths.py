"""Where a file may be read from: inside the folder the configuration names for it.

Every file the edition reads (sources, ``.bib`` files, templates, CSL styles,
the changelog, images) is resolved once, symbolic links followed, and refused
when the result lies outside its folder, as pip refuses an archive member
that would unpack outside its target (``is_within_directory``). A refused
file is never opened, so nothing of its content can reach a message.
"""

from __future__ import annotations

from pathlib import Path

from .errors import Problem


def is_within(path: Path, folder: Path) -> bool:
    """Whether ``path``, links resolved, lies inside ``folder`` (links resolved)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def outside(path: Path, folder: Path, what: str = "the file") -> Problem | None:
    """A problem when ``path`` resolves outside ``folder``; None when it may be read."""
    if is_within(path, folder):
        return None
    return Problem(
        f"{what} lies outside {folder} (through a symbolic link or '..'); it is not read",
        path,
        hint=f"copy the file into {folder} instead of linking to it",
    )
