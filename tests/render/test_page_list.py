"""The EPUB made with the PDF lists the PDF's pages (its navigation document's page-list),
each leading to where the page begins: "p. 7" can be found on an e-reader."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from testing_utils import epubcheck, make_project, run

from edition.render.book import read_destinations

RU = "Переговоры в Берлине шли медленно, и стороны обменивались длинными нотами о долгах и торговле. " * 5
EN = "The talks in Berlin went slowly, and the two sides exchanged long notes on debts and trade. " * 5


def project(tmp_path: Path) -> Path:
    ru = "\n\n".join([RU] * 12 + ["## Итоги", RU, RU]) + "\n"
    en = "\n\n".join([EN] * 12 + ["## Results", EN, EN]) + "\n"
    return make_project(tmp_path, {"one": (ru, en)})


def page_list(epub: Path) -> list[tuple[int, str, str]]:
    with zipfile.ZipFile(epub) as archive:
        nav = next(archive.read(n).decode() for n in archive.namelist() if n.endswith("nav.xhtml"))
    found = re.search(r"<nav epub:type=\"page-list\".*?</nav>", nav, re.DOTALL)
    if found is None:
        return []
    return [(int(n), page, anchor) for page, anchor, n in re.findall(r'<a href="([^"#]+)#([^"]+)">(\d+)</a>', found.group(0))]


def test_the_epub_made_with_the_pdf_lists_its_pages(tmp_path: Path):
    config = project(tmp_path)
    result = run("build", "all", "--config", config)
    assert result.exit_code == 0, result.output
    built = tmp_path / "build"
    destinations = read_destinations((built / "test.pdf").read_bytes())
    entries = page_list(built / "test.epub")
    # every page of the article's text, in order, from the page its title is on
    numbers = [n for n, _, _ in entries]
    assert numbers == list(range(destinations["a1"] + 1, numbers[-1] + 1)) and len(numbers) >= 3
    assert entries[0][1:] == ("one.xhtml", "a1")
    with zipfile.ZipFile(built / "test.epub") as archive:
        page = next(archive.read(n).decode() for n in archive.namelist() if n.endswith("one.xhtml"))
    pairs = re.findall(r'<div class="pair[^"]*" id="(a1-[^"]+)"', page)  # the §§ and headings, in order
    assert len(pairs) == 15
    for number, _, anchor in entries[1:]:
        # the first § or heading that starts on that page; on a page one § fills, that §
        starting = [p for p in pairs if destinations[p] + 1 == number]
        running = [p for p in pairs if destinations[p] + 1 < number][-1]
        assert anchor == (starting[0] if starting else running), (number, anchor)
    # its source is said, as accessibility metadata asks
    with zipfile.ZipFile(built / "test.epub") as archive:
        opf = next(archive.read(n).decode() for n in archive.namelist() if n.endswith(".opf"))
    assert '<meta property="pageBreakSource">Reader, 0.1.0, PDF</meta>' in opf
    assert "printPageNumbers" in opf
    [(report, messages)] = epubcheck(built / "test.epub")
    assert (report["nError"], report["nWarning"], report["nFatal"]) == (0, 0, 0), messages


def test_an_epub_made_alone_has_no_page_list(tmp_path: Path):
    result = run("build", "epub", "--config", project(tmp_path))
    assert result.exit_code == 0, result.output
    assert page_list(tmp_path / "build" / "test.epub") == []
