"""The import contracts of pyproject.toml hold, and a broken one fails with a message naming it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(package_parent: Path, cwd: Path) -> subprocess.CompletedProcess:
    # lint-imports finds `dilmac` on sys.path: the copy under test, not the installed package.
    env = {"PYTHONPATH": str(package_parent), "PATH": "/usr/bin:/bin"}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True)


def test_the_package_keeps_its_contracts(tmp_path):
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    done = _lint_imports(REPO / "toolkit", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_an_import_from_a_lower_stage_to_a_higher_one_fails_and_is_named(tmp_path):
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    copy = tmp_path / "src"
    shutil.copytree(REPO / "toolkit" / "dilmac", copy / "dilmac", ignore=shutil.ignore_patterns("__pycache__"))
    model = copy / "dilmac" / "termbase" / "model.py"
    model.write_text(
        model.read_text(encoding="utf-8") + "\nfrom dilmac.lint import pipeline  # noqa\n", encoding="utf-8"
    )
    done = _lint_imports(copy, tmp_path)
    assert done.returncode == 1
    assert "Stages import only the stages below them BROKEN" in done.stdout
    assert "dilmac.termbase.model -> dilmac.lint.pipeline" in done.stdout


def test_a_rule_importing_another_rule_fails(tmp_path):
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    copy = tmp_path / "src"
    shutil.copytree(REPO / "toolkit" / "dilmac", copy / "dilmac", ignore=shutil.ignore_patterns("__pycache__"))
    rule = copy / "dilmac" / "rules" / "term_casing.py"
    rule.write_text(
        rule.read_text(encoding="utf-8") + "\nfrom dilmac.rules import term_forbidden  # noqa\n", encoding="utf-8"
    )
    done = _lint_imports(copy, tmp_path)
    assert done.returncode == 1
    assert "Each rule is one module" in done.stdout and "BROKEN" in done.stdout
    assert "dilmac.rules.term_casing -> dilmac.rules.term_forbidden" in done.stdout
