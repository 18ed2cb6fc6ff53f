"""Benchmark of `edition build`: synthetic readers of about 20, 100 and 400 pages.

    python bench/build.py [--sizes 20,100,400] [--jobs 2] [--repeat 1] [--check] [--layout facing]

For each size, in the same run: one bare WeasyPrint render of the reader's
HTML as one document (the baseline: WeasyPrint's own ``render`` and
``write_pdf``), our cold build (empty cache), a rebuild after editing one paragraph of one
article, a rebuild with nothing changed, the HTML edition and EPUB together,
the peak memory of any one process, pages per second, and the ratios to the
baseline. Each figure is measured in a fresh process, from the call that
does the work: the libraries it uses (WeasyPrint; for the builds also pypdf
and pypdfium2) are imported before the clock starts. Starting Python and
importing them adds under a second to a command's run (0.85 s here),
whatever the reader's size.

The builds keep compiled hyphenation dictionaries in the user's cache folder
(see ``edition.hyphenation``); the benchmark gives them one of its own. The
cold build finds them there, as every build after the first on a machine
does; "first" is the same cold build before they are: the first build
of any reader on a new machine.

Then what the machine allows: the articles as bare documents typeset in
the same number of processes, forked after the hyphenation dictionaries
are loaded (the floor no build of separate parts can beat); the CPU time
they take against the baseline's; and the reader as one document typeset as
the build typesets a part (collection paused, its text and anchors read
from the layout). With --repeat N, every time and every ratio is the median of N
rounds (each ratio is taken within its round: a slow spell of the machine slows
the baseline and the build alike), and memory the highest.

With --layout facing, the builds print the reader on facing pages; the
baseline, the floor and the one document stay those of the column layout
(the figure facing pages are held to).

With --check, no timing: for each size, the joined book is compared page by
page with the same reader typeset as one document, and checked for lost notes
and words.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import edit_one_paragraph, make_reader

BASELINE = """
import json, resource, sys, time
from pathlib import Path
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from edition.pipeline import load_edition
from edition.render import render_print_html
config = Path(sys.argv[1])
edition = load_edition(config)
html, css = render_print_html(edition)
started, cpu = time.perf_counter(), time.process_time()
fonts = FontConfiguration()
document = HTML(string=html, base_url=config.parent.resolve().as_uri() + "/").render(stylesheets=[CSS(string=css, font_config=fonts)], font_config=fonts)
document.write_pdf()
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "pages": len(document.pages), "cpu": time.process_time() - cpu,
                  "memory": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

ONE_DOCUMENT = """
import json, sys, time
from pathlib import Path
from edition.pipeline import load_edition
from edition.render import render_print_html
from edition.render.pdf import typeset
from edition.fonts import font_folders
config = Path(sys.argv[1])
edition = load_edition(config)
html, css = render_print_html(edition)
started = time.perf_counter()
typeset(html, css, config.parent, (config.parent, *font_folders()))
print(json.dumps({"seconds": time.perf_counter() - started}))
"""

FLOOR = """
import json, multiprocessing, sys, time
from pathlib import Path
from edition import hyphenation
from edition.pipeline import load_edition
from edition.render import hyphenation_languages, render_print_html
from edition.render.html import PrintPart
from edition.render.pdf import typeset
from edition.fonts import font_folders
config, jobs = Path(sys.argv[1]), int(sys.argv[2])
edition = load_edition(config)
root = edition.config.root
documents = [render_print_html(edition, PrintPart("article", (article,))) for article in edition.articles]
def work(document):
    started = time.process_time()
    typeset(*document, root, (root, *font_folders()))
    return time.process_time() - started
started = time.perf_counter()
hyphenation.load(hyphenation_languages(edition))  # as the build does, before its workers are forked
warm_up = work(render_print_html(edition, PrintPart("folios", folio_pages=("",))))  # WeasyPrint's start, as in the baseline
with multiprocessing.get_context("fork").Pool(jobs) as pool:
    cpu = pool.map(work, documents, chunksize=1)
print(json.dumps({"seconds": time.perf_counter() - started, "cpu": warm_up + sum(cpu)}))
"""

