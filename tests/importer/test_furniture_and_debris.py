"""Page furniture and extraction debris."""

from __future__ import annotations

from edition.importer.debris import (
    find_echoes,
    find_mixed_letters,
    remove_repeats,
    restore_spaces,
)
from edition.importer.furniture import find_furniture, without
from edition.importer.lines import read_lines
from edition.importer.located import Located

PAGED = """\
Вестник истории. 2014. № 3
Первая страница текста, которая
кончается здесь без точки
17
\fВестник истории. 2014. № 3
и продолжается на второй.
18
\fВестник истории. 2014. № 3
Третья страница.
— 19 —
"""


def test_running_heads_and_page_numbers_at_page_edges_are_removed():
    lines = read_lines(PAGED)
    furniture, findings = find_furniture(lines)
    assert furniture == {1, 4, 5, 7, 8, 10}
    assert {f.topic for f in findings} == {"furniture"} and all(f.sure for f in findings)
    kept = without(lines, furniture)
    assert [l.content for l in kept if not l.blank] == [
        "Первая страница текста, которая",
        "кончается здесь без точки",
        "и продолжается на второй.",
        "Третья страница.",
    ]
    assert kept[2].page_start  # the page's first line, now that its head is gone


def test_a_line_repeated_inside_pages_is_not_furniture():
    text = "Начало.\nТам же.\nСредина страницы.\nТам же.\nКонец.\nТам же.\nЕщё.\n"
    assert find_furniture(read_lines(text))[0] == set()


def test_the_seeds_have_no_furniture(seed_texts):
    for raw in seed_texts:
        assert find_furniture(read_lines(raw))[0] == set()


def test_a_run_printed_twice_in_a_row_is_removed_and_reported_with_both_places():
    raw = "укомплектованная самолетами «Fokker D-XIII» и довольно современны-Fokker D-XIII» и довольно современны- D-XIII» и довольно современны-ми «Heinkel D-17»."
    cleaned, findings = remove_repeats(Located(raw, ((0, 286),)))
    assert cleaned.text == "укомплектованная самолетами «Fokker D-XIII» и довольно современны-ми «Heinkel D-17»."
    assert len(findings) == 2 and all("line 286, column" in f.message and not f.sure for f in findings)


def test_a_short_repeat_is_kept():
    text = Located("Это было очень-очень давно, давно.", ((0, 1),))
    assert remove_repeats(text)[0] == text


def test_a_run_printed_in_two_places_is_reported():
    words = "переговоры о возможных совместных операциях потеряли свой смысл и прекратились"
    first = Located(f"Весной {words} тогда.", ((0, 10),))
    second = Located(f"Летом {words} снова.", ((0, 20),))
    (finding,) = find_echoes([first, second])
    assert "line 10 and again at line 20" in finding.message and not finding.sure


def test_a_year_glued_to_a_word_gets_its_space_back():
    text, findings = restore_spaces(Located("начались с 30 апреля1922 г. и шли", ((0, 309),)))
    assert text.text == "начались с 30 апреля 1922 г. и шли"
    assert findings[0].line == 309 and findings[0].sure


def test_a_word_in_two_alphabets_is_reported():
    (finding,) = find_mixed_letters(Located("на IХ Всероссийском съезде", ((0, 427),)))
    assert finding.line == 427 and "IХ" in finding.message
