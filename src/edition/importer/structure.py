"""The article's structure: title, headings, keywords, paragraphs, and the passages
in the other language, paired with their counterparts."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Literal

from .findings import Finding
from .lines import LANG_OF_SCRIPT, script
from .located import Located
from .paragraphs import ABSTRACT_HEADS, KEYWORDS, Unit

BlockKind = Literal["paragraph", "heading", "rule"]
_SMALL_WORDS = frozenset(
    ["a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in", "of", "on", "to", "up"]
    + ["via", "with", "from", "into", "onto", "over", "per"]
)
"""Words an English title keeps in lower case."""


@dataclass(frozen=True)
class Block:
    """A block of the draft."""

    kind: BlockKind
    lang: str
    text: Located
    classes: tuple[str, ...] = ()
    partner: int | None = None
    """For a block in the other language: the index of its counterpart among the blocks."""

    @property
    def line(self) -> int:
        return self.text.first_line


@dataclass
class Meta:
    """What goes to ``article.toml``."""

    title: dict[str, str] = field(default_factory=dict)
    title_line: dict[str, int] = field(default_factory=dict)
    keywords: dict[str, list[str]] = field(default_factory=dict)


def other(lang: str) -> str:
    return "en" if lang == "ru" else "ru"


def language_of(text: str, lang: str) -> str:
    found = script(text, minimum=1)
    return LANG_OF_SCRIPT[found] if found else lang


def classify(units: list[Unit], texts: list[Located], lang: str) -> tuple[list[Block], Meta, list[Finding]]:
    """Blocks of the draft from the units; the title and keywords to the metadata."""
    meta = Meta()
    blocks: list[Block] = []
    findings: list[Finding] = []
    for unit, text in zip(units, texts, strict=True):
        language = language_of(text.text, lang)
        if unit.kind == "rule":
            blocks.append(Block("rule", lang, text))
        elif unit.kind == "caps" and language not in meta.title and not any(b.kind == "paragraph" and b.lang == language for b in blocks):
            meta.title[language] = text.text
            meta.title_line[language] = text.first_line
        elif unit.kind == "text" and (match := KEYWORDS.match(text.text)):
            words = [w.strip() for w in re.split(r"[;,]", match.group(1))]
            meta.keywords[language_of(match.group(1), lang)] = [re.sub(r"\.$", "", w) for w in words if w]
        elif unit.kind in ("caps", "heading"):
            blocks.append(Block("heading", language, text))
            if unit.kind == "caps":
                findings.append(Finding(text.first_line, "title", f"a line in capitals taken as a heading: «{text.text}»"))
        else:
            blocks.append(Block("paragraph", language, text))
    return blocks, meta, findings


def pair_passages(blocks: list[Block], lang: str) -> tuple[list[Block], list[Finding]]:
    """Each run of blocks in the other language paired with as many blocks of the main
    language of the same kinds, just before it (or else just after it)."""
    findings: list[Finding] = []
    blocks = list(blocks)
    index = 0
    while index < len(blocks):
        if blocks[index].lang == lang or blocks[index].kind == "rule":
            index += 1
            continue
        end = index
        while end < len(blocks) and blocks[end].lang != lang and blocks[end].kind != "rule":
            end += 1
        run = list(range(index, end))
        before = _main_run(blocks, index - 1, -1, lang)[: len(run)][::-1]
        after = _main_run(blocks, end, 1, lang)[: len(run)]
        kinds = [blocks[i].kind for i in run]
        for candidates in (before, after):
            if len(candidates) == len(run) and [blocks[i].kind for i in candidates] == kinds:
                for mine, partner in zip(run, candidates, strict=True):
                    blocks[mine] = replace(blocks[mine], partner=partner)
                break
        else:
            findings.append(
                Finding(
                    blocks[index].line,
                    "language",
                    f"a passage in the other language ({len(run)} blocks) with no counterpart of the same shape beside it; "
                    "it is written to the other file, to be placed by hand",
                )
            )
        index = end
    return _mark_abstract(blocks, lang), findings


def _main_run(blocks: list[Block], start: int, step: int, lang: str) -> list[int]:
    """Indexes of consecutive main-language blocks from ``start`` on, in the direction ``step``."""
    found = []
    index = start
    while 0 <= index < len(blocks) and blocks[index].lang == lang and blocks[index].kind != "rule":
        found.append(index)
        index += step
    return found


def _mark_abstract(blocks: list[Block], lang: str) -> list[Block]:
    """Blocks before the body that have a counterpart, and blocks under a heading such as
    «Резюме» or "Abstract", are the abstract."""
    paired = {b.partner for b in blocks if b.partner is not None}
    body = next(
        (i for i, b in enumerate(blocks) if b.lang == lang and b.kind == "paragraph" and i not in paired),
        len(blocks),
    )
    abstract = {i for i in paired if i < body}
    abstract |= {i for i, b in enumerate(blocks) if b.partner in abstract}
    under_head = False
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            under_head = block.text.text.lower().rstrip(".:") in ABSTRACT_HEADS
        elif block.kind == "rule":
            under_head = False
        if under_head:
            abstract.add(index)
    return [replace(b, classes=("abstract",)) if i in abstract else b for i, b in enumerate(blocks)]


def sentence_case(title: str, texts: list[str]) -> str:
    """A title set in capitals, in sentence case: lower case but for its first letter, names
    (words the text writes with a capital inside sentences, in any form) and abbreviations."""
    capital, seen, acronyms = _names(texts)
    result = []
    for position, word in enumerate(title.split(" ")):
        core = re.sub(r"[^\w-]", "", word)
        if core and core in acronyms:
            result.append(word)
            continue
        lower = word.lower()
        forms = [w for w in seen if "-" not in core and _same_word(core.lower(), w)]
        if position == 0 or (forms and 2 * sum(capital[w] for w in forms) > sum(seen[w] for w in forms)):
            lower = _capitalise(lower)
        result.append(lower)
    return " ".join(result)


def title_case(title: str, texts: list[str]) -> str:
    """An English title set in capitals, in title case (small words in lower case)."""
    _, _, acronyms = _names(texts)
    words = title.split(" ")
    result = []
    for position, word in enumerate(words):
        core = re.sub(r"[^\w-]", "", word)
        if core and core in acronyms:
            result.append(word)
        elif 0 < position < len(words) - 1 and core.lower() in _SMALL_WORDS:
            result.append(word.lower())
        else:
            result.append("-".join(_capitalise(part.lower()) for part in word.split("-")))
    return " ".join(result)


def _capitalise(word: str) -> str:
    for index, char in enumerate(word):
        if char.isalpha():
            return word[:index] + char.upper() + word[index + 1 :]
    return word


def _same_word(a: str, b: str) -> bool:
    """Two forms of one word: they differ only in the last three letters or so (рурским, Рурского)."""
    shared = len(a) if a == b else next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return shared >= max(4, min(len(a), len(b)) - 3)


def _names(texts: list[str]) -> tuple[Counter[str], Counter[str], set[str]]:
    """For each word written inside sentences: how often with a capital, how often in all;
    and the words written in capitals."""
    capital: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    acronyms: set[str] = set()
    for text in texts:
        for match in re.finditer(r"[^\W\d_]+", text):
            word = match.group(0)
            if len(word) >= 2 and word.isupper():
                acronyms.add(word)
            before = text[: match.start()].rstrip()
            if not before or before[-1] in ".!?…" or before.endswith(("«", "(", "—", "–")):
                continue
            seen[word.lower()] += 1
            capital[word.lower()] += word[0].isupper()
    return capital, seen, acronyms
