"""Citations against the bibliography: every key must name an entry, and each cites entries by their own keys."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import replace

from ..errors import Problem
from ..model import (
    LANGS,
    Article,
    Block,
    Cite,
    CiteItem,
    Inline,
    Lang,
    NoteRef,
    Row,
)
from .inlines import located_inlines, map_inlines, walk


def check_keys(article: Article, known: AbstractSet[str]) -> list[Problem]:
    """A problem for every citation of a key that no entry has, with the closest keys."""
    problems = []
    for location, cite in located_inlines(article):
        if not isinstance(cite, Cite):
            continue
        for item in cite.items:
            if item.key in known:
                continue
            close = difflib.get_close_matches(item.key, sorted(known), n=3, cutoff=0.6)
            hint = f"did you mean {', '.join('@' + k for k in close)}?" if close else "add an entry with this key to a .bib file in bibliography/"
            problems.append(Problem(f"citation of an unknown key @{item.key}", location.file, location.line, hint))
    return problems


def keys_cited(article: Article) -> list[str]:
    """The keys an article cites, each once, in order of first citation."""
    keys = (item.key for _, cite in located_inlines(article) if isinstance(cite, Cite) for item in cite.items)
    return list(dict.fromkeys(keys))


def keys_cited_on(article: Article, lang: Lang) -> list[str]:
    """The keys one side of an article cites, each once, in reading order (notes where
    they are called): the order of the numbers :func:`assign_positions` gives."""
    keys = (item.key for cites in _reading_order(article, lang) for cite in cites or () for item in cite.items)
    return list(dict.fromkeys(keys))


def cite_entries(article: Article, entries: Mapping[str, tuple[str, ...]]) -> Article:
    """The article citing entries by their own keys: a key that stands for others (another key
    of an entry, its ``ids``; a ``@set``, its members) is replaced by theirs, the first taking
    the prefix and the last the locator and suffix; positions are then counted again."""
    if all(entries.get(key, (key,)) == (key,) for key in keys_cited(article)):
        return article

    def expand(item: CiteItem) -> tuple[CiteItem, ...]:
        keys = entries.get(item.key, (item.key,)) or (item.key,)
        last = len(keys) - 1
        return tuple(
            replace(
                item,
                key=key,
                prefix=item.prefix if index == 0 else "",
                locator_label=item.locator_label if index == last else "",
                locator=item.locator if index == last else "",
                label_as_written=item.label_as_written if index == last else "",
                suffix=item.suffix if index == last else "",
            )
            for index, key in enumerate(keys)
        )

    def change(item: Inline) -> Inline:
        if isinstance(item, Cite):
            return replace(item, items=tuple(new for old in item.items for new in expand(old)))
        return item

    def block(b: Block | None) -> Block | None:
        return None if b is None else replace(b, paragraphs=tuple(map_inlines(p, change) for p in b.paragraphs))

    segments = tuple(
        replace(s, ru=block(s.ru), en=block(s.en), rows=tuple(Row(block(r.ru), block(r.en)) for r in s.rows))
        for s in article.segments
    )
    notes = tuple(replace(n, paragraphs=tuple(map_inlines(p, change) for p in n.paragraphs)) for n in article.notes)
    return assign_positions(replace(article, segments=segments, notes=notes))


def assign_positions(article: Article) -> Article:
    """The article with each cited work's position and number, per language, in reading order.

    Number: the work's place in the order of first citation (what a numeric
    style prints, and the order of its list of works cited).

    First: the work is not cited before in the article. Ibid: the citation
    just before (in the same note, or in the note before with no note
    without citations in between) cites this work alone, with the same
    locator or none; ibid with locator: with another locator (a work repeated
    inside one citation counts too). Subsequent:
    every other repetition. A note without citations breaks an ibid chain.
    """
    positions: dict[tuple[Lang, int], list[tuple[str, int]]] = {}
    for lang in LANGS:
        seen: dict[str, int] = {}  # each work cited, by its number (the order of first citation)
        previous: tuple[CiteItem, int] | None = None  # the last work cited, and how many works its citation had
        for cites in _reading_order(article, lang):
            if cites is None:  # a note without citations
                previous = None
                continue
            for cite in cites:
                found = []
                for item in cite.items:
                    position = _position(item, seen, previous)
                    found.append((position, seen.setdefault(item.key, len(seen) + 1)))
                    previous = (item, 1)  # the next work of the same citation may be ibid
                positions[(lang, id(cite))] = found
                previous = (cite.items[-1], len(cite.items))
    return _with_positions(article, positions)


def _position(item: CiteItem, seen: dict[str, int], previous: tuple[CiteItem, int] | None) -> str:
    if item.key not in seen:
        return "first"
    if previous is not None and previous[1] == 1 and previous[0].key == item.key:
        before = previous[0]
        if item.locator == before.locator and item.locator_label == before.locator_label:
            return "ibid"
        if item.locator:
            return "ibid-with-locator"
    return "subsequent"


def _reading_order(article: Article, lang: Lang) -> Iterator[list[Cite] | None]:
    """The citations of one language side, a list per block and note; None for a note without any."""
    notes = {note.label: note for note in article.notes_of(lang)}
    for segment in article.segments:
        block = segment.block(lang)
        if block is None:
            continue
        for paragraph in block.paragraphs:
            for item in walk(paragraph):
                if isinstance(item, Cite) and item.mode != "author":  # a name in the text cites nothing
                    yield [item]
                elif isinstance(item, NoteRef) and item.label in notes:
                    note = notes[item.label]
                    cites = [c for p in note.paragraphs for c in walk(p) if isinstance(c, Cite)]
                    yield cites or None


def _with_positions(article: Article, positions: dict[tuple[Lang, int], list[tuple[str, int]]]) -> Article:
    def rewrite(lang: Lang) -> Callable[[Inline], Inline]:
        def change(item: Inline) -> Inline:
            found = positions.get((lang, id(item)))
            if isinstance(item, Cite) and found:
                items = tuple(replace(i, position=p, number=n) for i, (p, n) in zip(item.items, found, strict=True))
                return replace(item, items=items)
            return item

        return change

    def block(b: Block | None) -> Block | None:
        if b is None:
            return None
        return replace(b, paragraphs=tuple(map_inlines(p, rewrite(b.lang)) for p in b.paragraphs))

    segments = tuple(
        replace(s, ru=block(s.ru), en=block(s.en), rows=tuple(Row(block(r.ru), block(r.en)) for r in s.rows))
        for s in article.segments
    )
    notes = tuple(replace(n, paragraphs=tuple(map_inlines(p, rewrite(n.lang)) for p in n.paragraphs)) for n in article.notes)
    return replace(article, segments=segments, notes=notes)
