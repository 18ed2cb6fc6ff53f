"""White space of facing pages: how much of each spread's pages is left empty.

    python bench/spreads.py [--sizes 400] [--bundled]

Each article of the reader is typeset on facing pages as the build typesets
it (the layout passes, ``render/book/typeset.py``), and for each spread the
height left empty at the foot of each side's page (above its notes) is read
from the last pass's layout, as a share of the page's text area. A spread's
white space is its emptier side's (the shorter side ends with white space,
the other is as full as the packing allowed); the last spread of an article,
which ends its text, is left out. Printed: the spreads, the median and the
worst white space, and how many spreads leave more than half a page empty.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import ROOT, make_reader

from edition.pipeline import load_edition
from edition.render.book.typeset import typeset_article


def white_space(config: Path) -> list[float]:
    """The white space of each spread but an article's last (shares of a page's text area)."""
    import edition.render as render

    edition = load_edition(config, mode="facing")
    shares: list[float] = []
    typeset_part = render.typeset_part
    last: list[object] = []

    def keep(*args: object) -> object:
        last[:] = [typeset_part(*args)]  # type: ignore[arg-type]
        return last[0]

    render.typeset_part = keep  # type: ignore[assignment]
    try:
        for position in range(len(edition.articles)):
            typeset_article(edition, position, "")
            pages = last[0]
            free, height = pages.free, pages.height  # type: ignore[attr-defined]
            spreads = [(left, left + 1) for left in range(1, len(free) - 1, 2)]
            text_spreads = [pair for pair in spreads if free[pair[0]] < height * 0.999 or free[pair[1]] < height * 0.999]
            shares += [max(free[left], free[right]) / height for left, right in text_spreads[:-1]]
    finally:
        render.typeset_part = typeset_part  # type: ignore[assignment]
    return shares


def report(name: str, shares: list[float]) -> str:
    if not shares:
        return f"{name}: no spread but an article's last"
    half = sum(1 for share in shares if share > 0.5)
    return (
        f"{name}: {len(shares)} spreads, white space median {statistics.median(shares):.0%}, "
        f"worst {max(shares):.0%}, more than half a page empty: {half}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="400", help="synthetic reader sizes in pages (column layout), comma-separated; empty for none")
    parser.add_argument("--bundled", action="store_true", help="also the bundled reader")
    arguments = parser.parse_args()
    if arguments.bundled:
        print(report("bundled reader", white_space(ROOT / "edition.toml")))
    folder = Path(tempfile.mkdtemp(prefix="edition-spreads-"))
    try:
        for size in (int(s) for s in arguments.sizes.split(",") if s):
            print(report(f"reader of {size} pages", white_space(make_reader(folder / f"reader-{size}", size, "facing"))))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
