"""The files written, and what the user is told when they cannot be: an output folder
that is a file, read-only or on a full device; a cache folder that cannot be written.

The tests run as root here, and root writes into read-only folders: a folder that
refuses writes is made by the operating system where it can be (a file where a folder
should be), and otherwise by :class:`Device`, which makes Python's file functions fail
for the paths in one folder as a read-only or full device makes them fail.
"""

import builtins
import errno
import io
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from testing_utils import pdf_pages, run

BUILD = "build {fmt} --config mini/edition.toml --out {out} --jobs 1"


def build(fmt: str, out: str = "out", *options: str) -> Any:
    return run(*BUILD.format(fmt=fmt, out=out).split(), *options)


@pytest.fixture
def project(mini: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini project, as ``mini/`` in the working folder: messages name paths relative to it."""
    monkeypatch.chdir(mini.parent.parent)
    return mini.parent


class Device:
    """The device of ``folder`` as the build sees it through Python (open, Path, os, tempfile):
    read-only (every change fails with ``refusal``), or full once ``room`` more bytes are written."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, folder: Path, refusal: int = 0, room: int | None = None) -> None:
        self.folder = folder.absolute()
        self.refusal = refusal
        self.room = room
        self.files: dict[int, str] = {}
        """The files opened with os.open, by descriptor (tempfile opens them so)."""
        real_open, real_fdopen, real_os_open = io.open, os.fdopen, os.open

        def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            stream = real_open(self.check(file, writes=set(mode) & set("wax+")), mode, *args, **kwargs)
            return self.filling(stream, file) if set(mode) & set("wax+") else stream

        def fake_fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            stream = real_fdopen(fd, mode, *args, **kwargs)
            return self.filling(stream, self.files.get(fd, "")) if set(mode) & set("wax+") else stream

        def fake_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            writes = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and "dir_fd" not in kwargs
            fd = real_os_open(self.check(path, writes=bool(writes)), flags, *args, **kwargs)
            self.files[fd] = os.fsdecode(path)
            return fd

        monkeypatch.setattr(io, "open", fake_open)
        monkeypatch.setattr(builtins, "open", fake_open)
        monkeypatch.setattr(os, "fdopen", fake_fdopen)
        monkeypatch.setattr(os, "open", fake_os_open)
        for name in ("mkdir", "unlink", "remove", "rmdir", "utime", "chmod"):
            monkeypatch.setattr(os, name, self.refusing(getattr(os, name), name == "mkdir"))
        for name in ("rename", "replace"):
            monkeypatch.setattr(os, name, self.refusing_either(getattr(os, name)))

    def inside(self, path: Any) -> bool:
        return not isinstance(path, int) and Path(os.fsdecode(path)).absolute().is_relative_to(self.folder)

    def check(self, path: Any, writes: bool) -> Any:
        if writes and self.refusal and self.inside(path):
            raise OSError(self.refusal, os.strerror(self.refusal), os.fsdecode(path))
        return path

    def refusing(self, call: Callable[..., Any], exists_first: bool) -> Callable[..., Any]:
        def refused(path: Any, *args: Any, **kwargs: Any) -> Any:
            if not (exists_first and os.path.lexists(path)) and "dir_fd" not in kwargs:
                self.check(path, writes=True)  # mkdir: an existing path is EEXIST first, as on a real device
            return call(path, *args, **kwargs)

        return refused

    def refusing_either(self, call: Callable[..., Any]) -> Callable[..., Any]:
        def refused(source: Any, target: Any, *args: Any, **kwargs: Any) -> Any:
            return call(self.check(source, True), self.check(target, True), *args, **kwargs)

        return refused

    def filling(self, stream: Any, path: Any) -> Any:
        return _Filling(stream, self, os.fsdecode(path)) if self.room is not None and self.inside(path) else stream

    def take(self, size: int, path: str) -> int:
        """Room for ``size`` bytes more; raises ENOSPC when there is none left."""
        assert self.room is not None
        if self.room == 0 and size:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        given = min(size, self.room)
        self.room -= given
        return given


class _Filling:
    """A file on a filling device: a write takes what room there is, then fails."""

    def __init__(self, stream: Any, device: Device, path: str) -> None:
        self.stream, self.device, self.path = stream, device, path

    def write(self, data: bytes) -> int:
        given = self.device.take(len(data), self.path)
        self.stream.write(data[:given])
        if given < len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.path)
        return given

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)

    def __enter__(self) -> "_Filling":
        return self

    def __exit__(self, *_: object) -> None:
        self.stream.close()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too), with its bytes; folders end with /."""
    return {
        str(path.relative_to(folder)) + ("/" if path.is_dir() else ""): b"" if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }


def edit(project: Path) -> None:
    ru = project / "sources" / "beta" / "ru.md"
    ru.write_text(ru.read_text(encoding="utf-8").replace("Первый абзац", "Первый, исправленный абзац"), encoding="utf-8")


# --- an output folder that cannot be written -----------------------------------------


@pytest.mark.parametrize("options", [["pdf"], ["pdf", "--no-cache"], ["html"], ["epub", "--no-cache"]])
def test_an_output_folder_inside_a_file_is_reported(project: Path, options: list[str]):
    Path("file").write_text("not a folder\n", encoding="utf-8")
    result = build(options[0], "file/build", *options[1:])
    assert result.exit_code == 7, result.output
    assert "file/build: the output could not be written: file is a file, not a folder" in result.output
    assert "hint: move that file away, or write elsewhere (--out)" in result.output
    assert Path("file").read_text(encoding="utf-8") == "not a folder\n"


def test_a_build_folder_that_is_a_file_is_reported(project: Path):
    (project / "build").write_bytes(b"")
    result = run("build", "all", "--config", "mini/edition.toml")
    assert result.exit_code == 7, result.output
    assert "mini/build: the output could not be written: mini/build is a file, not a folder" in result.output


@pytest.mark.parametrize(
    ("refusal", "reason", "hint"),
    [
        (errno.EROFS, "the file system is read-only", "write elsewhere (--out): that device is mounted read-only"),
        (errno.EACCES, "permission denied", "make out writable, or write elsewhere (--out)"),
    ],
)
@pytest.mark.parametrize("options", [["pdf"], ["pdf", "--no-cache"], ["html", "--no-cache"], ["all"]])
def test_a_read_only_output_folder_is_reported(project: Path, monkeypatch: pytest.MonkeyPatch, options: list[str], refusal: int, reason: str, hint: str):
    Path("out").mkdir()
    Device(monkeypatch, Path("out"), refusal=refusal)
    result = build(options[0], "out", *options[1:], "--verbose")
    assert result.exit_code == 7, result.output
    assert f"out: the output could not be written: {reason}\n    hint: {hint}" in result.output
    assert " pages " not in result.output  # reported before any part is typeset
    assert snapshot(Path("out")) == {}


# --- a full device ---------------------------------------------------------------------


def test_a_full_device_leaves_the_previous_html_edition_whole(project: Path, monkeypatch: pytest.MonkeyPatch):
    assert build("html").exit_code == 0
    before = snapshot(Path("out/html"))
    edit(project)
    Device(monkeypatch, Path("out"), room=sum(len(data) for data in before.values()) // 2)
    result = build("html", "out", "--no-cache")
    assert result.exit_code == 7, result.output
    assert "out: the output could not be written: no space left on the device" in result.output
    assert "hint: free some space on that device, or write elsewhere (--out)" in result.output
    assert snapshot(Path("out/html")) == before
    assert sorted(path.name for path in Path("out").iterdir()) == [".cache", "html"]  # nothing half-written beside it


def test_a_full_device_writes_no_html_edition_at_all(project: Path, monkeypatch: pytest.MonkeyPatch):
    Path("out").mkdir()
    Device(monkeypatch, Path("out"), room=20_000)  # the stylesheet and some pages, not the fonts
    result = build("html", "out", "--no-cache")
    assert result.exit_code == 7, result.output
    assert snapshot(Path("out")) == {}


@pytest.mark.parametrize("fmt", ["pdf", "epub"])
def test_a_full_device_leaves_the_previous_file_and_no_temporary_one(project: Path, monkeypatch: pytest.MonkeyPatch, fmt: str):
    assert build(fmt).exit_code == 0
    before = snapshot(Path("out"))
    edit(project)
    Device(monkeypatch, Path("out"), room=1000)
    result = build(fmt)
    assert result.exit_code == 7, result.output
    assert "out: the output could not be written: no space left on the device" in result.output
    if fmt == "pdf":  # the new parts did not fit in the cache either: said once, and the build went on
        assert result.output.count("warning:") == 1
        assert "warning: out/.cache: the cache cannot be written (no space left on the device): this build goes on without it" in result.output
    assert snapshot(Path("out")) == before


# --- a cache that cannot be written ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "all"])
def test_a_cache_folder_that_is_a_file_does_without_the_cache(project: Path, fmt: str):
    (project / "build").mkdir()
    (project / "build" / ".cache").write_bytes(b"")
    result = run("build", fmt, "--config", "mini/edition.toml", "--quiet")
    assert result.exit_code == 0, result.output
    assert result.output.count("warning:") == 1
    assert "warning: mini/build/.cache: the cache cannot be written (mini/build/.cache is a file, not a folder): this build goes on without it" in result.output
    assert (project / "build" / "mini.pdf").exists()
    assert (project / "build" / ".cache").read_bytes() == b""


def test_a_read_only_cache_is_read_and_not_written(project: Path, monkeypatch: pytest.MonkeyPatch):
    assert run("build", "pdf", "--config", "mini/edition.toml").exit_code == 0
    edit(project)
    Device(monkeypatch, project / "build" / ".cache", refusal=errno.EROFS)
    result = run("build", "pdf", "--config", "mini/edition.toml", "--verbose")
    assert result.exit_code == 0, result.output
    parts = {line.split()[0]: line.split()[-1] for line in result.output.splitlines() if " pages " in line}
    assert [name for name, how in parts.items() if how != "cached"] == ["beta"]  # the others read from the cache
    assert result.output.count("warning:") == 1
    assert "the cache cannot be written (the file system is read-only): this build goes on without it" in result.output
    assert "Первый, исправленный абзац" in " ".join(" ".join(pdf_pages(project / "build" / "mini.pdf")).split())


# --- a release ---------------------------------------------------------------------------


def test_a_release_that_cannot_be_written_is_reported_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from test_release import releasable

    config = releasable(tmp_path / "mini")
    monkeypatch.chdir(tmp_path)
    releases = tmp_path / "mini" / "build" / "releases"
    releases.mkdir(parents=True)
    Device(monkeypatch, releases, room=100_000)  # the EPUB fits, the PDF does not
    result = run("release", "--config", config)
    assert result.exit_code == 7, result.output
    assert "mini/build/releases: the output could not be written: no space left on the device" in result.output
    assert snapshot(releases) == {}
    Device(monkeypatch, releases, refusal=errno.EROFS)
    result = run("release", "--config", config)
    assert result.exit_code == 7, result.output
    assert "mini/build/releases: the output could not be written: the file system is read-only" in result.output


def test_what_a_killed_build_left_is_cleared_and_a_folder_moved_aside_put_back(project: Path):
    assert build("html").exit_code == 0
    before = snapshot(Path("out/html"))
    # killed between the two renames of the HTML edition: the old edition aside, no html/
    aside = Path("out/.html.abc123.old")
    aside.mkdir()
    os.rename("out/html", aside / "html")
    half = Path("out/.html.def456.part")
    half.mkdir()
    (half / "index.html").write_text("half", encoding="utf-8")
    stale = Path("out/.mini.epub.ghi789.part")
    stale.write_bytes(b"half an epub")
    recent = Path("out/.mini.epub.jkl012.part")  # another build's, under way
    recent.write_bytes(b"being written")
    an_hour_ago = time.time() - 2 * 3600
    for path in (aside, half, stale):
        os.utime(path, (an_hour_ago, an_hour_ago))
    result = build("html", "out", "--no-cache")
    assert result.exit_code == 0, result.output
    assert snapshot(Path("out/html")) == before
    assert not aside.exists() and not half.exists() and stale.exists()  # the epub is not written by build html
    assert build("epub").exit_code == 0
    assert not stale.exists() and recent.exists()
