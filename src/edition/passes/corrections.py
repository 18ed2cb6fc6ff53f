"""Corrections of the original: where each stands in the text, its sign there, and what it
changed that the eye cannot see; and the check of words that mix scripts, a misprint of
that kind.

Each ``[[corrections]]`` entry names its corrected text; the pass finds it in the
article's paragraphs and notes (whole words, any spaces between them), puts a
:class:`CorrectionMark` after the word that changed, outside it, and numbers the entries
in the order of the text. Entries with the same corrected text take its places in that
order. What looks alike is Unicode's (its confusables and scripts, from
confusable-homoglyphs, which only this module imports).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from confusable_homoglyphs import categories, confusables  # type: ignore[import-untyped]

from ..errors import Problem
from ..model import (
    LANGS,
    ArticleMeta,
    ArticleSource,
    Block,
    Cite,
    Correction,
    CorrectionMark,
    CorrectionPlace,
    Editorial,
    Emph,
    Inline,
    Inlines,
    LineBreak,
    Link,
    Location,
    Lookalike,
    Note,
    Row,
    Segment,
    Strong,
    Text,
)

# --- what looks alike ------------------------------------------------------

SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
"""The scripts whose letters a word must not mix."""

_NAMES = {
    " ": "space",
    "\u00a0": "no-break space",
    "\u202f": "narrow no-break space",
    "\u2009": "thin space",
    "\u200a": "hair space",
    "\u2002": "en space",
    "\u2003": "em space",
    "\u200b": "zero-width space",
    "\u2060": "word joiner",
    "\u00ad": "soft hyphen",
    "-": "hyphen",
    "\u2011": "non-breaking hyphen",
    "\u2013": "en dash",
    "\u2014": "em dash",
    "\u2212": "minus sign",
}
"""Characters the list of corrections names (templates/macros.html.j2 says each in both languages)."""


@functools.cache  # a text has few letters, each looked up many times
def script(char: str) -> str:
    """The script of a letter as Unicode names it (``CYRILLIC``), "" for any other character."""
    if not char.isalpha():
        return ""
    return str(categories.alias(char))


def kind(char: str) -> str:
    """What a character is, for the list of corrections: see :attr:`Lookalike.old_kind`."""
    if char in _NAMES:
        return _NAMES[char]
    if script(char) in SCRIPTS:
        return script(char).lower()
    if unicodedata.category(char) == "Nd":
        return "digit"
    return f"U+{ord(char):04X}"


def _glyphs(char: str) -> set[str]:
    """The characters Unicode says ``char`` may be taken for."""
    return {glyph["c"] for glyph in confusables.confusables_data.get(char, ())}


def _dash(char: str) -> bool:
    return unicodedata.category(char) == "Pd" or char == "\u2212"


def look_alike(a: str, b: str) -> bool:
    """Whether two characters look the same: confusables, two spaces, two dashes."""
    if a == b:
        return False
    if b in _glyphs(a) or a in _glyphs(b):
        return True
    spaces = all(unicodedata.category(c) == "Zs" for c in (a, b))
    return spaces or (_dash(a) and _dash(b))


def lookalikes(original: str, corrected: str) -> tuple[Lookalike, ...]:
    """The changes from ``original`` to ``corrected`` that cannot be seen: a character replaced
    by a look-alike, an invisible one (a soft hyphen, a zero-width space) removed or added."""
    found: list[Lookalike] = []
    matcher = difflib.SequenceMatcher(None, original, corrected, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        old, new = original[a1:a2], corrected[b1:b2]
        if operation == "replace" and len(old) == len(new):
            found += [Lookalike(a, b, kind(a), kind(b)) for a, b in zip(old, new, strict=True) if look_alike(a, b)]
        elif operation in ("delete", "insert"):
            found += [Lookalike(c, "", kind(c), "") for c in old if unicodedata.category(c) == "Cf"]
            found += [Lookalike("", c, "", kind(c)) for c in new if unicodedata.category(c) == "Cf"]
    return tuple(dict.fromkeys(found))


# --- where each correction stands -------------------------------------------

_HOLE = "\ue000"
"""Stands for an inline that is not the authors' running text (a citation, a note call, code,
the editors' words): a corrected text is never found across it."""


@dataclass(frozen=True)
class _Leaf:
    """An inline of a paragraph as its flat text holds it: from ``start`` to ``end``."""

    start: int
    end: int
    path: tuple[int, ...]
    """Its index in the paragraph, then in each container it is in."""
    text: bool
    """A :class:`Text`, which a sign may split."""


