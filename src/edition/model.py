"""The document model: the one contract between readers, passes and renderers.

Every value is a frozen dataclass. Readers build them from files, passes
return new values (``dataclasses.replace``), renderers read them. Nothing here
imports from the rest of the package, and an :class:`Article` carries all it
needs to be rendered on its own: there is no state shared between articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Union

if TYPE_CHECKING:  # a name for type checkers only: the model imports nothing at run time
    from .errors import Problem

Lang = Literal["ru", "en"]
CitationKind = Literal["note", "author-date", "numeric"]
"""How a CSL style cites: in notes, or in the text by author and date, or by number."""
LANGS: tuple[Lang, Lang] = ("ru", "en")


@dataclass(frozen=True)
class Location:
    """A place in a source file."""

    file: Path
    line: int
    """1-based."""


@dataclass(frozen=True)
class Bilingual:
    """A short text given in both languages."""

    ru: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.ru if lang == "ru" else self.en


# --- inline content -------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Editorial:
    """Words added by the editors of this edition, not by the authors."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Link:
    children: tuple[Inline, ...]
    url: str


@dataclass(frozen=True)
class Image:
    src: str
    """As written in the source; resolved against the article folder."""
    alt: str


@dataclass(frozen=True)
class LineBreak:
    """A hard line break."""


@dataclass(frozen=True)
class NoteRef:
    """A footnote call. The note itself lives in :attr:`Article.notes`."""

    label: str
    number: int = 0
    """Per-article number, set by the note-numbering pass."""


@dataclass(frozen=True)
class CiteItem:
    """One work cited inside a citation: ``[prefix @key, locator suffix]``."""

    key: str
    prefix: str = ""
    locator_label: str = ""
    """Normalised locator term: ``page``, ``volume``, ``folio``, ``number``,
    ``chapter``, ``section``; empty when there is no locator."""
    locator: str = ""
    """The locator's value as written, e.g. ``150 – 152``."""
    label_as_written: str = ""
    """The label as the source wrote it, e.g. ``С.`` or ``p.``."""
    suffix: str = ""
    position: str = ""
    """``first``, ``subsequent``, ``ibid`` or ``ibid-with-locator`` within its
    article and language; set by the citation pass."""
    number: int = 0
    """The work's number in its article and language, in the order of first
    citation (what a numeric style prints); set by the citation pass."""
    suppress_author: bool = False
    """``[-@key]``: the author is not printed (named in the text already)."""
    prefix_inlines: tuple[Inline, ...] = ()
    """The prefix as Markdown makes it (``*see*``), when it has markup; else :attr:`prefix` is its text."""
    suffix_inlines: tuple[Inline, ...] = ()
    """The suffix as Markdown makes it, when it has markup."""


@dataclass(frozen=True)
class Cite:
    """A Pandoc citation ``[@a, с. 5; @b]``."""

    items: tuple[CiteItem, ...]
    source: str
    """The citation as written, without the brackets."""
    mode: Literal["", "narrative", "author"] = ""
    """``narrative``: ``@key says``, the author named in the text; ``author``: only the
    author's name (a narrative citation whose reference went into a note)."""


FloatKind = Literal["table", "figure"]


@dataclass(frozen=True)
class Ref:
    """A cross-reference to numbered tables or figures of the article (``@fig-ruhr``,
    ``[see @tbl-deliveries]``), as Quarto writes it; numbered by the floats pass."""

    kind: FloatKind
    targets: tuple[str, ...]
    """The ids referred to (``fig-ruhr``)."""
    numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class SplitPoint:
    """An editor's marker ``[]{.split}``: the pair may be split into rows here."""


@dataclass(frozen=True)
class CorrectionMark:
    """The sign after a corrected place of the text, linking to its entry in the article's
    list of corrections; set by the corrections pass."""

    number: int
    """The correction's number in that list (:attr:`Correction.number`)."""


Inline = Union[
    Text, Emph, Strong, Editorial, Code, Link, Image, LineBreak, NoteRef, Cite, Ref, SplitPoint, CorrectionMark
]
Inlines = tuple[Inline, ...]

# --- blocks ---------------------------------------------------------------

BlockKind = Literal["paragraph", "heading", "quote", "rule", "list", "verse", "code", "table", "figure"]


