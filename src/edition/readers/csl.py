"""Whether a file named as a CSL style is one, checked when the configuration is read.

A style is read by citeproc only when citations are formatted; a file that
is not a style (``/etc/passwd``, a Markdown file, a broken download) must be
a configuration problem found by ``edition check`` too, naming the
configuration's line and never quoting the file. The check reads the XML
with the standard library: the root element, the ``<citation>`` a style
formats notes with, and no document type (a CSL style has none; an entity
declared there could pull another file into the output).
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

CSL = "{http://purl.org/net/xbiblio/csl}"

_CALLS = {CSL + "text", CSL + "key"}
"""The elements that call a macro by name."""
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def style_problem(path: Path) -> str:
    """What keeps ``path`` from being a CSL style; empty when it is one."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if _DOCTYPE.search(data):
        return "is not a CSL style: it declares a document type or entities, which a CSL style never has"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        line, column = error.position
        return f"is not a CSL style: not well-formed XML at line {line}, column {column + 1}"
    if root.tag != CSL + "style":
        return "is not a CSL style: its root element is not <style> of the CSL namespace"
    parent = root.find(f"{CSL}info/{CSL}link[@rel='independent-parent']")
    if root.find(CSL + "citation") is None:
        if parent is not None:
            return (
                "is a dependent CSL style, which formats nothing itself: "
                f"use the style it names as its parent ({parent.get('href', '')})"
            )
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
