"""The linter on reviewed real press releases (issue 13, ../shared/data/press): the targets of
benchmarks/press_precision.py hold. Every reviewed true finding is still reported, no reviewed
false alarm is left, every warning and error has a verdict (the shared reviews or ours in
benchmarks/press-review.tsv), precision of warnings and errors is at least 95 %, and at least
half of the errors listed in missed.tsv are caught.

Skips without ../shared (fails under DILMAC_REQUIRE_DATA=1, see tests/conftest.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def result(shared_data):
    spec = importlib.util.spec_from_file_location("press_precision", BENCHMARKS / "press_precision.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["press_precision"] = module  # dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module.evaluate(shared_data / "press")


def test_every_reviewed_true_finding_is_kept(result):
    assert [(r.file, r.line, r.rule, r.found) for r in result.reviewed_tp_lost] == []


def test_no_reviewed_false_alarm_is_left(result):
    assert [(r.file, r.line, r.rule, r.found) for r in result.reviewed_fp_left] == []


def test_every_warning_and_error_is_reviewed(result):
    unreviewed = [(file, f.line, f.column, f.rule, f.found) for file, f, review in result.counted() if review is None]
    assert unreviewed == [], "review them in benchmarks/press-review.tsv"


def test_precision_of_warnings_and_errors(result):
    tp, fp, _unreviewed = result.precision()
    assert tp + fp > 0
    assert tp / (tp + fp) >= 0.95, f"{tp} TP, {fp} FP"


def test_half_of_the_misses_are_caught(result):
    caught, total = result.misses_caught()
    assert total > 0 and caught * 2 >= total, f"{caught} of {total} rows of missed.tsv caught"
