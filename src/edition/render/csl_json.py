"""A BibLaTeX entry as the CSL-JSON item citeproc formats, one for each language side.

The only module that imports iuliia. The entry's type becomes a CSL type,
its fields CSL variables, its names CSL names; its language
(:func:`work_language`) tells citeproc which titles are English (the only
ones a style title-cases). On the English side Cyrillic is transliterated
(BS 2979, without diacritics, as in the translation), a Russian title is
followed by its English gloss in brackets (marked for
:func:`edition.render.citations.repair`, which sets it in roman type), and
abbreviated Russian places of publication are written out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import iuliia

from .. import languages
from ..model import BibEntry, Lang, Name

TRANSLITERATION = iuliia.BS_2979_ALT
"""Russian in the English side: British Standard 2979 without diacritics, as the translation."""

ORIGINAL_LANGUAGE = {"en": "англ.", "fr": "фр.", "de": "нем.", "it": "ит.", "pl": "пол."}
"""«пер. с англ.»: a translated work's original language, on the Russian side."""
PLACES_EN = {"М.": "Moscow", "Л.": "Leningrad", "СПб.": "St. Petersburg", "Пг.": "Petrograd", "Киев": "Kyiv"}
"""Abbreviated Russian places of publication, written out on the English side (Chicago)."""

GLOSS_OPEN, GLOSS_CLOSE = "\ue001", "\ue002"
"""Around a title's English gloss, for the formatted reference to set it in roman type."""


_TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "thesis": "thesis",
    "report": "report",
    "online": "webpage",
    "manual": "book",
    "misc": "document",
    "unpublished": "manuscript",
}


def csl_item(entry: BibEntry, lang: Lang) -> dict[str, Any]:
    """The CSL-JSON of an entry for one language side."""
    language = work_language(entry)
    latin = _latin if lang == "en" else (lambda text: text)
    english_gloss = lang == "en" and language == "ru"
    # the work's language: citeproc title-cases English titles only
    item: dict[str, Any] = {"id": entry.key, "type": _TYPES.get(entry.type, "document"), "language": language}
    title = _join(entry.get("title"), entry.get("subtitle"))
    note = entry.get("note")
    if note.startswith("["):
        title, note = f"{title} {note}", ""
    item["title"] = latin(title) + (_gloss(entry.get("translatedtitle")) if english_gloss else "")
    item["title-short"] = latin(entry.get("shorttitle") or entry.get("title"))
    container = _container(entry)
    if container:
        item["container-title"] = latin(container) + (_gloss(_container_gloss(entry)) if english_gloss else "")
    volume = entry.get("volume")
    if volume:
        volume_title = entry.get("booktitle") if entry.get("maintitle") else ""
        item["volume"] = f"{volume}: {latin(volume_title)}" if volume_title and lang == "ru" else volume
    for source, target in (("volumes", "number-of-volumes"), ("number", "issue"), ("issue", "issue"), ("pages", "page"), ("edition", "edition"), ("url", "URL"), ("doi", "DOI"), ("series", "collection-title"), ("pagetotal", "number-of-pages")):
        value = entry.get(source)
        if value:
            item[target] = latin(value).replace("--", "–") if source == "pages" else latin(value)
    place = entry.get("location").split("; ")[0]
    if place:
        item["publisher-place"] = PLACES_EN.get(place, latin(place)) if lang == "en" else place
    if entry.get("publisher"):
        item["publisher"] = latin(entry.get("publisher"))
    if lang == "ru":
        if note:
            item["genre"] = note
        if entry.get("organization"):
            item["authority"] = entry.get("organization")
        original = ORIGINAL_LANGUAGE.get(languages.language(entry.get("origlanguage")))
        if original:
            item["note"] = f"пер. с {original}"
    issued = _date(entry.get("date") or entry.get("year"))
    if issued:
        item["issued"] = issued
    roles = {"author": "author", "editor": "editor", "translator": "translator", "bookauthor": "container-author"}
    for role, people in entry.names:
        target = roles.get(role, "")
        if lang == "en" and entry.people(f"latin{role}"):
            people = entry.people(f"latin{role}")  # the name's own form, not a transliteration
        if target == "editor" and lang == "ru" and entry.get("editortype") == "отв. ред.":
            target = "editorial-director"
        if target:
            item[target] = [_csl_name(person, latin) for person in people]
    return item


def work_language(entry: BibEntry) -> str:
    """The language of a work: its ``langid`` (or ``language``), else its title's script."""
    return (
        languages.language(entry.get("langid"))
        or languages.language(entry.get("language"))
        or languages.language_of_text(entry.get("title"))
        or "en"
    )


def _container(entry: BibEntry) -> str:
    if entry.type == "article":
        return _join(entry.get("journaltitle") or entry.get("journal"), entry.get("journalsubtitle"))
    if entry.get("maintitle"):
        return _join(entry.get("maintitle"), entry.get("mainsubtitle"))
    return _join(entry.get("booktitle"), entry.get("booksubtitle"))


def _container_gloss(entry: BibEntry) -> str:
    return entry.get("maintranslatedtitle") or entry.get("booktranslatedtitle")


def _join(title: str, subtitle: str) -> str:
    if not subtitle:
        return title
    separator = " " if title.endswith(("…", "?", "!")) else ": "
    return f"{title}{separator}{subtitle}"


def _gloss(text: str) -> str:
    return f"{GLOSS_OPEN}[{text}]{GLOSS_CLOSE}" if text else ""


def _latin(text: str) -> str:
    if not re.search(r"[А-Яа-яЁё]", text):
        return text
    return TRANSLITERATION.translate(text)


def _csl_name(name: Name, latin: Callable[[str], str]) -> dict[str, str]:
    if name.literal:
        return {"literal": latin(name.family)}
    result = {"family": latin(name.family), "given": latin(name.given)}
    if name.particle:
        result["non-dropping-particle"] = name.particle
    if name.suffix:
        result["suffix"] = name.suffix
    return result


def _date(value: str) -> dict[str, Any] | None:
    parts = [p for p in value.strip().split("/") if p]
    years = [re.match(r"\d{4}", p) for p in parts]
    if not parts or not all(years):
        return None
    return {"date-parts": [[int(y.group(0))] for y in years if y]}
