"""The build, from configuration to files: read, check, render, verify, write.

Stages are functions from values to values; only :func:`write_outputs`
touches ``build/``, and it writes atomically: a failed build leaves the
previous good files untouched (the HTML edition is replaced as a whole), and
an output folder that cannot be written is an :class:`OutputError`. The
cache, ``build/.cache``, only saves time: when it cannot be written the build
goes on without it.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError, EditionError, OutputError, Problem, SourceError, VerificationError
from .model import Edition, LayoutMode, OutputFile
from .passes import prepare_article
from .passes.citations import check_keys, cite_entries, keys_cited
from .passes.containers import container_positions
from .passes.corrections import check_scripts
from .passes.links import check_links
from .passes.resources import check_resources
from .paths import is_within
from .readers.article import read_article
from .readers.bibtex import open_bibliography
from .readers.config import read_config

if TYPE_CHECKING:
    from .render.book import PartResult
    from .render.memo import CitationMemo

CACHE_FOLDER = ".cache"
"""The folder, in the output folder, of the parts typeset before."""


FORMATS = ("pdf", "html", "epub")


def load_edition(config_path: Path, strict: bool = False, mode: LayoutMode | None = None) -> Edition:
    """Read the configuration and every article, and run the passes.

    Problems of the configuration and of all sources are raised together.
    Only the cited entries of the bibliography are read and checked; with
    ``strict``, every entry is, and a problem of one not cited is a problem
    too. ``mode``: the print layout, instead of the configuration's.
    """
    config, problems = read_config(config_path)
    if config is None:
        raise ConfigError(problems)
    if mode is not None:
        config = replace(config, layout=replace(config.layout, mode=mode))
    config_problems = len(problems)
    bibliography = open_bibliography(config.bibliography)
    problems.extend(bibliography.problems)
    known = bibliography.keys()
    articles = []
    for index, slug in enumerate(config.articles, start=1):
        folder = config.sources / slug
        if not folder.is_dir() or not is_within(folder, config.sources):
            continue  # reported with the configuration
        source, found = read_article(folder)
        problems.extend(found)
        if source is None:
            continue
        problems.extend(check_scripts(source))
        article, found = prepare_article(source, index, config.layout, config.cites)
        problems.extend(found)
        problems.extend(check_resources(article, config.root))
        problems.extend(check_links(article))
        problems.extend(check_keys(article, known))
        articles.append(article)
    # the cited entries, once every article is read: a work cited twice is read once
    cited = bibliography.cited(key for article in articles for key in keys_cited(article))
    problems.extend(cited.problems)
    if strict:
        problems.extend(bibliography.others(cited))
    parents = {entry.key: entry.parent for entry in cited.entries if entry.parent}
    articles = [container_positions(cite_entries(article, cited.keys), parents) for article in articles]
    if len(problems) > config_problems:
        raise SourceError(problems)
    if problems:
        raise ConfigError(problems)
    return Edition(config=config, articles=tuple(articles), bibliography=cited.entries, notices=tuple(cited.notices))


def check(config_path: Path, strict: bool = False) -> Edition:
    """Every source check, without rendering (with ``strict``, of every entry of the
    bibliography, cited or not). Raises :class:`EditionError`."""
    return load_edition(config_path, strict)


def build(
    config_path: Path,
    formats: Iterable[str] = ("pdf",),
    out: Path | None = None,
    jobs: int = 0,
    cache: bool = True,
    progress: Callable[[PartResult], None] | None = None,
    timings: dict[str, float] | None = None,
    warn: Callable[[Problem], None] | None = None,
    mode: LayoutMode | None = None,
) -> list[Path]:
    """Build the reader described by ``config_path``; returns the files written.

    ``formats``: ``pdf``, ``html``, ``epub``. ``jobs``: processes typesetting
    articles (0: one per core). ``cache``: reuse the parts typeset before,
    from ``build/.cache``. ``progress`` is called with each part as it is
    typeset; ``timings`` is filled with the seconds of each phase; ``warn`` is
    told, once, when the cache cannot be written (the build goes on without
    it); ``mode``: the print layout, instead of the configuration's. Raises
    :class:`EditionError` (with every problem found) on bad
    input, a failed render, a PDF that lost something of the sources, or
    (:class:`OutputError`) an output folder that cannot be written.
    """
    # imported here so that `edition check` does not load the typesetter
    from .render import PrintedPage, printed_pages, render_screen_editions
    from .render.epub import modified_time

    clock = _Clock(timings)
    edition = load_edition(config_path, mode=mode)
    config = edition.config
    folder = out or config.root / "build"
    check_writable(folder)  # before anything is typeset, which takes a while
    tell = _once(warn)
    citations = citation_memo(edition, folder / CACHE_FOLDER) if cache else None
    clock.lap("read and check the sources")
    outputs: list[OutputFile] = []
    rejected: Path | None = None
    printed: tuple[PrintedPage, ...] = ()
    wanted = list(dict.fromkeys(formats))
    if "pdf" in wanted:
        # order matters: the PDF is written only if every part kept every note and word;
        # a rejected one is kept aside, under another name, for inspection
        from .render.book import build_book

        pdf, book = build_book(edition, folder / CACHE_FOLDER if cache else None, jobs, progress, warn=tell)
        clock.add(book.timings)
        if book.problems:
            raise VerificationError([*book.problems, _keep_rejected(pdf, folder)])
        outputs.append(pdf)
        rejected = folder / rejected_name(pdf)
        if "epub" in wanted:  # the EPUB made with it lists its pages
            from .render.book import read_destinations

            printed = printed_pages(edition, read_destinations(pdf.data))
    screen = [kind for kind in ("html", "epub") if kind in wanted]
    if screen:
        # the edition's date, never the clock: the same sources give the same bytes
        modified = modified_time(config.date, os.environ.get("SOURCE_DATE_EPOCH"))
        outputs.extend(render_screen_editions(edition, screen, modified, jobs, printed))
        clock.lap(" and ".join({"html": "HTML edition", "epub": "EPUB"}[kind] for kind in screen))
    try:
        written = write_outputs(outputs, folder)
        if rejected is not None:
            rejected.unlink(missing_ok=True)  # the PDF written is good
    except OSError as error:
        raise OutputError.writing(folder, error) from None
    if citations is not None:
        _save(citations, folder / CACHE_FOLDER, tell)
    clock.lap("write")
    return written


def check_writable(folder: Path) -> None:
    """Write a file into ``folder``, or into the nearest folder above it that exists (``folder``
    itself is made only when something is written into it); raises :class:`OutputError`."""
    existing = next(path for path in (folder, *folder.parents) if path.is_symlink() or path.exists())
    try:
        if not existing.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
        handle, probe = tempfile.mkstemp(dir=existing, prefix=".probe.", suffix=".part")
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise OutputError.writing(folder, error) from None


def _keep_rejected(pdf: OutputFile, folder: Path) -> Problem:
    """Write the rejected PDF beside the good one; the problem that tells where."""
    try:
        path = write_outputs([OutputFile(rejected_name(pdf), pdf.data)], folder)[0]
    except OSError as error:
        return Problem(f"the rejected PDF could not be kept for inspection: {OutputError.reason(error)}", folder)
    return Problem(f"the rejected PDF is kept for inspection at {path}")


def _once(warn: Callable[[Problem], None] | None) -> Callable[[Problem], None]:
    """``warn``, told the first problem only (the cache's folder fails every write alike)."""
    told: list[Problem] = []

    def tell(problem: Problem) -> None:
        if warn is not None and not told:
            told.append(problem)
            warn(problem)

    return tell


def _save(citations: CitationMemo, cache: Path, tell: Callable[[Problem], None]) -> None:
    from .render.cache import cache_problem

    try:
        citations.save()
    except OSError as error:
        tell(cache_problem(cache, error))


def citation_memo(edition: Edition, folder: Path) -> CitationMemo:
    from .render.html import citation_formatter
    from .render.memo import CitationMemo

    return CitationMemo(folder, citation_formatter(edition), edition)


class _Clock:
    """Seconds of each phase, into ``timings`` when given."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[phase] = self.timings.get(phase, 0.0) + now - self.last
        self.last = now

    def add(self, phases: dict[str, float]) -> None:
        if self.timings is not None:
            self.timings.update(phases)
        self.last = time.perf_counter()


def rejected_name(pdf: OutputFile) -> Path:
    return pdf.path.with_suffix(".rejected.pdf")


def write_outputs(outputs: list[OutputFile], folder: Path) -> list[Path]:
    """Write each file, and each folder of files (the HTML edition), atomically.

    A file is written into a temporary file beside it, renamed into place; a
    folder (the first part of a path such as ``html/index.html``) is written
    whole into a temporary folder beside it, renamed into place once complete,
    the folder before it renamed aside, then removed. A failure leaves each
    file and folder complete, as before or as new, or absent, and no
    temporary file; it raises :class:`OSError`.
    """
    folders: dict[str, list[OutputFile]] = {}
    for output in outputs:
        if len(output.path.parts) > 1:
            folders.setdefault(output.path.parts[0], []).append(output)
    for output in outputs:
        if len(output.path.parts) == 1:
            _write_file(folder / output.path, output.data)
        elif output.path.parts[0] in folders:
            name = output.path.parts[0]
            _write_folder(folder / name, folders.pop(name))
    return [folder / output.path for output in outputs]


LEFTOVER_SECONDS = 3600
"""A temporary file or folder older than this was left by a build that was killed (a build writes in seconds)."""


def _clear_leftovers(target: Path) -> None:
    """Remove what a killed build left beside ``target`` (``.name.*.part``, ``.name.*.old``),
    putting back a previous folder a build moved aside and could not replace."""
    now = time.time()
    for leftover in target.parent.glob(f".{target.name}.*"):
        try:
            if leftover.suffix not in (".part", ".old") or now - leftover.lstat().st_mtime < LEFTOVER_SECONDS:
                continue
            kept = leftover / target.name
            if leftover.suffix == ".old" and kept.is_dir() and not (target.exists() or target.is_symlink()):
                os.rename(kept, target)
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
        except OSError:
            continue  # another build's, or not ours to remove: left as it is


def _write_file(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(target)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_folder(target: Path, files: list[OutputFile]) -> None:
    """``files`` (paths starting with the folder's name) as the folder ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(target)
    temporary = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part"))
    try:
        for output in files:
            path = temporary.joinpath(*output.path.parts[1:])
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as stream:
                stream.write(output.data)
            os.chmod(path, 0o644)
        os.chmod(temporary, 0o755)
        aside = _moved_aside(target)
        try:
            os.rename(temporary, target)
        except BaseException:
            if aside is not None:
                os.rename(aside / target.name, target)
            raise
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


def _moved_aside(target: Path) -> Path | None:
    """Move ``target``, if it exists, into a new folder beside it; that folder."""
    if not (target.exists() or target.is_symlink()):
        return None
    aside = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".old"))
    try:
        os.rename(target, aside / target.name)
    except BaseException:
        aside.rmdir()
        raise
    return aside


__all__ = ["FORMATS", "EditionError", "OutputFile", "build", "check", "load_edition"]
