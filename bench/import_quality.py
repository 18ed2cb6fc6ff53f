"""Quality of `edition import`, measured against the hand-cleaned sources.

    python bench/import_quality.py

Imports both raw seeds (``sources/<slug>/original.txt``, byte-identical
copies of ``../shared/seeds/``) into a temporary folder and compares each
draft with the hand-cleaned Russian source of the same article (the answer
key), then prints, per seed:

- paragraph boundaries: the drafts' and the key's blocks are laid over each
  other by their words (lower case, hyphens left out, note calls removed);
  a boundary is where a block starts; precision, recall and F1;
- hyphenation: every line-end hyphen of the raw text (after a letter), with
  its continuation on the next line of text (across a page's notes), is
  looked up in both texts: joined (``Германии``) or hyphenated
  (``германо-советского``); agreement over the hyphens the key decides.
  The key's note texts are the printed notes of
  ``tests/fixtures/notes/<slug>.toml`` (its notes are citations);
- footnotes: a key call is recovered when the draft has a call with the same
  number after the same three words and the same punctuation, and the
  draft's note of that number is the printed note text (whitespace folded),
  or, for a note whose text the source lacks, the import report names the
  call as without text.

The tests in ``tests/importer/test_quality.py`` assert floors on these figures.
"""

from __future__ import annotations

import difflib
import re
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from edition.importer import Draft, import_article
from edition.model import (
    Cite,
    Editorial,
    Emph,
    Inlines,
    LineBreak,
    Link,
    NoteRef,
    Strong,
    Text,
)
from edition.readers.markdown import read_markdown

SLUGS = ("soviet-german-origins", "ruhr-negotiations-1923")
SOURCES = ROOT / "sources"
NOTES = ROOT / "tests" / "fixtures" / "notes"
CALL = "\ue000"
_WORD = re.compile(r"[^\W_]+")


@dataclass
class Quality:
    """The figures of one seed."""

    slug: str
    boundaries: tuple[int, int, int] = (0, 0, 0)
    """True positives, false positives, false negatives."""
    boundary_misses: list[str] = field(default_factory=list)
    hyphens_agreeing: int = 0
    hyphens_compared: int = 0
    hyphen_misses: list[str] = field(default_factory=list)
    hyphens_undecided: list[str] = field(default_factory=list)
    calls_in_key: int = 0
    calls_recovered: int = 0
    note_misses: list[str] = field(default_factory=list)
    doubts: int = 0

    @property
    def precision(self) -> float:
        tp, fp, _ = self.boundaries
        return tp / (tp + fp) if tp + fp else 1.0

    @property
    def recall(self) -> float:
        tp, _, fn = self.boundaries
        return tp / (tp + fn) if tp + fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def hyphen_agreement(self) -> float:
        return self.hyphens_agreeing / self.hyphens_compared if self.hyphens_compared else 1.0


# --- reading both sides -----------------------------------------------------------


def flatten(inlines: Inlines) -> str:
    """Inline content as text, each note call as CALL + label + CALL."""
    parts = []
    for item in inlines:
        if isinstance(item, Text):
            parts.append(item.text)
        elif isinstance(item, NoteRef):
            parts.append(f"{CALL}{item.label}{CALL}")
        elif isinstance(item, Emph | Strong | Editorial | Link):
            parts.append(flatten(item.children))
        elif isinstance(item, Cite):
            parts.append(f"[{item.source}]")
        elif isinstance(item, LineBreak):
            parts.append(" ")
    return "".join(parts)


@dataclass
class Side:
    """One side of the comparison: block texts, note texts, the whole text."""

    blocks: list[str]
    notes: dict[str, str]
    text: str


def read_side(folder: Path, extra_notes: dict[str, str] | None = None) -> Side:
    blocks, notes, texts = [], {}, []
    for lang in ("ru", "en"):
        path = folder / f"{lang}.md"
        if not path.exists():
            continue
        parsed, _ = read_markdown(path, lang, path.read_text(encoding="utf-8"))
        for block in parsed.blocks:
            text = " ".join(flatten(p) for p in block.paragraphs)
            texts.append(text)
            if lang == "ru" and block.kind != "rule":
                blocks.append(text)
        for note in parsed.notes:
            text = " ".join(flatten(p) for p in note.paragraphs)
            texts.append(text)
            if lang == "ru":
                notes[note.label] = text
    texts.extend((extra_notes or {}).values())
    return Side(blocks, notes, "\n".join(texts))


