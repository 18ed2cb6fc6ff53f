"""What the rendered pages and stylesheets load, and the template line to blame.

The sources' images are checked with the sources
(:mod:`edition.passes.resources`); this checks the rendered pages and
stylesheets, where a template may have added an image, a stylesheet, a
script or a font. What a browser or reading system loads from the screen
pages must be a file of the edition itself: nothing on the network, nothing
outside. Hyperlinks (``<a href>``) are not loaded and stay links, wherever
they point. What the typesetter loads for the print stylesheet must be a
file of the allowed folders (the project, the fonts), or a ``data:`` URL:
the rule of :func:`fetch_refusal`, which the typesetter's URL fetcher
applies too (:mod:`edition.render.pdf`).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import Problem
from ..model import OutputFile
from ..paths import is_within

_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""")
_LOADING = {"src", "srcset", "poster", "data", "xlink:href", "background"}
_LOADED_HREF = {"link", "image", "use", "feimage"}


def check_loads(files: list[OutputFile], templates: Path, copies: dict[str, Path] | None = None) -> list[Problem]:
    """A problem for every resource of a page or stylesheet that is not a file among ``files``.

    ``copies``: the files that are copies of the sources' (images), by path: a problem of
    one is told at the line of its source file.
    """
    names = {file.path.as_posix() for file in files}
    problems = []
    for file in files:
        for url, line in _loads(file):
            message = _refusal(url, file.path.as_posix(), names)
            if not message:
                continue
            source = (copies or {}).get(file.path.as_posix())
            if source is None:
                problems.append(_problem(url, message, file, line, templates))
            else:
                problems.append(Problem(f"{url!r}: {message}", source, line, COPY_HINT))
    return problems


COPY_HINT = "the screen editions show an image alone: a browser loads nothing an SVG image asks for; embed it in the image (a data: URL)"


def _loads(file: OutputFile) -> Iterator[tuple[str, int]]:
    """(URL, line) of each resource the file asks to load."""
    suffix = file.path.suffix
    if suffix == ".css":
        yield from _css_urls(file.data.decode("utf-8"), 1)
    elif suffix in (".html", ".xhtml", ".svg"):
        yield from _markup_loads(file.data.decode("utf-8"))


_TAG = re.compile(r"<([A-Za-z][\w:.-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|<style\b[^>]*>(.*?)</style>", re.S)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_MAY_LOAD = re.compile(r"\b(?:src|srcset|poster|data|xlink:href|background|style)\s*=|^(?:link|image|use|feimage)$", re.I)


def _markup_loads(text: str) -> Iterator[tuple[str, int]]:
    """The loads of a page: the pages are the edition's own, well-formed output,
    so regular expressions read them (much faster than an HTML parser)."""
    for match in _TAG.finditer(text):
        if match.group(3) is not None:  # a <style> element
            yield from _css_urls(match.group(3), text.count("\n", 0, match.start()) + 1)
            continue
        tag, attributes = match.group(1).lower(), match.group(2)
        if not attributes or not (_MAY_LOAD.search(attributes) or _MAY_LOAD.search(tag)):
            continue
        line = text.count("\n", 0, match.start()) + 1
        for attribute in _ATTRIBUTE.finditer(attributes):
            name = attribute.group(1).lower()
            value = html.unescape(next(v for v in attribute.groups()[1:] if v is not None))
            if name in _LOADING or (name == "href" and tag in _LOADED_HREF):
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                yield from ((url, line) for url in urls if url)
            elif name == "style":
                yield from _css_urls(value, line)


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
    where = template_line(url, templates)
    if where is not None:
        return Problem(f"{url!r}: {message}", where[0], where[1], hint)
    return Problem(f"{url!r} (in the rendered {file.path.as_posix()}, line {line}): {message}", None, None, hint)


PRINT_HINT = "the print stylesheet may load only files inside the project and the edition's fonts, as file: URLs (the url filter), and data: URLs"


def check_print_stylesheet(css: str, allowed: tuple[Path, ...], templates: Path, template: str) -> list[Problem]:
    """A problem for every ``url()`` and ``@import`` of the rendered print stylesheet that the
    typesetter would refuse or could not resolve, at the line of ``template`` (or of another
    template of ``templates``) that has the URL."""
    problems = []
    for url, line in _css_urls(css, 1):
        parsed = urlparse(url)
        if parsed.scheme:
            reason = fetch_refusal(url, allowed)
            message = f"refused to fetch {url}: {reason}"
        else:  # the stylesheet has no base URL to resolve it against
            reason = parsed.path and "a relative URL, which the typesetter cannot resolve in the print stylesheet"
            message = f"{url!r}: {reason}"
        if not reason:
            continue
        where = template_line(url, templates, first=templates / template)
        if where is None:
            problems.append(Problem(f"{message} (line {line} of the rendered stylesheet)", templates / template, None, PRINT_HINT))
        else:
            problems.append(Problem(message, where[0], where[1], PRINT_HINT))
    return problems


def fetch_refusal(url: str, allowed: tuple[Path, ...]) -> str:
    """Why the typesetter may not load the absolute ``url`` ("" when it may): only ``data:``
    URLs and ``file:`` URLs of files inside the ``allowed`` folders (links resolved) are loaded."""
    parsed = urlparse(url)
    if parsed.scheme == "data":
        return ""
    if parsed.scheme != "file":
        return "the edition reads nothing from the network"
    path = Path(unquote(parsed.path))
    if not any(is_within(path, folder) for folder in allowed):
        return "outside the project folder"
    return ""


def template_line(url: str, templates: Path, first: Path | None = None) -> tuple[Path, int] | None:
    """The first template line that has ``url`` in it, when one has: of ``first``, then of the
    other templates in order of name (a template outside the folder through a link is not read)."""
    others = sorted(path for path in templates.rglob("*.j2") if path != first)
    for template in [first, *others] if first is not None else others:
        if not is_within(template, templates):
            continue
        try:
            lines = template.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, text in enumerate(lines, start=1):
            if url in text:
                return template, number
    return None
