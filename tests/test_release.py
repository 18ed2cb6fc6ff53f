"""Versioned archival editions: `edition release`, `edition verify`, `edition diff`.

Fixture releases are made from copies of tests/fixtures/mini, with a licence
and a changelog added to its configuration.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest
from testing_utils import ROOT, TEMPLATES, copy_mini, pdf_pages, run

from edition.pipeline import load_edition
from edition.readers.config import read_config
from edition.render.how_to_cite import how_to_cite
from edition.verify import check_pdf

RELEASE_KEYS = """
[[changelog]]
version = "1.2.0"
date = "2026-01-15"
changes = ["First release of the small reader."]
"""


def releasable(folder: Path, own_templates: bool = False) -> Path:
    """A copy of the mini project that can be released: licence and changelog added.
    ``own_templates``: a copy of the templates inside it, so that nothing in it names
    a folder outside (its configuration is attached to the PDF)."""
    config = copy_mini(folder)
    text = config.read_text(encoding="utf-8").replace('date = "2026-01-15"', 'date = "2026-01-15"\nlicence = "CC BY 4.0"')
    if own_templates:
        shutil.copytree(TEMPLATES, folder / "templates")
        text = text.replace(f'"{TEMPLATES.as_posix()}"', '"templates"')
    config.write_text(text + RELEASE_KEYS, encoding="utf-8")
    return config


def release_folder(config: Path, version: str = "1.2.0") -> Path:
    return config.parent / "build" / "releases" / f"mini-{version}"


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Release 1.2.0 of the mini reader; returns its folder (not to be changed: copy it)."""
    config = releasable(tmp_path_factory.mktemp("released") / "mini")
    result = run("release", "--config", config)
    assert result.exit_code == 0, result.output
    return release_folder(config)


# --- the release ------------------------------------------------------------------------


def test_a_release_holds_every_format_and_its_manifest(released: Path):
    names = sorted(p.name for p in released.iterdir())
    assert names == ["manifest.json", "mini-1.2.0-html.zip", "mini-1.2.0.epub", "mini-1.2.0.pdf"]
    manifest = json.loads((released / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == "1.2.0" and manifest["date"] == "2026-01-15"
    for name, entry in manifest["files"].items():
        data = (released / name).read_bytes()
        assert entry["bytes"] == len(data)
    assert set(manifest["sources"]["files"]) == {
        "edition.toml",
        "bibliography/mini.bib",
        "sources/alpha/article.toml",
        "sources/alpha/ru.md",
        "sources/alpha/en.md",
        "sources/beta/article.toml",
        "sources/beta/ru.md",
        "sources/beta/en.md",
    }
    assert manifest["tool"]["name"] == "edition" and manifest["tool"]["dependencies"]["weasyprint"]
    # which § starts on which page: the first page of each article, per language
    alpha = manifest["pages"]["alpha"]
    assert alpha["first_page"] == 3 and alpha["ru"]["1"] == 3 and alpha["en"]["1"] == 3
    assert "2" in alpha["ru"] and "2" not in alpha["en"]  # § 2 is a Russian block without partner
    with zipfile.ZipFile(released / "mini-1.2.0-html.zip") as archive:
        assert "mini-1.2.0-html/index.html" in archive.namelist()
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 15, 0, 0, 0)}


