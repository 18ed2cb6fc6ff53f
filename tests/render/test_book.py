"""The book typeset part by part: the same book as one document, faster, and cached."""

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from testing_utils import (
    FIXTURES,
    PNG,
    ROOT,
    TEMPLATES,
    copy_mini,
    make_project,
    pdf_pages,
    pdf_reader,
    run,
)

from edition.pipeline import build, load_edition
from edition.render.book import build_book, typeset_whole
from edition.verify import check_pdf


def page_words(pdf: bytes) -> list[list[str]]:
    return [sorted(page.split()) for page in pdf_pages(pdf)]


@pytest.mark.parametrize("config", [FIXTURES / "mini" / "edition.toml", ROOT / "edition.toml"], ids=["mini", "bundled"])
def test_the_joined_book_is_the_one_document_book(config: Path, tmp_path: Path):
    if config.parent.name == "mini":
        shutil.copytree(config.parent, tmp_path / "mini")
        config = tmp_path / "mini" / "edition.toml"
        config.write_text(config.read_text(encoding="utf-8").replace('"../../../templates"', f'"{TEMPLATES.as_posix()}"'), encoding="utf-8")
    edition = load_edition(config)
    joined, report = build_book(edition, None, jobs=2)
    whole = typeset_whole(edition)
    assert report.problems == [] and whole.problems == ()
    # the same text on the same pages, page numbers included, where both books have the page
    assert page_words(joined.data) == page_words(whole.pdf)[: len(pdf_pages(joined.data))]
    assert check_pdf(edition, joined.data).problems == []
    book, one = pdf_reader_of(joined.data), pdf_reader_of(whole.pdf)
    assert [o.title for o in book.outline if not isinstance(o, list)] == [o.title for o in one.outline if not isinstance(o, list)]
    assert book.metadata.title == one.metadata.title and book.trailer["/Root"]["/Lang"] == "ru"
    assert set(one.named_destinations) <= set(book.named_destinations)


def pdf_reader_of(data: bytes):
    import io

    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def test_contents_link_to_the_pages_of_the_joined_book(mini: Path):
    (pdf,) = build(mini, ["pdf"], jobs=1, cache=False)
    reader = pdf_reader(pdf)
    destinations = {str(k): reader.get_destination_page_number(v) for k, v in reader.named_destinations.items()}
    links = [a.get_object()["/A"] for page in reader.pages[:2] for a in page.get("/Annots", [])]
    targets = {str(link["/D"]) for link in links if link["/S"] == "/GoTo"}
    assert {"a1", "a2", "a1-intro", "a1-end", "colophon"} <= targets
    assert "bibliography" not in targets  # one article cites: no bibliography of the reader
    contents = " ".join(pdf_pages(pdf)[1].split())
    assert f"The Treaty of Rapallo {destinations['a1'] + 1}" in contents
    assert f"An Article without Notes {destinations['a2'] + 1}" in contents
    assert destinations["a1"] % 2 == 0 and destinations["a2"] % 2 == 0  # right-hand pages


def test_links_inside_a_small_part_lead_to_their_place_in_the_joined_book(tmp_path: Path):
    """A cross-reference in an article of few named places keeps its link when the parts are joined."""
    config = make_project(tmp_path, {"one": ("Текст, см. @fig-map.\n\n![Карта](map.png){#fig-map}\n", "Text, see @fig-map.\n\n![Map](map.png){#fig-map}\n")})
    (tmp_path / "sources" / "one" / "map.png").write_bytes(PNG)
    (pdf,) = build(config, ["pdf"], jobs=1, cache=False)
    reader = pdf_reader(pdf)
    destinations = {str(k): reader.get_destination_page_number(v) for k, v in reader.named_destinations.items()}
    page = destinations["a1"]
    targets = [str(a.get_object().get("/Dest", "")) for a in reader.pages[page].get("/Annots", [])]
    assert sorted(targets) == ["a1-figure-en-1", "a1-figure-ru-1"]
    assert destinations["a1-figure-en-1"] == page


