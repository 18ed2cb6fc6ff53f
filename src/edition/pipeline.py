"""The build, from configuration to files: read, check, render, verify, write.

Stages are functions from values to values; only :func:`write_outputs`
touches ``build/``, and it writes atomically: a failed build leaves the
previous good files untouched.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError, EditionError, Problem, SourceError, VerificationError
from .model import Edition, OutputFile
from .passes import prepare_article
from .passes.citations import check_keys
from .passes.links import check_links
from .passes.resources import check_resources
from .paths import is_within
from .readers.article import read_article
from .readers.bibtex import read_bibliography
from .readers.config import read_config

if TYPE_CHECKING:
    from .render.book import PartResult
    from .render.memo import CitationMemo

CACHE_FOLDER = ".cache"
"""The folder, in the output folder, of the parts typeset before."""


FORMATS = ("pdf", "html", "epub")


def load_edition(config_path: Path) -> Edition:
    """Read the configuration and every article, and run the passes.

    Problems of the configuration and of all sources are raised together.
    """
    config, problems = read_config(config_path)
    if config is None:
        raise ConfigError(problems)
    config_problems = len(problems)
    entries, found = read_bibliography(config.bibliography)
    problems.extend(found)
    articles = []
    for index, slug in enumerate(config.articles, start=1):
        folder = config.sources / slug
        if not folder.is_dir() or not is_within(folder, config.sources):
            continue  # reported with the configuration
        source, found = read_article(folder)
        problems.extend(found)
        if source is None:
            continue
        article, found = prepare_article(source, index, config.layout)
        problems.extend(found)
        problems.extend(check_resources(article, config.root))
        problems.extend(check_links(article))
        problems.extend(check_keys(article, entries))
        articles.append(article)
    if len(problems) > config_problems:
        raise SourceError(problems)
    if problems:
        raise ConfigError(problems)
    return Edition(config=config, articles=tuple(articles), bibliography=entries)


def check(config_path: Path) -> Edition:
    """Every source check, without rendering. Raises :class:`EditionError`."""
    return load_edition(config_path)


def build(
    config_path: Path,
    formats: Iterable[str] = ("pdf",),
    out: Path | None = None,
    jobs: int = 0,
    cache: bool = True,
    progress: Callable[[PartResult], None] | None = None,
    timings: dict[str, float] | None = None,
) -> list[Path]:
    """Build the reader described by ``config_path``; returns the files written.

    ``formats``: ``pdf``, ``html``, ``epub``. ``jobs``: processes typesetting
    articles (0: one per core). ``cache``: reuse the parts typeset before,
    from ``build/.cache``. ``progress`` is called with each part as it is
    typeset; ``timings`` is filled with the seconds of each phase. Raises
    :class:`EditionError` (with every problem found) on bad input, a failed
    render, or a PDF that lost something of the sources.
    """
    # imported here so that `edition check` does not load the typesetter
    from .render import render_screen_editions
    from .render.epub import modified_time

    clock = _Clock(timings)
    edition = load_edition(config_path)
    config = edition.config
    folder = out or config.root / "build"
    citations = citation_memo(edition, folder / CACHE_FOLDER) if cache else None
    clock.lap("read and check the sources")
    outputs: list[OutputFile] = []
    wanted = list(dict.fromkeys(formats))
    if "pdf" in wanted:
        # order matters: the PDF is written only if every part kept every note and word;
        # a rejected one is kept aside, under another name, for inspection
        from .render.book import build_book

        pdf, book = build_book(edition, folder / CACHE_FOLDER if cache else None, jobs, progress)
        clock.add(book.timings)
        if book.problems:
            rejected = OutputFile(rejected_name(pdf), pdf.data)
            path = write_outputs([rejected], folder)[0]
            raise VerificationError([*book.problems, Problem(f"the rejected PDF is kept for inspection at {path}")])
        outputs.append(pdf)
        (folder / rejected_name(pdf)).unlink(missing_ok=True)
    screen = [kind for kind in ("html", "epub") if kind in wanted]
    if screen:
        # the edition's date, never the clock: the same sources give the same bytes
        modified = modified_time(config.date, os.environ.get("SOURCE_DATE_EPOCH"))
        outputs.extend(render_screen_editions(edition, screen, modified, jobs))
        clock.lap(" and ".join({"html": "HTML edition", "epub": "EPUB"}[kind] for kind in screen))
    written = write_outputs(outputs, folder)
    if citations is not None:
        citations.save()
    clock.lap("write")
    return written


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
    """Write each file through a temporary file renamed into place."""
    written = []
    for output in outputs:
        target = folder / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(output.data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written.append(target)
    return written


__all__ = ["FORMATS", "EditionError", "OutputFile", "build", "check", "load_edition"]