def test_the_pdf_is_pdf_a_3b_with_its_sources_attached(released: Path):
    source = released.parent.parent.parent  # the project folder
    with pikepdf.open(released / "mini-1.2.0.pdf") as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert "<pdfaid:part>3</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
        metadata = pdf.open_metadata()
        assert metadata.pdfa_status == "3B"
        assert metadata["dc:title"] == str(pdf.docinfo["/Title"]) == "Малая хрестоматия / A Small Reader"
        assert str(pdf.docinfo["/CreationDate"]) == "D:20260115000000Z"
        assert metadata["xmp:CreateDate"] == "2026-01-15T00:00:00Z"
        assert pdf.pdf_version == "1.7"
        # one sRGB output intent, its ICC profile embedded
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and "sRGB" in str(intent.OutputConditionIdentifier)
        profile = intent.DestOutputProfile
        assert int(profile.N) == 3 and profile.read_bytes()[36:40] == b"acsp"
        # a file identifier
        first, second = pdf.trailer.ID
        assert len(bytes(first)) == 16 and bytes(first) == bytes(second)
        # every font embedded
        fonts = list(_fonts(pdf))
        assert fonts and all(_embedded(font) for font in fonts)
        # every source attached, equal to its file, as an associated file of the document
        names = sorted(pdf.attachments)
        assert names == sorted(json.loads((released / "manifest.json").read_text(encoding="utf-8"))["sources"]["files"])
        for name in names:
            assert pdf.attachments[name].get_file().read_bytes() == (source / name).read_bytes(), name
        associated = {str(spec.F): spec for spec in pdf.Root.AF}
        assert set(associated) == set(names)
        assert all(spec.AFRelationship == "/Source" for spec in associated.values())
        assert associated["sources/alpha/ru.md"].EF.F.Subtype == "/text/markdown"
        assert "/StructTreeRoot" not in pdf.Root
    # the nothing-lost check passes on the release's PDF
    edition = load_edition(source / "edition.toml")
    assert check_pdf(edition, (released / "mini-1.2.0.pdf").read_bytes()).problems == []


def _fonts(pdf: pikepdf.Pdf):
    seen = set()

    def walk(resources):
        if resources is None:
            return
        for font in (resources.get("/Font") or {}).values():
            if font.objgen not in seen:
                seen.add(font.objgen)
                yield font
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Form":
                yield from walk(xobject.get("/Resources"))

    for page in pdf.pages:
        yield from walk(page.obj.get("/Resources"))


def _embedded(font: pikepdf.Dictionary) -> bool:
    if font.Subtype == "/Type0":
        font = font.DescendantFonts[0]
    if font.Subtype == "/Type3":
        return True  # drawn by the document itself
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_the_colophon_gives_version_date_licence_changelog_and_how_to_cite(released: Path):
    source = released.parent.parent.parent
    config, _ = read_config(source / "edition.toml")
    assert config is not None
    last = " ".join(pdf_pages(released / "mini-1.2.0.pdf")[-1].split())
    for text in ("Colophon", "Version 1.2.0, released 15 January 2026", "Licence: CC BY 4.0", "First release of the small reader.", "Версия 1.2.0, дата выпуска 15 января 2026 г."):
        assert text in last, text
    assert "2026 г.." not in last and "January 2026." in last  # the sentence ends once
    assert " ".join(how_to_cite(config, "en").text().split()) in last
    assert " ".join(how_to_cite(config, "ru").text().split()) in last
    with zipfile.ZipFile(released / "mini-1.2.0.epub") as epub:
        colophon = epub.read("OEBPS/colophon.xhtml").decode("utf-8")
    for text in ("Licence: CC BY 4.0", "First release of the small reader.", "<i>A Small Reader</i>. Version 1.2.0, 15 January 2026.", "Малая хрестоматия / сост. И. Петров. — Версия 1.2.0 от 15.01.2026. — 2026."):
        assert text in colophon, text


def test_readme_shows_how_to_cite_the_bundled_reader():
    config, problems = read_config(ROOT / "edition.toml")
    assert config is not None and problems == []
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert how_to_cite(config, "ru").markdown() in readme
    assert how_to_cite(config, "en").markdown() in readme


def test_the_same_sources_give_the_same_bytes_from_two_checkouts_in_two_processes(tmp_path: Path):
    folders = []
    for seed, checkout in (("1", tmp_path / "one" / "mini"), ("2", tmp_path / "two" / "deeper" / "mini")):
        config = releasable(checkout, own_templates=True)
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"PYTHONHASHSEED": seed}
        done = subprocess.run(
            [str(Path(sys.executable).parent / "edition"), "release", "--jobs", seed], cwd=checkout, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        folders.append(release_folder(config))
    one, two = folders
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in two.iterdir()) and len(names) == 4
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    # nothing absolute, nothing of the clock: no folder of the checkout in any file
    for name in names:
        for text in _all_text(one / name):
            assert str(tmp_path) not in text and "/tmp/" not in text, name
    manifest = json.loads((one / "manifest.json").read_text(encoding="utf-8"))
    assert all(not name.startswith("/") for name in manifest["sources"]["files"])