@dataclass(frozen=True)
class _Site:
    """A paragraph of the article's text or notes, in reading order."""

    order: tuple[int, ...]
    place: CorrectionPlace
    where: str
    """How a message names it: ``§ 12 (ru)``, ``note 3 (en)``."""
    location: Location
    inlines: Inlines
    owner: tuple[str, int, str, int]
    """(``segment`` or ``note``, its index, its language, the paragraph's index)."""


def _flatten(inlines: Inlines, path: tuple[int, ...] = ()) -> tuple[str, list[_Leaf]]:
    text = ""
    leaves: list[_Leaf] = []
    for index, item in enumerate(inlines):
        here = (*path, index)
        if isinstance(item, Emph | Strong | Link):
            inner, inner_leaves = _flatten(item.children, here)
            leaves += [replace(leaf, start=leaf.start + len(text), end=leaf.end + len(text)) for leaf in inner_leaves]
            text += inner
            continue
        piece = item.text if isinstance(item, Text) else " " if isinstance(item, LineBreak) else _HOLE
        leaves.append(_Leaf(len(text), len(text) + len(piece), here, isinstance(item, Text)))
        text += piece
    return text, leaves


def _pattern(corrected: str) -> re.Pattern[str]:
    """``corrected`` as whole words, any run of spaces matching any other; each word a group."""
    words = corrected.split()
    body = r"\s+".join(f"({re.escape(word)})" for word in words)
    head = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    tail = r"(?!\w)" if re.search(r"\w$", words[-1]) else ""
    return re.compile(head + body + tail)


def sign_word(original: str, corrected: str) -> int:
    """The word of ``corrected`` (its index among the words split at spaces) the sign goes
    after: the one with the correction's last change, so that words given around it to name
    one place do not move the sign; a space put in or taken out counts for the word after it."""
    old, new = " ".join(original.split()), " ".join(corrected.split())
    changes = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not changes:
        return new.count(" ")
    _, _, _, start, end = changes[-1]
    at = end - 1 if end > start else start
    if at >= len(new) or (end == start and at > 0 and new[at - 1] != " "):
        at -= 1  # taken out at a word's end: that word
    return new[: at + 1].count(" ") if new[at] == " " else new[:at].count(" ")


def _insert(inlines: Inlines, path: tuple[int, ...], cut: int | None, mark: Inline) -> Inlines:
    """``inlines`` with ``mark`` after the item at ``path``, or inside that Text at ``cut``."""
    index, items = path[0], list(inlines)
    item = items[index]
    if len(path) > 1:
        assert isinstance(item, Emph | Strong | Link)
        children = _insert(item.children, path[1:], cut, mark)
        items[index] = Link(children, item.url) if isinstance(item, Link) else type(item)(children)
        return tuple(items)
    if cut is not None and isinstance(item, Text) and 0 < cut < len(item.text):
        items[index : index + 1] = [Text(item.text[:cut]), mark, Text(item.text[cut:])]
    else:
        items.insert(index + 1, mark)
    return tuple(items)


def _mark(inlines: Inlines, end: int, mark: Inline) -> Inlines:
    """``inlines`` with ``mark`` after the character of their flat text that ends at ``end``."""
    _, leaves = _flatten(inlines)
    leaf = next(leaf for leaf in leaves if leaf.start < end <= leaf.end)
    return _insert(inlines, leaf.path, end - leaf.start if leaf.text else None, mark)


def _sites(segments: tuple[Segment, ...], notes: tuple[Note, ...]) -> Iterator[_Site]:
    for index, segment in enumerate(segments):
        for lang_index, lang in enumerate(LANGS):
            block = segment.block(lang)
            if block is None:
                continue
            number = segment.number
            where = f"§ {number} ({lang})" if number else f"the {block.kind} at {block.location.file.name}:{block.location.line}"
            for paragraph, inlines in enumerate(block.paragraphs):
                place = CorrectionPlace(lang, segment.anchor, number)
                yield _Site((0, index, lang_index, paragraph), place, where, block.location, inlines, ("segment", index, lang, paragraph))
    for index, note in enumerate(notes):
        for paragraph, inlines in enumerate(note.paragraphs):
            place = CorrectionPlace(note.lang, "", None, note.shown)
            order = (1, note.number, LANGS.index(note.lang), paragraph)
            yield _Site(order, place, f"note {note.shown} ({note.lang})", note.location, inlines, ("note", index, note.lang, paragraph))


