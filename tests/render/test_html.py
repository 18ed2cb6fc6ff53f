"""The HTML edition: same model and numbers as the PDF, notes linked both ways, nothing fetched."""

import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from edition.pipeline import build


class Page(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.langs: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        if tag in ("img", "script", "link") and (attributes.get("src") or attributes.get("href")):
            self.resources.append(attributes.get("src") or attributes["href"])
        if "lang" in attributes:
            self.langs.append(attributes["lang"])


def test_pages_anchors_and_notes(mini: Path, tmp_path: Path):
    build(mini, ["html"], tmp_path)
    html = tmp_path / "html"
    index = Page((html / "index.html").read_text(encoding="utf-8"))
    assert "alpha.html" in index.links and "beta.html" in index.links
    text = (html / "alpha.html").read_text(encoding="utf-8")
    page = Page(text)
    # the paragraph numbers of the PDF are the anchors, shared by both languages
    assert {"a1-p1", "a1-p2", "a1-p3", "a1-p4", "a1-p5", "a1-intro", "a1-end"} <= page.ids
    # every note call links to its note and every note back to its call
    internal = [link[1:] for link in page.links if link.startswith("#")]
    assert {"a1-fn-ru-1", "a1-fn-en-1", "a1-fn-ru-2", "a1-fn-en-2", "a1-fnref-ru-1", "a1-fnref-en-2"} <= set(internal)
    assert set(internal) <= page.ids
    assert set(page.langs) == {"ru", "en"}
    assert all(not re.match(r"\w+:", r) for r in page.resources), page.resources
    assert "Второй абзац примечания." in text and "The second paragraph of the note." in text


def test_pages_are_well_formed_xml_with_fonts_print_styles_and_a_language_control(mini: Path, tmp_path: Path):
    build(mini, ["html"], tmp_path)
    html = tmp_path / "html"
    pages = sorted(p.name for p in html.glob("*.html"))
    assert pages == ["alpha.html", "beta.html", "colophon.html", "index.html"]  # one article cites: no bibliography page
    for name in pages:
        # the EPUB's XHTML comes from the same templates: they must write well-formed XML
        root = ElementTree.fromstring((html / name).read_bytes())
        control = [e for e in root.iter("span") if e.get("class") == "show"]
        assert len(control) == 1 and control[0].get("hidden") == "hidden", name  # edition.js shows it
        assert [e.get("src") for e in root.iter("script")] == ["edition.js"]
    css = (html / "edition.css").read_text(encoding="utf-8")
    assert "@media print" in css and "@media print, (min-width: 50em)" in css
    for face in re.findall(r'url\("([^"]+)"\)', css):
        assert (html / face).is_file(), face
    assert (html / "fonts" / "PT_Serif-LICENSE.txt").is_file()
    colophon = (html / "colophon.html").read_text(encoding="utf-8")
    assert "PT Serif" in colophon and "SIL Open Font License 1.1" in colophon and "Translated for the tests." in colophon
    alpha = (html / "alpha.html").read_text(encoding="utf-8")
    assert "Цитируемая литература" in alpha and "Горлов" in alpha
