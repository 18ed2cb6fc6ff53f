"""The sources stay pandoc's Markdown: pandoc reads each bundled and fixture ``.md``
and finds the blocks, in the same order, and the notes, citations and spans the edition finds.

Pandoc comes from ``pypandoc-binary``, a test dependency; without it these tests fail.
Where the edition's syntax is not pandoc's, the mapping is named (an attribute line,
a ``{.by-item}`` list, a ``{.document}`` fence); nothing else is made to agree.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from testing_utils import FIXTURES, ROOT

from edition.errors import Problem
from edition.model import Block, Cite, Editorial, LangText, SplitPoint
from edition.passes.inlines import walk
from edition.readers.markdown import read_markdown
from edition.readers.text import read_text

try:
    import pypandoc  # type: ignore[import-untyped]
except ImportError:  # reported by each test, as a failure
    pypandoc = None  # type: ignore[assignment]

FILES = sorted([*ROOT.glob("sources/*/*.md"), *FIXTURES.glob("**/*.md")])

EXTENSIONS = (
    "+footnotes",  # [^label] and its definition
    "+inline_notes",  # ^[text of the note]
    "+citations",  # [prefix @key, p. 5; @other] and @key says
    "+bracketed_spans",  # [words]{.editorial} and []{.split}
    "+header_attributes",  # ## Introduction {#intro}
    "+line_blocks",  # | verse, a telegram
    "+backtick_code_blocks+fenced_code_attributes",  # ```{.document}
    "-raw_html-native_divs-native_spans",  # README: "Raw HTML is not markup: it is printed as text"
)
"""The extensions of pandoc's Markdown the edition's syntax is made of, named (pandoc has
them on by default). ``commonmark_x`` has no citations, inline notes or line blocks."""
PANDOC_FORMAT = "markdown" + "".join(EXTENSIONS)

FENCE_ATTRIBUTES = re.compile(r"^(\{[^{}\n]*\})[ \t]*\n(`{3,}|~{3,})[ \t]*$", re.MULTILINE)
"""An attribute line before a fence that has none: the fence's own attributes, where
pandoc reads them (```{.document})."""
ATTRIBUTE_LINE = re.compile(r"^\{([^{}\n]*)\}[ \t]*$", re.MULTILINE)
"""``{#id .class}`` on a line of its own before a block: commonmark_x's block attributes,
which pandoc's Markdown does not have (it would read the line as the start of a paragraph)."""
MARKER = "attribute-line"
"""The class of the empty div that stands for an attribute line in what pandoc reads: a
block of its own, as the line is for the edition (it ends a list above it), then left out."""

PANDOC_KINDS = {
    "Para": "paragraph",
    "Plain": "paragraph",
    "Header": "heading",
    "BlockQuote": "quote",
    "BulletList": "list",
    "OrderedList": "list",
    "HorizontalRule": "rule",
    "LineBlock": "verse",
    "Table": "table",
    "Figure": "figure",
    "CodeBlock": "code",
}
"""Pandoc's blocks under the edition's names; any other block keeps pandoc's name, which
no edition block has (a table, a figure, code, a div), so that it counts as a difference."""


def pandoc() -> ModuleType:
    """pypandoc, with its pandoc; a failure (not a skip) when it is missing."""
    if pypandoc is None:
        pytest.fail("pypandoc-binary is a test dependency: pip install -e '.[test]'")
    try:
        pypandoc.get_pandoc_version()
    except OSError:
        pytest.fail("pypandoc finds no pandoc: install pypandoc-binary, which ships it")
    return pypandoc


def pandoc_ast(text: str) -> dict[str, Any]:
    text = FENCE_ATTRIBUTES.sub(r"\2\1", text)
    text = ATTRIBUTE_LINE.sub(rf"::: {{\1 .{MARKER}}}\n:::", text)
    return json.loads(pandoc().convert_text(text, "json", format=PANDOC_FORMAT))


def pandoc_kinds(blocks: list[dict[str, Any]]) -> list[str]:
    """The kinds of the document's top-level blocks, in order."""
    kinds: list[str] = []
    for block in blocks:
        if block["t"] == "Div" and MARKER in block["c"][0][1] and not block["c"][1]:
            continue  # an attribute line: the edition gives it to the block below
        kind = PANDOC_KINDS.get(block["t"], block["t"])
        if block["t"] == "CodeBlock" and "document" in block["c"][0][1]:
            kind = "verse"  # ```{.document}, a transcription: the edition sets it as verse
        kinds.append(kind)
    return kinds


def nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every element of pandoc's AST under ``value``, a note's content included."""
    if isinstance(value, dict):
        if "t" in value:
            yield value
        for item in value.values():
            yield from nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from nodes(item)


def pandoc_counts(ast: dict[str, Any]) -> Counter[str]:
    counts: Counter[str] = Counter(pandoc_kinds(ast["blocks"]))
    for node in nodes(ast["blocks"]):
        if node["t"] == "Note":
            counts["notes"] += 1
        elif node["t"] == "Cite":
            counts["citation items"] += len(node["c"][0])
        elif node["t"] == "Span" and "split" in node["c"][0][1]:
            counts["split markers"] += 1
        elif node["t"] == "Span" and "editorial" in node["c"][0][1]:
            counts["editorial spans"] += 1
    return counts


def edition_kinds(blocks: tuple[Block, ...]) -> list[tuple[str, int]]:
    """The kinds of the edition's blocks, in order, each with its line."""
    kinds: list[tuple[str, int]] = []
    for block in blocks:
        if block.kind == "list" and block.places and block.places[0].path[0] > 0:
            continue  # {.by-item}: a block per item, the list's second and later items
        kinds.append((block.kind, block.location.line))
    return kinds


def edition_counts(text: LangText) -> Counter[str]:
    counts: Counter[str] = Counter(kind for kind, _ in edition_kinds(text.blocks))
    notes = {note.label: note for note in text.notes}
    # pandoc puts a note's text where it is called: what a note holds counts at each call
    called = [notes[label] for label, _ in text.calls if label in notes]
    counts["notes"] = len(called)
    paragraphs = [p for block in text.blocks for p in block.paragraphs]
    paragraphs += [p for note in called for p in note.paragraphs]
    for inline in (i for paragraph in paragraphs for i in walk(paragraph)):
        if isinstance(inline, Cite):
            counts["citation items"] += len(inline.items)
        elif isinstance(inline, SplitPoint):
            counts["split markers"] += 1
        elif isinstance(inline, Editorial):
            counts["editorial spans"] += 1
    return counts


def first_difference(ours: list[tuple[str, int]], theirs: list[str]) -> str:
    """Where the two readings part, at the line of the edition's block."""
    for index, (kind, line) in enumerate(ours):
        if index >= len(theirs) or theirs[index] != kind:
            found = theirs[index] if index < len(theirs) else "nothing"
            return f"block {index + 1} (line {line}): the edition reads {kind}, pandoc {found}"
    if len(theirs) > len(ours):
        return f"block {len(ours) + 1}: pandoc reads {theirs[len(ours)]}, the edition nothing"
    return "the blocks agree"


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(ROOT).as_posix() for p in FILES])
def test_pandoc_reads_what_the_edition_reads(path: Path, caplog: pytest.LogCaptureFixture) -> None:
    problems: list[Problem] = []
    text = read_text(path, problems)
    if text is None:  # refused (tests/fixtures/broken/sources/encoding): pandoc finds it is not UTF-8 too
        assert "not UTF-8" in problems[0].message
        pandoc().convert_file(str(path), "json", format=PANDOC_FORMAT)
        assert "is not UTF-8 encoded" in caplog.text
        return
    ours, refused = read_markdown(path, "ru" if path.stem == "ru" else "en", text)
    ast = pandoc_ast(text)
    kinds, theirs = edition_kinds(ours.blocks), pandoc_kinds(ast["blocks"])
    reported = "".join(f"; the edition reports line {p.line}: {p.message}" for p in refused)
    assert [kind for kind, _ in kinds] == theirs, first_difference(kinds, theirs) + reported
    assert edition_counts(ours) == pandoc_counts(ast), reported


