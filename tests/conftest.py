"""Shared pytest fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Shared CI machines stall at random; a per-example deadline would turn that into flaky failures.
settings.register_profile("dilmac", deadline=None)
settings.load_profile("dilmac")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


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
