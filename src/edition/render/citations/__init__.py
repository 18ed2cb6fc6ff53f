"""Citations and bibliographies, formatted through CSL by citeproc-py.

The only package that imports citeproc (the entries become CSL-JSON in
:mod:`edition.render.csl_json`; where citeproc-py departs from CSL is set
right in :mod:`.repairs`). Each language side has its own CSL style
(configurable): by default the Russian side GOST R 7.0.5-2008 notes, the
English side Chicago notes and bibliography; a note style's citations are
notes, an in-text style's stand in the text (author and date, or the work's
number in its article). Positions (first,
subsequent, ibid, ibid with locator) are computed per article by the
citation pass and forced here, one cited work at a time, so that citeproc
never carries state from one article to the next.

Around citeproc, a few tested repairs:

- the cited work's own language decides the terms of a GOST reference
  (Там же / Ibid., С. / S.), as the standard prescribes: each work is
  rendered with the locale of its ``langid``;
- an identical repeated locator is not printed again («Там же.»): the
  history given to citeproc holds the same locator object, which its own
  comparison of locators misses otherwise;
- a locator that is not a number (``XIII``, ``5а``) is passed as text;
- a note starts with a capital letter («Там же», "Ibid.");
- a period is not doubled where a title ends with one (``гг.. М.``);
- every datum of an entry reaches the HTML as text: citeproc-py escapes
  the style's own strings but not the variables it is given, so ``&``,
  ``<`` and ``>`` in the entries are replaced by private-use characters
  before formatting and written as ``&amp;``, ``&lt;`` and ``&gt;`` after it
  (characters no text case or regular expression alters); the only markup
  in a formatted reference is what the style makes (italics, small caps);
- on the English side commas and periods go inside closing quotation marks,
  and a Russian title's English gloss is set in roman type.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import citeproc
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    Locator,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from markupsafe import Markup, escape

from ...errors import EditionError, Problem, RenderError
from ...model import (
    Article,
    BibEntry,
    CitationKind,
    Cite,
    CiteItem,
    Edition,
    Inlines,
    Lang,
    ReaderConfig,
)
from ...passes.citations import keys_cited, keys_cited_on
from ..csl_json import GLOSS_CLOSE, GLOSS_OPEN, csl_item, work_language
from .repairs import CONTAINER_CITED, without_author  # (and citeproc-py set right before any style is formatted)

LOCALES = {"ru": "ru-RU", "en": "en-US"}
"""The locale of each side's own language; a work in another language takes its language's."""
_AS_TEXT = str.maketrans({"&": "\ue011", "<": "\ue012", ">": "\ue013"})
"""An entry's ``&``, ``<`` and ``>``, hidden from citeproc, which formats them as they are."""
_ESCAPED = str.maketrans({"\ue011": "&amp;", "\ue012": "&lt;", "\ue013": "&gt;"})
"""The same characters in the formatted HTML: text, never markup."""
AUTHORS_STYLE = Path(__file__).parent / "authors.csl"
"""The authors of a work as the text names them (a narrative citation): family names, short form."""
_SEP = "\x1f"
_BREAK = "\ue003"


@dataclass(frozen=True)
class Work:
    """A formatted entry of a bibliography, and the language of the work it describes."""

    text: Markup
    lang: str
    """The language the description is written in: ``ru``, ``de``... on the Russian side, ``en`` on the English."""
    key: str = ""
    """The key of the work's entry in the ``.bib`` files."""

    def __html__(self) -> str:
        return str(self.text)

    @property
    def in_print(self) -> Markup:
        """The entry as print sets it: a space before markup (``In <i>Title</i>``) set
        inside it (``In<i> Title</i>``), which reads the same.

        WeasyPrint measures a run of text with the space that ends it: a run that
        fits its line but for that space is taken for one that does not, and its
        first word is set alone on a line ("Occu-", "pation", "of the Ruhr Region").
        """
        return Markup(re.sub(r" ((?:<[a-z][^>]*>)+)", r"\1 ", str(self.text)))


@dataclass(frozen=True)
class CitedWork:
    """One work of a bibliography in both languages: its Russian and its English entry,
    printed side by side (None where that side's style leaves the work out)."""

    key: str
    ru: Work | None
    en: Work | None


