"""EPUB = the screen pages as XHTML + packaging. Only the packaging lives here.

As Sphinx's EPUB builder reuses its HTML builder, the content documents come
from the screen templates (``epub`` true in their context): title page,
contents (the navigation document, with its landmarks), one page per
article, the bibliography, the colophon, the stylesheet, the fonts with
their licence, the images. This module adds the rest of an EPUB 3:
``mimetype`` (first and stored), ``META-INF/container.xml`` (and Apple
Books' display options, so that it uses the embedded fonts), the package
document with its Dublin Core and accessibility metadata, an NCX for older
reading systems, and zips them.

The same sources and version give the same bytes: entries in a fixed order
with fixed timestamps, ``dcterms:modified`` from the edition's date (or
``SOURCE_DATE_EPOCH``), never from the clock, and an identifier derived from
the reader's name and version.
"""

from __future__ import annotations

import io
import itertools
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from xml.sax.saxutils import escape, quoteattr

from ..errors import ConfigError, Problem, RenderError
from ..model import Article, Bilingual, Edition, OutputFile
from ..passes.inlines import plain_text
from .screen import Page

CONTENT = "OEBPS"
"""Folder of the package inside the zip."""

MEDIA_TYPES = {
    ".xhtml": "application/xhtml+xml",
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".txt": "text/plain",
}

FALLBACK_DATE = datetime(1980, 1, 1, tzinfo=UTC)
"""``dcterms:modified`` of an edition without a date and without ``SOURCE_DATE_EPOCH``:
the earliest time a zip entry can carry, not the clock."""

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="{content}/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""

APPLE_DISPLAY_OPTIONS = """<?xml version="1.0" encoding="UTF-8"?>
<display_options>
  <platform name="*">
    <option name="specified-fonts">true</option>
  </platform>
</display_options>
"""
"""Apple Books uses the embedded fonts only when told so here."""

ACCESSIBILITY_SUMMARY = (
    "A bilingual reader: each paragraph of the Russian original is followed by its English translation "
    "(side by side on wide screens), both marked with their language. Headings, a table of contents and "
    "landmarks give structural navigation; footnotes are linked both ways; the text reflows and "
    "has no flashing, sound or motion."
)


def modified_time(date: str, source_date_epoch: str | None) -> datetime:
    """When the edition was last changed: ``SOURCE_DATE_EPOCH`` if set, else the reader's date.

    Raises :class:`ConfigError` for a ``SOURCE_DATE_EPOCH`` that is not a number of seconds.
    """
    if source_date_epoch:
        try:
            return max(datetime.fromtimestamp(int(source_date_epoch), UTC), FALLBACK_DATE)
        except (ValueError, OverflowError, OSError):
            raise ConfigError(
                Problem(
                    f"SOURCE_DATE_EPOCH={source_date_epoch!r} is not a number of seconds since 1970",
                    hint="set it to an integer, e.g. $(git log -1 --format=%ct), or unset it",
                )
            ) from None
    if date:
        return datetime.fromisoformat(date).replace(tzinfo=UTC)
    return FALLBACK_DATE


def identifier(edition: Edition) -> str:
    """A stable identifier of this reader and version: the same for every build of them."""
    config = edition.config
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'edition:{config.name}:{config.version}')}"


@dataclass(frozen=True)
class Item:
    """A file of the package, as the manifest lists it."""

    id: str
    href: str
    media_type: str
    properties: str = ""


def package_epub(edition: Edition, files: Sequence[OutputFile], pages: Sequence[Page], modified: datetime, paged: bool = False) -> bytes:
    """The EPUB of the screen pages ``files`` (paths relative to the package), spine in the order of
    ``pages``; ``paged``: its navigation document lists the pages of the PDF made with it."""
    items = _manifest(files)
    spine = [items[f"{page.stem}.xhtml"] for page in pages]
    opf = _package_document(edition, items, spine, modified, paged)
    ncx = _ncx(edition, pages)
    entries = [
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER.format(content=CONTENT).encode()),
        ("META-INF/com.apple.ibooks.display-options.xml", APPLE_DISPLAY_OPTIONS.encode()),
        (f"{CONTENT}/package.opf", opf.encode()),
        (f"{CONTENT}/toc.ncx", ncx.encode()),
        *((f"{CONTENT}/{file.path.as_posix()}", file.data) for file in files),
    ]
    return _zip(entries, modified)


