"""Corrections of the original: found in the text, marked there, listed with their place and
what changed that the eye cannot see; and the check of words that mix scripts."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from testing_utils import make_project, pdf_pages, run

from edition.errors import SourceError
from edition.model import CorrectionMark, Emph, Lookalike, Text
from edition.passes.corrections import lookalikes, sign_word
from edition.pipeline import build, check, load_edition
from edition.render.book import typeset_whole

RU = """\
    ## Введение

    Переговоры начались 30 апреля 1922 г. в Берлине, а 16 апреля 1922 г. договор
    был подписан на *IX Всероссийском* съезде.[^1]

    Эта сумма превосходила все ожидания.

    [^1]: Эта сумма названа в отчёте.
    """
EN = """\
    ## Introduction

    The talks began on 30 April 1922 in Berlin, and on 16 April 1922 the treaty
    was signed at the *Ninth All-Russian* Congress.[^1]

    This sum exceeded all expectations.

    [^1]: This sum is named in the report.
    """
CORRECTIONS = """
[[corrections]]
line = 40
original = "Эта сума превосходила"
corrected = "Эта сумма превосходила"

[[corrections]]
line = 12
original = "30 апреля1922"
corrected = "30 апреля 1922"

[[corrections]]
line = 20
original = "IХ Всероссийском"
corrected = "IX Всероссийском"

