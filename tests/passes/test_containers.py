"""A later document of a collection an earlier note described: CSL-M's position container-subsequent."""

from __future__ import annotations

import re
from pathlib import Path

from test_align import prepare
from testing_utils import make_project

from edition.model import Article, Cite, Lang
from edition.passes.containers import container_positions
from edition.pipeline import check
from edition.render.html import citation_formatter
from edition.render.inline import InlineRenderer

PARENTS = {"doc1": "coll", "doc2": "coll", "doc3": "coll", "other": "elsewhere"}


def positions(article: Article, lang: Lang) -> list[list[tuple[str, str]]]:
    return [[(i.key, i.position) for p in n.paragraphs for c in p if isinstance(c, Cite) for i in c.items] for n in article.notes_of(lang)]


def noted(notes: list[str]) -> Article:
    calls = " ".join(f"Фраза.[^{i}]" for i in range(1, len(notes) + 1))
    defs = "\n\n".join(f"[^{i}]: {text}" for i, text in enumerate(notes, start=1))
    article, problems = prepare(f"{calls}\n\n{defs}\n", f"{calls.replace('Фраза', 'Phrase')}\n\n{defs}\n")
    assert problems == []
    return container_positions(article, PARENTS)


def test_the_first_document_describes_its_collection_and_later_ones_name_it():
    article = noted(["[@coll].", "[@doc1, с. 5].", "[@other].", "[@doc2, с. 7].", "[@doc1, с. 9].", "[@doc2, с. 7; @doc3]."])
    expected = [
        [("coll", "first")],  # the collection itself: a reference to the whole, not a description of a document's
        [("doc1", "first")],
        [("other", "first")],
        [("doc2", "container-subsequent")],
        [("doc1", "subsequent")],
        [("doc2", "subsequent"), ("doc3", "container-subsequent")],
    ]
    assert positions(article, "ru") == expected
    assert positions(article, "en") == expected


def test_an_article_without_documents_of_one_collection_is_left_as_it_is():
    article, _ = prepare("Фраза.[^1] Ещё.[^2]\n\n[^1]: [@doc1].\n\n[^2]: [@other].\n", "Phrase.[^1] More.[^2]\n\n[^1]: [@doc1].\n\n[^2]: [@other].\n")
    assert container_positions(article, PARENTS) is article


BIB = """\
@mvcollection{coll,
  title = {Москва – Берлин},
  note = {сб. док.},
  volumes = {3},
  editor = {Севостьянов, Г. Н.},
  editortype = {отв. ред.},
  location = {М.},
  date = {2011},
  langid = {russian},
}
@incollection{doc1,
  title = {Постановление. 18 января 1923 г.},
  crossref = {coll},
  booktitle = {1920 – 1926},
  volume = {1},
  langid = {russian},
}
@incollection{doc2,
  title = {Доклад. 13 февраля 1923 г.},
  crossref = {coll},
  booktitle = {1920 – 1926},
  volume = {1},
  langid = {russian},
}
"""


def notes_of(config: Path, slug: str) -> dict[tuple[str, int], str]:
    edition = check(config)
    (article,) = [a for a in edition.articles if a.slug == slug]
    render = InlineRenderer(article, "screen", citation_formatter(edition))
    return {(n.lang, n.number): re.sub(r"</?(span|p)\b[^>]*>", "", str(render.note_body(n))) for n in article.notes}


def test_gost_names_the_collection_by_its_title_in_a_later_document_of_each_article(tmp_path: Path):
    two = ("Фраза.[^1] Ещё.[^2]\n\n[^1]: [@doc1, с. 96].\n\n[^2]: [@doc2, с. 110].\n", "Phrase.[^1] More.[^2]\n\n[^1]: [@doc1, p. 96].\n\n[^2]: [@doc2, p. 110].\n")
    one = ("Фраза.[^1]\n\n[^1]: [@doc2, с. 110].\n", "Phrase.[^1]\n\n[^1]: [@doc2, p. 110].\n")
    config = make_project(tmp_path, {"alpha": two, "beta": one})
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "documents.bib").write_text(BIB, encoding="utf-8")
    full = "// Москва – Берлин: сб. док.: в 3 т. / отв. ред. Г. Н. Севостьянов. Т. 1: 1920 – 1926. М., 2011. С."
    alpha = notes_of(config, "alpha")
    assert alpha[("ru", 1)] == f"Постановление. 18 января 1923 г. {full} 96."
    assert alpha[("ru", 2)] == "Доклад. 13 февраля 1923 г. // Москва – Берлин. Т. 1: 1920 – 1926. М., 2011. С. 110."
    # Chicago describes the collection at each first citation of a work
    assert alpha[("en", 2)] == (
        "“Doklad. 13 fevralya 1923 g.,” in <i>Moskva – Berlin</i>, vol. 1, <i>1920 – 1926</i>, ed. G. N. Sevost'yanov (Moscow, 2011), 110."
    )
    # each article describes the collection anew
    assert notes_of(config, "beta")[("ru", 1)] == f"Доклад. 13 февраля 1923 г. {full} 110."
