"""A BibLaTeX entry as the CSL-JSON item citeproc formats, one for each language side.

The only module that imports iuliia. The entry's type becomes a CSL type (as
pandoc maps them, with CSL 1.0.2's ``software``, ``dataset``, ``standard``
and ``periodical``), its fields CSL variables, its names CSL names; its
language (:func:`work_language`) tells citeproc which titles are English (the
only ones a style title-cases). On the English side Cyrillic is
transliterated (BS 2979, without diacritics, as in the translation: a
person's name in its usual form, Zubachevsky; a title letter by letter,
Voenno-istoricheskii, its «quotes» as “quotes”), a
Russian title is followed by its English gloss in brackets (marked for
:func:`edition.render.citations.repair`, which sets it in roman type), and
abbreviated Russian places of publication are written out. On the Russian
side a translated work says from which language: «пер. с англ.», joined to
its translators' names when it has any («пер. с англ. И. Н. Веселовского»).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import iuliia
from iuliia.schema import TranslitSchema

from .. import languages
from ..model import BibEntry, Lang, Name

TRANSLITERATION = iuliia.BS_2979_ALT
"""Russian names in the English side: British Standard 2979 without diacritics, as the
translation, with its endings for names (-ий, -ый as -y: Zubachevsky)."""
STRICT_TRANSLITERATION = TranslitSchema(
    name="bs_2979_alt_strict", mapping={letter: TRANSLITERATION.translate(letter) for letter in "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"}
)
"""Titles and every other word: the same letters, letter by letter (Voenno-istoricheskii
zhurnal, beside Vserossiiskogo; армий is armii, not "army")."""

ORIGINAL_LANGUAGE = {"en": "англ.", "fr": "фр.", "de": "нем.", "it": "ит.", "pl": "пол."}
"""«пер. с англ.»: a translated work's original language, on the Russian side."""
PLACES_EN = {"М.": "Moscow", "Л.": "Leningrad", "СПб.": "St. Petersburg", "Пг.": "Petrograd", "Киев": "Kyiv"}
"""Abbreviated Russian places of publication, written out on the English side (Chicago)."""

GLOSS_OPEN, GLOSS_CLOSE = "\ue001", "\ue002"
"""Around a title's English gloss, for the formatted reference to set it in roman type."""

_TYPES = {
    **dict.fromkeys(("book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings", "reference", "mvreference", "manual", "commentary"), "book"),
    **dict.fromkeys(("inbook", "bookinbook", "incollection", "suppbook", "suppcollection"), "chapter"),
    **dict.fromkeys(("article", "suppperiodical"), "article-journal"),
    "inproceedings": "paper-conference",
    "inreference": "entry-encyclopedia",
    "booklet": "pamphlet",
    "thesis": "thesis",
    "report": "report",
    "online": "webpage",
    "patent": "patent",
    "periodical": "article-journal",
    "dataset": "dataset",
    "data": "dataset",
    "software": "software",
    "unpublished": "manuscript",
    "misc": "document",
    "artwork": "graphic",
    "image": "graphic",
    "audio": "song",
    "music": "song",
    "movie": "motion_picture",
    "video": "motion_picture",
    "jurisdiction": "legal_case",
    "legislation": "legislation",
    "legal": "treaty",
    "standard": "standard",
    "letter": "personal_communication",
    "letters": "personal_communication",
    "performance": "performance",
    "review": "review",
    "newsarticle": "article-newspaper",
}
"""BibLaTeX's entry types as CSL's (pandoc's ``BibTeX.hs`` mapping); any other is a ``document``."""

_GENRES = {
    "phdthesis": ("PhD thesis", "дис. … д-ра филос."),
    "mathesis": ("Master's thesis", "магист. дис."),
    "candthesis": ("Candidate thesis", "дис. … канд. наук"),
    "techreport": ("technical report", "техн. отчёт"),
    "resreport": ("research report", "науч. отчёт"),
    "software": ("computer software", "программа для ЭВМ"),
    "datacd": ("data CD", "CD-ROM"),
    "audiocd": ("audio CD", "аудио-CD"),
}
"""BibLaTeX's keys of a thesis's or report's ``type`` (``@phdthesis`` is ``type = {phdthesis}``):
the words of its English and Russian localisation (``english.lbx``, ``russian.lbx``)."""
_NUMBER_AS = {
    **dict.fromkeys(("article", "periodical", "suppperiodical", "review", "newsarticle"), "issue"),
    **dict.fromkeys(
        ("book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings", "reference", "mvreference",
         "inbook", "bookinbook", "incollection", "inproceedings", "inreference", "suppbook", "suppcollection"),
        "collection-number",
    ),
}
"""What a ``number`` is: an issue of a journal, a volume in a series; else the work's own number."""
_CHAPTERS = frozenset({"inbook", "bookinbook", "suppbook", "incollection", "suppcollection", "inproceedings", "inreference"})
"""Types whose ``maintitle`` or ``booktitle`` is their container's: a part of a book."""
_PUBLISHING_BODIES = ("manual", "online", "report", "misc", "software", "dataset", "booklet")
"""Types whose ``organization`` is their publisher when they name none."""
_EPRINTS = {"arxiv": "https://arxiv.org/abs/", "jstor": "https://www.jstor.org/stable/", "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/"}
_URL = re.compile(r"^(?:https?|ftp)://\S+$")


