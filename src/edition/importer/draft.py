"""The draft written out: ``ru.md``, ``en.md`` and ``article.toml``; the report on it is report.py's.

The file of the main language holds every block of the article, with the note
calls as Pandoc footnotes and the note texts as printed, right after the
paragraph that calls them. The other file holds only what the raw text has in
that language (an abstract, say), each block paired with its counterpart; the
rest is the translator's, and ``edition check`` reports the difference in
blocks until the translation is written. Nothing stands in for missing text
but an editorial note for a call whose note text the raw text lacks, marked
as the editors' and listed in the report.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..model import OutputFile
from .findings import Finding, sorted_findings
from .hyphens import Hyphen
from .located import Located
from .notes import Call, NoteText
from .paragraphs import Layout
from .structure import Block, Meta, other, sentence_case, title_case

DRAFT_FILES = ("ru.md", "en.md", "article.toml")
REPORT_FILE = "import-report.md"
MISSING_NOTE = {
    "ru": "[Текст примечания в исходном тексте не найден.]{.editorial}",
    "en": "[The text of this note is not found in the source.]{.editorial}",
}


@dataclass(frozen=True)
class Draft:
    """Everything the importer made of a raw text."""

    lang: str
    """The article's main language."""
    source_name: str
    """The name of the file imported."""
    blocks: list[Block]
    meta: Meta
    note_texts: list[NoteText]
    notes: list[Located]
    """The text of each note of :attr:`note_texts`, lines joined."""
    calls: list[Call]
    hyphens: list[Hyphen]
    findings: list[Finding]
    layout: Layout

    @property
    def doubts(self) -> list[Finding]:
        """The places to check by hand."""
        return sorted_findings([f for f in self.findings if not f.sure])

    @property
    def changes(self) -> list[Finding]:
        """The changes made, for the record."""
        return sorted_findings([f for f in self.findings if f.sure])

    def in_main(self, block: Block) -> bool:
        return block.lang == self.lang or block.kind == "rule"

    def titles(self) -> dict[str, str]:
        """The titles found, set in sentence case (Russian) or title case (English)."""
        result = {}
        for lang, title in self.meta.title.items():
            texts = [b.text.text for b in self.blocks if b.lang == lang and b.kind == "paragraph"]
            result[lang] = (sentence_case if lang == "ru" else title_case)(title, texts)
        return result

    def files(self) -> dict[str, str]:
        """The draft's sources by name (:data:`DRAFT_FILES`; the report is ``report.render_report``)."""
        return {
            f"{self.lang}.md": main_markdown(self),
            f"{other(self.lang)}.md": other_markdown(self),
            "article.toml": article_toml(self),
        }


def write_draft(draft: Draft) -> list[OutputFile]:
    """The draft's sources, to be written into the article's folder."""
    return [OutputFile(Path(name), text.encode("utf-8")) for name, text in draft.files().items()]


# --- the Markdown files ----------------------------------------------------------------


def main_markdown(draft: Draft) -> str:
    """Every block of the main language, each note defined after the paragraph that calls it."""
    ids = pair_ids(draft)
    calls_in: dict[int, list[Call]] = {}
    for call in draft.calls:
        calls_in.setdefault(call.paragraph, []).append(call)
    texts = {n.number: t for n, t in zip(draft.note_texts, draft.notes, strict=True)}
    uncalled = set(texts) - {c.number for c in draft.calls}
    chunks: list[str] = []
    for index, block in enumerate(draft.blocks):
        if not draft.in_main(block):
            continue
        chunks.append(block_markdown(block, ids.get(index), calls_in.get(index, [])))
        numbers = [c.number for c in calls_in.get(index, [])]
        numbers += [n.number for n in draft.note_texts if n.number in uncalled and _last_paragraph_before(draft, n.line) == index]
        for number in numbers:
            note = escape(texts[number].text) if number in texts else MISSING_NOTE[draft.lang]
            chunks.append(f"[^{number}]: {note}")
    return "\n\n".join(chunks) + "\n" if chunks else ""


def other_markdown(draft: Draft) -> str:
    """The blocks in the other language, in the order of their counterparts."""
    ids = pair_ids(draft)
    found = sorted(
        (b.partner if b.partner is not None else i, i) for i, b in enumerate(draft.blocks) if not draft.in_main(b)
    )
    chunks = []
    for _, index in found:
        block = draft.blocks[index]
        classes = block.classes + (("authors-translation",) if block.lang == "en" else ())
        identifier = ids.get(block.partner) if block.partner is not None else None
        chunks.append(block_markdown(replace(block, classes=classes), identifier, []))
    return "\n\n".join(chunks) + "\n" if chunks else ""


