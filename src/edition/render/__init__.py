"""Renderers: the model in, files as bytes out (written by the pipeline)."""

from __future__ import annotations

from pathlib import Path

from ..fonts import font_folders
from ..model import Edition, OutputFile
from ..passes.resources import images
from .html import (
    PRINT_STYLESHEET,
    PRINT_TEMPLATE,
    SCREEN_ARTICLE,
    SCREEN_INDEX,
    SCREEN_STYLESHEET,
    context,
    environment,
    render_template,
)
from .inline import image_path
from .pdf import write_pdf


def render_pdf(edition: Edition, page_breaks: frozenset[str] = frozenset()) -> OutputFile:
    """The PDF; ``page_breaks``: ids of rows to start on a new page."""
    config = edition.config
    html, css = render_print_html(edition, page_breaks)
    allowed = (config.root, *font_folders())
    data = write_pdf(html, css, base=config.root, allowed=allowed)
    return OutputFile(Path(f"{config.name}.pdf"), data)


def render_print_html(edition: Edition, page_breaks: frozenset[str] = frozenset()) -> tuple[str, str]:
    """The HTML and CSS the PDF is typeset from."""
    env = environment(edition.config.templates)
    values = context(edition, "print", page_breaks)
    return render_template(env, PRINT_TEMPLATE, values), render_template(env, PRINT_STYLESHEET, values)


def render_html_edition(edition: Edition) -> list[OutputFile]:
    """``html/index.html``, one page per article, and the stylesheet."""
    env = environment(edition.config.templates)
    values = context(edition, "screen")
    folder = Path("html")
    files = [OutputFile(folder / "index.html", render_template(env, SCREEN_INDEX, values).encode())]
    for article in edition.articles:
        page = render_template(env, SCREEN_ARTICLE, values, article=article)
        files.append(OutputFile(folder / f"{article.slug}.html", page.encode()))
    files.append(OutputFile(folder / "edition.css", render_template(env, SCREEN_STYLESHEET, values).encode()))
    for article in edition.articles:
        for image in images(article):
            # checked by the resource pass: a file inside the article's folder
            data = (article.folder / image.src).read_bytes()
            files.append(OutputFile(folder / image_path(article, image), data))
    return files
