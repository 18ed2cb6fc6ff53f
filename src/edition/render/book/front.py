"""What is typeset once the articles are: the front matter, and the page numbers where they must be typeset.

In: the typeset articles and back matter (their page counts and anchors),
and the folios sample. Out: the front matter (title page and contents),
whose contents give the page numbers of the joined book; and the book's
:class:`~.folios.Folios`: drawn from the sample where its numbers are plain
figures, else typeset (``folios.py``). Both are typeset, or taken from the
cache, through ``cache.Parts``.
"""

from __future__ import annotations

from ...model import Edition
from ..html import PrintPart
from .cache import Parts
from .folios import FOLIO_STRETCH, Folios
from .join import read_sample
from .parts import PartResult, PdfKind, Task, common, digest, even


def front(edition: Edition, parts: Parts, articles: list[PartResult], back: PartResult, kind: PdfKind) -> PartResult:
    """Title page and contents, with the page numbers of the joined book; typeset as soon
    as the articles are.

    The contents' numbers depend on the length of the front matter itself:
    it is typeset for the length its entries suggest, and again if it turns
    out otherwise.
    """
    lines = sum(3 + len(a.headings()) for a in edition.articles) + 3
    length = even(1 + -(-lines // 45))
    for _ in range(3):
        numbers = _page_numbers(edition, length, articles, back)
        key = digest("front", common(edition, kind), [a.meta for a in edition.articles], [a.headings() for a in edition.articles], numbers)
        task = Task("front", key, part=PrintPart("front", (), page_numbers=numbers, variant=kind.variant, tagged=kind.tagged))
        (typeset,) = parts.get([task])
        if even(typeset.pages) == length:
            return typeset
        length = even(typeset.pages)
    return typeset


def folios(edition: Edition, parts: Parts, sample: Task, pages: int, kind: PdfKind) -> Folios:
    """The page numbers of a book of ``pages`` pages: drawn from the sample where its numbers
    are plain figures; else typeset, a stretch of :data:`FOLIO_STRETCH` numbered pages a
    document (the join stamps only the pages that print a number)."""
    (typeset,) = parts.get([sample])
    if read_sample(typeset.pdf) is not None:
        return Folios(typeset.pdf)
    tasks = []
    for start in range(0, pages, FOLIO_STRETCH):
        part = PrintPart("folios", folio_pages=("",) * FOLIO_STRETCH, folio_numbers=((1, start + 1),), variant=kind.variant)
        tasks.append(Task("folios", digest("folios", common(edition, PdfKind(kind.variant)), start, FOLIO_STRETCH), part=part))
    return Folios(typeset.pdf, tuple(part.pdf for part in parts.get(tasks)))


def _page_numbers(edition: Edition, front: int, articles: list[PartResult], back: PartResult) -> tuple[tuple[str, int], ...]:
    numbers: list[tuple[str, int]] = []
    start = front + 1
    for article, part in zip(edition.articles, articles, strict=True):
        prefix = f"a{article.index}"
        numbers += [(anchor, start + page) for anchor, page in part.anchors.items() if anchor == prefix or anchor.startswith(prefix + "-")]
        start += even(part.pages)
    numbers += [(anchor, start + page) for anchor, page in back.anchors.items() if anchor in ("bibliography", "colophon")]
    return tuple(sorted(numbers))
