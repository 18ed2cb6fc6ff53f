"""Hyphenation dictionaries compiled once into the user's cache folder: the same breaks as pyphen's own."""

from pathlib import Path

import pyphen
import pytest
from testing_utils import ROOT

from edition import hyphenation

LANGUAGES = {"ru": "soviet-german-origins/ru.md", "en": "soviet-german-origins/en.md", "de": None}
GERMAN = "Rapallovertrag Reichswehrministerium Wirtschaftsbeziehungen Auswärtiges Amt Botschafter Verhandlungen"


def words(language: str) -> list[str]:
    source = LANGUAGES[language]
    text = (ROOT / "sources" / source).read_text(encoding="utf-8") if source else GERMAN
    return sorted({w for w in "".join(c if c.isalpha() else " " for c in text).split() if len(w) > 5})


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder, and no dictionary in this process yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(pyphen, "hdcache", {})
    return tmp_path / "edition" / "hyphenation"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_compiled_dictionary_breaks_words_where_pyphen_does(cache: Path, language: str):
    hyphenation.load([language])  # read, and compiled into the cache
    assert len(list(cache.glob("*.marshal"))) == 1
    pyphen.hdcache.clear()
    hyphenation.load([language])  # from the compiled form
    path = pyphen.LANGUAGES[pyphen.language_fallback(language)]
    compiled = pyphen.hdcache[path]
    read = pyphen.HyphDict(path)
    assert compiled.patterns == read.patterns
    assert [compiled.positions(w) for w in words(language)] == [read.positions(w) for w in words(language)]
    assert any(compiled.positions(w) for w in words(language))


def test_a_damaged_compiled_dictionary_is_compiled_again(cache: Path):
    hyphenation.load(["ru"])
    (compiled,) = cache.glob("*.marshal")
    compiled.write_bytes(compiled.read_bytes()[:1000])
    pyphen.hdcache.clear()
    hyphenation.load(["ru"])
    path = pyphen.LANGUAGES[pyphen.language_fallback("ru")]
    assert pyphen.hdcache[path].patterns == pyphen.HyphDict(path).patterns
    assert len(compiled.read_bytes()) > 1000


def test_a_cache_folder_that_cannot_be_made_reads_the_patterns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenation.load(["ru"])
    path = pyphen.LANGUAGES[pyphen.language_fallback("ru")]
    assert pyphen.hdcache[path].positions("государственный")
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_a_dictionary_compiled_for_another_pyphen_is_replaced(cache: Path, monkeypatch: pytest.MonkeyPatch):
    hyphenation.load(["ru"])
    (first,) = cache.glob("*.marshal")
    pyphen.hdcache.clear()
    monkeypatch.setattr(pyphen, "__version__", "0.0.0-other")
    hyphenation.load(["ru"])
    (second,) = cache.glob("*.marshal")
    assert second != first and not first.exists()
