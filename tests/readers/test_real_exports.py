"""Files in the shapes of real exports (tests/fixtures/bib): each reads, and a reader citing one entry
of each type builds, its notes and works cited as GOST (ru) and Chicago (en) print them.

The fixtures are the edition's own entries written in the shapes of Better
BibLaTeX and Better BibTeX exports (Zotero), JabRef's files, a bibliography kept
with biblatex-gost (xdata, multi-volume works, sets, ids) and pandoc's test
bibliography: their fields, types, encodings, ``@string`` names, protected
titles and LaTeX accents.
"""

import re
import shutil
from pathlib import Path

import pytest
from testing_utils import FIXTURES, make_project, run

from edition.readers.bibtex import open_bibliography, read_bibliography

BIB = FIXTURES / "bib"

CITED = [
    # one entry of each type the fixtures hold, in order; a note each
    "smithRuhrCrisis1957", "gorlovSovershennoSekretno2001", "ivanovaSovietDiplomacy2015", "brownReparations1924",
    "mid2023", "doeTypescript1923", "petrovZapiska1923", "carrWeimar1951", "meyerRapallo1999", "nbsTrade1926",
    "archiveTool2021", "siemensRelay1925", "chicherinLetter1922", "treatyRapallo1922", "rapalloFilm1972",
    "rosenbaum1965", "kochan1954", "cia1951", "mueller1971", "novak1999", "dyck1966", "hilger1953", "leaflet1923",
    "carrWeb2010", "Nietzsche1988", "Lenin1922", "Stresemann1926", "Osteuropa1927", "Rapallo1962", "Locarno1975",
    "Reichsarchiv1925", "ifran", "ifran1", "mamardashvili_vvf", "dvp6:nota", "lenin:pss", "lenin:pss45",
    "heath:mdg", "sevostyanov:intro", "bse", "bse:rapallo", "popov:patent", "orlov:diss", "vopristorii:1989-8",
    "vopristorii:editorial", "konf1990", "konf1990:akhtamzyan", "sie", "ifran1:preface", "doe2005", "doe2006",
    "pelikan2006", "genoa-set",
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(path.name for path in BIB.glob("*.bib")))
def test_each_fixture_reads_without_a_problem(tmp_path: Path, name: str):
    shutil.copy(BIB / name, tmp_path / name)
    entries, problems = read_bibliography(tmp_path)
    assert problems == [] and entries
    cited = open_bibliography(tmp_path).cited(entry.key for entry in entries if entry.type != "xdata")
    assert cited.problems == []
    # plain BibTeX has no langid: the language is taken from the title, and said
    assert all("has no langid" in notice.message for notice in cited.notices)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The reader citing :data:`CITED`, built: each note's text by ``lang:key``, and the works cited by ``bib:lang``."""
    root = tmp_path_factory.mktemp("every-type")
    notes = "".join(f"[^{n}]" for n in range(1, len(CITED) + 1))
    ru = f"Текст.{notes}\n\n" + "".join(f"[^{n}]: [@{key}].\n\n" for n, key in enumerate(CITED, start=1))
    en = f"Text.{notes}\n\n" + "".join(f"[^{n}]: [@{key}].\n\n" for n, key in enumerate(CITED, start=1))
    config = make_project(root, {"one": (ru, en)})
    shutil.copytree(BIB, root / "bibliography")
    result = run("build", "html", "--config", config)
    assert result.exit_code == 0, result.output
    page = (root / "build" / "html" / "one.html").read_text(encoding="utf-8")
    found = {}
    for lang, number, text in re.findall(r'id="a1-fn-(ru|en)-(\d+)".*?<span class="cite">(.*?)</span></p>', page, re.DOTALL):
        found[f"{lang}:{CITED[int(number) - 1]}"] = re.sub(r'<span lang="[\w-]+">|</span>', "", text)
    works = page[page.index('<section class="pair works-cited"') :]  # the article's works cited (the only article's)
    for lang in ("ru", "en"):
        listed = re.search(rf'<div class="{lang}" lang="{lang}">.*?<ul>(.*?)</ul>', works, re.DOTALL)
        assert listed is not None
        found[f"bib:{lang}"] = "\n".join(" ".join(item.split()) for item in re.findall(r"<li[^>]*>(.*?)</li>", listed.group(1), re.DOTALL))
    check = run("check", "--config", config)
    found["check"] = check.output
    return found


