"""Checking a release against its manifest (``edition verify``, and ``release`` before it
calls a release unchanged).

Every problem is gathered before anything is refused: each file missing,
changed, or not a regular file (a symbolic link, a folder, a FIFO: not
followed, not read), each file in the folder that the manifest does not
list, each source attached to the PDF that is not the one recorded, and
each thing the manifest says of the edition that the attached sources do
not say (:mod:`.agreement`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Problem, ReleaseError
from .agreement import agreement_problems
from .files import NotAFile, folder_entries, read_regular
from .manifest import MANIFEST, RESTORE_MANIFEST, ManifestFile, load_manifest, sha256
from .sources import read_attached

RESTORE = "restore it from a copy of the release"


def verify(folder: Path) -> dict[str, Any]:
    """Check a release folder against its manifest; returns the manifest.

    Raises :class:`ReleaseError` naming every file missing, extra, changed or
    not a regular file, every source attached to the PDF that is not the one
    recorded, and every key of the manifest the attached sources contradict.
    """
    manifest, problems = release_problems(folder)
    if problems or manifest is None:
        raise ReleaseError(problems)
    return manifest


def release_problems(folder: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Every way the release in ``folder`` differs from its manifest; and the manifest,
    None when it cannot be read."""
    try:
        manifest = load_manifest(folder)
    except ReleaseError as error:
        return None, error.problems
    listed: dict[str, dict[str, Any]] = manifest.data["files"]
    problems, unread = _file_problems(folder, manifest)
    pdf_name = next((name for name in listed if name.endswith(".pdf")), None)
    if pdf_name is None:
        problems.append(manifest.problem(("files",), "lists no PDF: the sources of a release are attached to its PDF", RESTORE_MANIFEST))
    elif pdf_name not in unread:
        attached = read_attached(folder, pdf_name)
        if isinstance(attached, Problem):
            problems.append(attached)
        else:
            problems += _attachment_problems(folder / pdf_name, manifest, attached)
            problems += agreement_problems(manifest, attached, folder / pdf_name)
    return manifest.data, problems


def _file_problems(folder: Path, manifest: ManifestFile) -> tuple[list[Problem], set[str]]:
    """Each listed file missing, not a regular file, or changed; each file not listed.
    Also the names of the listed files that could not be read."""
    listed: dict[str, dict[str, Any]] = manifest.data["files"]
    problems, unread = [], set()
    for name, entry in listed.items():
        path = folder / name
        try:
            data = read_regular(folder, name)
        except NotAFile as error:
            problems.append(Problem(str(error), path, hint=RESTORE))
            unread.add(name)
            continue
        except OSError as error:
            problems.append(Problem(f"cannot be read ({error.strerror})", path))
            unread.add(name)
            continue
        if sha256(data) != entry["sha256"]:
            problems.append(Problem("changed (its SHA-256 is not the manifest's)", path, hint=RESTORE))
        elif len(data) != entry["bytes"]:
            problems.append(manifest.problem(("files", name, "bytes"), f"the manifest says {entry['bytes']}, the file has {len(data)}", RESTORE_MANIFEST))
    for name in folder_entries(folder):
        if name != MANIFEST and name not in listed:
            problems.append(Problem("not in the manifest", folder / name, hint="a release holds only the files its manifest lists: remove it"))
    return problems, unread


def _attachment_problems(pdf: Path, manifest: ManifestFile, attached: dict[str, bytes]) -> list[Problem]:
    """Each source recorded that the PDF does not hold as recorded, and each one it holds unrecorded."""
    recorded: dict[str, dict[str, Any]] = manifest.data["sources"]["files"]
    problems = []
    for name, entry in recorded.items():
        if name not in attached:
            problems.append(Problem(f"source {name} is not attached to the PDF", pdf))
        elif sha256(attached[name]) != entry["sha256"]:
            problems.append(Problem(f"source {name} attached to the PDF is not the one recorded", pdf))
    problems += [Problem(f"{name!r} is attached to the PDF but not in the manifest", pdf) for name in sorted(attached.keys() - recorded.keys())]
    return problems
