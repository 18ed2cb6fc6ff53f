"""Pandoc's test suite (jgm/pandoc, test/testsuite.txt), construct by construct, in texts of our own:
each is read into the model (and so printed in every format) or refused at its line, never
flattened into a paragraph that prints it as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.model import (
    Block,
    Code,
    Emph,
    Image,
    LineBreak,
    Link,
    NoteRef,
    Strong,
    Text,
)
from edition.passes.inlines import walk
from edition.readers.markdown import read_markdown

READ = "read"
REFUSED = "refused"

# (section of testsuite.txt, construct, Markdown, READ and the kinds of its blocks, or REFUSED and the line and words of the problem)
CASES = [
    ("Headers", "ATX level 2 and 3", "## Раздел\n\n### Подраздел *курсивом*\n", READ, ["heading", "heading"]),
    ("Headers", "ATX level 1", "# Заглавие\n", REFUSED, (1, "a level-1 heading")),
    ("Headers", "setext level 1", "Заглавие\n=======\n", REFUSED, (1, "a level-1 heading")),
    ("Headers", "setext level 2", "Раздел\n------\n", READ, ["heading"]),
    ("Paragraphs", "paragraphs and a soft break", "Первый\nабзац.\n\nВторой.\n", READ, ["paragraph", "paragraph"]),
    ("Paragraphs", "hard line breaks", "Строка\\\nещё строка  \nи третья.\n", READ, ["paragraph"]),
    ("Block Quotes", "a quote of two paragraphs", "> Цитата.\n>\n> Её второй абзац.\n", READ, ["quote"]),
    ("Block Quotes", "a quote in a quote", "> Цитата.\n>\n> > Вложенная.\n", REFUSED, (3, "inside a block quote")),
    ("Block Quotes", "a list in a quote", "> Цитата:\n>\n> 1. первое\n", REFUSED, (3, "inside a block quote")),
    ("Code Blocks", "indented code", "Абзац.\n\n    код\n", REFUSED, (3, "text indented by four spaces")),
    ("Code Blocks", "fenced code", "```\nкод\n   с отступом\n```\n", READ, ["code"]),
    ("Lists", "bulleted with *, + and -", "* один\n* два\n\n+ три\n\n- четыре\n", READ, ["list", "list", "list"]),
    ("Lists", "numbered, loose, nested", "1. Первый.\n\n2. Второй.\n\n   - вложенный\n", READ, ["list"]),
    ("Lists", "numbered from 3", "3. третий\n4. четвёртый\n", READ, ["list"]),
    ("Lists", "fancy markers: letters", "a. первый\nb. второй\n", REFUSED, (1, "numbered with letters")),
    ("Lists", "fancy markers: Roman", "Перечень:\ni.  первый\nii. второй\n", REFUSED, (2, "Roman numerals")),
    ("Lists", "fancy markers: (2)", "(2) второй\n(3) третий\n", REFUSED, (1, "(1)")),
    ("Lists", "autonumbering #.", "#. один\n#. два\n", REFUSED, (1, "#.")),
    ("Lists", "not a list: initials", "B. Williams\n\nM.A. 2007\n", READ, ["paragraph", "paragraph"]),
    ("Definition Lists", "a term and its definition", "яблоко\n:   красный плод\n", REFUSED, (1, "a definition list")),
    ("HTML Blocks", "a div, printed as text", "<div>\nфу\n</div>\n", READ, ["paragraph"]),
    ("Inline Markup", "emphasis and strong", "*курсив*, _и так_, **полужирный**, __и так__.\n", READ, ["paragraph"]),
    ("Inline Markup", "strikeout", "~~зачёркнуто~~\n", REFUSED, (1, "struck-through")),
    ("Inline Markup", "superscript", "a^bc^d\n", REFUSED, (1, "a superscript")),
    ("Inline Markup", "subscript", "H~2~O\n", REFUSED, (1, "a subscript")),
    ("Inline Markup", "not super- or subscripts", "a^b c^d, a~b c~d.\n", READ, ["paragraph"]),
    ("Inline Markup", "code spans", "Код: `>`, `$`, `\\`.\n", READ, ["paragraph"]),
    ("Smart quotes, ellipses, dashes", "as written", "«Ёлочки» и “лапки” — тире, 1922–1923…\n", READ, ["paragraph"]),
    ("LaTeX", "a formula", "Равенство $2+2=4$ верно.\n", REFUSED, (1, "a formula")),
    ("LaTeX", "dollars that are not math", "Цена ($20) и ($5); 23\\$.\n", READ, ["paragraph"]),
    ("LaTeX", "a LaTeX command, printed as text", "\\cite[22-23]{smith.1899}\n", READ, ["paragraph"]),
    ("Special Characters", "escapes and entities", "AT&T, \\*звёздочка\\*, \\_, \\`, § ©.\n", READ, ["paragraph"]),
    ("Links", "explicit, reference and automatic", "[сайт](https://example.org) и [ссылка][r] и <https://example.org>.\n\n[r]: https://example.org/r\n", READ, ["paragraph"]),
    ("Images", "an image alone: a figure", "![Луна](lalune.jpg)\n", READ, ["figure"]),
    ("Images", "an image in a line", "Картинка ![фильм](movie.jpg) в строке.\n", READ, ["paragraph"]),
    ("Footnotes", "a note, a note of two paragraphs, an inline note", "Текст[^1] и ещё[^long] и^[Внутреннее.].\n\n[^1]: Примечание.\n\n[^long]: Первый абзац.\n\n    Второй абзац.\n", READ, ["paragraph"]),
    ("Footnotes", "a note in a quote", "> Цитата.[^q]\n\n[^q]: Примечание к цитате.\n", READ, ["quote"]),
    ("Tables", "a pipe table with its caption", "| a | b |\n|--:|:-:|\n| 1 | 2 |\n\nTable: Подпись\n", READ, ["table"]),
    ("Tables", "a grid table", "+---+---+\n| a | b |\n+===+===+\n| 1 | 2 |\n+---+---+\n", READ, ["table"]),
    ("Line blocks", "verse", "| Строка\n|    с отступом\n", READ, ["verse"]),
    ("Title block", "% title", "% Заглавие\n% Автор\n\nТекст.\n", REFUSED, (1, "title block")),
]


@pytest.mark.parametrize(("section", "construct", "source", "outcome", "expected"), CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_each_construct_of_pandocs_test_suite_is_read_or_refused(section: str, construct: str, source: str, outcome: str, expected: object):
    text, problems = read_markdown(Path("ru.md"), "ru", source)
    if outcome == REFUSED:
        line, words = expected  # type: ignore[misc]
        assert [(p.line, words in p.message) for p in problems][:1] == [(line, True)], problems
    else:
        assert problems == []
        assert [b.kind for b in text.blocks] == expected


def inlines(source: str) -> list[object]:
    text, problems = read_markdown(Path("ru.md"), "ru", source)
    assert problems == []
    block: Block = text.blocks[0]
    return [item for paragraph in block.paragraphs for item in walk(paragraph)]


def test_what_is_read_keeps_what_pandoc_prints():
    assert sum(isinstance(i, LineBreak) for i in inlines("Строка\\\nещё строка  \nи третья.\n")) == 2
    items = inlines("*курсив*, _и так_, **полужирный**, __и так__.\n")
    assert [type(i) for i in items if not isinstance(i, Text)] == [Emph, Emph, Strong, Strong]
    assert [i.text for i in inlines("Код: `>`, `$`, `\\`.\n") if isinstance(i, Code)] == [">", "$", "\\"]
    assert [i.url for i in inlines("[сайт](https://example.org) и [ссылка][r] и <https://example.org>.\n\n[r]: https://example.org/r\n") if isinstance(i, Link)] == [
        "https://example.org",
        "https://example.org/r",
        "https://example.org",
    ]
    assert "AT&T, *звёздочка*, _, `, § ©." == "".join(i.text for i in inlines("AT&T, \\*звёздочка\\*, \\_, \\`, § ©.\n") if isinstance(i, Text))
    assert "\\cite[22-23]{smith.1899}" in "".join(i.text for i in inlines("\\cite[22-23]{smith.1899}\n") if isinstance(i, Text))
    assert [i for i in inlines("Картинка ![фильм](movie.jpg) в строке.\n") if isinstance(i, Image)] == [Image("movie.jpg", "фильм")]
    assert sum(isinstance(i, NoteRef) for i in inlines("Текст[^1] и^[Внутреннее.].\n\n[^1]: Примечание.\n")) == 2