def test_a_reader_citing_every_type_builds_and_is_checked(built: dict[str, str]):
    assert built["check"].startswith("ok: 1 articles")
    assert built["check"].count("has no langid") == 11  # the plain BibTeX files'
    assert len([key for key in built if key.startswith("ru:")]) == len(CITED)


NOTES = {
    "ru:mid2023": "МИД России. Документы внешней политики: электронный архив. URL: https://www.mid.ru/ru/foreign_policy/history (дата обращения: 01.02.2024).",
    "en:mid2023": "MID Rossii, “Dokumenty vneshnei politiki: elektronnyi arkhiv,” accessed February 1, 2024, https://www.mid.ru/ru/foreign_policy/history.",
    "ru:mueller1971": "Müller R.-D. Die deutsch-sowjetischen Beziehungen, 1922–1926: PhD thesis. Köln: Universität zu Köln, 1971.",
    "en:mueller1971": "R.-D. Müller, “Die deutsch-sowjetischen Beziehungen, 1922–1926” (PhD thesis, Universität zu Köln, 1971).",
    "ru:orlov:diss": "Орлов А. И. Советско-германские отношения в 1922–1926 гг.: дис. … канд. ист. наук. М.: МГУ, 2003.",
    "en:cia1951": "Central Intelligence Agency, <i>Soviet-German Military Collaboration, 1920–1933</i>, technical report ORE 12-51 (Washington, D.C.: Office of Reports and Estimates, 1951).",
    "ru:cia1951": "Central Intelligence Agency. Soviet-German Military Collaboration, 1920–1933: technical report. Washington, D.C.: Office of Reports and Estimates, 1951.",
    "en:doeTypescript1923": "J. Doe, “Memorandum on the Occupation of the Ruhr,” Typescript, January 20, 1923.",
    "ru:petrovZapiska1923": "Петров П. П. Записка о Рурском кризисе: Рукопись. 1923.",
    "en:petrovZapiska1923": "P. P. Petrov, “Zapiska o Rurskom krizise,” unpublished manuscript, 1923.",
    "ru:Osteuropa1927": "Rußland und Deutschland // Osteuropa. 1927. Bd. 2. № 7.",
    "ru:dvp6:nota": "Нота Наркоминдела РСФСР правительству Германии // Документы внешней политики СССР. Т. 6: 1 января – 31 декабря 1923 г. М.: Госполитиздат, 1962. С. 150–152.",
    "en:dvp6:nota": "“Nota Narkomindela RSFSR pravitel'stvu Germanii,” in <i>Dokumenty vneshnei politiki SSSR</i>, vol. 6, <i>1 yanvarya – 31 dekabrya 1923 g.</i> (Moscow: Gospolitizdat, 1962), 150–52.",
    "ru:mamardashvili_vvf": "Мамардашвили М. К. Введение в философию // История философии: в 3 т. М.: Наука, 1997. Т. 1. С. 5–38.",
    "ru:heath:mdg": "Хит Т. Л. Математика в Древней Греции / пер. с англ. И. Н. Веселовского. М.: ОНТИ, 1937.",
    "ru:meyerRapallo1999": "Meyer K. Rapallo, Vertrag von // Enzyklopädie der Weimarer Republik / hrsg. von H. Müller. München: Beck, 1999. Bd. 2. S. 311–312.",
    "en:leaflet1923": "Communist Party of Great Britain, <i>Hands Off the Ruhr!</i>, Leaflet (London, 1923).",
    "en:siemensRelay1925": "W. Schmidt, Elektromagnetisches Relais, Patent DE411234, issued March 12, 1925.",
    # an unsigned encyclopedia entry: the encyclopedia, its edition and place once, the entry s.v.
    "en:bse:rapallo": "<i>Bol'shaya sovetskaya entsiklopediya</i>, 3rd ed., vol. 21, ed. A. M. Prokhorov (Moscow: Sovetskaya entsiklopediya, 1975), s.v. “Rapall'skii dogovor 1922,” 451.",
    "en:rapalloFilm1972": "<i>Rapallo: A Documentary</i>, ed. O. Kramer (ZDF, 1972).",
}