def typeset_names(config: Path, *options: str) -> tuple[list[str], list[str]]:
    """(parts typeset, parts from the cache), from the verbose build."""
    result = run("build", "pdf", "--config", config, "--verbose", *options)
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines() if "pages" in line]
    return [l[0] for l in lines if l[-1] != "cached"], [l[0] for l in lines if l[-1] == "cached"]


def test_an_unchanged_part_is_not_typeset_again(mini: Path):
    typeset, cached = typeset_names(mini)
    assert sorted(typeset) == ["alpha", "back", "beta", "front"] and cached == []
    first = (mini.parent / "build" / "mini.pdf").read_bytes()
    typeset, cached = typeset_names(mini)
    assert typeset == [] and sorted(cached) == ["alpha", "back", "beta", "front"]
    assert (mini.parent / "build" / "mini.pdf").read_bytes() == first
    ru = mini.parent / "sources" / "beta" / "ru.md"
    ru.write_text(ru.read_text(encoding="utf-8").replace("Первый абзац", "Первый, исправленный абзац"), encoding="utf-8")
    typeset, cached = typeset_names(mini)
    assert typeset == ["beta"] and sorted(cached) == ["alpha", "back", "front"]
    assert "Первый, исправленный абзац" in " ".join(" ".join(pdf_pages(mini.parent / "build" / "mini.pdf")).split())


def test_a_changed_template_or_bibliography_typesets_again(mini: Path, tmp_path: Path):
    typeset_names(mini)
    bib = mini.parent / "bibliography" / "mini.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("date     = {2001}", "date     = {2002}"), encoding="utf-8")
    typeset, _ = typeset_names(mini)
    assert sorted(typeset) == ["alpha", "back"]  # beta cites nothing


