"""Baselines: `dilmac lint --write-baseline FILE` and `--baseline FILE`, matched by content."""

from __future__ import annotations

import io
import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.core.errors import DilmacError
from dilmac.gate import baseline as bl

MINI = str(Path(__file__).parents[1] / "data" / "termbase-mini.yaml")
LINE = "The delegation met the Turkish Council in Baku."
runner = CliRunner()


def lint(*args: str):
    return runner.invoke(app, ["lint", *args, "--termbase", MINI, "--date", "2024-05-01", "--no-cache"])


def findings_json(*args: str) -> list[dict]:
    result = lint(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.en.txt").write_text(
        f"Intro.\n{LINE}\nMiddle.\n{LINE}\nThe Turkic Council met.\n", encoding="utf-8"
    )
    (tmp_path / "docs" / "b.en.txt").write_text("Nothing to see.\n", encoding="utf-8")
    return tmp_path


def write_baseline(*args: str) -> None:
    result = lint("docs", "--write-baseline", "baseline.yaml", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # the findings went into the file, not to the output


def test_written_baseline_is_readable_yaml_with_reasons(repo):
    write_baseline("--baseline-reason", "legacy text, ticket 12")
    text = (repo / "baseline.yaml").read_text(encoding="utf-8")
    assert text.startswith("# dilmac baseline")
    data = yaml.safe_load(text)
    assert data["version"] == 1
    entries = data["entries"]
    # The two identical lines are one entry that counts them.
    forbidden = [e for e in entries if e["rule"] == "term-forbidden"]
    assert [e["count"] for e in forbidden] == [2]
    assert forbidden[0]["path"] == "docs/a.en.txt"
    assert forbidden[0]["found"] == "Turkish Council"
    assert "must not be used" in forbidden[0]["message"]
    assert {e["reason"] for e in entries} == {"legacy text, ticket 12"}
    assert all("expires" not in e for e in entries)
    assert sum(e["count"] for e in entries) == len(findings_json("docs"))


def test_baseline_hides_what_it_records_and_the_exit_status_follows(repo):
    assert lint("docs").exit_code == 1
    write_baseline()
    result = lint("docs", "--baseline", "baseline.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "0 findings in 0 of 2 checked files"
    assert "baseline baseline.yaml: 3 findings not shown" in result.stderr


def test_edits_elsewhere_do_not_resurrect_findings(repo):
    write_baseline()
    doc = repo / "docs" / "a.en.txt"
    doc.write_text(
        "A new first paragraph.\n\nAnd another.\n"
        + doc.read_text(encoding="utf-8").replace("Middle.\n", "Middle, rewritten\nover two lines.\n")
        + "A closing line.\n",
        encoding="utf-8",
    )
    result = lint("docs", "--baseline", "baseline.yaml")
    assert result.exit_code == 0, result.output
    assert "3 findings not shown" in result.stderr
    assert "no longer" not in result.stderr


def test_re_indenting_the_line_keeps_it_baselined_but_editing_it_does_not(repo):
    write_baseline()
    doc = repo / "docs" / "a.en.txt"
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("The Turkic Council met.", "   The  Turkic Council   met."), encoding="utf-8")
    assert lint("docs", "--baseline", "baseline.yaml").exit_code == 0
    doc.write_text(text.replace("The Turkic Council met.", "Then the Turkic Council met."), encoding="utf-8")
    findings = findings_json("docs", "--baseline", "baseline.yaml")
    assert [(f["line"], f["found"]) for f in findings] == [(5, "Turkic Council")]


def test_a_third_identical_line_is_new(repo):
    write_baseline()
    doc = repo / "docs" / "a.en.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + LINE + "\n", encoding="utf-8")
    result = lint("docs", "--baseline", "baseline.yaml", "--format", "json")
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["line"], finding["rule"]) == (6, "term-forbidden")


def test_findings_that_went_away_are_counted_not_failed(repo):
    write_baseline()
    doc = repo / "docs" / "a.en.txt"
    doc.write_text(doc.read_text(encoding="utf-8").replace(LINE, "The delegation met the OTS.", 1), encoding="utf-8")
    result = lint("docs", "--baseline", "baseline.yaml")
    assert result.exit_code == 0, result.output
    assert "2 findings not shown; 1 baselined finding no longer occurs" in result.stderr
    assert "--write-baseline baseline.yaml drops them" in result.stderr


