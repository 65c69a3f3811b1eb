"""Shared pytest fixtures."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import settings

# Shared CI machines stall at random; a per-example deadline would turn that into flaky failures.
settings.register_profile("dilmac", deadline=None)
settings.load_profile("dilmac")

# dilmac's interface would otherwise speak the tester's locale (LANG=tr_TR.UTF-8 …); the tests
# expect English unless they choose a language themselves (tests/core/test_i18n.py).
os.environ["DILMAC_UI_LANG"] = "en"

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
JS_DIR = REPO_ROOT / "tests" / "js"


@pytest.fixture(scope="session")
def builtin():
    """The shipped termbase, compiled once for the session."""
    from dilmac.match.compiled import load
    from dilmac.termbase.model import builtin_dir

    return load([builtin_dir()])


@pytest.fixture(scope="session")
def locked_constraints(tmp_path_factory) -> Path:
    """requirements/runtime.txt as a pip constraints file (its `name==version` lines, not the
    hashes). With PIP_CONSTRAINT set to it, installs that resolve dependencies themselves
    (pre-commit's hook environment, a git URL) get the locked versions, the isolated build's
    setuptools included, so a new release elsewhere cannot change what the tests run."""
    lock = (REPO_ROOT / "requirements" / "runtime.txt").read_text(encoding="utf-8")
    pins = [line.split()[0] for line in lock.splitlines() if "==" in line and not line.startswith((" ", "#"))]
    path = tmp_path_factory.mktemp("lock") / "constraints.txt"
    path.write_text("\n".join(pins) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real test data folder, ``<repo>/../shared/data`` (see its SOURCES.md).

    Skips the test when the folder is absent, unless DILMAC_REQUIRE_DATA=1 (CI), where a
    missing folder is a failure instead.
    """
    if SHARED_DATA.is_dir():
        return SHARED_DATA
    reason = f"shared test data not found at {SHARED_DATA}"
    if os.environ.get("DILMAC_REQUIRE_DATA") == "1":
        pytest.fail(reason + " (DILMAC_REQUIRE_DATA=1)")
    pytest.skip(reason + " (set DILMAC_REQUIRE_DATA=1 to make this a failure)")


def _installed_matches_lockfile() -> bool:
    """npm records what it installed in node_modules/.package-lock.json; compare the packages."""
    installed = JS_DIR / "node_modules" / ".package-lock.json"
    if not installed.is_file():
        return False
    wanted = json.loads((JS_DIR / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    have = json.loads(installed.read_text(encoding="utf-8"))["packages"]
    strip = ("version", "integrity")
    return {k: tuple(v.get(f) for f in strip) for k, v in wanted.items() if k} == {
        k: tuple(v.get(f) for f in strip) for k, v in have.items()
    }


@pytest.fixture(scope="session")
def js_libs() -> Path:
    """tests/js/node_modules at the lockfile's versions (`npm ci` when not installed yet): the
    JavaScript consumers of export-json and the official SARIF schema."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        reason = f"{' and '.join(missing)} not found: the JavaScript libraries cannot be run"
        if os.environ.get("DILMAC_REQUIRE_DATA") == "1":
            pytest.fail(reason + " (DILMAC_REQUIRE_DATA=1)")
        pytest.skip(reason + " (set DILMAC_REQUIRE_DATA=1 to make this a failure)")
    if not _installed_matches_lockfile():
        done = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=JS_DIR, capture_output=True, text=True, timeout=600
        )
        if done.returncode != 0:
            pytest.fail(f"npm ci in {JS_DIR} failed:\n{done.stdout}\n{done.stderr}")
    return JS_DIR