@dataclass(frozen=True)
class ListLevel:
    """One list of a list block: numbered or not, where its numbers start, tight or loose."""

    ordered: bool
    start: int = 1
    tight: bool = True
    """No blank line between its items: their text is not set as paragraphs."""


@dataclass(frozen=True)
class ListPlace:
    """Where a paragraph of a list block stands."""

    path: tuple[int, ...]
    """Its item in each list it is in, outermost first (0: a list's first item)."""
    lists: tuple[ListLevel, ...]
    """Those lists, outermost first."""


Align = Literal["", "left", "center", "right"]


@dataclass(frozen=True)
class TableShape:
    """How a table block's paragraphs make a table: its caption (if any) first,
    then its cells row by row, the header's rows first."""

    aligns: tuple[Align, ...]
    """Each column's alignment ("" when the source gives none)."""
    header: int
    """How many of its rows are header rows (0 or 1)."""
    rows: int
    """How many rows it has, the header's included."""
    caption: bool
    widths: tuple[int, ...] = ()
    """Each column's share of the table's width, in percent, from the length of its
    longest cell (set by the floats pass), so that every part of a table cut into
    rows of the layout has the same columns."""

    def cells(self, paragraphs: tuple[Inlines, ...]) -> list[tuple[Inlines, ...]]:
        """The rows of cells, the header's first."""
        cells = paragraphs[1:] if self.caption else paragraphs
        width = len(self.aligns)
        return [cells[row * width : (row + 1) * width] for row in range(self.rows)]


@dataclass(frozen=True)
class Block:
    """A paragraph, heading, block quote, list, verse, code, table, figure or thematic break of one language."""

    kind: BlockKind
    lang: Lang
    paragraphs: tuple[Inlines, ...]
    """Inline content: one entry for a paragraph or heading, one per inner
    paragraph for a block quote or a list (in reading order; :attr:`places`
    says in which item), none for a rule."""
    location: Location
    level: int = 0
    """Heading level (2 for a section, 3 for a subsection)."""
    id: str | None = None
    classes: frozenset[str] = frozenset()
    continued: bool = False
    """True for the second and later parts of a paragraph split into rows."""
    places: tuple[ListPlace, ...] = ()
    """For a list: where each of its paragraphs stands (its items and nested lists)."""
    table: TableShape | None = None
    """For a table: how its paragraphs (caption, cells) make the table."""
    image: Image | None = None
    """For a figure: its image; its caption is its paragraph."""
    number: int = 0
    """A table's or figure's number in its article (set by the floats pass; 0: not numbered)."""

    @property
    def unpaired(self) -> bool:
        return "unpaired" in self.classes


@dataclass(frozen=True)
class Note:
    """A footnote of one language, as defined in the source."""

    label: str
    lang: Lang
    paragraphs: tuple[Inlines, ...]
    location: Location
    number: int = 0
    """Per-article number, set by the note-numbering pass; the same for a note and its translation."""
    shown: int = 0
    """The number printed: the note's place among its language's notes. The same as
    :attr:`number` unless the other language has notes this one has not (a note made
    of a citation under a note style, a note of a one-language block)."""


@dataclass(frozen=True)
class LangText:
    """What the Markdown reader makes of one language file."""

    lang: Lang
    file: Path
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...]
    calls: tuple[tuple[str, Location], ...]
    """Every footnote call, in order, with where it stands."""


@dataclass(frozen=True)
class Row:
    """One row of the parallel layout: the blocks printed side by side."""

    ru: Block | None
    en: Block | None


@dataclass(frozen=True)
class Segment:
    """An aligned pair of blocks (or a block of one language only)."""

    ru: Block | None
    en: Block | None
    anchor: str
    """Identifier shared by both languages, e.g. ``p12`` or a heading id."""
    number: int | None = None
    """Paragraph number (§) within the article; None for headings and rules."""
    rows: tuple[Row, ...] = ()
    """The rows the pair is printed in; one row unless split."""

    @property
    def kind(self) -> BlockKind:
        block = self.ru or self.en
        assert block is not None
        return block.kind

    @property
    def unpaired(self) -> bool:
        return self.ru is None or self.en is None

    def block(self, lang: Lang) -> Block | None:
        return self.ru if lang == "ru" else self.en


