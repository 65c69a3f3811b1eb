"""The termbase and its term index, compiled once and cached on disk by content hash.

Parsing YAML and building the automaton cost more than linting a short file, so the CLI loads a
pickle (dilmac.core.cache) keyed by the termbase files' bytes and the package's own code. A cache that
cannot be written (read-only home) only costs speed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from dilmac import LANGUAGES
from dilmac.core import cache
from dilmac.match.matcher import TermIndex
from dilmac.match.names import name_index
from dilmac.match.variants import long_names
from dilmac.termbase.model import Termbase, termbase_files


@dataclass
class Compiled:
    termbase: Termbase
    index: TermIndex

    @classmethod
    def build(cls, termbase: Termbase) -> Compiled:
        """Compile the term index, and the near-miss indexes (name words, long names) now, so
        that they are cached with it rather than built again by every run."""
        for lang in LANGUAGES:
            name_index(termbase, lang)
            long_names(termbase, lang)
        return cls(termbase, TermIndex(termbase.terms()))


KEEP_COMPILED = 8  # compiled termbases kept in the cache, the ones used last


def _cache_key(files: list[Path]) -> str:
    # The pickle holds objects of the package's classes and the near-miss index: any code
    # change may change them, so the package's own source is part of the key.
    code = cache.source_key(*sorted(Path(__file__).resolve().parents[1].rglob("*.py")))
    return hashlib.sha256((code + Termbase.content_hash(files)).encode()).hexdigest()[:32]


def load(paths: list[Path], *, use_cache: bool = True) -> Compiled:
    """Load and compile the termbase at `paths`, through the disk cache when allowed."""
    files = termbase_files(paths)
    if not use_cache or not cache.enabled():
        return Compiled.build(Termbase.load(paths))
    name = f"termbase-{_cache_key(files)}.pickle"
    compiled = cache.load_pickle(name)
    if isinstance(compiled, Compiled):
        return compiled
    compiled = Compiled.build(Termbase.load(paths))
    # Each termbase edit or dilmac upgrade makes a new entry (1–20 MB); several projects may
    # share the cache, so the few used last are kept rather than only this one.
    cache.store_pickle(name, compiled, replaces="termbase-", keep=KEEP_COMPILED)
    return compiled