def _manifest(files: Sequence[OutputFile]) -> dict[str, Item]:
    items: dict[str, Item] = {}
    problems = []
    for number, file in enumerate(files, start=1):
        href = file.path.as_posix()
        media_type = MEDIA_TYPES.get(file.path.suffix.lower())
        if media_type is None:
            problems.append(
                Problem(
                    f"{href}: EPUB reading systems do not display {file.path.suffix or 'extensionless'} files",
                    hint="use PNG, JPEG, GIF, SVG or WebP images",
                )
            )
            continue
        stem = PurePosixPath(href).stem
        properties = "nav" if href == "nav.xhtml" else ""
        items[href] = Item(f"i{number:03d}-{_name(stem)}", href, media_type, properties)
    if problems:
        raise RenderError(problems)
    return items


def _name(text: str) -> str:
    """``text`` as the rest of an XML name: letters, digits, hyphens."""
    return "".join(c if c.isascii() and (c.isalnum() or c == "-") else "-" for c in text)


def _package_document(edition: Edition, items: dict[str, Item], spine: list[Item], modified: datetime, paged: bool) -> str:
    metadata = "\n".join(f"    {line}" for line in _metadata(edition, modified, items, paged))
    manifest = "\n".join(
        f'    <item id="{item.id}" href={quoteattr(item.href)} media-type="{item.media_type}"'
        + (f' properties="{item.properties}"' if item.properties else "")
        + "/>"
        for item in items.values()
    )
    itemrefs = "\n".join(f'    <itemref idref="{item.id}"/>' for item in spine)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="ru" dir="ltr">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
{metadata}
  </metadata>
  <manifest>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
{manifest}
  </manifest>
  <spine toc="ncx" page-progression-direction="ltr">
{itemrefs}
  </spine>
