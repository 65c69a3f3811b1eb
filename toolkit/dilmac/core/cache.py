"""dilmac's disk cache: pickles of what is costly to build (the compiled termbase, morphology
tables) under DILMAC_CACHE_DIR, else $XDG_CACHE_HOME/dilmac or ~/.cache/dilmac.

Entries are named by a hash of what they were built from, so a stale entry is never read; writes
are atomic (temp file + rename). A cache that cannot be read or written only costs speed.

Each entry starts with a SHA-256 digest of its pickle, checked before unpickling: a corrupted
entry (a bad disk, a half-copied folder) is discarded and rebuilt, with a notice on the
"dilmac" logger (shown with -v), never unpickled (a random corruption made pickle ask for
gigabytes). The digest is no defence against someone who can write the folder: point
DILMAC_CACHE_DIR only at private folders.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import tempfile
import time
from pathlib import Path

from dilmac import __version__

MAGIC = b"dilmac-cache 1\n"
USED_MARK_EVERY = 3600  # seconds: how fresh an entry's "used" mark (its modification time) is kept
_log = logging.getLogger("dilmac.cache")


def cache_dir() -> Path:
    explicit = os.environ.get("DILMAC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dilmac"


def enabled() -> bool:
    return not os.environ.get("DILMAC_NO_CACHE")


def source_key(*paths: Path) -> str:
    """A short hash of dilmac's version and the bytes of `paths`."""
    digest = hashlib.sha256(__version__.encode())
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def load_pickle(name: str) -> object | None:
    """The entry `name`, or None. Reading one marks it as used (its modification time), which
    is what `store_pickle(..., keep=N)` goes by."""
    if not enabled():
        return None
    path = cache_dir() / name
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + hashlib.sha256().digest_size
    payload = memoryview(data)[head:]
    if data[: len(MAGIC)] != MAGIC or hashlib.sha256(payload).digest() != data[len(MAGIC) : head]:
        _discard(path, "its checksum does not match (the file is damaged)")
        return None
    # The collector would walk the heap again and again while a few hundred thousand objects
    # are made (a third of the load time); none of them is garbage yet.
    collecting = gc.isenabled()
    gc.disable()
    try:
        value = pickle.loads(payload)
    except Exception as exc:  # a class that moved or changed since it was written
        _discard(path, f"it cannot be read ({type(exc).__name__})")
        return None
    finally:
        if collecting:
            gc.enable()
    try:
        # Marked at most once an hour: the mark orders entries for `keep`, and writing it costs
        # a start-up several milliseconds on some file systems.
        if time.time() - os.stat(path).st_mtime > USED_MARK_EVERY:
            os.utime(path)
    except OSError:
        pass
    return value


def _discard(path: Path, why: str) -> None:
    _log.info("cache entry %s discarded and rebuilt: %s", path, why)
    try:
        path.unlink()
    except OSError:
        pass


def store_pickle(name: str, value: object, *, replaces: str | None = None, keep: int = 0) -> None:
    """Write `value` as `name`; with `replaces`, remove the other entries whose names start with
    it (earlier versions of the same thing), all of them, or with `keep` all but the `keep`
    used last (entries of the same kind that different projects use side by side)."""
    if not enabled():
        return
    directory = cache_dir()
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".pickle")
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + hashlib.sha256(payload).digest())
            handle.write(payload)
        os.replace(tmp, directory / name)
        if replaces:
            others = [old for old in directory.glob(f"{replaces}*.pickle") if old.name != name]
            if keep:
                others.sort(key=lambda old: old.stat().st_mtime, reverse=True)
                others = others[keep - 1 :]  # `name` itself is the newest
            for old in others:
                old.unlink(missing_ok=True)
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