def csl_item(entry: BibEntry, lang: Lang) -> dict[str, Any]:
    """The CSL-JSON of an entry for one language side."""
    language = work_language(entry)
    latin = _latin if lang == "en" else (lambda text: text)
    latin_name = _latin_name if lang == "en" else (lambda text: text)
    english_gloss = lang == "en" and language == "ru"
    # the work's language: citeproc title-cases English titles only
    item: dict[str, Any] = {"id": entry.key, "type": _type(entry), "language": language}
    title, container, volume_title = _titles(entry, lang)
    note = entry.get("note")
    if note.startswith("["):
        # a bracketed addition to the title («[б/м, Действующая армия]»); on the English
        # side a Russian title's gloss translates the title with it
        if not (english_gloss and entry.get("translatedtitle")):
            title = f"{title} {note}"
        note = ""
    item["title"] = latin(title) + (_gloss(entry.get("translatedtitle")) if english_gloss else "")
    own = entry.get("title") if not volume_title or entry.type in _CHAPTERS else title
    item["title-short"] = latin(entry.get("shorttitle") or own or title)
    if container:
        item["container-title"] = latin(container) + (_gloss(_container_gloss(entry)) if english_gloss else "")
    volume = ".".join(part for part in (entry.get("volume"), entry.get("part")) if part)
    if volume:
        item["volume"] = f"{volume}: {latin(volume_title)}" if volume_title and lang == "ru" else volume
    if volume_title and lang == "en":
        item["volume-title"] = latin(volume_title)  # Chicago: vol. 1, *1920 – 1926*
    number = entry.get("number") or entry.get("issue")
    if number:
        item[_NUMBER_AS.get(entry.type, "number")] = latin(number)
    fields = (("volumes", "number-of-volumes"), ("pages", "page"), ("edition", "edition"), ("version", "version"), ("chapter", "chapter-number"),
              ("series", "collection-title"), ("pagetotal", "number-of-pages"), ("eventtitle", "event"), ("venue", "event-place"), ("origtitle", "original-title"),
              ("url", "URL"), ("doi", "DOI"), ("isbn", "ISBN"), ("issn", "ISSN"))  # fmt: skip
    for source, target in fields:
        value = entry.get(source)
        if value:
            item[target] = latin(value).replace("--", "–") if source == "pages" else latin(value)
    _add_publication(item, entry, lang, latin)
    _add_dates(item, entry)
    genre = _genre(entry, lang, language) or _howpublished(entry)
    if genre:
        item["genre"] = latin(genre)
    elif lang == "ru" and note:
        item["genre"] = note
    _add_names(item, entry, lang, latin, latin_name)
    return item


def work_language(entry: BibEntry) -> str:
    """The language of a work: its ``langid`` (or ``language``), else its title's script."""
    return (
        languages.language(entry.get("langid"))
        or languages.language(entry.get("language"))
        or languages.language_of_text(entry.get("title"))
        or "en"
    )


def _type(entry: BibEntry) -> str:
    subtype = entry.get("entrysubtype").strip().lower()
    if entry.type == "periodical" and not entry.get("issuetitle"):
        return "periodical"
    if entry.type in ("article", "periodical", "suppperiodical") and subtype in ("magazine", "newspaper"):
        return f"article-{subtype}"
    if entry.type == "unpublished" and (entry.get("eventtitle") or entry.get("venue") or entry.get("eventdate")):
        return "speech"
    return _TYPES.get(entry.type, "document")


