"""A cited entry as the bundled styles print it: what its CSL-JSON gives GOST (ru) and Chicago (en)."""

import re

import pytest
from testing_utils import TEMPLATES

from edition.model import Cite, CiteItem
from edition.readers.bibtex import open_bibliography
from edition.render.citations import Formatter, Styles, capitalize_first

STYLES = Styles(TEMPLATES / "csl" / "gost-r-7.0.5-2008-notes.csl", TEMPLATES / "csl" / "chicago-notes-bibliography-17th.csl")

BIB = """\
@online{mid2023,
  title   = {Документы внешней политики: электронный архив},
  author  = {{МИД России}},
  url     = {https://www.mid.ru/ru/foreign_policy/history},
  urldate = {2024-02-01},
  langid  = {russian},
}

@book{heath1937,
  author       = {Хит, Т. Л.},
  title        = {Математика в Древней Греции},
  translator   = {Веселовского, И. Н.},
  origlanguage = {english},
  location     = {М.},
  date         = {1937},
  langid       = {russian},
}

@mvbook{lenin:pss,
  author    = {Ленин, Владимир Ильич},
  title     = {Полное собрание сочинений},
  edition   = {5},
  volumes   = {55},
  location  = {М.},
  publisher = {Политиздат},
  date      = {1958/1965},
  langid    = {russian},
}

@book{lenin:pss45,
  crossref = {lenin:pss},
  volume   = {45},
  title    = {Март 1922 -- март 1923},
  date     = {1964},
}

@bookinbook{lenin:genoa,
  crossref = {lenin:pss45},
  title    = {О задачах делегации в Генуе},
  pages    = {63--64},
}

@online{aa2020,
  title        = {Akten zur deutschen auswärtigen Politik},
  author       = {{Auswärtiges Amt}},
  date         = {2020-11-03},
  url          = {https://www.auswaertiges-amt.de/},
  urldate      = {2024-02-01},
  organization = {{Politisches Archiv}},
  langid       = {ngerman},
}

@inproceedings{dyck1966,
  author    = {Dyck, Harvey Leonard},
  title     = {Weimar Germany and Soviet Russia},
  booktitle = {Proceedings of the Conference on Central European History},
  year      = {1966},
  pages     = {1--20},
  address   = {London},
  archiveprefix = {arXiv},
  eprint    = {1412.4006},
  langid    = {english},
}

@thesis{ivanova2015,
  title       = {Soviet Diplomacy},
  author      = {Ivanova, Maria},
  date        = {2015},
  institution = {{University of Oxford}},
  type        = {phdthesis},
  langid      = {british},
}

@article{smith1957,
  title        = {The Ruhr Crisis},
  author       = {Smith, John},
  date         = {1957-06},
  journaltitle = {Journal of Modern History},
  volume       = {29},
  number       = {2},
  pages        = {105--121},
  langid       = {english},
}

@mvcollection{dvp,
  title    = {Документы внешней политики СССР},
  volumes  = {24},
  location = {М.},
  date     = {1956/2000},
  langid   = {russian},
}

@book{kochan1954,
  author  = {Kochan, Lionel},
  title   = {Russia and the Weimar Republic},
  volumes = {3},
  address = {Cambridge},
  year    = {1954},
  langid  = {english},
}
"""


@pytest.fixture(scope="module")
def formatter(tmp_path_factory: pytest.TempPathFactory) -> Formatter:
    folder = tmp_path_factory.mktemp("bib")
    (folder / "works.bib").write_text(BIB, encoding="utf-8")
    bibliography = open_bibliography(folder)
    cited = bibliography.cited(entry.key for entry in bibliography.everything()[0])
    assert cited.problems == []
    return Formatter(cited.entries, STYLES)


def note(formatter: Formatter, key: str, lang: str) -> str:
    text = str(capitalize_first(formatter.cite(Cite((CiteItem(key, position="first"),), ""), lang)))  # type: ignore[arg-type]
    return re.sub(r'<span lang="\w+">|</span>', "", text)


def listed(formatter: Formatter, key: str, lang: str) -> str:
    return str(formatter.bibliography([key], lang)[0].text)  # type: ignore[arg-type]


