"""Russian works in Chicago's English notes: transliteration, quotation marks, volumes, pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from testing_utils import TEMPLATES

from edition.model import Cite, CiteItem, Lang
from edition.readers.bibtex import open_bibliography
from edition.render.citations import Formatter, Styles, capitalize_first

STYLES = Styles(TEMPLATES / "csl" / "gost-r-7.0.5-2008-notes.csl", TEMPLATES / "csl" / "chicago-notes-bibliography-17th.csl")

BIB = """\
@article{zubachevsky2013,
  author       = {Зубачевский, В. А.},
  title        = {Сотрудничество Красной армии и рейхсвера в 1920-е годы},
  journaltitle = {Военно-исторический журнал},
  date         = {2013},
  number       = {2},
  langid       = {russian},
}
@mvcollection{coll,
  title    = {Москва – Берлин},
  location = {М.},
  date     = {2011},
  langid   = {russian},
}
@incollection{trotsky,
  title    = {Постановление «Предложение тов. Троцкого» по докладу армий},
  translatedtitle = {Resolution “Proposal of Comrade Trotsky” on the Report of the Armies},
  crossref = {coll},
  booktitle = {1920 – 1926},
  volume   = {1},
  pages    = {101--102},
  langid   = {russian},
}
@book{sbornik,
  title    = {Сборник «Договоры»},
  location = {М.},
  date     = {1950},
  langid   = {russian},
}
@incollection{protokol,
  title    = {Протокол допроса. 16 мая 1945 г.},
  translatedtitle = {Record of the Interrogation, 16 May 1945 (n.p., Army in the Field)},
  note     = {[б/м, Действующая армия]},
  crossref = {coll},
  langid   = {russian},
}
@incollection{unglossed,
  title    = {Протокол. 17 мая 1945 г.},
  note     = {[б/м]},
  crossref = {coll},
  langid   = {russian},
}
@book{seidt2002,
  author   = {Seidt, H.-U.},
  title    = {Berlin – Kabul – Moskau},
  location = {München},
  date     = {2002},
  langid   = {german},
}
"""


@pytest.fixture(scope="module")
def formatter(tmp_path_factory: pytest.TempPathFactory) -> Formatter:
    folder: Path = tmp_path_factory.mktemp("bib")
    (folder / "works.bib").write_text(BIB, encoding="utf-8")
    bibliography = open_bibliography(folder)
    cited = bibliography.cited(entry.key for entry in bibliography.everything()[0])
    assert cited.problems == []
    return Formatter(cited.entries, STYLES)


def note(formatter: Formatter, lang: Lang, key: str, locator: str = "") -> str:
    item = CiteItem(key, position="first", locator_label="page" if locator else "", locator=locator)
    return re.sub(r'<span lang="\w+">|</span>', "", str(capitalize_first(formatter.cite(Cite((item,), ""), lang))))


def test_a_title_is_transliterated_letter_by_letter_and_a_name_in_its_usual_form(formatter: Formatter):
    assert note(formatter, "en", "zubachevsky2013", "33") == (
        "V. A. Zubachevsky, “Sotrudnichestvo Krasnoi armii i reikhsvera v 1920-e gody,” <i>Voenno-istoricheskii zhurnal</i>, no. 2 (2013): 33."
    )


def test_quotation_marks_in_a_transliterated_title_are_english_and_single_within_double(formatter: Formatter):
    # «» inside the quoted title of a document: ‘ ’ (and in its gloss); армий is armii, not "army"
    assert note(formatter, "en", "trotsky").startswith(
        "“Postanovlenie ‘Predlozhenie tov. Trotskogo’ po dokladu armii [Resolution ‘Proposal of Comrade Trotsky’ on the Report of the Armies],”"
    )
    # inside an italic title: “ ”
    assert note(formatter, "en", "sbornik") == "<i>Sbornik “Dogovory”</i> (Moscow, 1950)."
    assert note(formatter, "ru", "sbornik") == "Сборник «Договоры». М., 1950."


def test_the_title_of_a_volume_is_printed_with_its_number(formatter: Formatter):
    assert note(formatter, "en", "trotsky").endswith("in <i>Moskva – Berlin</i>, vol. 1, <i>1920 – 1926</i> (Moscow, 2011), 101–2.")
    assert note(formatter, "ru", "trotsky").endswith("// Москва – Берлин. Т. 1: 1920 – 1926. М., 2011. С. 101–102.")


def test_a_bracketed_note_is_translated_by_the_gloss_of_the_title(formatter: Formatter):
    assert note(formatter, "en", "protokol", "344").startswith(
        "“Protokol doprosa. 16 maya 1945 g. [Record of the Interrogation, 16 May 1945 (n.p., Army in the Field)],” in"
    )
    assert note(formatter, "ru", "protokol", "344").startswith("Протокол допроса. 16 мая 1945 г. [б/м, Действующая армия] // ")
    # without a gloss, transliterated
    assert note(formatter, "en", "unglossed").startswith("“Protokol. 17 maya 1945 g. [b/m],” in")


def test_a_cited_range_of_pages_is_abbreviated_as_chicago_abbreviates(formatter: Formatter):
    assert note(formatter, "en", "seidt2002", "148–150") == "H.-U. Seidt, <i>Berlin – Kabul – Moskau</i> (München, 2002), 148–50."
    assert note(formatter, "en", "seidt2002", "xiii") == "H.-U. Seidt, <i>Berlin – Kabul – Moskau</i> (München, 2002), xiii."
    # GOST writes the pages in full
    assert note(formatter, "ru", "seidt2002", "148–150") == "Seidt H.-U. Berlin – Kabul – Moskau. München, 2002. S. 148–150."
