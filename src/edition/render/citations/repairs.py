"""Where citeproc-py departs from CSL, set right before any style is formatted.

Each repair patches one citeproc-py class once (a flag on the class says it
is done), with a test in tests/render/test_citations.py (the last three in
tests/passes/test_containers.py and tests/render/test_english_notes.py):

- a name printed in place of a missing author is not printed again
  (:func:`_suppress_substituted_names`);
- each XPath search of a style is made once (:func:`_search_once`, a third of
  citeproc-py's time);
- a label is printed only with its variable, and ``disambiguate="true"``
  never holds (:func:`_conditions_as_csl_says`);
- ``[-@key]`` leaves the work's author out (:func:`without_author`), which
  citeproc-py does not do;
- CSL-M's position ``container-subsequent`` is tested as citeproc-js tests
  it (:func:`_container_subsequent`);
- CSL 1.0.2's ``volume-title`` is a variable (:func:`_volume_title`);
- a page locator's range is formatted as the style's ``page-range-format``
  says (:func:`_locator_ranges`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import citeproc
from citeproc.model import (
    CitationStylesElement,
    ConditionFailed,
    Date,
    If,
    Label,
    Names,
    Number,
    Substitute,
    Text,
    VariableError,
)


def _suppress_substituted_names() -> None:
    """What a substitute prints in place of a missing author is not printed again.

    CSL says a variable used in ``<substitute>`` is suppressed in the rest of
    the output. citeproc-py records only the substitute's direct child and
    checks the record only in ``<text>``; Chicago then printed an editor twice
    ("X, ed., ... ed. X"), the title of an unsigned work twice, and the
    reference work, edition and place of an unsigned encyclopedia entry twice.
    Here, as citeproc-js does, every variable a substitute prints (through
    ``<text>``, ``<names>``, ``<date>`` or ``<number>``, macros included) is
    done: not printed again, within the substitute or after it. And names
    inside a ``<choose>`` of a substitute take the ``<name>`` and ``<label>``
    of the names they stand for, as direct children do.
    """
    if getattr(Names, "_edition_patched", False):
        return
    names, text, date, number, substitute_render = Names.process, Text._variable, Date.process, Number.process, Substitute.render

    def names_process(self: Names, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any) -> Any:
        layout = (context if context is not None else self).get_layout()
        if item.key in _AUTHORLESS and not _substituting(layout) and not layout.repressed.get(_AUTHOR_LEFT) and not kwargs.get("sort_options"):
            # [-@key]: the first names the work prints (its author, or what stands for it) are left
            # out of its citation (not out of the keys it is sorted by)
            output = names(self, item, names_context=names_context, context=context, **kwargs)
            layout.repressed[_AUTHOR_LEFT] = bool(output)
            return None if output else output
        substitute = next((a for a in self.iterancestors() if a.tag == _CSL + "substitute"), None)
        if substitute is not None and names_context is None and self.name is None:
            # as citeproc-py does for a substitute's own children: the names take the
            # <name> and <label> of the <names> being substituted ("X, ed.,")
            names_context = substitute.getparent()
        roles = self.get("variable", "").split()
        kept = [role for role in roles if role not in _done(layout)]
        if not kept:
            return None
        self.set("variable", " ".join(kept))
        try:
            output = names(self, item, names_context=names_context, context=context, **kwargs)
        finally:
            self.set("variable", " ".join(roles))
        if output and _substituting(layout):
            _done(layout).update(kept)
        return output

    def text_variable(self: Text, item: Any, context: Any) -> Any:
        return _once(self, context, lambda: text(self, item, context))

    def date_process(self: Date, item: Any, variable: str | None = None, *args: Any, context: Any = None, **kwargs: Any) -> Any:
        if self.is_locale_date():
            return date(self, item, variable, *args, context=context, **kwargs)
        return _once(self, context, lambda: date(self, item, variable, *args, context=context, **kwargs))

    def number_process(self: Number, item: Any, context: Any = None, **kwargs: Any) -> Any:
        return _once(self, context, lambda: number(self, item, context=context, **kwargs))

    def substitute(self: Substitute, item: Any, context: Any = None, **kwargs: Any) -> Any:
        layout = (context if context is not None else self).get_layout()
        before = set(_done(layout))
        layout.repressed[_DEPTH] = layout.repressed.get(_DEPTH, 0) + 1
        try:
            output = substitute_render(self, item, context=context, **kwargs)
        finally:
            layout.repressed[_DEPTH] -= 1
        if not output:
            # what a child printed, if it came to nothing, is not done
            layout.repressed[_DONE] = before
        return output

    Names.process = names_process  # type: ignore[method-assign]
    Text._variable = text_variable  # type: ignore[method-assign]
    Date.process = date_process  # type: ignore[method-assign]
    Number.process = number_process  # type: ignore[method-assign]
    Substitute.render = substitute  # type: ignore[method-assign]
    Names._edition_patched = True  # type: ignore[attr-defined]


_DONE, _DEPTH, _AUTHOR_LEFT = "edition-done", "edition-substituting", "edition-author-left"
"""The keys, in a layout's record of what is suppressed (made anew for each work it renders),
of the variables a substitute printed, of how many substitutes are being rendered, and of
whether the work's author was left out yet."""


def _done(layout: Any) -> set[str]:
    return layout.repressed.setdefault(_DONE, set())  # type: ignore[no-any-return]


def _printed_by_substitute(element: Any) -> set[str]:
    """The variables a substitute printed, once it is done (none while it is printing)."""
    layouts = element.xpath_search("./ancestor-or-self::cs:layout[1]")
    return set() if not layouts or _substituting(layouts[0]) else _done(layouts[0])


