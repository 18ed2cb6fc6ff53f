"""Versioned archival editions: release, verify, diff.

``release`` builds every format of the reader's current version and files
them, with a manifest, in ``<archive>/<name>-<version>/``:

- ``<name>-<version>.pdf``: PDF/A-3b, its sources (the configuration, the
  changelog file, every file of each article's folder, the ``.bib`` files)
  attached as associated files (relationship Source);
- ``<name>-<version>.epub`` and ``<name>-<version>-html.zip`` (the HTML edition);
- ``manifest.json``: each file with its SHA-256, the sources and their
  digest, what it says of the edition, the page on which each § starts, the
  versions of the tool and of its dependencies.

A release folder is never overwritten: it is written in a temporary folder
beside it and renamed into place. The same sources give the same bytes,
wherever the project is checked out: every date is the release date
(``SOURCE_DATE_EPOCH`` is set from it unless it is set already) and no file
holds an absolute path or a clock time.

``verify`` checks a release folder against its manifest, and the manifest
against the sources attached to the PDF; ``diff`` tells what changed between
two releases: paragraphs by § and language, and the pages on which a § now
starts.

The modules, in the order a release is made and read back:

- :mod:`.sources`: the files a release is made from, and reading them back from its PDF;
- :mod:`.formats`: the PDF/A, the EPUB, the zipped HTML edition, the page map;
- :mod:`.manifest`: the manifest written, and read back with its shape checked;
- :mod:`.filing`: ``release``: build, write atomically, never overwrite;
- :mod:`.files`: a release's files read safely (regular files, no link followed);
- :mod:`.check`: ``verify``: the files and attachments against the manifest;
- :mod:`.agreement`: the manifest's account of the edition against the attached sources;
- :mod:`.changes`: ``diff``.
"""

from __future__ import annotations

from .changes import diff
from .check import release_problems, verify
from .filing import RELEASES, Released, archive_folder, release
from .formats import file_names, page_map, zip_folder
from .manifest import MANIFEST, MANIFEST_FORMAT, dependency_versions, read_manifest
from .sources import MIME_TYPES, Source, collect_sources, sources_digest

__all__ = [
    "MANIFEST",
    "MANIFEST_FORMAT",
    "MIME_TYPES",
    "RELEASES",
    "Released",
    "Source",
    "archive_folder",
    "collect_sources",
    "dependency_versions",
    "diff",
    "file_names",
    "page_map",
    "read_manifest",
    "release",
    "release_problems",
    "sources_digest",
    "verify",
    "zip_folder",
]