def mark_corrections(
    meta: ArticleMeta, segments: tuple[Segment, ...], notes: tuple[Note, ...]
) -> tuple[ArticleMeta, tuple[Segment, ...], tuple[Note, ...], list[Problem]]:
    """Find each correction of ``meta`` in the text, put its sign there and number the list
    in the order of the text; a problem, at its entry in article.toml, for a correction
    whose corrected text is not in the text, or stands in more places than it is listed."""
    if not meta.corrections:
        return meta, segments, notes, []
    sites = list(_sites(segments, notes))
    texts = [_flatten(site.inlines)[0] for site in sites]
    found: dict[int, tuple[int, int]] = {}  # entry -> (site, end of its text there)
    problems: list[Problem] = []
    by_text: dict[str, list[int]] = {}
    for entry, correction in enumerate(meta.corrections):
        by_text.setdefault(" ".join(correction.corrected.split()), []).append(entry)
    for corrected, entries in by_text.items():
        pattern = _pattern(corrected)
        matches = [(index, match) for index, text in enumerate(texts) for match in pattern.finditer(text)]
        if len(matches) != len(entries):
            where = [sites[index] for index, _ in matches]
            problems += [_problem(meta.corrections[entry], where, len(entries), sites, texts) for entry in entries]
            continue
        for entry, (index, match) in zip(entries, matches, strict=True):  # in the order of the text
            found[entry] = (index, match.end(1 + sign_word(meta.corrections[entry].original, corrected)))
    order = sorted(range(len(meta.corrections)), key=lambda e: (0, sites[found[e][0]].order, found[e][1]) if e in found else (1, (), e))
    numbers = {entry: number for number, entry in enumerate(order, start=1)}
    marked = {site.owner: site.inlines for site in sites}
    for entry in sorted(found, key=lambda e: found[e][1], reverse=True):  # later places first: earlier offsets stay
        site = sites[found[entry][0]]
        marked[site.owner] = _mark(marked[site.owner], found[entry][1], CorrectionMark(numbers[entry]))
    corrections = tuple(
        replace(
            meta.corrections[entry],
            number=numbers[entry],
            place=sites[found[entry][0]].place if entry in found else None,
            lookalikes=lookalikes(meta.corrections[entry].original, meta.corrections[entry].corrected),
        )
        for entry in order
    )
    return replace(meta, corrections=corrections), _segments(segments, marked), _notes(notes, marked), problems


def _segments(segments: tuple[Segment, ...], marked: dict[tuple[str, int, str, int], Inlines]) -> tuple[Segment, ...]:
    out: list[Segment] = []
    for index, segment in enumerate(segments):
        blocks: dict[str, Block | None] = {}
        for lang in LANGS:
            block = segment.block(lang)
            if block is not None:
                paragraphs = tuple(marked[("segment", index, lang, n)] for n in range(len(block.paragraphs)))
                block = replace(block, paragraphs=paragraphs) if paragraphs != block.paragraphs else block
            blocks[lang] = block
        if blocks["ru"] is not segment.ru or blocks["en"] is not segment.en:  # one row: the rows are split later
            segment = replace(segment, ru=blocks["ru"], en=blocks["en"], rows=(Row(blocks["ru"], blocks["en"]),))
        out.append(segment)
    return tuple(out)


def _notes(notes: tuple[Note, ...], marked: dict[tuple[str, int, str, int], Inlines]) -> tuple[Note, ...]:
    out = []
    for index, note in enumerate(notes):
        paragraphs = tuple(marked[("note", index, note.lang, n)] for n in range(len(note.paragraphs)))
        out.append(replace(note, paragraphs=paragraphs) if paragraphs != note.paragraphs else note)
    return tuple(out)


def _problem(correction: Correction, places: list[_Site], listed: int, sites: list[_Site], texts: list[str]) -> Problem:
    file, line = (correction.location.file, correction.location.line) if correction.location else (None, None)
    name = f"[[corrections]] «{correction.corrected}»"
    if places:
        where = ", ".join(dict.fromkeys(site.where for site in places))
        times = f"{listed} entries list it" if listed > 1 else "one entry lists it"
        return Problem(
            f"{name}: the corrected text stands {len(places)} times in the article ({where}), but {times}",
            file,
            line,
            "give more of the words around it in original and corrected, so that they name one place; "
            "or list it once for each place, in the order of the text",
        )
    still = [site for site, text in zip(sites, texts, strict=True) if _pattern(correction.original).search(text)]
    if still:
        site = still[0]
        return Problem(
            f"{name}: the text still reads «{correction.original}» ({site.where})",
            file,
            line,
            f"correct it in {site.location.file.name} (the block at line {site.location.line})",
        )
    return Problem(
        f"{name}: the corrected text is not in the article's text or notes",
        file,
        line,
        "write corrected as ru.md or en.md reads, whole words; or correct the text there",
    )


# --- words that mix scripts ---------------------------------------------------

