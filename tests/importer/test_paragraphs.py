"""Paragraphs rebuilt from the evidence of the raw text: each kind of evidence on a small text."""

from __future__ import annotations

from edition.importer.lines import RawLine, read_lines
from edition.importer.paragraphs import (
    Layout,
    decide,
    ending,
    measure_layout,
    split_units,
)

WIDE = {None: 60.0, "cyrillic": 60.0, "latin": 60.0}


def layout(**changes: object) -> Layout:
    values: dict[str, object] = {
        "width": WIDE,
        "blank_marks_paragraphs": False,
        "indent_marks_paragraphs": False,
        "end_spaces": 0,
        "odds": {},
        "common_words": frozenset(),
    }
    values.update(changes)
    return Layout(**values)  # type: ignore[arg-type]


def line(text: str, number: int = 1, page_start: bool = False) -> RawLine:
    return RawLine(number, text, page_start)


FULL = "Это полная строка текста, которая доходит до правого края столбца."
NEXT = "Следующая строка начинается с прописной буквы и тоже полная."


def paragraphs(raw: str) -> list[str]:
    lines = read_lines(raw)
    units, _ = split_units(lines, measure_layout(lines))
    return [" ".join(l.content for l in unit.lines) for unit in units]


def test_endings():
    assert ending("Герма-") == "hyphen"
    assert ending("сотрудниче\u2010") == "hyphen"
    assert ending("договором19.   ") == "hard"
    assert ending("Германии.10") == "hard"
    assert ending("Б. Е. ") == "soft"
    assert ending("[т.е. ") == "soft"
    assert ending("в 1913 г.") == "soft"
    assert ending("[8, с. ") == "soft"
    assert ending("«Юнкерс» ") == "open"
    assert ending("... [1, с. 384]. ") == "hard"


def test_a_hyphen_or_no_final_punctuation_continues_the_paragraph():
    assert not decide(line("сотрудничества с Германией и Герма-"), line("нией"), True, layout()).ends
    assert not decide(line("короткая строка без точки"), line("Потом"), False, layout()).ends
    assert decide(line(FULL), line("дальше со строчной"), False, layout()).sure


def test_a_blank_line_ends_a_paragraph_where_blank_lines_are_not_everywhere():
    boundary = decide(line(FULL), line(NEXT, 3), True, layout(blank_marks_paragraphs=True))
    assert boundary.ends and boundary.sure
    assert not decide(line(FULL), line(NEXT, 3), True, layout(blank_marks_paragraphs=False, odds={"a.": 0.1})).ends


def test_no_blank_line_where_blank_lines_mark_paragraphs_continues_it():
    assert not decide(line(FULL), line(NEXT, 2), False, layout(blank_marks_paragraphs=True)).ends


def test_a_page_break_is_not_a_blank_line():
    boundary = decide(line(FULL), line(" " + NEXT, 9, page_start=True), True, layout(blank_marks_paragraphs=True, odds={"a.": 0.1}))
    assert not boundary.ends


def test_an_indent_ends_a_paragraph_where_indents_mark_paragraphs():
    assert decide(line(FULL), line("    " + NEXT, 2), False, layout(indent_marks_paragraphs=True)).ends
    assert not decide(line(FULL), line("    " + NEXT, 2), False, layout(odds={"a.": 0.1})).ends


def test_spaces_typed_before_the_paragraph_mark_end_it():
    assert decide(line(FULL + "   "), line(NEXT, 2), False, layout(end_spaces=2)).ends
    assert not decide(line(FULL + " "), line(NEXT, 2), False, layout(end_spaces=2, odds={"a.": 0.1})).ends


def test_a_short_line_or_a_next_word_that_would_have_fitted_ends_it():
    assert decide(line("Короткая строка."), line(NEXT, 2), False, layout()).ends
    fits = "Строка почти до края столбца, и слово влезло бы тут."  # 52 of 60
    assert decide(line(fits), line("Да продолжение.", 2), False, layout()).ends
    assert not decide(line(fits), line("Продолжительнейшее продолжение.", 2), False, layout(odds={"a.": 0.1})).ends


def test_a_full_line_is_weighed_by_how_its_ending_ends_paragraphs_in_the_document():
    odds = {"].": 4.0, "a.": 0.1}
    assert decide(line("Полная строка, которая кончается ссылкой [3, с. 113]."), line(NEXT, 2), False, layout(odds=odds)).ends
    assert not decide(line(FULL), line(NEXT, 2), False, layout(odds=odds)).ends
    uncertain = decide(line(FULL), line(NEXT, 2), False, layout(odds={"a.": 1.2}))
    assert uncertain.ends and not uncertain.sure


