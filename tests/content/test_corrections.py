"""The corrections of the authors' words: each listed in article.toml at its line of the raw text."""

from __future__ import annotations

import re

import pytest
from testing_utils import ROOT

from edition.model import Correction
from edition.readers.article import read_article

SOURCES = ROOT / "sources"
ARTICLES = sorted(p.parent.name for p in SOURCES.glob("*/original.txt"))


def corrections(slug: str) -> tuple[Correction, ...]:
    source, problems = read_article(SOURCES / slug)
    assert problems == [] and source is not None
    return source.meta.corrections


def raw_lines(slug: str) -> list[str]:
    return (SOURCES / slug / "original.txt").read_text(encoding="utf-8").split("\n")


def folded(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("slug", ARTICLES)
def test_each_correction_names_the_raw_text_at_its_line_and_the_source_has_the_corrected_words(slug: str):
    lines = raw_lines(slug)
    russian = folded((SOURCES / slug / "ru.md").read_text(encoding="utf-8"))
    for correction in corrections(slug):
        assert correction.line is not None
        at = folded(" ".join(lines[correction.line - 1 : correction.line + 1]))  # a correction may run onto the next line
        assert folded(correction.original) in at, f"original.txt:{correction.line}: {correction.original!r} is not there"
        assert folded(correction.corrected) in russian, f"ru.md does not have {correction.corrected!r}"


@pytest.mark.parametrize("slug", ARTICLES)
def test_a_word_run_into_a_year_is_a_listed_correction(slug: str):
    # «с 30 апреля1922 г.» (soviet-german-origins, line 309): the space the print lost is restored, and said
    # (an entry may give words around it, so that it names one place of the text)
    listed = [(c.line, c.original, c.corrected) for c in corrections(slug)]
    for number, line in enumerate(raw_lines(slug), start=1):
        for glued in re.finditer(r"[а-яё]+(?=\d{4}\b)", line):
            word = line[glued.start() : glued.end() + 4]
            spaced = f"{glued.group()} {word[-4:]}"
            assert any(at == number and word in old and spaced in new for at, old, new in listed), f"original.txt:{number}: {word!r} is not among the corrections"


def test_the_bundled_misprint_of_a_date_is_found():
    entries = {(c.line, c.original, c.corrected) for c in corrections("soviet-german-origins")}
    assert (309, "апреля1922 г. Базовый", "апреля 1922 г. Базовый") in entries
