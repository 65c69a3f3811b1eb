"""`dilmac lint --jobs N`: files linted in worker processes, output byte for byte as with one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dilmac.cli.main import app
from dilmac.lint.pipeline import lint_paths
from dilmac.match import compiled as compiled_module
from dilmac.termbase.model import builtin_dir

REPO = Path(__file__).resolve().parents[2]


def lint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dilmac", "lint", *args], capture_output=True, timeout=900)


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_samples_give_the_same_bytes_with_any_number_of_jobs(output_format):
    paths = [str(REPO / "samples"), str(REPO / "tests" / "data")]
    one = lint("--format", output_format, *paths)
    assert one.returncode in (1, 2) and one.stdout
    for jobs in ("3", "0"):
        many = lint("--format", output_format, "--jobs", jobs, *paths)
        assert (many.returncode, many.stdout, many.stderr) == (one.returncode, one.stdout, one.stderr), jobs


def test_shared_data_gives_the_same_bytes_with_two_jobs(shared_data):
    """Real catalogs too, whose checks across catalogs run after the workers are done."""
    one = lint(
        "--format",
        "json",
        "--lang",
        "tr",
        str(shared_data / "po"),
        str(shared_data / "xliff"),
        str(shared_data / "news"),
    )
    many = lint(
        "--format",
        "json",
        "--lang",
        "tr",
        "--jobs",
        "2",
        str(shared_data / "po"),
        str(shared_data / "xliff"),
        str(shared_data / "news"),
    )
    assert b'"translation-inconsistent"' in one.stdout or b'"term-' in one.stdout
    assert (many.returncode, many.stdout, many.stderr) == (one.returncode, one.stdout, one.stderr)


def test_results_come_back_in_input_order_with_errors_and_skips(tmp_path):
    compiled = compiled_module.load([builtin_dir()])
    for n in range(12):
        (tmp_path / f"{n:02}.en.txt").write_text(f"Note {n}: the Turkish Council met.\n", encoding="utf-8")
    (tmp_path / "05.en.txt").write_bytes(b"bad \xff byte\n")
    (tmp_path / "07.en.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    serial = lint_paths([tmp_path], compiled)
    parallel = lint_paths([tmp_path], compiled, jobs=3)
    assert [r.path for r in parallel.files] == [r.path for r in serial.files]
    assert [f.to_json() for f in parallel.findings] == [f.to_json() for f in serial.findings]
    assert [str(e) for e in parallel.errors] == [str(e) for e in serial.errors]
    assert [r.path[-9:] for r in parallel.files if r.skipped] == ["07.en.txt"]
    assert len(parallel.findings) == 10


def test_negative_jobs_is_a_usage_error(tmp_path):
    path = tmp_path / "a.en.txt"
    path.write_text("Baku.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["lint", "--jobs", "-1", str(path)])
    assert result.exit_code == 2 and "--jobs -1" in result.stderr and "hint:" in result.stderr
