"""The files of a release: the PDF/A with its sources attached, the EPUB, the HTML edition
zipped; and the page map (the page on which each § starts) read from the PDF.

Each is the same bytes from the same sources, wherever and whenever it is made:
the zip's entries are in name order, dated the release date, with fixed
permissions.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import VerificationError
from ..model import LANGS, Edition, OutputFile
from ..pipeline import CACHE_FOLDER
from ..render.inline import row_id
from .sources import Source


def file_names(name: str, version: str) -> tuple[str, str, str]:
    """The names of the PDF, the EPUB and the zipped HTML edition of a release."""
    stem = f"{name}-{version}"
    return f"{stem}.pdf", f"{stem}.epub", f"{stem}-html.zip"


def make_formats(
    edition: Edition, sources: list[Source], tagged: bool, jobs: int, cache: bool, progress: Callable[..., None] | None
) -> tuple[list[OutputFile], dict[str, Any]]:
    """The PDF/A (checked: nothing lost), the EPUB, the zipped HTML edition; and the page map."""
    from ..render import printed_pages, render_epub, render_html_edition
    from ..render.book import Archival, Attachment, build_book, read_destinations
    from ..render.epub import modified_time
    from ..verify import check_pdf

    config = edition.config
    stem = f"{config.name}-{config.version}"
    archival = Archival(config.date, tagged, tuple(Attachment(s.name, s.data, s.mime) for s in sources))
    cache_folder = config.root / "build" / CACHE_FOLDER if cache else None
    pdf, book = build_book(edition, cache_folder, jobs, progress, archival)
    problems = book.problems or check_pdf(edition, pdf.data).problems
    if problems:
        raise VerificationError(problems)
    modified = modified_time(config.date, os.environ.get("SOURCE_DATE_EPOCH"))
    destinations = read_destinations(pdf.data)
    epub = render_epub(edition, modified, printed_pages(edition, destinations))
    html = render_html_edition(edition)
    pdf_name, epub_name, zip_name = file_names(config.name, config.version)
    files = [
        OutputFile(Path(pdf_name), pdf.data),
        OutputFile(Path(epub_name), epub.data),
        OutputFile(Path(zip_name), zip_folder(html, PurePosixPath(f"{stem}-html"), modified)),
    ]
    return files, page_map(edition, destinations)


def zip_folder(files: list[OutputFile], top: PurePosixPath, modified: datetime) -> bytes:
    """The files (paths under ``html/``) in a zip, under ``top/``: in name order, every entry
    dated ``modified``, the same permissions wherever it is made."""
    entries = sorted((top / PurePosixPath(*file.path.parts[1:]), file.data) for file in files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(str(name), date_time=modified.timetuple()[:6])
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def page_map(edition: Edition, destinations: dict[str, int]) -> dict[str, Any]:
    """For each article: its first page, and the page on which each § starts, per language
    (printed page numbers: the physical page, as the folios count; on facing pages the
    Russian side's left-hand page and the English side's right-hand page)."""
    pages: dict[str, Any] = {}
    for article in edition.articles:
        entry: dict[str, Any] = {"article": article.index, "title": {"ru": article.meta.title.ru, "en": article.meta.title.en}}
        start = destinations.get(f"a{article.index}")
        entry["first_page"] = start + 1 if start is not None else None
        for lang in LANGS:
            # on facing pages the English side has its own anchor, on the right-hand page
            suffix = "-en" if lang == "en" and edition.config.layout.mode == "facing" else ""
            entry[lang] = {
                str(segment.number): destinations[row_id(article, segment, 0) + suffix] + 1
                for segment in article.segments
                if segment.number is not None and segment.block(lang) is not None and row_id(article, segment, 0) + suffix in destinations
            }
        pages[article.slug] = entry
    return pages
