"""`dilmac termbase validate`: each check on a small broken termbase, with file:line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.lint.termbase_validation import validate

TODAY = date(2026, 11, 22)

GOOD = """\
concepts:
  - id: place.baku
    domain: countries-and-places
    sources: ["Constitution of the Republic of Azerbaijan, 1995"]
    terms:
      en: [{text: Baku, status: preferred}, {text: Baky, status: forbidden}]
      az: [{text: Bakı, status: preferred}]
    examples:
      en: {ok: ["We met in Baku."], bad: ["We met in Baky."]}
"""


def problems_of(tmp_path: Path, text: str, name: str = "tb.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    found, _count = validate([path], TODAY)
    return [f"{p.line}:{p.check}:{p.message}" for p in found]


def test_good_termbase_has_no_problems(tmp_path):
    assert problems_of(tmp_path, GOOD) == []


def test_yaml_syntax_error_names_the_line(tmp_path):
    text = GOOD.replace("    domain: countries-and-places\n", "    domain: [unclosed\n")
    [problem] = problems_of(tmp_path, text)
    assert problem.split(":")[1] == "syntax"


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "status: preferred}, {text: Baky",
            "status: favourite}, {text: Baky",
            6,
            "'favourite' is not one of preferred, admitted, deprecated, superseded, forbidden",
        ),
        ("{text: Bakı, status: preferred}", "{text: Bakı, status: preferred, from: 2024-13-01}", 7, "not a date"),
        ("    sources:", "    colour: red\n    sources:", 2, "Additional properties are not allowed ('colour'"),
        ("id: place.baku", "id: Place Baku", 2, "does not match"),
    ],
)
def test_schema_errors_point_at_the_line(tmp_path, old, new, line, message):
    [problem] = problems_of(tmp_path, GOOD.replace(old, new))
    got_line, check, text = problem.split(":", 2)
    assert check == "schema"
    assert int(got_line) == line
    assert message in text


def test_duplicate_ids(tmp_path):
    result = problems_of(
        tmp_path,
        GOOD
        + GOOD.split("concepts:\n", 1)[1]
        .replace("Baku", "Baku City")
        .replace("Bakı", "Bakı şəhəri")
        .replace("Baky", "Bakky"),
    )
    assert any(":duplicate-id:id place.baku is already used at" in p for p in result)


def test_shared_form_between_concepts(tmp_path):
    other = """\
  - id: place.baku-city
    domain: countries-and-places
    sources: ["City charter, 2001"]
    terms:
      en: [{text: BAKU, status: preferred}]
"""
    result = problems_of(tmp_path, GOOD + other)
    assert sum(":shared-form:" in p for p in result) == 2


def test_language_without_a_preferred_term_today(tmp_path):
    text = GOOD.replace("{text: Bakı, status: preferred}", "{text: Bakı, status: preferred, until: 2020-01-01}")
    assert any("no-preferred:place.baku: no preferred az term is valid today" in p for p in problems_of(tmp_path, text))


def test_inverted_and_overlapping_dates(tmp_path):
    text = GOOD.replace(
        "az: [{text: Bakı, status: preferred}]",
        "az: [{text: Bakı, status: preferred, from: 2001-01-01}, "
        "{text: Baki, status: preferred, from: 2020-01-01, until: 2010-01-01}]",
    )
    result = problems_of(tmp_path, text)
    assert any("'from' 2020-01-01 is not before 'until' 2010-01-01" in p for p in result)
    assert any("overlap in time" in p for p in result)


def test_mixed_scripts_in_a_term(tmp_path):
    text = GOOD.replace("{text: Bakı, status: preferred}", "{text: Bakı Sәhәri, status: preferred}")
    [problem] = [p for p in problems_of(tmp_path, text) if ":script:" in p]
    assert "CYRILLIC SMALL LETTER SCHWA" in problem


def test_examples_are_run(tmp_path):
    text = GOOD.replace(
        'ok: ["We met in Baku."], bad: ["We met in Baky."]', 'ok: ["We met in Baky."], bad: ["We met in Baku."]'
    )
    result = problems_of(tmp_path, text)
    assert any("examples:place.baku: bad en example gives no finding: 'We met in Baku.'" in p for p in result)
    assert any("examples:place.baku: ok en example gives findings: [term-forbidden]" in p for p in result)


def test_unknown_references(tmp_path):
    text = GOOD.replace("    sources:", "    see: [place.nowhere]\n    sources:")
    assert any(":unknown-reference:" in p for p in problems_of(tmp_path, text))


def test_cli_exit_codes(tmp_path):
    runner = CliRunner()
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["termbase", "validate", "--termbase", str(good)])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip() == "1 concepts checked: ok"
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("status: preferred}, {text: Baky", "status: favourite}, {text: Baky"), encoding="utf-8")
    result = runner.invoke(app, ["termbase", "validate", "--termbase", str(bad)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{bad}:6: [schema] place.baku: terms/en/0/status: 'favourite' is not one of")
