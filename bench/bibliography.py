"""Benchmark of reading a large bibliography: 10,000 entries, a few of them cited.

    python bench/bibliography.py [--entries 10000] [--repeat 3] [--strict]

Writes, in a temporary folder, a project of one article citing five works
and a ``.bib`` file of ``--entries`` entries in the shapes of real exports
(Better BibLaTeX's fields that the edition does not use, ``@string`` names,
LaTeX accents, protected titles, crossrefs to collections, ``@online`` pages,
BibTeX's ``@techreport`` and ``journal``), then prints the seconds of
``read_bibliography`` on the folder (every entry read, as ``edition check
--strict`` reads them; in a fresh process, the package imported before the
clock starts) and of ``edition check`` on the project (a fresh process, from
its start to its exit, as a user waits for it; with ``--strict``, of ``edition
check --strict`` too). With ``--repeat N`` each figure is the median of N runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CITED = ("article00007", "book00011", "part00022", "online00044", "report00055")

ARTICLE_TOML = '[title]\nru = "Статья"\nen = "An article"\n'
RU = "Текст.[^1] Ещё.[^2]\n\n[^1]: [@{0}, с. 5; @{1}].\n\n[^2]: [@{2}; @{3}; @{4}, с. 7].\n"
EN = "Text.[^1] More.[^2]\n\n[^1]: [@{0}, p. 5; @{1}].\n\n[^2]: [@{2}; @{3}; @{4}, p. 7].\n"
CONFIG = '[reader]\nname = "bench"\ntitle = {{ ru = "Хрестоматия", en = "Reader" }}\narticles = ["one"]\n\n[paths]\ntemplates = "{templates}"\n'

STRINGS = "@string{jhist = {Journal of Modern History}}\n@string{nauka = {Наука}}\n\n"


def entry(number: int) -> str:
    """One entry; the kind turns with ``number`` (ten kinds)."""
    kind = number % 10
    key = f"{_PREFIX[kind]}{number:05d}"
    common = (
        f"  file      = {{/home/user/Zotero/storage/ABCD{number:04d}/file.pdf}},\n"
        f"  timestamp = {{2023-05-{number % 28 + 1:02d}T10:00:00Z}},\n"
        "  keywords  = {history, diplomacy},\n"
    )
    if kind in (0, 7):
        return (
            f"@article{{{key},\n  author = {{M{{\\\"u}}ller, Hans and Smith, John}},\n"
            f"  title = {{On the {{Rapallo}} Treaty, part {number}}},\n  journaltitle = jhist,\n"
            f"  volume = {{{number % 90}}},\n  number = {{2}},\n  pages = {{5--{number % 300 + 10}}},\n"
            f"  date = {{1990}},\n  langid = {{english}},\n  abstract = {{A long abstract of the article, as Zotero keeps it.}},\n{common}}}\n\n"
        )
    if kind == 1:
        return (
            f"@book{{{key},\n  author = {{Горлов, С. А.}},\n  title = {{Совершенно секретно, том {number}}},\n"
            f"  location = {{М.}},\n  publisher = nauka,\n  date = {{2001}},\n  langid = {{russian}},\n  pagetotal = {{400}},\n{common}}}\n\n"
        )
    if kind == 2:
        return (
            f"@incollection{{{key},\n  title = {{Постановление № {number}}},\n  crossref = {{coll{number + 7:05d}}},\n"
            f"  pages = {{10--12}},\n  langid = {{russian}},\n}}\n\n"
        )
    if kind == 9:
        return (
            f"@collection{{{key},\n  editor = {{Севостьянов, Г. Н.}},\n  title = {{Москва – Берлин {number}}},\n"
            f"  volumes = {{3}},\n  location = {{М.}},\n  date = {{2011}},\n  langid = {{russian}},\n}}\n\n"
        )
    if kind == 3:
        return (
            f"@misc{{{key},\n  author = {{Doe, Jane}},\n  title = {{A manuscript number {number}}},\n"
            f"  year = {{1923}},\n  howpublished = {{typescript}},\n  langid = {{english}},\n{common}}}\n\n"
        )
    if kind == 4:
        return (
            f"@online{{{key},\n  author = {{{{Auswärtiges Amt}}}},\n  title = {{Akten zur deutschen auswärtigen Politik {number}}},\n"
            f"  url = {{https://example.org/akten/{number}}},\n  urldate = {{2024-02-01}},\n  date = {{2020}},\n  langid = {{german}},\n}}\n\n"
        )
    if kind == 5:
        return (
            f"@techreport{{{key},\n  author = {{Brown, A. and Green, B.}},\n  title = {{Report {number} on reparations}},\n"
            f"  institution = {{Institute of {{International}} Affairs}},\n  address = {{London}},\n  year = {{1924}},\n"
            f"  number = {{{number}}},\n  langid = {{english}},\n{common}}}\n\n"
        )
    if kind == 6:
        return (
            f"@inproceedings{{{key},\n  author = {{Dupont, Jean}},\n  title = {{L'{{\\'E}}conomie de guerre {number}}},\n"
            f"  booktitle = {{Actes du colloque}},\n  date = {{1999}},\n  pages = {{1--20}},\n  langid = {{french}},\n}}\n\n"
        )
    return (
        f"@thesis{{{key},\n  author = {{Ivanova, Maria}},\n  title = {{Soviet diplomacy {number}}},\n  type = {{phdthesis}},\n"
        f"  institution = {{Moscow State University}},\n  date = {{2015}},\n  langid = {{english}},\n{common}}}\n\n"
    )


_PREFIX = ("article", "book", "part", "misc", "online", "report", "paper", "article", "thesis", "coll")


def make_project(folder: Path, entries: int) -> Path:
    """The project in ``folder``; returns its configuration."""
    article = folder / "sources" / "one"
    article.mkdir(parents=True)
    (article / "article.toml").write_text(ARTICLE_TOML, encoding="utf-8")
    (article / "ru.md").write_text(RU.format(*CITED), encoding="utf-8")
    (article / "en.md").write_text(EN.format(*CITED), encoding="utf-8")
    (folder / "bibliography").mkdir()
    text = STRINGS + "".join(entry(number) for number in range(entries))
    (folder / "bibliography" / "big.bib").write_text(text, encoding="utf-8")
    templates = Path(__file__).resolve().parent.parent / "templates"
    config = folder / "edition.toml"
    config.write_text(CONFIG.format(templates=templates.as_posix()), encoding="utf-8")
    return config


READ = """
import sys, time
from pathlib import Path
from edition.readers.bibtex import read_bibliography
started = time.perf_counter()
read_bibliography(Path(sys.argv[1]))
print(time.perf_counter() - started)
"""


def time_read(folder: Path) -> float:
    """``read_bibliography`` of every entry, in a fresh process (nothing cached), the package imported first."""
    result = subprocess.run([sys.executable, "-c", READ, str(folder)], capture_output=True, text=True, check=True)
    return float(result.stdout)


def time_check(config: Path, *options: str) -> tuple[float, int]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", "from edition.cli import main; main()", "check", *options, "--config", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    return time.perf_counter() - started, result.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--strict", action="store_true", help="time edition check --strict too")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        config = make_project(Path(temporary), options.entries)
        size = (config.parent / "bibliography" / "big.bib").stat().st_size
        print(f"{options.entries} entries ({size / 1e6:.1f} MB), {len(CITED)} cited")
        reads = [time_read(config.parent / "bibliography") for _ in range(options.repeat)]
        checks = [time_check(config) for _ in range(options.repeat)]
        print(f"read_bibliography (every entry)  {statistics.median(reads):6.2f} s")
        print(f"edition check                    {statistics.median(seconds for seconds, _ in checks):6.2f} s  (exit {checks[-1][1]})")
        if options.strict:
            strict = [time_check(config, "--strict") for _ in range(options.repeat)]
            print(f"edition check --strict           {statistics.median(seconds for seconds, _ in strict):6.2f} s  (exit {strict[-1][1]})")


if __name__ == "__main__":
    main()
