"""Golden tests of the notes of ruhr-negotiations-1923, generated from the bibliography.

Russian: the authors wrote their notes in GOST style and the source keeps
19 of them. Each note the edition generates is compared with the note as
printed, after normalising whitespace and the spacing of dashes only. Every
other difference is a reviewed exception, listed with its reason and the
generated note, in ``tests/fixtures/notes/ruhr-negotiations-1923.exceptions.toml``.

English: the Chicago notes the edition generates, reviewed by eye, in
``tests/fixtures/notes/ruhr-negotiations-1923.en.toml``.
"""

from __future__ import annotations

import re
import tomllib

import pytest
from testing_utils import FIXTURES, ROOT

from edition.pipeline import check
from edition.render.html import citation_formatter
from edition.render.inline import InlineRenderer

NOTES = FIXTURES / "notes"


@pytest.fixture(scope="module")
def generated() -> dict[tuple[str, int], str]:
    edition = check(ROOT / "edition.toml")
    (article,) = [a for a in edition.articles if a.slug == "ruhr-negotiations-1923"]
    render = InlineRenderer(article, "print", citation_formatter(edition))
    return {(n.lang, n.number): re.sub(r"</?span[^>]*>", "", str(render.note_body(n))) for n in article.notes}


def normalise(text: str) -> str:
    text = re.sub(r"\s*([–—])\s*", r" \1 ", text)
    return " ".join(text.split())


def load(name: str, table: str) -> list[dict]:
    return tomllib.loads((NOTES / name).read_text(encoding="utf-8"))[table]


PRINTED = {n["number"]: n["printed"] for n in load("ruhr-negotiations-1923.toml", "note")}
EXCEPTIONS = {e["number"]: e for e in load("ruhr-negotiations-1923.exceptions.toml", "exception")}


def test_the_source_keeps_19_notes():
    assert sorted(PRINTED) == list(range(1, 20))
    assert all(e["reason"].strip() for e in EXCEPTIONS.values())


@pytest.mark.parametrize("number", range(1, 20))
def test_russian_note_as_printed(generated, number: int):
    note = generated[("ru", number)]
    if number in EXCEPTIONS:
        assert normalise(note) != normalise(PRINTED[number]), f"note {number} now matches the print: drop its exception"
        assert note == EXCEPTIONS[number]["generated"], EXCEPTIONS[number]["reason"]
    else:
        assert normalise(note) == normalise(PRINTED[number])


@pytest.mark.parametrize("note", load("ruhr-negotiations-1923.en.toml", "note"), ids=lambda n: str(n["number"]))
def test_english_note(generated, note: dict):
    assert generated[("en", note["number"])] == note["text"]


def test_ibid_and_op_cit_as_the_authors_wrote_them(generated):
    assert generated[("ru", 12)] == "Там же."
    assert generated[("ru", 18)] == "Там же. С. 114."
    assert generated[("ru", 10)] == "Горлов С. А. Указ. соч. С. 76."
    assert generated[("en", 12)] == "Ibid."
    assert generated[("en", 18)] == "Ibid., 114."
    assert generated[("en", 10)] == "Gorlov, <i>Sovershenno sekretno</i>, 76."
