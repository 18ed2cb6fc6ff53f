"""Pairing Russian and English blocks, and numbering the pairs."""

from pathlib import Path

from edition.model import ArticleMeta, ArticleSource, Bilingual, Layout
from edition.passes import prepare_article
from edition.passes.inlines import plain_text
from edition.readers.markdown import read_markdown


def source(ru: str, en: str) -> ArticleSource:
    ru_text, problems_ru = read_markdown(Path("ru.md"), "ru", ru)
    en_text, problems_en = read_markdown(Path("en.md"), "en", en)
    assert problems_ru == problems_en == []
    return ArticleSource("t", Path("."), ArticleMeta(Bilingual("Т", "T")), ru_text, en_text)


def prepare(ru: str, en: str):
    return prepare_article(source(ru, en), 1, Layout())


def texts(article):
    return [
        (s.number, plain_text(s.ru.paragraphs[0]) if s.ru and s.ru.paragraphs else None,
         plain_text(s.en.paragraphs[0]) if s.en and s.en.paragraphs else None)
        for s in article.segments
    ]


def test_blocks_pair_in_order_and_paragraphs_are_numbered():
    article, problems = prepare("## Глава\n\nОдин.\n\n> Два.\n\n***\n\nТри.\n", "## Chapter\n\nOne.\n\n> Two.\n\n***\n\nThree.\n")
    assert problems == []
    assert texts(article) == [
        (None, "Глава", "Chapter"),
        (1, "Один.", "One."),
        (2, "Два.", "Two."),
        (None, None, None),
        (3, "Три.", "Three."),
    ]
    assert [s.anchor for s in article.segments] == ["s1", "p1", "p2", "b4", "p3"]


def test_an_unpaired_block_stands_alone_across_both_columns():
    article, problems = prepare("Один.\n\nДва.\n", "One.\n\n{.unpaired}\nTranslator's note.\n\nTwo.\n")
    assert problems == []
    assert texts(article) == [(1, "Один.", "One."), (2, None, "Translator's note."), (3, "Два.", "Two.")]
    assert article.segments[1].unpaired


def test_a_shared_id_resynchronises_the_pairing():
    ru = "Один.\n\nДва.\n\n{#x}\nТри.\n\nЧетыре.\n"
    en = "One.\n\n{#x}\nThree.\n\nFour.\n"
    article, problems = prepare(ru, en)
    assert len(problems) == 1
    assert "ru.md has 2 blocks and en.md has 1" in problems[0].message
    # after the shared id the pairing is right again
    assert texts(article)[-2:] == [(3, "Три.", "Three."), (4, "Четыре.", "Four.")]


def test_a_difference_is_shown_where_the_files_first_diverge():
    ru = "Первый абзац.\n\nВторой абзац о договоре.[^1]\n\nТретий.\n\n[^1]: Прим.\n"
    en = "First paragraph.\n\nThird.\n"
    _, problems = prepare(ru, en)
    divergence = [p for p in problems if "diverge" in p.message]
    assert len(divergence) == 1
    message = divergence[0].message
    assert "ru.md has 3 blocks and en.md has 2" in message
    assert "block 2" in message and "«Второй абзац о договоре.1»" not in message
    assert "«Второй абзац о договоре.»" in message and "“Third.”" in message
    assert divergence[0].line == 3


def test_a_heading_paired_with_a_paragraph():
    _, problems = prepare("## Глава\n\nТекст.\n", "Text.\n\n## Chapter\n")
    assert len(problems) == 1
    assert "level-2 heading in ru.md (line 1) is paired with a paragraph" in problems[0].message


def test_notes_carry_the_same_number_in_both_languages():
    ru = "А.[^x] Б.[^y]\n\nВ.[^z]\n\n[^x]: Икс.\n\n[^y]: Игрек.\n\n[^z]: Зет.\n"
    en = "B.[^y] A.[^x]\n\nC.[^z]\n\n[^x]: X.\n\n[^y]: Y.\n\n[^z]: Z.\n"
    article, problems = prepare(ru, en)
    assert problems == []
    numbers = {(n.lang, n.label): n.number for n in article.notes}
    assert numbers == {("ru", "x"): 1, ("en", "x"): 1, ("ru", "y"): 2, ("en", "y"): 2, ("ru", "z"): 3, ("en", "z"): 3}


def test_a_note_called_on_one_side_only():
    ru = "А.[^1]\n\n[^1]: Прим.\n"
    en = "A.\n"
    _, problems = prepare(ru, en)
    assert len(problems) == 1
    assert "footnote [^1] is called in ru.md:1 but not in the paired block of en.md" in problems[0].message
    assert problems[0].file == Path("en.md")


def test_notes_of_a_one_language_block_are_numbered_in_sequence():
    ru = "А.[^1]\n\nБ.[^2]\n\n[^1]: Раз.\n\n[^2]: Два.\n"
    en = "A.[^1]\n\n{.unpaired}\nNote.[^t]\n\nB.[^2]\n\n[^1]: One.\n\n[^t]: Translator.\n\n[^2]: Two.\n"
    article, problems = prepare(ru, en)
    assert problems == []
    assert [(n.lang, n.label, n.number) for n in article.notes] == [
        ("ru", "1", 1), ("en", "1", 1), ("en", "t", 2), ("ru", "2", 3), ("en", "2", 3),
    ]


def test_an_id_given_to_two_blocks_is_reported():
    ru = "{#a}\nПервый.\n\n{#a}\nВторой.\n\n{#b}\nТретий.\n"
    en = "{#a}\nFirst.\n\n{#b}\nSecond.\n\nThird.\n"
    article, problems = prepare(ru, en)
    assert [(p.file.name, p.line, p.message) for p in problems if "given to two" in p.message] == [
        ("ru.md", 5, "{#a} is given to two blocks (lines 2 and 5)")
    ]