@dataclass(frozen=True)
class Styles:
    """The CSL style of each language side, and how it cites."""

    ru: Path
    en: Path
    ru_kind: CitationKind = "note"
    en_kind: CitationKind = "note"

    @classmethod
    def of(cls, config: ReaderConfig) -> Styles:
        return cls(config.csl_ru, config.csl_en, config.cites_ru, config.cites_en)

    def get(self, lang: Lang) -> Path:
        return self.ru if lang == "ru" else self.en

    def kind(self, lang: Lang) -> CitationKind:
        return self.ru_kind if lang == "ru" else self.en_kind


class Formatter:
    """Formats the citations and bibliographies of one edition."""

    def __init__(self, entries: tuple[BibEntry, ...], styles: Styles) -> None:
        self.entries = {entry.key: entry for entry in entries}
        self.styles = styles
        self.sources = {lang: _source([csl_item(e, lang) for e in entries]) for lang in ("ru", "en")}
        # citeproc takes tens of milliseconds a reference: each is formatted once
        self._items: dict[tuple[str, ...], Markup] = {}
        self._works: dict[tuple[str, str, str], Work] = {}

    # --- citations ------------------------------------------------------------

    def cite(self, cite: Cite, lang: Lang, inline: Callable[[Inlines], Markup] | None = None) -> Markup:
        """A citation as the side's style sets it: a note's text, or a citation in the text.

        ``inline`` renders the Markdown of a prefix or suffix (``*see*``); without
        it they are their text. A narrative citation (``@key says``) names the author in the text: under an
        in-text style followed by the citation without the author ("Gorlov (2001,
        76)", "Gorlov [1]"); under a note style the reference goes into a note
        (:mod:`edition.passes.cite_notes`) and the text keeps the name (``author``).
        """
        affixes = _Affixes(inline)
        if cite.mode == "author":
            return self.authors(cite, lang)
        if self.styles.kind(lang) == "note":
            return self._note(cite, lang, affixes)
        if cite.mode == "narrative":
            rest = replace(cite, items=tuple(replace(i, suppress_author=True) for i in cite.items))
            return self.authors(cite, lang) + Markup(" ") + self._in_text(rest, lang, affixes)
        return self._in_text(cite, lang, affixes)

    def authors(self, cite: Cite, lang: Lang) -> Markup:
        """The authors of a citation's works as the text names them: family names
        (an editor, or the short title, where a work has no author)."""
        known = [item.key for item in cite.items if item.key in self.entries]
        memo = ("authors", lang, *known)
        if memo not in self._items:
            with self._failing(known[0] if known else "", lang):
                style = load_style(AUTHORS_STYLE, LOCALES[lang])
                names = []
                for key in known:
                    bibliography = CitationStylesBibliography(style, self.sources[lang], formatter.html)
                    citation = Citation([CitationItem(key)])
                    bibliography.register(citation)
                    names.append(repair(str(style.render_citation(citation, [], lambda missing: None)), lang))
            self._items[memo] = Markup("; ").join(Markup(name) for name in names)
        unknown = [escape(f"@{item.key}") for item in cite.items if item.key not in self.entries]
        return Markup("; ").join([self._items[memo], *unknown]) if unknown else self._items[memo]

    def _note(self, cite: Cite, lang: Lang, affixes: _Affixes) -> Markup:
        """A note's citation: its works joined by "; ", each with its prefix and suffix, one final period.

        Each work is rendered on its own (its own locale, its own position);
        the period that closes each of them is taken off and set once at the end
        (the last one's kept where the style set it inside quotes: “… 1922.”).
        """
        parts = []
        for n, item in enumerate(cite.items, start=1):
            text = self._item(item, lang)
            if n < len(cite.items) or item.suffix:
                text = _without_final_period(text)
            work = self.language(item.key, lang)
            if work != lang:
                text = Markup('<span lang="%s">%s</span>') % (work, text)
            if item.prefix:
                text = affixes.prefix(item) + text
            if item.suffix:
                text = text + affixes.suffix(item)
            parts.append(text)
        joined = Markup("; ").join(parts)
        return joined if re.search(r"[.!?…][”’»\"]?(</[a-z]+>)*$", str(joined)) else joined + Markup(".")

    def _in_text(self, cite: Cite, lang: Lang, affixes: _Affixes) -> Markup:
        """An in-text citation, ``(Gorlov 2001, 76; Zeidler 1993)`` or ``[1, p. 76]``: its
        works rendered together in the side's locale, numbered as in their article."""
        known = [item for item in cite.items if item.key in self.entries]
        unknown = Markup(" ").join(escape(f"@{item.key}") for item in cite.items if item.key not in self.entries)
        if not known:
            return unknown
        memo = ("in-text", lang, repr([(i.key, i.prefix, i.locator_label, i.locator, i.suffix, i.number, i.suppress_author) for i in known]))
        if memo not in self._items:
            with self._failing(known[0].key, lang):
                bibliography = CitationStylesBibliography(self._style(lang, LOCALES[lang]), self.sources[lang], formatter.html)
                cited = []
                for item in known:
                    locator = _locator(item)
                    around = {"prefix": str(affixes.prefix(item)) if item.prefix else "", "suffix": str(affixes.suffix(item)) if item.suffix else ""}
                    cited.append(CitationItem(item.key, **({"locator": locator} if locator else {}), **{k: v for k, v in around.items() if v}))
                citation = Citation(cited)
                bibliography.register(citation)
                _number(bibliography, {item.key: item.number for item in known})
                with without_author([item.key.lower() for item in known if item.suppress_author]):
                    output = repair(str(bibliography.style.render_citation(citation, [], lambda missing: None)), lang)
                self._items[memo] = Markup(output)
        return self._items[memo] + (Markup(" ") + unknown if unknown else Markup(""))

    def load_styles(self) -> None:
        """Load every style and locale the edition's works need (before workers are forked)."""
        for key in self.entries:
            for lang in ("ru", "en"):
                self._style(lang, self._locale(key, lang))

    # --- what was formatted, to keep across processes and builds --------------

    def memo(self) -> dict[str, str]:
        """Everything formatted so far, as plain strings (see :meth:`preload`)."""
        memo = {_SEP.join(("item", *key)): str(text) for key, text in self._items.items()}
        memo.update({_SEP.join(("work", *key)): _SEP.join((str(w.text), w.lang)) for key, w in self._works.items()})
        return memo

    def preload(self, memo: dict[str, str]) -> None:
        """Take references formatted before (by another process or build) with the same entries and styles."""
        for key, value in memo.items():
            kind, *parts = key.split(_SEP)
            if kind == "item" and parts:
                self._items.setdefault(tuple(parts), Markup(value))
            elif kind == "work" and len(parts) == 3:
                text, _, language = value.rpartition(_SEP)
                self._works.setdefault((parts[0], parts[1], parts[2]), Work(Markup(text), language, parts[0]))

    def _item(self, item: CiteItem, lang: Lang) -> Markup:
        if item.key not in self.entries:
            return escape(f"@{item.key}")
        memo = (item.key, lang, item.position, item.locator_label, item.locator, "-@" if item.suppress_author else "")
        if memo not in self._items:
            with self._failing(item.key, lang):
                self._items[memo] = self._format_item(item, lang)
        return self._items[memo]

    def _format_item(self, item: CiteItem, lang: Lang) -> Markup:
        locale = self._locale(item.key, lang)
        bibliography = CitationStylesBibliography(self._style(lang, locale), self.sources[lang], formatter.html)
        locator = _locator(item)
        cited = CitationItem(item.key, **({"locator": locator} if locator else {}))
        if item.position == "container-subsequent":
            cited[CONTAINER_CITED] = True
        citation = Citation([cited])
        bibliography.register(citation)
        history = _history(item, locator)
        with without_author([item.key.lower()] if item.suppress_author else []):
            output = bibliography.style.render_citation(citation, history, lambda missing: None)
        return Markup(repair(str(output), lang))

    @contextmanager
    def _failing(self, key: str, lang: Lang) -> Iterator[None]:
        """An error of citeproc's as a problem of the style that caused it."""
        try:
            yield
        except EditionError:
            raise
        except Exception as error:
            raise RenderError(
                Problem(
                    f"the CSL style fails on @{key} ({lang}): {type(error).__name__}: {error}",
                    self.styles.get(lang),
                    hint="the style uses what citeproc-py cannot format; choose another style for this side in [citations]",
                )
            ) from None

    # --- bibliographies ----------------------------------------------------------

    def bibliography(self, keys: list[str], lang: Lang) -> list[Work]:
        """The entries of ``keys`` (in the order of their first citation), formatted for ``lang``.

        A numeric style numbers them in that order and lists them so; the
        others are sorted by the side's rules (GOST: works in Cyrillic
        first). An entry the style leaves out of its bibliography (Chicago
        omits a manuscript or private document not held in an archive) is
        not listed.
        """
        cited = [key for key in dict.fromkeys(keys) if key in self.entries]
        if self.styles.kind(lang) == "numeric":
            return [work for work in (self._work(key, lang, n) for n, key in enumerate(cited, start=1)) if work.text]
        rendered = [self._work(key, lang) for key in cited]
        return sorted((work for work in rendered if work.text), key=lambda work: _sort_key(work.text, lang))

    def _work(self, key: str, lang: Lang, number: int = 0) -> Work:
        memo = (key, lang, str(number))
        if memo not in self._works:
            locale = self._locale(key, lang)
            bibliography = CitationStylesBibliography(self._style(lang, locale), self.sources[lang], formatter.html)
            bibliography.register(Citation([CitationItem(key)]))
            _number(bibliography, {key: number})
            with self._failing(key, lang):
                texts = bibliography.bibliography()  # none for a work the style leaves out
            text = repair(str(texts[0]), lang) if texts else ""
            if number:  # citeproc-py sets no space after the number (CSL's second-field-align)
                text = re.sub(r"^((?:<[^>]+>)*(?:\[\d+\]|\d+\.))(?=\S)", r"\1 ", text)
            self._works[memo] = Work(Markup(text), self.language(key, lang), key)
        return self._works[memo]

    def language(self, key: str, lang: Lang) -> str:
        """The language of a work's description on the ``lang`` side, for ``lang`` attributes.

        A GOST reference is written in the language of the work (S., Ibid.,
        München); a Chicago note is English whatever it cites.
        """
        entry = self.entries.get(key)
        if lang == "en" or entry is None:
            return lang
        return work_language(entry)

    # --- styles -----------------------------------------------------------------

    def _locale(self, key: str, lang: Lang) -> str:
        if lang == "en":
            return LOCALES["en"]
        return citeproc_locale(work_language(self.entries[key]))

    def _style(self, lang: Lang, locale: str) -> CitationStylesStyle:
        return load_style(self.styles.get(lang), locale)


