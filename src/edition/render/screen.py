"""The pages of the screen editions: the HTML edition and the EPUB's spine.

Both are made from the same templates (``templates/html/``); the EPUB is
the same pages as XHTML, plus packaging (:mod:`edition.render.epub`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article, Bilingual, Edition
from .citations import has_reader_bibliography

SCREEN_INDEX = "html/index.html.j2"
SCREEN_TITLE = "html/title.html.j2"
SCREEN_NAV = "html/nav.html.j2"
SCREEN_ARTICLE = "html/article.html.j2"
SCREEN_BIBLIOGRAPHY = "html/bibliography.html.j2"
SCREEN_COLOPHON = "html/colophon.html.j2"
SCREEN_STYLESHEET = "html/edition.css.j2"
SCREEN_SCRIPT = "html/edition.js.j2"
FONT_FOLDER = "fonts"
"""Folder of the font files and their licence, beside the pages."""


@dataclass(frozen=True)
class Page:
    """One page of a screen edition, in reading order."""

    stem: str
    """File name without extension: ``index``, ``title``, ``nav``, an article's slug..."""
    template: str
    kind: str
    """What the page is, as an EPUB landmark: ``titlepage``, ``toc``,
    ``chapter`` (an article), ``bibliography`` or ``colophon``."""
    title: Bilingual
    article: Article | None = None


BIBLIOGRAPHY = Bilingual("Библиография", "Bibliography")
"""The title of the reader's bibliography, as the print's (``LABELS.bibliography`` of
``macros.html.j2``); an article's own list is its works cited."""


def screen_pages(edition: Edition, epub: bool) -> tuple[Page, ...]:
    """The pages of the HTML edition (``epub`` False) or of the EPUB's spine.

    The HTML edition opens on ``index`` (title page and contents); the EPUB
    has a title page, then the contents, which is its navigation document.
    The bibliography page is there only where it lists more than one article's
    works cited (:func:`~edition.render.citations.has_reader_bibliography`).
    """
    if epub:
        front = [
            Page("title", SCREEN_TITLE, "titlepage", edition.config.title),
            Page("nav", SCREEN_NAV, "toc", Bilingual("Содержание", "Contents")),
        ]
    else:
        front = [Page("index", SCREEN_INDEX, "toc", edition.config.title)]
    articles = [Page(a.slug, SCREEN_ARTICLE, "chapter", a.meta.title, a) for a in edition.articles]
    back = []
    if has_reader_bibliography(edition):
        back.append(Page("bibliography", SCREEN_BIBLIOGRAPHY, "bibliography", BIBLIOGRAPHY))
    back.append(Page("colophon", SCREEN_COLOPHON, "colophon", Bilingual("Выходные сведения", "Colophon")))
    return (*front, *articles, *back)
