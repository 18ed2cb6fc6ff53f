"""Line blocks (pandoc's ``| line``): verse, a telegram or an address keeps its lines and indents."""

from __future__ import annotations

from pathlib import Path

from testing_utils import make_project, pdf_pages, run

from edition.model import LineBreak, Text
from edition.readers.markdown import read_markdown

RU = "Телеграмма гласила:\n\n| БЕРЛИН ЧИЧЕРИНУ\n|     СРОЧНО\n| ДОГОВОР ПОДПИСАН\n  ДЕВЯТНАДЦАТЬ ЧАСОВ\n|\n| КРАСИН\n"
EN = "The telegram read:\n\n| BERLIN TO CHICHERIN\n|     URGENT\n| TREATY SIGNED\n  NINETEEN HOURS\n|\n| KRASIN\n"


def test_a_line_block_keeps_its_lines_and_indents():
    text, problems = read_markdown(Path("en.md"), "en", EN)
    assert problems == []
    verse = text.blocks[1]
    assert verse.kind == "verse"
    assert verse.paragraphs[0] == (
        Text("BERLIN TO CHICHERIN"), LineBreak(), Text("\u00a0" * 4 + "URGENT"), LineBreak(),
        Text("TREATY SIGNED NINETEEN HOURS"), LineBreak(), LineBreak(), Text("KRASIN"),
    )


def test_a_line_block_is_printed_line_by_line_in_every_format(tmp_path: Path):
    config = make_project(tmp_path, {"one": (RU, EN)})
    result = run("build", "all", "--config", config)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "build" / "html" / "one.html").read_text(encoding="utf-8")
    assert '<p class="verse">BERLIN TO CHICHERIN<br/>\u00a0\u00a0\u00a0\u00a0URGENT<br/>TREATY SIGNED NINETEEN HOURS<br/><br/>KRASIN</p>' in page
    lines = [line.strip() for page in pdf_pages(tmp_path / "build" / "test.pdf") for line in page.splitlines()]
    assert "URGENT" in lines and "KRASIN" in lines and "СРОЧНО" in lines


def test_a_documents_transcription_keeps_its_lines_as_written(tmp_path: Path):
    ru = "Текст телеграммы:\n\n```{.document}\nБЕРЛИН ЧИЧЕРИНУ\n    СРОЧНО *ДВАЖДЫ*\n\nКРАСИН\n```\n"
    en = "The telegram:\n\n{.document}\n```\nBERLIN TO CHICHERIN\n    URGENT *TWICE*\n\nKRASIN\n```\n"
    config = make_project(tmp_path, {"one": (ru, en)})
    result = run("build", "all", "--config", config)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "build" / "html" / "one.html").read_text(encoding="utf-8")
    # no markup in a transcription: the asterisks are the document's
    assert '<p class="verse document">BERLIN TO CHICHERIN<br/>\u00a0\u00a0\u00a0\u00a0URGENT *TWICE*<br/><br/>KRASIN</p>' in page
    lines = [line.strip() for page in pdf_pages(tmp_path / "build" / "test.pdf") for line in page.splitlines()]
    assert "СРОЧНО *ДВАЖДЫ*" in lines and "KRASIN" in lines
