"""Russian and English typography, applied to the text as it is rendered.

The sources keep the authors' typing; the edition sets it as a press would:
a non-breaking space (U+00A0) where a line must not break (between initials
and a surname, after «№», «с.», "p.", before «г.», between a number and its
month or unit, after a one-letter Russian preposition or conjunction), an
unspaced en dash (U+2013) in a range of figures, and initials spaced one way.
The same function serves the PDF, the HTML edition and the EPUB; it sees
text, never markup. A paragraph's runs of text (cut by emphasis, a link, a
note call) are set as one text (:func:`typeset_runs`): «в *Лондон*», "L. B.
[Krasin](…)" are bound across the cut, and each run gets its part back.

Addresses (``https://…``, ``www.…``, e-mail) and numbers joined by hyphens
(an ISO date ``2026-12-05``, an ISBN ``978-5-8243-0960-1``) are left as they are; code is not
text and never comes here (a code span and a code block's text are ``Code``
inlines).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate
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
_ONE_LETTER = re.compile(rf"(?<![\w.\u00ad-])([вксуоаияВКСУОАИЯ]){_SPACES}(?=[\w«„“\"(\[\ufffc]|$)")
_ABBREVIATIONS = re.compile(rf"(?<![\w.])([тТ]\.|[нН]\.|[иИ]\.){_SPACE}*([едпкнэо]\.)")
"""«т. е.», «т. д.», «т. п.», «т. к.», «т. н.», «н. э.», «и. о.»: one abbreviation, not to be broken."""

Rule = Callable[[str], str]
Hint = Union["re.Pattern[str]", tuple[str, ...]]


def typeset(text: str, lang: Lang) -> str:
    """``text`` with the edition's typography for ``lang``: U+00A0 and U+2013 where needed."""
    return "".join(_apply(chunk, lang) if plain else chunk for chunk, plain in _chunks(text))


OBJECT = "\ufffc"
"""Stands, in the text of a paragraph's runs, for what is not text (a citation, a
cross-reference, code, an image, a line break): no rule joins across it, but a
one-letter word before it is bound to it («в [рис. 1]»)."""

_SAME = str.maketrans({NBSP: " ", EN_DASH: "-", "\u2014": "-"})
"""What a rule may change a character into: a space into U+00A0, a dash into U+2013."""


def typeset_runs(runs: Sequence[str | None], lang: Lang) -> list[str]:
    """Each run of text of a paragraph (None for what is not text) with the edition's typography,
    set as one text: rules apply across the runs' cuts. A space a rule takes away or adds
    is in the run that has the character before it; the runs' text is otherwise their own."""
    texts = [run for run in runs if run is not None]
    if len(texts) < 2:
        return [typeset(run, lang) if run is not None else "" for run in runs]
    joined = "".join(OBJECT if run is None else run for run in runs)
    result = typeset(joined, lang)
    if len(result) == len(joined) and result.translate(_SAME) == joined.translate(_SAME):
        cuts = list(accumulate(1 if run is None else len(run) for run in runs))  # only spaces and dashes changed
    else:
        aligned = _aligned_cuts(joined, result, [1 if run is None else len(run) for run in runs])
        if aligned is None:
            return [typeset(run, lang) if run is not None else "" for run in runs]
        cuts = aligned
    return ["" if run is None else result[start:end] for run, start, end in zip(runs, [0, *cuts[:-1]], cuts, strict=True)]


def _aligned_cuts(joined: str, result: str, lengths: list[int]) -> list[int] | None:
    """Where each run ends in ``result``, the typography of ``joined``: the two read side by side,
    a space of ``joined`` missing from ``result`` taken away (a range's «1920 – 1921»), a U+00A0
    of ``result`` missing from ``joined`` added (initials «Л.Б.»: it goes with the run after it),
    the other characters in step. None where they cannot be read so."""
    after = [0]  # how far into result each character of joined is read
    at = 0
    for char in joined:
        while char.translate(_SAME) != result[at : at + 1].translate(_SAME):
            if char in (" ", NBSP):
                break  # taken away
            if result[at : at + 1] != NBSP:
                return None
            at += 1  # added
        else:
            at += 1
        after.append(at)
    cuts = [after[end] for end in accumulate(lengths)]
    cuts[-1] = len(result)
    return cuts


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

__all__ = ["EN_DASH", "NBSP", "typeset", "typeset_runs"]
