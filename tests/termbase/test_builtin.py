"""`builtin`: the shipped termbase, found as the data package dilmac.termbase.builtin."""

from __future__ import annotations

import zipfile
from importlib import resources
from pathlib import Path

import pytest

from dilmac.core.errors import DilmacError
from dilmac.termbase import model

REPO = Path(__file__).resolve().parents[2]


def test_in_a_checkout_builtin_is_the_repositorys_termbase_folder():
    """pyproject.toml maps the data package to termbase/, so the editable install reads the very
    files a developer edits (tests/test_install.py checks the same for an installed wheel)."""
    assert model.builtin_dir() == REPO / "termbase"
    assert model.resolve_termbase_args(None) == model.resolve_termbase_args(["builtin"]) == [model.builtin_dir()]
    assert (model.builtin_dir() / "schema.json").is_file() and model.termbase_files([model.builtin_dir()])


def test_a_termbase_inside_an_archive_is_a_clear_error(tmp_path, monkeypatch):
    archive = tmp_path / "dilmac.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("dilmac/termbase/builtin/schema.json", "{}")
    monkeypatch.setattr(resources, "files", lambda package: zipfile.Path(archive, "dilmac/termbase/builtin/"))
    model.builtin_dir.cache_clear()
    try:
        with pytest.raises(DilmacError, match="inside an archive") as error:
            model.builtin_dir()
        assert "--termbase" in error.value.hint
    finally:
        model.builtin_dir.cache_clear()
