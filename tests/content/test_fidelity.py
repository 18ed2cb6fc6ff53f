"""The cleaned Russian sources hold exactly the words of the raw text they were made from.

Both sides are reduced to lowercase words (line-break hyphens joined, all
hyphens removed, footnote numbers stripped from the raw text) and counted.
Every word of ``original.txt`` must be in the sources as often as it is in
the original, apart from the reviewed debris list of
``tests/fixtures/fidelity/<slug>.toml`` and the note texts of
``tests/fixtures/notes/<slug>.toml`` (the notes of the sources are
citations, generated from the bibliography). Every Russian word of the
sources must be in the original, apart from the listed corrections; the
edition's own words (``[...]{.editorial}``, one-language editorial blocks)
are not the authors' and are left out.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter

import pytest
from testing_utils import FIXTURES, ROOT

from edition.model import Cite, Editorial, Emph, Inlines, Link, Strong, Text
from edition.readers.article import read_article

SOURCES = ROOT / "sources"
ARTICLES = sorted(p.parent.name for p in SOURCES.glob("*/original.txt"))

_WORD = re.compile(r"(?:[^\W\d_]|-)+|\d+")
_CYRILLIC = re.compile(r"[а-яё]")


def tokens(text: str) -> list[str]:
    text = re.sub(r"-[ \t]*\n\s*", "-", text.lower())
    return [w for w in (t.replace("-", "") for t in _WORD.findall(text)) if w]


def flatten(lines: list[str]) -> tuple[str, list[int]]:
    """The raw lines as one string with hyphens dropped and whitespace folded;
    and where each line starts in it."""
    text = ""
    starts: list[int] = []
    for line in lines:
        starts.append(len(text))
        piece = fold(line)
        if piece:
            text += " " + piece
    return text, starts


def fold(text: str) -> str:
    """Whitespace folded, hyphens dropped (a hyphen between digits is a range: a space)."""
    text = re.sub(r"(?<=\d)-(?=\d)", " ", text)
    return re.sub(r"\s+", " ", text.replace("-", "")).strip()


def raw_tokens(original: str, removed: list[dict] | None = None, notes: list[dict] | None = None) -> list[str]:
    """Words of the raw text: note bodies, reviewed debris and footnote numbers taken out.

    Line-end hyphens and all other hyphens are dropped, so a word broken across
    a line, or across a page with the notes printed between its halves, is one
    word again.
    """
    lines = original.split("\n")
    for start, end in _note_lines(lines, notes or []):
        for index in range(start, end):
            lines[index] = ""
    lines = [re.sub(r"^(\s*)\d{1,2}(?=[^\d\s.,])", r"\1", line) for line in lines]
    joined: list[str] = []
    last = -1  # the last line with text
    for line in lines:
        if last >= 0 and joined[last].rstrip().endswith("-") and line.strip():
            # the rest of a broken word goes back to its line; the line keeps the rest
            rest, _, line = line.strip().partition(" ")
            joined[last] = joined[last].rstrip()[:-1] + rest
        joined.append(line)
        if joined[-1].strip():
            last = len(joined) - 1
    # keep one entry per raw line, so that line numbers still point into the text
    text, starts = flatten(joined)
    for entry in removed or []:
        target = fold(entry["text"])
        at = text.find(target, starts[entry["line"] - 1] if entry["line"] - 1 < len(starts) else 0)
        assert at >= 0, f"debris entry of line {entry['line']} not found in original.txt: {entry['text']!r}"
        text = text[:at] + " " * len(target) + text[at + len(target) :]  # offsets stay valid
    text = re.sub(r"(?<=[^\s\d(\[№–—])\d{1,2}(?=[\s.,;:!?)»…]|$)", "", text)
    return tokens(text)


def _note_lines(lines: list[str], notes: list[dict]) -> list[tuple[int, int]]:
    """0-based line ranges of the note bodies printed at page bottoms."""
    starts = sorted(n["source_line"] - 1 for n in notes)
    ranges = []
    for position, start in enumerate(starts):
        end = start + 1
        stop = starts[position + 1] if position + 1 < len(starts) else len(lines)
        while end < stop and not lines[end].startswith(" "):  # a page continues with a space
            end += 1
        ranges.append((start, end))
    return ranges


def authors_text(inlines: Inlines) -> str:
    """The words of inline content that are the authors': not the edition's editorial words."""
    parts = []
    for item in inlines:
        if isinstance(item, Text):
            parts.append(item.text)
        elif isinstance(item, Emph | Strong | Link):
            parts.append(authors_text(item.children))
        elif isinstance(item, Cite):
            parts.extend(f"{i.prefix} {i.label_as_written} {i.locator} {i.suffix}" for i in item.items)
        elif isinstance(item, Editorial):
            continue
        parts.append(" ")
    return "".join(parts)


def source_tokens(slug: str) -> list[str]:
    source, problems = read_article(SOURCES / slug)
    assert problems == [] and source is not None
    texts = [source.meta.title.ru]
    if source.meta.keywords_ru_by == "authors":
        texts.extend(source.meta.keywords_ru)
    if source.meta.title_en_by == "authors":
        texts.append(source.meta.title.en)
    if source.meta.keywords_en_by == "authors":
        texts.extend(source.meta.keywords_en)
    for block in source.ru.blocks:
        texts.extend(authors_text(p) for p in block.paragraphs)
    for block in source.en.blocks:
        if "authors-translation" in block.classes:
            texts.extend(authors_text(p) for p in block.paragraphs)
    for note in source.ru.notes:
        texts.extend(authors_text(p) for p in note.paragraphs)
    return [t for text in texts for t in tokens(text)]


def reviewed(slug: str) -> dict:
    path = FIXTURES / "fidelity" / f"{slug}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for entry in data.get("removed", []) + data.get("added", []):
        assert entry.get("reason", "").strip(), f"{path}: every entry needs a reason: {entry}"
    return data


def printed_notes(slug: str) -> list[dict]:
    path = FIXTURES / "notes" / f"{slug}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))["note"] if path.exists() else []


@pytest.mark.parametrize("slug", ARTICLES)
def test_no_word_of_the_original_is_lost(slug: str):
    original = (SOURCES / slug / "original.txt").read_text(encoding="utf-8")
    expected = Counter(raw_tokens(original, reviewed(slug).get("removed", []), printed_notes(slug)))
    found = Counter(source_tokens(slug))
    missing = {word: count - found[word] for word, count in expected.items() if count > found[word]}
    assert missing == {}, f"words of original.txt missing from the sources of {slug}"


@pytest.mark.parametrize("slug", ARTICLES)
def test_no_russian_word_is_added(slug: str):
    original = set(raw_tokens((SOURCES / slug / "original.txt").read_text(encoding="utf-8")))
    for note in printed_notes(slug):
        original.update(tokens(note["printed"]))
    allowed = {t for entry in reviewed(slug).get("added", []) for t in tokens(entry["text"])}
    added = sorted({t for t in source_tokens(slug) if _CYRILLIC.search(t) and t not in original and t not in allowed})
    assert added == [], f"Russian words in the sources of {slug} that are not in original.txt"


@pytest.mark.parametrize("slug", ARTICLES)
def test_corrections_are_listed_in_the_edition(slug: str):
    source, _ = read_article(SOURCES / slug)
    assert source is not None
    listed = {t for c in source.meta.corrections for t in tokens(c.corrected)}
    for entry in reviewed(slug).get("added", []):
        assert set(tokens(entry["text"])) <= listed, f"{entry['text']!r} is added but not among the article's [[corrections]]"


def test_the_original_is_kept_unchanged():
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"the raw seeds are not beside the project ({seeds})")
    by_text = {p.read_bytes(): p.name for p in seeds.glob("*.txt")}
    for slug in ARTICLES:
        assert (SOURCES / slug / "original.txt").read_bytes() in by_text, slug


def test_the_raw_text_reduction():
    raw = "«Райхсвер 1920 – 1933»1 и Герма-\n10Горлов С. А. Указ.соч. С. 76.\n нии.10 Дважды дважды\nбыло."
    notes = [{"source_line": 2, "printed": "Горлов С. А. Указ. соч. С. 76."}]
    removed = [{"line": 3, "text": "дважды", "reason": "printed twice"}]
    assert raw_tokens(raw, removed, notes) == ["райхсвер", "1920", "1933", "и", "германии", "дважды", "было"]
    assert tokens("Герма-\nнии и германо-\n советских") == ["германии", "и", "германосоветских"]
