"""term-near-miss: a likely misspelling of a name in the termbase.

A capitalised word one or two letters away from a word of a termbase name, and not itself a
known word, is probably a typo: "Amreev" for "Amreyev", "Miqrasya" for "Miqrasiya",
"Nakhchivn" for "Nakhchivan". To keep false positives rare, the word must be capitalised, at
least five letters long, unknown to dilmac's word lists and to the termbase, and, for names of
more than one word, stand next to another word of the same name ("Baghdad Amreev"). Words of six
letters or fewer must be within one edit; longer ones within two.

Bad:  Secretary General Baghdad Amreev
Good: Secretary General Baghdad Amreyev
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from dilmac import LANGUAGES, morph
from dilmac.findings import Finding, Severity
from dilmac.normalize import TURKIC, fold, skeleton
from dilmac.rules import Context
from dilmac.rules._terms import quote
from dilmac.suggest import upper

if TYPE_CHECKING:
    from dilmac.termbase import Termbase

ID = "term-near-miss"
SEVERITY = Severity.WARNING

_UPPER = "A-ZÀ-ÖØ-ÞÇĞİÖŞÜƏ"
# Starts with a class, no look-behind: re scans for it at ~120 MB/s. Inner hits ("Donald" in
# "McDonald") are dropped when the suspects are located with word boundaries.
_CANDIDATE = re.compile(rf"[{_UPPER}][^\W\d_]{{4,}}")
_WORD = re.compile(r"[^\W\d_]+")
_ONE_PASS_ABOVE = 1 << 16   # characters
_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Name:
    word: str           # as written in the termbase
    concept_id: str


class NameWords:
    """Deletion index over the capitalised words of a termbase's names in one language.

    Built once per termbase (see `prepare`) and cached on disk with it.
    """

    def __init__(self, termbase: "Termbase", lang: str) -> None:
        self.lang = lang
        self.known: set[str] = _word_list(lang) | {
            skeleton(fold(w, t.lang)) for t in termbase.terms() for w in _WORD.findall(t.text)
        }
        self.deletes: dict[str, set[str]] = {}
        self.single: dict[str, Name] = {}                       # one-word names
        self.neighbours: dict[str, dict[str, Name]] = {}        # word -> capitalised neighbour -> name
        for term in termbase.terms(lang):
            if not term.allowed:
                continue
            words = term.text.split()
            folded = [skeleton(fold(w, lang)) for w in words]
            for i, word in enumerate(words):
                if len(word) < 5 or not word.isalpha() or not word[0].isupper():
                    continue
                name = Name(word, term.concept_id)
                if len(words) == 1:
                    self.single.setdefault(folded[i], name)
                for j in (i - 1, i + 1):
                    if 0 <= j < len(words) and words[j][:1].isupper():
                        self.neighbours.setdefault(folded[i], {}).setdefault(folded[j], name)
                if folded[i] in self.single or folded[i] in self.neighbours:
                    for variant in _deletes(folded[i]):
                        self.deletes.setdefault(variant, set()).add(folded[i])
        self._innocent: set[str] = set()           # words seen and cleared, as written
        self._suspects: dict[str, str] = {}         # words seen and suspected -> name word
        self._clear_tokens: set[str] = set()        # white-space tokens with no suspect word
        self._suspect_tokens: dict[str, dict[str, str]] = {}  # those with some: word -> name word

    _TRANSIENT = ("_innocent", "_suspects", "_clear_tokens", "_suspect_tokens")

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in self._TRANSIENT}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._innocent = set()
        self._suspects = {}
        self._clear_tokens = set()
        self._suspect_tokens = {}

    def suspects_in(self, tokens: list[str]) -> dict[str, str]:
        """`suspects` of the capitalised words in white-space tokens. Each distinct token is
        classified once: a text whose tokens are all cleared costs one C-level set test, and a
        token known to hold a suspect is not searched again."""
        clear, suspect = self._clear_tokens, self._suspect_tokens
        if clear.issuperset(tokens):
            return {}
        if len(clear) + len(suspect) > 25_000:  # bounded memory on huge inputs
            clear.clear()
            suspect.clear()
        odd = set(tokens).difference(clear)
        for token in odd.difference(suspect):
            words = _CANDIDATE.findall(token)
            found = self.suspects(set(words)) if words else None
            if found:
                suspect[token] = found
            else:
                clear.add(token)
        return {word: name for token in odd if token in suspect for word, name in suspect[token].items()}

    def suspects(self, words: set[str]) -> dict[str, str]:
        """Of the written words, those that look like misspellings, with their name word.

        A set difference against the words already cleared keeps the common case in C.
        """
        if len(self._innocent) > 25_000:
            self._innocent.clear()  # bounded memory on huge inputs
        for written in words - self._innocent - self._suspects.keys():
            name = self._closest(skeleton(fold(written, self.lang)))
            if name is None:
                self._innocent.add(written)
            else:
                self._suspects[written] = name
        return {w: self._suspects[w] for w in words & self._suspects.keys()}

    def _closest(self, word: str) -> str | None:
        if word in self.known or word in self.single or word in self.neighbours:
            return None
        limit = 1 if len(word) <= 6 else 2
        best = None
        for variant in _deletes(word):
            for name in self.deletes.get(variant, ()):
                distance = _damerau(word, name)
                if distance <= limit and (best is None or distance < best[0]):
                    best = (distance, name)
        if best is None:
            return None
        if self.lang in TURKIC and morph.suffix_ok(self.lang, best[1], word, loose=True):
            return None  # an inflected form of the name word ("Millətlərə"), not a misspelling
        return best[1]


def _deletes(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


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


@lru_cache(maxsize=None)
def _word_list(lang: str) -> frozenset[str]:
    path = _DATA / f"words-{lang}.txt"
    if not path.exists():
        return frozenset()
    words = path.read_text(encoding="utf-8").split()
    return frozenset(skeleton(fold(w, lang)) for w in words if not w.startswith("#"))


def prepare(termbase: "Termbase") -> None:
    """Build the per-language indexes once, so they are cached with the compiled termbase."""
    termbase.__dict__["_near_miss"] = {lang: NameWords(termbase, lang) for lang in LANGUAGES}


def _index(termbase: "Termbase", lang: str) -> NameWords:
    cache = termbase.__dict__.setdefault("_near_miss", {})
    if lang not in cache:
        cache[lang] = NameWords(termbase, lang)
    return cache[lang]


def check(ctx: Context) -> Iterator[Finding]:
    module = sys.modules[__name__]
    index = _index(ctx.termbase, ctx.lang)
    text = ctx.text
    # Classify each distinct capitalised word once; most texts have no suspect at all.
    suspects = index.suspects_in(ctx.tokens)
    if not suspects:
        return
    starts = [o.start for o in ctx.occurrences]
    ends = [o.end for o in ctx.occurrences]
    for start, found in sorted(_locate(text, ctx.start, ctx.end, suspects)):
        end = start + len(found)
        i = bisect_right(starts, start) - 1
        if i >= 0 and ends[i] > start:
            continue  # part of a term the matcher already found
        name = _name_in_context(index, suspects[found], text, start, end, len(found))
        if name is None:
            continue
        suggestion = upper(name.word, ctx.lang) if found.isupper() else name.word
        yield ctx.finding(module, start, end, f"{quote(found)} looks like a misspelling of {quote(name.word)}",
                          suggestions=[suggestion], concept=name.concept_id)


def _locate(text: str, start: int, end: int, words: dict[str, str]) -> Iterator[tuple[int, str]]:
    """Where the words stand on their own (not inside a longer word) in text[start:end]. In a
    large region (a whole catalog) several words are found in one automaton pass instead of
    one search each; in a small one str.find is cheaper than building the automaton."""
    if len(words) == 1 or end - start < _ONE_PASS_ABOVE:
        found = []
        for word in words:
            at = text.find(word, start, end)
            while at != -1:
                found.append((at, at + len(word), word))
                at = text.find(word, at + len(word), end)
    else:
        import ahocorasick_rs

        patterns = list(words)
        hits = ahocorasick_rs.AhoCorasick(patterns).find_matches_as_indexes(text[start:end], overlapping=True)
        found = [(start + s, start + e, patterns[i]) for i, s, e in hits]
    for at, after, word in found:
        if not (at > 0 and text[at - 1].isalpha()) and not (after < len(text) and text[after].isalpha()):
            yield at, word


def _name_in_context(index: NameWords, key: str, text: str, start: int, end: int, length: int) -> Name | None:
    """A one-word name (for words of six letters or more), or a longer name whose capitalised
    word next to this one is really there: "the" next to "Unite" says nothing about "the
    United Nations", "Baghdad" next to "Amreev" does."""
    by_neighbour = index.neighbours.get(key, {})
    before = _WORD.findall(text[max(0, start - 40):start])
    after = _WORD.findall(text[end:end + 40])
    for neighbour in (before[-1:] + after[:1]):
        name = by_neighbour.get(skeleton(fold(neighbour, index.lang)))
        if name is not None:
            return name
    if key in index.single and length >= 6:
        return index.single[key]
    return None
