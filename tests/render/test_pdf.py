"""The printed reader, read back from the PDF a build writes."""

import re
import shutil
from pathlib import Path

import pytest
from testing_utils import FIXTURES, TEMPLATES, pdf_pages, pdf_reader, run


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mini") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    config = root / "edition.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"../../../templates"', f'"{TEMPLATES.as_posix()}"'), encoding="utf-8")
    result = run("build", "pdf", "--config", config)
    assert result.exit_code == 0, result.output
    return root / "build" / "mini.pdf"


def test_title_page_and_contents_with_page_numbers(built):
    pages = pdf_pages(built)
    assert "Малая хрестоматия" in pages[0] and "A Small Reader" in pages[0]
    assert "Составитель: И. Петров" in pages[0]
    # the edition and its date in both languages, written out
    assert "Издание 1.2.0, 15 января 2026 г." in pages[0] and "Edition 1.2.0, 15 January 2026" in pages[0]
    contents = pages[1]
    assert "Содержание" in contents and "Contents" in contents
    # each article listed with the page it starts on
    start_alpha = next(i for i, p in enumerate(pages) if "Рапалльский договор\n" in p and i > 1) + 1
    assert re.search(rf"The Treaty of Rapallo\s*{start_alpha}\b", contents)
    assert re.search(r"Введение / Introduction\s*\d+", contents)


def test_articles_start_on_right_hand_pages(built):
    reader = pdf_reader(built)
    destinations = {str(k): reader.get_destination_page_number(v) for k, v in reader.named_destinations.items()}
    assert destinations["a1"] % 2 == 0 and destinations["a2"] % 2 == 0  # 0-based: page 3, 5...


def test_both_columns_numbers_and_notes_on_the_page(built):
    pages = pdf_pages(built)
    page = next(p for p in pages if "Генуэзская конференция" in p)
    assert "The Genoa Conference opened" in page
    # paragraph numbers, shared by both columns
    assert re.search(r"^\s*1\s*$|\b1\b", page)
    # notes at the foot of the same page, one number for both languages, both paragraphs of note 2
    for text in ("1. Цит. по:", "1. Quoted in:", "2. Первый абзац примечания.", "Второй абзац примечания.", "2. The first paragraph of the note.", "The second paragraph of the note."):
        assert text in page, text
    assert page.index("Договор был подписан") < page.index("2. Первый абзац примечания.")


def test_editorial_matter_is_printed(built):
    text = "\n".join(pdf_pages(built))
    assert "[Этот абзац есть только в русском тексте.]" in text
    assert "ОТ РЕДАКЦИИ. Это примечание редакции." in text  # the label in small capitals
    assert "«дагавор» исправлено на «договор»" in text
    assert "Тестовый журнал. 2020. № 1. С. 1–10." in text


def test_running_heads_and_page_numbers(built):
    pages = pdf_pages(built)
    total = len(pages)
    # every text page but the title and contents ends with its number
    for index in range(2, total):
        if pages[index].strip():
            assert pages[index].strip().endswith(str(index + 1)), index


def test_raw_html_is_printed_as_text(built):
    text = "\n".join(pdf_pages(built))
    assert "<b>сырой HTML</b>" in text.replace("\n", " ")


def test_bookmarks_metadata_and_fonts(built):
    reader = pdf_reader(built)
    outline = [(item.title, [child.title for child in sub] if sub else None) for item, sub in _pairs(reader.outline)]
    titles = [t for t, _ in outline]
    # no bibliography of the reader: only one article cites (tests/render/test_bibliography_back.py)
    assert titles == [
        "Титульный лист / Title page",
        "Содержание / Contents",
        "Рапалльский договор / The Treaty of Rapallo",
        "Статья без примечаний / An Article without Notes",
        "Выходные сведения / Colophon",
    ]
    assert outline[2][1] == ["Введение / Introduction", "Заключение / Conclusion"]
    meta = reader.metadata
    assert meta.title == "Малая хрестоматия / A Small Reader"
    assert meta.author == "И. Петров / I. Petrov"
    fonts = _fonts(reader)
    assert fonts and all("PTSerif" in f.replace(" ", "").replace("-", "") for f in fonts), fonts


def test_paper_size(built):
    box = pdf_reader(built).pages[0].mediabox
    assert round(float(box.width)) == 595 and round(float(box.height)) == 842


def _pairs(outline):
    items = list(outline)
    for index, item in enumerate(items):
        if isinstance(item, list):
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        yield item, following if isinstance(following, list) else None


def _fonts(reader):
    names = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        fonts = resources.get("/Font") or {}
        for font in fonts.values():
            names.add(str(font.get_object().get("/BaseFont")))
    return names


def test_notes_are_formatted_from_the_bibliography(built):
    import pypdfium2 as pdfium

    # in the order drawn (the Russian notes' column, then the English), words cut at a line's end joined
    pages = [page.get_textpage().get_text_range().replace("\ufffe\r\n", "").replace("\ufffe", "") for page in pdfium.PdfDocument(built)]
    text = " ".join(" ".join(pages).replace("\u00a0", " ").split())
    assert "1. Цит. по: Горлов С. А. Совершенно секретно: Альянс Москва — Берлин, 1920 – 1933 гг. М., 2001. С. 76." in text
    assert "1. Quoted in: S. A. Gorlov, Sovershenno sekretno: Al'yans Moskva — Berlin, 1920 – 1933 gg. (Moscow, 2001), 76." in text


