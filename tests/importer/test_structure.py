"""Title, keywords, headings and the passages in the other language."""

from __future__ import annotations

from edition.importer import draft_article
from edition.importer.report import render_report
from edition.importer.structure import sentence_case, title_case

BILINGUAL = """\
 ГЕРМАНО-СОВЕТСКИЕ ПЕРЕГОВОРЫ В СВЯЗИ С РУРСКИМ КОНФЛИКТОМ

Резюме
В статье описан процесс переговоров Германии и СССР.

 GERMAN-SOVIET NEGOTIATIONS IN CONNECTION WITH THE RUHR CONFLICT

Abstract
The article describes the negotiations of Germany and the USSR.

Keywords: Weimar Republic, Ruhr occupation.

************
Оккупация Рурского региона началась в январе. Рурский уголь шел в счет
репараций, и Германия ответила пассивным сопротивлением.
"""


def test_titles_in_capitals_are_set_in_sentence_and_title_case():
    texts = ["В январе войска заняли Рурский регион, и рурский уголь... Оккупация Рурской области СССР."]
    assert sentence_case("ОККУПАЦИЯ РУРСКОЙ ОБЛАСТИ И СССР", texts) == "Оккупация Рурской области и СССР"
    assert title_case("NEGOTIATIONS IN CONNECTION WITH THE RUHR CONFLICT (1923)", []) == "Negotiations in Connection with the Ruhr Conflict (1923)"
    assert title_case("GERMAN-SOVIET RELATIONS OF THE USSR", ["the USSR"]) == "German-Soviet Relations of the USSR"


def test_a_bilingual_head_is_split_by_language_and_paired():
    draft = draft_article(BILINGUAL, "ru")
    files = draft.files()
    assert files["ru.md"] == (
        "## Резюме {.abstract}\n\n"
        "{.abstract}\nВ статье описан процесс переговоров Германии и СССР.\n\n"
        "***\n\n"
        "Оккупация Рурского региона началась в январе. Рурский уголь шел в счет репараций, и Германия ответила пассивным сопротивлением.\n"
    )
    assert files["en.md"] == (
        "## Abstract {.abstract .authors-translation}\n\n"
        "{.abstract .authors-translation}\nThe article describes the negotiations of Germany and the USSR.\n"
    )
    toml = files["article.toml"]
    assert 'ru = "Германо-советские переговоры в связи с Рурским конфликтом"' in toml
    assert 'en = "German-Soviet Negotiations in Connection with the Ruhr Conflict"\nen_by = "authors"' in toml
    assert 'en = ["Weimar Republic", "Ruhr occupation"]' in toml
    assert "the other 2 blocks of ru.md are to be translated" in render_report(draft)


def test_a_passage_in_the_other_language_inside_the_text_is_paired_by_identifiers():
    raw = (
        "Первый абзац статьи, совсем короткий.\n\n"
        "Второй абзац, который переведен авторами.\n\n"
        "The second paragraph, translated by the authors.\n\n"
        "Третий абзац.\n"
    )
    files = draft_article(raw, "ru").files()
    assert "{#pair-1}\nВторой абзац" in files["ru.md"]
    assert files["en.md"] == "{#pair-1 .authors-translation}\nThe second paragraph, translated by the authors.\n"


def test_an_english_article_keeps_its_russian_abstract_in_ru_md():
    raw = (
        "Abstract\nThe article is about the Ruhr.\n\n"
        "Резюме\nСтатья о Руре.\n\n"
        "***\nThe occupation of the Ruhr began in January.\n"
    )
    files = draft_article(raw, "en").files()
    assert files["en.md"].startswith("## Abstract {.abstract}\n\n{.abstract}\nThe article is about the Ruhr.")
    assert files["ru.md"] == "## Резюме {.abstract}\n\n{.abstract}\nСтатья о Руре.\n"
