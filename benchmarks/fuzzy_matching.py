"""Fuzzy matching of `dilmac catalog update` against GNU msgmerge on the real catalogs.

For each catalog of ``<repo>/../shared/data/po``: a template in which 10% of the messages left,
20% changed as sources change (a word replaced, added or dropped, punctuation or case changed, a
sentence appended) and five are new (tests/catalog/fuzzy_measure.py makes it, seeded by the
file name); the catalog is merged with it by `msgmerge --previous` and by dilmac, and the new
msgids each gave a fuzzy translation are compared. Target (issue 15): dilmac finds at least
every fuzzy match msgmerge finds. `tests/catalog/test_catalog_options.py` enforces it.

    .venv/bin/python benchmarks/fuzzy_matching.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "toolkit"), str(ROOT / "tests" / "catalog")]

from fuzzy_measure import measure


def main() -> int:
    paths = sorted((ROOT.parent / "shared" / "data" / "po").glob("*.po"))
    if not paths:
        print("no catalogs in ../shared/data/po")
        return 2
    print(
        "| catalog | new msgids | msgmerge fuzzy | dilmac fuzzy | both | msgmerge only | dilmac only | same old msgid |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    missed = 0
    with tempfile.TemporaryDirectory() as work:
        for path in paths:
            measured = measure(path, Path(work))
            print(measured.row())
            missed += len(measured.msgmerge - measured.dilmac)
    print("PASS" if missed == 0 else f"MISS: {missed} fuzzy matches of msgmerge not found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