EVERY_CONVENTION = """\
## Введение {#intro .abstract}

{.unpaired}
[Слова редакции]{.editorial} и текст, []{.split}разделённый.[^a] Ещё раз.[^a]

[^a]: Первый абзац [Цит. по: @gorlov2001, с. 76; @zeidler1993].

    Второй абзац.

Как пишет @gorlov2001 [с. 5], и как сказано^[Примечание с [@herriot1958, p. 147].] [1, с. 384].

> Цитата.[^b]

[^b]: Текст.

3. Третий.

   Его второй абзац.

   - вложенный
   - список
4. Четвёртый.

{.by-item}
1. Статья первая.
2. Статья вторая.
3. Статья третья.

| БЕРЛИН ЧИЧЕРИНУ
|     СРОЧНО

```{.document}
ДОГОВОР
    ПОДПИСАН
```

{.document}
~~~
Москва.
~~~

```python
print("Договор подписан")
```

Table: Поставки {#tbl-deliveries}

| Год  | Винтовки |
|:-----|---------:|
| 1922 | 1 000    |

+------+---------+
| Год  | Пулемёты|
+======+=========+
| 1923 | 20      |
+------+---------+

![Карта Рура](ruhr.png){#fig-ruhr}

***
"""
"""Every construct README's source format documents, the edition's conventions among them."""


def test_every_convention_is_mapped() -> None:
    ours, problems = read_markdown(Path("ru.md"), "ru", EVERY_CONVENTION)
    assert problems == []
    ast = pandoc_ast(EVERY_CONVENTION)
    kinds = [kind for kind, _ in edition_kinds(ours.blocks)]
    assert kinds == pandoc_kinds(ast["blocks"]) == [
        "heading", "paragraph", "paragraph", "quote", "list", "list", "verse", "verse", "verse",
        "code", "table", "table", "figure", "rule",
    ]
    assert len([b for b in ours.blocks if b.kind == "list"]) == 4  # the {.by-item} list: a block per item
    counts = pandoc_counts(ast)
    assert edition_counts(ours) == counts
    assert (counts["notes"], counts["citation items"], counts["split markers"], counts["editorial spans"]) == (4, 6, 1, 1)


def test_a_difference_is_told() -> None:
    """The comparison is not blind: a note and a heading that the other reading has not."""
    ours, _ = read_markdown(Path("ru.md"), "ru", "## Раздел\n\nТекст.[^a]\n\n[^a]: Примечание [@key].\n")
    ast = pandoc_ast("Текст.\n")
    kinds = edition_kinds(ours.blocks)
    assert first_difference(kinds, pandoc_kinds(ast["blocks"])) == (
        "block 1 (line 1): the edition reads heading, pandoc paragraph"
    )
    difference = edition_counts(ours) - pandoc_counts(ast)
    assert difference == {"heading": 1, "notes": 1, "citation items": 1}
