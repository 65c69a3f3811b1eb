"""Fixtures of the catalog tests."""

from __future__ import annotations

import os
import shutil

import pytest


@pytest.fixture(scope="session")
def gnu_gettext() -> str:
    """The directory of GNU msgfmt and msgmerge (Debian package gettext, which .ci/run installs).

    Skips the test when they are absent, unless DILMAC_REQUIRE_DATA=1 (CI): then it fails.
    """
    msgfmt, msgmerge = shutil.which("msgfmt"), shutil.which("msgmerge")
    if msgfmt and msgmerge:
        return os.path.dirname(msgfmt)
    reason = "GNU gettext (msgfmt, msgmerge) is not installed: apt-get install gettext"
    if os.environ.get("DILMAC_REQUIRE_DATA") == "1":
        pytest.fail(reason + " (DILMAC_REQUIRE_DATA=1)")
    pytest.skip(reason + " (set DILMAC_REQUIRE_DATA=1 to make this a failure)")
