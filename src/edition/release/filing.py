"""Filing a release (``edition release``): never overwritten, never half-made.

The reader's current version is built and written in a temporary folder
beside its place, then renamed into it. A release of that version that is
there already is checked against its manifest first, as ``verify`` checks
it: a damaged one is refused, naming what no longer matches; one made from
other sources is refused, naming the sources that differ; one made from the
same sources, intact, is reported unchanged and left as it is.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import ConfigError, OutputError, Problem, ReleaseError
from ..model import OutputFile, ReaderConfig
from ..pipeline import check_writable, load_edition, write_outputs
from ..readers.toml import read_toml
from .check import release_problems
from .formats import make_formats
from .manifest import MANIFEST, make_manifest, sha256
from .sources import Source, collect_sources

RELEASES = Path("build") / "releases"
"""Where releases are filed, beside the configuration, unless ``[release] archive`` says otherwise."""


@dataclass(frozen=True)
class Released:
    """What ``release`` did: the release folder, and whether it was there already."""

    folder: Path
    files: tuple[Path, ...]
    unchanged: bool = False


def release(config_path: Path, tagged: bool = False, jobs: int = 0, cache: bool = True, progress: Callable[..., None] | None = None) -> Released:
    """Build every format of the reader's current version and file it as a release.

    Raises :class:`ConfigError` when the configuration cannot make a release
    (no release date, no changelog entry for the version), and
    :class:`ReleaseError` when a release of this version exists with other
    sources or no longer matches its manifest. A release of this version from
    the same sources, intact, is left as it is.
    """
    edition = load_edition(config_path)
    config = edition.config
    _check_releasable(config)
    sources = collect_sources(edition)
    folder = archive_folder(config) / f"{config.name}-{config.version}"
    if folder.exists() or folder.is_symlink():
        return _existing(folder, config, sources)
    check_writable(folder.parent)
    with _source_date_epoch(config.date):
        files, pages = make_formats(edition, sources, tagged, jobs, cache, progress)
    manifest = make_manifest(edition, sources, files, pages, tagged)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".partial"))
    except OSError as error:
        raise OutputError.writing(folder.parent, error) from None
    try:
        write_outputs([*files, OutputFile(Path(MANIFEST), manifest)], temporary)
        os.chmod(temporary, 0o755)
        try:
            os.rename(temporary, folder)  # fails when the folder appeared meanwhile (and is not empty)
        except OSError:
            if folder.exists():
                return _existing(folder, config, sources)
            raise
    except OSError as error:
        raise OutputError.writing(folder.parent, error) from None
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return Released(folder, tuple(sorted(folder / f.path for f in files)) + (folder / MANIFEST,))


def archive_folder(config: ReaderConfig) -> Path:
    return config.archive or config.root / RELEASES


def _check_releasable(config: ReaderConfig) -> None:
    """A release needs its date and a changelog entry for its version: each missing one
    reported at its key of the configuration (or its ``[reader]`` table)."""
    toml = read_toml(config.path, [])
    reader = toml.data.get("reader") if toml else None

    def line(key: str) -> int | None:
        if toml is None:
            return None
        return toml.line_of(f"reader.{key}") if isinstance(reader, dict) and key in reader else toml.table_line("reader")

    problems = []
    if not config.date:
        problems.append(Problem("reader.date: a release needs its release date", config.path, line("date"), 'add date = "YYYY-MM-DD", the release date, to [reader]'))
    if config.version not in [change.version for change in config.changelog]:
        if config.changelog_file:
            hint = f"add ## {config.version} (YYYY-MM-DD) and what changed to {config.changelog_file.name}"
        else:
            hint = f'add a [[changelog]] table with version = "{config.version}", its date and its changes'
        problems.append(Problem(f"reader.version: the changelog has no entry for version {config.version}", config.path, line("version"), hint))
    if problems:
        raise ConfigError(problems)


def _existing(folder: Path, config: ReaderConfig, sources: list[Source]) -> Released:
    """The release folder exists: refused if it no longer matches its manifest or was made
    from other sources; else unchanged."""
    manifest, damage = release_problems(folder)
    if manifest is None:
        raise ReleaseError(
            [Problem(f"release {config.version} exists and has no readable {MANIFEST}", folder, hint="a release folder is never overwritten: look at it, or raise [reader] version"), *damage]
        )
    recorded = {name: entry["sha256"] for name, entry in manifest["sources"]["files"].items()}
    current = {source.name: sha256(source.data) for source in sources}
    if current != recorded:
        changed = sorted(name for name in current.keys() & recorded.keys() if current[name] != recorded[name])
        added, removed = sorted(current.keys() - recorded.keys()), sorted(recorded.keys() - current.keys())
        what = "; ".join(f"{label}: {', '.join(names)}" for label, names in (("changed", changed), ("new", added), ("gone", removed)) if names)
        other = Problem(
            f"release {config.version} exists and was made from other sources ({what})",
            folder,
            hint=f"a release is never overwritten: raise [reader] version in {config.path.name} and say what changed in the changelog",
        )
        raise ReleaseError([other, *damage])
    if damage:
        hint = (
            "restore its files from a copy of the release (edition verify checks it), "
            f"or release a new version: raise [reader] version in {config.path.name} and say what changed in the changelog"
        )
        raise ReleaseError([Problem(f"release {config.version} exists and no longer matches its manifest", folder, hint=hint), *damage])
    return Released(folder, tuple(sorted(folder.iterdir())), unchanged=True)


@contextlib.contextmanager
def _source_date_epoch(day: str) -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` as set, or set from the release date for the time of the release,
    so that whatever stamps a time (fontTools, when it makes a font instance) stamps that one."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
