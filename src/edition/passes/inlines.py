"""Walking inline content: its plain text, its note calls, rewriting it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..model import (
    Article,
    Block,
    Cite,
    Code,
    Editorial,
    Emph,
    Inline,
    Inlines,
    LineBreak,
    Link,
    Location,
    NoteRef,
    SplitPoint,
    Strong,
    Text,
)

Container = Emph | Strong | Editorial | Link


def walk(inlines: Inlines) -> Iterator[Inline]:
    """Every inline, depth first, containers before their children."""
    for item in inlines:
        yield item
        if isinstance(item, Container):
            yield from walk(item.children)


def located_inlines(article: Article) -> Iterator[tuple[Location, Inline]]:
    """Every inline of an article's text and notes, with the place of its block or note."""
    for segment in article.segments:
        for block in (segment.ru, segment.en):
            if block is not None:
                for paragraph in block.paragraphs:
                    yield from ((block.location, item) for item in walk(paragraph))
    for note in article.notes:
        for paragraph in note.paragraphs:
            yield from ((note.location, item) for item in walk(paragraph))


def plain_text(inlines: Inlines, notes: bool = False, cite: Callable[[Cite], str] | None = None) -> str:
    """The printed words of ``inlines`` as one string (not an image's alt text);
    citations as written, or as ``cite`` gives them."""
    parts: list[str] = []
    for item in inlines:
        if isinstance(item, Text | Code):
            parts.append(item.text)
        elif isinstance(item, Container):
            parts.append(plain_text(item.children, notes, cite))
        elif isinstance(item, Cite):
            parts.append(cite(item) if cite else f"[{item.source}]")
        elif isinstance(item, LineBreak):
            parts.append(" ")
        elif isinstance(item, NoteRef) and notes:
            parts.append(str(item.number or item.label))
    return "".join(parts)


def block_text(block: Block) -> str:
    return " ".join(plain_text(p) for p in block.paragraphs)


def first_words(block: Block | None, limit: int = 60) -> str:
    """The start of a block's text, for messages."""
    if block is None:
        return ""
    text = " ".join(block_text(block).split())
    if block.kind == "rule":
        return "***"
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def note_labels(block: Block) -> list[str]:
    """Labels of the notes a block calls, in order."""
    return [i.label for p in block.paragraphs for i in walk(p) if isinstance(i, NoteRef)]


def map_inlines(inlines: Inlines, change: Callable[[Inline], Inline]) -> Inlines:
    """``inlines`` with ``change`` applied to every leaf (containers rebuilt)."""
    out: list[Inline] = []
    for item in inlines:
        if isinstance(item, Emph | Strong | Editorial):
            out.append(type(item)(map_inlines(item.children, change)))
        elif isinstance(item, Link):
            out.append(Link(map_inlines(item.children, change), item.url))
        else:
            out.append(change(item))
    return tuple(out)


def has_split_points(inlines: Inlines) -> bool:
    return any(isinstance(i, SplitPoint) for i in inlines)
