"""Big catalogs lint in bounded memory (benchmarks/big_files.py's generators and child-process
measure, streamed above 1 MiB so that the files stay small): three times the messages, about
the same peak. A memory bound, not a timing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _big_files():
    spec = importlib.util.spec_from_file_location("big_files", BENCHMARKS / "big_files.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", ["po", "xliff"])
def test_a_catalog_three_times_larger_needs_about_the_same_memory(tmp_path, kind):
    """20 000 → 60 000 messages, streamed: every planted deprecated rendering reported, and the
    peak grows by less than 25 MB. (Before the summary went to disk, a PO catalog grew by about
    1 KB a message, +40 MB here; an XLIFF file read whole costs several KB a unit.) What growth
    remains is the per-word caches filling up to their bounds: every message has a new number."""
    big_files = _big_files()
    rows = []
    for entries in (20_000, 60_000):
        if kind == "po":
            path = tmp_path / "big.tr.po"
            planted = big_files.write_po(path, entries)
        else:
            path = tmp_path / "big.xlf"
            planted = big_files.write_xliff(path, entries)
        row = big_files.lint(path, stream_above=1 << 20)
        path.unlink()
        assert row["by_rule"] == {"term-wrong": planted} and planted == entries // 10_000, row
        rows.append(row)
    small, large = rows
    assert large["file_mb"] > 2.9 * small["file_mb"]
    assert large["peak_rss_mb"] - small["peak_rss_mb"] < 25, rows