BUILD = """
import json, resource, sys, time
from pathlib import Path
from edition.pipeline import build
import edition.render.book, edition.render.pdf, edition.verify  # imported before the clock starts, as in the baseline
config, formats, jobs = Path(sys.argv[1]), sys.argv[2].split(","), int(sys.argv[3])
started = time.perf_counter()
build(config, formats, jobs=jobs)
seconds = time.perf_counter() - started
memory = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"seconds": seconds, "memory": memory / 1024}))
"""


CHECK = """
import json, sys
from pathlib import Path
from edition.pipeline import load_edition
from edition.render.book import build_book, typeset_whole
from edition.verify import check_pdf, read_pdf
edition = load_edition(Path(sys.argv[1]))
joined, report = build_book(edition, None, jobs=int(sys.argv[2]))
whole = typeset_whole(edition)
book, one = read_pdf(joined.data, []).pages, read_pdf(whole.pdf, []).pages
different = [n + 1 for n, (a, b) in enumerate(zip(book, one)) if sorted(a) != sorted(b)]
print(json.dumps({"pages": len(book), "one document pages": len(one), "different pages": different[:10],
                  "problems": len(report.problems) + len(check_pdf(edition, joined.data).problems)}))
"""


def measure(script: str, *args: str, cache: Path | None = None) -> dict[str, float]:
    """Run ``script`` in a fresh process; ``cache``: the user's cache folder it sees."""
    environment = os.environ | ({"XDG_CACHE_HOME": str(cache)} if cache else {})
    output = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, text=True, env=environment).stdout
    return json.loads(output.strip().splitlines()[-1])


def bench(size: int, jobs: int, folder: Path, repeat: int = 1, mode: str = "columns") -> dict[str, float]:
    """The figures of one reader size; with ``repeat``, the medians of that many rounds
    (each round measures everything, and its ratios are its own); the builds in ``mode``."""
    columns = make_reader(folder / f"reader-{size}", size)
    config = columns if mode == "columns" else make_reader(folder / f"reader-{size}-{mode}", size, mode)
    rounds = []
    user_cache = folder / "user-cache"
    for _ in range(repeat):
        shutil.rmtree(user_cache, ignore_errors=True)
        shutil.rmtree(config.parent / "build", ignore_errors=True)
        base = measure(BASELINE, str(columns), cache=user_cache)
        one = measure(ONE_DOCUMENT, str(columns), cache=user_cache)
        first = measure(BUILD, str(config), "pdf", str(jobs), cache=user_cache)  # fills the user's cache
        shutil.rmtree(config.parent / "build")
        floor = measure(FLOOR, str(columns), str(jobs), cache=user_cache)
        cold = measure(BUILD, str(config), "pdf", str(jobs), cache=user_cache)
        edit_one_paragraph(config)
        edited = measure(BUILD, str(config), "pdf", str(jobs), cache=user_cache)
        unchanged = measure(BUILD, str(config), "pdf", str(jobs), cache=user_cache)
        screen = measure(BUILD, str(config), "html,epub", str(jobs), cache=user_cache)
        rounds.append(
            {
                "pages": base["pages"],
                "baseline": base["seconds"],
                "floor": floor["seconds"],
                "contention": floor["cpu"] / base["cpu"],
                "one document": one["seconds"],
                "first": first["seconds"],
                "cold": cold["seconds"],
                "edited": edited["seconds"],
                "unchanged": unchanged["seconds"],
                "html+epub": screen["seconds"],
                "memory": max(first["memory"], cold["memory"], edited["memory"], unchanged["memory"], screen["memory"]),
                "baseline memory": base["memory"],
            }
        )
    for r in rounds:
        r.update({f"{key} ratio": r[key] / r["baseline"] for key in RATIOS})
    worst = ("memory", "baseline memory")  # memory: the highest of the rounds
    return {key: (max if key in worst else statistics.median)(r[key] for r in rounds) for key in rounds[0]}


