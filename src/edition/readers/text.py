"""Reading a text file as UTF-8, with a clear problem when it is not."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Problem

SHOWN = 5
"""Places of bad bytes or characters named in a problem, at most."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
"""Characters no text of an edition has: NUL and the other C0 controls but tab,
line ends and form feed (a page break in text extracted from a PDF), and DEL."""


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """The file's text with LF line ends, or None after recording a problem."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem("file not found", path))
        return None
    except OSError as error:
        problems.append(Problem(f"cannot read the file: {error.strerror}", path))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(_not_utf8(path, data))
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    controls = _places(text, _CONTROL)
    if controls:
        line, column, found = controls[0]
        problems.append(
            Problem(
                f"a control character (U+{ord(found):04X}) at column {column}{_more(controls)}, which no text has",
                path,
                line,
                "delete it in a text editor (it often comes from a damaged copy or a PDF)",
            )
        )
        return None
    return text


def _not_utf8(path: Path, data: bytes) -> Problem:
    """The first bad bytes by line and column; a re-encoding is suggested only for a
    file that has no UTF-8 at all and reads whole as a Cyrillic single-byte encoding."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = _places(text, re.compile(r"[\udc80-\udcff]"))
    line, column, found = bad[0]
    where = f"byte 0x{ord(found) - 0xDC00:02x} at column {column}{_more(bad)}"
    legacy = "" if re.search(r"[^\x00-\x7f\udc80-\udcff]", text) else _guess_encoding(data)
    if legacy:
        return Problem(
            f"not UTF-8 ({where}); it looks like {legacy}, as which the whole file reads",
            path,
            line,
            f"convert it, e.g. iconv -f {legacy} -t utf-8",
        )
    return Problem(
        f"not UTF-8: the {where} is no text in UTF-8",
        path,
        line,
        "correct these bytes in a text editor, or save the file again as UTF-8",
    )


def _places(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int, str]]:
    """(line, column, character) of each match, the first :data:`SHOWN` and one more."""
    places = []
    for match in pattern.finditer(text):
        start = match.start()
        line_start = text.rfind("\n", 0, start) + 1
        places.append((text.count("\n", 0, start) + 1, start - line_start + 1, match.group(0)))
        if len(places) > SHOWN:
            break
    return places


def _more(places: list[tuple[int, int, str]]) -> str:
    others = [f"{line}:{column}" for line, column, _ in places[1:SHOWN]]
    if not others:
        return ""
    return f" (and at {', '.join(others)}{' and further' if len(places) > SHOWN else ''})"


def _guess_encoding(data: bytes) -> str:
    """Windows-1251 or KOI8-R when the whole file decodes and reads as mostly lowercase Cyrillic."""
    best, best_score = "", 0.0
    for encoding in ("cp1251", "koi8_r"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        cyrillic = [c for c in text if "\u0400" <= c <= "\u04ff"]
        if not cyrillic or len(cyrillic) < 0.3 * sum(c.isalpha() for c in text):
            continue
        score = sum(c.islower() for c in cyrillic) / len(cyrillic)
        if score > best_score:
            best, best_score = encoding, score
    return best
