"""``edition import``: draft sources from text extracted from a PDF.

The raw text goes through small steps, each a function of the previous
step's values, and comes out as a draft article in the source format, with a
report of every place the importer was unsure of:

    raw text -> numbered lines (lines.py)
      -> page furniture removed (furniture.py)
      -> note texts taken from the page bottoms (notes.py)
      -> paragraphs, headings and title lines from the layout (paragraphs.py)
      -> lines joined, line-end hyphens decided (joining.py, hyphens.py)
      -> debris removed: repeated runs, glued years (debris.py)
      -> title, keywords, blocks by language, passages paired (structure.py)
      -> note calls linked to the note texts (notes.py)
      -> ru.md, en.md, article.toml and original.txt (draft.py)
      -> the report on the draft (report.py)

Only :func:`import_article` reads and writes files; the files are written
through the pipeline's atomic writer, and an existing source is overwritten
only when asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError, Problem, SourceError
from ..model import OutputFile
from ..pipeline import write_outputs
from ..readers.text import read_text
from .debris import find_echoes, find_mixed_letters, remove_repeats, restore_spaces
from .draft import DRAFT_FILES, REPORT_FILE, Draft, write_draft
from .findings import Finding
from .furniture import find_furniture, without
from .hyphens import Hyphen, Lexicon, uncertain
from .joining import join_lines
from .lines import RawLine, read_lines
from .located import Located
from .notes import check_links, find_calls, split_notes
from .paragraphs import Unit, measure_layout, split_units
from .report import write_report
from .structure import classify, pair_passages

LANGUAGES = ("ru", "en")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def draft_article(raw: str, lang: str, source_name: str = "original.txt") -> Draft:
    """The draft sources of an article from its raw text (``lang``: its main language)."""
    lines = read_lines(raw)
    furniture, found = find_furniture(lines)
    lines = without(lines, furniture)
    lexicon = Lexicon(lines)  # before the notes go: their words are evidence too
    body, note_texts = split_notes(lines)
    layout = measure_layout(body)
    units, found_in_layout = split_units(body, layout)
    texts, hyphens = _joined([u.lines for u in units], lexicon)
    texts, found_in_text = _cleaned(units, texts)
    blocks, meta, found_in_structure = classify(units, texts, lang)
    blocks, found_in_pairs = pair_passages(blocks, lang)
    notes, note_hyphens = _joined([n.lines for n in note_texts], lexicon)
    # calls are looked for once the paragraphs are whole: a call may follow a broken word
    calls = find_calls([b.text if b.kind == "paragraph" else Located("", ()) for b in blocks], {n.number for n in note_texts})
    findings = found + found_in_layout + found_in_text + found_in_structure + found_in_pairs
    findings += find_echoes([b.text for b in blocks if b.kind == "paragraph"])
    findings += check_links(calls, note_texts)
    findings += uncertain(hyphens + note_hyphens)
    return Draft(lang, source_name, blocks, meta, note_texts, notes, calls, hyphens + note_hyphens, findings, layout)


def _joined(groups: list[tuple[RawLine, ...]], lexicon: Lexicon) -> tuple[list[Located], list[Hyphen]]:
    """Each group of lines joined into one text; the hyphens decided on the way."""
    texts, hyphens = [], []
    for lines in groups:
        text, decided = join_lines(lines, lexicon)
        texts.append(text)
        hyphens += decided
    return texts, hyphens


def _cleaned(units: list[Unit], texts: list[Located]) -> tuple[list[Located], list[Finding]]:
    """Paragraphs without repeated runs, with the spaces lost before years; odd letters reported."""
    cleaned, findings = [], []
    for unit, text in zip(units, texts, strict=True):
        if unit.kind == "text":
            text, found = remove_repeats(text)
            findings += found
            text, found = restore_spaces(text)
            findings += found
            findings += find_mixed_letters(text)
        cleaned.append(text)
    return cleaned, findings


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_article` wrote and found."""

    written: list[Path]
    draft: Draft

    @property
    def report(self) -> Path:
        return next(p for p in self.written if p.name == REPORT_FILE)


def import_article(source: Path, lang: str, into: Path, force: bool = False) -> ImportResult:
    """Draft the sources of an article into the folder ``into`` from ``source``: a text
    file (UTF-8) extracted from a PDF, or a PDF, whose text is extracted here.

    Raises :class:`SourceError` when the input cannot be read, the folder name is
    not a slug, or (without ``force``) the folder already holds sources.
    """
    problems = _check_target(into, force)
    if lang not in LANGUAGES:
        problems.append(Problem(f"unknown language {lang!r}", hint="use ru or en"))
    raw, data = _read_source(source, problems)
    if problems or raw is None or data is None:
        raise SourceError(problems or [Problem("nothing to import", source)])
    draft = draft_article(raw, lang, source.name)
    outputs = [*write_draft(draft), write_report(draft), OutputFile(Path("original.txt"), data)]
    try:
        written = write_outputs(outputs, into)
    except OSError as error:
        raise OutputError.writing(into, error, "--into") from None
    return ImportResult(written, draft)


def _check_target(into: Path, force: bool) -> list[Problem]:
    problems = []
    if not _SLUG.match(into.name):
        problems.append(
            Problem(
                f"the folder name {into.name!r} is not a slug",
                into,
                hint="use lowercase ASCII letters, digits and hyphens, e.g. sources/ruhr-negotiations-1923",
            )
        )
    if into.exists() and not into.is_dir():
        problems.append(Problem("not a folder", into))
    elif into.is_dir() and not force:
        present = [name for name in (*DRAFT_FILES, "original.txt", REPORT_FILE) if (into / name).exists()]
        if present:
            problems.append(
                Problem(
                    f"the folder already holds {', '.join(present)}; nothing was written",
                    into,
                    hint="import into a new folder, or add --force to overwrite these files",
                )
            )
    return problems


def _read_source(source: Path, problems: list[Problem]) -> tuple[str | None, bytes | None]:
    """The raw text and the bytes to keep as ``original.txt``."""
    if not source.is_file():
        problems.append(Problem("file not found", source, hint="give the text extracted from the PDF, or the PDF"))
        return None, None
    if source.suffix.lower() == ".pdf":
        from .pdf import extract_text

        text = extract_text(source, problems)
        return text, text.encode("utf-8") if text is not None else None
    text = read_text(source, problems)
    if text is None:
        return None, None
    return text, source.read_bytes()


__all__ = ["Draft", "ImportResult", "draft_article", "import_article"]
