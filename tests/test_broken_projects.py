"""A corpus of broken and hostile projects: each is refused with a located message, never a traceback.

Each case changes a fresh copy of the small reader (tests/fixtures/mini) and
runs ``edition check`` and ``edition build html`` in-process, exceptions not
caught: a Python exception fails the test where a user would have seen a
traceback. The expected line is what the user reads: the file and line to
blame, and what is wrong. A case that the sources checks cannot see is
built only (a template or typesetting problem).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from testing_utils import copy_mini, run


@dataclass(frozen=True)
class Case:
    name: str
    change: Callable[[Path], None]
    """Breaks the project at the folder given."""
    code: int
    """The exit code of check and build."""
    expected: str
    """A line of the report, its path relative to the project folder."""


def _edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def _write(relative: str, data: bytes | str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.is_file():
            path.unlink()
        path.write_bytes(data if isinstance(data, bytes) else data.encode())

    return change


def _link(relative: str, target: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / relative
        if path.is_dir() and not path.is_symlink():
            import shutil

            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        path.symlink_to(root.parent / target if not target.startswith("/") else target)

    return change


def _both(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        for one in changes:
            one(root)

    return change


ALPHA_RU = "sources/alpha/ru.md"
ALPHA_EN = "sources/alpha/en.md"
CITE = "[^1]: [Цит. по: @gorlov2001, с. 76]."

CASES = [
    Case("toml-syntax", _edit("edition.toml", 'name = "mini"', 'name = "mini'), 2, "edition.toml:2:"),
    Case("articles-not-a-list", _edit("edition.toml", 'articles = ["alpha", "beta"]', 'articles = "alpha"'), 2, "edition.toml:7: reader.articles:"),
    Case("article-missing", _edit("edition.toml", '"beta"]', '"gamma"]'), 2, "edition.toml:7: reader.articles[1]: article folder"),
    Case("article-path", _edit("edition.toml", '"beta"]', '"../../../etc"]'), 2, "edition.toml:7: reader.articles[1]: '../../../etc' is not an article folder name"),
    Case("article-linked-outside", _both(_write("../elsewhere/beta/article.toml", '[title]\nru = "Б"\nen = "B"\n'), _link("sources/beta", "elsewhere/beta")), 2, "edition.toml:7: reader.articles[1]: article folder sources/beta is a link to a folder outside"),
    Case("date", _edit("edition.toml", '"2026-01-15"', '"2026-02-30"'), 2, "edition.toml:6: reader.date: '2026-02-30' is not a date"),
    Case("csl-not-csl", _edit("edition.toml", "[paths]", '[citations]\nru = "sources/alpha/ru.md"\n\n[paths]'), 2, "edition.toml:10: citations.ru: sources/alpha/ru.md is not a CSL style"),
    Case("csl-outside", _edit("edition.toml", "[paths]", '[citations]\nen = "/etc/passwd"\n\n[paths]'), 2, "edition.toml:10: citations.en: CSL style /etc/passwd lies outside"),
    Case("source-linked-outside", _both(_write("../secret.md", "root:x:0:0\n"), _link(ALPHA_RU, "secret.md")), 3, f"{ALPHA_RU}: the file lies outside"),
    Case("source-a-folder", _both(_link(ALPHA_RU, "/nonexistent"), lambda root: ((root / ALPHA_RU).unlink(), (root / ALPHA_RU).mkdir())), 3, f"{ALPHA_RU}: cannot read the file"),
    Case("nul-byte", _edit(ALPHA_RU, "Делегации", "Деле\x00гации"), 3, f"{ALPHA_RU}:3: a control character (U+0000)"),
    Case("stray-bytes", lambda root: (root / ALPHA_RU).write_bytes((root / ALPHA_RU).read_bytes().replace("Рапалло".encode(), b"\xd0\xe0\xef")), 3, f"{ALPHA_RU}:8: not UTF-8: the byte 0xd0 at column 47"),
    Case("binary", _write(ALPHA_EN, os.urandom(64) + b"\xff\xfe\x00"), 3, f"{ALPHA_EN}:"),
    Case("empty", _write(ALPHA_EN, ""), 3, f"{ALPHA_EN}:1: the article has no text in this file"),
    Case("blocks", _edit(ALPHA_EN, "## Conclusion", "An extra paragraph.\n\n## Conclusion"), 3, f"{ALPHA_EN}:15: ru.md has 4 blocks and en.md has 5 here"),
    Case("note-in-note", _edit(ALPHA_RU, "[^2]: Первый абзац примечания.", "[^2]: Первый абзац примечания.[^1]"), 3, f"{ALPHA_RU}:12: footnote [^1] is called inside note [^2]"),
    Case("same-id", _edit(ALPHA_RU, "## Заключение {#end}", "## Заключение {#intro}"), 3, f"{ALPHA_RU}:18: {{#intro}} is given to two blocks"),
    Case("javascript-link", _edit(ALPHA_RU, "Делегации", "[Делегации](javascript:alert(1))"), 3, f"{ALPHA_RU}:3: link 'javascript:alert(1)': javascript: links are not kept"),
    Case("file-link", _edit(ALPHA_EN, "Delegations", "[Delegations](file:///etc/passwd)"), 3, f"{ALPHA_EN}:3: link 'file:///etc/passwd': file: links"),
    Case("unknown-key", _edit(ALPHA_RU, "@gorlov2001", "@nobody1999"), 3, f"{ALPHA_RU}:10:"),
    Case("article-toml", _write("sources/alpha/article.toml", '[title]\nru = "А"\n'), 3, "sources/alpha/article.toml:"),
    # a problem of an entry stops the build when the entry is cited
    Case("bib-crossref-cycle", _both(_write("bibliography/more.bib", "@book{a,\n  crossref = {b},\n  title = {A},\n}\n\n@book{b,\n  crossref = {a},\n  title = {B},\n}\n"), _edit(ALPHA_RU, "@gorlov2001", "@a")), 3, "bibliography/more.bib:2: entry 'a': crossref cycle a -> b -> a"),
    Case("bib-crossref-self", _both(_write("bibliography/more.bib", "@book{self,\n  crossref = {self},\n  title = {S},\n  date = {2001},\n}\n"), _edit(ALPHA_RU, "@gorlov2001", "@self")), 3, "bibliography/more.bib:2: entry 'self': crossref cycle self -> self"),
    Case("bib-undefined-string", _edit("bibliography/mini.bib", "location = {М.}", "location = moscow"), 3, "bibliography/mini.bib:"),
    Case("bib-linked-outside", _both(_write("../secret.bib", "root:x:0:0\n"), _link("bibliography/more.bib", "secret.bib")), 3, "bibliography/more.bib: the .bib file lies outside"),
    Case("bib-unknown-command", _edit("bibliography/mini.bib", "{Совершенно секретно}", "{Совершенно \\foo{секретно}}"), 3, "bibliography/mini.bib:3: entry 'gorlov2001': title: LaTeX command \\foo"),
    Case("deep-quotes", _edit(ALPHA_RU, "> «Мы", ">" * 200 + " «Мы"), 3, f"{ALPHA_RU}:"),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_broken_project_is_refused_where_it_is_broken(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    config = copy_mini(tmp_path / "mini")
    case.change(tmp_path / "mini")
    monkeypatch.chdir(tmp_path / "mini")
    for command in (("check",), ("build", "html")):
        result = run(*command, "--config", config)
        assert "Traceback" not in result.output
        assert result.exit_code == case.code, result.output
        assert case.expected in result.output, result.output
        assert "root:x:0:0" not in result.output
    assert not (tmp_path / "mini" / "build").exists()
