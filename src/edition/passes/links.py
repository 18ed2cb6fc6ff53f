"""Checking the sources' hyperlinks: each is kept as a link, or reported.

A link in the edition goes to a web page (``http:``, ``https:``), an e-mail
address (``mailto:``) or a place in the edition (``#a2-p12``). Any other
target (``javascript:``, ``file:``, ``data:``, a path on the editor's disk)
would run script in a reader's browser or point at nothing once the edition
is published: it is reported with its file and line, never dropped
silently.
"""

from __future__ import annotations

import re

from ..errors import Problem
from ..model import Article, Link
from .inlines import located_inlines

KEPT = re.compile(r"^(?:https?://[^\s]|mailto:[^\s]|#[^\s])", re.IGNORECASE)
"""The targets a link may have."""


def check_links(article: Article) -> list[Problem]:
    """A problem for every link whose target the edition does not keep."""
    problems = []
    for location, item in located_inlines(article):
        if isinstance(item, Link) and not KEPT.match(item.url):
            problems.append(
                Problem(
                    f"link {item.url!r}: {_what(item.url)}",
                    location.file,
                    location.line,
                    "link to a web page (https://...), an e-mail address (mailto:...) or a place in the edition (#a2-p12)",
                )
            )
    return problems


def _what(url: str) -> str:
    scheme = re.match(r"^\s*([a-z][a-z0-9+.-]*):", url, re.IGNORECASE)
    if scheme and len(scheme.group(1)) > 1:
        return f"{scheme.group(1).lower()}: links are not kept in the edition"
    if not url.strip():
        return "a link without a target"
    return "a link to a file is not kept in the edition; only web pages, e-mail addresses and places in the edition are"