@dataclass(frozen=True)
class Lookalike:
    """A character a correction replaced by one that looks the same (or an invisible one it
    removed or added): the list of corrections says in words what the eye cannot see."""

    old: str
    """The character of the original; "" when the correction added one."""
    new: str
    """The character of the corrected text; "" when the correction removed one."""
    old_kind: str
    """What the old character is: the script of a letter (``cyrillic``, ``latin``, ``greek``),
    ``digit``, or its name (``space``, ``no-break space``, ``hyphen``, ``en dash``...);
    ``U+2007`` for a character without a name here; "" when there is none."""
    new_kind: str
    """What the new character is, as :attr:`old_kind`."""


@dataclass(frozen=True)
class CorrectionPlace:
    """Where a corrected text stands in its article."""

    lang: Lang
    anchor: str
    """The anchor of its segment (``p12``); "" in a note."""
    paragraph: int | None = None
    """The segment's paragraph number (§); None for a heading."""
    note: int = 0
    """The number printed for the note it stands in; 0 when it stands in the text."""


@dataclass(frozen=True)
class Correction:
    """A change of the authors' words, listed in the edition."""

    original: str
    corrected: str
    line: int | None = None
    """Line in the article's original.txt."""
    location: Location | None = None
    """Where the entry is written in ``article.toml`` (its ``corrected`` key)."""
    number: int = 0
    """Its number in the article's list, in the order of the text (from 1); set by the
    corrections pass, as are :attr:`place` and :attr:`lookalikes`."""
    place: CorrectionPlace | None = None
    """Where the corrected text stands; None when it was not found."""
    lookalikes: tuple[Lookalike, ...] = ()
    """The characters it changed that look the same as the ones before."""


@dataclass(frozen=True)
class ArticleMeta:
    """What ``article.toml`` says of an article."""

    title: Bilingual
    title_en_by: Literal["authors", "translation"] = "translation"
    title_short: Bilingual | None = None
    """The title in the running heads, where the title is long."""
    authors: tuple[Bilingual, ...] = ()
    publication: Bilingual | None = None
    keywords_ru: tuple[str, ...] = ()
    keywords_en: tuple[str, ...] = ()
    keywords_ru_by: Literal["authors", "translation"] = "authors"
    keywords_en_by: Literal["authors", "translation"] = "translation"
    translation: Bilingual | None = None
    editorial_notes: tuple[Bilingual, ...] = ()
    corrections: tuple[Correction, ...] = ()
    mixed_script: tuple[str, ...] = ()
    """Words the sources check lets through although they mix scripts or stand in a
    text of another script (``[check] mixed_script``): the original means them so."""

    def keywords(self, lang: Lang) -> tuple[str, ...]:
        return self.keywords_ru if lang == "ru" else self.keywords_en


@dataclass(frozen=True)
class ArticleSource:
    """An article as read from its folder, before alignment."""

    slug: str
    folder: Path
    meta: ArticleMeta
    ru: LangText
    en: LangText

    def text(self, lang: Lang) -> LangText:
        return self.ru if lang == "ru" else self.en


@dataclass(frozen=True)
class Article:
    """One article of the reader, both languages, aligned and numbered."""

    slug: str
    folder: Path
    meta: ArticleMeta
    segments: tuple[Segment, ...]
    notes: tuple[Note, ...]
    """Notes of both languages, in order of number (ru before en)."""
    index: int = 0
    """1-based position in the reader; used in anchors (``a2-p12``)."""

    def note(self, lang: Lang, label: str) -> Note:
        for note in self.notes:
            if note.lang == lang and note.label == label:
                return note
        raise KeyError((lang, label))

    def notes_of(self, lang: Lang) -> tuple[Note, ...]:
        return tuple(n for n in self.notes if n.lang == lang)

    def headings(self) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.kind == "heading")


# --- bibliography -----------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A person's (or a body's) name, in parts."""

    family: str
    given: str = ""
    particle: str = ""
    """``von``, ``de``."""
    suffix: str = ""
    literal: bool = False
    """A body written in braces, ``{Архив Президента РФ}``: not to be split or abbreviated."""


