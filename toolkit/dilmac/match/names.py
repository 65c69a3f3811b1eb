"""Name words for near-miss matching: a deletion index over the capitalised words of the
termbase's names, which finds a written word one or two edits away from a name word, or with
the same transliteration key (dilmac.language.translit: "Kubanichbek" for "Kubanychbek",
"Yerlikai" for "Yerlikaya"), and not a known word of the language (dilmac's word lists, the
termbase's own words, an inflected form of the name word, a word or name of the language:
dilmac.language.lexicon). A word of the language that is close to a name word counts only
inside the rest of that name ("Türk Devletler Teşkilatı"). Used by the term-near-miss rule;
built with the compiled termbase."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import filterfalse
from typing import TYPE_CHECKING

from dilmac.language import morph
from dilmac.language.lexicon import is_word, place_countries
from dilmac.language.normalize import TURKIC, fold, skeleton
from dilmac.language.translit import translit_key
from dilmac.language.wordlists import word_list_text

if TYPE_CHECKING:
    from dilmac.termbase.model import Termbase

_UPPER = "A-ZÀ-ÖØ-ÞÇĞİÖŞÜƏ"
# Starts with a class, no look-behind: re scans for it at ~120 MB/s. Inner hits ("Donald" in
# "McDonald") are dropped when the suspects are located with word boundaries.
_CANDIDATE = re.compile(rf"[{_UPPER}][^\W\d_]{{4,}}")
_WORD = re.compile(r"[^\W\d_]+")
# Looking a word up costs its length squared (every one-letter deletion of it), and a word
# within two edits of a name word is at most two letters longer than it: a 40 000-letter
# "word" cost 9 GB. Tokens longer than this (no name word comes near) are not looked up.
MAX_TOKEN_CHARS = 100
_AROUND = 120  # characters looked at on each side of a word for the rest of its name
_NEAR = 24  # looked at first for the word before: most words stand a space apart


@dataclass(frozen=True)
class Name:
    word: str  # as written in the termbase
    concept_id: str


class NameWords:
    """Deletion index over the capitalised words of a termbase's names in one language.

    Built once per termbase (`name_index`) and cached on disk with it.
    """

    def __init__(self, termbase: Termbase, lang: str) -> None:
        self.lang = lang
        self.known: set[str] = _word_list(lang) | {
            skeleton(fold(w, t.lang)) for t in termbase.terms() for w in _WORD.findall(t.text)
        }
        self.deletes: dict[str, set[str]] = {}
        self.weight: dict[str, int] = {}  # name word -> how many names have it (the tie-break)
        # concept id -> the state it belongs to (a place's country): another place is no typo
        self.jurisdiction: dict[str, str] = {
            c.id: c.jurisdiction for c in termbase.concepts if getattr(c, "jurisdiction", None)
        }
        self.translit: dict[str, set[str]] = {}  # deletion index over the name words' transliteration keys
        # name word -> the multi-word names it is in: (transliteration keys of its words, its position, name)
        self.phrases: dict[str, list[tuple[tuple[str, ...], int, Name]]] = {}
        self.single: dict[str, Name] = {}  # one-word names
        self.neighbours: dict[str, dict[str, Name]] = {}  # word -> capitalised neighbour -> name
        for term in termbase.terms(lang):
            if not term.allowed:
                continue
            words = term.text.split()
            folded = [skeleton(fold(w, lang)) for w in words]
            for i, word in enumerate(words):
                if len(word) < 5 or not word.isalpha() or not word[0].isupper():
                    continue
                name = Name(word, term.concept_id)
                self.weight[folded[i]] = self.weight.get(folded[i], 0) + 1
                if len(words) == 1:
                    self.single.setdefault(folded[i], name)
                for j in (i - 1, i + 1):
                    if 0 <= j < len(words) and words[j][:1].isupper():
                        self.neighbours.setdefault(folded[i], {}).setdefault(folded[j], name)
                if len(words) >= 3:
                    keys = tuple(translit_key(w) for w in folded)
                    self.phrases.setdefault(folded[i], []).append((keys, i, name))
                if folded[i] in self.single or folded[i] in self.neighbours:
                    for variant in _deletes(folded[i]):
                        self.deletes.setdefault(variant, set()).add(folded[i])
                    for variant in _deletes(translit_key(folded[i])):
                        self.translit.setdefault(variant, set()).add(folded[i])
        self._innocent: set[str] = set()  # words seen and cleared, as written
        self._suspects: dict[str, tuple[str, bool]] = {}  # words seen and suspected -> (name word, a real word)
        self._clear_tokens: set[str] = set()  # white-space tokens with no suspect word
        self._suspect_tokens: dict[str, dict[str, tuple[str, bool]]] = {}  # those with some: word -> suspicion

    _TRANSIENT = ("_innocent", "_suspects", "_clear_tokens", "_suspect_tokens", "_translit_neighbours")

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in self._TRANSIENT}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._innocent = set()
        self._suspects = {}
        self._clear_tokens = set()
        self._suspect_tokens = {}

    def suspects_in(self, tokens: list[str]) -> dict[str, tuple[str, bool]]:
        """`suspects` of the capitalised words in white-space tokens. Each distinct token is
        classified once: a text whose tokens are all cleared costs one C-level filter, and a
        token known to hold a suspect is not searched again. Tokens longer than
        MAX_TOKEN_CHARS are not looked at."""
        clear, suspect = self._clear_tokens, self._suspect_tokens
        odd = set(filterfalse(clear.__contains__, tokens))
        if not odd:
            return {}
        if len(clear) + len(suspect) > 25_000:  # bounded memory on huge inputs
            clear.clear()
            suspect.clear()
        for token in odd.difference(suspect):
            if len(token) > MAX_TOKEN_CHARS:
                continue
            words = _CANDIDATE.findall(token)
            found = self.suspects(set(words)) if words else None
            if found:
                suspect[token] = found
            else:
                clear.add(token)
        return {word: name for token in odd if token in suspect for word, name in suspect[token].items()}

    def suspects(self, words: set[str]) -> dict[str, tuple[str, bool]]:
        """Of the written words, those that look like misspellings: their name word, and
        whether the written word is itself a word or name of the language (then only the rest
        of the name around it makes it a misspelling).

        A set difference against the words already cleared keeps the common case in C.
        """
        if len(self._innocent) > 25_000:
            self._innocent.clear()  # bounded memory on huge inputs
        for written in words - self._innocent - self._suspects.keys():
            key = skeleton(fold(written, self.lang))
            name = self._closest(key)
            if name is None:
                self._innocent.add(written)
            else:
                # a word or name of the language (inflected or derived) is no typo on its own
                real = key in self.known or key in self.single or key in self.neighbours
                self._suspects[written] = (name, real or is_word(written, self.lang))
        return {w: self._suspects[w] for w in words & self._suspects.keys()}

    def _closest(self, word: str) -> str | None:
        limit = 1 if len(word) <= 6 else 2
        candidates = {name for variant in _deletes(word) for name in self.deletes.get(variant, ())}
        # Deterministic choice (no set order): nearest, then the word more names share, then by spelling.
        ranked = sorted(
            (distance, -self.weight.get(name, 0), name)
            for name in candidates
            if name != word and (distance := _damerau(word, name)) <= limit
        )
        if not ranked:
            ranked = self._transliterated(word)
        if not ranked:
            return None
        best = ranked[0][2]
        if self.lang in TURKIC and morph.suffix_ok(self.lang, best, word, loose=True):
            return None  # an inflected form of the name word ("Millətlərə"), not a misspelling
        return best

    def translit_neighbours(self, key: str) -> dict[str, Name]:
        """`neighbours[key]` keyed by the neighbours' transliteration keys (memoised)."""
        memo = self.__dict__.setdefault("_translit_neighbours", {})
        found = memo.get(key)
        if found is None:
            found = memo[key] = {translit_key(k): name for k, name in self.neighbours.get(key, {}).items()}
        return found

    def another_place(self, written: str, concept_id: str) -> bool:
        """Whether the written word is the name of a place that is not in the concept's country
        ("Astara", AZ, next to "Astana", KZ); the same place in another spelling ("Genève",
        "Samarqand") is still a misspelling of the termbase's name."""
        countries = place_countries(written)
        return bool(countries) and self.jurisdiction.get(concept_id) not in countries

    def _transliterated(self, word: str) -> list[tuple[int, int, str]]:
        """Name words with the same transliteration key, or one edit from it in words of six
        letters or more: (key distance, -weight, name word), nearest first."""
        key = translit_key(word)
        limit = 1 if len(word) >= 6 else 0
        candidates = {name for variant in _deletes(key) for name in self.translit.get(variant, ())}
        return sorted(
            (distance, -self.weight.get(name, 0), name)
            for name in candidates
            if name != word and (distance := _damerau(key, translit_key(name))) <= limit
        )


