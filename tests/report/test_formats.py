"""CI output formats of `dilmac lint`: SARIF 2.1.0 (checked against the official schema),
GitHub Actions annotations and JUnit XML."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app

MINI = str(Path(__file__).parents[1] / "data" / "termbase-mini.yaml")
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
runner = CliRunner()


def lint(*args: str):
    return runner.invoke(app, ["lint", "--termbase", MINI, "--date", "2024-05-01", *args])


@pytest.fixture()
def drafts(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "draft.en.txt").write_text(
        "Intro line.\nThe Türkiye delegation met the Turkish Council in Baku, 50% of it.\n", encoding="utf-8"
    )
    (tmp_path / "news" / "clean.en.txt").write_text("Nothing to see here.\n", encoding="utf-8")
    (tmp_path / "news" / "broken.en.txt").write_bytes(b"caf\xe9 au lait\n")
    return tmp_path


@pytest.fixture(scope="session")
def sarif_schema(js_libs: Path) -> dict:
    path = js_libs / "node_modules" / "@microsoft" / "jest-sarif" / "lib" / "schemas" / "sarif-2.1.0-rtm.5.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_sarif_is_valid_against_the_official_schema(drafts, sarif_schema):
    result = lint("news", "--format", "sarif")
    assert result.exit_code == 2  # the broken file is an input error
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    (forbidden,) = [r for r in run["results"] if r["ruleId"] == "term-forbidden"]
    assert rules[forbidden["ruleIndex"]] == "term-forbidden"
    assert forbidden["level"] == "error"
    location = forbidden["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "news/draft.en.txt", "uriBaseId": "SRCROOT"}
    assert location["region"]["startLine"] == 2 and location["region"]["startColumn"] == 32
    assert location["region"]["snippet"]["text"] == "Turkish Council"
    replacement = forbidden["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == "Organization of Turkic States"
    (notification,) = run["invocations"][0]["toolExecutionNotifications"]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert "UTF-8" in notification["message"]["text"]
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "news/broken.en.txt"


def test_sarif_of_every_sample_is_valid(sarif_schema, monkeypatch):
    monkeypatch.chdir(SAMPLES.parent)
    result = runner.invoke(app, ["lint", "samples", "--format", "sarif"])
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    results = log["runs"][0]["results"]
    assert len(results) >= 10
    prints = [r["partialFingerprints"]["dilmacFinding/v1"] for r in results]
    assert all(len(p) == 32 for p in prints)


def test_sarif_fingerprints_survive_edits_elsewhere(drafts):
    before = json.loads(lint("news/draft.en.txt", "--format", "sarif").stdout)["runs"][0]["results"]
    path = drafts / "news" / "draft.en.txt"
    path.write_text("A new first paragraph.\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    after = json.loads(lint("news/draft.en.txt", "--format", "sarif").stdout)["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] == [4]
    assert [r["partialFingerprints"] for r in after] == [r["partialFingerprints"] for r in before]


def test_github_annotations(drafts):
    result = lint("news", "--format", "github")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=news/draft.en.txt,line=2,col=32,endLine=2,endColumn=47,title=term-forbidden::"
        "“Turkish Council” must not be used for “Organization of Turkic States” "
        "(“Turkish” refers to Türkiye) → Organization of Turkic States"
    )
    assert lines[-1].startswith("::error file=news/broken.en.txt,line=1::")
    assert result.stderr == ""  # the annotations carry the errors


def test_github_escapes_what_the_runner_would_parse():
    from dilmac.report import github

    assert github._data("50% done\nnext") == "50%25 done%0Anext"
    assert github._property("a:b,c") == "a%3Ab%2Cc"


def test_junit_xml(drafts):
    result = lint("news", "--format", "junit")
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    draft = suites[os.path.join("news", "draft.en.txt")]
    (case,) = draft.findall("testcase")
    assert case.get("classname") == "dilmac.term-forbidden"
    assert "suggestion: Organization of Turkic States" in case.find("failure").text
    clean = suites[os.path.join("news", "clean.en.txt")]
    assert clean.find("testcase/failure") is None
    assert suites["input errors"].find("testcase/error") is not None


def test_junit_survives_characters_xml_cannot_carry(tmp_path):
    from dilmac.core.findings import Finding, Severity
    from dilmac.lint.pipeline import FileResult, Run
    from dilmac.report.junit import junit

    finding = Finding(
        path="x.txt",
        start=0,
        end=3,
        rule="mixed-script",
        severity=Severity.WARNING,
        message="bad \x0c char",
        found="a\x00b",
    )
    xml = ET.tostring(junit(Run(files=[FileResult(path="x.txt", findings=[finding])])), encoding="unicode")
    failure = ET.fromstring(xml).find("testsuite/testcase/failure")
    assert failure.get("message") == "bad \\x0c char"  # escaped, visible
    assert "found: a\\x00b" in failure.text


def test_unknown_format_is_a_usage_error(drafts):
    result = lint("news", "--format", "xml")
    assert result.exit_code == 2
