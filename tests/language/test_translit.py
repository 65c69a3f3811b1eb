"""The transliteration key: one spelling for a name's en/az/tr renderings."""

from __future__ import annotations

import pytest

from dilmac.language.normalize import fold, skeleton
from dilmac.language.translit import translit_key


def key(word: str, lang: str = "az") -> str:
    return translit_key(skeleton(fold(word, lang)))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kubanichbek", "Kubanychbek"),  # y/i, ch
        ("Omuraliyev", "Omuraliev"),  # -iyev/-iev
        ("Nakhchivan", "Naxçıvan"),  # kh/x, ch/ç
        ("Shahin", "Şahin"),  # sh/ş
        ("Djalil", "Jalil"),  # dj/j
        ("Jalil", "Calil"),  # j/c
        ("Cəlil", "Celil"),  # ə/e
        ("Aghayev", "Ağayev"),  # gh/ğ
        ("Qazaxıstan", "Kazakhistan"),  # q/k, x/kh
    ],
)
def test_same_name_same_key(a, b):
    assert key(a) == key(b)


@pytest.mark.parametrize(("a", "b"), [("Astara", "Astana"), ("Yerlikaya", "Yerlikai")])
def test_different_names_differ(a, b):
    assert key(a) != key(b)
