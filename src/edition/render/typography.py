"""Russian and English typography, applied to the text as it is rendered.

The sources keep the authors' typing; the edition sets it as a press would:
a non-breaking space (U+00A0) where a line must not break (between initials
and a surname, after «№», «с.», "p.", before «г.», between a number and its
month or unit, after a one-letter Russian preposition or conjunction), an
unspaced en dash (U+2013) in a range of figures, and initials spaced one way.
The same function serves the PDF, the HTML edition and the EPUB; it sees one
run of text at a time (a ``Text`` of the model), never markup, so a name cut
by emphasis or a link is set as it stands.

Addresses (``https://…``, ``www.…``, e-mail) and numbers joined by hyphens
(an ISO date ``2026-12-05``, an ISBN ``978-5-8243-0960-1``) are left as they are; code is not
text and never comes here (a code span and a code block's text are ``Code``
inlines).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Union

from ..model import Lang

NBSP = "\u00a0"
EN_DASH = "\u2013"

_SPACE = f"[ {NBSP}]"
_SPACES = f"{_SPACE}+"
_UPPER = "A-ZА-ЯЁ"
_INITIAL = rf"[{_UPPER}](?:[a-z](?<=Ch|Kh|Sh|Ts|Ya|Yo|Yu|Zh))?\."
"""An initial: a capital, or a transliterated Russian digraph ("Yu. L."), and its period."""
_FIRST = rf"[{_UPPER}](?<![\w.][{_UPPER}])"
"""A capital that starts a word (not after a letter or a period). Patterns start with it,
not with a look-behind, so that a search skips to the capitals."""
_ROMAN = r"\b[IVXLCDMХ]+\b"
"""A Roman numeral (Latin letters, or the Cyrillic Х that Russian typists use for X)."""
_NUMBER = rf"(?:\d|{_ROMAN})"
_MONTHS = {
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
}
_UNITS = {
    "ru": ("%", "‰", "°", "тыс.", "млн", "млрд", "руб.", "коп.", "долл.", "км", "кг", "га", "мм", "экз.", "чел."),
    "en": ("%", "‰", "°", "km", "kg", "ha", "cm", "mm", "per cent", "percent", "thousand", "million", "billion"),
}
_BEFORE_NUMBER = {
    "ru": r"№|§|[тТсСчЧлЛфФдД]\.|гл\.|оп\.|кн\.|вып\.|рис\.|табл\.|стр\.",
    "en": r"№|§|[pP]p?\.|[vV]ols?\.|[nN]os?\.|[cC]h\.|[fF]ig\.",
}
"""Abbreviations bound to the number after them: «т. 2», «с. 384», «ф. 04», "pp. 5–7", "vol. 3"."""
_PARTICLES = r"(?:фон|ван|дер|де|ди|дю|ла|ле|von|van|der|de|di|du|da|la|le)"
"""The lowercase particle of a name after initials: «Х. фон Зект», "O. von Niedermayer"."""
_NOT_INITIALS = frozenset({"U.S.", "U.K.", "U.N.", "E.U.", "P.S.", "N.B.", "A.D.", "B.C."})
"""Capitals with periods that are abbreviations, not a person's initials."""

_CHAIN = re.compile(r"\d+(?:-\d+){2,}")
"""Numbers joined by hyphens: an ISO date (2026-12-05), an ISBN, a telephone number."""
_ADDRESS_MARKS = ("://", "@", "www.")
_ADDRESS = re.compile(rf"\S*(?:://|@|www\.)\S*|{_CHAIN.pattern}")
"""An address or an e-mail (or a chain of numbers)."""
_RANGE = re.compile(
    rf"(?<![\w.,/:{EN_DASH}-])(\d+)(?:{_SPACE}*[–—]{_SPACE}*|{_SPACES}-{_SPACES}|-)(\d+)(?![\w/:]|[-–]\d)"
)
_INITIALS = re.compile(rf"((?={_FIRST}){_INITIAL}(?:{_SPACE}*{_INITIAL})*)(?!\w)")
_SPACED_INITIALS = rf"{_INITIAL}(?:{NBSP}{_INITIAL})*"
_BEFORE_SURNAME = re.compile(
    rf"((?={_FIRST}){_SPACED_INITIALS}){_SPACES}(?:({_PARTICLES}){_SPACES})?(?=[{_UPPER}][\w’'-]*[a-zа-яё])"
)
"""Initials and the surname after them (a capitalised word, with a lowercase letter: not «США»)."""
_AFTER_SURNAME = re.compile(
    rf"({_FIRST}[a-zа-яё’'-]+){_SPACES}({_SPACED_INITIALS})(?!{_SPACES}(?:{_PARTICLES}{_SPACES})?[{_UPPER}])(?!\w)"
)
"""A surname and the initials after it that no capitalised word follows («Горлов С. А., описать»)."""
_ONE_LETTER = re.compile(rf"(?<![\w.\u00ad-])([вксуоаияВКСУОАИЯ]){_SPACES}(?=[\w«„“\"(\[]|$)")
_ABBREVIATIONS = re.compile(rf"(?<![\w.])([тТ]\.|[нН]\.|[иИ]\.){_SPACE}*([едпкнэо]\.)")
"""«т. е.», «т. д.», «т. п.», «т. к.», «т. н.», «н. э.», «и. о.»: one abbreviation, not to be broken."""

Rule = Callable[[str], str]
Hint = Union["re.Pattern[str]", tuple[str, ...]]


