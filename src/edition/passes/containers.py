"""A work cited in a collection that an earlier note described: CSL-M's position ``container-subsequent``.

Authors citing several documents of one published collection describe the
collection in full with the first document they cite from it, and by its
title only with each later one (the Ruhr article, notes 8, then 17 and 19:
«// Москва – Берлин. Политика и дипломатия Кремля. 1920 – 1941 гг. Т. 1:
1920 – 1926. М., 2011. С. 110.»). CSL 1.0 has no position for this; CSL-M,
the extension citeproc-js reads, has ``container-subsequent``: the first
citation of a work whose container was cited before. This pass gives it,
per article and language, to the first citation of a work whose crossref
parent (its collection, its multi-volume work) an earlier first citation of
another of its works described. A citation of the collection itself does
not count: it is a reference to the whole, not to a document in it.

A style decides what the position changes (``<if
position="container-subsequent">``): GOST prints the collection's title
only; a style that does not test it prints the citation as a first one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from ..model import LANGS, Article, Block, Cite, Inline, Lang, Note, Row
from .citations import keys_cited_on
from .inlines import map_inlines

CONTAINER_SUBSEQUENT = "container-subsequent"


def container_positions(article: Article, parents: Mapping[str, str]) -> Article:
    """The article with ``container-subsequent`` for the first citation of each work
    whose container (``parents``: a work's crossref parent) an earlier work's first
    citation described in full, on each language side."""
    later = {lang: _later_in_container(keys_cited_on(article, lang), parents) for lang in LANGS}
    if not any(later.values()):
        return article

    def change(lang: Lang) -> Callable[[Inline], Inline]:
        def marked(item: Inline) -> Inline:
            if not isinstance(item, Cite) or not any(i.key in later[lang] and i.position == "first" for i in item.items):
                return item
            items = tuple(
                replace(i, position=CONTAINER_SUBSEQUENT) if i.key in later[lang] and i.position == "first" else i for i in item.items
            )
            return replace(item, items=items)

        return marked

    def block(b: Block | None) -> Block | None:
        return None if b is None else replace(b, paragraphs=tuple(map_inlines(p, change(b.lang)) for p in b.paragraphs))

    def note(n: Note) -> Note:
        return replace(n, paragraphs=tuple(map_inlines(p, change(n.lang)) for p in n.paragraphs))

    segments = tuple(
        replace(s, ru=block(s.ru), en=block(s.en), rows=tuple(Row(block(r.ru), block(r.en)) for r in s.rows)) for s in article.segments
    )
    return replace(article, segments=segments, notes=tuple(note(n) for n in article.notes))


def _later_in_container(keys: list[str], parents: Mapping[str, str]) -> frozenset[str]:
    """Of ``keys`` (in the order of their first citation), those whose container an
    earlier key of the same container introduced."""
    described: set[str] = set()
    later = set()
    for key in keys:
        parent = parents.get(key, "")
        if not parent:
            continue
        if parent in described:
            later.add(key)
        described.add(parent)
    return frozenset(later)
