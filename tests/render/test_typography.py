"""Russian and English typography, applied when rendering: the same in PDF, HTML and EPUB,
never written into the sources, never inside code, addresses or citations' locators."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from testing_utils import ROOT, make_project, run

from edition.render.typography import typeset, typeset_runs
from edition.verify import read_pdf

S = "\u00a0"  # what the edition puts where a line must not break


def nb(text: str) -> str:
    """``text`` with each ``_`` a non-breaking space."""
    return text.replace("_", S)


@pytest.mark.parametrize(
    ("lang", "typed", "set_as"),
    [
        ("ru", "возглавляемая Л.Б. Красиным.", "возглавляемая Л._Б._Красиным."),
        ("ru", "возглавляемая Л. Б. Красиным.", "возглавляемая Л._Б._Красиным."),
        ("ru", "делегации ген. О. Хассе настаивал", "делегации ген. О._Хассе настаивал"),
        ("ru", "нежели Цайдлер М. и Горлов С.А., описать", "нежели Цайдлер_М. и_Горлов_С._А., описать"),
        ("ru", "главы Райхсвера Х. фон Зекта и других", "главы Райхсвера Х._фон_Зекта и_других"),
        ("en", "headed by V.I. Lenin and", "headed by V._I._Lenin and"),
        ("en", "detail than M. Zeidler and S. A. Gorlov.", "detail than M._Zeidler and S._A._Gorlov."),
        ("en", "As O. von Niedermayer wrote", "As O._von_Niedermayer wrote"),
        ("en", "— I.L., Yu.L.)", "— I._L., Yu._L.)"),
    ],
)
def test_initials_are_spaced_one_way_and_kept_with_the_surname(lang: str, typed: str, set_as: str):
    assert typeset(typed, lang) == nb(set_as)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "the U.S. Army and the U.K. Government"), ("ru", "СССР, США. Позже"), ("en", "World War II. Then")],
)
def test_abbreviations_in_capitals_are_not_initials(lang: str, text: str):
    assert typeset(text, lang) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "typed", "set_as"),
    [
        ("ru", "сотрудничества 1923 – 1933 гг., что", "сотрудничества 1923–1933_гг., что"),
        ("ru", "агентов [6, с. 667-614].", "агентов [6, с._667–614]."),
        ("ru", "в годы 1941 — 1945", "в_годы 1941–1945"),
        ("en", "in 1920 - 1933 and [2, pp. 317-318]", "in 1920–1933 and [2, pp._317–318]"),
        ("en", "on 22 – 28 February", "on 22–28_February"),
        ("ru", "в 20-30-е годы", "в_20–30-е годы"),
    ],
)
def test_ranges_of_figures_take_an_unspaced_en_dash(lang: str, typed: str, set_as: str):
    assert typeset(typed, lang) == nb(set_as)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "date = 2026-12-05",  # an ISO date
        "ISBN 978-5-8243-0960-1",  # a chain of numbers
        "1920-х годов",  # a decade, not a range
        "с 10:30-11:00",  # times
        "доля 3,5-4",  # decimals
        "февраль – апрель",  # words, not figures
        "Москва — Берлин",
    ],
)
def test_what_is_not_a_range_keeps_its_dash(text: str):
    assert typeset(text, "en") == text
    assert typeset(text, "ru").replace(S, " ") == text  # «с 10:30» is bound, its dash kept


@pytest.mark.parametrize(
    ("lang", "typed", "set_as"),
    [
        ("ru", "подписания 16 апреля 1922 г. договора", "подписания 16_апреля 1922_г. договора"),
        ("ru", "в начале 1920-х гг., в итоге", "в_начале 1920-х_гг., в_итоге"),
        ("ru", "в XX в. и XIX–XX вв.", "в_XX_в. и_XIX–XX_вв."),
        ("ru", "около 400 тыс. человек и 35 млн марок", "около 400_тыс. человек и_35_млн марок"),
        ("ru", "поставлено 25 000 винтовок", "поставлено 25_000 винтовок"),
        ("en", "On 13 January 1923 and on April 16, 1922", "On 13_January 1923 and on April_16, 1922"),
        ("en", "an army of 4 million men, 3 percent", "an army of 4_million men, 3_percent"),
    ],
)
def test_a_number_keeps_its_month_unit_year_or_century(lang: str, typed: str, set_as: str):
    assert typeset(typed, lang) == nb(set_as)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "typed", "set_as"),
    [
        ("ru", "№ 3, § 5, т. 2, с. 384, С. XIII", "№_3, §_5, т._2, с._384, С._XIII"),
        ("ru", "ф. 04, оп. 32, д. 7, л. 12", "ф._04, оп._32, д._7, л._12"),
        ("en", "vol. 2, no. 3, p. 5, pp. 150–151, § 4", "vol._2, no._3, p._5, pp._150–151, §_4"),
    ],
)
def test_a_sign_or_abbreviation_keeps_its_number(lang: str, typed: str, set_as: str):
    assert typeset(typed, lang) == nb(set_as)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "set_as"),
    [
        ("рублей, т.е. сумма", "рублей, т._е. сумма"),
        ("рублей, т. е. сумма", "рублей, т._е. сумма"),
        ("и т. д. и т. п.", "и_т._д. и_т._п."),
        ("до н. э.", "до н._э."),
    ],
)
def test_an_abbreviation_of_two_letters_is_one_unit(typed: str, set_as: str):
    assert typeset(typed, "ru") == nb(set_as)


@pytest.mark.parametrize(
    ("typed", "set_as"),
    [
        ("прибыла в Лондон", "прибыла в_Лондон"),
        ("В Лондоне и в Берлине", "В_Лондоне и_в_Берлине"),
        ("А 10 февраля я думаю о «мире» к утру", "А_10_февраля я_думаю о_«мире» к_утру"),
        ("отказ от войны, а также", "отказ от войны, а_также"),
        ("вошли в ", "вошли в_"),  # followed by emphasis or a link: bound to it
    ],
)
def test_a_one_letter_russian_word_never_ends_a_line(typed: str, set_as: str):
    assert typeset(typed, "ru") == nb(set_as)


@pytest.mark.parametrize("text", ["буква в.", "пункты а, б, в", "кое-с кем", "Ульянов-в"])
def test_a_one_letter_word_with_nothing_after_it_is_left(text: str):
    assert typeset(text, "ru") == text


def test_english_one_letter_words_are_left():
    assert typeset("a treaty I signed", "en") == "a treaty I signed"


@pytest.mark.parametrize(
    "text",
    [
        "https://example.org/a-1920-1921/с-1?p=1-2",
        "www.example.org/в-1920-1921",
        "ivanov-1920-1921@mail.ru",
    ],
)
def test_addresses_are_left_as_written(text: str):
    assert typeset(f"см. {text} и 1920 - 1921", "ru") == f"см. {text} и{S}1920–1921"


@pytest.mark.parametrize(
    ("runs", "lang", "set_as"),
    [
        # emphasis or a link cuts the text: the rules apply across the cut, each run keeps its words
        (["прибыла в ", "Лондон", " 13 ", "января", " 1920 г."], "ru", ["прибыла в_", "Лондон", " 13_", "января", " 1920_г."]),
        (["ген. О. ", "Хассе", " и Л.Б. ", "Красин"], "ru", ["ген. О._", "Хассе", " и_Л._Б._", "Красин"]),
        (["by L.B. ", "Krasin", " in 1920 - ", "1921", "."], "en", ["by L._B._", "Krasin", " in 1920–", "1921", "."]),
        (["Л.", "Б. Красин"], "ru", ["Л.", "_Б._Красин"]),
        # what is not text (a citation, code) is not joined to, but a one-letter word binds to it
        (["в ", None, " 1920 ", None, " – 1921 гг."], "ru", ["в_", "", " 1920 ", "", " – 1921_гг."]),
        (["один"], "ru", ["один"]),
        ([], "ru", []),
    ],
)
def test_the_runs_of_a_paragraph_are_set_as_one_text(runs: list[str | None], lang: str, set_as: list[str]):
    assert typeset_runs(runs, lang) == [nb(run) for run in set_as]  # type: ignore[arg-type]


def test_typography_applied_twice_changes_nothing():
    for path in sorted((ROOT / "sources").glob("*/*.md")):
        lang = path.stem
        for line in path.read_text(encoding="utf-8").splitlines():
            once = typeset(line, lang)  # type: ignore[arg-type]
            assert typeset(once, lang) == once, line  # type: ignore[arg-type]


# --- in the editions ------------------------------------------------------------------

RU = """\
## В Лондоне {#london}

