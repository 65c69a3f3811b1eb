"""Is a written word a word of the language, or another real place, in some inflected or
derived form?

The near-miss check must not take an ordinary word or another real name for a misspelt name
of the termbase: "Astara" (a district of Azerbaijan) is not "Astana", "Kazakhstani" not
"Kazakhstan", "Dairesi" not "İdaresi". Real lexicons decide, not hand lists:

- English and Turkish words: the word-frequency lists of `wordfreq` (Apache-2.0; Wikipedia,
  subtitles, news, books, web text). Only words of some currency count (Zipf frequency ≥ 3,
  once per million words): the long tail of those lists also holds the very misspellings and
  foreign spellings the check is there to catch ("Kazakstan", "Istambul", "Genève");
- Azerbaijani words: `data/lexicon-az.txt`, derived from UniMorph and Universal Dependencies
  (see `data/README-lexicon-az.md`), and the common Turkish words (shared vocabulary);
- places: `pycountry`'s ISO 3166 countries and ISO 3166-2 subdivisions (LGPL-2.1; "Astara" is
  AZ-AST), with the country each belongs to, so that the caller can tell another place
  ("Astara", AZ, is not "Astana", KZ) from the same place in another spelling ("Genève" is
  the canton of Geneva, CH).

A form counts as a word when the lexicon has it, or has a word it is an inflection of (through
`dilmac.language.morph`) or a derivation of (a derivational suffix, then any inflection:
"Kazakhstani", "Dairesi", "Şəhərlilərin").

The lists are loaded on the first question (wordfreq's English list ~0.1 s, pycountry ~0.15 s),
never at import: most texts raise no suspect at all, and lint start-up must stay short.
"""

from __future__ import annotations

import warnings
from functools import cache, lru_cache
from importlib.resources import files

from dilmac.language import morph
from dilmac.language.normalize import fold, skeleton

COMMON = 3.0  # Zipf frequency from which a listed word is a word of the language
_COMMON_FREQUENCY = 10 ** (COMMON - 9)  # the same as a frequency (Zipf = log10(frequency) + 9)

# Derivational suffixes that make a word of a word (demonyms, adjectives, agent nouns); a form
# is a word when a listed word plus one of these, plus any inflection, gives it.
_DERIVATIONS = {
    "en": ("i", "an", "ian", "n", "ese", "ish", "er", "ism", "ist", "ic", "ly"),
    "tr": ("lı", "li", "lu", "lü", "lık", "lik", "luk", "lük", "cı", "ci", "cu", "cü", "çı", "çi", "çu", "çü",
           "sız", "siz", "suz", "süz", "ca", "ce", "ça", "çe", "daş", "taş", "sal", "sel", "ıye", "iye"),
    "az": ("lı", "li", "lu", "lü", "lıq", "lik", "luq", "lük", "çı", "çi", "çu", "çü", "sız", "siz", "suz", "süz",
           "ca", "cə", "daş", "dəş", "çılıq", "çilik"),
}  # fmt: skip
_MIN_BASE = 3  # letters a word must keep before its suffixes


def is_word(written: str, lang: str) -> bool:
    """Whether `written` (one word, as written) is a word of `lang` in any inflected or
    derived form."""
    return _known_form(fold(written, lang), lang)


@lru_cache(maxsize=16384)
def place_countries(written: str) -> frozenset[str]:
    """The ISO 3166-1 codes of the countries that have a country or subdivision of this name
    (a single word, as written; diacritics and case aside). Memoised: the same suspects come
    back document after document."""
    return _places().get(skeleton(fold(written, None)), frozenset())


@cache
def _known_form(word: str, lang: str) -> bool:
    if _listed(word, lang):
        return True
    for cut in range(len(word) - 1, _MIN_BASE - 1, -1):
        base, rest = word[:cut], word[cut:]
        if not _listed(base, lang):
            continue
        if morph.suffix_ok(lang, base, word):
            return True
        for suffix in _DERIVATIONS.get(lang, ()):
            if rest.startswith(suffix):
                derived = base + suffix
                if derived == word or morph.suffix_ok(lang, derived, word):
                    return True
    return False


def _listed(word: str, lang: str) -> bool:
    if lang == "az" and word in _shipped("az"):
        return True
    frequencies = _frequencies("tr" if lang == "az" else lang)
    return frequencies is not None and frequencies.get(word, 0.0) >= _COMMON_FREQUENCY


@cache
def _shipped(lang: str) -> frozenset[str]:
    text = files("dilmac.language").joinpath("data", f"lexicon-{lang}.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.split() if not line.startswith("#"))


@cache
def _frequencies(lang: str) -> dict[str, float] | None:
    """Frequencies of the words of `lang` (keys lower-cased as `fold` does: Turkish by Turkish
    rules, I -> ı, İ -> i)."""
    try:
        import wordfreq
    except ImportError:  # a broken install: fewer words known, more near-miss warnings
        warnings.warn(
            "wordfreq is not installed: the near-miss check cannot tell ordinary words from misspelt "
            "names (pip install wordfreq)",
            stacklevel=3,
        )
        return None
    return wordfreq.get_frequency_dict(lang)


@cache
def _places() -> dict[str, frozenset[str]]:
    try:
        import pycountry
    except ImportError:
        warnings.warn(
            "pycountry is not installed: the near-miss check cannot tell other places from misspelt "
            "names (pip install pycountry)",
            stacklevel=3,
        )
        return {}
    places: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for name in {country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)}:
            if name:
                places.setdefault(skeleton(fold(name, None)), set()).add(country.alpha_2)
    for subdivision in pycountry.subdivisions:
        places.setdefault(skeleton(fold(subdivision.name, None)), set()).add(subdivision.country_code)
    return {name: frozenset(codes) for name, codes in places.items()}
