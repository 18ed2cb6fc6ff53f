"""What BibLaTeX says of an entry: its types, its fields, what it inherits, what it needs.

The biblatex manual is the reference: its entry types (§2.1, the "unsupported"
ones and BibTeX's aliases among them: ``@phdthesis`` is a ``@thesis`` of
``type = {phdthesis}``), its field aliases (§2.2.5: ``address`` is
``location``, ``journal`` is ``journaltitle``, ``school`` is
``institution``), and its inheritance rules (Appendix B: a ``@book``'s
``title`` is the ``booktitle`` of an ``@inbook`` that crossrefs it; an
``@xdata`` entry's fields are inherited as they are). The edition reads the
fields it prints (:data:`FIELDS`) and ignores every other one, as BibLaTeX
ignores the fields a style does not use.

:func:`check_entry` says what is wrong with an entry that is cited: a problem
stops the build (no title, a malformed date, a ``langid`` that names no
language), a notice does not (no ``langid``: the language is taken from the
title; a field the type expects is missing).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from .. import languages
from ..errors import Problem
from ..model import BibEntry

NAME_FIELDS = ("author", "editor", "translator", "bookauthor", "latinauthor", "latineditor", "latintranslator", "latinbookauthor")
"""Name lists. ``latin<role>``: the names in their own Latin-script form
(Herriot, not a transliteration of «Эррио»), used on the English side."""
LIST_FIELDS = ("location", "publisher", "organization", "institution", "origlocation", "origpublisher")
"""Literal lists: several values joined by ``and``."""
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "crossref", "xdata", "entryset", "ids"})
"""Fields that are not LaTeX (BibLaTeX's verbatim fields, and keys): only their spaces are folded."""
FIELDS = frozenset(
    {
        *NAME_FIELDS,
        *LIST_FIELDS,
        *VERBATIM_FIELDS,
        "editortype", "title", "subtitle", "titleaddon", "shorttitle", "translatedtitle",
        "booktranslatedtitle", "maintranslatedtitle", "maintitle", "mainsubtitle", "maintitleaddon",
        "booktitle", "booksubtitle", "booktitleaddon", "journaltitle", "journalsubtitle", "issuetitle",
        "issuesubtitle", "eventtitle", "venue", "eventdate", "series", "volume", "volumes", "number",
        "issue", "part", "edition", "version", "chapter", "pages", "pagetotal", "date", "year", "month",
        "origdate", "origyear", "origlanguage", "origtitle", "language", "langid", "urldate", "isbn", "issn",
        "note", "howpublished", "type", "entrysubtype", "eprinttype",
    }
)
"""The fields the edition reads; every other field of an entry is ignored, unread."""

FIELD_ALIASES = {
    "address": "location",
    "annote": "annotation",
    "archiveprefix": "eprinttype",
    "journal": "journaltitle",
    "key": "sortkey",
    "pdf": "file",
    "primaryclass": "eprintclass",
    "school": "institution",
}
"""BibTeX's names of BibLaTeX's fields (biblatex manual §2.2.5)."""

TYPE_ALIASES = {
    "conference": ("inproceedings", ""),
    "electronic": ("online", ""),
    "www": ("online", ""),
    "mastersthesis": ("thesis", "mathesis"),
    "phdthesis": ("thesis", "phdthesis"),
    "techreport": ("report", "techreport"),
}
"""BibTeX's entry types as BibLaTeX reads them: the type, and the ``type`` field it implies."""

TYPES = frozenset(
    {
        # regular types (biblatex manual §2.1.1)
        "article", "book", "mvbook", "inbook", "bookinbook", "suppbook", "booklet", "collection",
        "mvcollection", "incollection", "suppcollection", "dataset", "manual", "misc", "online",
        "patent", "periodical", "suppperiodical", "proceedings", "mvproceedings", "inproceedings",
        "reference", "mvreference", "inreference", "report", "set", "software", "thesis", "unpublished",
        "xdata", "customa", "customb", "customc", "customd", "custome", "customf",
        # types standard styles do not format, which exports use (§2.1.3)
        "artwork", "audio", "bibnote", "commentary", "image", "jurisdiction", "legislation", "legal",
        "letter", "movie", "music", "performance", "review", "standard", "video",
        # biblatex-apa's
        "data", "letters", "newsarticle",
    }
)
"""Every BibLaTeX entry type (after :data:`TYPE_ALIASES`)."""

_SKIPPED = frozenset(
    {
        "ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label", "options", "presort",
        "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand", "shorthandintro", "sortkey",
        # not BibLaTeX's rule, the edition's: what is the parent's own
        "pages", "shorttitle", "keywords", "abstract", "annotation", "translatedtitle",
    }
)
"""Fields a crossref child never takes from its parent (biblatex manual, Appendix B)."""
_MAIN = {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon"}
_BOOK = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"}
_JOURNAL = {"title": "journaltitle", "subtitle": "journalsubtitle"}
_INHERITANCE: tuple[tuple[frozenset[str], frozenset[str], dict[str, str]], ...] = (
    (frozenset({"mvbook"}), frozenset({"book", "inbook", "bookinbook", "suppbook"}), _MAIN),
    (frozenset({"mvcollection", "mvreference"}), frozenset({"collection", "reference", "incollection", "inreference", "suppcollection"}), _MAIN),
    (frozenset({"mvproceedings"}), frozenset({"proceedings", "inproceedings"}), _MAIN),
    (frozenset({"book"}), frozenset({"inbook", "bookinbook", "suppbook"}), _BOOK),
    (frozenset({"collection", "reference"}), frozenset({"incollection", "inreference", "suppcollection"}), _BOOK),
    (frozenset({"proceedings"}), frozenset({"inproceedings"}), _BOOK),
    (frozenset({"periodical"}), frozenset({"article", "suppperiodical"}), _JOURNAL),
)
"""(parent types, child types, renamed fields): BibLaTeX's crossref rules (Appendix B)."""
_TITLES = frozenset({"title", "subtitle", "titleaddon"})

_EXPECTED: dict[str, tuple[tuple[str, ...], ...]] = {
    "article": (("journaltitle",), ("date", "year")),
    "suppperiodical": (("journaltitle",), ("date", "year")),
    **{kind: (("booktitle", "maintitle"), ("date", "year")) for kind in ("inbook", "bookinbook", "suppbook", "incollection", "suppcollection", "inproceedings", "inreference")},
    **{kind: (("date", "year"),) for kind in ("book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings", "reference", "mvreference", "manual", "booklet", "periodical", "patent", "dataset", "software")},
    "thesis": (("institution",), ("date", "year")),
    "report": (("institution",), ("date", "year")),
    "online": (("url", "doi", "eprint"),),
}
"""The fields each type is expected to have (any one of each group), after inheritance:
a cited entry without one is told, as a notice."""

_DATE_PART = r"(?:[-+]?\d{4}|\d{3}[Xu]|\d{2}(?:XX|uu))(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?)?(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?[?~%]?"
_DATE = re.compile(rf"^(?:{_DATE_PART}(?:/(?:{_DATE_PART}|\.\.)?)?|(?:\.\.)?/{_DATE_PART})$")
"""A date as BibLaTeX reads it (ISO 8601-2 / EDTF): ``1923``, ``1923-01-18``, ``1956/2000``, ``1923~``, ``19XX``, ``1990/``."""
_YEAR = re.compile(r"^(?:\d{1,4}|\d{2}XX)(?:\s*(?:--?|–|/)\s*\d{1,4})?$")
_PAGE = r"(?:[A-Za-z]{0,3}[0-9]+[a-z]?|[IVXLCDM]+|[ivxlcdm]+)"
_PAGES = re.compile(rf"^{_PAGE}(\s*[-–—]{{1,2}}\s*{_PAGE})?(\s*,\s*{_PAGE}(\s*[-–—]{{1,2}}\s*{_PAGE})?)*$")
_SWALLOWED = re.compile(r"(?:^|[\s,])[A-Za-z]+\s*=\s*\S")
"""A field's name and ``=`` inside a value: the field before it was not closed."""
_LANGID_HINT = "write a babel or polyglossia name (russian, english, ngerman), a BCP 47 tag (de-DE) or the language's name"


def canonical_type(written: str) -> tuple[str, str]:
    """The BibLaTeX type of an entry type as written, and the ``type`` field it implies."""
    name = written.lower()
    return TYPE_ALIASES.get(name, (name, ""))


def canonical_field(written: str) -> str:
    """The BibLaTeX name of a field as written (``address`` is ``location``)."""
    name = written.lower()
    return FIELD_ALIASES.get(name, name)


def inherited_as(parent_type: str, child_type: str, field: str) -> str:
    """The field of a crossref child that takes the parent's ``field``; empty when none does.

    Between types BibLaTeX pairs, its rules; between others, a title is
    renamed by the parent's type alone (a document's crossref to an
    ``@mvbook`` gives it a ``maintitle``), and any other field keeps its name.
    """
    if field in _SKIPPED:
        return ""
    for parents, children, renamed in _INHERITANCE:
        if parent_type in parents and (child_type in children or field in _TITLES):
            return renamed.get(field, "" if field in ("sorttitle", "indextitle", "indexsorttitle") else field)
    return field


def inherited_names_as(parent_type: str, child_type: str, role: str) -> tuple[str, ...]:
    """The name lists of a crossref child that take the parent's ``role``: a book's author is
    its chapter's ``bookauthor`` (and, in BibLaTeX's pairs, its ``author`` when it has none)."""
    if parent_type not in ("mvbook", "book") or role not in ("author", "latinauthor"):
        return (role,)
    book_role = "bookauthor" if role == "author" else "latinbookauthor"
    pairs = child_type in ("inbook", "bookinbook", "suppbook") or (parent_type == "mvbook" and child_type == "book")
    return (book_role, role) if pairs else (book_role,)


# --- checks of a cited entry ------------------------------------------------------------

_Tell = Callable[[list[Problem], "str | None", str, str], None]


def check_entry(entry: BibEntry) -> tuple[list[Problem], list[Problem]]:
    """What is wrong with a cited entry: the problems that stop the build, and the notices that do not."""
    problems: list[Problem] = []
    notices: list[Problem] = []

    def tell(into: list[Problem], field: str | None, message: str, hint: str) -> None:
        """A problem or notice of the entry, at the line of ``field`` (or of the entry)."""
        line = entry.line_of(field) if field else entry.location.line
        into.append(Problem(f"entry {entry.key!r}: {message}", entry.location.file, line, hint))

    if entry.type not in TYPES:
        close = difflib.get_close_matches(entry.type, sorted(TYPES), n=1)
        hint = f"did you mean @{close[0]}?" if close else "use a BibLaTeX type: @article, @book, @incollection, @online, @misc..."
        tell(notices, None, f"@{entry.type} is not a BibLaTeX entry type; it is printed as @misc", hint)
    if entry.type == "set":
        if not entry.get("entryset"):
            tell(problems, None, "a @set without entryset", "list the keys of its entries: entryset = {a, b}")
        return problems, notices
    if entry.type == "xdata":
        tell(problems, None, "an @xdata entry holds fields for other entries and cannot be cited", "cite the entries that name it in their xdata field")
        return problems, notices
    if not (entry.get("title") or entry.get("maintitle") or (entry.type == "periodical" and entry.get("journaltitle"))):
        tell(notices, None, f"@{entry.type} has no title", "add title = {...}: without it the reference names nothing")
    for group in _EXPECTED.get(entry.type, ()):
        if not any(entry.get(name) for name in group):
            tell(notices, None, f"@{entry.type} has no {' or '.join(group)}; the reference will lack it", f"add {group[0]} = {{...}} if the work has one")
    _check_values(entry, problems, notices, tell)
    _check_language(entry, problems, notices, tell)
    return problems, notices


def _check_values(entry: BibEntry, problems: list[Problem], notices: list[Problem], tell: _Tell) -> None:
    for field in ("date", "origdate", "urldate", "eventdate"):
        value = entry.get(field).strip()
        if value and not _DATE.match(value):
            tell(notices, field, f"{field} {value!r} is not a date; it is printed as written", "write YYYY, YYYY-MM-DD, or a range YYYY/YYYY (biblatex's date format)")
    year = entry.get("year").strip()
    if year and not _YEAR.match(year):
        tell(notices, "year", f"year {year!r} is not a year; it is printed as written", "write the year's digits (a range as 1920--1923)")
    swallowed = False
    for field in ("volume", "volumes", "number", "pages", "year", "date"):
        value = entry.get(field)
        if _SWALLOWED.search(value):
            swallowed = True
            tell(problems, field, f"{field} {value!r} holds another field", "a comma or a closing brace is missing after this field")
    pages = entry.get("pages").strip()
    if pages and not swallowed and not _PAGES.match(pages):
        tell(notices, "pages", f"pages {pages!r} is not a page range; it is printed as written", "write 12, 12--15 or 12--15, 18 for pages a style can shorten")


def _check_language(entry: BibEntry, problems: list[Problem], notices: list[Problem], tell: _Tell) -> None:
    langid = entry.get("langid").strip()
    if langid:
        if not languages.language(langid):
            tell(problems, "langid", f"langid {langid!r} names no language", _LANGID_HINT)
        return
    written = entry.get("language").strip()
    if written and languages.language(written):
        source, tag = "its language field", languages.language_tag(written)
    else:
        source, tag = "its title", languages.language_of_text(entry.get("title"))
    if tag:
        message = f"has no langid; its language is taken from {source}: {languages.language_name(tag)}"
    else:
        message = "has no langid, and its title does not tell its language: it is taken as English"
    line = entry.location.line
    notices.append(
        Problem(f"entry {entry.key!r} {message}", entry.location.file, line, "add langid = {...} (russian, english, german...) if this is not the work's language")
    )
