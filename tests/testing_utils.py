"""Helpers shared by the tests: small projects on disk, the CLI, reading PDFs."""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path

from click.testing import CliRunner, Result
from pypdf import PdfReader

from edition.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEMPLATES = ROOT / "templates"

CONFIG = """\
[reader]
name = "test"
title = {{ ru = "Хрестоматия", en = "Reader" }}
articles = [{articles}]

[paths]
templates = "{templates}"
{extra}"""

ARTICLE_TOML = """\
[title]
ru = "Статья {slug}"
en = "Article {slug}"
"""


def make_project(
    root: Path,
    articles: dict[str, tuple[str, str]],
    extra: str = "",
    templates: Path = TEMPLATES,
) -> Path:
    """A project with one folder per article (ru.md, en.md); returns its config."""
    for slug, (ru, en) in articles.items():
        folder = root / "sources" / slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "article.toml").write_text(ARTICLE_TOML.format(slug=slug), encoding="utf-8")
        (folder / "ru.md").write_text(textwrap.dedent(ru), encoding="utf-8")
        (folder / "en.md").write_text(textwrap.dedent(en), encoding="utf-8")
    config = root / "edition.toml"
    names = ", ".join(f'"{slug}"' for slug in articles)
    config.write_text(CONFIG.format(articles=names, templates=templates.as_posix(), extra=extra), encoding="utf-8")
    return config


def run(*args: str | Path) -> Result:
    """Run the CLI in-process."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def pdf_pages(path: Path | bytes) -> list[str]:
    """The text of each page, runs of spaces folded (justified lines are spaced out)."""
    data = path if isinstance(path, bytes) else path.read_bytes()
    return [re.sub(r"[ \t]+", " ", page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


def pdf_reader(path: Path) -> PdfReader:
    return PdfReader(io.BytesIO(path.read_bytes()))
