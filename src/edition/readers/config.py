"""Reading the reader configuration (``edition.toml``)."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Problem, display_path
from ..model import Bilingual, Change, Layout, ReaderConfig
from ..paths import is_within
from .changelog import is_date, read_changelog_file, read_changelog_tables
from .csl import STYLES_FOLDER, Style, read_style
from .toml import TomlFile, TomlTable, bilingual_value, read_toml

DEFAULT_CONFIG = "edition.toml"

_TOP = {
    "reader": "title, articles and edition data",
    "citations": "the CSL style of each language",
    "layout": "paper and typography",
    "paths": "folders of sources, bibliography and templates",
    "release": "where releases are filed",
    "changelog": "[[changelog]] tables: version, date, changes",
}
_READER = {
    "name": "stem of the output files",
    "title": "{ ru, en }",
    "subtitle": "{ ru, en }",
    "editor": "{ ru, en }",
    "version": "edition version",
    "date": "release date of the edition, YYYY-MM-DD",
    "articles": "article folders, in order",
    "licence": "licence of the edition: a string or { ru, en }",
    "changelog": "a CHANGELOG file, relative to this file (or [[changelog]] tables)",
    "publisher": "{ ru, en }: publisher, for how to cite",
    "place": "{ ru, en }: place of publication, for how to cite",
    "url": "where the edition is published online, for how to cite",
}
_RELEASE = {"archive": "folder releases are filed in, relative to this file"}
_LAYOUT = {
    "paper": "A4, A5 or Letter",
    "font_size": "body size in points",
    "paragraph_numbers": "print § numbers",
    "hyphenate": "hyphenate text",
    "split_chars": "longest side of a row before a pair is split",
    "mode": "columns (side by side) or facing (Russian left page, English right)",
}
_PATHS = {"sources": "", "bibliography": "", "templates": ""}
_CITATIONS = {"ru": "CSL style of the Russian side", "en": "CSL style of the English side"}
DEFAULT_STYLES = {"ru": "csl/gost-r-7.0.5-2008-notes.csl", "en": "csl/chicago-notes-bibliography-17th.csl"}
"""Default CSL styles, in the templates folder."""
READER_TEMPLATE = "reader.html.j2"
"""The template of the printed reader, which every templates folder has."""
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def read_config(path: Path) -> tuple[ReaderConfig | None, list[Problem]]:
    """The reader configuration at ``path`` and every problem in it.

    The configuration is returned whenever the file parses, problems or not,
    so that the sources can be checked in the same run; None when it does
    not parse.
    """
    problems: list[Problem] = []
    if not path.exists():
        problems.append(
            Problem(
                "configuration file not found",
                path,
                hint=f"run edition in the project folder, which holds {DEFAULT_CONFIG}, or pass --config FILE",
            )
        )
        return None, problems
    toml = read_toml(path, problems)
    if toml is None:
        return None, problems
    config = _config(toml)
    problems.extend(toml.problems)
    return config, problems


def _config(toml: TomlFile) -> ReaderConfig:
    toml.table("", _TOP)
    reader = toml.table("reader", _READER, required=True)
    layout = toml.table("layout", _LAYOUT)
    paths = toml.table("paths", _PATHS)
    root = toml.path.parent
    folders = {key: root / paths.string(key, key) for key in _PATHS}
    for key, folder in folders.items():
        if key != "bibliography" and not folder.is_dir():
            paths.problem(key, f"folder {display_path(folder)} not found", f"create it or set paths.{key}")
    if folders["templates"].is_dir() and not (folders["templates"] / READER_TEMPLATE).is_file():
        paths.problem(
            "templates",
            f"{display_path(folders['templates'])} is not a templates folder: it has no {READER_TEMPLATE}",
            "set paths.templates to a copy of the edition's templates folder",
        )
    styles = _styles(toml, root, folders["templates"])
    release = toml.table("release", _RELEASE)
    archive = release.string("archive", "")
    changelog_file, changelog = _changelog(toml, reader, root)
    name = reader.string("name", _default_name(toml.path))
    if not _SLUG.match(name):
        reader.problem("name", f"{name!r} is not a file name of lowercase letters, digits and hyphens")
    date = reader.string("date", "")
    if date and not is_date(date):
        reader.problem("date", f"{date!r} is not a date of the form YYYY-MM-DD", "write the release date, e.g. 2027-02-01")
    articles = reader.strings("articles", required=True)
    if reader.has("articles") and not articles and not toml.problems:
        reader.problem("articles", "the reader has no articles", 'list article folders: articles = ["slug"]')
    _check_articles(reader, articles, folders["sources"], root)
    return ReaderConfig(
        path=toml.path,
        name=name,
        title=reader.bilingual("title", required=True) or Bilingual("", ""),
        subtitle=reader.bilingual("subtitle"),
        editor=reader.bilingual("editor"),
        version=reader.string("version", "0.1.0"),
        date=date,
        articles=articles,
        sources=folders["sources"],
        bibliography=folders["bibliography"],
        templates=folders["templates"],
        csl_ru=styles["ru"].path,
        csl_en=styles["en"].path,
        cites_ru=styles["ru"].kind,
        cites_en=styles["en"].kind,
        licence=_licence(reader),
        changelog=changelog,
        changelog_file=changelog_file,
        publisher=reader.bilingual("publisher"),
        place=reader.bilingual("place"),
        url=reader.string("url", ""),
        archive=root / archive if archive else None,
        layout=Layout(
            paper=layout.choice("paper", ("A4", "A5", "Letter"), "A4"),  # type: ignore[arg-type]
            font_size=layout.number("font_size", 10.0, 7.0, 16.0),
            paragraph_numbers=layout.boolean("paragraph_numbers", True),
            hyphenate=layout.boolean("hyphenate", True),
            split_chars=int(layout.number("split_chars", 0, 0, 100000)),
            mode=layout.choice("mode", ("columns", "facing"), "columns"),  # type: ignore[arg-type]
        ),
    )


def _check_articles(reader: TomlTable, articles: tuple[str, ...], sources: Path, root: Path) -> None:
    """Each article a slug, listed once, a folder inside the sources folder."""
    seen: set[str] = set()
    for index, slug in enumerate(articles):
        key = f"articles[{index}]"
        if slug in seen:
            reader.problem(key, f"article {slug!r} is listed twice")
        seen.add(slug)
        if not _SLUG.match(slug):
            reader.problem(
                key,
                f"{slug!r} is not an article folder name: lowercase ASCII letters, digits and hyphens",
                "name the article's folder under the sources folder, e.g. ruhr-negotiations-1923",
            )
        elif sources.is_dir() and not (sources / slug).is_dir():
            reader.problem(key, f"article folder {display_path(sources / slug)} not found", _closest(slug, sources, root))
        elif sources.is_dir() and not is_within(sources / slug, sources):
            reader.problem(
                key,
                f"article folder {display_path(sources / slug)} is a link to a folder outside {display_path(sources)}; it is not read",
                "copy the article's folder into the sources folder instead of linking to it",
            )


def _styles(toml: TomlFile, root: Path, templates: Path) -> dict[str, Style]:
    """The CSL style of each language: written in [citations] (inside the project or the
    templates folder), or the default one of the templates folder."""
    citations = toml.table("citations", _CITATIONS)
    styles = {}
    for lang, default in DEFAULT_STYLES.items():
        written = citations.string(lang, "")
        path = root / written if written else templates / default
        styles[lang] = Style(path, "note")
        if not written:
            if not (templates / READER_TEMPLATE).is_file():
                continue  # not a templates folder: reported with [paths]
            if not path.is_file() or not is_within(path, templates):
                # blame the key the user wrote (paths.templates), not a [citations] key never written
                toml.problem(
                    "paths.templates",
                    f"the templates folder {display_path(templates)} has no {default} (the default CSL style for {lang})",
                    f"use a copy of the edition's templates folder, or give a style as [citations] {lang}",
                )
                continue
        elif not is_within(path, root) and not is_within(path, templates):
            citations.problem(
                lang,
                f"CSL style {display_path(path)} lies outside the project folder and the templates folder; it is not read",
                "copy the .csl file into the project (e.g. styles/) and give its path relative to this configuration",
            )
            continue
        elif not path.is_file():
            citations.problem(lang, f"CSL style {display_path(path)} not found", "give the path of a .csl file, relative to this configuration")
            continue
        style, problem = read_style(path, root / STYLES_FOLDER)
        if style is not None and not (is_within(style.path, root) or is_within(style.path, templates)):
            style, problem = None, f"is a dependent CSL style whose parent {display_path(style.path)} lies outside the project; it is not read"
        if style is None:
            key = lang if written else "paths.templates"
            message = f"{display_path(path)} {problem}"
            hint = "give a CSL 1.0 style (.csl), e.g. one of https://github.com/citation-style-language/styles"
            (citations.problem if written else toml.problem)(key, message, hint)
            continue
        styles[lang] = style
    return styles


def _licence(reader: TomlTable) -> Bilingual | None:
    value = reader.data.get("licence")
    if isinstance(value, str):
        if not value.strip():
            reader.problem("licence", "must not be empty")
        return Bilingual(value, value)
    return bilingual_value(reader, "licence", value) if value is not None else None


def _changelog(toml: TomlFile, reader: TomlTable, root: Path) -> tuple[Path | None, tuple[Change, ...]]:
    """The changelog: from the file ``reader.changelog`` names, or the ``[[changelog]]`` tables."""
    tables = TomlTable(toml, "", toml.data).tables("changelog") if "changelog" in toml.data else []
    written = reader.string("changelog", "")
    from_tables = read_changelog_tables(tables)
    if not written:
        return None, from_tables
    if tables:
        reader.problem("changelog", "the changelog is given twice: a file and [[changelog]] tables", "keep one of them")
    path = root / written
    if path.exists() and not is_within(path, root):
        reader.problem("changelog", f"file {display_path(path)} lies outside the project folder; it is not read", "keep the changelog inside the project")
        return None, ()
    if not path.is_file():
        reader.problem("changelog", f"file {display_path(path)} not found", "give the path of the CHANGELOG file, relative to this configuration")
        return None, ()
    return path, read_changelog_file(path, toml.problems)


def _default_name(path: Path) -> str:
    stem = re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-")
    return stem or "reader"


def _closest(slug: str, sources: Path, root: Path) -> str:
    """Article folders of the sources folder close to ``slug``: folders with an article.toml
    only, and none named when the sources folder lies outside the project."""
    import difflib

    if not is_within(sources, root):
        return f"check paths.sources: {display_path(sources)} lies outside the project folder"
    known = sorted(p.name for p in sources.iterdir() if _SLUG.match(p.name) and (p / "article.toml").is_file())
    close = difflib.get_close_matches(slug, known, n=3)
    if close:
        return f"did you mean {', '.join(close)}?"
    return f"articles available: {', '.join(known) or '(none)'}"
