"""Nothing lost: reading the typeset PDF back and comparing it with the sources.

The check reads the PDF with pypdfium2 (the only module that imports it),
text layer and named destinations; or, for a part just typeset, the text of
its pages and its anchors as the typesetter laid them out and drew them
(:func:`check_typeset`: five times quicker, the same words):

- every footnote's call and body are found through the named destinations
  the print template puts on them, and must be on the same page;
- every note's text must be printed exactly once, on that page;
- every word of every paragraph, in both languages, must be in the text of
  the article's pages, in order;
- every figure's image must be drawn on the page of its caption's anchor.

Words are compared as lowercase runs of letters or of digits, with hyphens
removed, so that hyphenation at line ends and footnote numbers glued to words
do not matter.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .errors import Problem, VerificationError
from .model import LANGS, Article, Block, Cite, Edition, Inlines, Lang, Note, Row
from .passes.inlines import note_labels, plain_text
from .render.citations import Formatter
from .render.facing import printed_side, side_id
from .render.html import citation_formatter
from .render.inline import InlineRenderer, back_ids, call_id, float_id, note_id, row_id
from .render.rows import Layout, PrintRow, print_rows

if TYPE_CHECKING:
    from .render.pdf import Typeset

_WORD = re.compile(r"(?:[^\W\d_]|-)+|\d+")
_NEAR = 60
"""Tokens searched for the next word before a wider resynchronising search."""
_FAR = 4000


@dataclass
class Report:
    """What the check found: counts, and every problem."""

    notes: int = 0
    words: int = 0
    problems: list[Problem] = field(default_factory=list)
    pushing_rows: set[str] = field(default_factory=set)
    """Rows to start on a new page so that a misplaced note can stay with its call
    (see :func:`_pushing_row`)."""


def verify_pdf(edition: Edition, pdf: bytes) -> Report:
    """Raise :class:`VerificationError` if the PDF lost or misplaced anything."""
    report = check_pdf(edition, pdf)
    if report.problems:
        raise VerificationError(report.problems)
    return report


def check_pdf(edition: Edition, pdf: bytes, articles: tuple[Article, ...] | None = None) -> Report:
    """Check ``articles`` (all of the edition's by default) in ``pdf``."""
    articles = edition.articles if articles is None else articles
    read = read_pdf(pdf, _destination_names(articles, edition.config.layout.mode == "facing"))
    return check_pages(edition, read.pages, read.destinations, articles, read.images, read.depths)


def check_typeset(edition: Edition, typeset: Typeset, articles: tuple[Article, ...], layout: Layout | None = None) -> Report:
    """Check ``articles`` in a document as it was typeset under ``layout``: the text of each
    page as the typesetter drew it, where each anchor is (the PDF's named destinations),
    and how many images each page draws."""
    return check_pages(edition, [words(text) for text in typeset.texts], typeset.anchors, articles, typeset.images, typeset.depths, layout)


def check_pages(
    edition: Edition,
    pages: list[list[str]],
    destinations: dict[str, int],
    articles: tuple[Article, ...],
    images: Sequence[int] = (),
    depths: dict[str, float] | None = None,
    layout: Layout | None = None,
) -> Report:
    """Check ``articles`` in a document of these ``pages`` (the words of each), named
    ``destinations`` (their pages, and ``depths``, how far down it each is) and
    ``images`` (how many each page draws; not checked when not given), typeset under
    ``layout`` (when known: the rows it cut are found by their own names)."""
    report = Report()
    if images:
        for article in articles:
            _check_figures(article, destinations, images, report)
    citations = citation_formatter(edition)
    starts = [destinations.get(f"a{a.index}") for a in articles]
    for position, article in enumerate(articles):
        first = starts[position]
        if first is None:
            report.problems.append(_problem(article, None, f"article «{article.meta.title.ru}» is missing from the PDF"))
            continue
        later = [s for s in starts[position + 1 :] if s is not None]
        last = later[0] if later else len(pages)
        rows = _printed_order(article, destinations, depths or {}, layout or Layout())
        facing = edition.config.layout.mode == "facing"
        if facing:
            _check_spreads(article, rows, destinations, report)
        _check_notes(article, rows, pages, destinations, report, citations)
        for lang in LANGS:
            order = rows
            if facing:  # each block where it is printed (one marked {.wide} on the left-hand page, whatever its language)
                order = _ordered(rows, functools.partial(_printed_id, lang=lang), destinations, depths or {})
            _check_words(article, order, lang, pages[first:last], report, citations)
    return report


@dataclass(frozen=True)
class ReadPdf:
    """What the check reads from a PDF."""

    pages: list[list[str]]
    """The words of each page."""
    destinations: dict[str, int]
    """The page of each named destination asked for that exists."""
    depths: dict[str, float]
    """How far down its page each of those destinations is."""
    images: list[int]
    """How many images each page draws."""


def read_pdf(pdf: bytes, names: list[str]) -> ReadPdf:
    """The words and images of each page, and where each named destination in ``names`` is."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        images = []
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            pages.append(words(text_page.get_text_range()))
            images.append(sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])))
            text_page.close()
            page.close()
        destinations, depths = {}, {}
        for name in names:
            destination = pdfium_c.FPDF_GetNamedDestByName(document.raw, name.encode())
            if destination:
                destinations[name] = pdfium_c.FPDFDest_GetDestPageIndex(document.raw, destination)
                depths[name] = -_height(destination)  # PDF measures up from the foot
        return ReadPdf(pages, destinations, depths, images)
    finally:
        document.close()


def _height(destination: object) -> float:
    has_x, has_y, has_zoom = pdfium_c.FPDF_BOOL(), pdfium_c.FPDF_BOOL(), pdfium_c.FPDF_BOOL()
    x, y, zoom = pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT()
    pdfium_c.FPDFDest_GetLocationInPage(destination, has_x, has_y, has_zoom, x, y, zoom)
    return float(y.value) if has_y.value else 0.0


def _printed_order(article: Article, destinations: dict[str, int], depths: dict[str, float], layout: Layout) -> list[PrintRow]:
    """The rows of ``article`` in the order they are printed: the layout passes may have
    moved a float on past text (``render/rows.py``)."""
    return _ordered(print_rows(article, layout), lambda row: row.id, destinations, depths)


def _ordered(rows: list[PrintRow], name: Callable[[PrintRow], str], destinations: dict[str, int], depths: dict[str, float]) -> list[PrintRow]:
    """``rows`` in the order of where the destination ``name(row)`` of each is printed; a
    row not found keeps its place."""
    places: list[tuple[int, float]] = []
    place = (-1, 0.0)
    for row in rows:
        found = name(row)
        if found in destinations:
            place = (destinations[found], depths.get(found, 0.0))
        places.append(place)
    return [rows[n] for n in sorted(range(len(rows)), key=places.__getitem__)]


def _printed_id(row: PrintRow, lang: Lang) -> str:
    """On facing pages, the id of the side a row's block in ``lang`` is printed on."""
    return side_id(row, printed_side(row, lang))


def _check_spreads(article: Article, rows: list[PrintRow], destinations: dict[str, int], report: Report) -> None:
    """On facing pages: each row's Russian side on a left-hand page (an odd page index: the
    book, and each part, starts on a right-hand page), its English side on the page facing it."""
    for printed in rows:
        ru, en = destinations.get(side_id(printed, "ru")), destinations.get(side_id(printed, "en"))
        block = printed.row.ru or printed.row.en
        if ru is None and en is None:
            continue  # joined to the row before it on its spread (lost words are the words check's)
        if (ru is None and printed.row.ru is not None) or (en is None and printed.row.en is not None):
            missing = "the Russian side" if ru is None and printed.row.ru is not None else "the English side"
            report.problems.append(_problem(article, block, f"{_where(printed)}: {missing} is missing from the PDF"))
        elif ru is not None and ru % 2 == 0:
            report.problems.append(_problem(article, block, f"{_where(printed)}: the Russian side is on page {ru + 1}, a right-hand page"))
        elif en is not None and en % 2 == 1:
            report.problems.append(_problem(article, block, f"{_where(printed)}: the English side is on page {en + 1}, a left-hand page"))
        elif ru is not None and en is not None and en != ru + 1:
            report.problems.append(
                _problem(article, block, f"{_where(printed)}: the Russian side is on page {ru + 1} and the English on page {en + 1}, not facing")
            )


def _where(printed: PrintRow) -> str:
    segment = printed.segment
    return f"§ {segment.number}" if segment.number else f"the {segment.kind} at row {printed.id}"


def _destination_names(articles: tuple[Article, ...], facing: bool) -> list[str]:
    """The named destinations the check reads (on ``facing`` pages, each row's English side's too)."""
    sides = ("", "-en") if facing else ("",)
    names = []
    for article in articles:
        names.append(f"a{article.index}")
        for note in article.notes:
            names += [call_id(article, note.lang, note.number), note_id(article, note.lang, note.number)]
        names += [row_id(article, s, i) + suffix for s in article.segments for i in range(len(s.rows)) for suffix in sides]
        names += list(back_ids(article))
        names += [float_id(article, block.lang, block.kind, block.number) for block in _figures(article)]
    return names


def _figures(article: Article) -> list[Block]:
    return [b for s in article.segments for b in (s.ru, s.en) if b is not None and b.kind == "figure" and b.number]


def _check_figures(article: Article, destinations: dict[str, int], images: Sequence[int], report: Report) -> None:
    """Each figure's image drawn on the page its caption's anchor is on."""
    for block in _figures(article):
        page = destinations.get(float_id(article, block.lang, block.kind, block.number))
        if page is None or page >= len(images) or images[page] == 0:
            where = "is missing from the PDF" if page is None else f"is not drawn on its page ({page + 1})"
            report.problems.append(_problem(article, block, f"the image of figure {block.number} ({block.lang}) {where}"))


def words(text: str) -> list[str]:
    """Comparable words of a text: NFKC, lowercase, hyphens removed.

    A word broken by a hyphen at the end of a line keeps one trailing ``-``
    (``устро-``), so that the matcher can join it with its rest, which may
    come much later in the text stream: on the next page, after the other
    column and the footnotes.
    """
    # PDFium marks a word hyphenated at a line end with U+FFFE (or U+0002) where the hyphen was
    text = re.sub(r"[\ufffe\u0002]\s*", "-\n", text)
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").lower()
    out = []
    for word in _WORD.findall(text):
        core = word.strip("-").replace("-", "")
        if core:
            out.append(core + "-" if word.endswith("-") and not word.startswith("-") else core)
    return out


def source_words(text: str) -> list[str]:
    """Words of a source text: as :func:`words`, with no line-end marks."""
    return [w.rstrip("-") for w in words(text)]


def _check_notes(article: Article, rows: list[PrintRow], pages: list[list[str]], destinations: dict[str, int], report: Report, citations: Formatter) -> None:
    render = InlineRenderer(article, "print", citations)
    expected = {(n.lang, n.number): [str(n.shown), *_note_words(n, render)] for n in article.notes}
    identical = Counter(tuple(v) for v in expected.values())
    starts = [_starts(page) for page in pages]
    for note in article.notes:
        report.notes += 1
        label = f"note {note.number} ({note.lang})"
        call_page = destinations.get(call_id(article, note.lang, note.number))
        body_page = destinations.get(note_id(article, note.lang, note.number))
        if call_page is None:
            report.problems.append(_note_problem(article, note, f"the call of {label} is missing from the PDF"))
            continue
        if body_page is None:
            report.problems.append(_note_problem(article, note, f"the body of {label} is missing from the PDF (call on page {call_page + 1})"))
            continue
        if body_page != call_page:
            report.problems.append(
                _note_problem(article, note, f"{label} is called on page {call_page + 1} but printed on page {body_page + 1}")
            )
            pushing = _pushing_row(article, rows, note, destinations, call_page)
            if pushing:
                report.pushing_rows.add(pushing)
            continue
        sequence = expected[(note.lang, note.number)]
        here = _count(pages[body_page], starts[body_page], sequence)
        total = sum(_count(page, index, sequence) for page, index in zip(pages, starts, strict=True))
        if here == 0:
            report.problems.append(_note_problem(article, note, f"the text of {label} is not on page {body_page + 1}"))
        elif total > identical[tuple(sequence)]:
            report.problems.append(_note_problem(article, note, f"{label} is printed {total} times"))


def _pushing_row(article: Article, rows: list[PrintRow], note: Note, destinations: dict[str, int], page: int) -> str | None:
    """The row (or block after the text) that most likely pushed ``note`` off ``page``.

    After the row that calls the note: the last one that starts on the same page
    (it runs on to the next page), else the first one that starts after it (it was
    tried at the foot of the page, then moved on whole).
    """
    calling = next((n for n, printed in enumerate(rows) if _calls(printed.row, note)), len(rows) - 1)
    later = [printed.id for printed in rows[calling + 1 :]] + list(back_ids(article))
    same_page = [i for i in later if destinations.get(i) == page]
    if same_page:
        return same_page[-1]
    return next((i for i in later if destinations.get(i, -1) > page), None)


def _calls(row: Row, note: Note) -> bool:
    block = row.ru if note.lang == "ru" else row.en
    return block is not None and note.label in note_labels(block)


def _check_words(article: Article, rows: list[PrintRow], lang: Lang, pages: list[list[str]], report: Report, citations: Formatter) -> None:
    """Every word of ``lang``'s blocks is in the PDF, in the order of ``rows``."""
    stream = [w for page in pages for w in page]
    render = InlineRenderer(article, "print", citations)
    position = 0
    for printed in rows:
        segment = printed.segment
        block = printed.row.ru if lang == "ru" else printed.row.en
        if block is None:
            continue
        missing: list[str] = []
        for paragraph in block.paragraphs:
            tokens = source_words(_text(paragraph, render, block.lang, calls=True))
            report.words += len(tokens)
            position = _match(stream, tokens, position, missing)
        if missing:
            where = f"§ {segment.number}" if segment.number else f"the {segment.kind} «{plain_text(block.paragraphs[0])[:40]}»" if block.paragraphs else segment.kind
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            report.problems.append(
                Problem(
                    f"article «{article.meta.title.en}», {where} ({lang}): words missing from the PDF: {shown}",
                    block.location.file,
                    block.location.line,
                    "the typesetter dropped text; check the templates and styles for hidden or overflowing content",
                )
            )


def _match(stream: list[str], tokens: list[str], position: int, missing: list[str]) -> int:
    """Find ``tokens`` in order in ``stream`` from ``position``; note the ones not found."""
    for index, token in enumerate(tokens):
        found = _find_word(stream, token, position, position + _NEAR)
        if found is None:
            found = _find_run(stream, tokens[index : index + 4], position, position + _FAR)
        if found is None:
            missing.append(token)
            continue
        position = found + 1
    return position


def _find_word(stream: list[str], word: str, start: int, stop: int) -> int | None:
    """Index of the last stream token of ``word`` (which may be hyphenated across lines)."""
    for index in range(start, min(stop, len(stream))):
        end = _word_at(stream, word, index)
        if end is not None:
            return end
    return None


def _word_at(stream: list[str], word: str, index: int) -> int | None:
    token = stream[index]
    if token.rstrip("-") == word:
        return index
    stem = token[:-1]
    if token.endswith("-") and stem and word.startswith(stem) and len(stem) < len(word):
        # the rest of the word is the next token of the same column: soon, or after a page break
        return _find_word(stream, word[len(stem) :], index + 1, index + 1 + _FAR)
    return None


def _find_run(stream: list[str], run: list[str], start: int, stop: int) -> int | None:
    """Index where the first word of ``run`` ends, if the rest of ``run`` follows it."""
    for index in range(start, min(stop, len(stream))):
        end = _word_at(stream, run[0], index)
        if end is None:
            continue
        position, ok = end + 1, True
        for word in run[1:]:
            following = _find_word(stream, word, position, position + 3)
            if following is None:
                ok = False
                break
            position = following + 1
        if ok:
            return end
    return None


def _starts(page: list[str]) -> dict[str, list[int]]:
    """Where each word starts on a page; a word hyphenated at a line end under its stem."""
    index: dict[str, list[int]] = {}
    for position, token in enumerate(page):
        index.setdefault(token.rstrip("-"), []).append(position)
    return index


def _count(page: list[str], starts: dict[str, list[int]], sequence: list[str]) -> int:
    """How many times ``sequence`` stands on ``page``, word after word (a word may be
    hyphenated at a line end); ``starts``: :func:`_starts` of the page."""
    first = sequence[0]
    candidates = set(starts.get(first, ()))
    # the first word broken at a line end: its stem, any prefix of it
    candidates.update(p for n in range(1, len(first)) for p in starts.get(first[:n], ()) if page[p].endswith("-"))
    return sum(1 for index in candidates if _run_at(page, sequence, index))


def _run_at(stream: list[str], run: list[str], index: int) -> bool:
    for word in run:
        end = _adjacent_word(stream, word, index)
        if end is None:
            return False
        index = end + 1
    return True


def _adjacent_word(stream: list[str], word: str, index: int) -> int | None:
    """The last token of ``word`` starting exactly at ``index``, joining line-end hyphens."""
    if index >= len(stream):
        return None
    token = stream[index]
    if token.rstrip("-") == word:
        return index
    stem = token[:-1]
    if token.endswith("-") and stem and word.startswith(stem) and len(stem) < len(word):
        return _adjacent_word(stream, word[len(stem) :], index + 1)
    return None


def _text(inlines: Inlines, render: InlineRenderer, lang: Lang, calls: bool = False) -> str:
    """The printed words of ``inlines``: citations as rendered, note calls glued on if ``calls``."""
    return plain_text(inlines, notes=calls, cite=lambda c: _cite_text(c, render, lang))


def _note_words(note: Note, render: InlineRenderer) -> list[str]:
    return [w for p in note.paragraphs for w in source_words(_text(p, render, note.lang))]


def _cite_text(cite: Cite, render: InlineRenderer, lang: Lang) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", str(render.cite(cite, lang))))


def _note_problem(article: Article, note: Note, message: str) -> Problem:
    return Problem(
        f"article «{article.meta.title.en}»: {message}",
        note.location.file,
        note.location.line,
        "a footnote must be printed once, on the page of its call",
    )


def _problem(article: Article, block: Block | None, message: str) -> Problem:
    return Problem(message, block.location.file if block else article.folder, block.location.line if block else None)


__all__ = ["Report", "check_pages", "check_pdf", "check_typeset", "verify_pdf", "words"]
