"""The language of a cited work, from what a ``.bib`` file says of it.

BibLaTeX's ``langid`` (and ``language``) holds a babel or polyglossia name
(``russian``, ``ngerman``, ``brazilian``, ``UKenglish``), a BCP 47 tag
(``de-DE``), or, from a Zotero set to another language, a language's name
in that language (``Anglais``, ``Englisch``, ``английский``). Names and
tags are read by ``langcodes`` (with ``language_data``), the only module
that imports it; babel's own option names, which are not language names,
are listed here from babel's manual (as pandoc's ``toBabel`` does the other
way).
"""

from __future__ import annotations

import functools
import re

import langcodes

BABEL = {
    "american": "en-US",
    "usenglish": "en-US",
    "british": "en-GB",
    "ukenglish": "en-GB",
    "australian": "en-AU",
    "canadian": "en-CA",
    "newzealand": "en-NZ",
    "ngerman": "de",
    "germanb": "de",
    "austrian": "de-AT",
    "naustrian": "de-AT",
    "swissgerman": "de-CH",
    "nswissgerman": "de-CH",
    "brazil": "pt-BR",
    "brazilian": "pt-BR",
    "canadien": "fr-CA",
    "acadian": "fr-CA",
    "francais": "fr",
    "frenchb": "fr",
    "polutonikogreek": "el",
    "ancientgreek": "grc",
    "classiclatin": "la",
    "lowersorbian": "dsb",
    "uppersorbian": "hsb",
    "serbianc": "sr-Cyrl",
    "samin": "se",
    "magyar": "hu",
    "norsk": "nb",
    "farsi": "fa",
    "bahasa": "id",
    "bahasam": "ms",
    "scottish": "gd",
    "slovene": "sl",
    "russianb": "ru",
    "ukraineb": "uk",
}
"""babel's option names that are no language's name, by their BCP 47 tag."""


@functools.lru_cache(maxsize=256)
def language_tag(value: str) -> str:
    """The BCP 47 tag of a ``langid``; empty when it names no language."""
    name = value.strip()
    if not name:
        return ""
    if name.lower() in BABEL:
        return BABEL[name.lower()]
    if re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", name):
        try:
            tag = langcodes.Language.get(name.replace("_", "-"), normalize=True)
            if tag.is_valid() and tag.language and langcodes.tag_is_valid(tag.to_tag()):
                return tag.to_tag()
        except (LookupError, ValueError):
            pass
    try:
        return langcodes.find(name).to_tag()
    except LookupError:
        return ""


def language(value: str) -> str:
    """The language subtag of a ``langid`` (``en`` for ``UKenglish``); empty when it names none."""
    tag = language_tag(value)
    return tag.split("-")[0] if tag else ""


def language_name(tag: str) -> str:
    """A language's English name, by its BCP 47 tag (``Russian`` for ``ru``)."""
    return str(langcodes.Language.get(tag).language_name()) if tag else ""


def language_of_text(text: str) -> str:
    """``ru`` for a text mostly in Cyrillic letters, ``en`` for one in Latin letters, else empty."""
    cyrillic = len(re.findall(r"[\u0400-\u04ff]", text))
    latin = len(re.findall(r"[A-Za-z\u00c0-\u024f]", text))
    if cyrillic > latin:
        return "ru"
    return "en" if latin else ""