def test_paths_are_relative_to_the_baseline_not_to_how_they_were_typed(repo, tmp_path):
    write_baseline()
    os.chdir(repo / "docs")
    result = runner.invoke(
        app,
        [
            "lint",
            "./a.en.txt",
            "../docs/b.en.txt",
            "--baseline",
            "../baseline.yaml",
            "--termbase",
            MINI,
            "--date",
            "2024-05-01",
            "--no-cache",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "3 findings not shown" in result.stderr
    result = runner.invoke(
        app,
        [
            "lint",
            str(repo / "docs"),
            "--baseline",
            str(repo / "baseline.yaml"),
            "--termbase",
            MINI,
            "--date",
            "2024-05-01",
            "--no-cache",
        ],
    )
    assert result.exit_code == 0, result.output


def test_an_expired_entry_shows_its_findings_again_marked(repo):
    write_baseline("--baseline-expires", "2999-12-31", "--baseline-reason", "until the reprint")
    path = repo / "baseline.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("expires: 2999-12-31") == 2
    # The team edits one entry's date by hand; it lapsed yesterday (valid through the day).
    lapsed = next(e for e in yaml.safe_load(text)["entries"] if e["rule"] == "term-forbidden")
    yesterday = date.fromordinal(date.today().toordinal() - 1).isoformat()
    head, block = text.split(f"- fingerprint: {lapsed['fingerprint']}\n")
    block = block.replace("expires: 2999-12-31", f"expires: {yesterday}", 1)
    path.write_text(f"{head}- fingerprint: {lapsed['fingerprint']}\n{block}", encoding="utf-8")
    findings = findings_json("docs", "--baseline", "baseline.yaml")
    assert [f["line"] for f in findings] == [2, 4]
    assert all(f["message"].endswith(f"(baseline entry expired on {yesterday}: until the reprint)") for f in findings)
    result = lint("docs", "--baseline", "baseline.yaml")
    assert result.exit_code == 1
    assert "1 finding not shown, 2 findings shown again because the entry expired" in result.stderr


def test_an_entry_is_valid_through_its_expiry_day():
    entry = bl.Entry("0" * 32, 1, "r", "p", "f", "m", expires=date(2025, 3, 1))
    assert not entry.expired(date(2025, 3, 1))
    assert entry.expired(date(2025, 3, 2))


def test_rewriting_keeps_reasons_and_expiry_of_surviving_entries(repo):
    write_baseline("--baseline-reason", "first pass")
    path = repo / "baseline.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "reason: first pass\n", "reason: agreed with the editors\n  expires: 2999-01-01\n", 1
        ),
        encoding="utf-8",
    )
    edited = yaml.safe_load(path.read_text(encoding="utf-8"))["entries"][0]
    doc = repo / "docs" / "a.en.txt"
    # One of the two identical lines is fixed, a new finding appears, the rest stays.
    doc.write_text(
        doc.read_text(encoding="utf-8").replace(LINE, "The OTS met.", 1) + "Turkish Council.\n", encoding="utf-8"
    )
    result = lint("docs", "--write-baseline", "baseline.yaml", "--baseline-reason", "second pass")
    assert result.exit_code == 0, result.output
    assert "(1 new, 1 no longer found and dropped)" in result.stderr
    entries = {e["fingerprint"]: e for e in yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]}
    assert entries[edited["fingerprint"]]["reason"] == "agreed with the editors"
    assert entries[edited["fingerprint"]]["expires"] == date(2999, 1, 1)
    reasons = sorted(e["reason"] for e in entries.values())
    assert reasons == ["agreed with the editors", "first pass", "second pass"]
    forbidden_old = [e for e in entries.values() if e["reason"] != "second pass" and e["rule"] == "term-forbidden"]
    assert [e["count"] for e in forbidden_old] == [1]
    assert lint("docs", "--baseline", "baseline.yaml").exit_code == 0


def test_rewriting_unchanged_findings_leaves_the_file_alone(repo):
    write_baseline()
    path = repo / "baseline.yaml"
    before = path.read_bytes()
    os.utime(path, (1_000_000_000, 1_000_000_000))
    write_baseline("--baseline-reason", "a reason that only new entries would get")
    assert path.read_bytes() == before
    assert path.stat().st_mtime == 1_000_000_000


def test_linting_a_subset_keeps_the_entries_of_other_files(repo):
    (repo / "other").mkdir()
    (repo / "other" / "c.en.txt").write_text("The Turkish Council.\n", encoding="utf-8")
    result = lint("docs", "other", "--write-baseline", "baseline.yaml")
    assert result.exit_code == 0, result.output
    before = yaml.safe_load((repo / "baseline.yaml").read_text(encoding="utf-8"))["entries"]
    result = lint("docs", "--baseline", "baseline.yaml")
    assert result.exit_code == 0 and "no longer" not in result.stderr
    write_baseline()  # docs only
    after = yaml.safe_load((repo / "baseline.yaml").read_text(encoding="utf-8"))["entries"]
    assert after == before