def pair_ids(draft: Draft) -> dict[int, str]:
    """Identifiers of paired blocks, by the index of the main-language block; needed only
    when the pairs are not the first blocks of both files."""
    partners = sorted(b.partner for b in draft.blocks if not draft.in_main(b) and b.partner is not None)
    unpaired = any(not draft.in_main(b) and b.partner is None for b in draft.blocks)
    main = [i for i, b in enumerate(draft.blocks) if draft.in_main(b)]
    if not unpaired and partners == main[: len(partners)]:
        return {}
    return {partner: f"pair-{n}" for n, partner in enumerate(partners, start=1)}


def _last_paragraph_before(draft: Draft, line: int) -> int:
    """The last paragraph of the main language that starts before ``line``."""
    found = 0
    for index, block in enumerate(draft.blocks):
        if block.lang == draft.lang and block.kind == "paragraph" and block.line < line:
            found = index
    return found


def block_markdown(block: Block, identifier: str | None, calls: list[Call]) -> str:
    """A block as Markdown, its attributes and note calls written in."""
    parts = ([f"#{identifier}"] if identifier else []) + [f".{c}" for c in block.classes]
    attributes = "{" + " ".join(parts) + "}" if parts else ""
    if block.kind == "rule":
        return "***"
    if block.kind == "heading":
        text = escape(block.text.text).replace("{", "\\{")
        return f"## {text}" + (f" {attributes}" if attributes else "")
    pieces = []
    position = 0
    for call in sorted(calls, key=lambda c: c.start):
        pieces += [escape(block.text.text[position : call.start], at_start=position == 0), f"[^{call.number}]"]
        position = call.end
    pieces.append(escape(block.text.text[position:], at_start=position == 0))
    text = "".join(pieces)
    return f"{attributes}\n{text}" if attributes else text


_BLOCK_START = re.compile(r"^(?:#|>|\||%(?=\s)|[-+*](?=\s|$)|\d{1,9}(?=[.)](?:\s|$))|\{|=+\s*$)")


def escape(text: str, at_start: bool = True) -> str:
    """Text that Markdown reads back as the same text, never as markup."""
    text = re.sub(r"([\\`*_])", r"\\\1", text)
    text = re.sub(r"\[(?=[\^@])", r"\\[", text)
    text = re.sub(r"\](?=[({\[])", r"\\]", text)
    text = re.sub(r"<(?=[A-Za-z/!?])", r"\\<", text)
    text = re.sub(r"&(?=#?\w+;)", r"\\&", text)
    text = re.sub(r"(?<![\w.+-])@(?=\w)", r"\\@", text)  # a narrative citation
    text = re.sub(r"([$^~])", r"\\\1", text)  # a formula, super- and subscripts, struck-through text
    if at_start and (match := _BLOCK_START.match(text)):
        end = match.end()
        if text[:1].isdigit():
            return text[:end] + "\\" + text[end:]
        return "\\" + text
    return text


# --- article.toml ---------------------------------------------------------------------


def article_toml(draft: Draft) -> str:
    """The titles and keywords found; what is missing, as comments."""
    from_raw_en = other(draft.lang) == "en"  # English from the raw text is the authors' own
    titles = draft.titles()
    lines = [f"# Drafted by `edition import` from {draft.source_name}; see {REPORT_FILE}.", "", "[title]"]
    for lang in ("ru", "en"):
        if lang in titles:
            lines.append(f"{lang} = {_toml_string(titles[lang])}")
        else:
            lines.append(f'# {lang} = ""   to be written: the raw text has no title in this language')
    if "en" in titles and from_raw_en:
        lines.append('en_by = "authors"')
    if draft.meta.keywords:
        lines += ["", "[keywords]"]
        for lang in ("ru", "en"):
            if lang in draft.meta.keywords:
                lines.append(f"{lang} = [{', '.join(_toml_string(k) for k in draft.meta.keywords[lang])}]")
            else:
                lines.append(f"# {lang} = []   to be written: the raw text has no keywords in this language")
        if "en" in draft.meta.keywords and from_raw_en:
            lines.append('en_by = "authors"')
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string
