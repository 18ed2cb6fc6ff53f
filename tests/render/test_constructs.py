"""An article with every construct of the source format, in both languages (tests/fixtures/constructs),
built in every format: nothing lost, each construct where it belongs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from testing_utils import FIXTURES, epubcheck, pdf_pages

from edition.pipeline import build


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("constructs")
    shutil.copytree(FIXTURES / "constructs", root / "constructs")
    (root / "templates").symlink_to(Path(__file__).resolve().parents[2] / "templates")
    config = root / "constructs" / "edition.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"../../../templates"', '"../templates"'), encoding="utf-8")
    outputs = build(config, ["pdf", "html", "epub"])  # the PDF passed the nothing-lost check
    return {path.suffix: path for path in outputs}


def words(pages: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(pages))


def test_the_pdf_prints_every_construct(built: dict[str, Path]):
    text = words(pdf_pages(built[".pdf"]))
    # lines and indents of a line block and of a document's transcription; code in its own face
    assert "BERLIN CHICHERIN URGENT TREATY SIGNED" in text and "Москва, 16 апреля 1922 г." in text
    assert 'print("Договор подписан")' in text
    # tables and figures, numbered, and referred to
    # the labels in small capitals
    for caption in ("ТАБЛИЦА 1. Поставки по годам", "TABLE 1. Deliveries by year", "РИС. 2. Телеграмма Чичерина", "FIGURE 2. Chicherin's telegram"):
        assert caption in text
    assert "Карта (см. рис. 1) и поставки (табл. 1)" in text and "The map (see Figure 1) and the deliveries (Table 1)" in text


def test_the_pdf_embeds_the_code_face_and_the_images(built: dict[str, Path]):
    reader = PdfReader(built[".pdf"])
    fonts = set()
    images = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
        images |= {x.idnum for x in resources.get("/XObject", {}).values() if x.get_object()["/Subtype"] == "/Image"}
    assert any("IBM-Plex-Mono" in name for name in fonts), fonts
    assert len(images) == 2  # the map and the telegram, each printed once for both languages


def test_the_html_edition_and_the_epub_carry_every_construct(built: dict[str, Path]):
    page = (built[".html"].parent / "constructs.html").read_text(encoding="utf-8")
    assert '<pre class="code" translate="no"><code>print(&#34;Договор подписан&#34;)  # код с кириллицей</code></pre>' in page
    assert '<ol class="tight" start="3">' in page
    assert page.count("<figure") == 2 and page.count('<table class="data') == 5
    assert (built[".html"].parent / "fonts" / "IBMPlexMono-Regular.ttf").is_file()
    ((counts, messages),) = epubcheck(built[".epub"])
    assert messages == [] and (counts["nFatal"], counts["nError"], counts["nWarning"]) == (0, 0, 0)