def _titles(entry: BibEntry, lang: Lang) -> tuple[str, str, str]:
    """The title, the container's title (a journal, a collection, a multi-volume work), and the
    title of a volume of a multi-volume work, which GOST joins to its number (Т. 1: 1920 – 1926)."""
    title = _addon(_join(entry.get("title"), entry.get("subtitle")), entry.get("titleaddon"))
    main = _addon(_join(entry.get("maintitle"), entry.get("mainsubtitle")), entry.get("maintitleaddon"))
    book = _addon(_join(entry.get("booktitle"), entry.get("booksubtitle")), entry.get("booktitleaddon"))
    if entry.type == "periodical":
        # an issue of a journal: its own title, in the journal's
        issue = _join(entry.get("issuetitle"), entry.get("issuesubtitle"))
        return (issue, title, "") if issue else (title, "", "")
    if entry.type in ("article", "suppperiodical"):
        return title, _join(entry.get("journaltitle"), entry.get("journalsubtitle")), ""
    if entry.type in _CHAPTERS:
        return (title, main, book) if main else (title, book, "")
    if main and (lang == "ru" or not title):
        # a volume of a multi-volume work: the work's title, then the volume's
        return main, "", title
    if main:
        return title, main, ""  # Chicago: Title. In Main Title, vol. 45
    return title, book, ""


def _container_gloss(entry: BibEntry) -> str:
    return entry.get("maintranslatedtitle") or entry.get("booktranslatedtitle")


def _join(title: str, subtitle: str) -> str:
    if not subtitle:
        return title
    separator = " " if title.endswith(("…", "?", "!")) else ": "
    return f"{title}{separator}{subtitle}"


def _addon(title: str, addon: str) -> str:
    if not addon:
        return title
    return f"{title} {addon}" if title.endswith((".", "?", "!", "…")) else f"{title}. {addon}"


def _gloss(text: str) -> str:
    return f"{GLOSS_OPEN}[{text}]{GLOSS_CLOSE}" if text else ""


def _latin(text: str) -> str:
    """A title (or any words but a person's name) in Latin letters; its «quotes» in English ones."""
    if not re.search(r"[А-Яа-яЁё]", text):
        return text
    return str(STRICT_TRANSLITERATION.translate(text)).replace("«", "“").replace("»", "”")


def _latin_name(text: str) -> str:
    """A person's name in Latin letters, in its usual form (Zubachevsky)."""
    if not re.search(r"[А-Яа-яЁё]", text):
        return text
    return str(TRANSLITERATION.translate(text))


def _add_publication(item: dict[str, Any], entry: BibEntry, lang: Lang, latin: Callable[[str], str]) -> None:
    """Place, publisher (an institution, a publishing body, how it was published), authority."""
    place = entry.get("location").split("; ")[0] if entry.type != "patent" else ""  # a patent's is its country
    if place:
        item["publisher-place"] = PLACES_EN.get(place, latin(place)) if lang == "en" else place
    howpublished = entry.get("howpublished")
    if _URL.match(howpublished) and "URL" not in item:
        item["URL"], howpublished = howpublished, ""
    publisher = entry.get("publisher") or entry.get("institution")
    if not publisher and entry.type in _PUBLISHING_BODIES:
        publisher = entry.get("organization")
    if publisher:
        item["publisher"] = latin(publisher)
    if lang == "ru" and entry.get("organization") and publisher != entry.get("organization"):
        item["authority"] = entry.get("organization")
    prefix = _EPRINTS.get(entry.get("eprinttype").lower())
    if prefix and entry.get("eprint") and "URL" not in item:
        item["URL"] = prefix + entry.get("eprint")


def _add_dates(item: dict[str, Any], entry: BibEntry) -> None:
    issued = _date(entry.get("date")) or _year(entry.get("year"), entry.get("month"))
    if issued:
        item["issued"] = issued
    for source, target in (("urldate", "accessed"), ("origdate", "original-date"), ("eventdate", "event-date")):
        found = _date(entry.get(source))
        if found:
            item[target] = found
    if "original-date" not in item:
        original = _year(entry.get("origyear"), "")
        if original:
            item["original-date"] = original


def _genre(entry: BibEntry, lang: Lang, language: str) -> str:
    """A thesis's or report's kind (its ``type``): BibLaTeX's keys in the words of the side
    (on the Russian side, of the work's language); other words as written."""
    kind = entry.get("type")
    words = _GENRES.get(kind.strip().lower())
    if words:
        return words[1] if lang == "ru" and language == "ru" else words[0]
    return kind


