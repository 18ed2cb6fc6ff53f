"""What changed between two releases (``edition diff``), for an instructor.

Each release's articles are read from the sources attached to its PDF (in a
temporary folder: nothing is typeset) and compared paragraph by paragraph,
per § and language: changed (the words that changed), new, removed,
renumbered; and the page map of each manifest tells which § now start on
another page, so that page citations of the earlier release can be checked.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem, ReleaseError
from ..model import LANGS, Article, Lang, ReaderConfig, Segment
from ..passes import prepare_article
from ..passes.inlines import block_text, note_labels, plain_text
from ..paths import is_within
from ..readers.article import read_article
from .manifest import read_manifest
from .sources import attached_config, extracted, read_attached


@dataclass(frozen=True)
class _Release:
    """A release read back: its manifest and its articles, from the sources attached to its PDF."""

    manifest: dict[str, Any]
    articles: dict[str, Article]

    @property
    def label(self) -> str:
        return f"{self.manifest['reader']} {self.manifest['version']} ({self.manifest['date']})"

    def pages(self, slug: str, lang: Lang) -> dict[str, int]:
        """The page on which each § starts (only what the manifest records as whole numbers)."""
        pages = self.manifest.get("pages", {}).get(slug, {}).get(lang, {})
        return {str(k): v for k, v in pages.items() if isinstance(v, int)} if isinstance(pages, dict) else {}


def diff(folder_a: Path, folder_b: Path) -> list[str]:
    """What changed from release A to release B, as lines for an instructor: each paragraph
    changed, new or removed (by § and language), renumbered paragraphs, and the §
    whose first page moved, so that page citations of A can be checked against B."""
    a, b = _read_release(folder_a), _read_release(folder_b)
    lines = [f"{a.label} → {b.label}"]
    for slug in [*a.articles, *(s for s in b.articles if s not in a.articles)]:
        if slug not in b.articles:
            lines.append(f"\nArticle «{a.articles[slug].meta.title.en}» ({slug}): removed")
            continue
        if slug not in a.articles:
            lines.append(f"\nArticle «{b.articles[slug].meta.title.en}» ({slug}): new")
            continue
        lines += _diff_article(a, b, slug)
    if len(lines) == 1:
        lines.append("no paragraph changed and no page moved")
    return lines


def _read_release(folder: Path) -> _Release:
    manifest = read_manifest(folder)
    pdf_name = next((name for name in manifest["files"] if name.endswith(".pdf")), None)
    if pdf_name is None:
        raise ReleaseError(Problem("the release has no PDF to read its sources from", folder))
    attached = read_attached(folder, pdf_name)
    if isinstance(attached, Problem):
        raise ReleaseError(attached)
    with extracted(attached) as root:
        config = attached_config(root, manifest["sources"]["config"], with_sources=True)
        if isinstance(config, str):
            raise ReleaseError(Problem(config, folder / pdf_name))
        articles = _read_articles(config)
    return _Release(manifest, articles)


def _read_articles(config: ReaderConfig) -> dict[str, Article]:
    """The articles of an extracted release (its templates are not needed: nothing is typeset)."""
    articles = {}
    for index, slug in enumerate(config.articles, start=1):
        folder = config.sources / slug
        if not is_within(folder, config.sources):
            continue
        source, _ = read_article(folder)
        if source is not None:
            articles[slug], _ = prepare_article(source, index, config.layout, config.cites)
    return articles


def _diff_article(a: _Release, b: _Release, slug: str) -> list[str]:
    old, new = a.articles[slug], b.articles[slug]
    found: list[str] = []
    moves: dict[int, dict[Lang, tuple[int, int]]] = {}
    for lang in LANGS:
        before, after = _paragraphs(old, lang), _paragraphs(new, lang)
        matcher = difflib.SequenceMatcher(a=[t for _, t in before], b=[t for _, t in after], autojunk=False)
        matched: list[tuple[int, int]] = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                pairs = list(zip(range(i1, i2), range(j1, j2), strict=True))
                matched += [(before[i][0], after[j][0]) for i, j in pairs]
                renumbered = [(before[i][0], after[j][0]) for i, j in pairs if before[i][0] != after[j][0]]
                if renumbered:
                    found.append(f"  {_span([x for x, _ in renumbered])} ({lang}): now {_span([y for _, y in renumbered])}")
                continue
            for offset in range(max(i2 - i1, j2 - j1)):
                i, j = i1 + offset, j1 + offset
                if i < i2 and j < j2:
                    matched.append((before[i][0], after[j][0]))
                    number = f"§ {before[i][0]}" + (f" (now § {after[j][0]})" if before[i][0] != after[j][0] else "")
                    found.append(f"  {number} ({lang}): changed: {_words_changed(before[i][1], after[j][1])}")
                elif i < i2:
                    found.append(f"  § {before[i][0]} ({lang}): removed: {_clip(before[i][1])}")
                else:
                    found.append(f"  § {after[j][0]} ({lang}): new: {_clip(after[j][1])}")
        old_pages, new_pages = a.pages(slug, lang), b.pages(slug, lang)
        for x, y in matched:
            if str(x) in old_pages and str(y) in new_pages and old_pages[str(x)] != new_pages[str(y)]:
                moves.setdefault(x, {})[lang] = (old_pages[str(x)], new_pages[str(y)])
    if moves:
        found.append(f"  pages moved (§ as numbered in {a.manifest['version']}):")
        found += [f"    {line}" for line in _page_moves(moves)]
    if not found:
        return []
    return [f"\nArticle {old.index}, «{old.meta.title.en}» ({slug}):", *found]


def _page_moves(moves: dict[int, dict[Lang, tuple[int, int]]]) -> list[str]:
    """``§ 5–9 (ru, en): p. 6–8 → p. 7–9``: runs of consecutive § that moved alike."""
    runs: list[list[int]] = []
    for number in sorted(moves):
        if runs and number == runs[-1][-1] + 1 and _shift(moves[number]) == _shift(moves[runs[-1][-1]]):
            runs[-1].append(number)
        else:
            runs.append([number])
    lines = []
    for run in runs:
        first, last = moves[run[0]], moves[run[-1]]
        langs = ", ".join(first)
        lang = next(iter(first))
        (old_first, new_first), (old_last, new_last) = first[lang], last[lang]
        numbers = f"§ {run[0]}–{run[-1]}" if len(run) > 1 else f"§ {run[0]}"
        old = f"p. {old_first}–{old_last}" if old_last != old_first else f"p. {old_first}"
        new = f"p. {new_first}–{new_last}" if new_last != new_first else f"p. {new_first}"
        lines.append(f"{numbers} ({langs}): {old} → {new}")
    return lines


def _shift(move: dict[Lang, tuple[int, int]]) -> tuple[tuple[str, int], ...]:
    return tuple((lang, new - old) for lang, (old, new) in move.items())


def _paragraphs(article: Article, lang: Lang) -> list[tuple[int, str]]:
    """(§, text) of each numbered paragraph in ``lang``: its words, then its notes' words."""
    found = []
    for segment in article.segments:
        block = segment.block(lang)
        if segment.number is None or block is None:
            continue
        text = _segment_text(article, segment, lang)
        found.append((segment.number, text))
    return found


