"""Passes: model values in, model values out."""

from __future__ import annotations

from ..errors import Problem
from ..model import Article, ArticleSource, Layout
from .align import align_blocks
from .citations import assign_positions
from .notes import number_notes
from .split import split_rows


def prepare_article(source: ArticleSource, index: int, layout: Layout) -> tuple[Article, list[Problem]]:
    """Align, number and split one article, and place its citations. Depends on nothing outside it."""
    segments, problems = align_blocks(source)
    segments, notes, note_problems = number_notes(source, segments)
    segments = tuple(split_rows(segment, layout, notes) for segment in segments)
    article = Article(
        slug=source.slug,
        folder=source.folder,
        meta=source.meta,
        segments=segments,
        notes=notes,
        index=index,
    )
    return assign_positions(article), problems + note_problems