</package>
"""


def _metadata(edition: Edition, modified: datetime, items: dict[str, Item], paged: bool) -> list[str]:
    config = edition.config
    lines = [
        f"<dc:identifier id=\"uid\">{identifier(edition)}</dc:identifier>",
        f'<dc:title id="title-ru" xml:lang="ru">{escape(config.title.ru)}</dc:title>',
        '<meta refines="#title-ru" property="title-type">main</meta>',
        f'<dc:title id="title-en" xml:lang="en">{escape(config.title.en)}</dc:title>',
        '<meta refines="#title-en" property="title-type">main</meta>',
        "<dc:language>ru</dc:language>",
        "<dc:language>en</dc:language>",
    ]
    people: list[tuple[Bilingual, str]] = []
    if config.editor:
        people.append((config.editor, "edt"))
    for article in edition.articles:
        people.extend((author, "aut") for author in article.meta.authors if (author, "aut") not in people)
    for number, (person, role) in enumerate(people, start=1):
        lines += [
            f'<dc:creator id="creator-{number}" xml:lang="ru">{escape(person.ru)}</dc:creator>',
            f'<meta refines="#creator-{number}" property="alternate-script" xml:lang="en">{escape(person.en)}</meta>',
            f'<meta refines="#creator-{number}" property="role" scheme="marc:relators">{role}</meta>',
        ]
    if config.subtitle:
        lines += [
            f'<dc:description xml:lang="ru">{escape(config.subtitle.ru)}</dc:description>',
            f'<dc:description xml:lang="en">{escape(config.subtitle.en)}</dc:description>',
        ]
    for lang in ("ru", "en"):
        words = dict.fromkeys(word for article in edition.articles for word in article.meta.keywords(lang))
        lines += [f'<dc:subject xml:lang="{lang}">{escape(word)}</dc:subject>' for word in words]
    if config.date:
        lines.append(f"<dc:date>{config.date}</dc:date>")
    lines += [
        f'<meta property="dcterms:modified">{modified.strftime("%Y-%m-%dT%H:%M:%SZ")}</meta>',
        f'<meta property="schema:version">{escape(config.version)}</meta>',
        *_accessibility(any(item.media_type.startswith("image/") for item in items.values()), paged),
    ]
    if paged:  # the source of its page list: the printed edition of the same version
        source = escape(f"{config.title.en}, {config.version}, PDF")
        lines += [f"<dc:source>{source}</dc:source>", f'<meta property="pageBreakSource">{source}</meta>']
    return lines


def _accessibility(images: bool, paged: bool) -> list[str]:
    modes = ["textual", *(["visual"] if images else [])]
    features = ["structuralNavigation", "tableOfContents", "readingOrder", *(["pageNavigation", "printPageNumbers"] if paged else [])]
    return [
        *(f'<meta property="schema:accessMode">{mode}</meta>' for mode in modes),
        '<meta property="schema:accessModeSufficient">textual</meta>',
        *(f'<meta property="schema:accessibilityFeature">{feature}</meta>' for feature in features),
        '<meta property="schema:accessibilityHazard">none</meta>',
        f'<meta property="schema:accessibilitySummary">{escape(ACCESSIBILITY_SUMMARY)}</meta>',
    ]


@dataclass(frozen=True)
class NavPoint:
    """An entry of the NCX: a label, where it leads, the entries under it."""

    label: str
    src: str
    children: tuple[NavPoint, ...] = ()


def _ncx(edition: Edition, pages: Sequence[Page]) -> str:
    """The table of contents of EPUB 2, for reading systems that do not read the navigation document."""
    tree = []
    for page in pages:
        if page.kind in ("titlepage", "toc"):
            continue
        src = f"{page.stem}.xhtml"
        sections = _sections(page.article) if page.article else []
        children = tuple(NavPoint(label, f"{src}#{anchor}") for label, anchor in sections)
        tree.append(NavPoint(f"{page.title.ru} / {page.title.en}", src, children))
    order = itertools.count(1)

    def points(nodes: Sequence[NavPoint], indent: str) -> str:
        out = ""
        for node in nodes:
            number = next(order)  # before the children: play order is reading order
            out += (
                f'{indent}<navPoint id="np-{number}" playOrder="{number}">'
                f"<navLabel><text>{escape(node.label)}</text></navLabel><content src={quoteattr(node.src)}/>\n"
                f"{points(node.children, indent + '  ')}{indent}</navPoint>\n"
            )
        return out

    config = edition.config
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="ru">
  <head>
    <meta name="dtb:uid" content="{identifier(edition)}"/>
    <meta name="dtb:depth" content="2"/>
    <meta name="dtb:totalPageCount" content="0"/>
    <meta name="dtb:maxPageNumber" content="0"/>
  </head>
  <docTitle><text>{escape(config.title.ru)} / {escape(config.title.en)}</text></docTitle>
  <navMap>
{points(tree, "    ")}  </navMap>
</ncx>
"""


def _sections(article: Article) -> list[tuple[str, str]]:
    """(label, anchor) of each section of an article, as in the contents."""
    found = []
    for segment in article.headings():
        ru, en = segment.ru, segment.en
        if ru is None or en is None or ru.level != 2 or "abstract" in ru.classes:
            continue
        label = f"{plain_text(ru.paragraphs[0])} / {plain_text(en.paragraphs[0])}"
        found.append((label, f"a{article.index}-{segment.anchor}"))
    return found


def _zip(entries: list[tuple[str, bytes]], modified: datetime) -> bytes:
    """The OCF zip: ``mimetype`` first and stored, then the rest compressed, every entry dated ``modified``."""
    stamp = modified.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix, wherever it is built
            info.external_attr = 0o100644 << 16
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, data)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()
