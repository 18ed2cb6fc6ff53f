"""Where citeproc-py departs from CSL, set right before any style is formatted.

Each repair patches one citeproc-py class once (a flag on the class says it
is done), with a test in tests/render/test_citations.py:

- a name printed in place of a missing author is not printed again
  (:func:`_suppress_substituted_names`);
- each XPath search of a style is made once (:func:`_search_once`, a third of
  citeproc-py's time);
- a label is printed only with its variable, and ``disambiguate="true"``
  never holds (:func:`_conditions_as_csl_says`);
- ``[-@key]`` leaves the work's author out (:func:`without_author`), which
  citeproc-py does not do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from citeproc.model import (
    CitationStylesElement,
    ConditionFailed,
    If,
    Label,
    Names,
    Substitute,
    VariableError,
)


def _suppress_substituted_names() -> None:
    """A name printed in place of a missing author is not printed again.

    CSL says a variable used in ``<substitute>`` is suppressed in the rest of
    the output. citeproc-py records the substitute's child, but checks the
    record only in ``<text>`` and records nothing useful when the child is a
    ``<choose>`` or a macro; Chicago then printed an editor twice ("X, ed.,
    ... ed. X") and the title of an unsigned work twice. Here every
    ``<names>`` and ``<text>`` variable under the child (macros expanded) is
    recorded, and
    ``<names>`` outside a substitute leaves the recorded ones out; and names
    inside a ``<choose>`` of a substitute take the ``<name>`` and ``<label>``
    of the names they stand for, as direct children do.
    """
    if getattr(Names, "_edition_patched", False):
        return
    process, record = Names.process, Substitute.add_to_repressed_list

    def add_to_repressed_list(self: Substitute, child: Any, context: Any) -> None:
        record(self, child, context)
        layout = context.get_layout()
        names, texts = _substituted(child)
        layout.repressed.setdefault("names-variables", []).extend(names)
        layout.repressed.setdefault(_CSL + "text", []).extend(texts)

    def names_process(self: Names, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any) -> Any:
        layout = (context if context is not None else self).get_layout()
        repressed = set(getattr(layout, "repressed", {}).get("names-variables", ()))
        roles = self.get("variable", "").split()
        substitute = next((a for a in self.iterancestors() if a.tag.endswith("}substitute")), None)
        if substitute is not None and names_context is None and self.name is None:
            # as citeproc-py does for a substitute's own children: the names take the
            # <name> and <label> of the <names> being substituted ("X, ed.,")
            names_context = substitute.getparent()
        if substitute is None and _AUTHORLESS.get(item.key) is False:
            # [-@key]: the first names the work prints (its author, or what stands for it) are left out
            output = process(self, item, names_context=names_context, context=context, **kwargs)
            _AUTHORLESS[item.key] = bool(output)
            return None if output else output
        kept = roles if substitute is not None else [r for r in roles if r not in repressed]
        if kept == roles:
            return process(self, item, names_context=names_context, context=context, **kwargs)
        if not kept:
            return None
        self.set("variable", " ".join(kept))
        try:
            return process(self, item, names_context=names_context, context=context, **kwargs)
        finally:
            self.set("variable", " ".join(roles))

    Names.process = names_process  # type: ignore[method-assign]
    Substitute.add_to_repressed_list = add_to_repressed_list  # type: ignore[method-assign]
    Names._edition_patched = True  # type: ignore[attr-defined]


_AUTHORLESS: dict[str, bool] = {}
"""The works rendered without their author, each with whether its author was left out yet."""


@contextmanager
def without_author(keys: list[str]) -> Iterator[None]:
    """Render these works without the first names they print (CSL's suppress-author)."""
    _AUTHORLESS.update(dict.fromkeys(keys, False))
    try:
        yield
    finally:
        for key in keys:
            _AUTHORLESS.pop(key, None)


_suppress_substituted_names()


def _search_once() -> None:
    """Each XPath search of a style made once.

    citeproc-py finds macros, terms, date forms and ancestors with an XPath
    search on every use, about a third of its time. A style's tree does not
    change once read (the searches name elements by their tag and their
    ``name``, ``form`` or ``xml:lang``), so a search from the same element
    gives the same elements every time. An element kept as a key keeps its
    lxml proxy alive, so that the next search from it finds the same key.
    """
    if getattr(CitationStylesElement, "_edition_searches_once", False):
        return
    search = CitationStylesElement.xpath_search
    found: dict[tuple[Any, str], list[Any]] = {}

    def xpath_search(self: CitationStylesElement, expression: str) -> list[Any]:
        key = (self, expression)
        if key not in found:
            found[key] = search(self, expression)
        return list(found[key])

    CitationStylesElement.xpath_search = xpath_search  # type: ignore[method-assign]
    CitationStylesElement._edition_searches_once = True  # type: ignore[attr-defined]


_search_once()


def _conditions_as_csl_says() -> None:
    """Two of CSL's rules that citeproc-py does not keep.

    A ``<label variable="edition"/>`` is printed only when the item has the
    variable: citeproc-py printed the term alone, and Chicago's shortened note
    of an article read "Zubachevsky, “…,” edition, 33." And ``<if
    disambiguate="true">`` holds only when a citation needs disambiguating,
    which citeproc-py never does: it took the test as passed.
    """
    if getattr(Label, "_edition_patched", False):
        return
    process, render = Label.process, If.render

    def label_process(self: Label, item: Any, variable: str | None = None, *args: Any, **kwargs: Any) -> Any:
        name = self.get("variable")
        if variable is None and name not in ("locator", "page") and not _has(item, name):
            return None
        if variable is None and name in _COUNTED:
            # CSL labels a count by the term of what it counts ("3 vols.", «в 3 т.»)
            count = str(item.reference[name.replace("-", "_")])
            plural = bool(re.match(r"\d+$", count)) and int(count) > 1
            form = self.get("form", "long")
            term = (self.get_plural_term if plural else self.get_single_term)(name=_COUNTED[name], form=form if form != "long" else None)
            return term
        return process(self, item, variable, *args, **kwargs)

    def if_render(self: If, item: Any, *args: Any, **kwargs: Any) -> Any:
        if self.get("disambiguate") == "true" and self.get("match", "all") == "all":
            raise ConditionFailed
        return render(self, item, *args, **kwargs)

    Label.process = label_process  # type: ignore[method-assign]
    If.render = if_render  # type: ignore[method-assign]
    Label._edition_patched = True  # type: ignore[attr-defined]


_TITLES = frozenset({"title", "title-short", "container-title", "container-title-short", "collection-title"})
"""The variables a substitute prints in place of a missing author, not to be printed again."""
_COUNTED = {"number-of-volumes": "volume", "number-of-pages": "page"}
"""A count's variable, and the term its label takes (CSL 1.0.2, cs:label)."""


def _has(item: Any, variable: str) -> bool:
    try:
        value = item.reference[variable.replace("-", "_")]
    except (VariableError, KeyError):
        return False
    return value not in (None, "")


_conditions_as_csl_says()


_CSL = "{http://purl.org/net/xbiblio/csl}"


_SUBSTITUTED: dict[Any, tuple[list[str], list[str]]] = {}
"""By element: an element kept as a key keeps its lxml proxy alive, and is found again."""


def _substituted(child: Any) -> tuple[list[str], list[str]]:
    """The ``<names>`` and ``<text>`` variables under a substitute's child, macros expanded (once per element)."""
    if child not in _SUBSTITUTED:
        names: list[str] = []
        texts: list[str] = []
        for element in _expanded(child):
            if element.tag == _CSL + "names":
                names.extend(element.get("variable", "").split())
            elif element.tag == _CSL + "text" and element.get("variable") in _TITLES:
                # a title printed in the author's place; not a volume or an edition the
                # substitute's macro only might print (the volume of an unsigned document was lost)
                texts.append(element.get("variable"))
        _SUBSTITUTED[child] = (names, texts)
    return _SUBSTITUTED[child]


def _expanded(element: Any, depth: int = 0) -> Iterator[Any]:
    """An element and its descendants, with the macros it calls expanded."""
    for node in element.iter():
        yield node
        name = node.get("macro") if node.tag == _CSL + "text" else None
        if name and depth < 8:
            macro = node.getroottree().getroot().find(f'{_CSL}macro[@name="{name}"]')
            if macro is not None:
                yield from _expanded(macro, depth + 1)