def _source(items: list[dict[str, Any]]) -> CiteProcJSON:
    """citeproc-py's source, with each variable also under its CSL name.

    citeproc-py stores ``container-author`` as ``container_author`` but its
    ``<names>`` and ``<number>`` elements look the CSL name up: without the
    alias they print nothing.
    """
    source = CiteProcJSON([_as_text(item) for item in items])
    for reference in source.values():
        for key in list(reference.keys()):
            if "_" in key:
                reference[key.replace("_", "-")] = reference[key]
    return source


def _as_text(value: Any) -> Any:
    """Every string of a CSL-JSON item with its ``&``, ``<`` and ``>`` hidden from citeproc."""
    if isinstance(value, str):
        return value.translate(_AS_TEXT)
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "id" else _as_text(v) for k, v in value.items()}
    return value


@functools.lru_cache(maxsize=32)
def load_style(path: Path, locale: str) -> CitationStylesStyle:
    """A CSL style with its locale; a style that does not load is a :class:`RenderError`."""
    try:
        return CitationStylesStyle(str(path), locale=locale, validate=False)
    except OSError as error:
        raise RenderError(Problem(f"cannot read the CSL style: {error.strerror}", path, None, "check [citations] in the configuration")) from None
    except Exception as error:  # lxml's XMLSyntaxError and citeproc's own errors
        line = getattr(error, "lineno", None) or _line_in(str(error))
        raise RenderError(
            Problem(f"the CSL style does not load: {error}", path, line, "a CSL 1.0 style is an XML file; see https://citationstyles.org")
        ) from None


