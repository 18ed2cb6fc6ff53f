"""The import report: a summary, what is left to do, every place to check by its line
in ``original.txt``, the changes made, and every line-end hyphen decided.

It reads a finished draft (draft.py), which knows nothing of it."""

from __future__ import annotations

from pathlib import Path

from ..model import OutputFile
from .draft import REPORT_FILE, Draft
from .paragraphs import Layout
from .structure import other


def write_report(draft: Draft) -> OutputFile:
    """The report, to be written into the article's folder beside the draft."""
    return OutputFile(Path(REPORT_FILE), render_report(draft).encode("utf-8"))


def render_report(draft: Draft) -> str:
    doubts, changes = draft.doubts, draft.changes
    lines = [
        "# Import report",
        "",
        (
            f"Drafted by `edition import` from `{draft.source_name}`, main language {draft.lang}. "
            "Line numbers are lines of `original.txt`, the raw text kept beside the draft."
        ),
        "",
        "## Summary",
        "",
        *_summary(draft),
        "",
        "## Still to do",
        "",
        *_to_do(draft),
        "",
        f"## Places to check ({len(doubts)})",
        "",
        *([f"- {f}" for f in doubts] or ["None."]),
        "",
        f"## Changes made ({len(changes)})",
        "",
        *([f"- {f}" for f in changes] or ["None."]),
        "",
        f"## Line-end hyphens ({len(draft.hyphens)})",
        "",
    ]
    for hyphen in sorted(draft.hyphens, key=lambda h: h.line):
        verdict = ("joined" if hyphen.join else "kept") + ("" if hyphen.sure else " (uncertain)")
        lines.append(f"- line {hyphen.line}: {hyphen.left}-|{hyphen.right} → {hyphen.word}, {verdict}: {hyphen.reason}")
    return "\n".join(lines) + "\n"


def _summary(draft: Draft) -> list[str]:
    main, second = draft.lang, other(draft.lang)
    blocks = [b for b in draft.blocks if draft.in_main(b)]
    others = [b for b in draft.blocks if not draft.in_main(b)]
    texts = {n.number for n in draft.note_texts}
    called = {c.number for c in draft.calls}
    joined = sum(h.join for h in draft.hyphens)
    titles = draft.titles()
    kinds = ", ".join(_n(sum(b.kind == kind for b in blocks), kind) for kind in ("heading", "paragraph", "rule"))
    paired = f", paired with blocks {_partners(draft)} of {main}.md" if others else ""
    found_titles = "; ".join(f"{lang} «{t}» (line {draft.meta.title_line[lang]})" for lang, t in titles.items())
    keywords = "; ".join(f"{lang}: {len(k)}" for lang, k in draft.meta.keywords.items())
    return [
        f"- {main}.md: {_n(len(blocks), 'block')} ({kinds}), {_n(len(called), 'footnote')}.",
        f"- {second}.md: {_n(len(others), 'block')}, the passages of the raw text in this language{paired}.",
        f"- Title: {found_titles or 'none found'}.",
        f"- Keywords: {keywords or 'none found'}.",
        (
            f"- Footnotes: {len(called)} calls and {len(texts)} note texts found; {len(texts & called)} linked. "
            f"Calls without a note text: {_numbers(called - texts)}. Note texts without a call: {_numbers(texts - called)}."
        ),
        (
            f"- Line-end hyphens: {len(draft.hyphens)}: {joined} joined, {len(draft.hyphens) - joined} kept; "
            f"{sum(not h.sure for h in draft.hyphens)} uncertain."
        ),
        f"- Places to check: {len(draft.doubts)}. Changes made: {len(draft.changes)}.",
        f"- The layout, as the text shows it: {_layout(draft.layout)}.",
    ]


def _to_do(draft: Draft) -> list[str]:
    main, second = draft.lang, other(draft.lang)
    others = [b for b in draft.blocks if not draft.in_main(b)]
    missing = sum(draft.in_main(b) for b in draft.blocks) - sum(b.partner is not None for b in others)
    lines = [
        (
            f"- The translation: {second}.md holds only what the raw text has in this language ({_n(len(others), 'block')}); "
            f"the other {_n(missing, 'block')} of {main}.md are to be translated, in order. "
            "Until then `edition check` reports that the files differ in blocks."
        )
    ]
    titles = draft.titles()
    for lang in ("ru", "en"):
        if lang not in titles:
            lines.append(f"- article.toml: the {lang} title (the raw text has none in this language).")
        else:
            lines.append(f"- article.toml: check the capitals of the {lang} title, set from capitals.")
    if len(draft.meta.keywords) == 1:
        lang = "ru" if "ru" not in draft.meta.keywords else "en"
        lines.append(f'- article.toml: the {lang} keywords (with `{lang}_by = "translation"`).')
    lines.append("- article.toml: authors, publication, translation credit and editorial notes, as the source format describes them.")
    if draft.calls:
        lines.append("- Notes: the note texts are as printed; write citations (`[@key, с. N]`) where the bibliography has the works.")
    return lines


def _layout(layout: Layout) -> str:
    widths = ", ".join(f"{width:.0f} characters ({name})" for name, width in layout.width.items() if name)
    return "; ".join(
        [
            f"full lines of about {widths}",
            "blank lines mark paragraphs" if layout.blank_marks_paragraphs else "blank lines do not mark paragraphs",
            "indents mark paragraphs" if layout.indent_marks_paragraphs else "indents do not mark paragraphs",
            f"{layout.end_spaces} or more spaces end a paragraph's last line" if layout.end_spaces else "spaces at line ends say nothing",
        ]
    )


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _numbers(numbers: set[int]) -> str:
    return ", ".join(str(n) for n in sorted(numbers)) or "none"


def _partners(draft: Draft) -> str:
    main = [i for i, b in enumerate(draft.blocks) if draft.in_main(b)]
    found = sorted(main.index(b.partner) + 1 for b in draft.blocks if b.partner is not None and b.partner in main)
    return ", ".join(str(n) for n in found) or "none"
