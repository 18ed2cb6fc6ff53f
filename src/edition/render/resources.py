"""What a browser or reading system would load from the screen pages: their own files only.

The sources' images are checked with the sources
(:mod:`edition.passes.resources`); this checks the rendered pages and
stylesheet, where a template may have added an image, a stylesheet, a
script or a font. Each must be a file of the edition itself: nothing on the
network, nothing outside. Hyperlinks (``<a href>``) are not loaded and stay
links, wherever they point.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import Problem
from ..model import OutputFile

_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""")
_LOADING = {"src", "srcset", "poster", "data", "xlink:href", "background"}
_LOADED_HREF = {"link", "image", "use", "feimage"}


def check_loads(files: list[OutputFile], templates: Path) -> list[Problem]:
    """A problem for every resource of a page or stylesheet that is not a file among ``files``."""
    names = {file.path.as_posix() for file in files}
    problems = []
    for file in files:
        for url, line in _loads(file):
            message = _refusal(url, file.path.as_posix(), names)
            if message:
                problems.append(_problem(url, message, file, line, templates))
    return problems


def _loads(file: OutputFile) -> Iterator[tuple[str, int]]:
    """(URL, line) of each resource the file asks to load."""
    suffix = file.path.suffix
    if suffix == ".css":
        yield from _css_urls(file.data.decode("utf-8"), 1)
    elif suffix in (".html", ".xhtml", ".svg"):
        parser = _Loads()
        parser.feed(file.data.decode("utf-8"))
        parser.close()
        yield from parser.found


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, int]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name in _LOADING or (name == "href" and tag in _LOADED_HREF):
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                self.found.extend((url, line) for url in urls if url)
            elif name == "style":
                self.found.extend(_css_urls(value, line))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found.extend(_css_urls(data, self.getpos()[0]))


def _css_urls(css: str, first_line: int) -> Iterator[tuple[str, int]]:
    for match in _CSS_URL.finditer(css):
        url = next(group for group in match.groups() if group is not None)
        yield url, first_line + css.count("\n", 0, match.start())


def _refusal(url: str, page: str, names: set[str]) -> str:
    parsed = urlparse(url)
    if parsed.scheme == "data":
        return ""
    if parsed.scheme or parsed.netloc:
        if parsed.scheme == "file":
            return "file: URLs are not loaded; the edition's pages use only their own files"
        return "the edition loads nothing from the network"
    if not parsed.path:
        return ""  # a fragment of the page itself
    if parsed.path.startswith("/"):
        return "an absolute path, outside the edition"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parsed.path)))
    if target == ".." or target.startswith("../"):
        return "outside the edition"
    if target not in names:
        return "not a file of the edition"
    return ""


def _problem(url: str, message: str, file: OutputFile, line: int, templates: Path) -> Problem:
    hint = "a page may load only the edition's own files (edition.css, fonts/, images/); link to web pages with <a href>"
    where = _template_line(url, templates)
    if where is not None:
        return Problem(f"{url!r}: {message}", where[0], where[1], hint)
    return Problem(f"{url!r} (in the rendered {file.path.as_posix()}, line {line}): {message}", None, None, hint)


def _template_line(url: str, templates: Path) -> tuple[Path, int] | None:
    """The first template line that has ``url`` in it, when one has."""
    for template in sorted(templates.rglob("*.j2")):
        try:
            lines = template.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, text in enumerate(lines, start=1):
            if url in text:
                return template, number
    return None
