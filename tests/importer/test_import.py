"""`edition import`: the command, its safety, and a PDF as input."""

from __future__ import annotations

from pathlib import Path

import pytest
from testing_utils import ROOT, run

from edition.importer import import_article

SEED = ROOT / "sources" / "ruhr-negotiations-1923" / "original.txt"


def test_the_command_writes_the_draft_and_its_report(tmp_path: Path):
    into = tmp_path / "sources" / "ruhr-draft"
    result = run("import", SEED, "--lang", "ru", "--into", into)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in into.iterdir()) == ["article.toml", "en.md", "import-report.md", "original.txt", "ru.md"]
    assert (into / "original.txt").read_bytes() == SEED.read_bytes()
    assert "4 places to check, listed in" in result.output  # calls 20, 21; the Fokker repeats
    report = (into / "import-report.md").read_text(encoding="utf-8")
    assert "original.txt:275: [note] call 20 has no note text" in report


def test_an_existing_source_is_not_overwritten_without_force(tmp_path: Path):
    into = tmp_path / "ruhr"
    into.mkdir()
    (into / "ru.md").write_text("Рукопись редактора.\n", encoding="utf-8")
    result = run("import", SEED, "--into", into)
    assert result.exit_code == 3
    assert "already holds ru.md; nothing was written" in result.output
    assert "--force" in result.output
    assert sorted(p.name for p in into.iterdir()) == ["ru.md"]
    assert (into / "ru.md").read_text(encoding="utf-8") == "Рукопись редактора.\n"
    result = run("import", SEED, "--into", into, "--force")
    assert result.exit_code == 0, result.output
    assert (into / "ru.md").read_text(encoding="utf-8").startswith("## Резюме {.abstract}")
    assert not list(into.glob(".*.part"))


def test_a_text_that_is_not_utf8_is_refused_with_the_encoding_guessed(tmp_path: Path):
    raw = tmp_path / "article.txt"
    raw.write_bytes("Переговоры, хронологически занимающие всего несколько месяцев.\n".encode("cp1251"))
    result = run("import", raw, "--into", tmp_path / "draft")
    assert result.exit_code == 3
    assert "not UTF-8" in result.output and "it looks like cp1251" in result.output
    assert "iconv -f cp1251 -t utf-8" in result.output
    assert not (tmp_path / "draft").exists()


def test_a_missing_file_and_a_folder_name_that_is_not_a_slug_are_reported(tmp_path: Path):
    result = run("import", tmp_path / "missing.txt", "--into", tmp_path / "Not_A_Slug")
    assert result.exit_code == 3
    assert "missing.txt: file not found" in result.output
    assert "the folder name 'Not_A_Slug' is not a slug" in result.output


NOTES = {
    "Горлов": "Горлов С. А. Совершенно секретно: Альянс Москва — Берлин. М., 2001.",
    "Штейн": "Штейн Б. Е. Вступительная статья. М., 1945. С. 13.",
}
PARAGRAPHS = [
    (
        "Переговоры, хронологически занимающие всего несколько месяцев, были решающим этапом в подготовке "
        "германо-советского военного сотрудничества<span class=fn>{Горлов}</span>, что отмечено главными "
        "исследователями истории этого сотрудничества."
    ),
    (
        "С одиннадцатого по шестнадцатое января французские и бельгийские войска заняли Рурский регион с целью "
        "контроля за возобновлением поставок угля и древесины в счет репараций. Огромные репарации были в руках "
        "Франции оружием<span class=fn>{Штейн}</span> против экономического возрождения Германии."
    ),
    (
        "Население Рура призывали не выполнять требования оккупационных властей и прекратить работу в шахтах. "
        "Оккупация стала новой трагедией, вызвавшей волну насилия и укрепившей неприязнь к соседям."
    ),
    (
        "Немецкое правительство пришло к выводу, что попытки договориться в данной политической ситуации будут "
        "бесплодны. Министр иностранных дел смог убедить кабинет не прибегать к апелляции к Лиге наций."
    ),
    (
        "Намерения начавшей военные приготовления Польши не вызывали никаких сомнений у правительств уже к концу "
        "января, когда министр заявил о готовности к совместным действиям."
    ),
]
STYLE = """
@page { size: A6; margin: 1.5cm 1.2cm;
  @top-center { content: "Вестник истории"; font-size: 7pt }
  @bottom-center { content: counter(page); font-size: 7pt } }
body { font-size: 9pt }
p { hyphens: auto; text-align: justify; margin: 0; text-indent: 1.5em }
.fn { float: footnote; font-size: 7pt }
::footnote-call { content: counter(footnote); vertical-align: super; font-size: 6pt }
::footnote-marker { content: counter(footnote) }
"""


@pytest.fixture(scope="module")
def article_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import weasyprint

    body = "".join(f"<p>{p.format(**NOTES)}</p>" for p in PARAGRAPHS)
    path = tmp_path_factory.mktemp("pdf") / "article.pdf"
    weasyprint.HTML(string=f"<html lang=ru><head><style>{STYLE}</style></head><body>{body}</body></html>").write_pdf(path)
    return path


def test_a_pdf_is_imported(tmp_path: Path, article_pdf: Path):
    result = import_article(article_pdf, "ru", tmp_path / "from-pdf")
    ru = (tmp_path / "from-pdf" / "ru.md").read_text(encoding="utf-8")
    original = (tmp_path / "from-pdf" / "original.txt").read_text(encoding="utf-8")
    assert original.count("\f") == 1  # two pages, as extracted
    expected = [p.replace("<span class=fn>{Горлов}</span>", "[^1]").replace("<span class=fn>{Штейн}</span>", "[^2]") for p in PARAGRAPHS]
    expected.insert(1, f"[^1]: {NOTES['Горлов']}")
    expected.insert(3, f"[^2]: {NOTES['Штейн']}")
    assert ru == "\n\n".join(expected) + "\n"
    topics = {f.topic for f in result.draft.changes}
    assert "furniture" in topics  # the running head and the page numbers
    assert all(h.sure for h in result.draft.hyphens)


def test_a_folder_that_cannot_be_written_is_an_output_error(tmp_path: Path):
    (tmp_path / "sources").write_text("a file where the sources folder should be\n", encoding="utf-8")
    result = run("import", SEED, "--into", tmp_path / "sources" / "ruhr-draft")
    assert result.exit_code == 7, result.output
    assert "sources/ruhr-draft: the output could not be written:" in result.output
    assert "hint: move that file away, or write elsewhere (--into)" in result.output