def _all_text(path: Path) -> list[str]:
    """Every piece of text of a file: each stream of a PDF decoded, each entry of a zip."""
    if path.suffix == ".pdf":
        texts = []
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream):
                    texts.append(obj.read_bytes().decode("latin-1"))
                texts.append(repr(obj))
            texts += [repr(pdf.trailer), repr(pdf.docinfo)]
        return texts
    if path.suffix in (".epub", ".zip"):
        with zipfile.ZipFile(path) as archive:
            return [name for name in archive.namelist()] + [archive.read(name).decode("latin-1") for name in archive.namelist()]
    return [path.read_text(encoding="utf-8")]


# --- never overwritten ------------------------------------------------------------------


def test_a_release_is_never_overwritten(tmp_path: Path):
    config = releasable(tmp_path / "mini")
    assert run("release", "--config", config).exit_code == 0
    folder = release_folder(config)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    again = run("release", "--config", config)
    assert again.exit_code == 0 and "unchanged" in again.output
    en = config.parent / "sources" / "alpha" / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("signed", "concluded"), encoding="utf-8")
    refused = run("release", "--config", config)
    assert refused.exit_code == 6
    assert "release 1.2.0 exists and was made from other sources (changed: sources/alpha/en.md)" in refused.output
    assert "raise [reader] version" in refused.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(p.name for p in folder.parent.iterdir()) == ["mini-1.2.0"]  # nothing half-made beside it


def test_an_interrupted_release_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import edition.release
    import edition.release.filing

    config = releasable(tmp_path / "mini")
    written = []

    def interrupted(outputs, folder):
        written.append(folder)
        (folder / outputs[0].path).write_bytes(outputs[0].data)
        raise KeyboardInterrupt

    monkeypatch.setattr(edition.release.filing, "write_outputs", interrupted)
    with pytest.raises(KeyboardInterrupt):
        edition.release.release(config)
    assert written and not written[0].exists()
    assert list((config.parent / "build" / "releases").iterdir()) == []


def test_a_release_needs_a_date_and_a_changelog_entry(tmp_path: Path):
    config = releasable(tmp_path / "mini")
    config.write_text(config.read_text(encoding="utf-8").replace('version = "1.2.0"', 'version = "1.3.0"', 1), encoding="utf-8")
    result = run("release", "--config", config)
    assert result.exit_code == 2
    assert "the changelog has no entry for version 1.3.0" in result.output
    assert not (config.parent / "build" / "releases").exists()


def test_changelog_and_licence_keys_are_checked_with_their_lines(tmp_path: Path):
    config = releasable(tmp_path / "mini")
    text = config.read_text(encoding="utf-8").replace('licence = "CC BY 4.0"', 'licence = 4\nchangelog = "CHANGES.md"')
    config.write_text(text + '\n[[changelog]]\nversion = "1.1.0"\ndate = "15.01.2026"\nchanges = ["Earlier."]\nwhen = 1\n', encoding="utf-8")
    _, problems = read_config(config)
    found = {p.message.split(":")[0]: p for p in problems}
    assert set(found) == {"reader.licence", "reader.changelog", "changelog[1].date", "changelog[1].when"}
    assert all(p.line is not None for p in problems)
    assert "given twice" in " ".join(p.message for p in problems)


