"""Page numbers the text gives: each entry of an article's list of corrections names the
page of the book where its correction stands («§ 3 «…» исправлено на «…» (…), с. 5»), in every way the book is made."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from testing_utils import make_project, pdf_pages, run

from edition.pipeline import load_edition
from edition.render.book import read_destinations, typeset_whole

FILLER_RU = "Делегации обсуждали условия соглашения, и каждая сторона настаивала на своих требованиях. " * 14
FILLER_EN = "The delegations discussed the terms of the agreement, and each side pressed its own demands. " * 14


def sources(typos: list[str]) -> tuple[str, str]:
    """Paragraphs of filler, each fifth with a misprint to correct: the corrections fall on several pages."""
    ru, en = ["## Введение\n"], ["## Introduction\n"]
    for n in range(1, 21):
        typo = f" Опечатка {typos[n // 5 - 1]} здесь." if n % 5 == 0 else ""
        ru.append(FILLER_RU + typo + "\n")
        en.append(FILLER_EN + (" A misprint here." if typo else "") + "\n")
    return "\n".join(ru), "\n".join(en)


TYPOS = ["первая", "вторая", "пятая", "шестая"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("page-refs")
    ru, en = sources(TYPOS)  # corrected: the original printed a Latin «a» in each
    config = make_project(root, {"art": (ru, en)})
    toml = root / "sources" / "art" / "article.toml"
    entries = "".join(
        f'\n[[corrections]]\noriginal = "Опечатка {word.replace("а", "a", 1)} здесь"\ncorrected = "Опечатка {word} здесь"\n' for word in TYPOS
    )
    toml.write_text(toml.read_text(encoding="utf-8") + entries, encoding="utf-8")
    return config


def corrections_lists(pdf: bytes) -> tuple[str, str]:
    """The text of the Russian and the English list of corrections, as their columns read (the
    numbers the join stamps come last in a page's stream: the text is read by position)."""
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines = page.extract_text(extraction_mode="layout").splitlines()
        heads = [n for n, line in enumerate(lines) if "CORRECTIONS OF" in line]
        if heads:
            column = lines[heads[0]].index("CORRECTIONS OF")
            below = lines[heads[0] + 1 :]
            return tuple(re.sub(r"\s+", " ", " ".join(line[a:b] for line in below)) for a, b in ((0, column), (column, None)))  # type: ignore[return-value]
    raise AssertionError("no list of corrections")


def listed_pages(text: str, label: str) -> list[tuple[int, int]]:
    """(§, page) of each entry of a list of corrections, as its text reads."""
    return [(int(m[1]), int(m[2])) for m in re.finditer(rf"§ (\d+) «[^§]*?, {re.escape(label)} (\d+)", text)]


def test_each_correction_names_the_page_of_the_book_it_stands_on(project: Path, tmp_path: Path):
    result = run("build", "pdf", "--config", project, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "test.pdf").read_bytes()
    destinations = read_destinations(pdf)
    marks = [destinations[f"a1-corrmark-{n}"] + 1 for n in range(1, 5)]
    assert len(set(marks)) >= 3, "the corrections stand on several pages"
    assert marks[0] > 2, "after the title page and contents"
    ru, en = corrections_lists(pdf)
    assert listed_pages(ru, "с.") == [(5, marks[0]), (10, marks[1]), (15, marks[2]), (20, marks[3])]
    assert listed_pages(en, "p.") == [(5, marks[0]), (10, marks[1]), (15, marks[2]), (20, marks[3])]
    pages = pdf_pages(pdf)
    # in the page's stream the number follows «с.»: it reads (is searched, copied) in its place
    listing = next(page for page in pages if "ИСПРАВЛЕНИЯ" in page)
    assert [int(n) for n in re.findall(r"\), с\. (\d+)", listing)] == marks
    for word, page in zip(TYPOS, marks, strict=True):  # the page given is the page the book prints that number on
        assert f"Опечатка {word}* здесь" in re.sub(r"\s+", " ", pages[page - 1])
        assert re.search(rf"(?m)^\s*{page}\s*$", pages[page - 1]), f"page {page} prints its number"
    assert not [name for name in destinations if name.startswith("pageof-")], "the blanks are not destinations of the book"


def test_the_book_typeset_as_one_document_gives_the_same_pages(project: Path, tmp_path: Path):
    whole = typeset_whole(load_edition(project))
    marks = [whole.anchors[f"a1-corrmark-{n}"] + 1 for n in range(1, 5)]
    assert listed_pages(corrections_lists(whole.pdf)[0], "с.") == [(5, marks[0]), (10, marks[1]), (15, marks[2]), (20, marks[3])]


def test_the_screen_editions_give_no_page(project: Path, tmp_path: Path):
    result = run("build", "html", "--config", project, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "html" / "art.html").read_text(encoding="utf-8")
    assert "§&#160;5</a>" in page and "page-ref" not in page
