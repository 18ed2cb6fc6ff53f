"""Line-break hyphens: join the broken word, or keep a hyphen that belongs to it.

The evidence, strongest first:

1. The word after the break starts with a capital (``Брокдорф-\\nРанцау``,
   ``Кенигсберг-\\nМосква``): a hyphenated name, kept.
2. The document itself: the same word elsewhere, on one line, joined
   (``Германии`` for ``Герма-\\nнии``) or hyphenated (``германо-советских`` for
   ``германо-\\nсоветского``; any word starting ``версальско-``).
3. Known compound patterns: the particles ``-то``, ``-либо``, ``-нибудь``,
   ``-таки``; first parts such as ``социал-``, ``генерал-``, ``военно-``,
   ``германо-``; an adjective stem in ``-о`` before an adjective
   (``торгово-\\nэкономических``); English ``self-``, ``non-``, ``co-``...
4. The hyphenation dictionary (pyphen, LibreOffice's patterns): a break at a
   point where the word may be hyphenated is joined. A break where the
   dictionary would not hyphenate, with no other evidence, is joined too
   (line-end hyphens are mostly the typesetter's) but reported.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..hyphenation import dictionary
from .findings import Finding
from .lines import HYPHENS, RawLine, script

_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*")
_ADJECTIVE = re.compile(r"(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ых|их|ую|юю|ыми|ими)$")

RUSSIAN_FIRST_PARTS = frozenset(
    [
        "англо", "вице", "военно", "генерал", "германо", "государственно", "историко", "кое", "контр",
        "культурно", "лейб", "материально", "научно", "обер", "общественно", "политико", "премьер",
        "русско", "северо", "советско", "социал", "социально", "торгово", "унтер", "финансово", "франко",
        "штаб", "экономико", "экс", "юго"
    ]
)
RUSSIAN_PARTICLES = frozenset({"то", "либо", "нибудь", "таки"})
ENGLISH_FIRST_PARTS = frozenset({"self", "non", "ex", "well", "quasi", "semi", "co", "post", "anti", "cross"})
SECOND_PART = 3
"""The second word of a compound has this many letters at least (``co-|op``, ``из-|за`` aside)."""
PREFIX_EVIDENCE = 4
"""A first part this long or longer is evidence of a compound wherever it stands before a hyphen."""


@dataclass(frozen=True)
class Hyphen:
    """The decision on one line-end hyphen."""

    line: int
    """The raw line the hyphen ends."""
    left: str
    """The word part before the hyphen, as printed."""
    right: str
    """The word part after the line break."""
    join: bool
    sure: bool
    reason: str

    @property
    def word(self) -> str:
        return self.left + self.right if self.join else f"{self.left}-{self.right}"


class Lexicon:
    """The words of the document that stand whole on a line, lower case."""

    def __init__(self, lines: Iterable[RawLine]) -> None:
        self.words: Counter[str] = Counter()
        broken = False
        for line in lines:
            if line.blank:
                continue
            words = _WORD.findall(line.content)
            ends_broken = line.content[-1:] in HYPHENS and bool(words) and line.content[-2:-1].isalpha()
            if ends_broken:
                words = words[:-1]
            if broken:
                words = words[1:]
            broken = ends_broken
            for word in words:
                word = word.lower().replace("\u2010", "-")
                if len({script(part, minimum=1) for part in word.split("-")}) > 1:
                    continue  # parts in two scripts: extraction debris, not a word
                self.words[word] += 1
                parts = word.split("-")
                for index in range(1, len(parts)):
                    self.words["-".join(parts[index:])] += 1

    def joined(self, left: str, right: str) -> int:
        """Words that go on from ``left`` with the first letters of ``right``."""
        start = (left + right[:3]).lower()
        return sum(n for word, n in self.words.items() if word.startswith(start))

    def hyphenated(self, left: str, right: str) -> int:
        """Words with a hyphen after ``left``: exactly ``left-right``, or (a long ``left``) any."""
        left = left.lower()
        if len(left) < PREFIX_EVIDENCE:
            return self.words[f"{left}-{right.lower()}"]
        return sum(n for word, n in self.words.items() if word.startswith(left + "-"))

    def exact(self, word: str) -> int:
        return self.words[word.lower()]


def _adjective_compound(left: str, right: str, lexicon: Lexicon) -> bool:
    """``торгово-`` before ``экономических``: a stem in -о that the text uses as an adjective
    (``торговых``), before an adjective."""
    if len(left) < 4 or not left.endswith("о") or len(right) < 5 or not _ADJECTIVE.search(right):
        return False
    stem = left[:-1]
    return any(word.startswith(stem) and not word.startswith(left) for word in lexicon.words)


def may_hyphenate(left: str, right: str) -> bool:
    """The hyphenation dictionary allows the break between ``left`` and ``right``."""
    word = (left + right).lower()
    language = "ru_RU" if script(word, minimum=1) == "cyrillic" else "en_US"
    return len(left) in dictionary(language).positions(word)


def decide(line: int, left: str, right: str, lexicon: Lexicon) -> Hyphen:
    """Join ``left`` and ``right`` (a word broken at a line end) or keep the hyphen."""

    def verdict(join: bool, sure: bool, reason: str) -> Hyphen:
        return Hyphen(line, left, right, join, sure, reason)

    capitals = left.isupper() and right.isupper()
    if right[:1].isupper() and not capitals:
        return verdict(False, True, "the next part starts with a capital")
    joined, hyphenated = lexicon.joined(left, right), lexicon.hyphenated(left, right)
    if joined or hyphenated:
        exact_joined, exact_hyphenated = lexicon.exact(left + right), lexicon.exact(f"{left}-{right}")
        if exact_joined != exact_hyphenated:
            return verdict(exact_joined > exact_hyphenated, not (exact_joined and exact_hyphenated), "the same word elsewhere in the text")
        if joined != hyphenated:
            sure = max(joined, hyphenated) >= 3 * min(joined, hyphenated) and min(joined, hyphenated) == 0
            return verdict(joined > hyphenated, sure, f"related words elsewhere: {joined} joined, {hyphenated} with a hyphen")
    lower_left, lower_right = left.lower(), right.lower()
    if lower_right in RUSSIAN_PARTICLES:
        return verdict(False, True, f"the particle -{lower_right}")
    if len(right) < SECOND_PART:
        pass  # an ending (советско-|го), not the second word of a compound
    elif lower_left in RUSSIAN_FIRST_PARTS:
        return verdict(False, True, f"the compound part {lower_left}-")
    elif lower_left in ENGLISH_FIRST_PARTS:
        return verdict(False, False, f"the prefix {lower_left}-, usually hyphenated")
    elif _adjective_compound(lower_left, lower_right, lexicon):
        return verdict(False, False, "an adjective stem in -о before an adjective: a compound")
    if may_hyphenate(left, right):
        return verdict(True, True, "a hyphenation point of the word")
    return verdict(True, False, "no evidence either way; the dictionary would not break the word here")


def uncertain(hyphens: list[Hyphen]) -> list[Finding]:
    """A finding for each decision taken without firm evidence."""
    return [
        Finding(h.line, "hyphen", f"«{h.left}-{h.right}» {'joined' if h.join else 'kept with its hyphen'}: {h.reason}")
        for h in hyphens
        if not h.sure
    ]