def test_a_changelog_file(tmp_path: Path):
    config = releasable(tmp_path / "mini")
    text = config.read_text(encoding="utf-8")
    text = text[: text.index("[[changelog]]")].replace('licence = "CC BY 4.0"', 'licence = "CC BY 4.0"\nchangelog = "CHANGELOG.md"')
    config.write_text(text, encoding="utf-8")
    (config.parent / "CHANGELOG.md").write_text(
        "# Changelog\n\n## 1.2.0 (2026-01-15)\n\n- Notes checked\n  against the original.\n- A new bibliography.\n\n## 1.1.0\n\n- First.\n",
        encoding="utf-8",
    )
    loaded, problems = read_config(config)
    assert problems == [] and loaded is not None
    assert [(c.version, c.date, c.items) for c in loaded.changelog] == [
        ("1.2.0", "2026-01-15", ("Notes checked against the original.", "A new bibliography.")),
        ("1.1.0", "", ("First.",)),
    ]
    (config.parent / "CHANGELOG.md").write_text("Some words.\n## next version\n", encoding="utf-8")
    _, problems = read_config(config)
    assert [(p.line, p.message) for p in problems] == [
        (1, "text before the first version heading"),
        (2, "not a version heading: '## next version'"),
    ]


# --- verify -----------------------------------------------------------------------------


def test_verify_accepts_an_intact_release(released: Path):
    result = run("verify", released)
    assert result.exit_code == 0, result.output
    assert "ok: 3 files and 8 sources" in result.output


@pytest.mark.parametrize("damage", ["changed", "missing", "extra"])
def test_verify_names_a_changed_a_missing_and_an_extra_file(released: Path, tmp_path: Path, damage: str):
    copy = tmp_path / "mini-1.2.0"
    shutil.copytree(released, copy)
    if damage == "changed":
        epub = copy / "mini-1.2.0.epub"
        epub.write_bytes(epub.read_bytes() + b"\0")
        expected = "mini-1.2.0.epub: changed"
    elif damage == "missing":
        (copy / "mini-1.2.0-html.zip").unlink()
        expected = "mini-1.2.0-html.zip: missing"
    else:
        (copy / "notes.txt").write_text("mine", encoding="utf-8")
        expected = "notes.txt: not in the manifest"
    result = run("verify", copy)
    assert result.exit_code == 6
    assert expected in result.output
    assert result.output.startswith("1 problem found")


def test_verify_checks_the_sources_attached_to_the_pdf(released: Path, tmp_path: Path):
    copy = tmp_path / "mini-1.2.0"
    shutil.copytree(released, copy)
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["sources"]["files"]["sources/alpha/ru.md"]["sha256"] = "0" * 64
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = run("verify", copy)
    assert result.exit_code == 6 and "source sources/alpha/ru.md attached to the PDF is not the one recorded" in result.output


def test_verify_of_a_folder_without_manifest(tmp_path: Path):
    result = run("verify", tmp_path)
    assert result.exit_code == 6 and "manifest.json: missing" in result.output


# --- diff -------------------------------------------------------------------------------

LONG_RU = "Вставленный абзац о переговорах в Генуе, длинный, чтобы сдвинуть страницы. " * 40
LONG_EN = "An inserted paragraph on the talks at Genoa, long enough to move the pages. " * 40