def test_a_web_page_cited_in_russian_keeps_its_url_and_access_date(formatter: Formatter):
    expected = "МИД России. Документы внешней политики: электронный архив. URL: https://www.mid.ru/ru/foreign_policy/history (дата обращения: 01.02.2024)."
    assert note(formatter, "mid2023", "ru") == expected and listed(formatter, "mid2023", "ru") == expected
    assert note(formatter, "mid2023", "en") == (
        "MID Rossii, “Dokumenty vneshnei politiki: elektronnyi arkhiv,” accessed February 1, 2024, https://www.mid.ru/ru/foreign_policy/history."
    )
    # a German page: the terms of its language, as the standard prescribes; a body's name ends with a period
    assert note(formatter, "aa2020", "ru") == (
        "Auswärtiges Amt. Akten zur deutschen auswärtigen Politik. Politisches Archiv, 2020. URL: https://www.auswaertiges-amt.de/ (zugegriffen: 01.02.2024)."
    )


def test_a_translation_says_its_original_language_once(formatter: Formatter):
    assert note(formatter, "heath1937", "ru") == "Хит Т. Л. Математика в Древней Греции / пер. с англ. И. Н. Веселовского. М., 1937."
    assert note(formatter, "heath1937", "en") == "T. L. Khit, <i>Matematika v Drevnei Gretsii</i>, trans. I. N. Veselovskogo (Moscow, 1937)."


def test_a_volume_of_a_multivolume_work_under_the_works_title(formatter: Formatter):
    assert note(formatter, "lenin:pss45", "ru") == "Ленин В. И. Полное собрание сочинений: в 55 т. Т. 45: Март 1922 – март 1923. М.: Политиздат, 1964."
    assert note(formatter, "lenin:pss45", "en") == (
        "V. I. Lenin, <i>Mart 1922 – mart 1923</i>, in <i>Polnoe sobranie sochinenii</i>, 5th ed., vol. 45 (Moscow: Politizdat, 1964)."
    )
    # a work inside the author's own volume: the author is not repeated as the book's
    assert note(formatter, "lenin:genoa", "ru") == (
        "Ленин В. И. О задачах делегации в Генуе // Полное собрание сочинений: в 55 т. Т. 45: Март 1922 – март 1923. М.: Политиздат, 1964. С. 63–64."
    )
    assert note(formatter, "lenin:genoa", "en") == (
        "V. I. Lenin, “O zadachakh delegatsii v Genue,” in <i>Polnoe sobranie sochinenii</i>, 5th ed., vol. 45, <i>Mart 1922 – mart 1923</i> (Moscow: Politizdat, 1964), 63–64."
    )


def test_the_number_of_volumes_is_printed_with_its_term(formatter: Formatter):
    assert note(formatter, "dvp", "ru") == "Документы внешней политики СССР: в 24 т. М., 1956–2000."
    assert note(formatter, "dvp", "en") == "<i>Dokumenty vneshnei politiki SSSR</i>, 24 vols. (Moscow, 1956–2000)."
    assert listed(formatter, "kochan1954", "en") == "Kochan, L. <i>Russia and the Weimar Republic</i>. 3 vols. Cambridge, 1954."


def test_a_paper_in_proceedings_a_thesis_and_a_dated_article(formatter: Formatter):
    assert note(formatter, "dyck1966", "ru") == (
        "Dyck H. L. Weimar Germany and Soviet Russia // Proceedings of the Conference on Central European History. London, 1966. P. 1–20. URL: https://arxiv.org/abs/1412.4006."
    )
    assert note(formatter, "ivanova2015", "en") == "M. Ivanova, “Soviet Diplomacy” (PhD thesis, University of Oxford, 2015)."
    assert note(formatter, "ivanova2015", "ru") == "Ivanova M. Soviet Diplomacy: PhD thesis. University of Oxford, 2015."
    assert note(formatter, "smith1957", "en") == "J. Smith, “The Ruhr Crisis,” <i>Journal of Modern History</i> 29, no. 2 (June 1957): 105–21."
