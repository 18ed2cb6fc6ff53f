"""Numbering footnotes: what a note may not contain."""

from pathlib import Path

from testing_utils import make_project, run


def test_a_note_called_inside_another_note_is_reported(tmp_path: Path):
    ru = "Текст.[^a]\n\n[^a]: Примечание со ссылкой.[^b]\n\n[^b]: Вложенное примечание.\n"
    en = "Text.[^a]\n\n[^a]: A note.\n"
    config = make_project(tmp_path, {"one": (ru, en)})
    for command in ("check", "build"):
        result = run(command, "--config", config)
        assert result.exit_code == 3, result.output
        assert "sources/one/ru.md:3: footnote [^b] is called inside note [^a]; a note has no notes of its own" in result.output
    assert not (tmp_path / "build").exists()
