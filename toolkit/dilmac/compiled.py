"""The termbase and its term index, compiled once and cached on disk by content hash.

Parsing YAML and building the automaton cost more than linting a short file, so the CLI loads a
pickle keyed by the termbase files' bytes and the matcher's own code. A cache that cannot be
written (read-only home) only costs speed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dilmac import __version__
from dilmac.matcher import TermIndex
from dilmac.termbase import Termbase, termbase_files



@dataclass
class Compiled:
    termbase: Termbase
    index: TermIndex

    @classmethod
    def build(cls, termbase: Termbase) -> "Compiled":
        """Compile the index, and let rules that precompute from the termbase (a `prepare`
        function) do so now, so that their data is cached with it."""
        from dilmac.rules import load_rules

        for rule in load_rules():
            prepare = getattr(rule, "prepare", None)
            if prepare is not None:
                prepare(termbase)
        return cls(termbase, TermIndex(termbase.terms()))


def cache_dir() -> Path:
    explicit = os.environ.get("DILMAC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dilmac"


def _cache_key(files: list[Path]) -> str:
    digest = hashlib.sha256(__version__.encode())
    # The pickle holds objects of the package's classes and what rules prepared: any code
    # change may change them, so the package's own source is part of the key.
    for source in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        digest.update(source.read_bytes())
    digest.update(Termbase.content_hash(files).encode())
    return digest.hexdigest()[:32]


def load(paths: list[Path], *, use_cache: bool = True) -> Compiled:
    """Load and compile the termbase at `paths`, through the disk cache when allowed."""
    files = termbase_files(paths)
    if not use_cache or os.environ.get("DILMAC_NO_CACHE"):
        return Compiled.build(Termbase.load(paths))
    path = cache_dir() / f"termbase-{_cache_key(files)}.pickle"
    try:
        with path.open("rb") as handle:
            compiled = pickle.load(handle)
        if isinstance(compiled, Compiled):
            return compiled
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    compiled = Compiled.build(Termbase.load(paths))
    _store(path, compiled)
    return compiled


def _store(path: Path, compiled: Compiled) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(compiled, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except (OSError, UnboundLocalError):
            pass
