"""The command line: parse options, call the pipeline, turn errors into messages."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .errors import EditionError, display_path
from .readers.config import DEFAULT_CONFIG

if TYPE_CHECKING:
    from .render.book import PartResult

CONFIG_HELP = f"The reader's configuration file (default: ./{DEFAULT_CONFIG})."


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="edition")
def main() -> None:
    """Parallel Russian/English academic editions from Markdown sources.

    Run the commands in the project folder, which holds edition.toml,
    sources/, bibliography/ and templates/.

    \b
    Examples:
      edition build pdf          the printed reader, in build/
      edition build epub         the EPUB 3, in build/
      edition build all          PDF, HTML edition and EPUB
      edition check              check the sources without building
    """


@main.command()
@click.argument("format", type=click.Choice(["pdf", "html", "epub", "all"]), default="pdf")
@click.option("--config", "config", type=click.Path(path_type=Path), default=Path(DEFAULT_CONFIG), help=CONFIG_HELP)
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=None, help="Output folder (default: build/ beside the configuration).")
@click.option("--jobs", "-j", type=click.IntRange(0), default=0, help="Processes typesetting articles (default: one per core).")
@click.option("--no-cache", is_flag=True, help="Typeset every part again, ignoring build/.cache.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but the result.")
@click.option("--verbose", "-v", is_flag=True, help="Print the time of each phase and part.")
def build(format: str, config: Path, out: Path | None, jobs: int, no_cache: bool, quiet: bool, verbose: bool) -> None:
    """Build the reader: FORMAT is pdf (default), html, epub or all.

    The PDF is typeset part by part (front matter, each article, the
    bibliography), in parallel, and joined; a part whose sources, templates
    and settings have not changed is taken from build/.cache. Each part is
    read back and the PDF is written only if every footnote stands on the
    page of its call and every word of the sources is in it; otherwise the
    previous PDF is left as it was. html writes build/html/ (index.html, a
    page per article); epub writes build/<name>.epub, the same pages
    packaged as an EPUB 3. all makes the three.

    \b
    Examples:
      edition build pdf
      edition build pdf --jobs 4 --verbose
      edition build epub
      edition build html --out /tmp/reader
      edition build all --config readers/seminar-2.toml
    """
    from .pipeline import build as run_build

    formats = ["pdf", "html", "epub"] if format == "all" else [format]
    started = time.perf_counter()
    timings: dict[str, float] = {}
    show = _Progress(enabled=not quiet and sys.stderr.isatty(), verbose=verbose)
    with _reported(), show:
        written = run_build(config, formats, out, jobs=jobs, cache=not no_cache, progress=show.part, timings=timings)
    if verbose:
        for phase, seconds in timings.items():
            click.echo(f"  {phase:<28} {seconds:6.2f} s", err=True)
    for path in written:
        if path.suffix in (".pdf", ".epub") or path.name == "index.html":
            click.echo(f"wrote {display_path(path)}")
    if not quiet:
        click.echo(f"built in {time.perf_counter() - started:.1f} s", err=True)


class _Progress:
    """A progress line on a terminal: the part just typeset and the pages done."""

    def __init__(self, enabled: bool, verbose: bool) -> None:
        self.enabled = enabled
        self.verbose = verbose
        self.pages = 0
        self.parts = 0

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *_: object) -> None:
        if self.enabled and self.parts:
            click.echo(err=True)

    def part(self, result: PartResult) -> None:
        self.parts += 1
        self.pages += result.pages
        how = "cached" if result.cached else f"{result.seconds:.1f} s"
        if self.verbose:
            click.echo(f"  {result.name:<28} {result.pages:4d} pages  {how}", err=True)
        elif self.enabled:
            click.echo(f"\r\033[K[{self.parts}] {result.name} ({how}) · {self.pages} pages", nl=False, err=True)


@main.command()
@click.option("--config", "config", type=click.Path(path_type=Path), default=Path(DEFAULT_CONFIG), help=CONFIG_HELP)
def check(config: Path) -> None:
    """Check the configuration and sources without building.

    Reports every problem at once, each with its file and line: Markdown
    that does not parse, footnotes called but not defined or defined but
    not called, Russian and English files that do not pair up, unknown
    configuration keys.

    \b
    Example:
      edition check --config edition.toml
    """
    from .pipeline import check as run_check

    with _reported():
        edition = run_check(config)
    pairs = sum(len(a.segments) for a in edition.articles)
    notes = sum(len(a.notes) for a in edition.articles) // 2
    click.echo(f"ok: {len(edition.articles)} articles, {pairs} aligned blocks, {notes} notes in each language")


@contextmanager
def _reported() -> Iterator[None]:
    """Turns an :class:`EditionError` into its report on stderr and its exit code."""
    try:
        yield
    except EditionError as error:
        click.echo(error.report(), err=True)
        sys.exit(error.exit_code)
