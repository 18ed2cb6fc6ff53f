"""The draft's files: Markdown that reads back as the raw words, and sources the project reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.importer import draft_article
from edition.importer.draft import escape
from edition.importer.report import render_report
from edition.passes.inlines import plain_text
from edition.readers.article import read_article
from edition.readers.markdown import read_markdown


@pytest.mark.parametrize(
    "text",
    [
        "Текст со *звездочками* и _подчеркиванием_ и `кавычками`.",
        "Ссылки [13, с. 5] и [@key, с. 5] остаются текстом.",
        "1. Не список, а начало абзаца.",
        "12) Тоже не список.",
        "# Не заголовок",
        "> Не цитата",
        "- Не пункт списка",
        "+ И не этот",
        "{.не-атрибут} текст",
        "Не ссылка [текст](http://example.com) и не <b>разметка</b>, &amp; не сущность.",
        "Обратная косая черта \\ остается.",
        "[т.е. Советский Союз. – К.К.]…вмешаемся",
        "Как писал @gorlov2001 в письме на editor@example.org.",
        "Цена 5 $ и $x$, H~2~O, 2^10^, ~~так~~.",
        "| Не строка стиха",
        "% Не заглавие",
    ],
)
def test_escaped_text_reads_back_as_itself(tmp_path: Path, text: str):
    parsed, problems = read_markdown(tmp_path / "ru.md", "ru", escape(text) + "\n")
    assert problems == []
    (block,) = parsed.blocks
    assert block.kind == "paragraph"
    assert plain_text(block.paragraphs[0]) == text


RAW = """\
 ЗАГОЛОВОК СТАТЬИ О ПЕРЕГОВОРАХ

Первый абзац со ссылкой на источник1 и продолжением, которое тянется
до конца строки и дальше.2

1Горлов С. А. Совершенно секретно. М., 2001.
 Второй абзац начинается на новой странице и кончается здесь.3
"""


def test_a_draft_is_read_by_the_project(tmp_path: Path):
    draft = draft_article(RAW, "ru")
    folder = tmp_path / "draft"
    folder.mkdir()
    for name, text in draft.files().items():
        (folder / name).write_text(text, encoding="utf-8")
    source, problems = read_article(folder)
    assert source is not None
    # what the translator has to write: the English title, and the English text
    assert [p.message for p in problems] == ["title.en: missing", "the article has no text in this file"]
    assert [n.label for n in source.ru.notes] == ["1", "2", "3"]
    assert plain_text(source.ru.notes[0].paragraphs[0]) == "Горлов С. А. Совершенно секретно. М., 2001."
    assert "[Текст примечания в исходном тексте не найден.]" in (folder / "ru.md").read_text(encoding="utf-8")
    assert source.meta.title.ru == "Заголовок статьи о переговорах"


def test_the_report_names_every_place_to_check_by_its_line():
    report = render_report(draft_article(RAW, "ru"))
    assert "original.txt:4: [note] call 2 has no note text" in report
    assert "original.txt:7: [note] call 3 has no note text" in report
    assert "- The translation: en.md holds only what the raw text has in this language (0 blocks)" in report
