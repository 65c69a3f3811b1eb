"""Recall/precision floors of dilmac.language.morph on real annotated data (benchmarks/morph_recall.py).

The floors are measured, not wished for: UD Turkish BOUN test recall 0.977, precision 0.954;
UniMorph Azerbaijani nominal recall 0.999, precision 0.998 (see the benchmark docstring for
what is counted). They leave a small margin for harmless changes and catch real regressions.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "morph_recall.py"

FLOORS = {
    # file: (recall floor, precision floor)
    "tr_boun-ud-test.conllu": (0.97, 0.94),
    "aze": (0.99, 0.99),
}


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("morph_recall", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def morph_data(shared_data: Path) -> Path:
    folder = shared_data / "morph"
    missing = [name for name in FLOORS if not (folder / name).is_file()]
    assert not missing, f"missing data files under {folder}: {missing}"
    return folder


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_floors(bench, morph_data: Path, name: str) -> None:
    recall_floor, precision_floor = FLOORS[name]
    result = bench.measure(morph_data / name, failures=15)
    assert result["forms"] > 1000, result
    assert result["recall"] >= recall_floor, (
        f"{name}: recall {result['recall']:.4f} < {recall_floor}; missed: {result.get('missed')}"
    )
    assert result["precision"] >= precision_floor, (
        f"{name}: precision {result['precision']:.4f} < {precision_floor}; false: {result.get('false_predictions')}"
    )
    # The same floors through the real matcher, with a termbase made of the lemmas.
    assert result["matcher_recall"] >= recall_floor, f"{name}: matcher recall {result['matcher_recall']:.4f}"
    assert result["matcher_precision"] >= precision_floor, (
        f"{name}: matcher precision {result['matcher_precision']:.4f}"
    )


def test_json_output(bench, morph_data: Path, capsys) -> None:
    assert bench.main(["--json", str(morph_data / "aze")]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["file"] == "aze" and 0.0 <= rows[0]["recall"] <= 1.0
    assert {"precision", "predictions", "forms", "skipped"} <= set(rows[0])