_ALPHABETS = {
    "LATIN": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "CYRILLIC": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
    "GREEK": "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ",
}
"""The letters a word of another script may be taken for, letter by letter, in the same case:
Unicode's look-alikes that are letters of English, Russian and Greek (not «Ь» for "b", nor the
«ѕ» of Macedonian for "s")."""
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u00ad\u200c\u200d])+")
_ROMAN = re.compile(r"(?=.*[IVXL])M*(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
"""A Roman numeral with I, V, X or L (a century, a congress), written in Latin letters in any text."""


_OWN = {"ru": "CYRILLIC", "en": "LATIN"}
"""The script each language's file is written in."""

_PLAIN = {
    "ru": re.compile(r"[\u0400-\u04ff\u0300-\u036f\u00ad\u200c\u200d]+"),
    "en": re.compile(r"[A-Za-z\u00c0-\u024f\u0300-\u036f\u00ad\u200c\u200d]+"),
}
"""A word all in its file's script (nearly every word): nothing to look up."""


def check_scripts(source: ArticleSource) -> list[Problem]:
    """A problem at its file and line for each word of ``ru.md`` and ``en.md`` (notes
    included) that mixes Latin, Cyrillic or Greek letters, or is written in another script
    than its file's in letters that all look like letters of the file's, among words of the
    file's script (a Latin «c» for «с» in «[10, c. 113]» in ``ru.md``), unless
    ``[check] mixed_script`` allows it. Roman numerals (XX, IX) are Latin in any text."""
    problems: list[Problem] = []
    allowed = set(source.meta.mixed_script)
    for lang in LANGS:
        text = source.text(lang)
        lines = _lines(text.file)
        located = [(b.location, b.paragraphs) for b in text.blocks] + [(n.location, n.paragraphs) for n in text.notes]
        for location, paragraphs in located:
            cursor = location.line
            for paragraph in paragraphs:
                words = _WORD.findall(_words_text(paragraph))
                for index, word in enumerate(words):
                    if _PLAIN[lang].fullmatch(word):
                        continue
                    message = _suspect(words, index, _OWN[lang])
                    if message is None or word in allowed:
                        continue
                    cursor = _line_of(lines, word, cursor) or cursor
                    problems.append(Problem(message, text.file, cursor, _hint(word)))
    return problems


def _words_text(inlines: Inlines) -> str:
    """The authors' and editors' words of a paragraph: text, and the prefixes and suffixes
    of its citations; not code, keys or addresses."""
    parts: list[str] = []
    for item in inlines:
        if isinstance(item, Text):
            parts.append(item.text)
        elif isinstance(item, Emph | Strong | Editorial | Link):
            parts.append(_words_text(item.children))
        elif isinstance(item, Cite):
            parts += [f" {cite.prefix} {cite.suffix} " for cite in item.items]
        else:
            parts.append(" ")
    return "".join(parts)


def _scripts(word: str) -> list[str]:
    return list(dict.fromkeys(s for s in map(script, word) if s in SCRIPTS))


def _suspect(words: list[str], index: int, own: str) -> str | None:
    """What is wrong with ``words[index]`` in a text written in the script ``own``, or None."""
    word = words[index]
    scripts = _scripts(word)
    if len(scripts) > 1:
        first = script(next(c for c in word if script(c) in SCRIPTS))
        others = ", ".join(f"{c} is {script(c).title()}" for c in dict.fromkeys(word) if script(c) in SCRIPTS and script(c) != first)
        return f"the word «{word}» mixes {' and '.join(s.title() for s in scripts)} letters: {others}"
    if scripts in ([], [own]) or _ROMAN.fullmatch(word):
        return None
    around = [_scripts(words[n]) for n in (index - 1, index + 1) if 0 <= n < len(words)]
    if not around or any(neighbour != [own] for neighbour in around):
        return None
    twins = [next((g for g in sorted(_glyphs(c)) if g in _ALPHABETS[own] and g.isupper() == c.isupper()), "") for c in word if c.isalpha()]
    if not all(twins):
        return None
    return f"the {scripts[0].title()} word «{word}» stands among {own.title()} words and looks like the {own.title()} «{''.join(twins)}»"


def _hint(word: str) -> str:
    return (
        "a misprint of the original: correct it here and list it under [[corrections]] in article.toml; "
        f'if the original means it, allow it there: [check] mixed_script = ["{word}"]'
    )


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeError):
        return []


def _line_of(lines: list[str], word: str, start: int) -> int | None:
    """The first line from ``start`` (1-based) that has ``word`` as a whole word."""
    pattern = re.compile(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])")
    return next((n for n in range(start, len(lines) + 1) if pattern.search(lines[n - 1])), None)
