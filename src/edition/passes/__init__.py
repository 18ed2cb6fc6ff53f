"""Passes: model values in, model values out."""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import Problem
from ..model import Article, ArticleSource, CitationKind, Lang, Layout
from .align import align_blocks
from .citations import assign_positions
from .cite_notes import citations_to_notes
from .corrections import mark_corrections
from .floats import check_shared, number_floats
from .notes import number_notes
from .split import split_rows


def prepare_article(
    source: ArticleSource, index: int, layout: Layout, cites: Mapping[Lang, CitationKind] | None = None
) -> tuple[Article, list[Problem]]:
    """Number its tables and figures, align, number the notes, find and mark its corrections,
    split one article, and place its citations. Depends on nothing outside it.

    ``cites``: how each side's style cites (notes by default): a note style's
    citations in the text become notes.
    """
    source, problems = number_floats(source)
    segments, align_problems = align_blocks(source)
    problems += align_problems + check_shared(segments)
    segments, made, cite_problems = citations_to_notes(segments, cites or {"ru": "note", "en": "note"})
    problems += cite_problems
    segments, notes, note_problems = number_notes(source, segments, made)
    # the signs of the corrections go in before the rows are split, and once the notes have numbers
    meta, segments, notes, correction_problems = mark_corrections(source.meta, segments, notes)
    segments = tuple(split_rows(segment, layout, notes) for segment in segments)
    article = Article(
        slug=source.slug,
        folder=source.folder,
        meta=meta,
        segments=segments,
        notes=notes,
        index=index,
    )
    return assign_positions(article), problems + note_problems + correction_problems
