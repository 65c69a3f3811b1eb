"""Autofix (`dilmac lint --fix` / `--diff`): what is fixed, how it is written, what is left alone."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.lint.pipeline import lint_paths
from dilmac.match import compiled
from dilmac.report import fix
from dilmac.termbase.model import resolve_termbase_args

REPO = Path(__file__).resolve().parents[2]
DAY = date(2024, 5, 1)
runner = CliRunner()


@pytest.fixture(scope="module")
def termbase():
    return compiled.load(resolve_termbase_args(None))


def plan_for(termbase, *paths: Path, day: date | None = DAY) -> fix.Plan:
    return fix.plan(lint_paths(list(paths), termbase, day=day))


def fixed(termbase, path: Path, text: str, day: date | None = DAY) -> str:
    """Write `text`, fix it, and return the file's new text."""
    path.write_text(text, encoding="utf-8")
    assert fix.apply(plan_for(termbase, path, day=day)) == []
    return path.read_text(encoding="utf-8")


def assert_idempotent(termbase, *paths: Path, day: date | None = DAY) -> None:
    before = [p.read_bytes() for p in paths]
    again = plan_for(termbase, *paths, day=day)
    assert again.edits == []
    assert fix.apply(again) == []
    assert [p.read_bytes() for p in paths] == before


def test_the_issues_examples_are_reinflected(termbase, tmp_path):
    tr, az = tmp_path / "haber.tr.txt", tmp_path / "xeber.az.txt"
    assert (
        fixed(termbase, tr, "Türk Konseyi'nin zirvesi Bakü'de yapıldı.\n")
        == "Türk Devletleri Teşkilatının zirvesi Bakü'de yapıldı.\n"
    )
    assert (
        fixed(termbase, az, "Türk Şurasının sammiti Bakıda keçirildi.\n")
        == "Türk Dövlətləri Təşkilatının sammiti Bakıda keçirildi.\n"
    )
    assert_idempotent(termbase, tr, az)


def test_inflection_is_reharmonised_to_the_new_stem(termbase, tmp_path):
    tr, az = tmp_path / "a.tr.txt", tmp_path / "a.az.txt"
    # back vowels of "Konseyi" → back vowels of "Teşkilatı"; case suffixes of every kind
    assert (
        fixed(termbase, tr, "Türk Konseyi'ne, Türk Konseyi'nde ve Türk Konseyi'nden söz edildi.\n")
        == "Türk Devletleri Teşkilatına, Türk Devletleri Teşkilatında ve Türk Devletleri Teşkilatından söz edildi.\n"
    )
    assert (
        fixed(termbase, az, "Türk Şurasına və Türk Şurasında çıxış edib.\n")
        == "Türk Dövlətləri Təşkilatına və Türk Dövlətləri Təşkilatında çıxış edib.\n"
    )
    assert_idempotent(termbase, tr, az)


def test_casing_style_is_kept(termbase, tmp_path):
    tr, en, az = tmp_path / "b.tr.txt", tmp_path / "b.en.txt", tmp_path / "b.az.txt"
    assert fixed(termbase, tr, "TÜRK KONSEYİ'NİN KARARI\n") == "TÜRK DEVLETLERİ TEŞKİLATININ KARARI\n"
    assert fixed(
        termbase,
        en,
        "# The Turkic Council\n\nHe was a 3rd Rank State Migration Service Counselor.\nTHE TURKIC COUNCIL MET.\n",
    ) == (
        "# The Organization of Turkic States\n\nHe was a III Rank State Migration Service Counselor.\n"
        "THE ORGANIZATION OF TURKIC STATES MET.\n"
    )
    # Title case keeps the small words small; a lower-case name at a sentence start is capitalised.
    assert (
        fixed(termbase, az, "Fövqəladə Və Tam Səlahiyyətli Səfir gəldi. Fövqəladə və tam səlahiyyətli səfir danışdı.\n")
        == "Fövqəladə və Səlahiyyətli Səfir gəldi. Fövqəladə və səlahiyyətli səfir danışdı.\n"
    )
    assert_idempotent(termbase, tr, en, az)


