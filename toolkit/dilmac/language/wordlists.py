"""The word lists shipped in `language/data/` (`words-en.txt`, ...; `#` starts a comment), read
as package resources so that a checkout and an installed wheel read the same files."""

from __future__ import annotations

from importlib.resources import files


def word_list_text(lang: str) -> str:
    return files("dilmac.language").joinpath("data", f"words-{lang}.txt").read_text(encoding="utf-8")
