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
from .errors import EditionError, Problem, display_path
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
@click.option(
    "--layout", "mode", type=click.Choice(["columns", "facing"]), default=None,
    help="Print the texts side by side (columns) or on facing pages (facing), instead of [layout] mode.",
)
def build(format: str, config: Path, out: Path | None, jobs: int, no_cache: bool, quiet: bool, verbose: bool, mode: str | None) -> None:
    """Build the reader: FORMAT is pdf (default), html, epub or all.

    The PDF is typeset part by part (front matter, each article, the
    bibliography), in parallel, and joined; a part whose sources, templates
    and settings have not changed is taken from build/.cache. Each part is
    checked as typeset and the PDF is written only if every footnote stands
    on the page of its call and every word of the sources is in it;
    otherwise the previous PDF is left as it was. html writes build/html/
    (index.html, a page per article); epub writes build/<name>.epub, the
    same pages packaged as an EPUB 3. all makes the three.

    \b
    Examples:
      edition build pdf
      edition build pdf --jobs 4 --verbose
      edition build pdf --layout facing
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
        written = run_build(
            config, formats, out, jobs=jobs, cache=not no_cache, progress=show.part, timings=timings, warn=show.warn, mode=mode  # type: ignore[arg-type]
        )
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

    def warn(self, problem: Problem) -> None:
        """A problem that does not stop the build, on a line of its own (also with --quiet)."""
        if self.enabled and self.parts:
            click.echo("\r\033[K", nl=False, err=True)
        click.echo(f"warning: {problem}", err=True)

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
@click.option("--strict", is_flag=True, help="Also check the entries of the bibliography that no article cites.")
def check(config: Path, strict: bool) -> None:
    """Check the configuration and sources without building.

    Reports every problem at once, each with its file and line: Markdown
    that does not parse, footnotes called but not defined or defined but
    not called, Russian and English files that do not pair up, unknown
    configuration keys, citations of unknown keys and what is wrong with
    the entries cited. An entry no article cites is not checked: with
    --strict it is, and its problems are reported too. Notices (a cited
    work's language taken from its title) follow "ok" and do not fail.

    \b
    Examples:
      edition check --config edition.toml
      edition check --strict
    """
    from .pipeline import check as run_check

    with _reported():
        edition = run_check(config, strict)
    pairs = sum(len(a.segments) for a in edition.articles)
    notes = sum(len(a.notes) for a in edition.articles) // 2
    click.echo(f"ok: {len(edition.articles)} articles, {pairs} aligned blocks, {notes} notes in each language")
    if edition.notices:
        click.echo("notices:")
        for notice in edition.notices:
            click.echo(f"  {notice}")


@main.command()
@click.option("--config", "config", type=click.Path(path_type=Path), default=Path(DEFAULT_CONFIG), help=CONFIG_HELP)
@click.option("--tagged", is_flag=True, help="Add PDF/UA-1 structure tags to the PDF/A.")
@click.option("--jobs", "-j", type=click.IntRange(0), default=0, help="Processes typesetting articles (default: one per core).")
def release(config: Path, tagged: bool, jobs: int) -> None:
    """File the reader's current version as a release, never to be overwritten.

    Builds every format into build/releases/<name>-<version>/ (or [release]
    archive): a PDF/A-3b with its sources attached, the EPUB, the HTML
    edition as a zip, and manifest.json (every file's SHA-256, the sources,
    the page on which each § starts, the tool's and its dependencies'
    versions). Raise [reader] version and say what changed in the changelog
    first: a version released from other sources is refused, and one
    released from the same sources is reported unchanged.

    \b
    Examples:
      edition release
      edition release --tagged --config readers/seminar.toml
    """
    from .release import release as run_release

    with _reported():
        done = run_release(config, tagged=tagged, jobs=jobs)
    if done.unchanged:
        click.echo(f"unchanged: {display_path(done.folder)} was released from these sources already")
        return
    for path in done.files:
        click.echo(f"wrote {display_path(path)}")


@main.command()
@click.argument("release_folder", metavar="RELEASE", type=click.Path(path_type=Path))
def verify(release_folder: Path) -> None:
    """Check a release folder against its manifest.

    Reports each file missing, extra or changed, and each source attached to
    the PDF that is not the one recorded; exits with code 6 if any.

    \b
    Example:
      edition verify build/releases/soviet-german-relations-1920-1923-0.1.0
    """
    from .release import verify as run_verify

    with _reported():
        manifest = run_verify(release_folder)
    click.echo(f"ok: {len(manifest['files'])} files and {len(manifest['sources']['files'])} sources as the manifest records them")  # type: ignore[arg-type,index]


@main.command()
@click.argument("a", type=click.Path(path_type=Path))
@click.argument("b", type=click.Path(path_type=Path))
def diff(a: Path, b: Path) -> None:
    """What changed from release A to release B.

    Each paragraph changed, new or removed, by its § and language (from the
    sources attached to each PDF), paragraphs renumbered, and each § whose
    first page moved, so that page citations of A can be checked.

    \b
    Example:
      edition diff build/releases/reader-1.0.0 build/releases/reader-1.1.0
    """
    from .release import diff as run_diff

    with _reported():
        lines = run_diff(a, b)
    click.echo("\n".join(lines))


@main.command("import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True, help="The article's main language.")
@click.option("--into", type=click.Path(path_type=Path, file_okay=False), required=True, help="The article's folder to write, e.g. sources/<slug>.")
@click.option("--force", is_flag=True, help="Overwrite the sources already in that folder.")
def import_command(source: Path, lang: str, into: Path, force: bool) -> None:
    """Draft an article's sources from SOURCE: text extracted from a PDF (UTF-8), or a PDF.

    Writes ru.md, en.md, article.toml, original.txt (the raw text) and
    import-report.md into the folder: paragraphs rejoined, line-end hyphens
    decided, page furniture removed, footnotes linked to their calls, the
    passages in the other language in the other file; the report lists every
    place to check, by its line in original.txt. Nothing is overwritten
    without --force.

    \b
    Examples:
      edition import article.txt --lang ru --into sources/ruhr-negotiations-1923
      edition import article.pdf --into sources/new-article
    """
    from .importer import import_article

    with _reported():
        result = import_article(source, lang, into, force)
    for path in result.written:
        click.echo(f"wrote {display_path(path)}")
    click.echo(f"{len(result.draft.doubts)} places to check, listed in {display_path(result.report)}")


@contextmanager
def _reported() -> Iterator[None]:
    """Turns an :class:`EditionError` into its report on stderr and its exit code."""
    try:
        yield
    except EditionError as error:
        click.echo(error.report(), err=True)
        sys.exit(error.exit_code)