def _howpublished(entry: BibEntry) -> str:
    """How a booklet or a document was published (Typescript, Leaflet), when it is not a URL."""
    howpublished = entry.get("howpublished")
    return howpublished if entry.type in ("booklet", "misc", "unpublished") and not _URL.match(howpublished) else ""


def _add_names(item: dict[str, Any], entry: BibEntry, lang: Lang, latin: Callable[[str], str], latin_name: Callable[[str], str]) -> None:
    original = ORIGINAL_LANGUAGE.get(languages.language(entry.get("origlanguage"))) if lang == "ru" else None
    roles = {"author": "author", "editor": "editor", "translator": "translator", "bookauthor": "container-author"}
    for role, people in entry.names:
        target = roles.get(role, "")
        if lang == "en" and entry.people(f"latin{role}"):
            people = entry.people(f"latin{role}")  # the name's own form, not a transliteration
        if target == "editor" and lang == "ru" and entry.get("editortype") == "отв. ред.":
            target = "editorial-director"
        if target == "container-author" and people == (entry.people("latinauthor") if lang == "en" and entry.people("latinauthor") else entry.people("author")):
            continue  # a chapter of the author's own book: "by" the same author once
        if target == "translator" and original and people:
            # «пер. с англ. И. Н. Веселовского»: the language joins the names, once
            item[target] = [{"literal": f"с {original} {_initialled(people[0])}"}, *({"literal": _initialled(p)} for p in people[1:])]
            original = None
        elif target:
            item[target] = [_csl_name(person, latin, latin_name) for person in people]
            if target == "author" and lang == "ru":
                item[target] = [_closed(name) for name in item[target]]
    if original:
        item["note"] = f"пер. с {original}"


def _closed(name: dict[str, str]) -> dict[str, str]:
    """A GOST heading ends with a period (the initials give it one): a body's name, or a
    name without given names, is given it («Auswärtiges Amt. Akten…», not «Amt Akten…»)."""
    for part in ("literal", "family"):
        if part in name and (part == "literal" or not name.get("given")) and not name[part].endswith((".", "!", "?", "…")):
            return {**name, part: name[part] + "."}
    return name


def _initialled(name: Name) -> str:
    """A name as GOST prints a translator's: initials, then the family name (И. Н. Веселовского)."""
    if name.literal:
        return name.family
    initials = " ".join(_initial(part) for part in name.given.split())
    return " ".join(part for part in (initials, name.particle, name.family, name.suffix) if part)


def _initial(given: str) -> str:
    """``Иван`` as ``И.``, ``Jean-Paul`` as ``J.-P.``; an initial stays as it is."""
    return "-".join(f"{part[0]}." if part and not part.endswith(".") else part for part in given.split("-"))


def _csl_name(name: Name, latin: Callable[[str], str], latin_name: Callable[[str], str]) -> dict[str, str]:
    """A name as CSL-JSON: a body's name (a literal) transliterated as words are, a person's as names."""
    if name.literal:
        return {"literal": latin(name.family)}
    result = {"family": latin_name(name.family), "given": latin_name(name.given)}
    if name.particle:
        result["non-dropping-particle"] = name.particle
    if name.suffix:
        result["suffix"] = name.suffix
    return result


_DATE = re.compile(r"^([-+]?\d{1,4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T[\d:+Z-]*)?[?~%]?$")


def _date(value: str) -> dict[str, Any] | None:
    """A BibLaTeX date (``1923``, ``2024-02-01``, ``1956/2000``, ``1923~``) as CSL date parts."""
    value = value.strip()
    if not value:
        return None
    parts = []
    for written in value.split("/"):
        if written in ("", ".."):
            continue
        found = _DATE.match(written.replace("X", "0"))
        if found is None:
            return {"literal": value}
        year, month, day = (int(part) if part else 0 for part in found.groups())
        parts.append([year] + ([month] if 1 <= month <= 12 else []) + ([day] if day and 1 <= month <= 12 else []))
    result: dict[str, Any] = {"date-parts": parts} if parts else {"literal": value}
    if value.endswith(("~", "?", "%")):
        result["circa"] = 1
    return result


def _year(year: str, month: str) -> dict[str, Any] | None:
    """BibTeX's ``year`` (a range too: 1920--1923) and ``month`` as CSL date parts."""
    years = [int(found) for found in re.findall(r"\d{3,4}", year)]
    if not years:
        return {"literal": year.strip()} if year.strip() else None
    start = [years[0]] + ([int(month)] if month.strip().isdigit() and 1 <= int(month) <= 12 else [])
    return {"date-parts": [start, *([[years[1]]] if len(years) > 1 else [])]}