@dataclass(frozen=True)
class BibEntry:
    """One entry of a ``.bib`` file, decoded, with its crossref parent's fields inherited."""

    key: str
    type: str
    """Entry type, lowercase: ``book``, ``incollection``..."""
    fields: tuple[tuple[str, str], ...]
    """(name, value) pairs of the plain fields, names lowercase."""
    location: Location
    names: tuple[tuple[str, tuple[Name, ...]], ...] = ()
    """(role, people): ``author``, ``editor``, ``translator``, ``bookauthor``."""
    lines: tuple[tuple[str, int], ...] = ()
    """(field, line) where each field is written."""
    parent: str = ""
    """Key of the crossref parent whose fields were inherited."""

    def get(self, name: str, default: str = "") -> str:
        for key, value in self.fields:
            if key == name:
                return value
        return default

    def people(self, role: str) -> tuple[Name, ...]:
        for key, value in self.names:
            if key == role:
                return value
        return ()

    def line_of(self, field: str) -> int:
        for key, line in self.lines:
            if key == field:
                return line
        return self.location.line


# --- the reader -----------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One version of the changelog and what changed in it."""

    version: str
    date: str = ""
    """Release date of that version (ISO 8601), when given."""
    items: tuple[str, ...] = ()
    """What changed, one entry each, as written."""


Paper = Literal["A4", "A5", "Letter"]
LayoutMode = Literal["columns", "facing"]


@dataclass(frozen=True)
class Layout:
    """Typographic options of the printed reader."""

    paper: Paper = "A4"
    font_size: float = 10.0
    """Body size in points."""
    paragraph_numbers: bool = True
    hyphenate: bool = True
    split_chars: int = 0
    """Longest side of a row, in characters, before a pair is split into
    several rows; 0 chooses by paper size."""
    mode: LayoutMode = "columns"
    """How print sets the two texts: side by side in two columns on every page,
    or facing, the Russian on the left-hand page and the English on the right."""


@dataclass(frozen=True)
class ReaderConfig:
    """A reader: which articles, in what order, how printed."""

    path: Path
    """The configuration file."""
    name: str
    """Stem of the output files, e.g. ``soviet-german-relations``."""
    title: Bilingual
    articles: tuple[str, ...]
    """Article folders under :attr:`sources`, in order."""
    sources: Path
    bibliography: Path
    templates: Path
    csl_ru: Path = Path("templates/csl/gost-r-7.0.5-2008-notes.csl")
    """The CSL style of the Russian side."""
    csl_en: Path = Path("templates/csl/chicago-notes-bibliography-17th.csl")
    """The CSL style of the English side."""
    cites_ru: CitationKind = "note"
    """How the Russian side's style cites."""
    cites_en: CitationKind = "note"
    """How the English side's style cites."""
    subtitle: Bilingual | None = None
    editor: Bilingual | None = None
    version: str = "0.1.0"
    date: str = ""
    """Date of this edition (ISO 8601), printed on the title page: the release date."""
    layout: Layout = field(default_factory=Layout)
    licence: Bilingual | None = None
    """The licence this edition is published under, printed in the colophon."""
    changelog: tuple[Change, ...] = ()
    """What changed in each version, newest first."""
    changelog_file: Path | None = None
    """The CHANGELOG file the changelog was read from, when it is not in the configuration."""
    publisher: Bilingual | None = None
    """Who publishes the edition, for the reference to it (how to cite)."""
    place: Bilingual | None = None
    """Where it is published, for the reference to it."""
    url: str = ""
    """Where it is published online, for the reference to it."""
    archive: Path | None = None
    """The folder releases are filed in; None: ``build/releases`` beside the configuration."""

    @property
    def root(self) -> Path:
        """The project folder: everything the build may read is inside it."""
        return self.path.parent

    @property
    def cites(self) -> dict[Lang, CitationKind]:
        """How each side's style cites."""
        return {"ru": self.cites_ru, "en": self.cites_en}


@dataclass(frozen=True)
class Edition:
    """The whole reader: configuration, articles and the works they cite."""

    config: ReaderConfig
    articles: tuple[Article, ...]
    bibliography: tuple[BibEntry, ...] = ()
    """The entries the articles cite, with what they inherit."""
    notices: tuple[Problem, ...] = ()
    """What the checks say once without stopping the build (a cited work's language taken from its title)."""


@dataclass(frozen=True)
class OutputFile:
    """A file the build makes: its path relative to the output folder, and its bytes."""

    path: Path
    data: bytes
