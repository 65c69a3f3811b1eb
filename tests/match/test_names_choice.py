"""Near-miss choices are deterministic: among equally close name words, the one more names
share wins, then alphabetical order; the result does not depend on set or hash order."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from dilmac.match.names import NameWords
from dilmac.termbase.model import Termbase, concepts_from_data


def termbase(*names: str) -> Termbase:
    concepts = [
        {
            "id": f"place.p{i}",
            "domain": "countries-and-places",
            "sources": ["test"],
            "terms": {"en": [{"text": name, "status": "preferred"}]},
        }
        for i, name in enumerate(names)
    ]
    return Termbase(concepts_from_data("<test>", {"concepts": concepts}), [])


def test_equally_close_words_are_chosen_alphabetically():
    index = NameWords(termbase("Karvana", "Marvana"), "en")
    assert index._closest("xarvana") == "karvana"


def test_a_word_more_names_share_wins():
    index = NameWords(termbase("Marvana", "Karvana", "Marvana Sea", "Marvana Bay"), "en")
    assert index._closest("xarvana") == "marvana"


def test_the_choice_does_not_depend_on_hash_order():
    script = textwrap.dedent(
        """
        import sys
        sys.path.insert(0, %r)
        from test_names_choice import termbase
        from dilmac.match.names import NameWords
        index = NameWords(termbase(*"Karvana Marvana Tarvana Sarvana Parvana".split()), "en")
        print(index._closest("xarvana"))
        """
    ) % os.path.dirname(__file__)
    seen = set()
    for seed in ("1", "2", "3", "4"):
        out = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}
        )
        assert out.returncode == 0, out.stderr
        seen.add(out.stdout.strip())
    assert seen == {"karvana"}
