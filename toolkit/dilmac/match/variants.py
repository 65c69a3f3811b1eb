"""Variants of long names: the words of a termbase name of four content words or more, with
one of them replaced or the order changed ("Council of Cooperation of Turkic Speaking
Countries", "Türkdilli ölkələrin Əməkdaşlıq Şurası" for the Cooperation Council of Turkic
Speaking States, "Türkdilli Dövlətlərin Əməkdaşlıq Şurası").

A run of words is a variant of a name when every content word of the name but at most one
stands in it (the last one possibly inflected), it holds at most one content word the name
has not, in place of the missing one and inflected alike (the same last two letters:
"Countries" for "States", "ölkələrin" for "Dövlətlərin"), that odd word is no state (the same
words with another state are another body: dilmac.match.bodies), and the run is not the
name itself. Short names are left alone: two or
three words in another order or with another word are too often another name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dilmac.language.normalize import fold, skeleton

if TYPE_CHECKING:
    from dilmac.termbase.model import Termbase

MIN_CONTENT = 4  # content words a name needs for its variants to be looked for
_CONNECTORS = frozenset("of the and for on in under at by to ve və ile ilə".split())
_TOKEN = re.compile(r"[^\W\d_]+")
_STEM = 5  # letters two forms of a word must share (Turkic inflection: şurası / şurasına)


@dataclass(frozen=True)
class LongName:
    concept_id: str
    text: str
    words: tuple[str, ...]  # folded skeletons, connectors included
    content: tuple[str, ...]  # the content words


@dataclass(frozen=True)
class Variant:
    start: int
    end: int
    name: LongName


class LongNames:
    """The long names of one language, indexed by their content words."""

    def __init__(self, termbase: Termbase, lang: str) -> None:
        self.lang = lang
        self.by_word: dict[str, list[LongName]] = {}
        for term in termbase.terms(lang):
            if not term.allowed and term.status != "superseded":
                continue
            words = tuple(_key(w, lang) for w in _TOKEN.findall(term.text))
            content = tuple(w for w in words if w not in _CONNECTORS)
            if len(content) < MIN_CONTENT:
                continue
            name = LongName(term.concept_id, term.text, words, content)
            for word in set(content):
                self.by_word.setdefault(word[:_STEM], []).append(name)
        self._hits: dict[str, bool] = {}  # white-space token -> starts like a content word (memo)

    _TRANSIENT = ("_hits",)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in self._TRANSIENT}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._hits = {}

    def worth_looking(self, tokens: list[str]) -> bool:
        """Whether white-space tokens hold words of some long name, at least MIN_CONTENT - 1
        of them different (each distinct token is classified once: most texts hold none)."""
        if not self.by_word:
            return False
        hits = self._hits
        if len(hits) > 50_000:
            hits.clear()  # bounded memory on huge inputs
        found = 0
        for token in set(tokens):
            hit = hits.get(token)
            if hit is None:
                words = _TOKEN.findall(token)
                hit = hits[token] = any(_key(w, self.lang)[:_STEM] in self.by_word for w in words)
            found += hit
            if found >= MIN_CONTENT - 1:
                return True
        return False

    def find(self, text: str, start: int, end: int, is_state) -> list[Variant]:
        """Variants in text[start:end], leftmost first, not overlapping; `is_state(word)` says
        whether a word names a state."""
        tokens = [(m.start(), m.end(), _key(m.group(), self.lang)) for m in _TOKEN.finditer(text, start, end)]
        found: list[Variant] = []
        i = 0
        while i < len(tokens):
            variant = self._at(text, tokens, i, is_state)
            if variant is None:
                i += 1
                continue
            found.append(variant)
            while i < len(tokens) and tokens[i][0] < variant.end:
                i += 1
        return found

    def _at(self, text: str, tokens: list, i: int, is_state) -> Variant | None:
        names = self.by_word.get(tokens[i][2][:_STEM])
        if not names:
            return None
        for name in sorted(names, key=lambda n: (-len(n.words), n.concept_id, n.text)):
            size = len(name.words) + 1
            window = tokens[i : i + size]
            # the run ends at punctuation other than a hyphen or space
            cut = len(window)
            for j in range(1, len(window)):
                gap = text[window[j - 1][1] : window[j][0]]
                if gap.strip(" -") or "\n\n" in gap:
                    cut = j
                    break
            window = window[:cut]
            variant = _match(name, window, is_state)
            if variant is not None:
                return Variant(window[0][0], window[variant - 1][1], name)
        return None


def _match(name: LongName, window: list, is_state) -> int | None:
    """The length of the run at the start of `window` that is a variant of `name`, or None."""
    wanted = list(name.content)
    odd: list[tuple[int, str]] = []  # (position, word) of the words the name has not
    last_hit = 0
    order: list[int] = []
    for j, (_s, _e, word) in enumerate(window):
        hit = next((k for k, w in enumerate(wanted) if w and _same_word(w, word)), None)
        if hit is not None:
            wanted[hit] = ""
            order.append(hit)
            last_hit = j + 1
        elif word in _CONNECTORS:
            continue
        else:
            odd.append((j, word))
            if len(odd) > 1:
                break
    missing = sum(1 for w in wanted if w)
    odd_inside = [w for j, w in odd if j < last_hit]
    if missing == 1 and not odd_inside and last_hit < len(window) and window[last_hit][2] not in _CONNECTORS:
        last_hit += 1  # the word in place of the missing one ends the run ("… Speaking Countries")
        odd_inside = [window[last_hit - 1][2]]
    if missing > 1 or len(odd_inside) > 1 or len(odd_inside) < missing or last_hit == 0:
        return None
    if not odd_inside and order == sorted(order):
        return None  # the name itself, in order (the matcher's business)
    if missing:
        replaced = next(w for w in wanted if w)
        if len(replaced) < 3 or odd_inside[0][-2:] != replaced[-2:]:
            return None  # the odd word is no stand-in for the missing one (not inflected alike)
    if any(is_state(w) for w in odd_inside):
        return None  # another state's body
    return last_hit


def _same_word(name_word: str, written: str) -> bool:
    if name_word == written:
        return True
    return (
        len(name_word) >= _STEM
        and len(written) >= _STEM
        and written[:_STEM] == name_word[:_STEM]
        and (written.startswith(name_word[:-1]) or name_word.startswith(written[:-1]))
    )


def _key(word: str, lang: str) -> str:
    return skeleton(fold(word, lang))


def long_names(termbase: Termbase, lang: str) -> LongNames:
    """The termbase's long-name index for `lang`, built on first use and kept on the termbase."""
    cache = termbase.__dict__.setdefault("_long_names", {})
    if lang not in cache:
        cache[lang] = LongNames(termbase, lang)
    return cache[lang]