[[corrections]]
line = 50
original = "Эта сума названа"
corrected = "Эта сумма названа"
"""


def project(root: Path, corrections: str = CORRECTIONS, ru: str = RU, en: str = EN, meta: str = "") -> Path:
    config = make_project(root, {"art": (ru, en)})
    toml = root / "sources" / "art" / "article.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + meta + corrections, encoding="utf-8")
    return config


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line)


# --- what looks alike ----------------------------------------------------------


def test_a_letter_of_another_script_is_named_with_its_script():
    assert lookalikes("IХ Всероссийском", "IX Всероссийском") == (Lookalike("Х", "X", "cyrillic", "latin"),)
    assert lookalikes("[10, c. 113]", "[10, с. 113]") == (Lookalike("c", "с", "latin", "cyrillic"),)


def test_spaces_dashes_and_invisible_characters_are_named():
    assert lookalikes("16\u00a0апреля", "16 апреля") == (Lookalike("\u00a0", " ", "no-break space", "space"),)
    assert lookalikes("1920-1933", "1920–1933") == (Lookalike("-", "–", "hyphen", "en dash"),)
    assert lookalikes("расчи\u00adтанная", "расчитанная") == (Lookalike("\u00ad", "", "soft hyphen", ""),)


def test_a_change_one_sees_is_not_explained():
    assert lookalikes("апреля1922", "апреля 1922") == ()
    assert lookalikes("Эта сума", "Эта сумма") == ()


def test_the_sign_goes_after_the_word_that_changed_not_after_the_words_around_it():
    assert sign_word("апреля1922 г. Базовый", "апреля 1922 г. Базовый") == 1  # «1922»
    assert sign_word("IХ Всероссийском", "IX Всероссийском") == 0
    assert sign_word("одобрить соглашение", "одобрить соглашение.") == 1
    assert sign_word("слово. Дальше", "слово Дальше") == 0


# --- where each correction stands ----------------------------------------------


def test_each_correction_is_marked_after_its_word_and_listed_in_the_order_of_the_text(tmp_path: Path):
    edition = load_edition(project(tmp_path))
    (article,) = edition.articles
    listed = [(c.corrected, c.number, c.place.lang, c.place.paragraph, c.place.note) for c in article.meta.corrections]
    assert listed == [
        ("30 апреля 1922", 1, "ru", 1, 0),
        ("IX Всероссийском", 2, "ru", 1, 0),
        ("Эта сумма превосходила", 3, "ru", 2, 0),
        ("Эта сумма названа", 4, "ru", None, 1),
    ]
    first = article.segments[1].ru.paragraphs[0]
    # «1922» of «30 апреля 1922», not the other «апреля 1922»; «IX» inside the emphasis
    assert first[1:3] == (CorrectionMark(1), Text(" г. в Берлине, а 16 апреля 1922 г. договор был подписан на "))
    assert first[0] == Text("Переговоры начались 30 апреля 1922")
    assert first[3] == Emph((Text("IX"), CorrectionMark(2), Text(" Всероссийском")))
    assert article.segments[2].ru.paragraphs[0][:2] == (Text("Эта сумма"), CorrectionMark(3))
    assert article.notes_of("ru")[0].paragraphs[0][:2] == (Text("Эта сумма"), CorrectionMark(4))
    assert article.meta.corrections[1].lookalikes == (Lookalike("Х", "X", "cyrillic", "latin"),)


def test_a_corrected_text_not_in_the_article_is_reported_at_its_entry(tmp_path: Path):
    corrections = CORRECTIONS.replace('corrected = "Эта сумма превосходила"', 'corrected = "Эта сумма превзошла"')
    config = project(tmp_path, corrections)
    toml = tmp_path / "sources" / "art" / "article.toml"
    with pytest.raises(SourceError) as raised:
        check(config)
    (problem,) = raised.value.problems
    assert (problem.file, problem.line) == (toml, line_of(toml, "превзошла"))
    assert "«Эта сумма превзошла»: the corrected text is not in the article's text or notes" in problem.message
    result = run("check", "--config", config)
    assert result.exit_code == 3
    assert f"article.toml:{problem.line}:" in result.output


def test_a_text_left_uncorrected_is_named_where_it_stands(tmp_path: Path):
    config = project(tmp_path, ru=RU.replace("Эта сумма превосходила", "Эта сума превосходила"))
    with pytest.raises(SourceError) as raised:
        check(config)
    (problem,) = raised.value.problems
    assert "the text still reads «Эта сума превосходила» (§ 2 (ru))" in problem.message
    assert "correct it in ru.md" in problem.hint


def test_a_corrected_text_found_in_several_places_asks_for_the_words_around_it(tmp_path: Path):
    corrections = CORRECTIONS.replace('corrected = "30 апреля 1922"', 'corrected = "апреля 1922"').replace('"30 апреля1922"', '"апреля1922"')
    with pytest.raises(SourceError) as raised:
        check(project(tmp_path, corrections))
    (problem,) = raised.value.problems
    assert "«апреля 1922»: the corrected text stands 2 times in the article (§ 1 (ru)), but one entry lists it" in problem.message
    assert "give more of the words around it" in problem.hint


# --- words that mix scripts ------------------------------------------------------


def test_a_word_mixing_scripts_is_reported_at_its_line_notes_included(tmp_path: Path):
    ru = RU.replace("договор\n    был подписан", "договор\n    был пoдписан").replace("названа", "нaзвана")  # Latin o, a
    config = project(tmp_path, corrections="", ru=ru)
    path = tmp_path / "sources" / "art" / "ru.md"
    with pytest.raises(SourceError) as raised:
        check(config)
    found = [(p.file, p.line, p.message) for p in raised.value.problems]
    assert found == [
        (path, line_of(path, "пoдписан"), "the word «пoдписан» mixes Cyrillic and Latin letters: o is Latin"),  # the paragraph's second line
        (path, line_of(path, "нaзвана"), "the word «нaзвана» mixes Cyrillic and Latin letters: a is Latin"),  # in the note
    ]
    assert '[check] mixed_script = ["пoдписан"]' in raised.value.problems[0].hint
    assert "list it under [[corrections]]" in raised.value.problems[0].hint


def test_a_latin_letter_that_looks_cyrillic_among_russian_words_is_reported(tmp_path: Path):
    ru = RU.replace("Эта сумма превосходила все ожидания.", "Эта сумма превосходила все ожидания [10, c. 113].")
    en = EN.replace("This sum", "Thе sum")  # a Cyrillic е in English
    with pytest.raises(SourceError) as raised:
        check(project(tmp_path, corrections="", ru=ru, en=en))
    messages = [p.message for p in raised.value.problems]
    assert messages == [
        "the Latin word «c» stands among Cyrillic words and looks like the Cyrillic «с»",
        "the word «Thе» mixes Latin and Cyrillic letters: е is Cyrillic",  # in the text
        "the word «Thе» mixes Latin and Cyrillic letters: е is Cyrillic",  # and in the note
    ]


def test_roman_numerals_english_words_and_raw_markup_are_not_reported(tmp_path: Path):
    ru = RU.replace("все ожидания.", "все ожидания. В XX веке Вильгельм II и «Fokker D-XIII» с Junkers, где <b>сырой HTML</b>.")
    en = EN.replace("all expectations.", "all expectations, as Д. С. Ivanov and a «Москва» wrote.")
    edition = check(project(tmp_path, ru=ru, en=en))
    assert edition.articles


def test_a_word_the_original_means_is_allowed_in_article_toml(tmp_path: Path):
    ru = RU.replace("Эта сумма превосходила все ожидания.", "Эта сумма превосходила все ожидания [10, c. 113].")
    edition = check(project(tmp_path, corrections="", ru=ru, meta='\n[check]\nmixed_script = ["c"]\n'))
    assert edition.articles[0].meta.mixed_script == ("c",)


# --- the list and the signs, in every format ------------------------------------------


def test_html_sign_and_entry_link_to_each_other_and_say_what_changed(tmp_path: Path):
    config = project(tmp_path)
    build(config, ["html"], tmp_path / "out")
    page = (tmp_path / "out" / "html" / "art.html").read_text(encoding="utf-8")
    sign = re.search(r'IX<a class="corr-mark" id="(a1-corrmark-2)" href="#(a1-corr-ru-2)" title="[^"]+" aria-label="([^"]+)">\*</a>', page)
    assert sign, "the sign stands after «IX», outside the word"
    assert sign.group(3) == "исправленная опечатка оригинала"
    entry = re.search(r'<li id="a1-corr-ru-2"><a class="corr-place" href="#a1-corrmark-2" role="doc-backlink">§&#160;1</a> (.*?)</li>', page)
    assert entry, "the entry starts with its §, a link back to the sign"
    assert "(кириллическая&#160;Х заменена латинской&#160;X)" in entry.group(1)
    english = re.search(r'<li id="a1-corr-en-2">.*?</li>', page)
    assert english and "(Cyrillic&#160;Х replaced by Latin&#160;X)" in english.group(0)
    assert re.search(r'<li id="a1-corr-ru-4"><a class="corr-place" href="#a1-corrmark-4" role="doc-backlink">примеч\.&#160;1</a>', page)
    # the sign does not undo the edition's typography: «1922 г.» stays bound
    assert re.search(r'1922<a class="corr-mark" id="a1-corrmark-1" [^>]+>\*</a>\u00a0г\.', page)
    assert "original.txt" not in page


def test_pdf_prints_the_signs_and_the_list_and_keeps_every_word(tmp_path: Path):
    config = project(tmp_path)
    result = run("build", "pdf", "--config", config, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output  # the nothing-lost check passed with the signs in the text
    pdf = tmp_path / "out" / "test.pdf"
    text = re.sub(r"-\n", "", "\n".join(pdf_pages(pdf))).replace("\n", " ")  # lines joined, words broken at their ends too
    assert "IX* Всероссийском" in text
    assert "§ 1 «IХ Всероссийском» исправлено на «IX Всероссийском» (кириллическая Х заменена латинской X)" in text
    assert "примеч. 1 «Эта сума названа» исправлено на «Эта сумма названа»" in text
    assert "original.txt" not in text
    # the sign links to its entry and the entry back to the sign (in the book typeset as one
    # document: joined from its parts, the book keeps only the contents' links, see render/book/join.py)
    whole = PdfReader(io.BytesIO(typeset_whole(load_edition(config)).pdf))
    targets = {str(a.get_object().get("/Dest")) for page in whole.pages for a in page.get("/Annots") or []}
    assert {"a1-corr-ru-2", "a1-corrmark-2", "a1-corr-ru-4", "a1-corrmark-4"} <= targets
    assert {"a1-corr-ru-2", "a1-corrmark-2"} <= set(whole.named_destinations)


def test_the_bundled_reader_lists_its_corrections_where_they_stand():
    edition = load_edition(Path(__file__).resolve().parents[2] / "edition.toml")
    article = next(a for a in edition.articles if a.slug == "soviet-german-origins")
    places = [(c.corrected, c.place.paragraph) for c in article.meta.corrections]
    assert ("IX Всероссийском", 17) in places and ("[10, с. 113]", 23) in places
    assert [c.number for c in article.meta.corrections] == list(range(1, len(places) + 1))