@pytest.mark.parametrize("where", sorted(NOTES))
def test_the_notes_of_a_few_types(built: dict[str, str], where: str):
    assert built[where] == NOTES[where]


def test_a_set_is_cited_through_its_members(built: dict[str, str]):
    # its members in one citation: lenin:genoa for the first time, heath:mdg again
    assert built["ru:genoa-set"] == (
        "Ленин В. И. О задачах делегации в Генуе // Полное собрание сочинений: в 55 т. Т. 45: Март 1922 – март 1923. "
        "М.: Политиздат, 1964. С. 63–64; Хит Т. Л. Указ. соч."
    )
    assert built["en:genoa-set"] == (
        "V. I. Lenin, “O zadachakh delegatsii v Genue,” in <i>Polnoe sobranie sochinenii</i>, 5th ed., vol. 45, <i>Mart 1922 – mart 1923</i> (Moscow: Politizdat, 1964), 63–64; "
        "Khit, <i>Matematika v Drevnei Gretsii</i>."
    )


WORKS_CITED = {
    "ru": [
        "Горлов С. А. Совершенно секретно: Альянс Москва — Берлин, 1920–1933 гг. М.: Олма-Пресс, 2001.",
        "Ленин В. И. Полное собрание сочинений: в 55 т. Т. 45: Март 1922 – март 1923. М.: Политиздат, 1964.",
        "Рапалльский договор 1922 // Большая советская энциклопедия: в 30 т. / под ред. А. М. Прохоров. М.: Советская энциклопедия, 1975. Т. 21. С. 451.",
        "Smith J., de Gaulle C. The Ruhr Crisis and the Anglo-French Entente // Journal of Modern History. 1957. Vol. 29. № 2. P. 105–121. URL: https://www.jstor.org/stable/1872554 (accessed: 01.02.2024).",
    ],
    "en": [
        "Ivanova, M. “Soviet Diplomacy and the Rapallo Policy, 1922–1926.” PhD thesis, University of Oxford, 2015.",
        "Kochan, L. <i>Russia and the Weimar Republic</i>. Cambridge: Bowes &amp; Bowes, 1954.",
        "Nietzsche, F. <i>Die Geburt der Tragödie. Unzeitgemäße Betrachtungen I–IV</i>. München: Deutscher Taschenbuch-Verlag; Walter de Gruyter, 1988.",
        "Smith, J., and C. de Gaulle. “The Ruhr Crisis and the Anglo-French Entente.” <i>Journal of Modern History</i> 29, no. 2 (June 1957): 105–21. https://doi.org/10.1086/237998.",
    ],
}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_works_cited_of_a_few_types(built: dict[str, str], lang: str):
    listed = built[f"bib:{lang}"].split("\n")
    for work in WORKS_CITED[lang]:
        assert work in listed, work
    # GOST lists works in Cyrillic first; Chicago leaves out manuscripts and private letters
    if lang == "ru":
        assert listed[0].startswith("Ахтамзян") and len(listed) == len(CITED)  # a set's two members, one cited before
    else:
        assert not any("Zapiska" in work or "Litvinov" in work for work in listed)


@pytest.mark.parametrize("style", ["author-date.csl", "numeric.csl"])
def test_the_reader_citing_every_type_builds_under_in_text_styles(tmp_path: Path, style: str):
    text = "".join(f"Текст [@{key}].\n\n" for key in CITED)
    english = "".join(f"Text [@{key}].\n\n" for key in CITED)
    config = make_project(tmp_path, {"one": (text, english)}, extra=f'\n[citations]\nru = "styles/{style}"\nen = "styles/{style}"\n')
    shutil.copytree(BIB, tmp_path / "bibliography")
    shutil.copytree(FIXTURES / "csl", tmp_path / "styles")
    result = run("build", "html", "--config", config)
    assert result.exit_code == 0, result.output
    page = re.sub(r"<[^>]+>", "", (tmp_path / "build" / "html" / "one.html").read_text(encoding="utf-8"))
    cites = re.findall(r"Text (\[[^\]]*\]|\([^)]*\))\.", page)
    assert len(cites) == len(CITED) and not any("@" in cite for cite in cites)
    if style == "numeric.csl":  # each work its number, in the order of first citation
        assert [int(re.search(r"\d+", cite).group(0)) for cite in cites[:3]] == [1, 2, 3]
