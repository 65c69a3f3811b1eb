"""sqlfluff-style rule fixtures: every file in tests/rules/ holds pass/fail cases for one rule.

A case runs the whole linter (reader, matcher, all rules) on its text and compares the
findings OF THAT RULE, in order, with `expect` (an empty list means the text must pass). Keys
given in an expectation must match the finding's JSON; keys left out are not compared. A case
may name its own `termbase` (e.g. `builtin`, for the fixes users saw on real press releases).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest
import yaml

from dilmac.lint.pipeline import lint_text
from dilmac.match.compiled import Compiled, load
from dilmac.rules import load_rules
from dilmac.termbase.model import Termbase, builtin_dir, concepts_from_data

CASES_DIR = Path(__file__).parent
DEFAULT_DAY = date(2026, 11, 22)


def _case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yaml"))


@cache
def _compiled_for(path: Path, termbase: str | None = None) -> Compiled:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    inline = termbase or data.get("termbase", "builtin")
    if inline == "builtin":
        return load([builtin_dir()], use_cache=False)
    if isinstance(inline, str):  # a termbase file, relative to the fixture
        return load([(path.parent / inline).resolve()], use_cache=False)
    # Dates in an inline termbase are written unquoted; the loader wants ISO strings.
    concepts = [_stringify_dates(c) for c in inline]
    return Compiled.build(Termbase(concepts_from_data(path, {"concepts": concepts}), [path]))


def _stringify_dates(value):
    if isinstance(value, dict):
        return {k: _stringify_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_dates(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _cases():
    for path in _case_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(path, data["rule"], case, id=f"{data['rule']}: {case['name']}")


@pytest.mark.parametrize(("path", "rule", "case"), list(_cases()))
def test_rule_case(path: Path, rule: str, case: dict) -> None:
    compiled = _compiled_for(path, case.get("termbase"))
    day = case.get("date", DEFAULT_DAY)
    findings = lint_text(case["text"], compiled, lang=case["lang"], day=day, kind=case.get("kind", "text"))
    got = [f.to_json() for f in findings if f.rule == rule]
    expected = case.get("expect") or []
    assert len(got) == len(expected), f"expected {len(expected)} {rule} finding(s), got: {got}"
    for want, have in zip(expected, got):
        for field, value in want.items():
            assert have[field] == value, f"{field}: expected {value!r}, got {have[field]!r} in {have}"


def test_every_rule_has_fixtures_with_passes_and_failures() -> None:
    by_rule = {}
    for path in _case_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert path.stem == data["rule"], f"{path.name} must be named after its rule"
        by_rule[data["rule"]] = data["cases"]
    for module in load_rules():
        cases = by_rule.get(module.ID)
        assert cases, f"no fixture file tests/rules/{module.ID}.yaml"
        assert any(not c.get("expect") for c in cases), f"{module.ID}: no passing case"
        assert any(c.get("expect") for c in cases), f"{module.ID}: no failing case"


def test_every_rule_is_documented() -> None:
    for module in load_rules():
        doc = (module.__doc__ or "").strip()
        assert doc.startswith(f"{module.ID}:"), f"{module.__name__}: docstring must start with its id"
        assert len(doc.splitlines()) >= 5, f"{module.ID}: document what it flags, why, and an example"
        assert module.__name__.rsplit(".", 1)[-1] == module.ID.replace("-", "_")
