"""What --fix writes into Word documents, opened in LibreOffice as a reviewer would open it.

LibreOffice runs headless through its UNO bridge (libreoffice_uno.py, run by the system Python
that has the `uno` module): it must see dilmac's tracked changes and comments, and after
"accept all changes" every part of the document must read as the same text fixed as plain text.
.ci/run installs LibreOffice (Debian: libreoffice-writer, python3-uno); without it these tests
skip, and fail under DILMAC_REQUIRE_DATA=1 (CI).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app
from docx_drafts import BODY_PARAGRAPHS, DAY, REFERENCE_LINES, reference_draft, revised_draft, simple_draft

HELPER = Path(__file__).with_name("libreoffice_uno.py")
SYSTEM_PYTHON = "/usr/bin/python3"
runner = CliRunner()


def _libreoffice_missing() -> str | None:
    if shutil.which("soffice") is None:
        return "LibreOffice (soffice) is not installed"
    probe = (
        subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
        if Path(SYSTEM_PYTHON).exists()
        else None
    )
    if probe is None or probe.returncode != 0:
        return f"{SYSTEM_PYTHON} cannot import uno (Debian: python3-uno)"
    return None


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> dict:
    """The drafts fixed by dilmac and opened in LibreOffice: {name: what LibreOffice saw}, and
    the same texts fixed as plain text."""
    missing = _libreoffice_missing()
    if missing:
        if os.environ.get("DILMAC_REQUIRE_DATA") == "1":
            pytest.fail(missing + " (DILMAC_REQUIRE_DATA=1; .ci/run installs it)")
        pytest.skip(missing + " (.ci/run installs it; DILMAC_REQUIRE_DATA=1 makes this a failure)")
    folder = tmp_path_factory.mktemp("libreoffice")
    az_lines = ["Türk Şurasının sammiti Bakıda keçirildi.", "Dövlət Miqrasiya Xidməti Türk Şurası ilə görüşdü."]
    drafts = {
        "reference": reference_draft(folder / "release.docx"),
        "revised": revised_draft(folder / "revised.docx"),
        "az": simple_draft(folder / "xeber.az.docx", az_lines),
        "saved by libreoffice": folder / "release-lo.docx",
    }
    # the reference draft as another word processor writes it (its own XML, runs and ids)
    _office("docx", reference_draft(folder / "release-for-lo.docx"), drafts["saved by libreoffice"])
    before = drafts["saved by libreoffice"].read_bytes()
    for path in drafts.values():
        result = runner.invoke(app, ["lint", "--fix", "--date", DAY, str(path)])
        assert result.exit_code in (0, 1), result.output
    plain = {"reference": (REFERENCE_LINES, "tr"), "az": (az_lines, "az")}
    fixed_text = {}
    for name, (lines, lang) in plain.items():
        text = folder / f"{name}.{lang}.txt"
        text.write_text("\n".join(lines) + "\n", encoding="utf-8")
        runner.invoke(app, ["lint", "--fix", "--date", DAY, str(text)])
        fixed_text[name] = text.read_text(encoding="utf-8").rstrip("\n").split("\n")
    seen = [json.loads(line) for line in _office("review", *drafts.values()).splitlines()]
    after = drafts["saved by libreoffice"].read_bytes()
    return {"office": dict(zip(drafts, seen)), "text": fixed_text, "libreoffice's": (before, after)}


def _office(mode: str, *paths: Path) -> str:
    done = subprocess.run(
        [SYSTEM_PYTHON, str(HELPER), mode, *map(str, paths)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_libreoffice_sees_dilmacs_changes_and_comments(reviewed):
    office = reviewed["office"]["reference"]
    assert office["changes"] and {c["author"] for c in office["changes"]} == {"dilmac"}
    assert {c["type"] for c in office["changes"]} == {"Delete", "Insert"}
    assert sorted((c["author"], c["anchor"], c["content"].split("\n")[0]) for c in office["comments"]) == [
        # at the start of the document
        ("dilmac", "", "[foreign-letter] Header: “Bakı” is spelled the Azerbaijani way; in Turkish: “Bakü”"),
        (  # on the footnote's mark in the body
            "dilmac",
            "1",
            "[foreign-letter] Footnote 1: “Bakı'daki” is spelled the Azerbaijani way; in Turkish: “Bakü'deki”",
        ),
        ("dilmac", "Bakı'daki", "[foreign-letter] “Bakı'daki” is spelled the Azerbaijani way; in Turkish: “Bakü'deki”"),
    ]
    assert office["changes_left"] == 0  # "accept all" accepted every one


def test_accepted_in_libreoffice_every_part_reads_as_the_text_fixed(reviewed):
    office, text = reviewed["office"]["reference"], reviewed["text"]["reference"]
    assert office["body"] == text[:BODY_PARAGRAPHS]
    assert office["text_boxes"] == [text[12]]
    assert office["headers"] == [text[13]]
    assert office["footers"] == [text[14]]
    assert office["footnotes"] == [text[15]]
    assert office["endnotes"] == [text[16]]


def test_azerbaijani_suffixes_are_reharmonised_in_the_document(reviewed):
    office, text = reviewed["office"]["az"], reviewed["text"]["az"]
    assert (
        office["body"]
        == text
        == [
            "Türk Dövlətləri Təşkilatının sammiti Bakıda keçirildi.",
            "Dövlət Miqrasiya Xidməti Türk Dövlətləri Təşkilatı ilə görüşdü.",
        ]
    )


def test_another_reviewers_changes_stay_for_the_author(reviewed):
    office = reviewed["office"]["revised"]
    authors = {(c["type"], c["author"]) for c in office["changes"]}
    assert authors == {("Delete", "Redaktör"), ("Insert", "Redaktör")}  # dilmac added none inside them
    [comment] = office["comments"]
    assert comment["anchor"] == "İç İşleri Bakanlığı" and "Not fixed automatically" in comment["content"]
    assert office["body"] == ["Heyet İç İşleri Bakanlığı ile görüştü."]


def test_a_document_libreoffice_wrote_is_reviewed_the_same_way(reviewed):
    office, text = reviewed["office"]["saved by libreoffice"], reviewed["text"]["reference"]
    assert {c["author"] for c in office["changes"]} == {"dilmac"}
    assert len(office["comments"]) == 3
    assert office["body"] == text[:BODY_PARAGRAPHS]
    assert office["headers"] == [text[13]] and office["footnotes"] == [text[15]]


def test_a_document_libreoffice_wrote_stays_as_it_was_outside_the_changes(reviewed):
    import io
    import zipfile

    from test_docx_review import top_level_paragraphs

    before, after = (zipfile.ZipFile(io.BytesIO(data)) for data in reviewed["libreoffice's"])
    stories = {"word/document.xml", "word/header1.xml", "word/footer1.xml", "word/footnotes.xml", "word/endnotes.xml"}
    grown = {"word/_rels/document.xml.rels", "[Content_Types].xml", "word/comments.xml"}
    for name in before.namelist():
        if name not in stories | grown:
            assert before.read(name) == after.read(name), name
    for name in stories & set(before.namelist()):
        old_paragraphs, old_gaps = top_level_paragraphs(before.read(name))
        new_paragraphs, new_gaps = top_level_paragraphs(after.read(name))
        assert new_gaps == old_gaps and len(new_paragraphs) == len(old_paragraphs), name
