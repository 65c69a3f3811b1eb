"""A transliteration key: one spelling for a name across its en/az/tr (and Russian-style)
renderings, so that "Kubanichbek Omuraliyev" meets "Kubanychbek Omuraliev" and "Naxçıvan"
meets "Nakhchivan".

The key is taken from a word's skeleton (`normalize.skeleton(fold(word))`: lower case,
diacritics and dotless ı reduced) and merges what the three spellings of one sound differ by:
kh/x/h, ch/ç, sh/ş, zh/j, dj/c/j, gh/ğ, q/k, y/i (so -iyev/-iev, -ya/-ia), w/v, ph/f, doubled
letters. Two names with the same key, or keys one edit apart in longer words ("Yerlikai",
"Yerlikaya"), are the same name written another way.
"""

from __future__ import annotations

import re

_DIGRAPHS = (
    ("dzh", "c"),
    ("kh", "h"),
    ("ch", "c"),
    ("sh", "s"),
    ("zh", "c"),
    ("dj", "c"),
    ("gh", "g"),
    ("ph", "f"),
)
_LETTERS = str.maketrans({"x": "h", "j": "c", "q": "k", "y": "i", "w": "v", "ə": "e"})
_DOUBLED = re.compile(r"(.)\1+")


def translit_key(skeleton: str) -> str:
    """The transliteration key of a word's skeleton (see the module doc)."""
    key = skeleton
    for digraph, letter in _DIGRAPHS:
        if digraph in key:
            key = key.replace(digraph, letter)
    return _DOUBLED.sub(r"\1", key.translate(_LETTERS))
