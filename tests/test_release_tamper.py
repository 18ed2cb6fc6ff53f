"""Tampered and broken releases: `edition verify` and `edition release` refuse them,
naming the file (and the manifest's key) that no longer matches, never with a traceback,
and never reading a file the manifest places outside the release folder."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from test_release import releasable, release_folder
from testing_utils import run


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A mini project with release 1.2.0 filed (not to be changed: copy it); returns the project folder."""
    config = releasable(tmp_path_factory.mktemp("tamper") / "mini")
    result = run("release", "--config", config)
    assert result.exit_code == 0, result.output
    return config.parent


@pytest.fixture
def copy(project: Path, tmp_path: Path) -> Path:
    """A copy of the release folder, to damage."""
    folder = tmp_path / "mini-1.2.0"
    shutil.copytree(release_folder(project / "edition.toml"), folder)
    return folder


def edit_manifest(folder: Path, change) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def line_of(folder: Path, text: str) -> int:
    lines = (folder / "manifest.json").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


# --- a file of a release is a regular file ----------------------------------------------


def test_verify_refuses_a_file_replaced_by_a_symbolic_link_to_a_copy(copy: Path, tmp_path: Path):
    epub = copy / "mini-1.2.0.epub"
    shutil.copy(epub, tmp_path / "elsewhere.epub")
    epub.unlink()
    epub.symlink_to(tmp_path / "elsewhere.epub")
    result = run("verify", copy)
    assert result.exit_code == 6, result.output
    assert "mini-1.2.0.epub: a symbolic link, not a file" in result.output
    assert result.output.startswith("1 problem found")


def test_verify_refuses_a_folder_or_a_fifo_where_a_file_should_be(copy: Path):
    (copy / "mini-1.2.0.epub").unlink()
    (copy / "mini-1.2.0.epub").mkdir()
    (copy / "mini-1.2.0-html.zip").unlink()
    os.mkfifo(copy / "mini-1.2.0-html.zip")  # opening it to read would wait for ever
    result = run("verify", copy)
    assert result.exit_code == 6, result.output
    assert "mini-1.2.0.epub: a folder, not a file" in result.output
    assert "mini-1.2.0-html.zip: not a regular file" in result.output


def test_verify_does_not_follow_a_symbolic_link_for_its_manifest(copy: Path, tmp_path: Path):
    manifest = copy / "manifest.json"
    shutil.copy(manifest, tmp_path / "manifest-elsewhere.json")
    manifest.unlink()
    manifest.symlink_to(tmp_path / "manifest-elsewhere.json")
    result = run("verify", copy)
    assert result.exit_code == 6, result.output
    assert "manifest.json: a symbolic link, not a file; it is not read" in result.output


def test_an_extra_symbolic_link_is_not_in_the_manifest(copy: Path):
    (copy / "passwd").symlink_to("/etc/passwd")
    result = run("verify", copy)
    assert result.exit_code == 6 and "passwd: not in the manifest" in result.output
    assert "root:" not in result.output


# --- released again after damage --------------------------------------------------------


def test_releasing_again_over_a_damaged_release_is_refused(project: Path, tmp_path: Path):
    again = tmp_path / "mini"
    shutil.copytree(project, again)
    pdf = release_folder(again / "edition.toml") / "mini-1.2.0.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    result = run("release", "--config", again / "edition.toml")
    assert result.exit_code == 6, result.output
    assert "release 1.2.0 exists and no longer matches its manifest" in result.output
    assert "mini-1.2.0.pdf: changed (its SHA-256 is not the manifest's)" in result.output
    assert "restore" in result.output and "raise [reader] version" in result.output
    assert "unchanged" not in result.output
    assert pdf.read_bytes() == bytes(data)  # left as it is


def test_releasing_again_over_a_release_with_a_file_missing_is_refused(project: Path, tmp_path: Path):
    again = tmp_path / "mini"
    shutil.copytree(project, again)
    (release_folder(again / "edition.toml") / "mini-1.2.0.epub").unlink()
    result = run("release", "--config", again / "edition.toml")
    assert result.exit_code == 6, result.output
    assert "mini-1.2.0.epub: missing" in result.output


# --- what the manifest says of the edition ----------------------------------------------


