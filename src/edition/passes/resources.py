"""Checking what the sources ask to load: images must be files inside the project.

An SVG image is a source too, and may itself load files: an ``<image>``, a
stylesheet, a font. What it loads is read from it here, so that a problem
is told at the line of the Markdown that shows the image: it may load only
files beside it in the article's folder (which the typesetter then reads),
``data:`` URLs and its own ``#fragments``; nothing on the network, nothing
outside the article's folder, no external entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse
from xml.parsers import expat

from ..errors import Problem
from ..model import Article, Image, Location
from ..paths import is_within
from .inlines import located_inlines

SVG_HINT = "an SVG image may load only files of the article's folder and data: URLs; embed the others in it"


def check_resources(article: Article, root: Path) -> list[Problem]:
    """A problem for every image that is on the network or outside the project, and for
    every file an SVG image would load from the network or from outside the article's folder."""
    problems = []
    loads: dict[Path, list[tuple[str, str]]] = {}
    for location, image in _images(article):
        message = _refusal(image.src, article.folder, root)
        if message:
            problems.append(
                Problem(
                    f"image {image.src!r}: {message}",
                    location.file,
                    location.line,
                    "put the image in the article's folder and refer to it by a relative path",
                )
            )
            continue
        path = (article.folder / image.src).resolve()
        if path not in loads:
            loads[path] = svg_refusals(path, article.folder)
        problems.extend(Problem(f"image {image.src!r} {message}", location.file, location.line, hint) for message, hint in loads[path])
    return problems


def images(article: Article) -> list[Image]:
    """Every image of the article, text and notes, once each."""
    return list(dict.fromkeys(image for _, image in _images(article)))


def _images(article: Article) -> Iterator[tuple[Location, Image]]:
    """The figures' images and the images in the text and notes, with where they stand."""
    for segment in article.segments:
        for block in (segment.ru, segment.en):
            if block is not None and block.image is not None:
                yield block.location, block.image
    for location, item in located_inlines(article):
        if isinstance(item, Image):
            yield location, item


def _refusal(src: str, folder: Path, root: Path) -> str:
    parsed = urlparse(src)
    if parsed.scheme and len(parsed.scheme) > 1:  # a one-letter scheme is a Windows drive
        return f"{parsed.scheme}: URLs are not fetched; the edition reads only files inside the project"
    path = (folder / src).resolve()
    if not path.is_relative_to(root.resolve()):
        return "outside the project folder"
    if not path.is_file():
        return "file not found"
    return ""


# --- what an SVG image loads ---------------------------------------------------

_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""")
_LOADING = {"href", "src", "srcset", "poster", "data", "background"}
"""Attributes (local names, any namespace: ``xlink:href`` too) whose value is loaded."""


def svg_refusals(path: Path, folder: Path) -> list[tuple[str, str]]:
    """(message, hint) for each thing the image at ``path`` would load and may not, when it
    is an SVG image (WeasyPrint reads as SVG any image that is XML): the message is the
    rest of a sentence that starts with the image (the URL, its line in the image, why).
    None for an image that is not XML."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return [(f"cannot be read: {error.strerror}", "check the file's permissions")]
    if path.suffix.lower() != ".svg" and not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return []
    try:
        loads = _svg_loads(data)
    except expat.ExpatError as error:
        return [(f"is not a well-formed SVG image: {expat.ErrorString(error.code)} at line {error.lineno} of {path.name}", "save it again as SVG (XML)")]
    refusals = []
    for url, line, entity in loads:
        reason = "an external entity, which is not read" if entity else _svg_refusal(url, path.parent, folder)
        if reason:
            refusals.append((f"loads {url!r} (line {line} of {path.name}): {reason}", SVG_HINT))
    return refusals


def _svg_refusal(url: str, base: Path, folder: Path) -> str:
    parsed = urlparse(url)
    if parsed.scheme == "data" or (not parsed.scheme and not parsed.netloc and not parsed.path):
        return ""  # a data: URL, or a fragment of the image itself
    if parsed.scheme:
        return f"{parsed.scheme}: URLs are not fetched; the edition reads only files inside the project"
    if parsed.netloc:
        return "an address on the network; the edition reads only files inside the project"
    if parsed.path.startswith("/"):
        return "an absolute path, outside the article's folder"
    target = base / unquote(parsed.path)
    if not is_within(target, folder):
        return "outside the article's folder"
    if not target.is_file():
        return "file not found"
    return ""


def _svg_loads(data: bytes) -> list[tuple[str, int, bool]]:
    """(URL, line, whether an external entity) for each thing the XML in ``data`` would load.
    Expat reads it as WeasyPrint's parser does, and loads no entity or DTD meanwhile."""
    parser = expat.ParserCreate(namespace_separator=" ")
    found: list[tuple[str, int, bool]] = []
    style: list[tuple[int, list[str]]] = []  # the <style> elements open, their line and text

    def start(name: str, attributes: dict[str, str]) -> None:
        line = parser.CurrentLineNumber
        tag = name.rsplit(" ", 1)[-1]
        for attribute, value in attributes.items():
            local = attribute.rsplit(" ", 1)[-1]
            if local == "srcset":
                found.extend((part.strip().split(" ")[0], line, False) for part in value.split(",") if part.strip())
            elif local in _LOADING and not (local == "href" and tag == "a"):  # <a href> is a link
                found.append((value.strip(), line, False))
            else:
                found.extend((url, line, False) for url in _css_urls(value))
        if tag == "style":
            style.append((line, []))

    def text(data: str) -> None:
        if style:
            style[-1][1].append(data)

    def end(name: str) -> None:
        if name.rsplit(" ", 1)[-1] == "style" and style:
            line, parts = style.pop()
            css = "".join(parts)
            found.extend((url, line + css[: css.find(url)].count("\n"), False) for url in _css_urls(css))

    def instruction(target: str, data: str) -> None:
        if target == "xml-stylesheet":
            found.extend((m.group(2), parser.CurrentLineNumber, False) for m in re.finditer(r"""href\s*=\s*(["'])(.*?)\1""", data))

    def entity(name: str, parameter: bool, value: str | None, base: str | None, system: str | None, public: str | None, notation: str | None) -> None:
        if system is not None:
            found.append((system, parser.CurrentLineNumber, True))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.ProcessingInstructionHandler = instruction
    parser.EntityDeclHandler = entity
    parser.Parse(data, True)
    return found


def _css_urls(css: str) -> Iterator[str]:
    for match in _CSS_URL.finditer(css):
        yield next(group for group in match.groups() if group is not None).strip()
