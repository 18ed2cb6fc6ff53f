"""Inline content -> escaped HTML, for the print and the screen editions.

In print (``medium="print"``) a footnote's body is set right at its call as a
``float: footnote`` element, so the typesetter places it at the foot of that
page. On screen the call is a link to the note, and notes are listed after
the text; in the EPUB (``medium="epub"``, the screen markup as XHTML) the
link also carries ``epub:type="noteref"`` so that reading systems show the
note as a pop-up. Void elements are written ``<br/>``, valid in both HTML and
XHTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal
from urllib.parse import quote

from markupsafe import Markup, escape

from ..model import (
    Article,
    Block,
    Cite,
    Code,
    CorrectionMark,
    Editorial,
    Emph,
    Image,
    Inlines,
    Lang,
    LineBreak,
    Link,
    ListLevel,
    Note,
    NoteRef,
    Ref,
    Row,
    Segment,
    SplitPoint,
    Strong,
    Text,
)
from ..passes.inlines import note_labels
from ..passes.links import KEPT
from .citations import Formatter, capitalize_first
from .typography import typeset_runs

Medium = Literal["print", "screen", "epub"]

REF_WORDS = {
    "table": {"ru": ("табл.", "табл."), "en": ("Table", "Tables")},
    "figure": {"ru": ("рис.", "рис."), "en": ("Figure", "Figures")},
}
"""The word before a cross-reference's numbers, one and several (Quarto's "Figure 1";
«рис. 1» as Russian books write it in the text)."""


def image_path(article: Article, image: Image) -> PurePosixPath:
    """Where the screen edition keeps an image, relative to its pages."""
    return PurePosixPath("images", article.slug, PurePosixPath(image.src).name)


def row_id(article: Article, segment: Segment, index: int) -> str:
    """Identifier of a row of the print layout: the pair's anchor, then ``-2``, ``-3``..."""
    base = f"a{article.index}-{segment.anchor}"
    return base if index == 0 else f"{base}-{index + 1}"


def back_ids(article: Article) -> tuple[str, str]:
    """Identifiers of what follows an article's text in print: works cited, corrections."""
    return f"a{article.index}-works", f"a{article.index}-corrections"


def note_id(article: Article, lang: Lang, number: int) -> str:
    return f"a{article.index}-fn-{lang}-{number}"


def float_id(article: Article, lang: Lang, kind: str, number: int) -> str:
    """Identifier of a numbered table or figure: ``a1-figure-en-2``."""
    return f"a{article.index}-{kind}-{lang}-{number}"


def call_id(article: Article, lang: Lang, number: int) -> str:
    return f"a{article.index}-fnref-{lang}-{number}"


def correction_ids(article: Article, number: int, lang: Lang) -> tuple[str, str]:
    """Identifiers of a correction's sign in the text and of its entry in the list of ``lang``."""
    return f"a{article.index}-corrmark-{number}", f"a{article.index}-corr-{lang}-{number}"


_PAGE_REF = re.compile(r"pageof-[a-z]+-(.+)")


def page_ref_id(target: str, side: str) -> str:
    """Identifier of the blank where print gives the page of the element ``target`` (in the
    list of corrections of ``side``: two blanks may name one place); see :func:`page_ref_target`."""
    return f"pageof-{side}-{target}"


def page_ref_target(name: str) -> str | None:
    """The element whose page a blank named ``name`` gives; None for another name."""
    found = _PAGE_REF.fullmatch(name)
    return found[1] if found else None


CORRECTED = {"ru": "исправленная опечатка оригинала", "en": "corrected misprint of the original"}
"""What the sign of a correction is called, for a screen reader and as a tooltip."""


