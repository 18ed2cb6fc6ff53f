"""Lists: bulleted and numbered, nested, tight and loose, with notes; one block per language,
or aligned item by item; in the PDF, the HTML edition and the EPUB."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from testing_utils import epubcheck, make_project, pdf_pages, run

RU = """\
Договор состоял из шести статей:

3. Отказ от взаимных претензий.[^a]
4. Восстановление дипломатических отношений.

   Консульства открывались немедленно.

   - в Берлине;
   - в Москве.
5. Принцип наибольшего благоприятствования.

Делегаты разошлись.

{.by-item}
- Первый пункт.
- Второй пункт.

[^a]: Статья 1 договора.
"""
EN = """\
The treaty had six articles:

3. Mutual renunciation of claims.[^a]
4. Restoration of diplomatic relations.

   Consulates opened at once.

   - in Berlin;
   - in Moscow.
5. Most-favoured-nation treatment.

The delegates parted.

{.by-item}
- The first point.
- The second point.

[^a]: Article 1 of the treaty.
"""

NESTED_EN = (
    '<ol class="loose" start="3"><li><p>Mutual renunciation of claims.'
    '<a class="noteref" id="a1-fnref-en-1" href="#a1-fn-en-1" role="doc-noteref">1</a></p></li>'
    "<li><p>Restoration of diplomatic relations.</p><p>Consulates opened at once.</p>"
    '<ul class="tight"><li>in Berlin;</li><li>in Moscow.</li></ul></li>'
    "<li><p>Most-favoured-nation treatment.</p></li></ol>"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lists")
    config = make_project(root, {"one": (RU, EN)})
    result = run("build", "all", "--config", config)
    assert result.exit_code == 0, result.output
    return root / "build"


def test_a_list_is_nested_numbered_from_its_start_and_keeps_its_paragraphs_and_notes(built: Path):
    page = (built / "html" / "one.html").read_text(encoding="utf-8")
    assert NESTED_EN in page
    assert '<ol class="loose" start="3"><li><p>Отказ от взаимных претензий.' in page
    with zipfile.ZipFile(built / "test.epub") as epub:
        xhtml = epub.read("OEBPS/one.xhtml").decode()
    ElementTree.fromstring(xhtml)  # well-formed
    assert NESTED_EN.replace('href="#a1-fn-en-1"', 'href="#a1-fn-en-1" epub:type="noteref"') in xhtml


def test_a_list_is_one_pair_or_a_pair_per_item(built: Path):
    page = (built / "html" / "one.html").read_text(encoding="utf-8")
    numbers = re.findall(r'class="pnum"[^>]*>(\d+)<', page)
    assert numbers == ["1", "2", "3", "4", "5"]  # intro, the list, a paragraph, two items
    assert '<ul class="tight"><li>The second point.</li></ul>' in page


def test_the_pdf_prints_every_item_beside_its_translation(built: Path):
    pages = pdf_pages(built / "test.pdf")
    text = "\n".join(pages)
    for words in ("Консульства открывались немедленно.", "Consulates opened at once.", "in Moscow.", "Mutual renunciation of claims.", "Most-favoured-nation treatment."):
        assert words in text
    article = next(p for p in pages if "Mutual renunciation" in p)
    assert "Article 1 of the treaty." in article  # the note on the page of its call


@pytest.mark.skipif(shutil.which("java") is None, reason="EPUBCheck needs Java (apt-get install default-jre-headless)")
def test_epubcheck_accepts_the_lists(built: Path):
    ((counts, messages),) = epubcheck(built / "test.epub")
    assert messages == []
    assert (counts["nFatal"], counts["nError"], counts["nWarning"]) == (0, 0, 0)


def test_the_printed_list_numbers_from_its_first_number():
    """WeasyPrint does not read ``start``: the print markup resets the list's counter
    (the numbers are drawn as markers, which the PDF's text layer does not hold)."""
    from weasyprint import HTML

    from edition.model import ListLevel
    from edition.render.inline import _list_open

    markup = str(_list_open(ListLevel(True, 3), 0, counter=True)) + "<li>a</li><li>b</li></ol>"

    def texts(box: object) -> list[tuple[str, str]]:
        own = [(str(getattr(box, "element_tag", "")), box.text)] if hasattr(box, "text") else []
        return own + [t for child in getattr(box, "children", []) for t in texts(child)]

    page = HTML(string=str(markup)).render().pages[0]._page_box
    assert [text.strip() for tag, text in texts(page) if tag.endswith("::marker")] == ["3.", "4."]
