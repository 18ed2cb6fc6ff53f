"""HTML through Jinja templates: the print document and the screen editions.

The screen templates (``html/``) make both the HTML edition and the EPUB's
XHTML documents, as Sphinx's EPUB builder reuses its HTML builder: their
markup is well-formed XML, and ``epub`` in the context turns on the EPUB's
own bits (``epub:type`` attributes, ``.xhtml`` links, no script).

Templates live in the project's ``templates/`` folder (``paths.templates``)
and are data: a missing variable is an error (``StrictUndefined``), output is
autoescaped, and an error in a template is reported with its file and line.
"""

from __future__ import annotations

import functools
import os
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypedDict

import jinja2
from jinja2.loaders import split_template_path
from markupsafe import Markup, escape

from .. import __version__
from ..errors import EditionError, Problem, RenderError
from ..fonts import MONO, FontFace, FontLicence, font_faces, font_licences
from ..model import (
    Article,
    BibEntry,
    Block,
    Code,
    Edition,
    Inlines,
    Lang,
    ReaderConfig,
    Row,
    Segment,
)
from ..passes.floats import spread
from ..passes.inlines import note_labels, plain_text, walk
from ..paths import is_within
from .citations import CitedWork, Formatter, Styles, Work, reader_bibliography, works_cited, works_side_by_side
from .facing import beside, facing_spreads, side_block, side_id
from .how_to_cite import EditionReference, how_to_cite
from .inline import InlineRenderer, Medium, back_ids, call_id, note_id, page_ref_id, row_id
from .screen import FONT_FOLDER, Page, screen_pages
from .page_list import PrintedPage
from .rows import Layout, PrintRow, print_rows
from .typography import typeset

PRINT_TEMPLATE = "reader.html.j2"
PRINT_STYLESHEET = "print.css.j2"
FOLIOS_TEMPLATE = "folios.html.j2"

PAPER_SIZES = {"A4": "210mm 297mm", "A5": "148mm 210mm", "Letter": "8.5in 11in"}


@dataclass(frozen=True)
class PrintPart:
    """What one print document holds: the whole book, or one part of it."""

    kind: Literal["book", "front", "article", "back", "folios"] = "book"
    articles: tuple[Article, ...] | None = None
    """The articles of the document (all, for the whole book)."""
    layout: Layout = Layout()
    """What the layout passes decided: rows to start on a new page, floats moved on,
    parts of tables to print with their header."""
    page_numbers: tuple[tuple[str, int], ...] = ()
    """(anchor, page number) for the contents of a front part."""
    folio_pages: tuple[str, ...] = ()
    """For a folios document: "" for each numbered page, "none" for the others."""
    folio_numbers: tuple[tuple[int, int], ...] = ((1, 1),)
    """For a folios document: (page, number), the page of the document (from 1) whose
    number is given, the next ones numbered on from it."""
    variant: str = ""
    """The PDF variant to write: "" for a plain PDF, ``pdf/a-3b`` for a release's."""
    tagged: bool = False
    """Write the structure tags of PDF/UA."""


