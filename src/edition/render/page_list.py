"""The printed pages in the EPUB: where each page of the PDF begins, so that a reader told
"p. 17" finds it on an e-reader (the navigation document's ``page-list``).

Made when the PDF is made with the EPUB (``edition build all``, a release), from the
PDF's named destinations: an article's first page leads to its title, each later
page its text runs on to the first row of the layout (a §, a heading, a table or a
figure) that starts on it, or, for a page a long § fills, to that §. The EPUB cannot mark a page break inside a
paragraph, so a page is found at the start of the § it begins in or with.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Edition
from .inline import row_id


@dataclass(frozen=True)
class PrintedPage:
    """A page of the PDF, by its printed number, and where it begins in the screen pages."""

    number: int
    page: str
    """The screen page (its stem: ``slug`` of the article)."""
    anchor: str


def printed_pages(edition: Edition, destinations: dict[str, int]) -> tuple[PrintedPage, ...]:
    """The pages of the articles' text, in order; ``destinations``: the page (0-based, as the
    folios count) of each named destination of the PDF."""
    found: list[PrintedPage] = []
    for article in edition.articles:
        # (on facing pages a row's English side has an anchor of its own, "-en")
        identifiers = [row_id(article, segment, 0) + suffix for segment in article.segments for suffix in ("", "-en")]
        # in the order of the text on each page (a float moved on stands where it is printed)
        starts = sorted(((destinations[i], i.removesuffix("-en")) for i in identifiers if i in destinations), key=lambda start: start[0])
        first_on: dict[int, str] = {}
        if f"a{article.index}" in destinations:  # its first page: where its title is
            starts.insert(0, (destinations[f"a{article.index}"], f"a{article.index}"))
        for page, identifier in starts:
            first_on.setdefault(page, identifier)
        if not starts:
            continue
        current = starts[0][1]
        for page in range(starts[0][0], starts[-1][0] + 1):
            current = first_on.get(page, current)
            found.append(PrintedPage(page + 1, article.slug, current))
    return tuple(found)
