"""Citations in the text under a note style become footnotes, as pandoc makes them.

A note style (GOST notes, Chicago notes) cites in footnotes: a citation
written in the running text (``Рапалло [@gorlov2001, с. 76].``) becomes a
footnote called where it stood, numbered with the others. An in-text style
(author-date, numeric) leaves it where it is. A note's own citations stay
in the note.

The k-th citation in the text of a pair's Russian block and the k-th in its
English block become notes of one label, so that they carry one number. When
both sides cite in notes and their blocks hold different numbers of
citations, the notes cannot pair: that is reported. When one side cites in
the text, only the other side has these notes, and its note numbers are the
ones the other side skips.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..errors import Problem
from ..model import (
    LANGS,
    Block,
    CitationKind,
    Cite,
    Editorial,
    Emph,
    Inline,
    Inlines,
    Lang,
    Link,
    Note,
    NoteRef,
    Segment,
    Strong,
    Text,
)
from .inlines import map_inlines

PUNCTUATION = ".,;:"
"""What an English note call follows."""
MADE = "citation "
"""The start of a made note's label."""
LABEL = MADE + "{}.{}"
"""A made note's label: the pair's place and the citation's; a space, which no label written in Markdown has."""


def citations_to_notes(
    segments: tuple[Segment, ...], kinds: Mapping[Lang, CitationKind]
) -> tuple[tuple[Segment, ...], tuple[Note, ...], list[Problem]]:
    """The segments with each text citation of a note-style side replaced by a call, and the notes made."""
    notes: list[Note] = []
    problems: list[Problem] = []
    out = []
    for index, segment in enumerate(segments):
        blocks: dict[Lang, Block | None] = {}
        made: dict[Lang, list[Note]] = {}
        for lang in LANGS:
            block = segment.block(lang)
            blocks[lang], made[lang] = block, []
            if block is not None and kinds.get(lang, "note") == "note":
                blocks[lang], made[lang] = _notes_of(block, index)
        both = all(kinds.get(lang, "note") == "note" for lang in LANGS)
        if both and segment.ru and segment.en and len(made["ru"]) != len(made["en"]):
            problems.append(_unpaired(segment.ru, segment.en, len(made["ru"]), len(made["en"])))
        notes.extend(made["ru"] + made["en"])
        out.append(replace(segment, ru=blocks["ru"], en=blocks["en"]))
    return tuple(out), tuple(notes), problems


def _notes_of(block: Block, index: int) -> tuple[Block, list[Note]]:
    made: list[Note] = []

    def change(item: Inline) -> Inline:
        if not isinstance(item, Cite):
            return item
        label = LABEL.format(index + 1, len(made) + 1)
        made.append(Note(label, block.lang, ((replace(item, mode=""),),), block.location))
        if item.mode == "narrative":  # "Gorlov says¹": the name stays in the text
            return Narrated(replace(item, mode="author"), NoteRef(label))
        return NoteRef(label)

    paragraphs = tuple(_placed(_unfolded(map_inlines(p, change)), block.lang) for p in block.paragraphs)
    return (replace(block, paragraphs=paragraphs) if made else block), made


@dataclass(frozen=True)
class Narrated:
    """A narrative citation made into a note: the author's name, then the note's call."""

    name: Cite
    call: NoteRef


def _unfolded(inlines: Inlines) -> Inlines:
    """The inlines with each :class:`Narrated` as its name and its call (containers too)."""
    out: list[Inline] = []
    for item in inlines:
        if isinstance(item, Narrated):
            out += [item.name, item.call]
        elif isinstance(item, Emph | Strong | Editorial | Link):
            out.append(replace(item, children=_unfolded(item.children)))
        else:
            out.append(item)
    return tuple(out)


def _placed(inlines: Inlines, lang: Lang) -> Inlines:
    """A made note's call set against the word before it (``Europe [@a].`` -> ``Europe¹.``), and
    in English after the punctuation that follows it (``Europe.¹``, Chicago 13.26); Russian
    sets the call before a full stop or comma (``Европы¹.``)."""
    out: list[Inline] = []
    pending = False  # an English call waiting for the punctuation after it
    for item in inlines:
        if isinstance(item, NoteRef) and " " in item.label:
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text.rstrip())
            out.append(item)
            pending = lang == "en"
            continue
        if pending and isinstance(item, Text) and item.text[:1] in PUNCTUATION:
            call = out.pop()
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + item.text[0])
            else:
                out.append(Text(item.text[0]))
            out += [call, Text(item.text[1:])]
        else:
            out.append(item)
        pending = False
    return tuple(item for item in out if not (isinstance(item, Text) and not item.text))


def _unpaired(ru: Block, en: Block, ru_count: int, en_count: int) -> Problem:
    return Problem(
        f"the Russian block has {ru_count} citations in its text and the English {en_count}; "
        "under a note style each becomes a note, and the notes of a pair must pair",
        en.location.file,
        en.location.line,
        f"cite the same works in both (ru.md:{ru.location.line}), or move a citation into a footnote [^label]",
    )