def printed_notes(slug: str) -> dict[str, str]:
    path = NOTES / f"{slug}.toml"
    if not path.exists():
        return {}
    return {str(n["number"]): n["printed"] for n in tomllib.loads(path.read_text(encoding="utf-8"))["note"]}


def words(text: str) -> list[str]:
    text = re.sub(f"{CALL}[^{CALL}]*{CALL}", " ", text)
    return [w.lower() for w in _WORD.findall(re.sub(r"[-\u2010]", "", text))]


# --- paragraph boundaries -----------------------------------------------------------


def block_starts(blocks: list[str]) -> tuple[list[str], list[int]]:
    tokens: list[str] = []
    starts = []
    for block in blocks:
        found = words(block)
        if found:
            starts.append(len(tokens))
            tokens.extend(found)
    return tokens, starts[1:]


def compare_boundaries(draft: Side, key: Side, quality: Quality) -> None:
    draft_tokens, draft_starts = block_starts(draft.blocks)
    key_tokens, key_starts = block_starts(key.blocks)
    to_key: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, draft_tokens, key_tokens, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            to_key[a + k] = b + k
    predicted = set()
    for start in draft_starts:
        mapped = next((to_key[i] for i in range(start, min(start + 5, len(draft_tokens))) if i in to_key), None)
        predicted.add(mapped if mapped is not None else -1 - start)
    truth = set(key_starts)
    quality.boundaries = (len(predicted & truth), len(predicted - truth), len(truth - predicted))
    for index in sorted(truth - predicted):
        quality.boundary_misses.append(f"missed: a paragraph starts at «{' '.join(key_tokens[index : index + 6])}…»")
    for index in sorted(predicted - truth):
        at = " ".join(key_tokens[index : index + 6]) if index >= 0 else "(words not in the key)"
        quality.boundary_misses.append(f"extra: the draft starts a paragraph at «{at}…»")


# --- hyphenation ----------------------------------------------------------------------

_NOTE_START = re.compile(r"^\s*\d{1,3}[^\W\d_]")


def hyphen_sites(raw: str) -> list[tuple[int, str, str, str]]:
    """(line, word before, left part, right part) of every line-end hyphen after a letter."""
    lines = raw.split("\n")
    sites = []
    for number, line in enumerate(lines, start=1):
        stripped = line.rstrip()
        if not re.search(r"[^\W\d_][-\u2010]$", stripped):
            continue
        following = _continuation(lines, number)
        left = re.search(r"([^\W\d_]+)[-\u2010]$", stripped)
        right = re.match(r"\s*([^\W\d_]+)", following or "")
        if left and right:
            before = re.findall(r"[^\W\d_]+", stripped[: left.start()])
            sites.append((number, before[-1] if before else "", left.group(1), right.group(1)))
    return sites


def _continuation(lines: list[str], number: int) -> str | None:
    """The next line of text after line ``number``, across the notes at a page's foot."""
    index = number
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index < len(lines) and _NOTE_START.match(lines[index]) and not _NOTE_START.match(lines[number - 1]):
        while index < len(lines) and not re.match(r" \S", lines[index]):
            index += 1
    return lines[index] if index < len(lines) else None


def decision(text: str, before: str, left: str, right: str) -> bool | None:
    """True: the text joins the word; False: it keeps the hyphen; None: cannot tell."""
    flat = re.sub(f"{CALL}[^{CALL}]*{CALL}", "", text)
    forms = {True: f"{left}{right}", False: f"{left}-{right}"}
    found = {join: re.search(rf"(?<![^\W\d_]){re.escape(form)}", flat) is not None for join, form in forms.items()}
    if found[True] != found[False]:
        return found[True]
    if before:
        near = {join: re.search(rf"{re.escape(before)}\W+{re.escape(form)}", flat) is not None for join, form in forms.items()}
        if near[True] != near[False]:
            return near[True]
    return None


