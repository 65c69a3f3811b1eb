"""The desk over the shipped termbase, and a client that talks to its application in-process."""

from __future__ import annotations

import pytest


@pytest.fixture
def desk(builtin, tmp_path):
    from dilmac.rules import load_rules
    from dilmac.web.desk import Desk

    root = tmp_path / "desk"
    root.mkdir()
    return Desk(builtin, load_rules(), None, root=root, max_upload=200_000)


@pytest.fixture
def client(desk):
    from starlette.testclient import TestClient

    from dilmac.web.app import create_app

    with TestClient(create_app(desk), base_url="http://127.0.0.1:8000") as client:
        yield client