@dataclass(frozen=True)
class InlineRenderer:
    """Renders the inline content of one article in one medium.

    In print a note call is a plain number; the bodies come from
    :meth:`floats`, once per row.
    """

    article: Article
    medium: Medium
    citations: Formatter

    def __call__(self, inlines: Inlines, lang: Lang) -> Markup:
        """The HTML of a paragraph (or a note's, a heading's…) inline content. Its runs of
        text get the edition's typography set as one text, across emphasis and links."""
        runs = typeset_runs([item.text if isinstance(item, Text) else None for item in _runs(inlines)], lang)
        return self._inlines(inlines, lang, iter(runs))

    def _inlines(self, inlines: Inlines, lang: Lang, runs: Iterator[str]) -> Markup:
        out = Markup("")
        for item in inlines:
            if isinstance(item, Text):
                text = next(runs)
                if text.startswith(".") and _CLOSED.search(_plain(out)):
                    text = text[1:]  # a formatted citation ends with its own period (“… 1922.”, “Ruhr!”)
                out += escape(text)
            elif isinstance(item, _CONTAINERS):
                out += self._container(item, lang, self._inlines(item.children, lang, runs))
            else:
                if _is_object(item):
                    next(runs)
                out += self.one(item, lang)
        return out

    def _container(self, item: Emph | Strong | Editorial | Link, lang: Lang, inner: Markup) -> Markup:
        if isinstance(item, Emph):
            return Markup("<em>%s</em>") % inner
        if isinstance(item, Strong):
            return Markup("<strong>%s</strong>") % inner
        if isinstance(item, Editorial):
            return Markup('<span class="editorial">%s</span>') % inner
        if not KEPT.match(item.url):  # reported by the sources check; never a link here
            return inner
        return Markup('<a href="%s">%s</a>') % (item.url, inner)

    def one(self, item: object, lang: Lang) -> Markup:
        """An inline that is not text nor holds text (a note call, a citation, code…)."""
        if isinstance(item, Code):
            return Markup("<code>%s</code>") % item.text
        if isinstance(item, Image):
            return Markup('<img src="%s" alt="%s"/>') % (self.image_url(item), item.alt)
        if isinstance(item, LineBreak):
            return Markup("<br/>")
        if isinstance(item, NoteRef):
            return self.note_call(item, lang)
        if isinstance(item, Cite):
            return self.cite(item, lang)
        if isinstance(item, Ref):
            return self.ref(item, lang)
        if isinstance(item, SplitPoint):  # in print, where the layout passes may cut the row (``render/rows.py``)
            return Markup('<span class="cut"></span>') if self.medium == "print" else Markup("")
        if isinstance(item, CorrectionMark):  # after the word, a link of its own: not read as part of it
            mark, entry = correction_ids(self.article, item.number, lang)
            return Markup('<a class="corr-mark" id="%s" href="#%s" title="%s" aria-label="%s">*</a>') % (mark, entry, CORRECTED[lang], CORRECTED[lang])
        raise TypeError(f"unknown inline {item!r}")

    def float_id(self, block: Block) -> str:
        return float_id(self.article, block.lang, block.kind, block.number)

    def correction_ids(self, number: int, lang: Lang) -> tuple[str, str]:
        """``r.correction_ids(n, lang)``: the ids of a correction's sign and of its entry in ``lang``'s list."""
        return correction_ids(self.article, number, lang)

    def ref(self, ref: Ref, lang: Lang) -> Markup:
        """A cross-reference: "Figure 2", "Tables 1, 3", «рис. 2», each number a link to its float."""
        word = REF_WORDS[ref.kind][lang][len(ref.numbers) > 1]
        links = [
            Markup('<a class="ref" href="#%s">%d</a>') % (float_id(self.article, lang, ref.kind, number), number)
            for number in ref.numbers
        ]
        return Markup("%s\u00a0%s") % (word, Markup(", ").join(links))

    def image_url(self, image: Image) -> str:
        """In print, the file itself; on screen, the copy beside the page."""
        if self.medium == "print":
            return (self.article.folder / image.src).resolve().as_uri()
        return quote(image_path(self.article, image).as_posix())

    def note_call(self, ref: NoteRef, lang: Lang) -> Markup:
        note = self.article.note(lang, ref.label)
        ids = (call_id(self.article, lang, note.number), note_id(self.article, lang, note.number))
        if self.medium == "print":
            return Markup('<a class="fn-anchor" id="%s"></a><span class="fn-call">%d</span>') % (ids[0], note.shown)
        kind = Markup(' epub:type="noteref"') if self.medium == "epub" else Markup("")
        return Markup('<a class="noteref" id="%s" href="#%s"%s role="doc-noteref">%d</a>') % (*ids, kind, note.shown)

    def floats(self, row: Row) -> Markup:
        """The bodies of the notes a row calls, to float to the foot of the page.

        They are placed at the start of the row's first cell, not at their
        calls: WeasyPrint then reserves their room before it lays out the
        rest of the row, and moves the whole row (which does not break) to
        the next page when row and notes do not fit. A pair's Russian and
        English notes of one number form one float, so they stay together:
        a row of two cells, the Russian note under the Russian column and
        the English under the English.
        """
        floats = []
        for number, pair in _row_notes(self.article, row):
            notes = {note.lang: note for note in pair}
            sides = [
                Markup('<span class="fn-side %s" id="%s" lang="%s"><span class="fn-n">%d.\u2002</span>%s</span>')
                % (lang, note_id(self.article, lang, number), lang, note.shown, self.note_body(note))
                if (note := notes.get(lang))
                else Markup('<span class="fn-side %s"></span>') % lang
                for lang in ("ru", "en")
            ]
            floats.append(Markup('<span class="fn"><span class="fn-row">%s<span class="fn-gap"></span>%s</span></span>') % (sides[0], sides[1]))
        return Markup("").join(floats)

    def side_floats(self, row: Row, lang: Lang) -> Markup:
        """On facing pages: the bodies of the notes that ``lang``'s side of a row calls, each
        a float to the foot of that side's page."""
        block = row.ru if lang == "ru" else row.en
        if block is None:
            return Markup("")
        floats = []
        for label in dict.fromkeys(note_labels(block)):
            note = self.article.note(lang, label)
            floats.append(
                Markup('<span class="fn fn-one" id="%s" lang="%s"><span class="fn-n">%d.\u2002</span>%s</span>')
                % (note_id(self.article, lang, note.number), lang, note.shown, self.note_body(note))
            )
        return Markup("").join(floats)

    def list(self, block: Block, lead: Markup | str = "") -> Markup:
        """A list block as nested ``<ol>`` and ``<ul>``: each paragraph opens the items and
        lists its place has that the one before it had not, after closing the others;
        an ordered list starts at its first item's number; ``lead`` opens the first item."""
        out: list[Markup] = []
        current: list[int] = []  # the open item at each depth
        open_lists: list[str] = []
        for number, (paragraph, place) in enumerate(zip(block.paragraphs, block.places, strict=True)):
            path = place.path
            common = next((d for d in range(min(len(current), len(path))) if current[d] != path[d]), min(len(current), len(path)))
            for depth in reversed(range(common, len(current))):
                out.append(Markup("</li>"))
                if not (depth == common and len(path) > common):
                    out.append(Markup("</%s>") % open_lists.pop())
            del current[common:]
            for depth in range(common, len(path)):
                if len(open_lists) <= depth:
                    out.append(_list_open(place.lists[depth], path[depth], self.medium == "print"))
                    open_lists.append("ol" if place.lists[depth].ordered else "ul")
                out.append(Markup("<li>"))
                current.append(path[depth])
            text = (lead if number == 0 else Markup("")) + self(paragraph, block.lang)
            out.append(text if place.lists[-1].tight or not paragraph else Markup("<p>%s</p>") % text)
        for _ in current:
            out.append(Markup("</li></%s>") % open_lists.pop())
        return Markup("").join(out)

    def note_paragraph(self, paragraph: Inlines, lang: Lang, first: bool) -> Markup:
        """A paragraph of a note; a note starts with a capital letter («Там же», "Ibid.", "See")."""
        text = self(paragraph, lang)
        return capitalize_first(text) if first else text

    def note_body(self, note: Note) -> Markup:
        """A note's paragraphs; the first starts with a capital letter («Там же», "Ibid.")."""
        paragraphs = [self.note_paragraph(p, note.lang, first=n == 0) for n, p in enumerate(note.paragraphs)]
        tag = '<span class="fn-p">%s</span>' if self.medium == "print" else "<p>%s</p>"
        return Markup("").join(Markup(tag) % p for p in paragraphs)

    def cite(self, cite: Cite, lang: Lang) -> Markup:
        return Markup('<span class="cite">%s</span>') % self.citations.cite(cite, lang, lambda inlines: self(inlines, lang))


