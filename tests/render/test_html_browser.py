"""The HTML edition in a real browser: notes and anchors, the language control,
the phone and desktop layouts, nothing loaded from the network.

Debian's headless Chromium, driven over the DevTools protocol; screenshots
of both widths are saved under build/ for people to look at.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from testing_utils import ROOT, Chromium, chromium_path

from edition.pipeline import build

ARTICLE = "ruhr-negotiations-1923.html"
PAIR_WITH_NOTES = "a2-p6"
SHOWN = "a2-p12"
"""The screenshots start at this pair: a short one, with a note."""
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
DESKTOP = {"width": 1280, "height": 860, "deviceScaleFactor": 1, "mobile": False}


class Tab:
    """One page of the browser, over a flat DevTools session."""

    def __init__(self, browser: Chromium) -> None:
        self.browser = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable")

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, self.session)

    def open(self, url: str) -> None:
        self.browser.events.clear()
        if "loaderId" in self.send("Page.navigate", {"url": url}):  # none within the same page
            self.browser.wait_for("Page.loadEventFired")
        self.js("document.fonts.ready.then(() => true)")

    def js(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def box(self, selector: str) -> dict[str, float]:
        """The element's rectangle in the viewport, and whether it is shown."""
        return self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " const r = e.getBoundingClientRect();"
            " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,"
            " shown: e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'}; })()"
        )

    def click(self, selector: str) -> None:
        self.js(f"document.querySelector({json.dumps(selector)}).click()")

    def screenshot(self, path: Path) -> None:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def requested(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.browser.events if e.get("method") == "Network.requestWillBeSent"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build(ROOT / "edition.toml", ["html"], out)
    return out / "html"


@pytest.fixture(scope="module")
def tab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tab]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium installed: `apt-get install chromium` (Debian's package; .ci/run installs it when root)")
    browser = Chromium(executable, tmp_path_factory.mktemp("profile"))
    try:
        yield Tab(browser)
    finally:
        browser.close()


def test_footnotes_and_paragraph_anchors_on_a_phone(site: Path, tab: Tab):
    tab.send("Emulation.setDeviceMetricsOverride", PHONE)
    page = (site / ARTICLE).as_uri()
    tab.open(page)
    assert tab.js("document.fonts.check('1em \"PT Serif\"') && [...document.fonts].some(f => f.status === 'loaded')")
    # each pair Russian, then English below it
    ru, en = tab.box(f"#{PAIR_WITH_NOTES} > .ru"), tab.box(f"#{PAIR_WITH_NOTES} > .en")
    assert ru["bottom"] <= en["top"] and abs(ru["left"] - en["left"]) < 20
    assert tab.js(f"document.querySelector('#{PAIR_WITH_NOTES} > .en').lang") == "en"
    # a note call leads to its note, shown on screen, and the note back to its call
    call = f"#{PAIR_WITH_NOTES} > .ru a.noteref"
    note_id = tab.js(f"document.querySelector('{call}').hash.slice(1)")
    tab.click(call)
    assert tab.js("location.hash") == f"#{note_id}"
    note = tab.box(f"#{note_id}")
    assert note["shown"] and -1 < note["top"] < PHONE["height"]  # scrolled to it, to a fraction of a pixel
    assert tab.js(f"document.getElementById('{note_id}').getAttribute('role')") == "doc-footnote"
    tab.click(f"#{note_id} a.back")
    back = tab.box(call)
    assert -1 < back["top"] < PHONE["height"]  # scrolled to it (a raised call may stand a fraction of a pixel above)
    # the paragraph numbers are anchors, from another page too
    tab.open((site / "index.html").as_uri())
    tab.open(f"{page}#a2-p12")
    assert abs(tab.box("#a2-p12")["top"]) < 2
    assert tab.js("document.querySelector('#a2-p12 .pnum').textContent") == "12"
    tab.open(f"{page}#{SHOWN}")
    tab.screenshot(ROOT / "build" / "screenshot-phone.png")
    assert all(url.startswith("file://") for url in tab.requested()), tab.requested()


def test_the_language_control_shows_russian_english_or_both(site: Path, tab: Tab):
    tab.send("Emulation.setDeviceMetricsOverride", DESKTOP)
    tab.open((site / ARTICLE).as_uri())
    pair = f"#{PAIR_WITH_NOTES}"
    assert tab.box(".show")["shown"]
    tab.click('.show button[data-show="en"]')
    assert not tab.box(f"{pair} > .ru")["shown"] and tab.box(f"{pair} > .en")["shown"]
    assert tab.js("document.querySelector('.show button[data-show=\"en\"]').getAttribute('aria-pressed')") == "true"
    tab.click('.show button[data-show="ru"]')
    assert tab.box(f"{pair} > .ru")["shown"] and not tab.box(f"{pair} > .en")["shown"]
    # the choice holds on the next page
    tab.open((site / "index.html").as_uri())
    assert not tab.box(".contents .en")["shown"]
    tab.click('.show button[data-show="both"]')
    assert tab.box(".contents .en")["shown"] and tab.box(".contents .ru")["shown"]
    # without JavaScript: no control, both languages
    tab.click('.show button[data-show="en"]')
    tab.send("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        tab.browser.events.clear()
        tab.send("Page.navigate", {"url": (site / ARTICLE).as_uri()})
        tab.browser.wait_for("Page.loadEventFired")
        assert tab.box(f"{pair} > .ru")["shown"] and tab.box(f"{pair} > .en")["shown"]
        assert not tab.box(".show")["shown"]
    finally:
        tab.send("Emulation.setScriptExecutionDisabled", {"value": False})
    tab.open((site / ARTICLE).as_uri())
    tab.click('.show button[data-show="both"]')


def test_side_by_side_on_a_desktop(site: Path, tab: Tab):
    tab.send("Emulation.setDeviceMetricsOverride", DESKTOP)
    tab.open(f"{(site / ARTICLE).as_uri()}#{PAIR_WITH_NOTES}")
    ru, number, en = (tab.box(f"#{PAIR_WITH_NOTES} > {part}") for part in (".ru", ".pnum", ".en"))
    assert ru["right"] <= number["left"] < number["right"] <= en["left"]
    assert abs(ru["top"] - en["top"]) < 2
    # the notes of one number side by side too
    note_ru, note_en = tab.box("#a2-fn-ru-1"), tab.box("#a2-fn-en-1")
    assert note_ru["right"] < note_en["left"] and abs(note_ru["top"] - note_en["top"]) < 2
    tab.open(f"{(site / ARTICLE).as_uri()}#{SHOWN}")
    tab.screenshot(ROOT / "build" / "screenshot-desktop.png")
    assert all(url.startswith("file://") for url in tab.requested()), tab.requested()
