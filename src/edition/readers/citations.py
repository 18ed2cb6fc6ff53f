"""Parsing the inside of a Pandoc citation: ``Цит. по: @key, с. 5; @other``."""

from __future__ import annotations

import re

from ..model import CiteItem

LOCATOR_LABELS: dict[str, str] = {
    "с.": "page",
    "стр.": "page",
    "p.": "page",
    "pp.": "page",
    "s.": "page",
    "т.": "volume",
    "vol.": "volume",
    "vols.": "volume",
    "bd.": "volume",
    "л.": "folio",
    "fol.": "folio",
    "ff.": "folio",
    "bl.": "folio",
    "№": "number",
    "no.": "number",
    "nos.": "number",
    "гл.": "chapter",
    "ch.": "chapter",
    "chap.": "chapter",
    "kap.": "chapter",
    "§": "section",
    "sec.": "section",
}
"""Locator labels as written (lowercased) -> CSL locator terms."""

_NUMBER = r"[0-9]+[a-zа-я]?|[IVXLCDM]+|[ivxlcdm]+"
_RANGE = rf"(?:{_NUMBER})(?:\s*[-–—]\s*(?:{_NUMBER}))?"
_VALUE = re.compile(rf"(?:{_RANGE})(?:\s*,\s*(?:{_RANGE}))*(?![\w])")
_KEY = re.compile(r"(?:^|(?<=[\s(]))-?@(\w(?:[\w:.#$%&+?<>~/-]*\w)?)")
_LABEL = re.compile(
    "(" + "|".join(re.escape(label) for label in sorted(LOCATOR_LABELS, key=len, reverse=True)) + r")\s*",
    re.IGNORECASE,
)


def parse_citation(content: str) -> tuple[list[CiteItem], list[tuple[str, str]]]:
    """Items of a citation, and problems as (message, hint) pairs."""
    items: list[CiteItem] = []
    problems: list[tuple[str, str]] = []
    for part in content.split(";"):
        match = _KEY.search(part)
        if match is None:
            problems.append((f"no @key in the citation part {part.strip()!r}", "write [@key, с. 5]"))
            continue
        key = match.group(1)
        suppress = match.group(0).lstrip().startswith("-")
        prefix = part[: match.start()].strip()
        rest = part[match.end() :]
        item, problem = _locator(rest)
        if problem:
            problems.append((f"citation of @{key}: {problem}", "write the locator as 'с. 5', 'p. 5–7', 'т. 2'"))
        items.append(
            CiteItem(
                key=key,
                prefix=prefix,
                locator_label=item[0],
                locator=item[1],
                label_as_written=item[2],
                suffix=item[3],
                suppress_author=suppress,
            )
        )
    return items, problems


def _locator(rest: str) -> tuple[tuple[str, str, str, str], str]:
    """(label, value, label as written, suffix) from what follows the key; a locator's
    number set in bold or italics (``p. **32**``) is read as the number (the style sets it)."""
    text = re.sub(r"(\*{1,2}|_{1,2})([0-9IVXLCDMivxlcdm][0-9IVXLCDMivxlcdm\s,–—-]*)\1", r"\2", rest.strip())
    if not text:
        return ("", "", "", ""), ""
    if not text.startswith(","):
        # pandoc: a locator may follow the key without a comma when it starts with its label ([@key p. 30])
        label_match = _LABEL.match(text)
        if label_match is None or not _VALUE.match(text[label_match.end() :]):
            return ("", "", "", text), ""
    else:
        text = text[1:].strip()
    label_match = _LABEL.match(text)
    if label_match:
        written = label_match.group(1)
        label = LOCATOR_LABELS[written.lower()]
        value_text = text[label_match.end() :]
        value = _VALUE.match(value_text)
        if value is None:
            return ("", "", "", text), f"the locator {text!r} has no page or number after {written!r}"
        suffix = value_text[value.end() :].strip()
        return (label, value.group(0).strip(), written, suffix), ""
    value = _VALUE.match(text)
    if value and re.match(r"\d", text):
        return ("page", value.group(0).strip(), "", text[value.end() :].strip()), ""
    return ("", "", "", text), ""