def test_a_corrupt_cache_entry_is_typeset_again(mini: Path):
    typeset_names(mini)
    cache = mini.parent / "build" / ".cache"
    for pdf in cache.glob("*.pdf"):
        data = bytearray(pdf.read_bytes())
        data[len(data) // 2] ^= 0xFF
        pdf.write_bytes(bytes(data))
    for meta in list(cache.glob("*.json"))[:1]:
        meta.write_text("{not json", encoding="utf-8")
    typeset, cached = typeset_names(mini)
    assert sorted(typeset) == ["alpha", "back", "beta", "front"] and cached == []
    assert check_pdf(load_edition(mini), (mini.parent / "build" / "mini.pdf").read_bytes()).problems == []


def test_an_unchanged_book_is_not_joined_again(mini: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    first, report = build_book(load_edition(mini), cache, jobs=1)
    assert not report.unchanged
    again, report = build_book(load_edition(mini), cache, jobs=1)
    assert report.unchanged and again.data == first.data
    book = cache / "book.pdf"
    data = bytearray(book.read_bytes())
    data[len(data) // 2] ^= 0xFF
    book.write_bytes(bytes(data))
    third, report = build_book(load_edition(mini), cache, jobs=1)
    assert not report.unchanged and third.data == first.data
    ru = mini.parent / "sources" / "beta" / "ru.md"
    ru.write_text(ru.read_text(encoding="utf-8").replace("Первый абзац", "Первый, исправленный абзац"), encoding="utf-8")
    edited, report = build_book(load_edition(mini), cache, jobs=1)
    assert not report.unchanged and "Первый, исправленный абзац" in " ".join(" ".join(pdf_pages(edited.data)).split())


def test_parts_unused_for_a_month_leave_the_cache(mini: Path):
    typeset_names(mini)
    cache = mini.parent / "build" / ".cache"
    used = sorted(path.name for path in cache.iterdir())
    stale = [cache / ("0" * 64 + ".pdf"), cache / ("0" * 64 + ".json"), cache / "book.pdf.4242.part"]
    for path in stale:
        path.write_bytes(b"from a build long ago")
    month_ago = time.time() - 31 * 86400
    for path in cache.iterdir():
        os.utime(path, (month_ago, month_ago))
    typeset, cached = typeset_names(mini)  # every part taken from the cache: used today
    assert typeset == [] and sorted(cached) == ["alpha", "back", "beta", "front"]
    assert sorted(path.name for path in cache.iterdir()) == used


def test_no_cache_typesets_everything(mini: Path):
    typeset_names(mini)
    typeset, cached = typeset_names(mini, "--no-cache")
    assert sorted(typeset) == ["alpha", "back", "beta", "front"] and cached == []


def test_quiet_prints_only_the_result(mini: Path):
    result = run("build", "pdf", "--config", mini, "--quiet")
    assert result.exit_code == 0
    assert result.output.strip().splitlines() == [f"wrote {mini.parent / 'build' / 'mini.pdf'}"] or result.output.strip().endswith("mini.pdf")
    assert "built in" not in result.output


def test_one_job_and_two_jobs_make_the_same_book(mini: Path):
    edition = load_edition(mini)
    one, _ = build_book(edition, None, jobs=1)
    two, _ = build_book(edition, None, jobs=2)
    assert one.data == two.data


def test_cache_keys_do_not_depend_on_the_process(mini: Path):
    """A set's order changes with Python's hash seed: keys are made from sorted values."""
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path; from edition.pipeline import load_edition;"
        "from edition.render.book import part_key;"
        "e = load_edition(Path(sys.argv[1])); print([part_key(e, a) for a in e.articles])"
    )
    keys = {
        subprocess.run([sys.executable, "-c", script, str(mini)], capture_output=True, text=True, check=True,
                       env={**__import__("os").environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(keys) == 1


@pytest.mark.parametrize("paper", ["A4", "A5", "Letter"])
def test_page_numbers_are_drawn_as_weasyprint_typesets_them(tmp_path: Path, paper: str):
    """The book's page numbers are drawn from a sample of four typeset: each the same
    glyphs, font, size and height as WeasyPrint's own folio, starting within 0.001 pt."""
    import io

    from pypdf import PdfReader

    from edition.render import typeset_part
    from edition.render.book import PdfKind
    from edition.render.book.folios import _SHOWN, folio_sample
    from edition.render.book.join import read_sample
    from edition.render.html import PrintPart

    config = make_project(tmp_path, {"one": ("Текст.\n", "Text.\n")}, extra=f'\n[layout]\npaper = "{paper}"\n')
    edition = load_edition(config)
    sample = read_sample(typeset_part(edition, folio_sample(edition, PdfKind()).part).pdf)
    assert sample is not None
    typeset = PdfReader(io.BytesIO(typeset_part(edition, PrintPart("folios", folio_pages=("",) * 120)).pdf))
    for number, page in enumerate(typeset.pages, start=1):
        expected = page.get_contents().get_data()
        _, drawn = sample.drawn(number)
        want, got = _SHOWN.search(expected), _SHOWN.search(drawn)
        assert want is not None and got is not None
        assert got.group(2, 3, 4, 5) == want.group(2, 3, 4, 5), number
        assert abs(float(got[1]) - float(want[1])) < 0.001, number
        assert (drawn[: got.start()], drawn[got.end() :]) == (expected[: want.start()], expected[want.end() :])


def test_page_numbers_that_are_not_plain_figures_are_typeset(tmp_path: Path):
    """A template whose folio is more than the number ("– 3 –") gets its folios typeset."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    css = templates / "print.css.j2"
    text = css.read_text(encoding="utf-8")
    css.write_text(text.replace('content: {{ "counter(page)"', 'content: {{ \'"– " counter(page) " –"\''), encoding="utf-8")
    assert css.read_text(encoding="utf-8") != text
    config = copy_mini(tmp_path / "mini")
    config.write_text(config.read_text(encoding="utf-8").replace(TEMPLATES.as_posix(), templates.as_posix()), encoding="utf-8")
    edition = load_edition(config)
    joined, report = build_book(edition, None, jobs=2)
    whole = typeset_whole(edition)
    assert report.problems == []
    assert page_words(joined.data) == page_words(whole.pdf)[: len(pdf_pages(joined.data))]
    assert "– 3 –" in " ".join(pdf_pages(joined.data)[2].split())


def _tampered(record: dict, how: str) -> dict:
    if how == "anchors shifted by 2":
        record["anchors"] = {anchor: page + 2 for anchor, page in record["anchors"].items()}
    elif how == "pages + 5":
        record["pages"] += 5
    elif how == "anchors of the wrong type":
        record["anchors"] = list(record["anchors"])
    return record


@pytest.fixture(scope="module")
def built_mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """The mini project built once; a copy of its build folder; the text of its PDF's pages.
    (A part's key depends on the project's place: the project is not copied, its build folder is.)"""
    root = tmp_path_factory.mktemp("built")
    config = copy_mini(root / "mini")
    typeset_names(config)
    shutil.copytree(config.parent / "build", root / "clean-build")
    return config, root / "clean-build", pdf_pages(config.parent / "build" / "mini.pdf")


@pytest.mark.parametrize("how", ["anchors shifted by 2", "pages + 5", "anchors of the wrong type", "invalid JSON"])
def test_a_tampered_part_record_is_typeset_again(built_mini: tuple[Path, Path, list[str]], how: str):
    """A part's record is used only if it matches the digest it was written with."""
    config, clean, pages = built_mini
    shutil.rmtree(config.parent / "build")
    shutil.copytree(clean, config.parent / "build")
    records = [path for path in (config.parent / "build" / ".cache").glob("*.json") if len(path.stem) == 64]
    for path in records:
        if how == "invalid JSON":
            path.write_text(path.read_text(encoding="utf-8")[:-3], encoding="utf-8")
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        _tampered(data.get("value", data), how)  # the record, wherever it is in the file
        path.write_text(json.dumps(data), encoding="utf-8")
    typeset, cached = typeset_names(config)
    assert {"alpha", "back", "beta"} <= set(typeset) and set(cached) <= {"front"}  # the front's record has no anchors to shift
    assert pdf_pages(config.parent / "build" / "mini.pdf") == pages  # the same contents page numbers
    assert "The Treaty of Rapallo 3" in " ".join(pages[1].split())


def test_a_tampered_book_record_is_not_used(mini: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    first, _ = build_book(load_edition(mini), cache, jobs=1)
    path = cache / "book.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    _tampered(data.get("value", data), "pages + 5")
    path.write_text(json.dumps(data), encoding="utf-8")
    again, report = build_book(load_edition(mini), cache, jobs=1)
    assert not report.unchanged and again.data == first.data


def test_tampered_references_in_the_cache_are_formatted_again(mini: Path):
    """The formatted references kept in the cache are used only if they match their digest
    (the next build is another process: this one keeps what it formatted)."""
    import subprocess
    import sys

    assert run("build", "html", "--config", mini).exit_code == 0
    (memo,) = (mini.parent / "build" / ".cache").glob("citations-*.json")
    memo.write_text(memo.read_text(encoding="utf-8").replace("Горлов", "<b>Подделка</b>"), encoding="utf-8")
    assert "Подделка" in memo.read_text(encoding="utf-8")
    command = [sys.executable, "-c", "from edition.cli import main; main()", "build", "html", "--config", str(mini)]
    assert subprocess.run(command, capture_output=True, check=False).returncode == 0
    pages = " ".join(path.read_text(encoding="utf-8") for path in (mini.parent / "build" / "html").glob("*.html"))
    assert "Горлов" in pages and "Подделка" not in pages