RATIOS = ("floor", "one document", "first", "cold", "edited", "unchanged")
"""The figures given as ratios to the baseline."""


def check(size: int, jobs: int, folder: Path, mode: str = "columns") -> str:
    """The joined book against the same reader typeset as one document, page by page
    (the words of each page), and the nothing-lost check of the joined book."""
    config = make_reader(folder / f"reader-{size}", size, mode)
    found = measure(CHECK, str(config), str(jobs))
    same = "the same words on every page" if not found["different pages"] else f"pages that differ: {found['different pages']}"
    return (
        f"{size:>8} pages: joined book {found['pages']} pages, one document {found['one document pages']}; "
        f"{same}; nothing-lost check: {found['problems']} problems"
    )


def report(results: dict[int, dict[str, float]], jobs: int, repeat: int = 1, mode: str = "columns") -> str:
    best = f", medians of {repeat} rounds" if repeat > 1 else ""
    layout = ", facing pages (the baseline in columns)" if mode == "facing" else ""
    lines = [
        f"edition build, {jobs} jobs{best}{layout}; times in seconds, ratios to the baseline (one WeasyPrint render of the reader as one document)",
        "",
        f"{'reader':>8} {'pages':>5} {'baseline':>9} {'cold':>12} {'one edit':>12} {'unchanged':>12} {'html+epub':>9} {'pages/s':>7} {'peak MB':>7} {'baseline MB':>11} {'first':>12}",
    ]
    for size, r in results.items():
        lines.append(
            f"{size:>8} {int(r['pages']):>5} {r['baseline']:9.2f} {_ratio(r, 'cold')} {_ratio(r, 'edited')} {_ratio(r, 'unchanged')} "
            f"{r['html+epub']:9.2f} {r['pages'] / r['cold']:7.1f} {r['memory']:7.0f} {r['baseline memory']:11.0f} {_ratio(r, 'first')}"
        )
    lines += [
        "first: the cold build before the compiled hyphenation dictionaries are in the user's cache (a new machine)",
        "",
        f"What this machine allows: the articles as bare documents (no checks, no cache, no join) typeset in {jobs} processes;",
        "the CPU time they take against the baseline's (above 1 when processes running together slow each other down);",
        "the reader as one document typeset as the build typesets a part (collection paused, text and anchors read)",
        "",
        f"{'reader':>8} {'floor':>12} {'CPU':>6} {'one document':>13}",
    ]
    for size, r in results.items():
        lines.append(f"{size:>8} {_ratio(r, 'floor')} {r['contention']:5.2f}x {_ratio(r, 'one document'):>13}")
    return "\n".join(lines)


def _ratio(result: dict[str, float], key: str) -> str:
    return f"{result[key]:6.2f} {result[key + ' ratio']:5.2f}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="20,100,400", help="reader sizes in pages, comma-separated")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the build (default 2)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of measures, the median of each kept (default 1)")
    parser.add_argument("--check", action="store_true", help="only compare each joined book with the one-document book, and check it")
    parser.add_argument("--layout", choices=("columns", "facing"), default="columns", help="how the builds print the reader")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="edition-bench-"))
    try:
        if arguments.check:
            for size in (int(s) for s in arguments.sizes.split(",")):
                print(check(size, arguments.jobs, folder, arguments.layout))
            return
        results = {}
        for size in (int(s) for s in arguments.sizes.split(",")):
            results[size] = bench(size, arguments.jobs, folder, arguments.repeat, arguments.layout)
            print(f"reader of {size} pages: done", file=sys.stderr)
        print(report(results, arguments.jobs, arguments.repeat, arguments.layout))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
