"""Footnotes: note texts at the page bottoms, calls glued to the text, and what does not match."""

from __future__ import annotations

from edition.importer.lines import read_lines
from edition.importer.located import Located
from edition.importer.notes import check_links, find_calls, split_notes

PAGES = """\
Как отмечает историк, репарации «были оружием»1 против Германии.2 Слова
Барту: «об аннексии»,3 − не оказали эффекта. Помимо

1Штейн Б. Е. Вступительная статья. М., 1945.
2Горлов С. А. Указ.соч. С. 76.

3Цит. по: Зубачевский В. А. Сотрудничество Красной армии и рейхсвера в

1920-е годы // Военно-исторический журнал. 2013. № 2. С. 33.
 Франции, Польша содействовали этому.

12 января 1923 г. НКИД получил поручение.
"""


def located(text: str) -> Located:
    return Located(text, ((0, 1),))


def test_note_texts_are_taken_from_the_page_bottom_up_to_the_next_page():
    body, notes = split_notes(read_lines(PAGES))
    assert [n.number for n in notes] == [1, 2, 3]
    assert [n.line for n in notes] == [4, 5, 7]
    assert notes[0].lines[0].text == "Штейн Б. Е. Вступительная статья. М., 1945."
    assert [l.number for l in notes[2].lines] == [7, 9]  # a line starting «1920-е» goes on note 3
    assert [l.number for l in body if not l.blank] == [1, 2, 10, 12]  # «12 января»: a number and a space


def test_a_number_out_of_sequence_does_not_start_a_note():
    _, notes = split_notes(read_lines("Текст страницы кончается здесь.\n\n5Это не примечание: ждали первое.\n"))
    assert notes == []


def test_calls_are_numbers_glued_to_words_or_punctuation_in_sequence():
    paragraphs = [
        located("Монография «1920 – 1933»1 и книга («Альянс, 1920 – 1933 гг.»2). Материалов3 стало больше."),
        located("Германии.4 К. Радек; в 1921 г.5, аннексии»,6 − самолеты «Heinkel D-17»7."),
    ]
    calls = find_calls(paragraphs, set(range(1, 8)))
    assert [(c.paragraph, c.number) for c in calls] == [(0, 1), (0, 2), (0, 3), (1, 4), (1, 5), (1, 6), (1, 7)]
    text = paragraphs[1].text
    assert text[calls[3].start - 1 : calls[3].end] == ".4"


def test_bracketed_references_decimals_and_names_are_not_calls():
    text = located("Ссылка [13, с. 5] и сумма 18,6 млрд., самолет D-17, строй РКП(б)1, 3% и апреля1922 г.")
    assert [c.number for c in find_calls([text], {1})] == [1]


def test_calls_without_text_and_texts_without_call_are_reported():
    paragraphs = [located("Первый1 и второй2, затем пятый5.")]
    _, notes = split_notes(read_lines("Текст.\n\n1Первое.\n3Третье.\n"))
    calls = find_calls(paragraphs, {n.number for n in notes})
    messages = [f.message for f in check_links(calls, notes)]
    assert [c.number for c in calls] == [1, 2]  # «пятый5»: out of sequence, not a call
    assert any(m.startswith("call 2 has no note text") for m in messages)
    assert any(m.startswith("note 3 has no call") for m in messages)
    assert len(messages) == 2


def test_a_note_number_followed_by_a_space_starts_a_note_once_the_text_has_called_it():
    raw = (
        "The occupation changed the negotiations.1 Seeckt wanted more.\n"
        "\n"
        "1 Gorlov, Sovershenno sekretno, 76.\n"
        " The next page goes on.\n"
        "\n"
        "2 February 1923 was a Friday.\n"
    )
    body, notes = split_notes(read_lines(raw))
    assert [(n.number, n.lines[0].text) for n in notes] == [(1, "Gorlov, Sovershenno sekretno, 76.")]
    assert [l.number for l in body if not l.blank] == [1, 4, 6]  # «2 February»: note 2 was never called


def test_without_page_marks_the_text_resumes_after_the_notes_where_it_broke_off():
    raw = (
        "в этом конфликте СССР высту-\n"
        "\n"
        "1Документы внешней политики СССР. М., 1956 – 2000. Т. 6. С. / отв.\n"
        "ред. Г. Н. Севостьянов. С. 150.\n"
        "пит на стороне Германии.1 К. Радек признал это.\n"
    )
    body, notes = split_notes(read_lines(raw))
    assert [l.number for l in notes[0].lines] == [3, 4]  # «/ отв.» does not end a note
    assert [l.number for l in body if not l.blank] == [1, 5]