def test_diacritics_and_homoglyphs(termbase, tmp_path):
    az = tmp_path / "c.az.txt"
    cyrillic_schwa = "Az\u04d9rbaycan"
    assert (
        fixed(termbase, az, f"Vusal Huseynov {cyrillic_schwa} nümayəndə heyətini qəbul edib.\n")
        == "Vüsal Hüseynov Azərbaycan nümayəndə heyətini qəbul edib.\n"
    )
    assert_idempotent(termbase, az)


def test_front_matter_and_code_are_never_touched(termbase, tmp_path):
    md = tmp_path / "d.en.md"
    text = (
        "---\ntitle: The Turkic Council in Turkey\ndate: 2024-05-01\n---\n\n"
        "The Turkic Council met. Use `Turkic Council` as the key.\n\n"
        "```\nprint('Turkish Council')\n```\n\n    Turkey (indented code)\n\n"
        "<!-- Turkey in a comment -->\n"
    )
    expected = text.replace("The Turkic Council met", "The Organization of Turkic States met")
    assert fixed(termbase, md, text, day=None) == expected  # the date comes from the front matter
    assert_idempotent(termbase, md, day=None)


def test_html_markup_and_attributes_are_never_touched(termbase, tmp_path):
    page = tmp_path / "e.az.html"
    text = (
        '<html lang="az"><body>\n'
        '<p title="Türk Şurası" data-x="Türk Şurasının">Türk Şurasının iclası.</p>\n'
        '<p><b>Türk Şurası</b>nın qərarı. <a href="/turk-surasi">link</a></p>\n'
        "</body></html>\n"
    )
    page.write_text(text, encoding="utf-8")
    plan = plan_for(termbase, page)
    assert [n.reason for n in plan.not_fixed] == [
        "markup, code, an entity or an escape inside the span: fix it by hand"
    ]
    assert fix.apply(plan) == []
    assert page.read_text(encoding="utf-8") == text.replace(
        ">Türk Şurasının iclası", ">Türk Dövlətləri Təşkilatının iclası"
    )


def test_po_only_msgstr_changes_and_the_catalog_stays_valid(termbase, tmp_path):
    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: tr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: summit.py:3\nmsgid "The Turkic Council summit"\nmsgstr "Türk Konseyi zirvesi"\n\n'
        '#, python-format\nmsgid "%(n)s said \\"Turkic Council\\""\nmsgstr ""\n'
        '"%(n)s \\"Türk Konseyi\\" "\n"dedi"\n\n'
        'msgid "Turkey"\nmsgstr "Türkiye\'nin"\n',
        encoding="utf-8",
    )
    before = polib.pofile(str(po))
    assert fix.apply(plan_for(termbase, po)) == []
    after = polib.pofile(str(po))
    assert [e.msgid for e in after] == [e.msgid for e in before]
    assert [e.msgstr for e in after] == [
        "Türk Devletleri Teşkilatı zirvesi",
        '%(n)s "Türk Devletleri Teşkilatı" dedi',
        "Türkiye'nin",
    ]
    assert after.metadata == before.metadata
    if shutil.which("msgfmt"):
        check = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
    assert_idempotent(termbase, po)


def test_replacements_are_escaped_in_po_strings():
    assert fix._written('a "b" \\ c\nd', "po") == 'a \\"b\\" \\\\ c\\nd'
    assert fix._written('a "b"', "markdown") == 'a "b"'


def test_templates_are_not_fixed(termbase, tmp_path):
    pot = tmp_path / "messages.pot"
    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "The Turkish Council"\nmsgstr ""\n'
    )
    pot.write_text(text, encoding="utf-8")
    plan = plan_for(termbase, pot)
    assert plan.files == [] and any("template" in n for n in plan.notices)


@pytest.mark.parametrize(
    "bom, codec",
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (b"", "utf-8"),
    ],
)
def test_encoding_bom_and_line_endings_are_kept(termbase, tmp_path, bom, codec):
    path = tmp_path / "f.en.txt"
    path.write_bytes(bom + "Intro.\r\nThe Turkish Council met in Turkey.\r\nEnd.".encode(codec))
    assert fix.apply(plan_for(termbase, path)) == []
    assert path.read_bytes() == bom + "Intro.\r\nThe Organization of Turkic States met in Türkiye.\r\nEnd.".encode(
        codec
    )
    assert_idempotent(termbase, path)