def test_initials_do_not_end_a_sentence():
    assert not decide(line("встреча с видным деятелем Коминтерна и полпредом Н. Н. "), line("Крестинским."), False, layout()).ends


def test_a_change_of_script_ends_a_paragraph():
    boundary = decide(line("... agreement was reached on the economic ties."), line("Победа революции в России, которая"), False, layout(odds={"a.": 0.1}))
    assert boundary.ends and boundary.sure


def test_a_sentence_that_starts_after_a_line_without_final_punctuation_is_reported():
    boundary = decide(
        line("президентом с целью переубедить его в необходимости одобрить соглашение"),
        line("В основу договора был положен так называемый вариант."),
        False,
        layout(common_words=frozenset({"в"})),
    )
    assert boundary.ends and not boundary.sure
    after_a_preposition = decide(line("и тогда он сказал о"), line("В основу"), False, layout(common_words=frozenset({"в"})))
    assert not after_a_preposition.ends


def test_the_layout_is_measured_from_the_text():
    spaced = "\n\n".join([FULL, FULL, "Короткая.", FULL, FULL, "Конец."]) + "\n"
    assert not measure_layout(read_lines(spaced)).blank_marks_paragraphs
    blocks = "\n".join([FULL, FULL, "Короткая.", "", FULL, "Вторая.", "", FULL, FULL, "Конец."]) + "\n"
    assert measure_layout(read_lines(blocks)).blank_marks_paragraphs
    assert not measure_layout(read_lines(blocks.replace("\n\n", "\n"))).blank_marks_paragraphs
    indented = "\n".join([FULL, "Короткая.", "    " + FULL, "Вторая.", "    " + FULL, FULL, "Третья.", "    " + FULL]) + "\n"
    assert measure_layout(read_lines(indented)).indent_marks_paragraphs
    typed = "\n".join(["строка без точки ", "ещё строка ", "конец абзаца.   ", "Новый абзац "]) + "\n"
    assert measure_layout(read_lines(typed)).end_spaces == 2


def test_a_text_with_blank_lines_after_every_line():
    raw = "\n\n".join(
        [
            "Победа Октябрьской революции в России, а также окончание Первой",
            "мировой войны поставили на порядок дня вопрос о нормализации",
            "отношений.",
            "Первой среди западных стран, которая стала на путь налаживания",
            "отношений с Советской Россией была Великобритания. В мае 1920 г.",
            "в Лондон прибыла советская делегация.",
        ]
    )
    assert paragraphs(raw) == [
        "Победа Октябрьской революции в России, а также окончание Первой мировой войны поставили на порядок дня вопрос о нормализации отношений.",
        "Первой среди западных стран, которая стала на путь налаживания отношений с Советской Россией была Великобритания. В мае 1920 г. в Лондон прибыла советская делегация.",
    ]


def test_a_paragraph_continues_across_a_page_break_with_its_notes():
    raw = (
        "Министр иностранных дел смог убедить кабинет не прибегать к апел-\n"
        "ляции, так как «Германия не хочет»1 и не может просить о помощи. Помимо\n"
        "\n"
        "1Цит. по: Wintzer J. Deutschland. Paderborn, 2006.\n"
        " Франции и Польши, другие также содействовали этому.\n"
    )
    from edition.importer.notes import split_notes

    body, notes = split_notes(read_lines(raw))
    units, _ = split_units(body, measure_layout(body))
    assert len(units) == 1 and [l.number for l in units[0].lines] == [1, 2, 5]
    assert [n.number for n in notes] == [1]


def test_title_heading_and_rule_are_units_of_their_own():
    raw = (
        " ГЕРМАНО-СОВЕТСКИЕ ТАЙНЫЕ ВОЕННЫЕ \n"
        "ПЕРЕГОВОРЫ (1923)\n"
        "\n"
        "Резюме\n"
        "В статье описан процесс переговоров.\n"
        "\n"
        "************\n"
        "Переговоры были решающим этапом.\n"
    )
    lines = read_lines(raw)
    units, _ = split_units(lines, measure_layout(lines))
    assert [u.kind for u in units] == ["caps", "heading", "text", "rule", "text"]
    assert [l.number for l in units[0].lines] == [1, 2]