def _line_in(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class _Affixes:
    """A citation's prefix and suffix as the text has them: markup where Markdown made some."""

    inline: Callable[[Inlines], Markup] | None

    def prefix(self, item: CiteItem) -> Markup:
        return self._text(item.prefix, item.prefix_inlines) + Markup(" ")

    def suffix(self, item: CiteItem) -> Markup:
        """After the locator: ``, and passim`` set close, other words after a space."""
        text = self._text(item.suffix, item.suffix_inlines)
        return text if item.suffix[:1] in ",;:." else Markup(" ") + text

    def _text(self, text: str, inlines: Inlines) -> Markup:
        return self.inline(inlines) if inlines and self.inline else escape(text)


def _number(bibliography: CitationStylesBibliography, numbers: dict[str, int]) -> None:
    """Give each work its number in its article (citeproc numbers a work by its place in
    the bibliography's keys, which otherwise start at 1 for each reference formatted)."""
    if not any(numbers.values()):
        return
    keys = [_BREAK] * max(numbers.values())
    for key, number in numbers.items():
        keys[number - 1] = key.lower()
    bibliography.keys = keys


def _locator(item: CiteItem) -> Locator | None:
    if not item.locator:
        return None
    label = item.locator_label if item.locator_label in ("page", "volume", "folio", "number", "chapter", "section") else "page"
    return Locator(label, item.locator)


def _history(item: CiteItem, locator: Locator | None) -> list[CitationItem]:
    """What citeproc must believe came before, so that it finds ``item.position``."""
    if item.position in ("first", "container-subsequent", ""):
        return []
    if item.position == "subsequent":
        earlier = CitationItem(item.key)
        Citation([earlier])
        other = CitationItem(_BREAK)
        Citation([other])
        return [earlier, other]
    # ibid: the same work just before; the very same locator object, or none
    previous = CitationItem(item.key, **({"locator": locator} if item.position == "ibid" and locator else {}))
    Citation([previous])
    return [previous]


def _without_final_period(text: Markup) -> Markup:
    """A work's citation without the period that closes it, also where the style set it inside quotes (“… Genue.”)."""
    return Markup(re.sub(r"\.([”’]?)$", r"\1", str(text)))


def repair(text: str, lang: Lang) -> str:
    """Citeproc's HTML with doubled periods removed (a period after a title ending with
    one, or with ! or ?) and glosses set in roman; on the
    English side a comma or period before a closing quotation mark (Chicago 6.9),
    which citeproc-py does not move, and quotation marks within quotation marks
    single (:func:`_nested_quotes`)."""
    if lang == "en":
        text = _nested_quotes(re.sub(r"([”’])([,.])", r"\2\1", text))
    text = re.sub(r"(?<!\.)\.\.(?!\.)", ".", text)
    text = re.sub(r"(?<!\.)([.!?])(</i>)?\.(?=\s|$|<)", r"\1\2", text)  # "Hands off the Ruhr!." and "гг.</i>."
    # a gloss inside an italic title: close the italic before it and reopen after
    text = re.sub(r"<i>(.*?)</i>", _roman_gloss, text)
    text = text.replace(GLOSS_OPEN, " ").replace(GLOSS_CLOSE, "")
    return re.sub(r" {2,}", " ", text).replace(" .", ".").translate(_ESCAPED)


def _nested_quotes(text: str) -> str:
    """Quotation marks inside quotation marks set as single ones, and inside those double
    again (Chicago 6.11; CSL's quotes, which citeproc-py does not alternate): a quoted
    title within the quoted title of a document, “Postanovlenie … ‘Predlozhenie …’ …”."""
    out, depth = [], 0
    for char in text:
        if char == "“":
            depth += 1
            char = "‘" if depth % 2 == 0 else char
        elif char == "”" and depth:
            char = "’" if depth % 2 == 0 else char
            depth -= 1
        out.append(char)
    return "".join(out)


def _roman_gloss(match: re.Match[str]) -> str:
    inside = match.group(1)
    if GLOSS_OPEN not in inside:
        return match.group(0)
    head, _, rest = inside.partition(GLOSS_OPEN)
    gloss, _, tail = rest.partition(GLOSS_CLOSE)
    return f"<i>{head}</i> {gloss}" + (f"<i>{tail}</i>" if tail.strip() else tail)


def capitalize_first(text: Markup) -> Markup:
    """The first letter of an HTML fragment in capitals (a note starts with «Там же», "Ibid.")."""
    return Markup(re.sub(r"^((?:<[^>]+>)*)(\w)", lambda m: m.group(1) + m.group(2).upper(), str(text), count=1))


def _sort_key(text: Markup, lang: Lang) -> tuple[int, str]:
    plain = re.sub(r"^\W+", "", html.unescape(re.sub(r"<[^>]+>", "", str(text)))).casefold()
    cyrillic = bool(re.match(r"\W*[а-яё]", plain))
    # GOST: works in Cyrillic first, then those in Latin script
    return ((0 if cyrillic else 1) if lang == "ru" else 0, plain)


@functools.lru_cache(maxsize=64)
def citeproc_locale(language: str) -> str:
    """The citeproc locale of a language (its primary dialect); Russian's for one citeproc has none of."""
    if language in LOCALES:
        return LOCALES[language]
    folder = Path(citeproc.__file__).parent / "data" / "locales"
    dialects = json.loads((folder / "locales.json").read_text(encoding="utf-8")).get("primary-dialects", {})
    locale = dialects.get(language, language)
    return locale if (folder / f"locales-{locale}.xml").is_file() else LOCALES["ru"]


# --- what templates use ---------------------------------------------------------


def works_cited(edition: Edition, formatter_: Formatter, article: Article | None, lang: Lang) -> list[Work]:
    """The bibliography of one article (or of the whole reader when ``article`` is None)."""
    articles = [article] if article is not None else list(edition.articles)
    if formatter_.styles.kind(lang) == "numeric":  # in the order of the works' numbers
        keys = [k for a in articles for k in keys_cited_on(a, lang)]
    else:
        keys = [k for a in articles for k in keys_cited(a)]
    return formatter_.bibliography(keys, lang)


def works_side_by_side(edition: Edition, formatter_: Formatter, article: Article | None) -> list[CitedWork]:
    """The works of :func:`works_cited`, each with its Russian and English entries, for
    print to set each work's two entries on one row.

    The rows follow the Russian list, as the Russian text is the original and the
    English its translation: sorted by the Russian side's rules (GOST: works in
    Cyrillic first), or, where that side's style is numeric, in the order of its
    numbers. Where only the English side's style is numeric, its numbers decide.
    A work one side's style leaves out has an empty cell on that side.
    """
    lists = {lang: works_cited(edition, formatter_, article, lang) for lang in ("ru", "en")}
    numbered_en = formatter_.styles.kind("en") == "numeric" and formatter_.styles.kind("ru") != "numeric"
    first, second = ("en", "ru") if numbered_en else ("ru", "en")
    keys = dict.fromkeys([w.key for w in lists[first]] + [w.key for w in lists[second]])
    entries = {lang: {w.key: w for w in works} for lang, works in lists.items()}
    return [CitedWork(key, entries["ru"].get(key), entries["en"].get(key)) for key in keys]


def has_reader_bibliography(edition: Edition) -> bool:
    """Whether the reader has a bibliography of its own after the articles: only where it
    lists more than any one article's works cited, that is where no article cites
    every work the reader cites. A reader whose one article cites anything (or whose
    other articles cite only works that one cites) would repeat that article's list."""
    known = {entry.key for entry in edition.bibliography}
    cited = [set(keys_cited(article)) & known for article in edition.articles]
    everything = set().union(*cited)
    return bool(everything) and not any(keys >= everything for keys in cited)


def reader_bibliography(edition: Edition, formatter_: Formatter) -> list[CitedWork]:
    """The reader's bibliography (:func:`works_side_by_side` of every article), or
    nothing where :func:`has_reader_bibliography` says the reader has none."""
    return works_side_by_side(edition, formatter_, None) if has_reader_bibliography(edition) else []