def compare_hyphens(raw: str, draft: Side, key: Side, quality: Quality) -> None:
    for line, before, left, right in hyphen_sites(raw):
        expected = decision(key.text, before, left, right)
        got = decision(draft.text, before, left, right)
        if expected is None:
            quality.hyphens_undecided.append(f"line {line}: {left}-|{right}: the key does not tell")
            continue
        quality.hyphens_compared += 1
        if got == expected:
            quality.hyphens_agreeing += 1
        else:
            verdict = {True: "joined", False: "kept", None: "not found"}
            quality.hyphen_misses.append(f"line {line}: {left}-|{right}: key {verdict[expected]}, draft {verdict[got]}")


# --- footnotes ---------------------------------------------------------------------------


def calls_with_context(blocks: list[str]) -> dict[str, tuple[tuple[str, ...], str]]:
    """Each call's label -> (the three words before it, the punctuation between them and the call)."""
    found = {}
    for block in blocks:
        for match in re.finditer(f"{CALL}([^{CALL}]*){CALL}", block):
            before = re.sub(f"{CALL}[^{CALL}]*{CALL}", "", block[: match.start()])
            tail = re.search(r"[^\w]*$", before)
            punctuation = re.sub(r"\s+", " ", tail.group(0)) if tail else ""
            found[match.group(1)] = (tuple(words(before)[-3:]), punctuation)
    return found


def fold(text: str) -> str:
    return " ".join(text.split())


def compare_notes(result: Draft, draft: Side, key: Side, printed: dict[str, str], quality: Quality) -> None:
    key_calls = calls_with_context(key.blocks)
    draft_calls = calls_with_context(draft.blocks)
    reported = {
        m.group(1)
        for f in result.findings
        if f.topic == "note" and (m := re.match(r"call (\d+) has no note text", f.message))
    }
    quality.calls_in_key = len(key_calls)
    for label, context in sorted(key_calls.items(), key=lambda item: int(item[0]) if item[0].isdigit() else 0):
        if draft_calls.get(label) != context:
            quality.note_misses.append(f"call {label}: key after {context}, draft {draft_calls.get(label, 'no such call')}")
            continue
        if label in printed:
            if fold(draft.notes.get(label, "")) != fold(printed[label]):
                quality.note_misses.append(f"note {label}: the draft's text differs from the printed note: {draft.notes.get(label)!r}")
                continue
        elif label not in reported:
            quality.note_misses.append(f"call {label}: the source lacks its text, and the report does not say so")
            continue
        quality.calls_recovered += 1


# --- running -------------------------------------------------------------------------------


def measure(slug: str, workdir: Path) -> Quality:
    """Import the seed of ``slug`` into ``workdir`` and compare the draft with the key."""
    raw_path = SOURCES / slug / "original.txt"
    into = workdir / slug
    result = import_article(raw_path, "ru", into, force=True)
    printed = printed_notes(slug)
    key = read_side(SOURCES / slug, printed)
    draft = read_side(into)
    quality = Quality(slug, doubts=len(result.draft.doubts))
    compare_boundaries(draft, key, quality)
    compare_hyphens(raw_path.read_text(encoding="utf-8"), draft, key, quality)
    compare_notes(result.draft, draft, key, printed, quality)
    return quality


def measure_all() -> list[Quality]:
    with tempfile.TemporaryDirectory() as folder:
        return [measure(slug, Path(folder)) for slug in SLUGS]


def main() -> None:
    for quality in measure_all():
        tp, fp, fn = quality.boundaries
        print(f"{quality.slug}")
        print(
            f"  paragraph boundaries: F1 {quality.f1:.3f} (precision {quality.precision:.3f}, recall {quality.recall:.3f}; "
            f"{tp} found, {fp} extra, {fn} missed)"
        )
        print(
            f"  hyphenation: {quality.hyphens_agreeing}/{quality.hyphens_compared} decisions agree "
            f"({quality.hyphen_agreement:.1%}); {len(quality.hyphens_undecided)} not decided by the key"
        )
        print(f"  footnotes: {quality.calls_recovered}/{quality.calls_in_key} calls recovered with their note")
        print(f"  places to check in the report: {quality.doubts}")
        for miss in quality.boundary_misses + quality.hyphen_misses + quality.note_misses + quality.hyphens_undecided:
            print(f"    {miss}")


if __name__ == "__main__":
    main()
