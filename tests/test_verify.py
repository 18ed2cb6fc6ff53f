"""The nothing-lost check: a PDF that drops or misplaces anything is refused."""

import shutil
from pathlib import Path

import pytest
from testing_utils import ROOT, TEMPLATES, make_project, run

from edition.errors import Problem, VerificationError
from edition.model import Edition
from edition.pipeline import load_edition
from edition.render import PrintPart, render_pdf, typeset_part
from edition.verify import check_pdf, check_typeset, read_pdf, verify_pdf, words

RU = "Первый абзац о конференции в Генуе.[^1]\n\nВторой абзац о договоре в Рапалло.\n\n[^1]: Примечание о Генуе.\n"
EN = "The first paragraph on the conference at Genoa.[^1]\n\nThe second paragraph on the treaty at Rapallo.\n\n[^1]: A note on Genoa.\n"


def project_with_css(tmp_path: Path, css: str, ru: str = RU, en: str = EN, extra: str = "") -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    sheet = templates / "print.css.j2"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n" + css + "\n", encoding="utf-8")
    return make_project(tmp_path / "project", {"one": (ru, en)}, templates=templates, extra=extra)


def test_the_bundled_style_passes(tmp_path: Path):
    config = project_with_css(tmp_path, "")
    edition = load_edition(config)
    report = verify_pdf(edition, render_pdf(edition).data)
    assert report.problems == [] and report.notes == 2 and report.words > 20


def test_a_hidden_paragraph_is_reported_with_its_number_and_language(tmp_path: Path):
    config = project_with_css(tmp_path, "#a1-p2 td.en p { display: none; }")
    result = run("build", "pdf", "--config", config)
    assert result.exit_code == 5
    assert "§ 2 (en): words missing from the PDF: the, second, paragraph" in result.output
    assert "sources/one/en.md:3:" in result.output
    assert not (config.parent / "build" / "test.pdf").exists()
    assert (config.parent / "build" / "test.rejected.pdf").exists()


def test_a_missing_note_body(tmp_path: Path):
    config = project_with_css(tmp_path, ".fn-side[lang=en] { display: none; }")
    edition = load_edition(config)
    with pytest.raises(VerificationError) as caught:
        verify_pdf(edition, render_pdf(edition).data)
    messages = [p.message for p in caught.value.problems]
    assert any("the body of note 1 (en) is missing from the PDF" in m for m in messages)
    assert not any("(ru)" in m for m in messages)
    assert [p.message for p in problems_found(edition, "typeset")] == messages


def problems_found(edition: Edition, way: str) -> list[Problem]:
    """The problems of the book as one document: read back from its PDF, or from its pages as typeset."""
    if way == "pdf":
        return check_pdf(edition, render_pdf(edition).data).problems
    typeset = typeset_part(edition, PrintPart("book"))
    return check_typeset(edition, typeset, edition.articles).problems


@pytest.mark.parametrize("way", ["pdf", "typeset"])
def test_a_note_printed_twice(tmp_path: Path, way: str):
    config = project_with_css(tmp_path, '.fn-side[lang=ru]::after { content: " 1. Примечание о Генуе."; }')
    problems = problems_found(load_edition(config), way)
    assert [p.message.split(": ", 1)[1] for p in problems] == ["note 1 (ru) is printed 2 times"]


@pytest.mark.parametrize("css", ["#a1-p2 td.en p { display: none; }", "#a1-p2 td.en p { visibility: hidden; }"])
def test_hidden_words_are_missing_from_the_typeset_pages_as_from_the_pdf(tmp_path: Path, css: str):
    edition = load_edition(project_with_css(tmp_path, css))
    messages = [p.message for p in problems_found(edition, "typeset")]
    assert len(messages) == 1 and "§ 2 (en): words missing from the PDF: the, second, paragraph" in messages[0]
    assert [p.message for p in problems_found(edition, "pdf")] == messages


def test_a_part_is_checked_as_typeset_with_the_words_its_pdf_gives_back():
    """The words of each page as laid out are those read back from the PDF, and the
    anchors are its named destinations: the check of a part just typeset reads the
    former (five times quicker), a release's check reads the PDF."""
    edition = load_edition(ROOT / "edition.toml")
    parts = [PrintPart("article", (article,)) for article in edition.articles] + [PrintPart("back")]
    for part in parts:
        typeset = typeset_part(edition, part)
        read = read_pdf(typeset.pdf, list(typeset.anchors))
        assert [words(text) for text in typeset.texts] == read.pages
        assert sum(len(page) for page in read.pages) > 1000
        assert read.destinations == typeset.anchors
        # the anchors of a page in the same order down it
        assert sorted(typeset.anchors, key=lambda a: (typeset.anchors[a], typeset.depths[a])) == sorted(
            read.destinations, key=lambda a: (read.destinations[a], read.depths[a])
        )


def test_a_note_on_another_page_than_its_call(tmp_path: Path):
    long_ru = " ".join(["Это длинное предложение о переговорах в Берлине и Москве."] * 160)
    long_en = " ".join(["This is a long sentence about the negotiations in Berlin and Moscow."] * 160)
    ru = f"{long_ru}[^1]\n\n[^1]: Примечание.\n"
    en = f"{long_en}[^1]\n\n[^1]: A note.\n"
    # rows with notes allowed to break, and no splitting: the call ends up pages after the body
    config = project_with_css(
        tmp_path, "tr.row.notes { break-inside: auto; }", ru, en, extra="\n[layout]\nsplit_chars = 100000\n"
    )
    edition = load_edition(config)
    for way in ("pdf", "typeset"):
        messages = [p.message for p in problems_found(edition, way)]
        assert any("note 1 (ru) is called on page" in m and "but printed on page" in m for m in messages), messages


def test_words_fold_hyphenation_case_and_glued_note_numbers():
    assert words("Германо-\nсоветских договоров19 в 1921 г.15") == ["германо-", "советских", "договоров", "19", "в", "1921", "г", "15"]
    assert words("«Fokker D-XIII»") == ["fokker", "dxiii"]


@pytest.mark.parametrize("way", ["pdf", "typeset"])
def test_a_figure_whose_image_is_not_drawn(tmp_path: Path, way: str):
    from testing_utils import PNG

    ru, en = "![Карта Рура](map.png){#fig-map}\n\nАбзац.\n", "![A map of the Ruhr](map.png){#fig-map}\n\nA paragraph.\n"
    config = project_with_css(tmp_path, "figure img { display: none; }", ru, en)
    (config.parent / "sources" / "one" / "map.png").write_bytes(PNG)
    problems = problems_found(load_edition(config), way)
    assert [p.message for p in problems] == ["the image of figure 1 (ru) is not drawn on its page (3)", "the image of figure 1 (en) is not drawn on its page (3)"]
    clean = project_with_css(tmp_path / "clean", "", ru, en)
    (clean.parent / "sources" / "one" / "map.png").write_bytes(PNG)
    assert problems_found(load_edition(clean), way) == []
