"""The sources of a release: collected from the project, attached to its PDF, read back from it.

A release is made from the configuration, the changelog file, every file of
each article's folder and the ``.bib`` files, each named by its path in the
project. ``verify`` and ``diff`` read them back from the PDF into a
temporary folder: an attachment whose name would leave that folder is
refused, and so is a configuration that names a changelog or a sources
folder outside it (nothing is read from there).
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import tempfile
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ..errors import Problem, SourceError, raise_if
from ..model import Edition, ReaderConfig
from ..paths import is_within, outside
from ..readers.config import read_config
from .files import inside_name, read_regular

MIME_TYPES = {
    ".md": "text/markdown",
    ".toml": "application/toml",
    ".bib": "application/x-bibtex",
    ".txt": "text/plain",
    ".csl": "application/vnd.citationstyles.style+xml",
}


@dataclass(frozen=True)
class Source:
    """A source file of the release: its name relative to the project (``/``) and its bytes."""

    name: str
    data: bytes
    mime: str
    kind: str = "article"
    """``config``, ``changelog``, ``article`` (a file of an article's folder) or ``bibliography``."""


def collect_sources(edition: Edition) -> list[Source]:
    """The files the release is made from: the configuration, the changelog file,
    every file of each article's folder, the ``.bib`` files; named relative to the
    folder that holds them all, so that no name depends on where the project is.

    A file of an article's folder or a ``.bib`` file that is a link to a file
    outside the sources or bibliography folder is refused, unread (exit 3).
    """
    config = edition.config
    paths = {config.path.resolve(): "config"}
    if config.changelog_file:
        paths.setdefault(config.changelog_file.resolve(), "changelog")
    refused: list[Problem] = []
    for article in edition.articles:
        for path in sorted(p for p in article.folder.rglob("*") if p.is_file() and not _hidden(p, article.folder)):
            _collect(path, config.sources, "article", paths, refused)
    if config.bibliography.is_dir():
        for path in sorted(config.bibliography.glob("*.bib")):
            _collect(path, config.bibliography, "bibliography", paths, refused)
    raise_if(refused, SourceError)
    base = Path(os.path.commonpath([p.parent for p in paths]))
    sources = [Source(p.relative_to(base).as_posix(), p.read_bytes(), _mime(p), kind) for p, kind in paths.items()]
    return sorted(sources, key=lambda s: s.name)


def _collect(path: Path, folder: Path, kind: str, paths: dict[Path, str], refused: list[Problem]) -> None:
    problem = outside(path, folder)
    if problem is not None:
        refused.append(replace(problem, message=f"{problem.message}, nor attached to the release"))
    else:
        paths.setdefault(path.resolve(), kind)


def _hidden(path: Path, folder: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def _mime(path: Path) -> str:
    return MIME_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def sources_digest(sources: Iterable[Source]) -> str:
    """One digest of the sources: their names and bytes, in name order."""
    return digest_of({source.name: hashlib.sha256(source.data).hexdigest() for source in sources})


def digest_of(recorded: Mapping[str, str]) -> str:
    """One digest of files given by name and SHA-256 (hexadecimal): each name and its
    SHA-256, in name order; the manifest's ``sources.sha256``."""
    digest = hashlib.sha256()
    for name in sorted(recorded):
        digest.update(f"{name}\0{recorded[name]}\n".encode())
    return digest.hexdigest()


# --- read back from a release's PDF -----------------------------------------------------


def read_attached(folder: Path, pdf_name: str) -> dict[str, bytes] | Problem:
    """The files attached to the release's PDF, by name; a problem when it cannot be read."""
    from ..render.book import read_attachments

    pdf = folder / pdf_name
    try:
        return read_attachments(read_regular(folder, pdf_name))
    except Exception as error:  # noqa: BLE001 (a damaged or missing PDF: reported, not a traceback)
        return Problem(f"its attached sources cannot be read ({type(error).__name__}: {error})", pdf, hint="restore it from a copy of the release")


@contextlib.contextmanager
def extracted(attached: Mapping[str, bytes]) -> Iterator[Path]:
    """A temporary folder holding the attached files, each at its name; a name that is
    not inside the folder, or that another one's folder takes, is left out (the check
    of the attachments against the manifest reports it)."""
    with tempfile.TemporaryDirectory(prefix="edition-release-") as temporary:
        root = Path(temporary)
        for name, data in attached.items():
            if inside_name(name):
                target = root / PurePosixPath(name)
                with contextlib.suppress(OSError):  # "a" and "a/b" both attached
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
        yield root


def attached_config(root: Path, config_name: str, with_sources: bool = False) -> ReaderConfig | str:
    """The configuration extracted at ``root / config_name``, or why it cannot be used.

    Its changelog file (and its sources folder, ``with_sources``: the articles are to be
    read) must be among the extracted files: one named elsewhere is refused before
    anything is read from it. Problems of the configuration as a project's (its
    templates, say, are not attached) are not this check's concern.
    """
    path = root / PurePosixPath(config_name)
    if not inside_name(config_name) or not path.is_file():
        return f"the configuration {config_name!r} is not attached to the PDF"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return f"the configuration {config_name!r} attached to the PDF is not TOML"
    reader, paths = data.get("reader"), data.get("paths")
    named = {
        "changelog file": reader.get("changelog") if isinstance(reader, dict) else None,
        "sources folder": paths.get("sources", "sources") if isinstance(paths, dict) and with_sources else None,
    }
    for what, value in named.items():
        if isinstance(value, str) and not is_within(path.parent / value, root):
            return f"the configuration attached to the PDF names a {what} outside the attached sources; it is not read"
    config, _ = read_config(path)
    if config is None:
        return f"the configuration {config_name!r} attached to the PDF cannot be read"
    return config
