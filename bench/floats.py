"""Benchmark of figures and tables: one article of about 20 pages, built with and without
five figures and two tables.

    python bench/floats.py [--repeat 3] [--jobs 1]

Writes, in a temporary folder, two projects of one article each: the bundled
article on the Ruhr negotiations, its text twice over (about 20 pages), and
the same article with five figures (pictures of 2400 × 1600 pixels: three
photographs as JPEG, two maps as PNG; one file for both languages) and two tables of fifteen rows in
both languages between its paragraphs. Prints the seconds of ``edition build
pdf --no-cache`` of each (a fresh process, from its start to its exit, as a
user waits for it; with ``--repeat N`` the median of N runs), their ratio, and
the pages of each PDF.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "ruhr-negotiations-1923"
CAPTIONS = {"ru": "Рисунок к тексту, {}", "en": "A figure of the text, {}"}


def project(folder: Path, floats: bool) -> Path:
    """A project of one article, the bundled one twice over; with ``floats``, with figures and tables."""
    source = ROOT / "sources" / ARTICLE
    article = folder / "sources" / "long"
    article.mkdir(parents=True)
    shutil.copy(source / "article.toml", article / "article.toml")
    for lang in ("ru", "en"):
        text = (source / f"{lang}.md").read_text(encoding="utf-8")
        body, notes = _split(text)
        again = re.sub(r"\[\^([^\]]+)\]", r"[^\1-2]", body), re.sub(r"\[\^([^\]]+)\]", r"[^\1-2]", notes)
        body2 = re.sub(r"\{#[^}]*\}", "", again[0])  # ids only once
        paragraphs = (body.rstrip() + "\n\n" + body2.strip()).split("\n\n")
        if floats:
            paragraphs = _with_floats(paragraphs, lang)
        (article / f"{lang}.md").write_text("\n\n".join(paragraphs) + "\n\n" + notes + "\n" + again[1], encoding="utf-8")
    if floats:
        for number in range(1, 6):
            _picture(number).save(article / f"figure-{number}.{'jpg' if number % 2 else 'png'}")
    shutil.copytree(ROOT / "bibliography", folder / "bibliography")
    config = folder / "edition.toml"
    config.write_text(
        '[reader]\nname = "floats"\ntitle = { ru = "Рисунки и таблицы", en = "Figures and tables" }\n'
        f'articles = ["long"]\n\n[paths]\ntemplates = "{ROOT / "templates"}"\n',
        encoding="utf-8",
    )
    return config


def _split(text: str) -> tuple[str, str]:
    """The text and its notes' definitions."""
    at = re.search(r"^\[\^[^\]]+\]:", text, flags=re.MULTILINE)
    assert at is not None
    return text[: at.start()], text[at.start() :]


def _with_floats(paragraphs: list[str], lang: str) -> list[str]:
    """Five figures and two tables, spread among the paragraphs (after a plain paragraph each)."""
    plain = [n for n, p in enumerate(paragraphs) if p and not p.startswith(("#", "{", ">", "[^", "***"))]
    places = [plain[len(plain) * k // 8] for k in range(1, 8)]
    made = []
    for number, place in enumerate(places[:5], start=1):
        extension = "jpg" if number % 2 else "png"
        made.append((place, f"![{CAPTIONS[lang].format(number)}](figure-{number}.{extension}){{#fig-{number}}}"))
    for number, place in enumerate(places[5:], start=1):
        made.append((place, _table(lang, number)))
    out = list(paragraphs)
    for place, block in sorted(made, reverse=True):
        out.insert(place + 1, block)
    return out


def _table(lang: str, number: int) -> str:
    head = "| Год | Месяц | Груз | Вес, т |" if lang == "ru" else "| Year | Month | Cargo | Weight, t |"
    cargo = "винтовки" if lang == "ru" else "rifles"
    rows = "\n".join(f"| {1922 + i // 12} | {i % 12 + 1} | {cargo} {i} | {i * 37 + number} |" for i in range(15))
    caption = f"Table: {'Поставки' if lang == 'ru' else 'Deliveries'} {number} {{#tbl-{number}}}"
    return f"{caption}\n\n{head}\n|---|---|---|---:|\n{rows}"


def _picture(number: int) -> Image.Image:
    """A picture of 2400 × 1600 pixels: for a JPEG, with the grain of a photograph; for a
    PNG, a map's flat colours and lines (what each format is chosen for)."""
    photograph = number % 2 == 1
    image = Image.effect_noise((2400, 1600), 60 + number).convert("RGB") if photograph else Image.new("RGB", (2400, 1600), (244, 240, 228))
    draw = ImageDraw.Draw(image)
    for k in range(12):
        draw.ellipse([100 * k, 60 * k, 100 * k + 700, 60 * k + 500], outline=(40 * k % 255, 90, 160), width=12)
        draw.line([(0, 130 * k), (2400, 1600 - 90 * k)], fill=(120, 40 + 10 * k, 30), width=5)
    return image.filter(ImageFilter.GaussianBlur(1.5)) if photograph else image


def timed(config: Path, jobs: int) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", "from edition.cli import main; main()", "build", "pdf", "--no-cache", "--jobs", str(jobs), "--config", str(config)],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"the build failed:\n{result.stdout}{result.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        configs = {name: project(Path(folder) / name, name == "floats") for name in ("plain", "floats")}
        figures = {name: [] for name in configs}  # type: dict[str, list[float]]
        for _ in range(args.repeat):
            for name, config in configs.items():  # alternately, so that a slow spell slows both
                figures[name].append(timed(config, args.jobs))
        medians = {name: statistics.median(values) for name, values in figures.items()}
        for name, config in configs.items():
            pages = len(PdfReader(next((config.parent / "build").glob("*.pdf"))).pages)
            print(f"{name:7} {medians[name]:6.2f} s  ({pages} pages; runs: {', '.join(f'{v:.2f}' for v in figures[name])})")
        print(f"ratio   {medians['floats'] / medians['plain']:6.2f}")


if __name__ == "__main__":
    main()