def test_diff_reports_a_changed_paragraph_and_moved_pages(released: Path, tmp_path: Path):
    project = tmp_path / "mini"
    shutil.copytree(released.parent.parent.parent, project, ignore=shutil.ignore_patterns("build"))
    config = project / "edition.toml"
    text = config.read_text(encoding="utf-8").replace('version = "1.2.0"', 'version = "1.3.0"', 1).replace('date = "2026-01-15"', 'date = "2026-02-01"', 1)
    config.write_text(text + '\n[[changelog]]\nversion = "1.3.0"\ndate = "2026-02-01"\nchanges = ["A paragraph added, one corrected."]\n', encoding="utf-8")
    alpha = project / "sources" / "alpha"
    en = (alpha / "en.md").read_text(encoding="utf-8")
    en = en.replace("signed on the *sixteenth* of April", "signed on the *16th* of April")
    en = en.replace("## Conclusion {#end}", f"{LONG_EN}\n\n## Conclusion {{#end}}")
    (alpha / "en.md").write_text(en, encoding="utf-8")
    ru = (alpha / "ru.md").read_text(encoding="utf-8").replace("## Заключение {#end}", f"{LONG_RU}\n\n## Заключение {{#end}}")
    (alpha / "ru.md").write_text(ru, encoding="utf-8")
    assert run("release", "--config", config).exit_code == 0
    later = release_folder(config, "1.3.0")

    result = run("diff", released, later)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "mini 1.2.0 (2026-01-15) → mini 1.3.0 (2026-02-01)"
    assert "  § 3 (en): changed: …signed on the [-sixteenth-] {+16th+} of April at…" in lines
    assert any(line.startswith("  § 5 (ru): new: Вставленный абзац") for line in lines)
    assert any(line.startswith("  § 5 (en): new: An inserted paragraph") for line in lines)
    assert "  § 5 (ru): now § 6" in lines and "  § 5 (en): now § 6" in lines
    # the conclusion (§ 5, now § 6) and the second article moved on
    old = json.loads((released / "manifest.json").read_text(encoding="utf-8"))["pages"]
    new = json.loads((later / "manifest.json").read_text(encoding="utf-8"))["pages"]
    assert new["alpha"]["en"]["6"] > old["alpha"]["en"]["5"]
    assert f"    § 5 (ru, en): p. {old['alpha']['en']['5']} → p. {new['alpha']['en']['6']}" in lines
    beta = lines.index("Article 2, «An Article without Notes» (beta):")
    assert lines[beta + 2].startswith("    § 1–2 (ru, en): p. 5 → p. ")
    # the other way round, and a release compared with itself
    assert "  § 5 (ru): removed: Вставленный абзац" in run("diff", later, released).output
    assert run("diff", released, released).output.splitlines()[-1] == "no paragraph changed and no page moved"


# --- tagged -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["columns", "facing"])
def test_a_tagged_release_has_one_structure_tree(tmp_path: Path, mode: str):
    config = releasable(tmp_path / "mini")
    config.write_text(config.read_text(encoding="utf-8") + f'\n[layout]\nmode = "{mode}"\n', encoding="utf-8")
    result = run("release", "--config", config, "--tagged")
    assert result.exit_code == 0, result.output
    with pikepdf.open(release_folder(config) / "mini-1.2.0.pdf") as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"
        assert "<pdfuaid:part>1</pdfuaid:part>" in pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert bool(pdf.Root.MarkInfo.Marked) and str(pdf.Root.Lang) == "ru"
        root = pdf.Root.StructTreeRoot
        (document,) = root.K
        assert document.S == "/Document" and len(document.K) >= 5  # the parts' top elements
        numbers = list(root.ParentTree.Nums)
        keys = [int(k) for k in numbers[::2]]
        assert keys == sorted(set(keys)) and int(root.ParentTreeNextKey) == keys[-1] + 1
        tree = dict(zip(keys, numbers[1::2], strict=True))
        page_keys = [int(page.obj.StructParents) for page in pdf.pages if "/StructParents" in page.obj]
        assert len(page_keys) == len(set(page_keys)) >= len(pdf.pages) - 2  # all but the blank pages
        assert all(isinstance(tree[key], pikepdf.Array) for key in page_keys)
        annotations = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert annotations and all(tree[int(a.StructParent)].objgen == _parent_of(a, document).objgen for a in annotations)
    if mode == "facing":  # (and the release's check passed: each § on one spread)
        pages = json.loads((release_folder(config) / "manifest.json").read_text(encoding="utf-8"))["pages"]["alpha"]
        assert pages["ru"]["1"] % 2 == 0 and pages["en"]["1"] == pages["ru"]["1"] + 1


def _parent_of(annotation: pikepdf.Dictionary, element: pikepdf.Dictionary) -> pikepdf.Dictionary | None:
    """The structure element whose kids hold ``annotation`` (as an object reference)."""
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") == "/OBJR" and kid.Obj.objgen == annotation.objgen:
                return element
            if "/S" in kid:
                found = _parent_of(annotation, kid)
                if found is not None:
                    return found
    return None
