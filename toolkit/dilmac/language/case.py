"""Letter case in en, az and tr: Turkic upper-casing (i → İ, ı → I) and all-caps detection."""

from __future__ import annotations

import re

from dilmac.language.normalize import TURKIC


def upper(text: str, lang: str) -> str:
    if lang in TURKIC:
        text = text.replace("i", "İ").replace("ı", "I")
    return text.upper()


_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]", re.S)


def is_all_caps(text: str) -> bool:
    """Two or more letters and no lower-case one (string methods: lines can be long)."""
    return text == text.upper() and text != text.lower() and _TWO_LETTERS.search(text) is not None
