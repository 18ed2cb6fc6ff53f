"""Citations and bibliographies as text, per language."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..model import Article, BibEntry, Cite, Edition, Lang


def cited_keys(article: Article) -> list[str]:
    """Keys an article cites, in order of first citation."""
    from ..passes.inlines import located_inlines

    keys: list[str] = []
    for _, item in located_inlines(article):
        if isinstance(item, Cite):
            keys.extend(i.key for i in item.items if i.key not in keys)
    return keys


def works_cited(edition: Edition, article: Article | None, lang: Lang) -> list[Markup]:
    """The bibliography of one article (or of the whole reader when ``article`` is None)."""
    articles = [article] if article is not None else list(edition.articles)
    keys = list(dict.fromkeys(k for a in articles for k in cited_keys(a)))
    entries = {e.key: e for e in edition.bibliography}
    chosen = sorted((entries[k] for k in keys if k in entries), key=_sort_key)
    return [_plain(entry) for entry in chosen]


def _sort_key(entry: BibEntry) -> str:
    return (entry.get("author") or entry.get("editor") or entry.get("title")).casefold()


def _plain(entry: BibEntry) -> Markup:
    parts = [entry.get("author") or entry.get("editor"), entry.get("title"), entry.get("location"), entry.get("date") or entry.get("year")]
    return escape(". ".join(p for p in parts if p) + ".")