def _segment_text(article: Article, segment: Segment, lang: Lang) -> str:
    block = segment.block(lang)
    assert block is not None
    text = block_text(block)
    for label in note_labels(block):
        try:
            note = article.note(lang, label)
        except KeyError:
            continue
        text += f" [note {note.number}: " + " ".join(plain_text(p) for p in note.paragraphs) + "]"
    return " ".join(text.split())


def _words_changed(old: str, new: str, limit: int = 3) -> str:
    """The changed words, ``[-old-] {+new+}``, with a few words of context, at most ``limit`` places."""
    a, b = old.split(), new.split()
    places = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        before = " ".join(a[max(0, i1 - 3) : i1])
        removed = f"[-{' '.join(a[i1:i2])}-]" if i2 > i1 else ""
        added = f"{{+{' '.join(b[j1:j2])}+}}" if j2 > j1 else ""
        after = " ".join(a[i2 : i2 + 3])
        places.append(" ".join(part for part in ("…" + before if before else "", removed, added, after + "…" if after else "") if part))
    shown = "; ".join(places[:limit])
    return shown + (f"; and {len(places) - limit} more" if len(places) > limit else "")


def _clip(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _span(numbers: list[int]) -> str:
    """``§ 3–7, 9``: runs of consecutive numbers."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return "§ " + ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)