Делегация, возглавляемая Л.Б. Красиным, прибыла в Лондон 13 января 1920 г.[^1] Переговоры 1920 – 1921 гг. описал Горлов С.А. [2, с. 317-318], т.е. историк [@gorlov2001, с. 150-151].

- Пункт списка: с 1920 по 1921 г. в Москве.

Курсив и ссылки не мешают: в *Лондоне*, ген. О. *Хассе*, [Л.Б. Красин](https://example.org/krasin) и *Г.В.* Чичерин 16 *апреля* 1922 г.

| Год  | Событие                |
|------|------------------------|
| 1922 | договор № 5 в Рапалло  |

Код `с 1920 - 1921 в Лондон` и адрес https://example.org/a-1920-1921.

```
print("с 1920 - 1921")  # в Лондон
```

[^1]: См. т. 2, с. 384 и XX в.
"""

EN = """\
## In London {#london}

The delegation headed by L.B. Krasin arrived in London on 13 January 1920.[^1] The talks of 1920 - 1921 were described by S.A. Gorlov [2, pp. 317-318], a historian [@gorlov2001, p. 150-151].

- A list item: from 1920 to 1921 in Moscow.

Emphasis and links change nothing: General O. *Hasse*, [L.B. Krasin](https://example.org/krasin) and *G.V.* Chicherin on *16* April 1922.

| Year | Event                  |
|------|------------------------|
| 1922 | treaty no. 5 at Rapallo |

Code `from 1920 - 1921 in London` and the address https://example.org/a-1920-1921.

```
print("from 1920 - 1921")  # in London
```

[^1]: See vol. 2, p. 384.
"""

BIB = """\
@book{gorlov2001,
  author = {Горлов, С. А.},
  title = {Совершенно секретно},
  location = {М.},
  date = {2001},
  langid = {russian},
}
"""

SET_RU = [
    nb("В_Лондоне"),
    nb("возглавляемая Л._Б._Красиным, прибыла в_Лондон 13_января 1920_г."),
    nb("Переговоры 1920–1921_гг. описал Горлов_С._А. [2, с._317–318], т._е. историк"),
    nb("с_1920 по 1921_г. в_Москве"),
    nb("в_<em>Лондоне</em>, ген. О._<em>Хассе</em>"),
    nb('<a href="https://example.org/krasin">Л._Б._Красин</a> и_<em>Г._В.</em>_Чичерин 16_<em>апреля</em> 1922_г.'),
    nb("договор №_5 в_Рапалло"),
    nb("См. т._2, с._384 и_XX_в."),
]
SET_EN = [
    nb("headed by L._B._Krasin arrived in London on 13_January 1920."),
    nb("The talks of 1920–1921 were described by S._A._Gorlov [2, pp._317–318]"),
    nb('General O._<em>Hasse</em>, <a href="https://example.org/krasin">L._B._Krasin</a> and <em>G._V.</em>_Chicherin on <em>16</em>_April 1922.'),
    nb("treaty no._5 at Rapallo"),
    nb("See vol._2, p._384."),
]
AS_WRITTEN = [
    "<code>с 1920 - 1921 в Лондон</code>",
    '<code>print(&#34;с 1920 - 1921&#34;)  # в Лондон</code>',
    "<code>from 1920 - 1921 in London</code>",
    "https://example.org/a-1920-1921",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("typography")
    config = make_project(root, {"one": (RU, EN)})
    (root / "bibliography").mkdir()
    (root / "bibliography" / "works.bib").write_text(BIB, encoding="utf-8")
    result = run("build", "all", "--config", config)
    assert result.exit_code == 0, result.output  # the nothing-lost check finds every word
    return root / "build"


def test_html_and_epub_set_the_text_the_same_way(built: Path):
    html = (built / "html" / "one.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(built / "test.epub") as epub:
        xhtml = next(epub.read(n).decode() for n in epub.namelist() if n.endswith("one.xhtml"))
    for page in (html, xhtml):
        for expected in SET_RU + SET_EN + AS_WRITTEN:
            assert expected in page


def test_a_citations_locator_is_left_to_the_citation_style(built: Path):
    html = (built / "html" / "one.html").read_text(encoding="utf-8")
    # the style sets the cited pages and the names; typography adds nothing to them
    assert '<span class="cite">Горлов С. А. Совершенно секретно. М., 2001. С. 150–151.</span>' in html
    assert '<span class="cite">S. A. Gorlov, <i>Sovershenno sekretno</i> (Moscow, 2001), 150–51.</span>' in html


def test_the_pdf_keeps_initials_with_the_surname_and_its_words(built: Path):
    pages = read_pdf((built / "test.pdf").read_bytes(), []).pages
    words = [w for page in pages for w in page]
    assert ["л", "б", "красиным"] == words[words.index("красиным") - 2 : words.index("красиным") + 1]
    assert (built / "test.rejected.pdf").exists() is False


def test_no_line_of_the_pdf_ends_with_an_initial_or_a_one_letter_word(tmp_path: Path):
    ru_names = ["Л.Б. Красин", "В.И. Ленин", "Г.В. Чичерин", "Н.Н. Крестинский", "А.П. Розенгольц"]
    en_names = ["L.B. Krasin", "V.I. Lenin", "G.V. Chicherin", "N.N. Krestinsky", "A.P. Rozengolts"]
    ru = " ".join(f"Затем {ru_names[n % 5]} писал о переговорах в Москве {n + 1} января 1922 г. и о войне." for n in range(40))
    en = " ".join(f"Then {en_names[n % 5]} wrote on {n + 1} January about the talks in Moscow." for n in range(40))
    config = make_project(tmp_path, {"one": (ru + "\n", en + "\n")})
    result = run("build", "pdf", "--config", config)
    assert result.exit_code == 0, result.output
    pdf = pdfium.PdfDocument((tmp_path / "build" / "test.pdf").read_bytes())
    texts = [page.get_textpage().get_text_range() for page in pdf]
    lines = [line.replace(S, " ").strip() for text in texts if "Затем" in text for line in text.split("\r\n")]
    lines = [line for line in lines if not line.isdigit()]  # not the page numbers
    assert len(lines) > 60
    # «Л. Б. / Красин», «в / Москве», «13 / января», «1922 / г.», "V. I. / Lenin", "13 / January"
    ends = [line for line in lines if re.search(r"(?:^|\s)(?:[A-ZА-ЯЁ]\.|[вкуоаи]|\d{1,4})$", line)]
    assert ends == []
