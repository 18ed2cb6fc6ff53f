"""Line-end hyphens: joined or kept, from the document, known compounds and the dictionary."""

from __future__ import annotations

from edition.importer.hyphens import Lexicon, decide, may_hyphenate
from edition.importer.joining import join_lines
from edition.importer.lines import read_lines

TEXT = """\
Отношения Германии и России. Германо-советских переговоров было много,
и версальско-вашингтонскую систему хотели разрушить. Сотрудничество
германо-российских фирм. Военно-политическую обстановку обсуждали. Post-war Europe.
Торговые связи и торгово-транспортные фирмы. Торговых домов было мало.
"""


def lexicon(text: str = TEXT) -> Lexicon:
    return Lexicon(read_lines(text))


def joined(left: str, right: str, text: str = TEXT) -> tuple[bool, bool]:
    hyphen = decide(1, left, right, lexicon(text))
    return hyphen.join, hyphen.sure


def test_the_same_word_elsewhere_decides():
    assert joined("Герма", "нии") == (True, True)
    assert joined("германо", "советского") == (False, True)
    assert joined("версальско", "вашингтонской") == (False, True)
    assert joined("военно", "политических") == (False, True)
    assert joined("post", "war") == (False, True)


def test_parts_of_compounds_count_as_words():
    # германо-россий-|ского: «российских» stands inside «германо-российских»
    assert joined("россий", "ского") == (True, True)


def test_a_word_broken_at_a_line_end_is_not_evidence_for_itself():
    words = lexicon("Первая строка с Герма-\nнией и больше ничем.\n").words
    assert "герма" not in words and "нией" not in words and "германией" not in words


def test_a_word_whose_parts_are_in_two_scripts_is_not_evidence():
    words = lexicon("самолеты довольно современны-Fokker D-XIII и так далее\n").words
    assert not any(w.startswith("современны-") for w in words)


def test_a_capital_after_the_break_keeps_the_hyphen():
    assert joined("Кенигсберг", "Москва", "") == (False, True)
    assert joined("Брокдорф", "Ранцау", "") == (False, True)


def test_text_in_capitals_is_decided_in_lower_case():
    assert joined("ГЕРМАНО", "СОВЕТСКИЕ") == (False, True)


def test_known_compound_patterns():
    assert joined("кто", "то", "") == (False, True)
    assert joined("какой", "либо", "") == (False, True)
    assert joined("социал", "демократы", "") == (False, True)
    assert joined("генерал", "полковник", "") == (False, True)
    assert joined("co", "operation", "") == (False, False)  # kept, and reported


def test_an_adjective_stem_before_an_adjective_is_a_compound_when_the_text_uses_the_stem():
    assert joined("торгово", "экономических") == (False, True)  # «торгово-транспортные»
    assert joined("валютно", "финансовых", "Валютные курсы менялись.\n") == (False, False)  # kept, and reported
    assert joined("валютно", "финансовых", "") == (True, True)  # the text never uses «валютн-»
    assert joined("умиротво", "ряющего") == (True, True)


def test_an_ending_is_not_the_second_part_of_a_compound():
    assert joined("советско", "го", "") == (True, True)


def test_the_dictionary_decides_the_rest():
    assert may_hyphenate("смени", "лись")
    assert joined("смени", "лись", "") == (True, True)
    assert not may_hyphenate("опу", "бликованном")
    assert joined("опу", "бликованном", "") == (True, False)  # joined, and reported


def test_join_lines_decides_each_line_end():
    lines = read_lines("Отношения Герма-\nнии и германо-\n советского\nрежима 1920-\n1923 гг. с Фран\u00ad\nцией\n")
    text, hyphens = join_lines(lines, lexicon())
    assert text.text == "Отношения Германии и германо-советского режима 1920-1923 гг. с Францией"
    assert [(h.line, h.join) for h in hyphens] == [(1, True), (2, False), (5, True)]
    assert text.line_at(text.text.index("советского")) == 3


def test_a_mark_on_a_line_of_its_own_after_a_raised_call_is_joined_without_a_space():
    text, _ = join_lines(read_lines("военного сотрудничества1\n, что отмечено\n"), lexicon())
    assert text.text == "военного сотрудничества1, что отмечено"