class TemplateContext(TypedDict):
    """What every template can use."""

    edition: Edition
    config: ReaderConfig
    articles: tuple[Article, ...]
    version: str
    """Version of the edition tool."""
    fonts: tuple[FontFace, ...]
    paper_size: str
    """CSS ``size`` of the page, e.g. ``210mm 297mm``."""
    renderer: Callable[[Article], InlineRenderer]
    """``renderer(article)(inlines, lang)`` -> HTML of inline content."""
    note_id: Callable[[Article, Lang, int], str]
    call_id: Callable[[Article, Lang, int], str]
    runs: Callable[[Article], dict[str, bool]]
    """``runs(article)[anchor]``: the segment starts a run of the authors' own English."""
    short_title: Callable[[Article, Lang], str]
    """``short_title(article, lang)``: the title in the running heads (``title_short`` of
    ``article.toml``, else the title)."""
    printed_pages: tuple[PrintedPage, ...]
    """The EPUB: the pages of the PDF made with it, where each begins (its page list)."""
    unlabelled_abstract: Callable[[Article], str]
    """``unlabelled_abstract(article)``: the anchor of the segment an abstract without a
    heading of its own starts at (the edition heads it «Резюме» / "Abstract"), or ""."""
    plain: Callable[[Inlines], str]
    """The words of inline content, without markup."""
    has_notes: Callable[[Row], bool]
    """The row calls a footnote in either language."""
    row_id: Callable[[Article, Segment, int], str]
    spread: Callable[[Segment], str]
    """``spread(segment)``: "shared" or "wide" for a pair of tables or figures set across both columns, else ""."""
    back_ids: Callable[[Article], tuple[str, str]]
    """Identifiers of the works cited and the corrections after an article's text (print)."""
    page_breaks: frozenset[str]
    """Ids of print rows to start on a new page."""
    page_ref_id: Callable[[str, str], str]
    """``page_ref_id(target, side)``: the id of a blank that print fills with the page of ``target``."""
    rows: Callable[[Article], list[PrintRow]]
    """``rows(article)``: the rows of an article in the order they are printed."""
    spreads: Callable[[Article], list[list[PrintRow]]]
    """``spreads(article)``: on facing pages, the rows of each spread."""
    beside: Callable[[PrintRow], Lang | None]
    """``beside(row)``: on facing pages, the side left blank beside a block that stands alone."""
    side_block: Callable[[PrintRow, Lang], Block | None]
    """``side_block(row, lang)``: on facing pages, the block printed on a row's side ``lang``."""
    side_id: Callable[[PrintRow, Lang], str]
    """``side_id(row, lang)``: on facing pages, the id of a row's side ``lang``."""
    pads: dict[str, float]
    """On facing pages: the space above a row's side (by its id) that sets it level with the other."""
    blanks: dict[str, float]
    """On facing pages: the height of the blank beside a block that stands alone (by the blank's id)."""
    part: str
    """Print: ``book`` for the whole book in one document, else the part typeset
    (``front``, ``article``, ``back``) or ``folios`` (see :class:`PrintPart`)."""
    link: Callable[[str], str]
    """``link(anchor)``: the href of a link from the contents to an anchor of the book."""
    toc_page: Callable[[str], str]
    """``toc_page(anchor)``: the page number of an anchor, when the contents are typeset apart."""
    folio_pages: tuple[str, ...]
    folio_numbers: tuple[tuple[int, int], ...]
    first_page: int
    """The number of a folios document's first page (as templates written before
    ``folio_numbers`` use it)."""
    works_cited: Callable[[Article | None, Lang], list[Work]]
    """``works_cited(article, lang)``: the works an article cites (all articles
    when ``article`` is None), each formatted for ``lang``, in that language's order."""
    works_side_by_side: Callable[[Article], list[CitedWork]]
    """``works_side_by_side(article)``: the works an article cites, each with its
    Russian and English entries (``.ru``, ``.en``), to print on one row."""
    reader_bibliography: Callable[[], list[CitedWork]]
    """``reader_bibliography()``: the works all the articles cite, as ``works_side_by_side``;
    empty where one article's works cited already list them all (then the reader has
    no bibliography of its own)."""
    epub: bool
    """The screen templates are making the EPUB's XHTML documents."""
    ext: str
    """Extension of the screen pages: ``.html``, or ``.xhtml`` in the EPUB."""
    pages: tuple[Page, ...]
    """The pages of the screen edition being made, in reading order (none in print)."""
    font_folder: str
    """Folder of the font files and their licence, beside the screen pages."""
    font_licences: tuple[FontLicence, ...]
    """The licences of the typefaces the edition sets (the text's; the code's when it has code)."""
    mono: str
    """The monospaced family's name, for code."""
    how_to_cite: Callable[[Lang], EditionReference]
    """``how_to_cite(lang)``: the reference to this edition and version in ``lang``'s style
    (``.html()`` with the title in italics where the style wants them, ``.text()``)."""


class RefusedTemplate(jinja2.TemplateError):
    """A template that is not read: its name leaves the templates folder ('..'), its file
    lies outside the folder through a symbolic link, or it is not UTF-8 text. Not a
    ``TemplateNotFound``: an ``{% include ... ignore missing %}`` does not hide it."""

    def __init__(self, name: str, reason: str, hint: str) -> None:
        super().__init__(f"template {name!r} {reason}")
        self.name = name
        self.hint = hint


