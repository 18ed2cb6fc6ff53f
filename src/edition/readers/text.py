"""Reading a text file as UTF-8, with a clear problem when it is not."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem


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
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(
            Problem(
                f"not UTF-8 (byte 0x{data[error.start]:02x} at line {line}); "
                f"it looks like {_guess_encoding(data)}",
                path,
                line,
                f"convert it, e.g. iconv -f {_guess_encoding(data)} -t utf-8",
            )
        )
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _guess_encoding(data: bytes) -> str:
    """Windows-1251 or KOI8-R when the bytes read as mostly lowercase Cyrillic."""
    best, best_score = "latin_1", 0.0
    for encoding in ("cp1251", "koi8_r"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        cyrillic = [c for c in text if "\u0400" <= c <= "\u04ff"]
        if len(cyrillic) < 0.3 * sum(c.isalpha() for c in text):
            continue
        score = sum(c.islower() for c in cyrillic) / len(cyrillic)
        if score > best_score:
            best, best_score = encoding, score
    return best