def test_new_files_get_the_usual_permissions_and_old_ones_keep_theirs(repo):
    write_baseline()
    path = repo / "baseline.yaml"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    path.chmod(0o640)
    (repo / "docs" / "b.en.txt").write_text("The Turkish Council.\n", encoding="utf-8")
    write_baseline()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_old_baseline_whole(repo, monkeypatch):
    write_baseline()
    path = repo / "baseline.yaml"
    before = path.read_bytes()
    (repo / "docs" / "b.en.txt").write_text("The Turkish Council.\n", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("dilmac.core.safe_write._exchange", lambda a, b: False)  # a plain rename
    monkeypatch.setattr(bl.os, "replace", broken_replace)
    result = lint("docs", "--write-baseline", "baseline.yaml")
    assert result.exit_code != 0
    assert path.read_bytes() == before
    assert sorted(p.name for p in repo.iterdir()) == ["baseline.yaml", "docs"]  # no temporary file left


def test_input_errors_stop_the_write(repo):
    write_baseline()
    before = (repo / "baseline.yaml").read_bytes()
    (repo / "docs" / "b.en.txt").write_bytes(b"caf\xe9 Turkish Council\n")
    result = lint("docs", "--write-baseline", "baseline.yaml")
    assert result.exit_code == 2
    assert "baseline not written: 1 input error" in result.stderr
    assert "b.en.txt" in result.stderr
    assert (repo / "baseline.yaml").read_bytes() == before


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github", "junit"])
def test_every_format_reports_only_new_findings(repo, output_format):
    write_baseline()
    doc = repo / "docs" / "b.en.txt"
    doc.write_text("Nothing to see.\nThe Organization of Turkish States.\n", encoding="utf-8")
    result = lint("docs", "--baseline", "baseline.yaml", "--format", output_format)
    assert result.exit_code == 1, result.output
    reported = result.stdout
    if output_format == "sarif":  # (the rules' documentation names the wrong forms too)
        reported = json.dumps(json.loads(reported)["runs"][0]["results"], ensure_ascii=False)
    assert "Organization of Turkish States" in reported
    assert "Turkish Council" not in reported and "Turkic Council" not in reported


@pytest.mark.parametrize(
    "args, message",
    [
        (["--baseline", "baseline.yaml", "--write-baseline", "baseline.yaml"], "cannot be combined"),
        (["--write-baseline", "x.yaml", "--changed-since", "HEAD"], "cannot be combined with --changed-since"),
        (["--baseline-reason", "why"], "only go with --write-baseline"),
        (["--write-baseline", "x.yaml", "--baseline-expires", "2024-13-01"], "'2024-13-01' is not a date"),
        (["--write-baseline", "x.yaml", "--baseline-expires", "2001-01-01"], "is in the past"),
        (["--baseline", "missing.yaml"], "missing.yaml: baseline file not found"),
    ],
)
def test_misuse_is_an_error_with_exit_2(repo, args, message):
    (repo / "baseline.yaml").write_text("version: 1\nentries: []\n", encoding="utf-8")
    result = lint("docs", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not (repo / "x.yaml").exists()


GOOD = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("version: 1\nentries:\n- fingerprint: [\n", 4, "YAML syntax error"),
        ("- a\n- b\n", 1, "not a dilmac baseline"),
        ("version: 2\nentries: []\n", 1, "baseline version 2 is not supported"),
        ("version: 1\nentries: []\nextra: 1\n", 3, "unknown key 'extra'"),
        ("version: 1\nentries: {}\n", 2, "'entries' must be a list"),
        ("version: 1\nentries:\n- just text\n", 3, "an entry must be a mapping"),
        (f"version: 1\nentries:\n- fingerprint: {GOOD}\n  expiry: 2025-01-01\n", 4, "unknown field 'expiry'"),
        ("version: 1\nentries:\n- fingerprint: abc\n", 3, "no valid 'fingerprint'"),
        (f"version: 1\nentries:\n- fingerprint: {GOOD}\n  count: 0\n", 4, "'count' must be a whole number"),
        (f"version: 1\nentries:\n- fingerprint: {GOOD}\n  reason: 12\n", 4, "'reason' must be text"),
        (
            f"version: 1\nentries:\n- fingerprint: {GOOD}\n  reason: ok\n  expires: soon\n",
            5,
            "'expires' 'soon' is not a date",
        ),
        (f"version: 1\nentries:\n- fingerprint: {GOOD}\n  expires: 2025-02-30\n", 4, "is not a date"),
    ],
)
def test_malformed_baselines_are_named_by_line(tmp_path, text, line, message):
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DilmacError) as caught:
        bl.load(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert message in caught.value.message
    assert caught.value.hint


def test_malformed_baseline_through_the_cli(repo):
    (repo / "baseline.yaml").write_text(
        f"version: 1\nentries:\n- fingerprint: {GOOD}\n  count: two\n", encoding="utf-8"
    )
    result = lint("docs", "--baseline", "baseline.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: baseline.yaml:4: 'count' must be a whole number")


def test_an_empty_entry_list_and_defaults_load(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_text("version: 1\nentries:\n", encoding="utf-8")
    assert bl.load(path) == []
    path.write_text(f"version: 1\nentries:\n- fingerprint: {GOOD}\n", encoding="utf-8")
    [entry] = bl.load(path)
    assert (entry.count, entry.reason, entry.expires) == (1, bl.DEFAULT_REASON, None)


def test_dump_and_load_round_trip(tmp_path):
    entries = [
        bl.Entry(
            GOOD, 2, "term-forbidden", "docs/ü ş.md", "Türk Şurası", 'a: b # c\n"q"', "why: because", date(2030, 1, 2)
        ),
        bl.Entry("f" * 32, 1, "near-miss", "a.md", "123e45", "m", "0123"),
    ]
    path = tmp_path / "b.yaml"
    bl.save(path, bl.dump(entries))
    assert bl.load(path) == sorted(entries, key=lambda e: e.path)


def test_unexpired_entries_absorb_first(tmp_path, repo):
    """Two entries for one fingerprint, the first expired: the valid one hides the finding."""
    from dilmac.cli.app import compiled_termbase, enabled_rules
    from dilmac.lint.pipeline import lint_paths

    doc = repo / "docs" / "b.en.txt"
    doc.write_text("The Turkish Council.\n", encoding="utf-8")
    run = lint_paths([doc], compiled_termbase([MINI], True), day=date(2024, 5, 1), rules=enabled_rules(None))
    [(_r, _f, rel, key)] = bl.identified(run, repo)
    entries = [
        bl.Entry(key, 1, "r", rel, "f", "m", "old", date(2020, 1, 1)),
        bl.Entry(key, 1, "r", rel, "f", "m", "new", None),
    ]
    applied = bl.apply(run, entries, repo, date(2024, 5, 1))
    assert (applied.suppressed, applied.expired, applied.gone) == (1, 0, 1)
    assert run.findings == []


def test_narrow_reports_on_the_given_stream(repo):
    err = io.StringIO()
    from dilmac.cli.app import compiled_termbase, enabled_rules
    from dilmac.lint.pipeline import lint_paths

    run = lint_paths([Path("docs")], compiled_termbase([MINI], True), day=date(2024, 5, 1), rules=enabled_rules(None))
    assert bl.narrow(run, [Path("docs")], write_to=Path("baseline.yaml"), err=err)
    assert err.getvalue() == "baseline baseline.yaml: 3 findings in 2 entries (3 new, 0 no longer found and dropped)\n"


PO_HEADER = 'msgid ""\nmsgstr ""\n"Language: tr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
PO_MESSAGE = (
    'msgid "The Organization of Turkic States met in {place}."\nmsgstr "Türk Konseyi {place} şehrinde toplandı."\n\n'
)


def test_catalog_messages_are_matched_by_message_not_by_line(repo):
    po = repo / "docs" / "site.tr.po"
    po.write_text(PO_HEADER + PO_MESSAGE.format(place="Baku"), encoding="utf-8")
    assert [f["path"] for f in findings_json("docs/site.tr.po")] == ["docs/site.tr.po"]
    write_baseline()
    # A message added above moves the baselined one down: still baselined.
    po.write_text(
        PO_HEADER + 'msgid "Welcome"\nmsgstr "Hoş geldiniz"\n\n' + PO_MESSAGE.format(place="Baku"), encoding="utf-8"
    )
    assert findings_json("docs", "--baseline", "baseline.yaml") == []
    # The same translation line in another message is another finding.
    po.write_text(
        po.read_text(encoding="utf-8") + 'msgctxt "footer"\n' + PO_MESSAGE.format(place="Baku"), encoding="utf-8"
    )
    [finding] = findings_json("docs", "--baseline", "baseline.yaml")
    assert finding["msgctxt"] == "footer"