def _substituting(layout: Any) -> bool:
    """Whether a substitute is being rendered (macros included, which are not its descendants)."""
    return bool(layout.repressed.get(_DEPTH))


def _once(element: Any, context: Any, render: Callable[[], Any]) -> Any:
    """A variable printed once: not if a substitute printed it, recorded if printed in one."""
    variable = element.get("variable")
    if variable in (None, "locator", "citation-number", "first-reference-note-number"):
        return render()
    layout = (context if context is not None else element).get_layout()
    if variable in _done(layout):
        return None
    output = render()
    if output and _substituting(layout):
        _done(layout).add(variable)
    return output


_AUTHORLESS: set[str] = set()
"""The works being rendered without their author."""


@contextmanager
def without_author(keys: list[str]) -> Iterator[None]:
    """Render these works without the first names they print (CSL's suppress-author)."""
    _AUTHORLESS.update(keys)
    try:
        yield
    finally:
        _AUTHORLESS.difference_update(keys)


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

    def label_process(self: Label, item: Any, variable: str | None = None, plural: Any = None, context: Any = None, **kwargs: Any) -> Any:
        name = self.get("variable")
        if variable is None and name not in ("locator", "page") and not _has(item, name):
            return None
        if variable is None and name in _printed_by_substitute(context if context is not None else self):
            return None  # the label of what a substitute printed ("ed.", "Vols.") goes with it
        if variable is None and name in _COUNTED:
            # CSL labels a count by the term of what it counts ("3 vols.", «в 3 т.»)
            count = str(item.reference[name.replace("-", "_")])
            several = bool(re.match(r"\d+$", count)) and int(count) > 1
            form = self.get("form", "long")
            term = (self.get_plural_term if several else self.get_single_term)(name=_COUNTED[name], form=form if form != "long" else None)
            return term
        return process(self, item, variable, plural, context, **kwargs)

    def if_render(self: If, item: Any, *args: Any, **kwargs: Any) -> Any:
        if self.get("disambiguate") == "true" and self.get("match", "all") == "all":
            raise ConditionFailed
        return render(self, item, *args, **kwargs)

    Label.process = label_process  # type: ignore[method-assign]
    If.render = if_render  # type: ignore[method-assign]
    Label._edition_patched = True  # type: ignore[attr-defined]


_COUNTED = {"number-of-volumes": "volume", "number-of-pages": "page"}
"""A count's variable, and the term its label takes (CSL 1.0.2, cs:label)."""


def _has(item: Any, variable: str) -> bool:
    try:
        value = item.reference[variable.replace("-", "_")]
    except (VariableError, KeyError):
        return False
    return value not in (None, "")


_conditions_as_csl_says()


def _container_subsequent() -> None:
    """``<if position="container-subsequent">``: CSL-M's position of a work whose container
    was cited before (:mod:`edition.passes.containers`), which citeproc-py does not know.

    It holds, as in citeproc-js, for a citation marked so (its citeproc item holds
    :data:`CONTAINER_CITED`) and for every repeated citation (subsequent, ibid);
    never in a bibliography. The other positions are tested as before: a
    marked citation is a first one.
    """
    if getattr(If, "_edition_container_subsequent", False):
        return
    position = If._position

    def tested(self: If, item: Any, context: Any) -> list[bool]:
        tests = self.get("position").split()
        if "container-subsequent" not in tests:
            return position(self, item, context)  # type: ignore[no-any-return]
        results = []
        for test in tests:
            self.set("position", "subsequent" if test == "container-subsequent" else test)
            try:
                (result,) = position(self, item, context)
            finally:
                self.set("position", " ".join(tests))
            marked = test == "container-subsequent" and isinstance(item, dict) and bool(item.get(CONTAINER_CITED))
            results.append(result or (marked and not _in_bibliography(self, context)))
        return results

    If._position = tested  # type: ignore[method-assign]
    If._edition_container_subsequent = True  # type: ignore[attr-defined]


CONTAINER_CITED = "edition_container_cited"
"""The key of a citeproc ``CitationItem`` (a dict) that marks it ``container-subsequent``."""


def _in_bibliography(element: Any, context: Any) -> bool:
    return bool((context if context is not None else element).xpath_search("./ancestor::*[self::cs:bibliography]"))


_container_subsequent()


def _volume_title() -> None:
    """CSL 1.0.2's ``volume-title`` (the title of a volume of a multi-volume work: Chicago's
    "vol. 1, *1920 – 1926*"): citeproc-py, which knows CSL 1.0.1's variables, prints it
    but warns that it is unsupported."""
    if "volume_title" not in citeproc.VARIABLES:
        citeproc.VARIABLES.append("volume_title")


_volume_title()


def _locator_ranges() -> None:
    """A cited range of pages formatted as the pages of a part are: Chicago's "148–50".

    CSL's ``page-range-format`` is read by its maintainers to apply to a locator
    labelled page too (citation-style-language/styles#1475), as citeproc-js does;
    citeproc-py applies it to ``page`` only, and Chicago notes read "101–2" for a
    part's pages beside "148–150" for the pages cited. A style without the option
    (GOST) prints the locator as written.
    """
    if getattr(Text, "_edition_locator_ranges", False):
        return
    variable = Text._variable

    def text_variable(self: Text, item: Any, context: Any) -> Any:
        text = variable(self, item, context)
        if text and self.get("variable") == "locator" and self.get_root().get_option("page-range-format") and item.locator.label == "page":
            return self._process(str(text), "page")
        return text

    Text._variable = text_variable  # type: ignore[method-assign]
    Text._edition_locator_ranges = True  # type: ignore[attr-defined]


_locator_ranges()


_CSL = "{http://purl.org/net/xbiblio/csl}"
