"""Reading one article folder: ``article.toml``, ``ru.md`` and ``en.md``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, cast

from ..errors import Problem
from ..model import (
    LANGS,
    ArticleMeta,
    ArticleSource,
    Bilingual,
    Correction,
    LangText,
    Location,
)
from ..paths import outside
from .markdown import read_markdown
from .text import read_text
from .toml import TomlFile, TomlTable, bilingual_value, read_toml

META_FILE = "article.toml"

By = Literal["authors", "translation"]


def read_article(folder: Path, sources: Path | None = None) -> tuple[ArticleSource | None, list[Problem]]:
    """Read an article folder; None when it cannot be read at all.

    Its files are read only when they lie inside ``sources`` (by default the
    folder's parent, the sources folder), symbolic links resolved.
    """
    problems: list[Problem] = []
    sources = sources or folder.parent
    for name in (META_FILE, *(f"{lang}.md" for lang in LANGS)):
        problem = outside(folder / name, sources)
        if problem is not None:
            problems.append(problem)
    if problems:
        return None, problems
    if not folder.is_dir():
        problems.append(
            Problem(
                f"article folder {folder.name!r} not found",
                folder,
                hint=f"create {folder}/ with article.toml, ru.md and en.md, or remove it from the reader's articles",
            )
        )
        return None, problems
    meta = read_meta(folder / META_FILE, problems)
    texts: dict[str, LangText] = {}
    for lang in LANGS:
        path = folder / f"{lang}.md"
        text = read_text(path, problems)
        if text is None:
            continue
        lang_text, found = read_markdown(path, lang, text)
        problems.extend(found)
        if not lang_text.blocks:
            problems.append(Problem("the article has no text in this file", path, 1, "write the article's text"))
        texts[lang] = lang_text
    if meta is None or len(texts) < 2:
        return None, problems
    return ArticleSource(folder.name, folder, meta, texts["ru"], texts["en"]), problems


_META_KEYS = {
    "title": "the article's title: ru, en, en_by",
    "title_short": "the title in the running heads: ru, en",
    "authors": "[[authors]] as printed: ru, en",
    "publication": "the original publication: ru, en",
    "keywords": "ru, en lists; ru_by, en_by",
    "translation": "credit for the translation: ru, en",
    "editorial_notes": "[[editorial_notes]]: ru, en",
    "corrections": "[[corrections]]: line, original, corrected",
    "check": "[check]: mixed_script, the words the sources check lets through",
}


def read_meta(path: Path, problems: list[Problem]) -> ArticleMeta | None:
    toml = read_toml(path, problems)
    if toml is None:
        return None
    top = toml.table("", _META_KEYS)
    title = _title(toml)
    authors = tuple(a for a in (bilingual_value(top, f"authors[{i}]", v) for i, v in enumerate(_list(top, "authors"))) if a)
    keywords = toml.table("keywords", {"ru": "", "en": "", "ru_by": "", "en_by": ""})
    lines = _entry_lines(toml, "corrections", "corrected")
    corrections = tuple(_correction(t, Location(path, line) if line else None) for t, line in zip(top.tables("corrections"), lines))
    check = toml.table("check", {"mixed_script": "words the original means as they are, mixed scripts and all"})
    meta = ArticleMeta(
        title=title or Bilingual("", ""),
        title_en_by=_by(TomlTable(toml, "title", _dict(toml.data.get("title"))), "en_by", "translation"),
        title_short=top.bilingual("title_short"),
        authors=authors,
        publication=top.bilingual("publication"),
        keywords_ru=keywords.strings("ru"),
        keywords_en=keywords.strings("en"),
        keywords_ru_by=_by(keywords, "ru_by", "authors"),
        keywords_en_by=_by(keywords, "en_by", "translation"),
        translation=top.bilingual("translation"),
        editorial_notes=tuple(n for n in (bilingual_value(top, f"editorial_notes[{i}]", v) for i, v in enumerate(_list(top, "editorial_notes"))) if n),
        corrections=tuple(c for c in corrections if c is not None),
        mixed_script=check.strings("mixed_script"),
    )
    problems.extend(toml.problems)
    return meta


def _title(toml: TomlFile) -> Bilingual | None:
    if "title" not in toml.data:
        toml.problem("title", "missing", '[title] with ru = "..." and en = "..."')
        return None
    return bilingual_value(TomlTable(toml, "", toml.data), "title", toml.data["title"], extra=("en_by",))


def _dict(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def _list(table: TomlTable, key: str) -> list[object]:
    value = table.data.get(key, [])
    if not isinstance(value, list):
        table.problem(key, "must be an array of tables", f"write each entry as [[{key}]]")
        return []
    return value


def _by(table: TomlTable, key: str, default: By) -> By:
    return cast(By, table.choice(key, ("authors", "translation"), default))


def _entry_lines(toml: TomlFile, name: str, key: str) -> list[int | None]:
    """For each ``[[name]]`` table of the file, in order, the line where it sets ``key``
    (else its header's line); one entry more than there are tables, so that ``zip``
    never runs short."""
    lines: list[int | None] = []
    inside = False
    for number, line in enumerate(toml.text.splitlines(), start=1):
        header = re.match(r"\s*\[", line)
        if header:
            inside = re.match(rf"\s*\[\[\s*{re.escape(name)}\s*\]\]", line) is not None
            if inside:
                lines.append(number)
        elif inside and re.match(rf"\s*{re.escape(key)}\s*=", line):
            lines[-1] = number
    return [*lines, None]


def _correction(table: TomlTable, location: Location | None) -> Correction | None:
    for key in table.data:
        if key not in ("line", "original", "corrected"):
            table.problem(key, "unknown key", "known keys here: corrected, line, original")
    original = table.string("original", required=True)
    corrected = table.string("corrected", required=True)
    line = table.data.get("line")
    if line is not None and (not isinstance(line, int) or isinstance(line, bool) or line < 1):
        table.problem("line", "must be a line number (1 or more)")
        line = None
    return Correction(original, corrected, line, location) if original and corrected else None
