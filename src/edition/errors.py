"""Problems found in the user's input, and the one exception that carries them.

Readers and passes do not stop at the first problem: they return what they
could read together with a list of :class:`Problem` values. The pipeline
gathers the problems of every stage and raises :class:`EditionError` once, so
that a user fixing sources sees the whole list in one run.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and where."""

    message: str
    """What is wrong, in one sentence."""
    file: Path | None = None
    """The file it is in, when there is one."""
    line: int | None = None
    """1-based line in that file, when known."""
    hint: str = ""
    """What to do about it."""

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = display_path(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        text = where + self.message
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder if inside it.

    Symbolic links are not resolved: a link is named by its own path, not its target's.
    """
    absolute = Path(os.path.normpath(os.path.abspath(path)))
    for cwd in (Path.cwd(), Path.cwd().resolve()):
        if absolute.is_relative_to(cwd):
            return str(absolute.relative_to(cwd)) if absolute != cwd else "."
    return str(path)


class EditionError(Exception):
    """Input the edition cannot be built from; carries every problem found."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class ConfigError(EditionError):
    """The reader configuration is invalid."""

    exit_code = 2


class SourceError(EditionError):
    """An article's sources are invalid."""

    exit_code = 3


class RenderError(EditionError):
    """A template or the typesetter failed."""

    exit_code = 4


class VerificationError(EditionError):
    """The typeset PDF lost or misplaced something from the sources."""

    exit_code = 5


class ReleaseError(EditionError):
    """A release that would overwrite another, or that does not match its manifest."""

    exit_code = 6


class OutputError(EditionError):
    """The output could not be written: a folder that is read-only or not a folder, a full disk."""

    exit_code = 7

    @classmethod
    def writing(cls, folder: Path, error: OSError, option: str = "--out") -> OutputError:
        """The error of ``error``, met writing into the output folder ``folder`` (which ``option`` names)."""
        reason = cls.reason(error)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            hint = f"free some space on that device, or write elsewhere ({option})"
        elif error.errno in (errno.ENOTDIR, errno.EEXIST):
            hint = f"move that file away, or write elsewhere ({option})"
        elif error.errno == errno.EROFS:
            hint = f"write elsewhere ({option}): that device is mounted read-only"
        else:
            existing = next((p for p in (folder, *folder.parents) if p.exists()), folder)
            hint = f"make {display_path(existing)} writable, or write elsewhere ({option})"
        return cls(Problem(f"the output could not be written: {reason}", folder, hint=hint))

    @staticmethod
    def reason(error: OSError) -> str:
        """What is wrong, in words: "permission denied", "no space left on the device"..."""
        if error.errno in (errno.ENOTDIR, errno.EEXIST) and error.filename:
            in_the_way = _file_in_the_way(Path(os.fsdecode(error.filename)))
            if in_the_way is not None:
                return f"{display_path(in_the_way)} is a file, not a folder"
        return _REASONS.get(error.errno or 0) or (error.strerror or str(error)).lower()


_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.ENOTDIR: "not a folder",
}


def _file_in_the_way(path: Path) -> Path | None:
    """The first of ``path`` and its parents that exists, if it is not a folder."""
    for candidate in (path, *path.parents):
        if candidate.is_symlink() or candidate.exists():
            return None if candidate.is_dir() else candidate
    return None


def raise_if(problems: list[Problem], kind: type[EditionError]) -> None:
    """Raise ``kind`` carrying ``problems`` if there are any."""
    if problems:
        raise kind(problems)
