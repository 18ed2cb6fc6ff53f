"""Checking what the sources ask to load: images must be files inside the project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from ..errors import Problem
from ..model import Article, Image, Location
from .inlines import located_inlines


def check_resources(article: Article, root: Path) -> list[Problem]:
    """A problem for every image that is on the network or outside the project."""
    problems = []
    for location, image in _images(article):
        message = _refusal(image.src, article.folder, root)
        if message:
            problems.append(
                Problem(
                    f"image {image.src!r}: {message}",
                    location.file,
                    location.line,
                    "put the image in the article's folder and refer to it by a relative path",
                )
            )
    return problems


def images(article: Article) -> list[Image]:
    """Every image of the article, text and notes, once each."""
    return list(dict.fromkeys(image for _, image in _images(article)))


def _images(article: Article) -> Iterator[tuple[Location, Image]]:
    for location, item in located_inlines(article):
        if isinstance(item, Image):
            yield location, item


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
