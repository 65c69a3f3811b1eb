"""The disk cache: compiled termbases and morphology tables are built once, read back by later
processes, and a broken or stale entry only costs the time to build it again."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROBE = (
    "from dilmac.language import morph; "
    "print(morph.suffix_ok('az', 'xidmət', 'xidmətinin'), morph.suffix_ok('tr', 'başkanlık', 'başkanlığına'))"
)


def run_probe(cache: Path) -> str:
    env = {**os.environ, "DILMAC_CACHE_DIR": str(cache)}
    env.pop("DILMAC_NO_CACHE", None)
    return subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_morphology_tables_are_cached_per_language(tmp_path):
    assert run_probe(tmp_path) == "True True"
    stored = sorted(p.name.split("-")[1] for p in tmp_path.glob("morph-*.pickle"))
    assert stored == ["az", "tr"]
    assert run_probe(tmp_path) == "True True"  # read back


def test_a_broken_cache_entry_is_rebuilt(tmp_path):
    run_probe(tmp_path)
    for entry in tmp_path.glob("morph-*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert run_probe(tmp_path) == "True True"
    assert all(entry.read_bytes() != b"not a pickle" for entry in tmp_path.glob("morph-*.pickle"))


def test_older_versions_of_the_tables_are_removed(tmp_path):
    stale = tmp_path / "morph-az-0000.pickle"
    stale.write_bytes(b"old")
    run_probe(tmp_path)
    assert not stale.exists()


def test_cached_tables_equal_built_ones(tmp_path, monkeypatch):
    from dilmac.language import morph

    monkeypatch.setenv("DILMAC_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("DILMAC_NO_CACHE", raising=False)
    monkeypatch.setattr(morph, "_TABLES", {})
    monkeypatch.setattr(morph, "_TABLES_READ", set())
    built = morph._tables("tr", None, True)  # builds and stores
    monkeypatch.setattr(morph, "_TABLES", {})
    monkeypatch.setattr(morph, "_TABLES_READ", set())
    assert morph._tables("tr", None, True) == built  # read from the cache


def test_compiled_termbase_is_cached_and_a_broken_entry_rebuilt(tmp_path, monkeypatch):
    from dilmac.match import compiled
    from dilmac.termbase.model import builtin_dir

    monkeypatch.setenv("DILMAC_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("DILMAC_NO_CACHE", raising=False)
    first = compiled.load([builtin_dir()])
    (entry,) = tmp_path.glob("termbase-*.pickle")
    again = compiled.load([builtin_dir()])
    assert again is not first and len(again.termbase.concepts) == len(first.termbase.concepts)
    entry.write_bytes(b"\x80garbage")
    assert len(compiled.load([builtin_dir()]).termbase.concepts) == len(first.termbase.concepts)


def test_only_the_compiled_termbases_used_last_are_kept(tmp_path, monkeypatch):
    # Every termbase edit or upgrade makes a new entry; the cache keeps the few used last.
    from dilmac.match import compiled
    from dilmac.termbase.model import builtin_dir

    monkeypatch.setenv("DILMAC_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("DILMAC_NO_CACHE", raising=False)
    stale = [tmp_path / f"termbase-{i:032d}.pickle" for i in range(compiled.KEEP_COMPILED + 3)]
    for age, entry in enumerate(stale):
        entry.write_bytes(b"old")
        os.utime(entry, (1_000_000 + age, 1_000_000 + age))  # the last one used most recently
    used = stale[0]
    os.utime(used, (2_000_000, 2_000_000))  # ...but this one was read after all
    unrelated = tmp_path / "morph-az-0000.pickle"
    unrelated.write_bytes(b"x")
    compiled.load([builtin_dir()])
    kept = sorted(p.name for p in tmp_path.glob("termbase-*.pickle"))
    assert len(kept) == compiled.KEEP_COMPILED
    assert used.name in kept and stale[-1].name in kept and stale[1].name not in kept
    assert unrelated.exists()


def test_reading_an_entry_marks_it_used(tmp_path, monkeypatch):
    from dilmac.core import cache

    monkeypatch.setenv("DILMAC_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("DILMAC_NO_CACHE", raising=False)
    cache.store_pickle("termbase-x.pickle", {"a": 1})
    entry = tmp_path / "termbase-x.pickle"
    os.utime(entry, (1_000_000, 1_000_000))
    assert cache.load_pickle("termbase-x.pickle") == {"a": 1}
    assert entry.stat().st_mtime > 1_000_000


def test_an_entry_marked_used_within_the_hour_is_not_written_again(tmp_path, monkeypatch):
    # (writing the mark cost every start-up several milliseconds)
    from dilmac.core import cache

    monkeypatch.setenv("DILMAC_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("DILMAC_NO_CACHE", raising=False)
    cache.store_pickle("termbase-x.pickle", {"a": 1})
    entry = tmp_path / "termbase-x.pickle"
    recent = time.time() - cache.USED_MARK_EVERY / 2
    os.utime(entry, (recent, recent))
    assert cache.load_pickle("termbase-x.pickle") == {"a": 1}
    assert entry.stat().st_mtime == pytest.approx(recent)