def typeset(text: str, lang: Lang) -> str:
    """``text`` with the edition's typography for ``lang``: U+00A0 and U+2013 where needed."""
    return "".join(_apply(chunk, lang) if plain else chunk for chunk, plain in _chunks(text))


def _chunks(text: str) -> Iterator[tuple[str, bool]]:
    """The text in pieces, each with whether typography applies to it (not to an address)."""
    position = 0
    protected = _ADDRESS if any(mark in text for mark in _ADDRESS_MARKS) else _CHAIN
    for match in protected.finditer(text):
        yield text[position : match.start()], True
        yield match.group(), False
        position = match.end()
    yield text[position:], True


def _apply(text: str, lang: Lang) -> str:
    for rule in _RULES[lang]:
        text = rule(text)
    return text


def ranges(text: str) -> str:
    """«1920 – 1933», «1920-1933», "1920 - 1933" -> «1920–1933»: an unspaced en dash."""
    return _RANGE.sub(rf"\1{EN_DASH}\2", text)


def initials(text: str) -> str:
    """Initials spaced one way and kept together and with the surname.

    «Л.Б. Красин» -> «Л. Б. Красин», "V.I. Lenin" -> "V. I. Lenin" (non-breaking);
    before a capitalised word they are bound to it (the surname after them),
    otherwise to the capitalised word before them («Горлов С. А.», «Цайдлером М. в»).
    """

    def spaced(match: re.Match[str]) -> str:
        found = match.group(1)
        if re.sub(_SPACES, "", found) in _NOT_INITIALS:
            return found
        return re.sub(rf"\.{_SPACE}*(?=[{_UPPER}])", "." + NBSP, found)

    text = _INITIALS.sub(spaced, text)
    text = _BEFORE_SURNAME.sub(lambda m: f"{m.group(1)}{NBSP}" + (f"{m.group(2)}{NBSP}" if m.group(2) else ""), text)
    return _AFTER_SURNAME.sub(
        lambda m: m.group(0) if m.group(2).replace(NBSP, "") in _NOT_INITIALS else f"{m.group(1)}{NBSP}{m.group(2)}",
        text,
    )


def abbreviations(text: str) -> str:
    """«т.е.», «т. е.» -> «т. е.» with a non-breaking space: one abbreviation, never broken."""
    return _ABBREVIATIONS.sub(rf"\1{NBSP}\2", text)


def one_letter_words(text: str) -> str:
    """«в Лондон» -> «в Лондон» (non-breaking): a one-letter preposition or conjunction
    never ends a line. At the end of a run of text it is bound to what follows
    (emphasis, a link); at the end of a sentence («буква в.») nothing follows it."""
    return _ONE_LETTER.sub(rf"\1{NBSP}", text)


def _bind(pattern: str) -> Rule:
    """A rule replacing the spaces between the two groups of ``pattern`` by one U+00A0."""
    compiled = re.compile(pattern)
    return lambda text: compiled.sub(rf"\1{NBSP}\2", text)


def _when(hint: Hint, rule: Rule) -> Rule:
    """``rule``, tried only on a text where ``hint`` is found (a pattern that starts with a
    character class, or words): a quick search that spares most paragraphs the rule's slower one."""
    if isinstance(hint, tuple):
        return lambda text: rule(text) if any(word in text for word in hint) else text
    return lambda text: rule(text) if hint.search(text) else text


def _rules(lang: Lang) -> list[Rule]:
    months = "|".join(_MONTHS[lang])
    units = "|".join(map(re.escape, _UNITS[lang]))
    rules = [
        _when(re.compile(r"\d[ \u00a0]*[-–—]"), ranges),
        _when(re.compile(rf"[{_UPPER}][a-z]?\."), initials),
        # a number and its unit or month: «13 января», "13 January", "25 000", "5 %"
        _when(_MONTHS[lang], _bind(rf"(?<![\w.,])(\d{{1,2}}){_SPACES}((?:{months})\b)")),
        _when(_UNITS[lang], _bind(rf"(\d){_SPACES}((?:{units})(?!\w))")),
        _when(re.compile(rf"\d{_SPACE}\d\d\d"), _bind(rf"(?<!\d[.,])(\b\d{{1,3}}){_SPACES}(\d{{3}}\b)(?![.,]?\d)")),
        # an abbreviation or sign and its number: «№ 3», «с. 384», "p. 5", "vol. 2"
        _when(re.compile(rf"[№§.]{_SPACES}[\dIVXLCDMХ]"), _bind(rf"(?<![\w.])((?:{_BEFORE_NUMBER[lang]})){_SPACES}({_NUMBER})")),
    ]
    if lang == "en":
        rules.append(_when(_MONTHS[lang], _bind(rf"(\b(?:{months})){_SPACES}(\d{{1,2}}\b)")))  # "April 16, 1922"
    else:
        # a year, a century: «1922 г.», «1920-х гг.», «XX в.»
        rules.append(_when(("г.", "в."), _bind(rf"(\d|{_ROMAN}|\d-[а-яё]{{1,3}}){_SPACES}((?:гг?|вв?)\.)")))
        rules += [_when(re.compile(r"[тТнНиИ]\."), abbreviations), one_letter_words]
    return rules


_RULES: dict[Lang, list[Rule]] = {"ru": _rules("ru"), "en": _rules("en")}

__all__ = ["EN_DASH", "NBSP", "typeset"]