def test_a_fix_the_legacy_encoding_cannot_hold_is_refused(termbase, tmp_path):
    po = tmp_path / "old.po"
    text = (
        'msgid ""\nmsgstr ""\n"Language: az\\n"\n"Content-Type: text/plain; charset=ISO-8859-9\\n"\n\n'
        'msgid "The Turkic Council"\nmsgstr "Türk Şurası"\n'
    )
    po.write_bytes(text.encode("iso-8859-9"))
    errors = fix.apply(plan_for(termbase, po))
    assert len(errors) == 1 and "cannot hold" in errors[0].message and "UTF-8" in errors[0].hint
    assert po.read_bytes() == text.encode("iso-8859-9")


def test_a_failed_write_leaves_the_original_intact(termbase, tmp_path, monkeypatch):
    path = tmp_path / "g.en.txt"
    original = "The Turkish Council met.\n"
    path.write_text(original, encoding="utf-8")
    plan = plan_for(termbase, path)

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("dilmac.core.safe_write._exchange", lambda a, b: False)  # a plain rename
    monkeypatch.setattr(os, "replace", disk_full)
    errors = fix.apply(plan)
    assert len(errors) == 1
    assert errors[0].path == str(path) and "No space left on device" in errors[0].message
    assert path.read_text(encoding="utf-8") == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.en.txt"]  # no temporary file left


def test_the_file_changed_since_it_was_checked_is_not_overwritten(termbase, tmp_path):
    path = tmp_path / "h.en.txt"
    path.write_text("The Turkish Council met.\n", encoding="utf-8")
    plan = plan_for(termbase, path)
    path.write_text("Someone else's edit. The Turkish Council met.\n", encoding="utf-8")
    errors = fix.apply(plan)
    assert len(errors) == 1 and "changed" in errors[0].message
    assert path.read_text(encoding="utf-8") == "Someone else's edit. The Turkish Council met.\n"