def test_verify_refuses_a_manifest_whose_version_cite_and_changes_were_edited(copy: Path):
    def edit(manifest):
        manifest["version"] = "1.3.0"
        manifest["cite"]["en"] = manifest["cite"]["en"].replace("Version 1.2.0", "Version 1.3.0")
        manifest["changes"] = ["Everything corrected."]

    edit_manifest(copy, edit)
    result = run("verify", copy)
    assert result.exit_code == 6, result.output
    assert result.output.startswith("3 problems found")
    version, cite, changes = (line_of(copy, text) for text in ('  "version":', '    "en": "Petrov', '  "changes":'))
    assert f"manifest.json:{version}: version: the manifest says '1.3.0', the configuration attached to the PDF says '1.2.0'" in result.output
    assert f"manifest.json:{cite}: cite.en: not the reference made from the configuration attached to the PDF" in result.output
    assert f"manifest.json:{changes}: changes: not the changelog's entry for 1.2.0 attached to the PDF" in result.output


def test_verify_refuses_a_manifest_whose_date_and_title_were_edited(copy: Path):
    def edit(manifest):
        manifest["date"] = "2026-01-16"
        manifest["title"]["en"] = "A Large Reader"

    edit_manifest(copy, edit)
    result = run("verify", copy)
    assert result.exit_code == 6, result.output
    assert "date: the manifest says '2026-01-16', the configuration attached to the PDF says '2026-01-15'" in result.output
    assert "title.en: the manifest says 'A Large Reader', the configuration attached to the PDF says 'A Small Reader'" in result.output


def test_verify_refuses_a_file_and_its_entry_both_removed(copy: Path):
    (copy / "mini-1.2.0.epub").unlink()
    edit_manifest(copy, lambda manifest: manifest["files"].pop("mini-1.2.0.epub"))
    result = run("verify", copy)
    assert result.exit_code == 6, result.output
    assert "files: mini-1.2.0.epub is not listed; a release of mini 1.2.0 holds it" in result.output


# --- a release needs a date and a changelog entry, reported at their lines -------------


def test_a_release_without_a_date_is_reported_at_the_reader_table(tmp_path: Path):
    config = releasable(tmp_path / "mini")
    text = config.read_text(encoding="utf-8").replace('date = "2026-01-15"\n', "", 1)
    config.write_text(text, encoding="utf-8")
    result = run("release", "--config", config)
    assert result.exit_code == 2, result.output
    assert 'edition.toml:1: reader.date: a release needs its release date\n    hint: add date = "YYYY-MM-DD", the release date, to [reader]' in result.output
    assert not (config.parent / "build" / "releases").exists()


def test_a_release_with_an_empty_date_is_reported_at_its_line(tmp_path: Path):
    config = releasable(tmp_path / "mini")
    config.write_text(config.read_text(encoding="utf-8").replace('date = "2026-01-15"\n', 'date = ""\n', 1), encoding="utf-8")
    result = run("release", "--config", config)
    assert result.exit_code == 2, result.output
    assert "edition.toml:6: reader.date: a release needs its release date" in result.output


def test_a_version_without_a_changelog_entry_is_reported_at_the_version(tmp_path: Path):
    config = releasable(tmp_path / "mini")
    config.write_text(config.read_text(encoding="utf-8").replace('version = "1.2.0"', 'version = "1.3.0"', 1), encoding="utf-8")
    result = run("release", "--config", config)
    assert result.exit_code == 2, result.output
    assert "edition.toml:5: reader.version: the changelog has no entry for version 1.3.0" in result.output
    assert 'hint: add a [[changelog]] table with version = "1.3.0", its date and its changes' in result.output


def test_a_version_missing_from_a_changelog_file_names_the_file_in_the_hint(tmp_path: Path):
    config = releasable(tmp_path / "mini")
    text = config.read_text(encoding="utf-8")
    text = text[: text.index("[[changelog]]")].replace('licence = "CC BY 4.0"', 'licence = "CC BY 4.0"\nchangelog = "CHANGELOG.md"')
    config.write_text(text, encoding="utf-8")
    (config.parent / "CHANGELOG.md").write_text("# Changelog\n\n## 1.1.0\n\n- First.\n", encoding="utf-8")
    result = run("release", "--config", config)
    assert result.exit_code == 2, result.output
    assert "edition.toml:5: reader.version: the changelog has no entry for version 1.2.0" in result.output
    assert "hint: add ## 1.2.0 (YYYY-MM-DD) and what changed to CHANGELOG.md" in result.output


