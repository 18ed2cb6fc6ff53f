"""Benchmark of `edition build`: synthetic readers of about 20, 100 and 400 pages.

    python bench/build.py [--sizes 20,100,400] [--jobs 2]

For each size, in the same run: one bare WeasyPrint render of the reader's
HTML as one document (the baseline), our cold build (empty cache), a
rebuild after editing one paragraph of one article, a rebuild with nothing
changed, the HTML edition and EPUB together, the peak memory of any one
process, pages per second, and the ratios to the baseline. Each figure is
measured in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import edit_one_paragraph, make_reader  # noqa: E402

BASELINE = """
import json, resource, sys, time
from pathlib import Path
from edition.pipeline import load_edition
from edition.render import render_print_html
from edition.render.pdf import typeset
from edition.fonts import font_folders
config = Path(sys.argv[1])
edition = load_edition(config)
html, css = render_print_html(edition)
started = time.perf_counter()
result = typeset(html, css, config.parent, (config.parent, *font_folders()))
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "pages": result.pages,
                  "memory": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BUILD = """
import json, resource, sys, time
from pathlib import Path
from edition.pipeline import build
config, formats, jobs = Path(sys.argv[1]), sys.argv[2].split(","), int(sys.argv[3])
started = time.perf_counter()
build(config, formats, jobs=jobs)
seconds = time.perf_counter() - started
memory = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"seconds": seconds, "memory": memory / 1024}))
"""


def measure(script: str, *args: str) -> dict[str, float]:
    output = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def bench(size: int, jobs: int, folder: Path) -> dict[str, float]:
    config = make_reader(folder / f"reader-{size}", size)
    base = measure(BASELINE, str(config))
    cold = measure(BUILD, str(config), "pdf", str(jobs))
    edit_one_paragraph(config)
    edited = measure(BUILD, str(config), "pdf", str(jobs))
    unchanged = measure(BUILD, str(config), "pdf", str(jobs))
    screen = measure(BUILD, str(config), "html,epub", str(jobs))
    return {
        "pages": base["pages"],
        "baseline": base["seconds"],
        "cold": cold["seconds"],
        "edited": edited["seconds"],
        "unchanged": unchanged["seconds"],
        "html+epub": screen["seconds"],
        "memory": max(cold["memory"], edited["memory"], unchanged["memory"], screen["memory"]),
        "baseline memory": base["memory"],
    }


def report(results: dict[int, dict[str, float]], jobs: int) -> str:
    lines = [
        f"edition build, {jobs} jobs; times in seconds, ratios to the baseline (one WeasyPrint render of the reader as one document)",
        "",
        f"{'reader':>8} {'pages':>5} {'baseline':>9} {'cold':>12} {'one edit':>12} {'unchanged':>12} {'html+epub':>9} {'pages/s':>7} {'peak MB':>7} {'baseline MB':>11}",
    ]
    for size, r in results.items():
        def ratio(key: str) -> str:
            return f"{r[key]:6.2f} {r[key] / r['baseline']:5.2f}x"

        lines.append(
            f"{size:>8} {int(r['pages']):>5} {r['baseline']:9.2f} {ratio('cold')} {ratio('edited')} {ratio('unchanged')} "
            f"{r['html+epub']:9.2f} {r['pages'] / r['cold']:7.1f} {r['memory']:7.0f} {r['baseline memory']:11.0f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="20,100,400", help="reader sizes in pages, comma-separated")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the build (default 2)")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="edition-bench-"))
    try:
        results = {}
        for size in (int(s) for s in arguments.sizes.split(",")):
            results[size] = bench(size, arguments.jobs, folder)
            print(f"reader of {size} pages: done", file=sys.stderr)
        print(report(results, arguments.jobs))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
