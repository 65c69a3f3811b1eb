"""End-to-end: the `dilmac` command through Typer's runner and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app

MINI = str(Path(__file__).parents[1] / "data" / "termbase-mini.yaml")
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture()
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.en.txt"
    path.write_text("Intro line.\nThe Türkiye delegation met the Turkish Council in Baku.\n", encoding="utf-8")
    return path


def test_text_output_like_a_compiler(draft):
    result = invoke("lint", str(draft), "--termbase", MINI, "--date", "2024-05-01")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{draft}:2:32: error [term-forbidden] “Turkish Council” must not be used for "
        f"“Organization of Turkic States” (“Turkish” refers to Türkiye)"
    )
    assert lines[1] == " 2 | The Türkiye delegation met the Turkish Council in Baku."
    assert lines[2] == "   |                                ^^^^^^^^^^^^^^^"
    assert lines[3] == "   = fix: Organization of Turkic States"
    assert "\x1b[" not in result.stdout  # no colour when not on a terminal
    assert lines[-1] == "1 finding (1 error) in 1 of 1 checked file"


def test_json_contract(draft):
    result = invoke("lint", str(draft), "--termbase", MINI, "--date", "2024-05-01", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    [finding] = data["findings"]
    assert finding == {
        "path": str(draft),
        "line": 2,
        "column": 32,
        "end_line": 2,
        "end_column": 47,
        "rule": "term-forbidden",
        "severity": "error",
        "message": "“Turkish Council” must not be used for “Organization of Turkic States” (“Turkish” refers to Türkiye)",
        "found": "Turkish Council",
        "suggestions": ["Organization of Turkic States"],
        "concept": "org.turkic-states",
        "lang": "en",
    }
    assert data["summary"]["findings"] == 1
    assert data["summary"]["by_severity"] == {"error": 1}
    assert data["summary"]["errors"] == []


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_levels(tmp_path, fail_on, code):
    path = tmp_path / "w.en.txt"
    path.write_text("We went to Nakhichevan.\n", encoding="utf-8")  # a warning only
    result = invoke("lint", str(path), "--termbase", MINI, "--fail-on", fail_on)
    assert result.exit_code == code, result.stdout


def test_clean_file_exits_zero(tmp_path):
    path = tmp_path / "ok.en.md"
    path.write_text(
        "---\ndate: 2024-01-01\n---\nThe Organization of Turkic States met in Nakhchivan.\n", encoding="utf-8"
    )
    result = invoke("lint", str(path), "--termbase", MINI)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().endswith("0 findings in 0 of 1 checked file")


def test_directories_are_recursed_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.en.txt").write_text("Turkish Council\n", encoding="utf-8")
    (tmp_path / "b" / "c.en.txt").write_text("Turkish Council\n", encoding="utf-8")
    (tmp_path / "b" / "image.png").write_bytes(b"\x89PNG\0\0")
    result = invoke("lint", str(tmp_path), "--termbase", MINI, "--format", "json")
    paths = [f["path"] for f in json.loads(result.stdout)["findings"]]
    assert paths == [str(tmp_path / "a.en.txt"), str(tmp_path / "b" / "c.en.txt")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2024-13-01"], "--date '2024-13-01' is not a date"),
        (["--lang", "de"], "--lang 'de' is not supported"),
        (["--termbase", "/nonexistent/tb.yaml"], "termbase not found"),
    ],
)
def test_usage_errors_exit_2_with_a_hint(draft, args, message):
    result = invoke("lint", str(draft), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "hint:" in result.stderr


def test_missing_file_exits_2(tmp_path):
    result = invoke("lint", str(tmp_path / "nope.md"), "--termbase", MINI)
    assert result.exit_code == 2
    assert "no such file or directory" in result.stderr


def test_unknown_language_is_an_input_error(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("12 34\n", encoding="utf-8")
    result = invoke("lint", str(path), "--termbase", MINI)
    assert result.exit_code == 2
    assert "cannot tell the language" in result.stderr


def test_terms_concordance(tmp_path):
    path = tmp_path / "c.tr.txt"
    path.write_text("Türkiye'nin ve\nGöç İdaresi Başkanlığına\n", encoding="utf-8")
    result = invoke("terms", str(path), "--termbase", MINI, "--format", "json")
    assert result.exit_code == 0
    occurrences = json.loads(result.stdout)["occurrences"]
    assert [(o["found"], o["line"], o["column"], o["end_column"], o["concept"], o["status"]) for o in occurrences] == [
        ("Türkiye'nin", 1, 1, 12, "place.turkiye", "preferred"),
        ("Göç İdaresi Başkanlığına", 2, 1, 25, "inst.tr.pmm", "preferred"),
    ]
    assert set(occurrences[0]) == {
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "found",
        "concept",
        "term",
        "status",
        "lang",
    }


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Xidmətinin", None),  # a lone inflected word of a longer name is not a name
        ("Dövlət Miqrasiya Xidmətinin", "inst.az.sms"),
        ("Türkiye'nin", "place.turkiye"),
        ("TURKIC COUNCIL", "org.turkic-states"),
        ("Başkanlığına", None),
    ],
)
def test_lookup_accepts_any_rendering(text, concept):
    result = invoke("termbase", "lookup", text, "--termbase", MINI, "--format", "json")
    if concept is None:
        assert result.exit_code == 2
        assert "no concept matches" in result.stderr
    else:
        assert result.exit_code == 0, result.stderr
        card = json.loads(result.stdout)["concepts"][0]
        assert card["id"] == concept
        assert set(card["terms"]) <= {"en", "az", "tr"}


def test_lookup_text_card():
    result = invoke("termbase", "lookup", "Türk Konseyi'nin", "--termbase", MINI)
    assert result.exit_code == 0
    assert "org.turkic-states" in result.stdout
    assert "Türk Konseyi" in result.stdout and "superseded, until 2021-11-12" in result.stdout


def test_stats():
    result = invoke("termbase", "stats", "--termbase", MINI, "--format", "json")
    data = json.loads(result.stdout)
    assert data["concepts"] == 12
    assert data["by_language"]["en"]["forbidden"] == 4


def test_rules_listing_and_docs():
    result = invoke("rules")
    assert "term-forbidden" in result.stdout and "untranslated-fragment" in result.stdout
    result = invoke("rules", "term-superseded")
    assert "document's date" in result.stdout
    assert invoke("rules", "nope").exit_code == 2


def test_version():
    assert invoke("--version").stdout.startswith("dilmac ")


def test_console_script_starts_without_heavy_imports(tmp_path):
    """`dilmac lint` must not import torch or transformers (MT is an optional extra)."""
    path = tmp_path / "one.en.txt"
    path.write_text("The Turkish Council met.\n", encoding="utf-8")
    env = {**os.environ, "DILMAC_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dilmac", "lint", str(path), "--termbase", MINI],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert not {
        m
        for m in imported
        if m.split(".")[0] in {"torch", "transformers", "ctranslate2", "docx", "lxml", "jsonschema"}
        # the web stack: only `dilmac serve` and the HTML report load it
        or m.split(".")[0] in {"starlette", "uvicorn", "multipart", "python_multipart", "jinja2", "markupsafe"}
        or m.startswith("dilmac.web")
    }
    assert "term-forbidden" in proc.stdout


def test_builtin_and_local_termbases_combine(tmp_path):
    local = tmp_path / "local.yaml"
    local.write_text(
        "concepts:\n"
        "  - id: local.press-office\n"
        "    domain: institutions\n"
        "    sources: ['Internal style guide, 2024']\n"
        "    terms:\n"
        "      en: [{text: Press Service, status: preferred}, {text: Press Bureau, status: forbidden}]\n",
        encoding="utf-8",
    )
    path = tmp_path / "d.en.txt"
    path.write_text("The Press Bureau said the Turkish Council met.\n", encoding="utf-8")
    result = invoke("lint", str(path), "--termbase", "builtin", "--termbase", str(local), "--format", "json")
    concepts = {f["concept"] for f in json.loads(result.stdout)["findings"]}
    assert {"local.press-office", "org.turkic-states"} <= concepts


def test_date_comes_from_front_matter_unless_given(tmp_path):
    path = tmp_path / "old.md"
    path.write_text("---\nlang: en\ndate: 2019-03-01\n---\nTurkey and the Turkic Council.\n", encoding="utf-8")
    assert invoke("lint", str(path), "--termbase", MINI).exit_code == 0
    result = invoke("lint", str(path), "--termbase", MINI, "--date", "2024-01-01", "--format", "json")
    assert [f["found"] for f in json.loads(result.stdout)["findings"]] == ["Turkey", "Turkic Council"]


def test_language_is_identified_when_nothing_declares_it(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(
        "Bu gün Dövlət Miqrasiya Xidmətinin sədri və onun müavinləri ilə görüş keçirilib.\n", encoding="utf-8"
    )
    result = invoke("lint", str(path), "--termbase", MINI, "--format", "json")
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["lang"] == "az" and finding["rule"] == "term-forbidden"


def test_docx_paragraphs_are_lines(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Press release")
    document.add_paragraph("The delegation met the Turkish Council in Baku.")
    path = tmp_path / "release.en.docx"
    document.save(path)
    result = invoke("lint", str(path), "--termbase", MINI, "--format", "json")
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["line"], finding["column"], finding["found"]) == (2, 24, "Turkish Council")


def test_html_lang_regions_are_checked_in_their_language(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        '<html lang="az"><body><p>Türk Şurasının iclası</p>\n'
        '<p lang="en">The <b>Turkish Council</b> met.</p><script>Turkish Council</script></body></html>\n',
        encoding="utf-8",
    )
    result = invoke("lint", str(path), "--termbase", MINI, "--date", "2024-01-01", "--format", "json")
    findings = [(f["lang"], f["rule"], f["line"], f["found"]) for f in json.loads(result.stdout)["findings"]]
    assert ("az", "term-superseded", 1, "Türk Şurasının") in findings
    assert ("en", "term-forbidden", 2, "Turkish Council</b>") in findings or (
        "en",
        "term-forbidden",
        2,
        "Turkish Council",
    ) in findings
    assert all(f[2] != 2 or f[0] == "en" for f in findings)


def test_invalid_utf8_is_an_input_error_with_the_byte_offset(tmp_path):
    path = tmp_path / "bad.en.txt"
    path.write_bytes(b"The Turkish Council\n" + b"\xff\xfe broken\n")
    result = invoke("lint", str(path), "--termbase", MINI)
    assert result.exit_code == 2
    assert "byte offset 20" in result.stderr and str(path) in result.stderr


def test_a_lang_region_is_not_an_untranslated_fragment(tmp_path):
    english = "The meeting was held in the capital on Monday and the sides discussed the plans."
    page = tmp_path / "page.html"
    page.write_text(
        f'<html lang="az"><body><p>Görüş keçirilib.</p><p lang="en">{english}</p></body></html>\n', encoding="utf-8"
    )
    unmarked = tmp_path / "unmarked.html"
    unmarked.write_text(
        f'<html lang="az"><body><p>Görüş keçirilib.</p><p>{english}</p></body></html>\n', encoding="utf-8"
    )

    def rules(path):
        return [
            f["rule"]
            for f in json.loads(invoke("lint", str(path), "--termbase", MINI, "--format", "json").stdout)["findings"]
        ]

    assert "untranslated-fragment" in rules(unmarked)
    assert "untranslated-fragment" not in rules(page)


def test_disable_a_rule(tmp_path):
    path = tmp_path / "d.en.txt"
    path.write_text("We went to Nakhichevan; the Turkish Council met.\n", encoding="utf-8")
    result = invoke("lint", str(path), "--termbase", MINI, "--disable", "term-forbidden", "--format", "json")
    assert result.exit_code == 0
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["term-deprecated"]
    result = invoke("lint", str(path), "--termbase", MINI, "--disable", "term-forbiden")
    assert result.exit_code == 2 and "--disable names no rule: term-forbiden" in result.stderr


def test_terms_lists_every_occurrence_whatever_rules_are_on(tmp_path):
    # With only term-forbidden on, lint verifies only forbidden names and what overlaps them;
    # the concordance must still list every name.
    from dilmac.rules import RULE_MODULES

    config = tmp_path / "dilmac.toml"
    config.write_text(
        "[rules]\n"
        + "".join(f'{name.replace("_", "-")} = "off"\n' for name in RULE_MODULES if name != "term_forbidden"),
        encoding="utf-8",
    )
    path = tmp_path / "c.tr.txt"
    path.write_text("Türkiye'nin ve\nGöç İdaresi Başkanlığına\n", encoding="utf-8")
    result = invoke("terms", str(path), "--termbase", MINI, "--format", "json", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert [o["found"] for o in json.loads(result.stdout)["occurrences"]] == ["Türkiye'nin", "Göç İdaresi Başkanlığına"]
