"""How to cite this edition: its reference, made from the configuration, in the
Russian style (GOST R 7.0.100-2018, as the Russian side's notes follow GOST)
and in the English one (Chicago, bibliography form, as the English side's notes).

The version and the release date are part of the reference, so that a
citation names the very edition whose pages and paragraph numbers it uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date

from markupsafe import Markup, escape

from ..model import Lang, ReaderConfig

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


@dataclass(frozen=True)
class EditionReference:
    """A reference to the edition, in three runs: the title is italic in English."""

    lead: str
    """Before the title: the editor, in the English style."""
    title: str
    rest: str
    italic: bool

    def text(self) -> str:
        return f"{self.lead}{self.title}{self.rest}"

    def markdown(self) -> str:
        title = f"*{self.title}*" if self.italic else self.title
        return f"{self.lead}{title}{self.rest}"

    def html(self) -> Markup:
        title = Markup("<i>{}</i>").format(self.title) if self.italic else escape(self.title)
        return escape(self.lead) + title + escape(self.rest)


def how_to_cite(config: ReaderConfig, lang: Lang) -> EditionReference:
    """The reference to this edition and version, in ``lang``'s style."""
    return _russian(config) if lang == "ru" else _english(config)


def _russian(config: ReaderConfig) -> EditionReference:
    rest = ""
    if config.subtitle:
        rest += f" : {_lower_first(config.subtitle.ru)}"
    if config.editor:
        rest += f" / сост. {config.editor.ru}"
    released = _date(config.date)
    rest += f". — Версия {config.version}" + (f" от {released:%d.%m.%Y}" if released else "") + "."
    year = f"{released.year}" if released else ""
    if config.place or config.publisher:
        place = config.place.ru if config.place else ""
        publisher = config.publisher.ru if config.publisher else ""
        where = f"{place} : {publisher}" if place and publisher else place or publisher
        rest += f" — {where}" + (f", {year}" if year else "") + "."
    elif year:
        rest += f" — {year}."
    if config.url:
        rest += f" — URL: {config.url}."
    return EditionReference("", config.title.ru, rest, italic=False)


def _english(config: ReaderConfig) -> EditionReference:
    lead = f"{_inverted(config.editor.en)}, ed. " if config.editor else ""
    title = config.title.en + (f": {config.subtitle.en}" if config.subtitle else "")
    released = _date(config.date)
    rest = f". Version {config.version}" + (f", {released.day} {MONTHS[released.month - 1]} {released.year}" if released else "") + "."
    if config.place or config.publisher:
        where = ": ".join(part for part in (config.place.en if config.place else "", config.publisher.en if config.publisher else "") if part)
        rest += f" {where}" + (f", {released.year}" if released else "") + "."
    if config.url:
        rest += f" {config.url}."
    return EditionReference(lead, title.rstrip("."), rest, italic=True)


def _date(text: str) -> Date | None:
    try:
        return Date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _lower_first(text: str) -> str:
    """``Хрестоматия: ...`` -> ``хрестоматия: ...``; an abbreviation (``РКП``) stays."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _inverted(name: str) -> str:
    """``I. Petrov`` -> ``Petrov, I.`` (Chicago's first name of a bibliography entry);
    a name already inverted, or several names, are left as written."""
    if "," in name or re.search(r"\s(and|&|и)\s", name):
        return name
    words = name.split()
    return f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else name