def test_permissions_and_symlinks_are_kept_when_links_are_followed(termbase, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the link leads inside the working directory: it is linted
    real = tmp_path / "real.en.txt"
    real.write_text("The Turkish Council met.\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.en.txt"
    link.symlink_to(real)
    assert fix.apply(plan_for(termbase, link), follow_symlinks=True) == []
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "The Organization of Turkic States met.\n"
    assert real.stat().st_mode & 0o777 == 0o640


def test_a_symlink_is_not_written_through_by_default(termbase, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    real = tmp_path / "real.en.txt"
    real.write_text("The Turkish Council met.\n", encoding="utf-8")
    link = tmp_path / "link.en.txt"
    link.symlink_to(real)
    plan = plan_for(termbase, link)
    [error] = fix.apply(plan)
    assert "symbolic link" in error.message and "--follow-symlinks" in error.hint
    assert real.read_text(encoding="utf-8") == "The Turkish Council met.\n"
    assert plan.edits == [] and "not written" in plan.not_fixed[0].reason


def test_overlapping_fixes_are_left_to_a_human():
    from dilmac.core.findings import Finding, Severity

    def finding(start, end, rule, new):
        return Finding(
            path="x", start=start, end=end, rule=rule, severity=Severity.ERROR, message="", found="", suggestions=[new]
        )

    edits = [
        fix.Edit(0, 10, "A", finding(0, 10, "term-forbidden", "A")),
        fix.Edit(5, 15, "B", finding(5, 15, "term-superseded", "B")),
        fix.Edit(20, 25, "C", finding(20, 25, "term-deprecated", "C")),
        fix.Edit(20, 25, "C", finding(20, 25, "term-wrong", "C")),  # the same change twice
        fix.Edit(30, 40, "D", finding(30, 40, "term-superseded", "D")),
        fix.Edit(32, 36, "d", finding(32, 36, "mixed-script", "d")),
    ]  # inside the term fix
    not_fixed = []
    kept = fix._without_overlaps(edits, not_fixed)
    assert [(e.start, e.new) for e in kept] == [(20, "C"), (30, "D")]
    assert sorted(n.finding.start for n in not_fixed) == [0, 5]


def test_the_samples_are_fixed_once_and_for_all(termbase, tmp_path):
    shutil.copytree(REPO / "samples", tmp_path / "samples")
    files = sorted(p for p in (tmp_path / "samples").rglob("*") if p.is_file())
    plan = plan_for(termbase, *files, day=None)
    assert len(plan.edits) >= 10
    assert fix.apply(plan) == []
    assert_idempotent(termbase, *files, day=None)


def test_real_catalogs_stay_valid_after_fixing(termbase, tmp_path, shared_data):
    for source in sorted((shared_data / "po").glob("*.po")):
        po = tmp_path / source.name
        shutil.copy(source, po)
        before = polib.pofile(str(po))
        assert fix.apply(plan_for(termbase, po)) == []
        after = polib.pofile(str(po))
        assert [(e.msgctxt, e.msgid, e.msgid_plural) for e in after] == [
            (e.msgctxt, e.msgid, e.msgid_plural) for e in before
        ]
        assert_idempotent(termbase, po)


# --------------------------------------------------------------------------- the command line


def test_cli_diff_previews_and_changes_nothing(tmp_path):
    path = tmp_path / "news.tr.txt"
    original = "Türk Konseyi'nin zirvesi.\n"
    path.write_text(original, encoding="utf-8")
    result = runner.invoke(app, ["lint", "--diff", "--date", "2024-05-01", str(path)])
    assert result.exit_code == 1, result.output  # the file still has the finding
    assert path.read_text(encoding="utf-8") == original
    assert result.stdout == (
        f"--- a/{path}\n+++ b/{path}\n@@ -1 +1 @@\n-Türk Konseyi'nin zirvesi.\n+Türk Devletleri Teşkilatının zirvesi.\n"
    )
    assert "1 fix in 1 file (nothing written)" in result.stderr


def test_cli_diff_applies_with_git(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git not found")
    (tmp_path / "a.en.txt").write_text("The Turkish Council\r\nmet in Turkey", encoding="utf-8", newline="")
    # a real process: the test runner's output would turn the file's \r\n into \n
    diff = subprocess.run(
        [sys.executable, "-m", "dilmac", "lint", "--diff", "--date", "2024-05-01", "a.en.txt"],
        cwd=tmp_path,
        capture_output=True,
    ).stdout
    (tmp_path / "change.diff").write_bytes(diff)
    subprocess.run(["git", "apply", "change.diff"], cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / "a.en.txt").read_bytes() == b"The Organization of Turkic States\r\nmet in T\xc3\xbcrkiye"


def test_cli_fix_reports_the_fixed_state(tmp_path):
    path = tmp_path / "news.en.txt"
    path.write_text("The Turkish Council met in Turkey.\n", encoding="utf-8")
    result = runner.invoke(app, ["lint", "--fix", "--date", "2024-05-01", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == "The Organization of Turkic States met in Türkiye.\n"
    assert f"fixed: {path}:1:5: [term-forbidden] “Turkish Council” → “Organization of Turkic States”" in result.stdout
    assert "2 fixes in 1 file" in result.stdout and "0 findings" in result.stdout
    again = runner.invoke(app, ["lint", "--fix", "--date", "2024-05-01", str(path)])
    assert again.exit_code == 0 and "0 fixes in 0 files" in again.stdout


def test_cli_fix_json_lists_the_fixes(tmp_path):
    path = tmp_path / "news.az.html"
    path.write_text(
        '<html lang="az"><p>Türk Şurasının iclası. <b>Türk Şurası</b>nın qərarı.</p></html>\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["lint", "--fix", "--format", "json", "--date", "2024-05-01", str(path)])
    assert result.exit_code == 1, result.output  # the finding inside markup remains
    data = json.loads(result.stdout)
    assert [(f["found"], f["replacement"]) for f in data["fixes"]["fixes"]] == [
        ("Türk Şurasının", "Türk Dövlətləri Təşkilatının")
    ]
    assert [(f["found"], f["line"]) for f in data["fixes"]["not_fixed"]] == [("Türk Şurası</b>nın", 1)]
    assert [f["found"] for f in data["findings"]] == ["Türk Şurası</b>nın"]


def test_cli_fix_and_diff_exclude_each_other(tmp_path):
    path = tmp_path / "x.en.txt"
    path.write_text("The Turkish Council.\n", encoding="utf-8")
    result = runner.invoke(app, ["lint", "--fix", "--diff", str(path)])
    assert result.exit_code == 2 and "--fix and --diff exclude each other" in result.stderr
    result = runner.invoke(app, ["lint", "--diff", "--format", "json", str(path)])
    assert result.exit_code == 2 and "--diff prints a unified diff" in result.stderr
    assert path.read_text(encoding="utf-8") == "The Turkish Council.\n"
