"""Floors on the import of both seeds, measured against the hand-cleaned sources by
``bench/import_quality.py``; and checks that the measure itself catches mistakes."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest
from testing_utils import ROOT


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_quality", ROOT / "bench" / "import_quality.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_quality"] = module
    spec.loader.exec_module(module)
    return module


bench = load_bench()


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("imports")
    return {slug: bench.measure(slug, folder) for slug in bench.SLUGS}


@pytest.mark.parametrize("slug", bench.SLUGS)
def test_paragraph_boundaries(figures, slug: str):
    quality = figures[slug]
    assert quality.f1 >= 0.95, quality.boundary_misses


@pytest.mark.parametrize("slug", bench.SLUGS)
def test_hyphenation_decisions(figures, slug: str):
    quality = figures[slug]
    assert quality.hyphens_compared >= {"soviet-german-origins": 5, "ruhr-negotiations-1923": 57}[slug]
    assert quality.hyphen_agreement >= 0.99, quality.hyphen_misses


def test_footnotes_of_003(figures):
    quality = figures["ruhr-negotiations-1923"]
    assert quality.calls_in_key == 21
    assert quality.calls_recovered == 21, quality.note_misses  # 19 linked to their text, 20 and 21 reported


def test_000_has_no_footnotes(figures):
    assert figures["soviet-german-origins"].calls_in_key == 0


# --- the measure catches mistakes ---------------------------------------------------------


def side(blocks: list[str], notes: dict[str, str] | None = None) -> object:
    notes = notes or {}
    return bench.Side(blocks, notes, "\n".join(blocks + list(notes.values())))


def test_a_lost_or_an_extra_boundary_is_counted():
    key = side(["Один два три четыре.", "Пять шесть семь.", "Восемь девять."])
    quality = bench.Quality("x")
    bench.compare_boundaries(side(["Один два три четыре. Пять шесть семь.", "Восемь", "девять."]), key, quality)
    assert quality.boundaries == (1, 1, 1)


def test_a_wrong_hyphen_decision_is_counted():
    raw = "Отношения Герма-\nнии и германо-\nсоветские связи.\n"
    key = side(["Отношения Германии и германо-советские связи."])
    quality = bench.Quality("x")
    bench.compare_hyphens(raw, side(["Отношения Германии и германосоветские связи."]), key, quality)
    assert (quality.hyphens_agreeing, quality.hyphens_compared) == (1, 2)


def test_a_call_in_the_wrong_place_or_a_wrong_note_text_is_counted():
    call = bench.CALL
    key = side([f"Германии.{call}1{call} Радек{call}2{call} сказал."])
    draft = side([f"Германии{call}1{call}. Радек{call}2{call} сказал."], {"2": "Другой текст."})
    quality = bench.Quality("x")

    class Result:
        findings = ()

    bench.compare_notes(Result(), draft, key, {"1": "Горлов.", "2": "Там же."}, quality)
    assert quality.calls_in_key == 2 and quality.calls_recovered == 0
