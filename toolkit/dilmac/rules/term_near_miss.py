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
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from dilmac.findings import Finding, Severity
from dilmac import morph
from dilmac.normalize import TURKIC, fold, skeleton
from dilmac.rules import Context
from dilmac.rules._terms import quote
from dilmac.suggest import upper

if TYPE_CHECKING:
    from dilmac.termbase import Termbase

ID = "term-near-miss"
SEVERITY = Severity.WARNING

_UPPER = "A-ZÀ-ÖØ-ÞÇĞİÖŞÜƏ"
_CAPITALISED = re.compile(rf"(?<![^\W\d_])[{_UPPER}][^\W\d_]{{4,}}(?![^\W\d_])")
_WORD = re.compile(r"[^\W\d_]+")
_DATA = Path(__file__).resolve().parent.parent / "data"


class NameWords:
    """Deletion index over the capitalised words of a termbase's names in one language."""

    def __init__(self, termbase: "Termbase", lang: str) -> None:
        self.lang = lang
        self.known: set[str] = _word_list(lang) | {
            skeleton(fold(w, t.lang)) for t in termbase.terms() for w in _WORD.findall(t.text)
        }
        self.deletes: dict[str, set[str]] = {}
        self.names: dict[str, list[tuple[list[str], list[str], int, str]]] = {}
        for term in termbase.terms(lang):
            if not term.allowed:
                continue
            words = term.text.split()
            folded_words = [skeleton(fold(w, lang)) for w in words]
            for i, word in enumerate(words):
                if len(word) < 5 or not word.isalpha() or not word[0].isupper():
                    continue
                key = folded_words[i]
                self.names.setdefault(key, []).append((folded_words, words, i, term.concept_id))
                for variant in _deletes(key):
                    self.deletes.setdefault(variant, set()).add(key)
        self.closest = lru_cache(maxsize=65536)(self._closest)

    def _closest(self, word: str) -> str | None:
        if word in self.known or word in self.names:
            return None
        limit = 1 if len(word) <= 6 else 2
        best = None
        for variant in _deletes(word):
            for name in self.deletes.get(variant, ()):
                distance = _damerau(word, name)
                if distance <= limit and (best is None or distance < best[0]):
                    best = (distance, name)
        return best[1] if best else None


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


def _index(termbase: "Termbase", lang: str) -> NameWords:
    cache = termbase.__dict__.setdefault("_near_miss", {})
    if lang not in cache:
        cache[lang] = NameWords(termbase, lang)
    return cache[lang]


def check(ctx: Context) -> Iterator[Finding]:
    module = sys.modules[__name__]
    index = _index(ctx.termbase, ctx.lang)
    if not index.names:
        return
    text = ctx.text
    starts = [o.start for o in ctx.occurrences]
    ends = [o.end for o in ctx.occurrences]
    for match in _CAPITALISED.finditer(text, ctx.start, ctx.end):
        start, end = match.span()
        i = bisect_right(starts, start) - 1
        if i >= 0 and ends[i] > start:
            continue  # part of a term the matcher already found
        word = skeleton(fold(match.group(), ctx.lang))
        name = index.closest(word)
        if name is None or (ctx.lang in TURKIC and morph.suffix_ok(ctx.lang, name, word, loose=True)):
            continue  # an inflected form of the name word ("Millətlərə"), not a misspelling
        for words, originals, position, concept_id in index.names[name]:
            if len(words) == 1 and len(word) < 6:
                continue
            if len(words) > 1 and not _neighbour_agrees(text, start, end, words, originals, position, ctx.lang):
                continue
            original = originals[position]
            found = match.group()
            suggestion = upper(original, ctx.lang) if found.isupper() else original
            yield ctx.finding(module, start, end,
                              f"{quote(found)} looks like a misspelling of {quote(original)}",
                              suggestions=[suggestion], concept=concept_id)
            break


def _neighbour_agrees(text: str, start: int, end: int, words: list[str], originals: list[str],
                      position: int, lang: str) -> bool:
    """The word before or after is the name's own neighbour, and a capitalised one: "the" next
    to "Unite" says nothing about "the United Nations"."""
    before = _WORD.findall(text[max(0, start - 40):start])
    after = _WORD.findall(text[end:end + 40])
    if position > 0 and before and originals[position - 1][:1].isupper() \
            and skeleton(fold(before[-1], lang)) == words[position - 1]:
        return True
    return position + 1 < len(words) and bool(after) and originals[position + 1][:1].isupper() \
        and skeleton(fold(after[0], lang)) == words[position + 1]
