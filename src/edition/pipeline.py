"""The build, from configuration to files: read, check, render, verify, write.

Stages are functions from values to values; only :func:`write_outputs`
touches ``build/``, and it writes atomically: a failed build leaves the
previous good files untouched.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError, EditionError, Problem, SourceError, VerificationError
from .model import Edition, OutputFile

if TYPE_CHECKING:
    from .verify import Report
from .passes import prepare_article
from .passes.citations import check_keys
from .passes.resources import check_resources
from .readers.article import read_article
from .readers.bibtex import read_bibliography
from .readers.config import read_config

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
        if not folder.is_dir():
            continue  # reported with the configuration
        source, found = read_article(folder)
        problems.extend(found)
        if source is None:
            continue
        article, found = prepare_article(source, index, config.layout)
        problems.extend(found)
        problems.extend(check_resources(article, config.root))
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


def build(config_path: Path, formats: Iterable[str] = ("pdf",), out: Path | None = None) -> list[Path]:
    """Build the reader described by ``config_path``; returns the files written.

    ``formats``: ``pdf``, ``html``, ``epub``. Raises :class:`EditionError`
    (with every problem found) on bad input, a failed render, or a PDF that
    lost something of the sources.
    """
    # imported here so that `edition check` does not load the typesetter
    from .render import render_epub, render_html_edition
    from .render.epub import modified_time

    edition = load_edition(config_path)
    config = edition.config
    folder = out or config.root / "build"
    outputs: list[OutputFile] = []
    wanted = list(dict.fromkeys(formats))
    if "pdf" in wanted:
        # order matters: the PDF is written only if it kept every note and word;
        # a rejected one is kept aside, under another name, for inspection
        pdf, report = render_checked_pdf(edition)
        if report.problems:
            rejected = OutputFile(rejected_name(pdf), pdf.data)
            path = write_outputs([rejected], folder)[0]
            raise VerificationError([*report.problems, Problem(f"the rejected PDF is kept for inspection at {path}")])
        outputs.append(pdf)
        (folder / rejected_name(pdf)).unlink(missing_ok=True)
    if "html" in wanted:
        outputs.extend(render_html_edition(edition))
    if "epub" in wanted:
        # the edition's date, never the clock: the same sources give the same bytes
        modified = modified_time(config.date, os.environ.get("SOURCE_DATE_EPOCH"))
        outputs.append(render_epub(edition, modified))
    return write_outputs(outputs, folder)


MAX_LAYOUT_PASSES = 6


def render_checked_pdf(edition: Edition) -> tuple[OutputFile, Report]:
    """Typeset and read back; where a note was pushed off its page, typeset again.

    WeasyPrint moves the notes already on a page to the next one when the
    first line of a later block does not fit at the foot of the page, even
    if that block then moves on (a table row that must not break). The check
    names that block; starting it on a new page keeps the notes with their
    calls. Each pass adds such breaks until the check is clean or nothing
    more can be done.
    """
    from .render import render_pdf
    from .verify import check_pdf

    breaks: frozenset[str] = frozenset()
    for _ in range(MAX_LAYOUT_PASSES):
        pdf = render_pdf(edition, breaks)
        report = check_pdf(edition, pdf.data)
        more = breaks | report.pushing_rows
        if not report.problems or more == breaks:
            break
        breaks = frozenset(more)
    return pdf, report


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
