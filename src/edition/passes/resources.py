"""Checking what the sources ask to load: images must be files inside the project."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from ..errors import Problem
from ..model import Article, Image
from .inlines import walk


def check_resources(article: Article, root: Path) -> list[Problem]:
    """A problem for every image that is on the network or outside the project."""
    problems = []
    for segment in article.segments:
        for block in (segment.ru, segment.en):
            if block is None:
                continue
            for paragraph in block.paragraphs:
                for item in walk(paragraph):
                    if isinstance(item, Image):
                        message = _refusal(item.src, article.folder, root)
                        if message:
                            problems.append(
                                Problem(
                                    f"image {item.src!r}: {message}",
                                    block.location.file,
                                    block.location.line,
                                    "put the image in the article's folder and refer to it by a relative path",
                                )
                            )
    return problems


def _refusal(src: str, folder: Path, root: Path) -> str:
    parsed = urlparse(src)
    if parsed.scheme and len(parsed.scheme) > 1:  # a one-letter scheme is a Windows drive
        return f"{parsed.scheme}: URLs are not fetched; the edition reads only files inside the project"
    path = (folder / src).resolve()
    if not path.is_relative_to(root.resolve()):
        return "outside the project folder"
    if not path.is_file():
        return "file not found"
    return ""
