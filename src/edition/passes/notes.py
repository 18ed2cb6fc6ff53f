"""Numbering footnotes per article, the same number in both languages."""

from __future__ import annotations

from dataclasses import replace

from ..errors import Problem
from ..model import (
    LANGS,
    ArticleSource,
    Block,
    Inline,
    Lang,
    Note,
    NoteRef,
    Row,
    Segment,
)
from .cite_notes import MADE
from .inlines import map_inlines, note_labels, walk


def number_notes(
    source: ArticleSource, segments: tuple[Segment, ...], made: tuple[Note, ...] = ()
) -> tuple[tuple[Segment, ...], tuple[Note, ...], list[Problem]]:
    """Give every note its number, in the order of the calls.

    A pair of blocks must call the same notes in both languages; the Russian
    order of calls decides the numbers. A note called from a one-language
    block is numbered in its place in the sequence. ``made``: the notes made
    of citations in the text (:mod:`edition.passes.cite_notes`), which pair
    by their labels or stand on one side.
    """
    problems: list[Problem] = []
    numbers: dict[Lang, dict[str, int]] = {"ru": {}, "en": {}}
    counter = 0
    for segment in segments:
        labels = {lang: _labels(segment.block(lang), lang, problems) for lang in LANGS}
        if segment.ru is not None and segment.en is not None:
            _check_pair(segment.ru, segment.en, labels["ru"], labels["en"], problems)
        order = labels["ru"] + [label for label in labels["en"] if label not in labels["ru"]]
        for label in order:
            counter += 1
            for lang in LANGS:
                if label in labels[lang]:
                    numbers[lang].setdefault(label, counter)
    notes = []
    for lang in LANGS:
        problems.extend(_calls_in_notes(source.text(lang).notes))
        for note in (*source.text(lang).notes, *(n for n in made if n.lang == lang)):
            if note.label in numbers[lang]:
                notes.append(replace(note, number=numbers[lang][note.label]))
    notes.sort(key=lambda n: (n.number, n.lang != "ru"))
    shown = {lang: iter(range(1, len(notes) + 1)) for lang in LANGS}
    notes = [replace(note, shown=next(shown[note.lang])) for note in notes]
    numbered = tuple(_renumber(segment, numbers) for segment in segments)
    return numbered, tuple(notes), problems


def _labels(block: Block | None, lang: Lang, problems: list[Problem]) -> list[str]:
    if block is None:
        return []
    labels = note_labels(block)
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            problems.append(
                Problem(
                    f"footnote [^{label}] is called twice in one block",
                    block.location.file,
                    block.location.line,
                    "a note is printed once, at its call; give the second call a note of its own",
                )
            )
        seen.add(label)
    return list(dict.fromkeys(labels))


def _calls_in_notes(notes: tuple[Note, ...]) -> list[Problem]:
    """A problem for each note called from inside another note: a footnote has no notes of its own."""
    problems = []
    for note in notes:
        for paragraph in note.paragraphs:
            for item in walk(paragraph):
                if isinstance(item, NoteRef):
                    problems.append(
                        Problem(
                            f"footnote [^{item.label}] is called inside note [^{note.label}]; a note has no notes of its own",
                            note.location.file,
                            note.location.line,
                            f"write the text of [^{item.label}] into note [^{note.label}], or call it from the text",
                        )
                    )
    return problems


def _check_pair(ru: Block, en: Block, ru_labels: list[str], en_labels: list[str], problems: list[Problem]) -> None:
    for here, there, labels, others in ((ru, en, ru_labels, en_labels), (en, ru, en_labels, ru_labels)):
        for label in labels:
            if label not in others and not label.startswith(MADE):  # a note made of a citation is checked where it is made
                problems.append(
                    Problem(
                        f"{_name(label)} is called in {here.lang}.md:{here.location.line} "
                        f"but not in the paired block of {there.lang}.md",
                        there.location.file,
                        there.location.line,
                        f"add [^{label}] where the note belongs in the paired paragraph, so both notes carry one number",
                    )
                )


def _name(label: str) -> str:
    """A note as the user wrote it: ``footnote [^label]``, or ``inline note 2 (^[…])``."""
    return f"{label} (^[…])" if " " in label else f"footnote [^{label}]"


def _renumber(segment: Segment, numbers: dict[Lang, dict[str, int]]) -> Segment:
    def block(b: Block | None) -> Block | None:
        if b is None:
            return None
        table = numbers[b.lang]

        def change(item: Inline) -> Inline:
            if isinstance(item, NoteRef):
                return NoteRef(item.label, table.get(item.label, 0))
            return item

        return replace(b, paragraphs=tuple(map_inlines(p, change) for p in b.paragraphs))

    ru, en = block(segment.ru), block(segment.en)
    return replace(segment, ru=ru, en=en, rows=(Row(ru, en),))