def _deletes(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _damerau(a: str, b: str) -> int:
    """Optimal string alignment distance (adjacent transpositions count as one edit)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


@cache
def _word_list(lang: str) -> frozenset[str]:
    words = word_list_text(lang).split()
    return frozenset(skeleton(fold(w, lang)) for w in words if not w.startswith("#"))


def name_index(termbase: Termbase, lang: str) -> NameWords:
    """The termbase's index for `lang`, built on first use and kept on the termbase (so that
    a compiled termbase carries it into the disk cache)."""
    cache = termbase.__dict__.setdefault("_near_miss", {})
    if lang not in cache:
        cache[lang] = NameWords(termbase, lang)
    return cache[lang]


def name_in_context(
    index: NameWords, key: str, text: str, start: int, end: int, length: int, real_word: bool = False
) -> Name | None:
    """A one-word name (for words of six letters or more), or a longer name whose capitalised
    word next to this one is really there (spelt as in the termbase or transliterated:
    "Kubanichbek Omuraliyev"): "the" next to "Unite" says nothing about "the United Nations",
    "Baghdad" next to "Amreev" does. A `real_word` (a word of the language) only inside all the
    other words of a name of three words or more ("Türk Devletler Teşkilatı")."""
    if real_word:
        before = _WORD.findall(text[max(0, start - _AROUND) : start])
        after = _WORD.findall(text[end : end + _AROUND])
        return _whole_name_around(index, key, before, after)
    by_neighbour = index.neighbours.get(key, {})
    translit = index.translit_neighbours(key)
    for neighbour in (_word_before(text, start), _word_after(text, end)):
        if neighbour is None:
            continue
        folded, translit_folded = _neighbour_keys(neighbour, index.lang)
        name = by_neighbour.get(folded) or translit.get(translit_folded)
        if name is not None:
            return name
    if key in index.single and length >= 6:
        return index.single[key]
    return None


def _word_before(text: str, start: int) -> str | None:
    """The last word in the _AROUND characters before `start` (cut at that edge)."""
    edge = max(0, start - _AROUND)
    for low in (max(edge, start - _NEAR), edge):
        words = _WORD.findall(text, low, start)
        # a word that starts at a nearer window's edge may go on before it: look further
        if words and (low == edge or len(words) > 1 or not _WORD.match(text, low, start)):
            return words[-1]
    return None


def _word_after(text: str, end: int) -> str | None:
    """The first word in the _AROUND characters after `end` (cut at that edge)."""
    found = _WORD.search(text, end, end + _AROUND)
    return found.group() if found else None


@lru_cache(maxsize=16384)
def _neighbour_keys(word: str, lang: str) -> tuple[str, str]:
    """A neighbour word's skeleton and its transliteration key (the same words stand next to
    names document after document)."""
    folded = skeleton(fold(word, lang))
    return folded, translit_key(folded)


def _whole_name_around(index: NameWords, key: str, before: list[str], after: list[str]) -> Name | None:
    """The name of three words or more whose other words stand around the word, in order (the
    last one may be inflected)."""
    for keys, i, name in index.phrases.get(key, ()):
        left, right = keys[:i], keys[i + 1 :]
        if len(before) < len(left) or len(after) < len(right):
            continue
        written_left = [_neighbour_keys(w, index.lang)[1] for w in before[len(before) - len(left) :]]
        written_right = [_neighbour_keys(w, index.lang)[1] for w in after[: len(right)]]
        if written_left != list(left):
            continue
        if right and (written_right[:-1] != list(right[:-1]) or not written_right[-1].startswith(right[-1])):
            continue
        return name
    return None
