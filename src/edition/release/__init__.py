"""Versioned archival editions: release, verify, diff.

``release`` builds every format of the reader's current version and files
them, with a manifest, in ``<archive>/<name>-<version>/``:

- ``<name>-<version>.pdf``: PDF/A-3b, its sources (the configuration, the
  changelog file, every file of each article's folder, the ``.bib`` files)
  attached as associated files (relationship Source);
- ``<name>-<version>.epub`` and ``<name>-<version>-html.zip`` (the HTML edition);
- ``manifest.json``: each file with its SHA-256, the sources and their
  digest, the page on which each § starts, the versions of the tool and of
  its dependencies.

A release folder is never overwritten: it is written in a temporary folder
beside it and renamed into place. The same sources give the same bytes,
wherever the project is checked out: every date is the release date
(``SOURCE_DATE_EPOCH`` is set from it unless it is set already) and no file
holds an absolute path or a clock time.

``verify`` checks a release folder against its manifest; ``diff`` tells
what changed between two releases: paragraphs by § and language, and the
pages on which a § now starts.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import difflib
import hashlib
import io
import json
import mimetypes
import os
import platform
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, requires, version
from pathlib import Path, PurePosixPath
from typing import Any

from . import __version__
from .errors import ConfigError, Problem, ReleaseError, VerificationError
from .model import LANGS, Article, Edition, Lang, OutputFile, ReaderConfig, Segment
from .passes import prepare_article
from .passes.inlines import block_text, note_labels, plain_text
from .pipeline import CACHE_FOLDER, load_edition, write_outputs
from .readers.article import read_article
from .readers.config import read_config
from .render.how_to_cite import how_to_cite
from .render.inline import row_id

MANIFEST = "manifest.json"
RELEASES = Path("build") / "releases"
"""Where releases are filed, beside the configuration, unless ``[release] archive`` says otherwise."""
MANIFEST_FORMAT = 1

MIME_TYPES = {
    ".md": "text/markdown",
    ".toml": "application/toml",
    ".bib": "application/x-bibtex",
    ".txt": "text/plain",
    ".csl": "application/vnd.citationstyles.style+xml",
}


@dataclass(frozen=True)
class Released:
    """What ``release`` did: the release folder, and whether it was there already."""

    folder: Path
    files: tuple[Path, ...]
    unchanged: bool = False


# --- release ---------------------------------------------------------------------------


def release(config_path: Path, tagged: bool = False, jobs: int = 0, cache: bool = True, progress: Callable[..., None] | None = None) -> Released:
    """Build every format of the reader's current version and file it as a release.

    Raises :class:`ConfigError` when the configuration cannot make a release
    (no release date, no changelog entry for the version), and
    :class:`ReleaseError` when a release of this version exists with other
    sources. A release of this version from the same sources is left as it is.
    """
    edition = load_edition(config_path)
    config = edition.config
    _check_releasable(config)
    sources = collect_sources(edition)
    folder = archive_folder(config) / f"{config.name}-{config.version}"
    if folder.exists():
        return _existing(folder, config, sources)
    with _source_date_epoch(config.date):
        files, pages = _make_files(edition, sources, tagged, jobs, cache, progress)
    manifest = _manifest(edition, sources, files, pages, tagged)
    folder.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".partial"))
    try:
        write_outputs([*files, OutputFile(Path(MANIFEST), manifest)], temporary)
        os.chmod(temporary, 0o755)
        try:
            os.rename(temporary, folder)  # fails when the folder appeared meanwhile (and is not empty)
        except OSError:
            if folder.exists():
                return _existing(folder, config, sources)
            raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return Released(folder, tuple(sorted(folder / f.path for f in files)) + (folder / MANIFEST,))


def archive_folder(config: ReaderConfig) -> Path:
    return config.archive or config.root / RELEASES


def _check_releasable(config: ReaderConfig) -> None:
    problems = []
    if not config.date:
        problems.append(
            Problem("reader.date: a release needs its release date", config.path, None, 'set date = "YYYY-MM-DD" in [reader]')
        )
    if config.version not in [change.version for change in config.changelog]:
        where = config.changelog_file or config.path
        problems.append(
            Problem(
                f"the changelog has no entry for version {config.version}",
                where,
                None,
                f"write what changed in {config.version}: "
                + ("a ## heading in the changelog file" if config.changelog_file else "a [[changelog]] table with version, date and changes"),
            )
        )
    if problems:
        raise ConfigError(problems)


def _existing(folder: Path, config: ReaderConfig, sources: list[Source]) -> Released:
    """The release folder exists: unchanged if made from the same sources, else refused."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        recorded = {name: entry["sha256"] for name, entry in manifest["sources"]["files"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise ReleaseError(
            Problem(
                f"release {config.version} exists and has no readable {MANIFEST}",
                folder,
                hint="a release folder is never overwritten: look at it, or raise [reader] version",
            )
        ) from None
    current = {source.name: _sha256(source.data) for source in sources}
    if current == recorded:
        return Released(folder, tuple(sorted(p for p in folder.iterdir())), unchanged=True)
    changed = sorted(name for name in current.keys() & recorded.keys() if current[name] != recorded[name])
    added, removed = sorted(current.keys() - recorded.keys()), sorted(recorded.keys() - current.keys())
    what = "; ".join(
        f"{label}: {', '.join(names)}" for label, names in (("changed", changed), ("new", added), ("gone", removed)) if names
    )
    raise ReleaseError(
        Problem(
            f"release {config.version} exists and was made from other sources ({what})",
            folder,
            hint=f"a release is never overwritten: raise [reader] version in {config.path.name} and say what changed in the changelog",
        )
    )


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
    folder that holds them all, so that no name depends on where the project is."""
    config = edition.config
    paths = {config.path.resolve(): "config"}
    if config.changelog_file:
        paths.setdefault(config.changelog_file.resolve(), "changelog")
    for article in edition.articles:
        for path in sorted(p for p in article.folder.rglob("*") if p.is_file() and not _hidden(p, article.folder)):
            paths.setdefault(path.resolve(), "article")
    if config.bibliography.is_dir():
        for path in sorted(config.bibliography.glob("*.bib")):
            paths.setdefault(path.resolve(), "bibliography")
    base = Path(os.path.commonpath([p.parent for p in paths]))
    sources = [Source(p.relative_to(base).as_posix(), p.read_bytes(), _mime(p), kind) for p, kind in paths.items()]
    return sorted(sources, key=lambda s: s.name)


def _hidden(path: Path, folder: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def _mime(path: Path) -> str:
    return MIME_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def sources_digest(sources: list[Source]) -> str:
    """One digest of the sources: their names and bytes, in order."""
    digest = hashlib.sha256()
    for source in sources:
        digest.update(f"{source.name}\0{_sha256(source.data)}\n".encode())
    return digest.hexdigest()


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


def _make_files(
    edition: Edition, sources: list[Source], tagged: bool, jobs: int, cache: bool, progress: Callable[..., None] | None
) -> tuple[list[OutputFile], dict[str, Any]]:
    """The PDF/A (checked: nothing lost), the EPUB, the zipped HTML edition; and the page map."""
    from .render import render_epub, render_html_edition
    from .render.book import Archival, Attachment, build_book, read_destinations
    from .render.epub import modified_time
    from .verify import check_pdf

    config = edition.config
    stem = f"{config.name}-{config.version}"
    archival = Archival(config.date, tagged, tuple(Attachment(s.name, s.data, s.mime) for s in sources))
    cache_folder = config.root / "build" / CACHE_FOLDER if cache else None
    pdf, book = build_book(edition, cache_folder, jobs, progress, archival)
    problems = book.problems or check_pdf(edition, pdf.data).problems
    if problems:
        raise VerificationError(problems)
    modified = modified_time(config.date, os.environ.get("SOURCE_DATE_EPOCH"))
    epub = render_epub(edition, modified)
    html = render_html_edition(edition)
    files = [
        OutputFile(Path(f"{stem}.pdf"), pdf.data),
        OutputFile(Path(f"{stem}.epub"), epub.data),
        OutputFile(Path(f"{stem}-html.zip"), zip_folder(html, PurePosixPath(f"{stem}-html"), modified)),
    ]
    return files, page_map(edition, read_destinations(pdf.data))


def zip_folder(files: list[OutputFile], top: PurePosixPath, modified: datetime) -> bytes:
    """The files (paths under ``html/``) in a zip, under ``top/``: in name order, every entry
    dated ``modified``, the same permissions wherever it is made."""
    entries = sorted((top / PurePosixPath(*file.path.parts[1:]), file.data) for file in files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(str(name), date_time=modified.timetuple()[:6])
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def page_map(edition: Edition, destinations: dict[str, int]) -> dict[str, Any]:
    """For each article: its first page, and the page on which each § starts, per language
    (printed page numbers: the physical page, as the folios count)."""
    pages: dict[str, Any] = {}
    for article in edition.articles:
        entry: dict[str, Any] = {"article": article.index, "title": {"ru": article.meta.title.ru, "en": article.meta.title.en}}
        start = destinations.get(f"a{article.index}")
        entry["first_page"] = start + 1 if start is not None else None
        for lang in LANGS:
            entry[lang] = {
                str(segment.number): destinations[row_id(article, segment, 0)] + 1
                for segment in article.segments
                if segment.number is not None and segment.block(lang) is not None and row_id(article, segment, 0) in destinations
            }
        pages[article.slug] = entry
    return pages


def _manifest(edition: Edition, sources: list[Source], files: list[OutputFile], pages: dict[str, Any], tagged: bool) -> bytes:
    config = edition.config
    config_name = next(s.name for s in sources if s.kind == "config")
    manifest = {
        "format": MANIFEST_FORMAT,
        "reader": config.name,
        "title": {"ru": config.title.ru, "en": config.title.en},
        "version": config.version,
        "date": config.date,
        "licence": {"ru": config.licence.ru, "en": config.licence.en} if config.licence else None,
        "changes": next(list(c.items) for c in config.changelog if c.version == config.version),
        "cite": {lang: how_to_cite(config, lang).text() for lang in LANGS},
        "files": {f.path.as_posix(): {"sha256": _sha256(f.data), "bytes": len(f.data)} for f in files},
        "pdf": {
            "variant": "PDF/A-3b",
            "tagged": "PDF/UA-1" if tagged else None,
            "conformance": "checked by its properties (XMP identification, output intent, fonts embedded, /ID, attachments), not certified by a validator",
        },
        "sources": {
            "sha256": sources_digest(sources),
            "config": config_name,
            "files": {s.name: {"sha256": _sha256(s.data), "bytes": len(s.data)} for s in sources},
        },
        "templates_sha256": _folder_digest(config.templates, config.csl_ru, config.csl_en),
        "pages": pages,
        "tool": {"name": "edition", "version": __version__, "python": platform.python_version(), "dependencies": dependency_versions()},
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def dependency_versions() -> dict[str, str]:
    """The versions of the tool's dependencies and of WeasyPrint's, and of the system's
    Pango and HarfBuzz (WeasyPrint's text layout): what the PDF's bytes depend on."""
    found: dict[str, str] = {}
    for package in ("edition", "weasyprint"):
        for requirement in requires(package) or []:
            if "extra ==" in requirement:
                continue
            name = re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0]
            try:
                found[name.lower()] = version(name)
            except PackageNotFoundError:
                continue
    for library, function in (("pango-1.0", "pango_version_string"), ("harfbuzz", "hb_version_string")):
        found[library.split("-")[0]] = _library_version(library, function)
    return dict(sorted(found.items()))


def _library_version(library: str, function: str) -> str:
    try:
        name = ctypes.util.find_library(library)
        call = getattr(ctypes.CDLL(name), function)
        call.restype = ctypes.c_char_p
        return str(call().decode())
    except (OSError, AttributeError, TypeError):
        return "unknown"


def _folder_digest(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update((file.relative_to(path).as_posix() if path.is_dir() else file.name).encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- verify ----------------------------------------------------------------------------


def verify(folder: Path) -> dict[str, Any]:
    """Check a release folder against its manifest; returns the manifest.

    Raises :class:`ReleaseError` naming every file missing, extra or changed,
    and every source attached to the PDF that is not the one recorded.
    """
    manifest = read_manifest(folder)
    problems = []
    listed: dict[str, dict[str, Any]] = manifest["files"]
    for name, entry in listed.items():
        path = folder / name
        if not path.is_file():
            problems.append(Problem(f"{name}: missing", path, hint="restore it from a copy of the release"))
        elif _sha256(path.read_bytes()) != entry["sha256"]:
            problems.append(Problem(f"{name}: changed (its SHA-256 is not the manifest's)", path, hint="restore it from a copy of the release"))
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name != MANIFEST and name not in listed:
            problems.append(Problem(f"{name}: not in the manifest", path, hint="a release holds only the files its manifest lists: remove it"))
    pdf = next((folder / name for name in listed if name.endswith(".pdf")), None)
    if pdf is not None and pdf.is_file():
        problems.extend(_check_attachments(pdf, manifest))
    if problems:
        raise ReleaseError(problems)
    return manifest


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not folder.is_dir():
        raise ReleaseError(Problem("not a release folder", folder, hint="give a folder under build/releases/"))
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict) or not isinstance(manifest.get("sources"), dict):
            raise ValueError("not a release manifest")  # noqa: TRY004 (reported as unreadable)
    except FileNotFoundError:
        raise ReleaseError(Problem(f"{MANIFEST}: missing", path, hint="a release folder holds its manifest")) from None
    except (OSError, ValueError) as error:
        raise ReleaseError(Problem(f"{MANIFEST}: unreadable ({error})", path)) from None
    return manifest


def _check_attachments(pdf: Path, manifest: dict[str, Any]) -> list[Problem]:
    from .render.book import read_attachments

    recorded: dict[str, dict[str, Any]] = manifest["sources"]["files"]
    try:
        attached = read_attachments(pdf.read_bytes())
    except Exception as error:  # noqa: BLE001 (a damaged PDF: reported, not a traceback)
        return [Problem(f"the PDF cannot be read ({type(error).__name__}: {error})", pdf)]
    problems = []
    for name, entry in recorded.items():
        if name not in attached:
            problems.append(Problem(f"source {name} is not attached to the PDF", pdf))
        elif _sha256(attached[name]) != entry["sha256"]:
            problems.append(Problem(f"source {name} attached to the PDF is not the one recorded", pdf))
    problems += [Problem(f"{name} is attached to the PDF but not in the manifest", pdf) for name in sorted(attached.keys() - recorded.keys())]
    return problems


# --- diff ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Release:
    """A release read back: its manifest and its articles, from the sources attached to its PDF."""

    manifest: dict[str, Any]
    articles: dict[str, Article]

    @property
    def label(self) -> str:
        return f"{self.manifest['reader']} {self.manifest['version']} ({self.manifest['date']})"

    def pages(self, slug: str, lang: Lang) -> dict[str, int]:
        entry = self.manifest.get("pages", {}).get(slug, {})
        return {str(k): int(v) for k, v in entry.get(lang, {}).items()}


def diff(folder_a: Path, folder_b: Path) -> list[str]:
    """What changed from release A to release B, as lines for an instructor: each paragraph
    changed, new or removed (by § and language), renumbered paragraphs, and the §
    whose first page moved, so that page citations of A can be checked against B."""
    a, b = _read_release(folder_a), _read_release(folder_b)
    lines = [f"{a.label} → {b.label}"]
    for slug in [*a.articles, *(s for s in b.articles if s not in a.articles)]:
        if slug not in b.articles:
            lines.append(f"\nArticle «{a.articles[slug].meta.title.en}» ({slug}): removed")
            continue
        if slug not in a.articles:
            lines.append(f"\nArticle «{b.articles[slug].meta.title.en}» ({slug}): new")
            continue
        lines += _diff_article(a, b, slug)
    if len(lines) == 1:
        lines.append("no paragraph changed and no page moved")
    return lines


def _read_release(folder: Path) -> _Release:
    from .render.book import read_attachments

    manifest = read_manifest(folder)
    pdf = next((folder / name for name in manifest["files"] if name.endswith(".pdf")), None)
    if pdf is None or not pdf.is_file():
        raise ReleaseError(Problem("the release has no PDF to read its sources from", folder))
    attached = read_attachments(pdf.read_bytes())
    config_name = str(manifest["sources"].get("config", ""))
    if config_name not in attached:
        raise ReleaseError(Problem(f"the PDF has no attached configuration {config_name!r}", pdf))
    with tempfile.TemporaryDirectory(prefix="edition-diff-") as temporary:
        root = Path(temporary)
        for name, data in attached.items():
            target = root / PurePosixPath(name)
            if not target.resolve().is_relative_to(root.resolve()):
                raise ReleaseError(Problem(f"attachment {name!r} would be written outside its folder", pdf))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        articles = _read_articles(root / PurePosixPath(config_name), pdf)
    return _Release(manifest, articles)


def _read_articles(config_path: Path, pdf: Path) -> dict[str, Article]:
    """The articles of an extracted release (its templates are not needed: nothing is typeset)."""
    config, problems = read_config(config_path)
    if config is None:
        raise ReleaseError([Problem(f"the attached configuration cannot be read: {p.message}", pdf) for p in problems])
    articles = {}
    for index, slug in enumerate(config.articles, start=1):
        source, _ = read_article(config.sources / slug)
        if source is not None:
            articles[slug], _ = prepare_article(source, index, config.layout)
    return articles


def _diff_article(a: _Release, b: _Release, slug: str) -> list[str]:
    old, new = a.articles[slug], b.articles[slug]
    found: list[str] = []
    moves: dict[int, dict[Lang, tuple[int, int]]] = {}
    for lang in LANGS:
        before, after = _paragraphs(old, lang), _paragraphs(new, lang)
        matcher = difflib.SequenceMatcher(a=[t for _, t in before], b=[t for _, t in after], autojunk=False)
        matched: list[tuple[int, int]] = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                pairs = list(zip(range(i1, i2), range(j1, j2), strict=True))
                matched += [(before[i][0], after[j][0]) for i, j in pairs]
                renumbered = [(before[i][0], after[j][0]) for i, j in pairs if before[i][0] != after[j][0]]
                if renumbered:
                    found.append(f"  {_span([x for x, _ in renumbered])} ({lang}): now {_span([y for _, y in renumbered])}")
                continue
            for offset in range(max(i2 - i1, j2 - j1)):
                i, j = i1 + offset, j1 + offset
                if i < i2 and j < j2:
                    matched.append((before[i][0], after[j][0]))
                    number = f"§ {before[i][0]}" + (f" (now § {after[j][0]})" if before[i][0] != after[j][0] else "")
                    found.append(f"  {number} ({lang}): changed: {_words_changed(before[i][1], after[j][1])}")
                elif i < i2:
                    found.append(f"  § {before[i][0]} ({lang}): removed: {_clip(before[i][1])}")
                else:
                    found.append(f"  § {after[j][0]} ({lang}): new: {_clip(after[j][1])}")
        old_pages, new_pages = a.pages(slug, lang), b.pages(slug, lang)
        for x, y in matched:
            if str(x) in old_pages and str(y) in new_pages and old_pages[str(x)] != new_pages[str(y)]:
                moves.setdefault(x, {})[lang] = (old_pages[str(x)], new_pages[str(y)])
    if moves:
        found.append(f"  pages moved (§ as numbered in {a.manifest['version']}):")
        found += [f"    {line}" for line in _page_moves(moves)]
    if not found:
        return []
    return [f"\nArticle {old.index}, «{old.meta.title.en}» ({slug}):", *found]


def _page_moves(moves: dict[int, dict[Lang, tuple[int, int]]]) -> list[str]:
    """``§ 5–9 (ru, en): p. 6–8 → p. 7–9``: runs of consecutive § that moved alike."""
    runs: list[list[int]] = []
    for number in sorted(moves):
        if runs and number == runs[-1][-1] + 1 and _shift(moves[number]) == _shift(moves[runs[-1][-1]]):
            runs[-1].append(number)
        else:
            runs.append([number])
    lines = []
    for run in runs:
        first, last = moves[run[0]], moves[run[-1]]
        langs = ", ".join(first)
        lang = next(iter(first))
        (old_first, new_first), (old_last, new_last) = first[lang], last[lang]
        numbers = f"§ {run[0]}–{run[-1]}" if len(run) > 1 else f"§ {run[0]}"
        old = f"p. {old_first}–{old_last}" if old_last != old_first else f"p. {old_first}"
        new = f"p. {new_first}–{new_last}" if new_last != new_first else f"p. {new_first}"
        lines.append(f"{numbers} ({langs}): {old} → {new}")
    return lines


def _shift(move: dict[Lang, tuple[int, int]]) -> tuple[tuple[str, int], ...]:
    return tuple((lang, new - old) for lang, (old, new) in move.items())


def _paragraphs(article: Article, lang: Lang) -> list[tuple[int, str]]:
    """(§, text) of each numbered paragraph in ``lang``: its words, then its notes' words."""
    found = []
    for segment in article.segments:
        block = segment.block(lang)
        if segment.number is None or block is None:
            continue
        text = _segment_text(article, segment, lang)
        found.append((segment.number, text))
    return found


def _segment_text(article: Article, segment: Segment, lang: Lang) -> str:
    block = segment.block(lang)
    assert block is not None
    text = block_text(block)
    for label in note_labels(block):
        try:
            note = article.note(lang, label)
        except KeyError:
            continue
        text += f" [note {note.number}: " + " ".join(plain_text(p) for p in note.paragraphs) + "]"
    return " ".join(text.split())


def _words_changed(old: str, new: str, limit: int = 3) -> str:
    """The changed words, ``[-old-] {+new+}``, with a few words of context, at most ``limit`` places."""
    a, b = old.split(), new.split()
    places = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        before = " ".join(a[max(0, i1 - 3) : i1])
        removed = f"[-{' '.join(a[i1:i2])}-]" if i2 > i1 else ""
        added = f"{{+{' '.join(b[j1:j2])}+}}" if j2 > j1 else ""
        after = " ".join(a[i2 : i2 + 3])
        places.append(" ".join(part for part in ("…" + before if before else "", removed, added, after + "…" if after else "") if part))
    shown = "; ".join(places[:limit])
    return shown + (f"; and {len(places) - limit} more" if len(places) > limit else "")


def _clip(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _span(numbers: list[int]) -> str:
    """``§ 3–7, 9``: runs of consecutive numbers."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return "§ " + ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


__all__ = ["MANIFEST", "Released", "collect_sources", "diff", "release", "verify"]
