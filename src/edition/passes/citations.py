"""Citations against the bibliography: every key must name an entry."""

from __future__ import annotations

import difflib

from ..errors import Problem
from ..model import Article, BibEntry, Cite
from .inlines import located_inlines


def check_keys(article: Article, entries: tuple[BibEntry, ...]) -> list[Problem]:
    """A problem for every citation of a key that no entry has, with the closest keys."""
    known = {entry.key for entry in entries}
    problems = []
    for location, cite in located_inlines(article):
        if not isinstance(cite, Cite):
            continue
        for item in cite.items:
            if item.key in known:
                continue
            close = difflib.get_close_matches(item.key, sorted(known), n=3, cutoff=0.6)
            hint = f"did you mean {', '.join('@' + k for k in close)}?" if close else "add an entry with this key to a .bib file in bibliography/"
            problems.append(Problem(f"citation of an unknown key @{item.key}", location.file, location.line, hint))
    return problems
