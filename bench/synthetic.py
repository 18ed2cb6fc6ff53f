"""Synthetic readers for the benchmark: the bundled articles repeated under new names."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ["soviet-german-origins", "ruhr-negotiations-1923"]
PAGES_PER_PAIR = 22
"""Pages the two bundled articles take in print, about."""


def make_reader(folder: Path, pages: int, mode: str = "columns") -> Path:
    """A project in ``folder`` with about ``pages`` pages (in the column layout), printed in
    ``mode`` ("columns" or "facing"); returns its configuration."""
    copies = max(1, round(pages / PAGES_PER_PAIR))
    sources = folder / "sources"
    if folder.exists():
        shutil.rmtree(folder)
    sources.mkdir(parents=True)
    slugs = []
    for copy in range(copies):
        for slug in BUNDLED:
            name = f"{slug}-{copy + 1:02d}"
            shutil.copytree(ROOT / "sources" / slug, sources / name, ignore=shutil.ignore_patterns("original.txt"))
            _mark_notes(sources / name, copy + 1)
            slugs.append(name)
    shutil.copytree(ROOT / "bibliography", folder / "bibliography")
    shutil.copytree(ROOT / "templates", folder / "templates")
    articles = ", ".join(f'"{s}"' for s in slugs)
    config = folder / "edition.toml"
    config.write_text(
        "[reader]\n"
        f'name = "bench-{pages}"\n'
        f'title = {{ ru = "Хрестоматия на {pages} страниц", en = "A reader of {pages} pages" }}\n'
        'version = "1.0.0"\ndate = "2026-11-22"\n'
        f"articles = [{articles}]\n"
        f'\n[layout]\nmode = "{mode}"\n',
        encoding="utf-8",
    )
    return config


def _mark_notes(folder: Path, copy: int) -> None:
    """Each note of a copy ends with the copy's number: the notes of the copies differ,
    and the check that each note is printed once in the book can tell them apart."""
    for lang in ("ru", "en"):
        path = folder / f"{lang}.md"
        text = re.sub(r"^(\[\^[^\]]+\]: .*\S)[ \t]*$", rf"\1 ({copy})", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
        path.write_text(text, encoding="utf-8")


def edit_one_paragraph(config: Path) -> Path:
    """Change one word of one paragraph of the middle article; returns the file changed."""
    sources = sorted((config.parent / "sources").iterdir())
    ru = sources[len(sources) // 2] / "ru.md"
    text = ru.read_text(encoding="utf-8")
    marker = "переговоры"
    at = text.index(marker)
    ru.write_text(text[:at] + "Переговоры" + text[at + len(marker) :], encoding="utf-8")
    return ru