class FolderLoader(jinja2.FileSystemLoader):
    """Jinja's file loader kept inside its folder (Jinja's own follows symbolic links):
    a template whose file resolves outside the folder is refused before it is opened."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folder = folder

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        try:
            pieces = split_template_path(template)
        except jinja2.TemplateNotFound:
            raise RefusedTemplate(
                template,
                "is not looked up: its name leaves the templates folder ('..')",
                "templates are looked up inside the templates folder only: name a template by its path in the folder",
            ) from None
        path = self.folder.joinpath(*pieces)
        if (path.is_symlink() or path.exists()) and not is_within(path, self.folder):
            raise RefusedTemplate(
                template,
                "lies outside the templates folder (through a symbolic link); it is not read",
                "templates are read inside the templates folder only: put the template's own file there, not a link",
            )
        try:
            return super().get_source(environment, template)
        except jinja2.TemplateNotFound:
            raise
        except UnicodeDecodeError:
            raise RefusedTemplate(template, "is not UTF-8 text", "save it as UTF-8") from None
        except OSError as error:
            raise RefusedTemplate(template, f"cannot be read: {error.strerror}", "check the file's permissions") from None


@functools.lru_cache(maxsize=8)
def environment(templates: Path) -> jinja2.Environment:
    """The Jinja environment of a templates folder, one per process: a template is
    compiled once (Jinja reloads it when the file changes)."""
    env = jinja2.Environment(
        loader=FolderLoader(templates),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2", "xhtml.j2"), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["url"] = lambda path: Markup(Path(path).resolve().as_uri())
    env.filters["nobreak"] = keep_ranges_together
    env.filters["css_string"] = css_string
    env.filters["long_date"] = long_date
    env.filters["typeset"] = typeset  # ``{{ text | typeset("ru") }}``: the edition's typography
    return env


def template_problems(env: jinja2.Environment) -> list[Problem]:
    """A problem for every template of the folder (``*.j2``) that does not compile or is not read."""
    problems = []
    for name in env.list_templates(filter_func=lambda name: name.endswith(".j2")):
        try:
            env.get_template(name)
        except jinja2.TemplateError as error:
            problems.append(template_problem(error, env_folder(env), name))
    return problems


def keep_ranges_together(text: str) -> Markup:
    """Escaped ``text`` with number ranges such as ``1920–1923`` kept on one line."""
    return Markup(re.sub(r"(\d+\s?[–—-]\s?\d+)", r'<span class="nowrap">\1</span>', str(escape(text))))


MONTHS = {
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
}


def long_date(date: str, lang: str) -> str:
    """An ISO date written out as each language writes it: «22 ноября 2026 г.», "22 November 2026"
    (a date that is not a whole ISO date is left as it is)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(date))
    if not match or not 1 <= int(match.group(2)) <= 12:
        return str(date)
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    text = f"{day}\u00a0{MONTHS[lang][month - 1]} {year}"
    return text + "\u00a0г." if lang == "ru" else text


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return Markup(f'"{escaped}"')


BOOK_LINK = "x-edition:"
"""Scheme of a link from a front part to another part; made internal when the parts are joined."""


def context(edition: Edition, medium: Medium, part: PrintPart = PrintPart(), printed: tuple[PrintedPage, ...] = ()) -> TemplateContext:
    citations = citation_formatter(edition)
    numbers = dict(part.page_numbers)
    mono = sets_code(edition)

    @functools.cache  # each list is asked for by several pages
    def cited(article: Article | None, lang: Lang) -> list[Work]:
        return works_cited(edition, citations, article, lang)

    @functools.cache
    def side_by_side(article: Article | None) -> list[CitedWork]:
        return works_side_by_side(edition, citations, article) if article is not None else reader_bibliography(edition, citations)

    return TemplateContext(
        edition=edition,
        config=edition.config,
        articles=edition.articles if part.articles is None else part.articles,
        version=__version__,
        fonts=font_faces(mono=mono),
        paper_size=PAPER_SIZES[edition.config.layout.paper],
        renderer=lambda article: InlineRenderer(article, medium, citations),
        note_id=note_id,
        call_id=call_id,
        runs=_authors_translation_runs,
        unlabelled_abstract=_unlabelled_abstract,
        printed_pages=printed,
        short_title=lambda article, lang: (article.meta.title_short or article.meta.title).get(lang),
        plain=plain_text,
        has_notes=lambda row: any(note_labels(b) for b in (row.ru, row.en) if b is not None),
        row_id=row_id,
        spread=spread,
        back_ids=back_ids,
        page_breaks=part.layout.breaks,
        page_ref_id=page_ref_id,
        rows=lambda article: print_rows(article, part.layout),
        spreads=lambda article: facing_spreads(print_rows(article, part.layout), part.layout.breaks),
        beside=beside,
        side_block=side_block,
        side_id=side_id,
        pads=dict(part.layout.pads),
        blanks=dict(part.layout.blanks),
        part=part.kind,
        link=lambda anchor: f"{BOOK_LINK}{anchor}" if part.kind == "front" else f"#{anchor}",
        toc_page=lambda anchor: str(numbers.get(anchor, "")),
        folio_pages=part.folio_pages,
        folio_numbers=part.folio_numbers,
        first_page=part.folio_numbers[0][1],
        works_cited=cited,
        works_side_by_side=side_by_side,
        reader_bibliography=lambda: side_by_side(None),
        epub=medium == "epub",
        ext=".xhtml" if medium == "epub" else ".html",
        pages=screen_pages(edition, medium == "epub") if medium != "print" else (),
        font_folder=FONT_FOLDER,
        font_licences=font_licences(mono=mono),
        mono=MONO,
        how_to_cite=lambda lang: how_to_cite(edition.config, lang),
    )


