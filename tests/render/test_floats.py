"""Tables and figures in every format: numbered per article in each language, cross-referenced,
set in their column, across both (``{.wide}``) or once for both (one image; ``{.shared}``)."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from testing_utils import PNG, epubcheck, make_project, pdf_pages, run

RU = """\
Поставки росли (см. @tbl-deliveries), школы показаны на [@fig-schools].[^1]

Table: Поставки по годам {#tbl-deliveries}

| Год  | Винтовки | Примечание |
|:-----|---------:|:----------:|
| 1922 | 1 000    | *мало*[^2] |
| 1923 | 25 000   | Рур        |

![Школы рейхсвера в России](schools.png){#fig-schools}

![Карта Рура](ruhr-ru.png){#fig-ruhr .wide}

Table: Школы {.shared}

| Kama | Kazan |
|------|-------|
| Lipetsk | Lipetsk |

[^1]: Ср. @fig-ruhr.
[^2]: В ячейке.
"""
EN = """\
Deliveries grew (see @tbl-deliveries); the schools are shown in [@fig-schools].[^1]

Table: Deliveries by year {#tbl-deliveries}

| Year | Rifles | Note |
|:-----|-------:|:----:|
| 1922 | 1,000  | *few*[^2] |
| 1923 | 25,000 | Ruhr |

![The Reichswehr's schools in Russia](schools.png){#fig-schools}

![A map of the Ruhr](ruhr-en.png){#fig-ruhr .wide}

Table: Schools {.shared}

| Kama | Kazan |
|------|-------|
| Lipetsk | Lipetsk |

[^1]: Compare @fig-ruhr.
[^2]: In a cell.
"""


def project(tmp_path: Path, ru: str = RU, en: str = EN) -> Path:
    config = make_project(tmp_path, {"one": (ru, en)})
    for name in ("schools.png", "ruhr-ru.png", "ruhr-en.png"):
        (tmp_path / "sources" / "one" / name).write_bytes(PNG)
    return config


def text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page))).strip()


def test_tables_and_figures_are_numbered_in_each_language_and_referred_to(tmp_path: Path):
    config = project(tmp_path)
    result = run("build", "html", "--config", config)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "build" / "html" / "one.html").read_text(encoding="utf-8")
    words = text(page)
    assert "Поставки росли (см. табл. 1), школы показаны на рис. 1." in words
    assert "Deliveries grew (see Table 1); the schools are shown in Figure 1." in words
    assert '<a class="ref" href="#a1-table-en-1">1</a>' in page and '<table class="data" id="a1-table-en-1">' in page
    assert "Таблица 1. Поставки по годам" in words and "Table 1. Deliveries by year" in words
    # a cross-reference in a note
    assert "Ср. рис. 2." in words and "Compare Figure 2." in words
    # every cell, aligned as its column; the note called in a cell
    assert '<th scope="col" class="right">Rifles</th>' in page and '<td class="right">25,000</td>' in page
    assert re.search(r'<td class="center"><em>few</em><a class="noteref"[^>]*>2</a></td>', page)
    # one image for both languages: printed once, with both captions; its file beside the page
    assert page.count('src="images/one/schools.png"') == 1
    assert "Рис. 2. Карта Рура" in words and "Figure 2. A map of the Ruhr" in words
    assert "Рис. 1. Школы рейхсвера в России Figure 1. The Reichswehr's schools in Russia" in words
    assert (tmp_path / "build" / "html" / "images" / "one" / "schools.png").read_bytes() == PNG
    # a shared table: once, with both captions (and its numbers in both)
    assert page.count("<td>Lipetsk</td>") == 2 and "Таблица 2. Школы Table 2. Schools" in words


def test_the_pdf_prints_every_caption_cell_and_image(tmp_path: Path):
    config = project(tmp_path)
    result = run("build", "pdf", "--config", config)
    assert result.exit_code == 0, result.output  # the nothing-lost check passed
    words = re.sub(r"\s+", " ", " ".join(pdf_pages(tmp_path / "build" / "test.pdf")))
    # the labels in small capitals
    for expected in ("ТАБЛИЦА 1. Поставки по годам", "TABLE 1. Deliveries by year", "25 000", "25,000", "РИС. 2. Карта Рура", "FIGURE 2. A map of the Ruhr", "Lipetsk"):
        assert expected in words, expected


def test_the_epub_carries_the_figures_and_is_valid(tmp_path: Path):
    config = project(tmp_path)
    result = run("build", "epub", "--config", config)
    assert result.exit_code == 0, result.output
    (epub,) = (tmp_path / "build").glob("*.epub")
    names = zipfile.ZipFile(epub).namelist()
    assert {"OEBPS/images/one/schools.png", "OEBPS/images/one/ruhr-ru.png", "OEBPS/images/one/ruhr-en.png"} <= set(names)
    ((counts, messages),) = epubcheck(epub)
    assert messages == [] and (counts["nFatal"], counts["nError"], counts["nWarning"]) == (0, 0, 0)


def test_a_reference_to_no_figure_and_a_shared_table_that_differs_are_errors(tmp_path: Path):
    config = project(tmp_path, en=EN.replace("Compare @fig-ruhr", "Compare @fig-rur").replace("| Lipetsk | Lipetsk |", "| Lipetsk | Lipezk |"))
    result = run("check", "--config", config)
    assert result.exit_code == 3, result.output
    assert "sources/one/en.md:20: @fig-rur refers to no figure of this article" in result.output
    assert "sources/one/en.md:16: the table marked {.shared} differs between the languages (row 2)" in result.output


def long_table(lang: str) -> str:
    head = "| Год | Груз | Вес, т |\n|----|----|---:|\n" if lang == "ru" else "| Year | Cargo | Weight, t |\n|----|----|---:|\n"
    rows = "".join(f"| {1922 + i // 12} | {'винтовки' if lang == 'ru' else 'rifles'} {i} | {i * 37} |\n" for i in range(90))
    call = "| 1921 | x[^1] | 0 |\n"
    before = "Абзац перед таблицей.\n\n" if lang == "ru" else "A paragraph before the table.\n\n"
    return before + head + call + rows + ("\n[^1]: В ячейке.\n" if lang == "ru" else "\n[^1]: In a cell.\n")


def test_a_long_table_that_calls_a_note_runs_over_pages_beside_its_translation(tmp_path: Path):
    config = make_project(tmp_path, {"one": (long_table("ru"), long_table("en"))})
    result = run("build", "pdf", "--config", config)
    assert result.exit_code == 0, result.output  # every row on the pages: the nothing-lost check
    pages = pdf_pages(tmp_path / "build" / "test.pdf")
    start = next(n for n, page in enumerate(pages) if "A paragraph before the table" in page)
    # the table starts under the paragraph, its note at the foot of that page, not a page later
    assert "rifles 0" in pages[start] and "In a cell." in pages[start] and "В ячейке." in pages[start]
    # its rows run on, each beside its translation
    for n in (30, 60, 89):
        page = next(p for p in pages if f"rifles {n} " in p or p.rstrip().endswith(f"rifles {n}"))
        assert f"винтовки {n} " in page
