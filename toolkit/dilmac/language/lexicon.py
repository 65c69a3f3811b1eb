"""Is a written word a word or a name of the language, in some inflected or derived form?

The near-miss check must not take an ordinary word or another real name for a misspelt name
of the termbase: "Astara" (a district of Azerbaijan) is not "Astana", "Kazakhstani" not
"Kazakhstan", "Dairesi" not "İdaresi". Real lexicons decide, not hand lists:

- English and Turkish: the word-frequency lists of `wordfreq` (Apache-2.0; its data from
  Wikipedia, subtitles, news, books, web text, so it also knows place and person names);
- Azerbaijani: `data/lexicon-az.txt`, derived from UniMorph and Universal Dependencies
  (see `data/README-lexicon-az.md`), and the Turkish list (shared words and names);
- names are names in every language: a capitalised word the English or Turkish list knows is
  a real name in any text.

A form counts when the lexicon has it, or has a word it is an inflection of (through
`dilmac.language.morph`) or a derivation of (a derivational suffix, then any inflection:
"Kazakhstani", "Dairesi", "Qazaxıstanlı").

The lists are loaded on the first question (wordfreq's English list takes ~0.1 s), never at
import: most texts raise no suspect at all, and lint start-up must stay short.
"""

from __future__ import annotations

import warnings
from functools import cache
from importlib.resources import files

from dilmac.language import morph
from dilmac.language.normalize import fold

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
    """Whether `written` (one word, as written) is a word of `lang`, or a name, in any
    inflected or derived form."""
    word = fold(written, lang)
    if _known_form(word, lang):
        return True
    if written[:1].isupper():
        return any(_listed(fold(written, other), other) for other in ("en", "tr") if other != lang)
    return False


@cache
def _known_form(word: str, lang: str) -> bool:
    if _listed(word, lang):
        return True
    for cut in range(len(word) - 1, _MIN_BASE - 1, -1):
        base, rest = word[:cut], word[cut:]
        if _listed(base, lang) and morph.suffix_ok(lang, base, word):
            return True
        for suffix in _DERIVATIONS.get(lang, ()):
            if rest.startswith(suffix) and _listed(base, lang):
                derived = base + suffix
                if derived == word or morph.suffix_ok(lang, derived, word):
                    return True
    return False


def _listed(word: str, lang: str) -> bool:
    return any(word in words for words in _lists(lang))


@cache
def _lists(lang: str) -> tuple[frozenset[str] | dict[str, float], ...]:
    if lang == "az":
        return (_shipped("az"), *_lists("tr"))
    frequencies = _frequencies(lang)
    return (frequencies,) if frequencies is not None else ()


@cache
def _shipped(lang: str) -> frozenset[str]:
    text = files("dilmac.language").joinpath("data", f"lexicon-{lang}.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.split() if not line.startswith("#"))


@cache
def _frequencies(lang: str) -> dict[str, float] | None:
    try:
        import wordfreq
    except ImportError:  # a broken install: fewer words known, more near-miss warnings
        warnings.warn(
            "wordfreq is not installed: the near-miss check cannot tell ordinary words from misspelt "
            "names (pip install wordfreq)",
            stacklevel=3,
        )
        return None
    # Its keys are lower-cased as fold does (Turkish by Turkish rules: I -> ı, İ -> i).
    return wordfreq.get_frequency_dict(lang, wordlist="best")
