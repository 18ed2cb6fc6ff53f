"""Renderers: the model in, files as bytes out (written by the pipeline).

PDF = the print HTML + WeasyPrint; the HTML edition = the screen pages;
EPUB = the same screen pages as XHTML + packaging.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import re
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import hyphenation
from ..errors import Problem, RenderError
from ..fonts import font_folders
from ..model import Edition, OutputFile
from ..passes.resources import images
from .epub import package_epub
from .html import (
    FOLIOS_TEMPLATE,
    PRINT_STYLESHEET,
    PRINT_TEMPLATE,
    PrintPart,
    citation_formatter,
    compile_templates,
    context,
    environment,
    render_template,
)
from .inline import Medium, image_path
from .page_list import PrintedPage, printed_pages
from .resources import check_loads, check_print_stylesheet, template_line
from .screen import FONT_FOLDER, SCREEN_SCRIPT, SCREEN_STYLESHEET, Page
from .subset import subset_fonts

if TYPE_CHECKING:
    from .pdf import Typeset


def render_pdf(edition: Edition) -> OutputFile:
    """The whole book as one document, typeset once (no layout passes)."""
    return OutputFile(Path(f"{edition.config.name}.pdf"), typeset_part(edition, PrintPart("book")).pdf)


def typeset_part(edition: Edition, part: PrintPart) -> Typeset:
    """One print document: the whole book, a part of it, or its folios
    (as ``part.variant`` says: a plain PDF or PDF/A, tagged or not)."""
    from .pdf import typeset  # WeasyPrint takes half a second to import: only for print

    config = edition.config
    html, css = render_print_html(edition, part)
    if config.layout.hyphenate:  # the dictionaries of the languages the document has, and no other
        hyphenation.load(set(re.findall(r'\slang="([^"]+)"', html)))
    return typeset(
        html, css, config.root, print_allowed(edition), part.variant, part.tagged, locate=lambda url: template_line(url, config.templates)
    )


def print_allowed(edition: Edition) -> tuple[Path, ...]:
    """The folders the typesetter may read from: the project's and the fonts'."""
    return (edition.config.root, *font_folders())


def hyphenation_languages(edition: Edition) -> list[str]:
    """The languages the print documents hyphenate: the edition's two and those of the
    works it cites (none where the layout does not hyphenate)."""
    if not edition.config.layout.hyphenate:
        return []
    formatter = citation_formatter(edition)
    return sorted({"ru", "en", *(formatter.language(entry.key, "ru") for entry in edition.bibliography)})


def start_typesetter(edition: Edition) -> None:
    """Start WeasyPrint in this process (its default stylesheets, the edition's fonts, Pango)
    with the hyphenation dictionaries the book needs (see :func:`hyphenation_languages`):
    a small document with a word too long for its line in each language."""
    from .pdf import typeset

    html, css = render_print_html(edition, PrintPart("folios", folio_pages=("",)))
    hyphenation.load(langs := hyphenation_languages(edition))
    words = "".join(f'<p lang="{lang}" style="width: 1em">{"abcdefghij" * 3}</p>' for lang in langs)
    config = edition.config
    typeset(html.replace("</body>", words + "</body>"), css, config.root, print_allowed(edition), locate=lambda url: template_line(url, config.templates))


def render_print_html(edition: Edition, part: PrintPart | None = None) -> tuple[str, str]:
    """The HTML and CSS a print document is typeset from (the whole book by default).

    Raises :class:`RenderError` for a template that does not compile or run (and every
    other that does not compile), or for every URL of the stylesheet that the typesetter
    would refuse, each at its template line.
    """
    part = part or PrintPart()
    templates = edition.config.templates
    env = environment(templates)
    values = context(edition, "print", part)
    html = render_template(env, FOLIOS_TEMPLATE if part.kind == "folios" else PRINT_TEMPLATE, values)
    css = render_template(env, PRINT_STYLESHEET, values)
    problems = _stylesheet_problems(css, print_allowed(edition), templates)
    if problems:
        raise RenderError(list(problems))
    return html, css


@functools.lru_cache(maxsize=4)  # the same stylesheet for every part of a book
def _stylesheet_problems(css: str, allowed: tuple[Path, ...], templates: Path) -> tuple[Problem, ...]:
    return tuple(check_print_stylesheet(css, allowed, templates, PRINT_STYLESHEET))


def load_print_templates(edition: Edition) -> None:
    """Compile the print templates now: once, before worker processes are forked."""
    compile_templates(environment(edition.config.templates), (PRINT_TEMPLATE, PRINT_STYLESHEET, FOLIOS_TEMPLATE))


def render_html_edition(edition: Edition) -> list[OutputFile]:
    """``html/index.html``, one page per article, the bibliography and colophon,
    the stylesheet and script, the fonts with their licence, the images."""
    files, _ = render_screen_pages(edition, "screen")
    return [OutputFile(Path("html") / file.path, file.data) for file in files]


def render_epub(edition: Edition, modified: datetime, printed: tuple[PrintedPage, ...] = ()) -> OutputFile:
    """``<name>.epub``: the screen pages as XHTML, packaged; ``modified`` is its ``dcterms:modified``;
    ``printed``: the pages of the PDF made with it, for its page list."""
    files, pages = render_screen_pages(edition, "epub", printed)
    data = package_epub(edition, subset_fonts(files), pages, modified, paged=bool(printed))
    return OutputFile(Path(f"{edition.config.name}.epub"), data)


def render_screen_editions(
    edition: Edition, formats: Collection[str], modified: datetime, jobs: int = 0, printed: tuple[PrintedPage, ...] = ()
) -> list[OutputFile]:
    """The HTML edition and the EPUB (of ``formats``, ``html`` and ``epub``): both at once, the
    EPUB in a process of its own, where there are several jobs and processes fork; ``printed``:
    the pages of the PDF made with them (see :mod:`.page_list`)."""
    wanted = [kind for kind in ("html", "epub") if kind in formats]
    if wanted == ["html", "epub"] and (jobs or os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods():
        global _SCREEN
        _SCREEN = (edition, modified, printed)  # for the process forked from here
        with multiprocessing.get_context("fork").Pool(1) as pool:
            epub = pool.apply_async(_forked_epub)
            html = render_html_edition(edition)
            return [*html, epub.get()]
    files = render_html_edition(edition) if "html" in wanted else []
    return files + ([render_epub(edition, modified, printed)] if "epub" in wanted else [])


_SCREEN: tuple[Edition, datetime, tuple[PrintedPage, ...]] | None = None


def _forked_epub() -> OutputFile:
    assert _SCREEN is not None
    return render_epub(*_SCREEN)


def render_screen_pages(edition: Edition, medium: Medium, printed: tuple[PrintedPage, ...] = ()) -> tuple[list[OutputFile], tuple[Page, ...]]:
    """Every file of a screen edition, paths relative to its folder, and its pages in reading order.

    Raises :class:`RenderError` when a page or the stylesheet would load a
    resource that is not one of these files (the network, a file outside).
    """
    env = environment(edition.config.templates)
    values = context(edition, medium, printed=printed)
    files = []
    for page in values["pages"]:
        extra = {"article": page.article} if page.article else {}
        text = render_template(env, page.template, values, **extra)
        files.append(OutputFile(Path(page.stem + values["ext"]), text.encode()))
    files.append(OutputFile(Path("edition.css"), render_template(env, SCREEN_STYLESHEET, values).encode()))
    if not values["epub"]:  # the EPUB has no script
        files.append(OutputFile(Path("edition.js"), render_template(env, SCREEN_SCRIPT, values).encode()))
    for face in values["fonts"]:
        files.append(OutputFile(Path(FONT_FOLDER, face.path.name), face.path.read_bytes()))
    for licence in values["font_licences"]:
        files.append(OutputFile(Path(FONT_FOLDER, licence.file_name), licence.path.read_bytes()))
    copies = {}
    for article in edition.articles:
        for image in images(article):
            # checked by the resource pass: a file inside the article's folder
            copies[Path(image_path(article, image))] = article.folder / image.src
    files.extend(OutputFile(path, source.read_bytes()) for path, source in copies.items())
    problems = check_loads(files, edition.config.templates, {path.as_posix(): source for path, source in copies.items()})
    if problems:
        raise RenderError(problems)
    return files, values["pages"]




@contextmanager
def collection_paused() -> Iterator[None]:
    """No garbage collection inside; collection as it was after (it may already be paused)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


__all__ = ["PrintPart", "PrintedPage", "collection_paused", "hyphenation_languages", "load_print_templates", "printed_pages", "render_epub", "render_html_edition", "render_pdf", "render_print_html", "render_screen_editions", "render_screen_pages", "start_typesetter", "typeset_part"]
