"""Whether what a manifest says of the edition agrees with the sources attached to its PDF.

The file hashes prove only that the files are the ones the manifest lists;
a manifest edited by hand (another version, other changes, another way to
cite) would still list them. The configuration attached to the PDF says
what the manifest should: its name, title, version, date and licence, the
changelog's entry for the version, and how to cite the edition (recomputed
from it, as the release computed it), and which files a release of that
version holds. Each disagreement is a problem at the manifest's key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Problem
from ..model import ReaderConfig
from .formats import file_names
from .manifest import EDITION_KEYS, RESTORE_MANIFEST, ManifestFile, edition_record
from .sources import attached_config, digest_of, extracted

EDITED = f"the manifest was edited after the release: {RESTORE_MANIFEST}"


def agreement_problems(manifest: ManifestFile, attached: dict[str, bytes], pdf: Path) -> list[Problem]:
    """Each key of the manifest that the sources attached to ``pdf`` contradict."""
    data = manifest.data
    with extracted(attached) as root:
        config = attached_config(root, data["sources"]["config"])
        expected = edition_record(config) if isinstance(config, ReaderConfig) else {}
    if isinstance(config, str):
        return [Problem(config, pdf, hint="the manifest's keys cannot be checked against the sources: restore the release from a copy")]
    problems = []
    for key in EDITION_KEYS:
        problems += _compare(manifest, (key,), data.get(key), expected[key], config.version)
    problems += _file_names(manifest, config)
    recorded = {name: entry["sha256"] for name, entry in data["sources"]["files"].items()}
    if digest_of(recorded) != data["sources"]["sha256"]:
        problems.append(manifest.problem(("sources", "sha256"), "not the digest of the sources the manifest lists", EDITED))
    return problems


def _compare(manifest: ManifestFile, keys: tuple[str, ...], said: Any, made: Any, version: str) -> list[Problem]:
    """A problem for each value the manifest says at ``keys`` that is not the one ``made``
    from the attached configuration."""
    if said == made:
        return []
    if isinstance(said, dict) and isinstance(made, dict):
        return [p for lang in sorted(said.keys() | made.keys(), reverse=True) for p in _compare(manifest, (*keys, lang), said.get(lang), made.get(lang), version)]
    if keys[0] == "cite":
        message = "not the reference made from the configuration attached to the PDF"
    elif keys[0] == "changes":
        message = f"not the changelog's entry for {version} attached to the PDF" if made is not None else f"the changelog attached to the PDF has no entry for {version}"
    else:
        message = f"the manifest says {_shown(said)}, the configuration attached to the PDF says {_shown(made)}"
    return [manifest.problem(keys, message, EDITED)]


def _file_names(manifest: ManifestFile, config: ReaderConfig) -> list[Problem]:
    """The files a release of the attached configuration's version holds: each one not
    listed, and each one listed that such a release does not hold."""
    expected, listed = file_names(config.name, config.version), manifest.data["files"]
    release = f"a release of {config.name} {config.version}"
    problems = [manifest.problem(("files",), f"{name} is not listed; {release} holds it", EDITED) for name in expected if name not in listed]
    problems += [manifest.problem(("files", name), f"{release} holds no such file", EDITED) for name in listed if name not in expected]
    return problems


def _shown(value: Any, length: int = 60) -> str:
    if value is None:
        return "nothing"
    text = str(value)
    return repr(text if len(text) <= length else text[: length - 1] + "…")