def test_works_cited_after_the_citing_article_and_no_bibliography_repeating_them(built):
    # words cut at a line's end joined ("Бер- лин")
    pages = [re.sub(r"(?<=\w)- (?=[а-яa-z])", "", " ".join(p.split())) for p in pdf_pages(built)]
    article = next(i for i, p in enumerate(pages) if "ЦИТИРУЕМАЯ ЛИТЕРАТУРА" in p)  # in small capitals
    assert "WORKS CITED" in pages[article]
    assert "Горлов С. А. Совершенно секретно: Альянс Москва — Берлин, 1920 – 1933 гг. М., 2001." in pages[article]
    assert "Gorlov, S. A. Sovershenno sekretno: Al'yans Moskva — Berlin, 1920 – 1933 gg. Moscow, 2001." in pages[article]
    # the only article that cites: a bibliography of the reader would repeat its list
    assert not [p for p in pages if "Библиография" in p or "Bibliography" in p]


def test_a_stylesheet_refused_once_is_refused_every_time(tmp_path: Path):
    """Stylesheets are parsed once a process: one that reaches outside the project is never kept."""
    from edition.errors import RenderError
    from edition.render.pdf import typeset

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "font.ttf").write_bytes(b"not a font")
    project = tmp_path / "project"
    project.mkdir()
    css = f'@font-face {{ font-family: "X"; src: url("{(outside / "font.ttf").as_uri()}"); }} p {{ font-family: "X"; }}'
    for _ in range(2):
        with pytest.raises(RenderError, match="outside the project folder"):
            typeset("<p>Text.</p>", css, project, (project,))


def test_a_font_that_cannot_be_loaded_is_an_error(tmp_path: Path):
    """Text set in a font the templates name but that does not load would fall back to another font."""
    from edition.errors import RenderError
    from edition.render.pdf import typeset

    (tmp_path / "broken.ttf").write_bytes(b"not a font")
    css = f'@font-face {{ font-family: "Broken"; src: url("{(tmp_path / "broken.ttf").as_uri()}"); }} p {{ font-family: "Broken"; }}'
    with pytest.raises(RenderError, match="could not load a font: Font-face 'Broken' cannot be loaded"):
        typeset("<p>Text.</p>", css, tmp_path, (tmp_path,))


def test_an_image_is_decoded_once_and_again_only_when_its_file_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import weasyprint.images

    from edition.render.pdf import typeset

    decoded = []
    original = weasyprint.images.RasterImage.__init__

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        decoded.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.images.RasterImage, "__init__", counting)
    from PIL import Image

    picture = tmp_path / "map.png"
    Image.new("RGB", (40, 30), "navy").save(picture)
    html = '<p>Карта</p><img src="map.png" alt="Карта"/>'
    for _ in range(2):  # a part typeset again decodes nothing again
        typeset(html, "", tmp_path, (tmp_path,))
    assert len(decoded) == 1
    Image.new("RGB", (60, 30), "darkred").save(picture)
    typeset(html, "", tmp_path, (tmp_path,))
    assert len(decoded) == 2


def placed(tmp_path: Path, ru: str, en: str, *phrases: str) -> dict[str, tuple[float, float, float, float]]:
    """Build a one-article reader of these sources; where each phrase stands in the PDF:
    its left, right and top edges, and its page's width (pypdfium2's boxes, points)."""
    import pypdfium2 as pdfium
    from testing_utils import make_project

    config = make_project(tmp_path, {"one": (ru, en)})
    result = run("build", "pdf", "--config", config)
    assert result.exit_code == 0, result.output
    found = {}
    for page in pdfium.PdfDocument(tmp_path / "build" / "test.pdf"):
        text = page.get_textpage()
        for phrase in phrases:
            if (match := text.search(phrase).get_next()) is not None:
                first, last = text.get_charbox(match[0]), text.get_charbox(match[0] + match[1] - 1)
                found[phrase] = (first[0], last[2], first[3], page.get_width())
    assert len(found) == len(phrases), found
    return found


def test_each_languages_notes_stand_under_its_column(tmp_path: Path):
    ru = "Договор подписан.[^1] Делегации разъехались.[^2]\n\n[^1]: Русское примечание о договоре.\n\n[^2]: Второе русское примечание.\n"
    en = "The treaty was signed.[^1] The delegations left.[^2]\n\n[^1]: An English note on the treaty.\n\n[^2]: A second English note.\n"
    found = placed(tmp_path, ru, en, "Русское примечание о договоре", "Второе русское примечание", "An English note on the treaty", "A second English note")
    for words, (left, right, _, width) in found.items():
        # the Russian column is the left 46.5% of the text block, the English the right
        assert (right < width / 2) if "русское" in words.lower() else (left > width / 2), (words, left, right, width)


def test_the_authors_english_label_does_not_push_the_english_text_down(tmp_path: Path):
    ru = "Резюме статьи на русском языке.\n\nВторой абзац.\n"
    en = "{.authors-translation}\nThe abstract of the article in English.\n\nA second paragraph.\n"
    tops = {words: box[2] for words, box in placed(tmp_path, ru, en, "Резюме статьи", "The abstract of", "authors").items()}
    # the label stands above the English column; the two texts start on one line
    assert abs(tops["Резюме статьи"] - tops["The abstract of"]) < 1 and tops["authors"] > tops["The abstract of"]