def sets_code(edition: Edition) -> bool:
    """Whether the edition has code to set (a code block, `code` in a line): only then are
    its pages given the monospaced family, and the screen editions its files."""
    for article in edition.articles:
        blocks = [b for s in article.segments for b in (s.ru, s.en) if b is not None]
        if any(b.kind == "code" for b in blocks):
            return True
        paragraphs = [p for b in blocks for p in b.paragraphs] + [p for n in article.notes for p in n.paragraphs]
        if any(isinstance(i, Code) for p in paragraphs for i in walk(p)):
            return True
    return False


def citation_formatter(edition: Edition) -> Formatter:
    """The edition's citation formatter: one per bibliography and styles in a process,
    so that a reference formatted once is not formatted again."""
    config = edition.config
    return _formatter(edition.bibliography, Styles.of(config))


@functools.lru_cache(maxsize=4)
def _formatter(entries: tuple[BibEntry, ...], styles: Styles) -> Formatter:
    return Formatter(entries, styles)


def render_template(env: jinja2.Environment, name: str, values: TemplateContext, **extra: Any) -> str:
    """Render one template; a template error becomes a :class:`RenderError`, which also
    tells of every other template of the folder that does not compile or is not read
    (looked for only then: compiling them all takes a third of a second)."""
    try:
        return env.get_template(name).render(**values, **extra)
    except EditionError:  # a problem of its own, found by a function the template called
        raise
    except Exception as error:  # a template that does not compile, or an error raised while it runs
        problem = template_problem(error, env_folder(env), name)
        raise RenderError([problem, *(other for other in template_problems(env) if other != problem)]) from None


def template_problem(error: BaseException, folder: Path, name: str) -> Problem:
    """The problem of ``error``, raised while template ``name`` of ``folder`` was compiled or
    run: at the template line to blame (an include's, for a template it names)."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        file = Path(error.filename) if error.filename else folder / name
        return Problem(f"template error: {error.message}", file, error.lineno, "fix the template syntax")
    frame = _template_frame(error, folder)
    file, line = frame if frame else (folder / name, None)
    if isinstance(error, RefusedTemplate):
        return Problem(str(error.message), file, line, error.hint)
    if isinstance(error, jinja2.TemplateNotFound):
        if frame is None:
            missing = folder / str(error.name).lstrip("/")
            return Problem(f"template {error.name!r} not found", missing, None, "restore it from the edition's templates/")
        return Problem(
            f"template {error.name!r} not found in the templates folder",
            file,
            line,
            f"templates are looked up inside the templates folder ({folder}) only: correct the name, or restore the template",
        )
    return Problem(f"template error: {type(error).__name__}: {error}", file, line, "check the variable or filter named here")


def compile_templates(env: jinja2.Environment, names: tuple[str, ...]) -> None:
    """Compile templates before they are used (before worker processes are forked);
    one that does not compile is left for :func:`render_template` to report."""
    for name in names:
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            pass


def env_folder(env: jinja2.Environment) -> Path:
    loader = env.loader
    assert isinstance(loader, FolderLoader)
    return loader.folder


def _template_frame(error: BaseException, folder: Path) -> tuple[Path, int] | None:
    """The innermost frame of the traceback that is a line of a template of ``folder``."""
    inside = os.path.normpath(folder)
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.lineno and not frame.filename.endswith(".py") and Path(frame.filename).is_relative_to(inside):
            return Path(frame.filename), frame.lineno
    return None


def _authors_translation_runs(article: Article) -> dict[str, bool]:
    starts: dict[str, bool] = {}
    previous = False
    for segment in article.segments:
        current = _is_authors(segment)
        starts[segment.anchor] = current and not previous
        previous = current
    return starts


def _unlabelled_abstract(article: Article) -> str:
    """The first segment of an abstract not headed by a heading marked ``.abstract``:
    some articles head their abstract, others do not; the edition heads both alike."""
    first = next((s for s in article.segments if "abstract" in _classes(s)), None)
    return first.anchor if first is not None and first.kind != "heading" else ""


def _classes(segment: Segment) -> frozenset[str]:
    return frozenset().union(*(b.classes for b in (segment.ru, segment.en) if b is not None))


def _is_authors(segment: Segment) -> bool:
    return segment.en is not None and "authors-translation" in segment.en.classes
