"""The book's furniture in both languages: running heads over each column (the reader's
title on left-hand pages, the article's short title on right-hand ones), bookmarks for
the title page, the contents and every article and section in Russian and English, an
abstract the authors did not head headed as the others, the authors in the contents and
the PDF's Author."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from testing_utils import make_project, pdf_pages, run

TEXT_RU = "Переговоры в Берлине шли медленно, и стороны обменивались длинными нотами о долгах. " * 6
TEXT_EN = "The talks in Berlin went slowly, and the two sides exchanged long notes on debts. " * 6

TITLE_RU = "Германо-советские тайные военные переговоры в связи с Рурским конфликтом (1923)"
TITLE_EN = "German-Soviet Secret Military Negotiations in Connection with the Ruhr Conflict (1923)"
ARTICLE_TOML = f"""\
[title]
ru = "{TITLE_RU}"
en = "{TITLE_EN}"

[title_short]
ru = "Тайные переговоры 1923 года"
en = "Secret Negotiations of 1923"

[[authors]]
ru = "И. Л. Лебедев"
en = "I. L. Lebedev"
"""


def build(tmp_path: Path) -> tuple[list[str], PdfReader, Path]:
    ru = "{.abstract}\nКраткое резюме статьи о переговорах.\n\n" + "\n\n".join([TEXT_RU] * 14) + "\n\n## Итоги\n\n" + TEXT_RU + "\n"
    en = "{.abstract}\nA short abstract of the article on the talks.\n\n" + "\n\n".join([TEXT_EN] * 14) + "\n\n## Results\n\n" + TEXT_EN + "\n"
    config = make_project(tmp_path, {"one": (ru, en)})
    (tmp_path / "sources" / "one" / "article.toml").write_text(ARTICLE_TOML, encoding="utf-8")
    result = run("build", "all", "--config", config)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "build" / "test.pdf"
    return pdf_pages(pdf), PdfReader(io.BytesIO(pdf.read_bytes())), tmp_path / "build"


def outline(reader: PdfReader) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title))

    walk(reader.outline, 0)
    return found


def test_the_furniture_of_the_book_is_in_both_languages(tmp_path: Path):
    pages, reader, built = build(tmp_path)
    text_pages = [n for n, page in enumerate(pages) if "talks in Berlin" in page]
    assert len(text_pages) >= 3
    short = ("Тайные переговоры 1923 года", "Secret Negotiations of 1923")
    for n in text_pages[1:]:
        page = pages[n]
        if n % 2:  # a left-hand page (the first page is page 1): the reader's title in both languages
            assert "Хрестоматия" in page and "Reader" in page and not any(t in page for t in short), page[:200]
        else:  # a right-hand page: the article's short title, in both languages, not the long one
            assert all(t in page for t in short) and "Хрестоматия" not in page, page[:200]
    assert outline(reader) == [
        (0, "Титульный лист / Title page"),
        (0, "Содержание / Contents"),
        (0, f"{TITLE_RU} / {TITLE_EN}"),
        (1, "Резюме / Abstract"),
        (1, "Итоги / Results"),
        (0, "Выходные сведения / Colophon"),
    ]
    # the authors in the contents and in the PDF's metadata
    contents = next(page for page in pages if "Содержание" in page)
    assert "И. Л. Лебедев / I. L. Lebedev" in contents
    assert reader.metadata["/Author"] == "И. Л. Лебедев / I. L. Lebedev"
    # the abstract's heading in print and on screen, in both languages
    first = next(page for page in pages if "Краткое резюме" in page)
    assert first.index("РЕЗЮМЕ") < first.index("Краткое резюме") and "ABSTRACT" in first  # in small capitals
    html = (built / "html" / "one.html").read_text(encoding="utf-8")
    assert '<h2 class="section">Резюме</h2>' in html and '<h2 class="section">Abstract</h2>' in html