# --- broken manifests: a problem, never a traceback -------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{ not json", "manifest.json:1: not JSON (Expecting property name enclosed in double quotes"),
        ('["files"]', "manifest.json:1: not a release manifest (JSON: a list, not an object)"),
        ("\xff\xfe", "manifest.json: not JSON"),
    ],
)
def test_verify_of_a_manifest_that_is_not_one(copy: Path, text: str, expected: str):
    (copy / "manifest.json").write_bytes(text.encode("latin-1"))
    result = run("verify", copy)
    assert result.exit_code == 6, result.output
    assert expected in result.output


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda m: m.pop("files"), "manifest.json: files: missing"),
        (lambda m: m["sources"].pop("files"), "sources.files: missing"),
        (lambda m: m.update(files=["mini-1.2.0.pdf"]), "files: must be an object"),
        (lambda m: m["files"].update({"mini-1.2.0.epub": "abc"}), "files.mini-1.2.0.epub: must be an object with sha256 and bytes"),
        (lambda m: m["files"]["mini-1.2.0.epub"].update(sha256=5), "files.mini-1.2.0.epub.sha256: must be a SHA-256 in hexadecimal"),
        (lambda m: m["files"]["mini-1.2.0.epub"].update(bytes="12"), "files.mini-1.2.0.epub.bytes: must be a whole number"),
        (lambda m: m.update(version=None), "version: must be a string"),
        (lambda m: m.update(cite="Petrov"), "cite: must be an object with ru and en"),
        (lambda m: m.update(changes="all"), "changes: must be a list of strings"),
        (lambda m: m.update(format=2), "format: 2 is a later manifest format than this tool reads"),
    ],
)
def test_verify_of_a_manifest_of_the_wrong_shape(copy: Path, change, expected: str):
    edit_manifest(copy, change)
    result = run("verify", copy)
    assert result.exit_code == 6, result.output
    assert expected in result.output


@pytest.mark.parametrize("name", ["../secret.txt", "/SECRET_PATH", "sub/../../secret.txt"])
def test_a_listed_path_outside_the_release_is_refused_unread(copy: Path, tmp_path: Path, name: str):
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret words\n", encoding="utf-8")
    name = name.replace("/SECRET_PATH", secret.as_posix())
    entry = {"sha256": hashlib.sha256(secret.read_bytes()).hexdigest(), "bytes": secret.stat().st_size}
    edit_manifest(copy, lambda manifest: manifest["files"].update({name: entry}))
    result = run("verify", copy)
    assert result.exit_code == 6, result.output
    assert f"files: {name!r} is not a name inside the release folder; it is not read" in result.output
    assert "secret words" not in result.output


def test_an_attached_source_named_outside_its_folder_is_refused(copy: Path):
    edit_manifest(copy, lambda manifest: manifest["sources"]["files"].update({"../../etc/passwd": {"sha256": "0" * 64, "bytes": 1}}))
    result = run("verify", copy)
    assert result.exit_code == 6, result.output
    assert "sources.files: '../../etc/passwd' is not a name inside the release folder; it is not read" in result.output


@pytest.mark.parametrize(
    ("keys", "what"),
    [('[reader]\nchangelog = "../outside.md"\n', "changelog file"), ('[paths]\nsources = "/etc"\n', "sources folder")],
)
def test_an_attached_configuration_naming_files_outside_its_sources_is_refused(tmp_path: Path, keys: str, what: str):
    from edition.release.sources import attached_config

    root = tmp_path / "attached"
    root.mkdir()
    (tmp_path / "outside.md").write_text("## 9.9.9\n\n- the secret words\n", encoding="utf-8")
    (root / "edition.toml").write_text(keys, encoding="utf-8")
    found = attached_config(root, "edition.toml", with_sources=True)
    assert found == f"the configuration attached to the PDF names a {what} outside the attached sources; it is not read"


def test_a_file_of_an_article_folder_linked_outside_the_sources_is_not_attached(tmp_path: Path):
    config = releasable(tmp_path / "mini")
    secret = tmp_path / "private" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:secret line\n", encoding="utf-8")
    (config.parent / "sources" / "alpha" / "notes.txt").symlink_to(secret)
    result = run("release", "--config", config)
    assert result.exit_code == 3, result.output
    assert "sources/alpha/notes.txt: the file lies outside" in result.output and "nor attached to the release" in result.output
    assert "secret line" not in result.output
    assert not (config.parent / "build" / "releases").exists()