def _list_open(level: ListLevel, first: int, counter: bool) -> Markup:
    """A list's opening tag; an ordered list that does not start at 1 says where it starts
    (and, for WeasyPrint, which does not read ``start``, resets its counter: ``counter``)."""
    tag = "ol" if level.ordered else "ul"
    start = level.start + first
    attributes = Markup("")
    if level.ordered and start != 1:
        attributes = Markup(' start="%d"') % start
        if counter:
            attributes += Markup(' style="counter-reset: list-item %d"') % (start - 1)
    return Markup('<%s class="%s"%s>') % (tag, "tight" if level.tight else "loose", attributes)


def _runs(inlines: Inlines) -> Iterator[Text | object]:
    """A paragraph's runs of text in order, through emphasis and links, and what is not text
    and prints something of its own (a citation, code…): the typography's view of it. A note
    call, a correction's sign and a split point print after a word or nothing: passed over."""
    for item in inlines:
        if isinstance(item, Text) or _is_object(item):
            yield item
        elif isinstance(item, _CONTAINERS):
            yield from _runs(item.children)


_CONTAINERS = (Emph, Strong, Editorial, Link)
"""Inlines that hold text: the typography sees through them."""


def _is_object(item: object) -> bool:
    return isinstance(item, Code | Image | LineBreak | Cite | Ref)


_CLOSED = re.compile(r"[.!?…][”’»\"]?$")
"""The end of a sentence, or of a title within quotes that closes it."""


def _plain(html: Markup) -> str:
    return re.sub(r"<[^>]+>", "", str(html)).rstrip()


def _row_notes(article: Article, row: Row) -> list[tuple[int, list[Note]]]:
    """(number, notes of that number in the row) in order of number."""
    found: dict[int, list[Note]] = {}
    for block in (row.ru, row.en):
        if block is None:
            continue
        for label in note_labels(block):
            note = article.note(block.lang, label)
            if note not in found.setdefault(note.number, []):
                found[note.number].append(note)
    return sorted(found.items())
