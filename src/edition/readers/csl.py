"""A CSL style named in the configuration: whether it is one, which file formats, and how it cites.

A style is read by citeproc only when citations are formatted; a file that
is not a style (``/etc/passwd``, a Markdown file, a broken download) must be
a configuration problem found by ``edition check`` too, naming the
configuration's line and never quoting the file. The check reads the XML
with the standard library: the root element, the ``<citation>`` a style
formats with, its layouts and macros, and no document type (a CSL style has
none; an entity declared there could pull another file into the output).

A dependent style (``dependent/turabian-notes-bibliography.csl``) formats
nothing itself: it names its parent, which is used when its file lies beside
the dependent style or in the project's ``styles/`` folder.

How a style cites (its ``class`` and its citation layout) decides where a
citation goes: a note style's citations are notes, an in-text style's stand
in the text, as author and date or, when its citation prints the
``citation-number``, as numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from ..model import CitationKind

CSL = "{http://purl.org/net/xbiblio/csl}"

STYLES_FOLDER = "styles"
"""The project's folder of CSL styles, where a dependent style's parent is looked for."""

_CALLS = {CSL + "text", CSL + "key"}
"""The elements that call a macro by name."""
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class Style:
    """A usable CSL style: the file that formats (a dependent style's parent) and how it cites."""

    path: Path
    kind: CitationKind


def read_style(path: Path, styles: Path) -> tuple[Style | None, str]:
    """The style at ``path``, or what keeps it from being one (its parent looked for beside it and in ``styles``)."""
    root, problem = _root(path)
    if root is None:
        return None, problem
    parent = root.find(f"{CSL}info/{CSL}link[@rel='independent-parent']")
    if root.find(CSL + "citation") is None and parent is not None:
        href = parent.get("href", "")
        name = href.rstrip("/").rsplit("/", 1)[-1] + ".csl"
        found = next((p for p in (path.parent / name, styles / name) if re.fullmatch(r"[\w.-]+", name) and p.is_file()), None)
        if found is None:
            return None, (
                f"is a dependent CSL style, which formats nothing itself: its parent {href} is needed; "
                f"put {name} beside it or in the project's {STYLES_FOLDER}/ folder"
            )
        root, problem = _root(found)
        if root is None:
            return None, f"is a dependent CSL style whose parent {found.name} {problem}"
        path = found
    problem = _unusable(root)
    if problem:
        return None, problem
    return Style(path, _kind(root)), ""


def _root(path: Path) -> tuple[ElementTree.Element | None, str]:
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, f"cannot be read ({error.strerror})"
    if _DOCTYPE.search(data):
        return None, "is not a CSL style: it declares a document type or entities, which a CSL style never has"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        line, column = error.position
        return None, f"is not a CSL style: not well-formed XML at line {line}, column {column + 1}"
    if root.tag != CSL + "style":
        return None, "is not a CSL style: its root element is not <style> of the CSL namespace"
    return root, ""


def _unusable(root: ElementTree.Element) -> str:
    if root.find(CSL + "citation") is None:
        return "is not a usable CSL style: it has no <citation> element"
    for part in ("citation", "bibliography"):
        element = root.find(CSL + part)
        if element is not None and element.find(CSL + "layout") is None:
            return f"is not a usable CSL style: its <{part}> has no <layout>"
    defined = {macro.get("name") for macro in root.iter(CSL + "macro")}
    called = sorted({name for element in root.iter() if (name := element.get("macro")) and element.tag in _CALLS} - defined)
    if called:
        return f"is not a usable CSL style: it calls macros it does not define ({', '.join(called)})"
    return ""


def _kind(root: ElementTree.Element) -> CitationKind:
    if root.get("class") != "in-text":
        return "note"
    macros = {macro.get("name"): macro for macro in root.iter(CSL + "macro")}
    layout = root.find(f"{CSL}citation/{CSL}layout")
    return "numeric" if layout is not None and _prints_number(layout, macros, 0) else "author-date"


def _prints_number(element: ElementTree.Element, macros: dict[str | None, ElementTree.Element], depth: int) -> bool:
    """Whether ``element`` (its macros expanded) prints the ``citation-number``."""
    for node in element.iter(CSL + "text"):
        if node.get("variable") == "citation-number":
            return True
        macro = macros.get(node.get("macro"))
        if macro is not None and depth < 8 and _prints_number(macro, macros, depth + 1):
            return True
    return False
