"""Paper sizes, body size, paragraph numbers and hyphenation from the configuration."""

from pathlib import Path

import pytest
from testing_utils import make_project, pdf_pages, pdf_reader

from edition.pipeline import build

RU = " ".join(["Представители военных ведомств продолжали переговоры о сотрудничестве, обсуждая реорганизацию промышленности и взаимоотношения государств."] * 40) + "\n"  # fmt: skip
EN = " ".join(["Representatives negotiated the reorganization of international transportation and telecommunications."] * 40) + "\n"


@pytest.mark.parametrize(("paper", "size"), [("A4", (595, 842)), ("A5", (420, 595)), ("Letter", (612, 792))])
def test_paper_sizes(tmp_path: Path, paper: str, size: tuple[int, int]):
    config = make_project(tmp_path, {"one": (RU, EN)}, extra=f'\n[layout]\npaper = "{paper}"\n')
    (pdf,) = build(config, ["pdf"])
    box = pdf_reader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_hyphenation_uses_a_hyphen_the_font_has(tmp_path: Path):
    config = make_project(tmp_path, {"one": (RU, EN)}, extra='\n[layout]\npaper = "A5"\n')
    (pdf,) = build(config, ["pdf"])
    text = "\n".join(pdf_pages(pdf))
    assert "\u2010" not in text
    broken = [line for line in text.splitlines() if line.endswith("-") and line[-2:-1].isalpha()]
    assert any(any("а" <= c <= "я" for c in line) for line in broken), "no Russian word hyphenated"
    assert any(line[-2].isascii() for line in broken), "no English word hyphenated"


def test_without_paragraph_numbers_and_hyphenation(tmp_path: Path):
    extra = "\n[layout]\nparagraph_numbers = false\nhyphenate = false\nfont_size = 11\n"
    config = make_project(tmp_path, {"one": ("Один.\n\nДва.\n\nТри.\n", "One.\n\nTwo.\n\nThree.\n")}, extra=extra)
    (pdf,) = build(config, ["pdf"])
    page = next(page for page in pdf_pages(pdf) if "Два" in page)  # the article, not the colophon after it
    lines = [line.strip() for line in page.splitlines()]
    assert "2" not in lines[:-1] and "Два. Two." in " ".join(lines)
