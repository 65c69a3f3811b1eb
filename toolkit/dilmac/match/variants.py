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
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING

from dilmac.language.normalize import NormalizedText, fold, skeleton

if TYPE_CHECKING:
    from dilmac.match.matcher import Occurrence
    from dilmac.termbase.model import Termbase

MIN_CONTENT = 4  # content words a name needs for its variants to be looked for
_CONNECTORS = frozenset("of the and for on in under at by to ve və ile ilə".split())
_TOKEN = re.compile(r"[^\W\d_]+")
_STEM = 5  # letters two forms of a word must share (Turkic inflection: şurası / şurasına)
_MAX_SUBSET = 8  # the longest key looked up: names of more than nine content words are not looked for
_GAP = 40  # characters between the starts of two neighbouring content words of one name, at most


@dataclass(frozen=True)
class LongName:
    concept_id: str
    text: str
    words: tuple[str, ...]  # folded skeletons, connectors included
    content: tuple[str, ...]  # the content words
    stems: frozenset[str]  # their first letters (_STEM)


@dataclass(frozen=True)
class Variant:
    start: int
    end: int
    name: LongName


class LongNames:
    """The long names of one language, indexed by their stems (a name's content words cut to
    _STEM letters, sorted) less one: a variant has all its words but one, so it is found by
    one look-up per subset of the stems in a run of words, whatever the size of the termbase."""

    def __init__(self, termbase: Termbase, lang: str) -> None:
        self.lang = lang
        self.stems: set[str] = set()
        # how a stem can be written in lower case: with its letters (dövlə) and without (dovle)
        self.surfaces: dict[str, str] = {}
        # the stems of a name but one (sorted) -> the names: a variant has all its words but one
        self.by_subset: dict[tuple[str, ...], list[LongName]] = {}
        for term in termbase.terms(lang):
            if not term.allowed and term.status != "superseded":
                continue
            words = tuple(_key(w, lang) for w in _TOKEN.findall(term.text))
            content = tuple(w for w in words if w not in _CONNECTORS)
            if len(content) < MIN_CONTENT:
                continue
            stems = sorted({w[:_STEM] for w in content})
            name = LongName(term.concept_id, term.text, words, content, frozenset(stems))
            for written in _TOKEN.findall(term.text):
                key = _key(written, lang)
                if key in content and len(key) >= 3:  # (not "I" of a rank, not "co")
                    for surface in (key, fold(written, lang), written.lower()):
                        if len(surface) == len(written):
                            self.surfaces.setdefault(surface[:_STEM], key[:_STEM])
            self.stems.update(stems)
            for subset in {tuple(stems)} | set(combinations(stems, len(stems) - 1)):
                self.by_subset.setdefault(subset, []).append(name)
        self.sizes = sorted({len(key) for key in self.by_subset})
        self.reach = max((len(n.words) for names in self.by_subset.values() for n in names), default=0) + 1
        self._automata: tuple | None = None  # over the stems (str, bytes), built on first use
        self._patterns: list[str] = []
        self._capitals = None  # over the capitalised ASCII stems (bytes), built on first use
        self._capital_stems: list[str] = []
        self._names_memo: dict[tuple[str, ...], list[LongName]] = {}  # _names_in's answers
        self._match_memo: dict[tuple, int | None] = {}  # (name, words of a run) -> _match's answer

    # (native objects and memos: not pickled)
    _TRANSIENT = ("_automata", "_patterns", "_capitals", "_capital_stems", "_names_memo", "_match_memo")

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in self._TRANSIENT}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._automata = self._capitals = None
        self._patterns = []
        self._names_memo = {}
        self._match_memo = {}

    def find(self, text: str, start: int, end: int, is_state, taken: list[tuple[int, int]] = ()) -> list[Variant]:
        """Variants in text[start:end], leftmost first, not overlapping each other nor the
        `taken` spans (the terms found: sorted by start); `is_state(word)` says whether a word
        names a state. The region in lower case, with the taken spans blanked, is searched for
        the names' stems in one automaton pass; words are read only where three of them stand
        close together."""
        low = text[start:end]
        lowered = low.lower()
        # str.lower is C-fast; where it changes the length (Turkish İ) fold keeps offsets
        low = _blanked(lowered if len(lowered) == len(low) else fold(low, self.lang), taken, start)
        return self._search(low, text[start:end], lambda at, after: (start + at, start + after), is_state)

    def find_normalized(
        self,
        norm: NormalizedText,
        start: int,
        end: int,
        is_state,
        terms: list[Occurrence] = (),
        taken: list[tuple[int, int]] = (),
    ) -> list[Variant]:
        """`find` on the matcher's layers of the text (its compact skeleton: lower case, no
        diacritics, white space collapsed), which saves lower-casing the text again; offsets
        are mapped back to the text. `terms`: the occurrences the matcher found in `norm`,
        in text order (their compact offsets are used as they are); `taken`: other spans of
        the text, sorted, that no variant may overlap."""
        c_start, c_end = _to_compact(norm, start), _to_compact(norm, end)
        cased = norm.cased[c_start:c_end]
        if not cased.isascii():
            taken = sorted([(o.start, o.end) for o in terms] + list(taken))
            low, cased = _blanked_compact(norm, c_start, c_end, taken)
            return self._search(
                low, cased, lambda at, after: norm.span_to_source(c_start + at, c_start + after), is_state
            )
        # No text is blanked: the capitalised hits and the words are checked against the terms'
        # spans in the compact text.
        spans = [
            (o.compact_start - c_start, o.compact_end - c_start)
            for o in terms
            if o.compact_end > c_start and o.compact_start < c_end
        ]
        if taken:
            spans = sorted(spans + _compact_spans(norm, c_start, c_end, taken))
        return self._search(
            norm.skeleton[c_start:c_end],
            cased,
            lambda at, after: norm.span_to_source(c_start + at, c_start + after),
            is_state,
            self._capital_clusters(cased, spans),
            spans,
            keyed=True,
        )

    def _capital_clusters(self, cased: str, spans: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
        """`_clusters` found from the capitalised words only (on an ASCII skeleton that kept
        its case): two different ones or more, each within _GAP of the last, and the words
        after them. A name's variant keeps two capitals at least; far fewer words to look at
        than all those that start like a name's word."""
        if self._capitals is None:
            import ahocorasick_rs

            self._capital_stems = sorted({stem[:1].upper() + stem[1:] for stem in self.stems if stem.isascii()})
            self._capitals = ahocorasick_rs.BytesAhoCorasick(
                [p.encode() for p in self._capital_stems], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
            )
        stems = self._capital_stems
        spots = []
        k, n = 0, len(spans)
        for index, at, _after in self._capitals.find_matches_as_indexes(cased.encode("ascii")):
            if at > 0 and cased[at - 1].isalnum():
                continue  # inside a word
            while k < n and spans[k][1] <= at:
                k += 1
            if k < n and spans[k][0] <= at:
                continue  # inside a term found
            spots.append((at, stems[index]))
        ranges: list[tuple[int, int]] = []
        i = 0
        while i < len(spots):
            j = i
            while j + 1 < len(spots) and spots[j + 1][0] - spots[j][0] <= _GAP:
                j += 1
            if j > i and spots[i][1] != spots[j][1]:
                ranges.append((spots[i][0], min(len(cased), spots[j][0] + _GAP)))
            i = j + 1
        return ranges

    def _search(
        self, low: str, cased: str, span_to_text, is_state, ranges=None, spans=(), keyed: bool = False
    ) -> list[Variant]:
        """The variants in `low` (a lower-cased text, `cased` its case), their spans mapped to
        the text by `span_to_text(start, end)`; in `ranges` of it when given; words inside
        `spans` (sorted) are taken: they end a run. `keyed`: `low` is a skeleton in ASCII, whose
        words are their own keys."""
        stems, lang = self.stems, self.lang
        found: list[Variant] = []
        k, n = 0, len(spans)
        for a, b in self._clusters(low, cased) if ranges is None else ranges:
            tokens = []
            for m in _TOKEN.finditer(low, a, b):
                at = m.start()
                while k < n and spans[k][1] <= at:
                    k += 1
                if k < n and spans[k][0] <= at:
                    tokens.append((at, m.end(), _TAKEN, False))
                    continue
                word = m.group()
                key = word if keyed else _key(word, lang)
                tokens.append((at, m.end(), key, key[:_STEM] in stems))
            for phrase in _phrases(low, tokens):
                if len({t[2][:_STEM] for t in phrase if t[3]}) < MIN_CONTENT - 1:
                    continue  # (most phrases: a name of two capitalised words, then a comma)
                i = 0
                while i < len(phrase):
                    run = self._at(phrase[i : i + self.reach], is_state) if phrase[i][3] else None
                    if run is None:
                        i += 1
                        continue
                    (run_start, run_end), name = run
                    text_start, text_end = span_to_text(run_start, run_end)
                    found.append(Variant(text_start, text_end, name))
                    while i < len(phrase) and phrase[i][0] < run_end:
                        i += 1
        return found

    def _clusters(self, low: str, cased: str) -> list[tuple[int, int]]:
        """Ranges of the lower-cased text (`cased` lowered) where words starting like
        MIN_CONTENT - 1 different stems of one name stand close together, two of them or more
        with a capital: an official name is written with capitals, a generic phrase made of
        the same words ("small business support") is not."""
        if self._automata is None:
            import ahocorasick_rs

            self._patterns = sorted(self.surfaces)
            longest = ahocorasick_rs.MatchKind.LeftmostLongest
            self._automata = (
                ahocorasick_rs.AhoCorasick(self._patterns, matchkind=longest),
                ahocorasick_rs.BytesAhoCorasick([p.encode() for p in self._patterns], matchkind=longest),
            )
        patterns, surfaces = self._patterns, self.surfaces
        if low.isascii():  # over bytes: no offsets to map to characters (several times faster)
            hits = self._automata[1].find_matches_as_indexes(low.encode("ascii"))
        else:
            hits = self._automata[0].find_matches_as_indexes(low)
        spots = [(at, surfaces[patterns[k]]) for k, at, _after in hits if not (at > 0 and low[at - 1].isalnum())]
        ranges: list[tuple[int, int]] = []
        i = 0
        while i < len(spots):
            j = i
            while j + 1 < len(spots) and spots[j + 1][0] - spots[j][0] <= _GAP:
                j += 1
            stems = tuple(sorted({stem for _at, stem in spots[i : j + 1]}))
            if (
                len(stems) >= MIN_CONTENT - 1
                and sum(cased[at].isupper() for at, _stem in spots[i : j + 1]) >= 2
                and self._names_in(stems)
            ):
                ranges.append((spots[i][0], min(len(low), spots[j][0] + _GAP)))
            i = j + 1
        return ranges

    def _names_in(self, stems: tuple[str, ...]) -> list[LongName]:
        """The names all of whose stems but at most one are among `stems` (sorted), longest
        first (then by concept and text: a fixed order): one look-up per subset of `stems` of a
        size some name's key has. Memoised: overlapping windows, and the same phrases in
        document after document, bring the same stems back."""
        names = self._names_memo.get(stems)
        if names is not None:
            return names
        found: dict[int, LongName] = {}
        for size in self.sizes:
            if size > len(stems) or size > _MAX_SUBSET:
                break
            for subset in combinations(stems, size):
                for name in self.by_subset.get(subset, ()):
                    found[id(name)] = name
        if len(self._names_memo) > 65536:
            self._names_memo.clear()  # bounded memory on huge inputs
        names = self._names_memo[stems] = sorted(found.values(), key=lambda n: (-len(n.words), n.concept_id, n.text))
        return names

    def _at(self, window: list, is_state) -> tuple[tuple[int, int], LongName] | None:
        """The variant run at the start of `window` (the tokens of a phrase from the one the
        run would start with), as ((start, end) in the text searched, name), or None."""
        hit_stems = tuple(sorted({t[2][:_STEM] for t in window if t[3]}))
        if len(hit_stems) < MIN_CONTENT - 1:
            return None
        # _match depends on the words only: the same phrases come back document after document
        words = tuple(t[2] for t in window)
        memo = self._match_memo
        if len(memo) > 65536:
            memo.clear()  # bounded memory on huge inputs
        for name in self._names_in(hit_stems):
            size = len(name.words) + 1
            run = window[:size]
            key = (id(name), words[:size])
            length = memo.get(key, _UNSEEN)
            if length is _UNSEEN:
                length = memo[key] = _match(name, run, is_state)
            if length == _ITSELF:
                return None  # a name of the termbase (its connectors aside) is no variant of another
            if length is not None:
                return (run[0][0], run[length - 1][1]), name
        return None


def _phrases(low: str, tokens: list) -> Iterator[list]:
    """The tokens in runs that a name can span: parted by punctuation other than a hyphen or
    white space, by an empty line and by a term found (whose tokens are left out)."""
    phrase: list = []
    for token in tokens:
        if token[2] is _TAKEN:
            if phrase:
                yield phrase
            phrase = []
            continue
        if phrase:
            gap = low[phrase[-1][1] : token[0]]
            if gap.strip(" -") or "\n\n" in gap:
                yield phrase
                phrase = []
        phrase.append(token)
    if phrase:
        yield phrase


def _to_compact(norm: NormalizedText, offset: int) -> int:
    """The compact offset of a source offset (inside collapsed white space: its end)."""
    breaks_compact, breaks_source = norm.breakpoints
    i = bisect_right(breaks_source, offset) - 1
    if i < 0:
        return min(offset, breaks_compact[0]) if breaks_compact else offset
    mapped = breaks_compact[i] + (offset - breaks_source[i])
    return min(mapped, breaks_compact[i + 1]) if i + 1 < len(breaks_compact) else min(mapped, len(norm.skeleton))


_TAKEN = "|"  # the key of a word inside a term found: it ends a run


def _compact_offsets(norm: NormalizedText, taken) -> Iterator[tuple[int, int]]:
    """The taken (source) spans as offsets into the compact text: one walk over the spans and
    the offset map together (both sorted)."""
    breaks_compact, breaks_source = norm.breakpoints
    n = len(breaks_source)
    k = -1
    for start, end in taken:
        while k + 1 < n and breaks_source[k + 1] <= start:
            k += 1
        s = start if k < 0 else breaks_compact[k] + (start - breaks_source[k])
        j = k
        while j + 1 < n and breaks_source[j + 1] <= end:
            j += 1
        yield s, end if j < 0 else breaks_compact[j] + (end - breaks_source[j])


def _compact_spans(norm: NormalizedText, c_start: int, c_end: int, taken) -> list[tuple[int, int]]:
    """The taken (source) spans as offsets into the compact text from c_start (both sorted)."""
    return [(s - c_start, e - c_start) for s, e in _compact_offsets(norm, taken) if e > c_start and s < c_end]


def _blanked_compact(norm: NormalizedText, c_start: int, c_end: int, taken) -> tuple[str, str]:
    """The compact skeleton between c_start and c_end, lower-cased and with its case, with the
    taken (source) spans blanked as `_blanked` does."""
    skel, cased = norm.skeleton, norm.cased
    cuts = []
    at = c_start
    for s, e in _compact_offsets(norm, taken):
        s, e = max(s, at), min(e, c_end)
        if e <= s:
            continue
        cuts.append((at, s, e))
        at = e
    blanks = ["|" * (e - s) for _at, s, e in cuts]
    low = "".join(piece for (a, s, _e), blank in zip(cuts, blanks) for piece in (skel[a:s], blank)) + skel[at:c_end]
    upper = "".join(piece for (a, s, _e), blank in zip(cuts, blanks) for piece in (cased[a:s], blank)) + cased[at:c_end]
    return low, upper


def _blanked(low: str, taken, offset: int) -> str:
    """`low` (the text from `offset`) with the taken spans replaced by a mark that ends any
    run of words (same length)."""
    if not taken:
        return low
    pieces = []
    at = 0
    for start, end in taken:
        start, end = max(start - offset, at), min(end - offset, len(low))
        if end <= start:
            continue
        pieces.append(low[at:start])
        pieces.append("|" * (end - start))
        at = end
    pieces.append(low[at:])
    return "".join(pieces)


_ITSELF = -1  # what _match says of a run that is the name itself
_UNSEEN = object()


def _match(name: LongName, window: list, is_state) -> int | None:
    """The length of the run at the start of `window` that is a variant of `name`, _ITSELF
    when the run is the name (in order, its connectors aside), or None."""
    wanted = list(name.content)
    odd: list[tuple[int, str]] = []  # (position, word) of the words the name has not
    last_hit = 0
    order: list[int] = []
    for j, (_s, _e, word, _hit) in enumerate(window):
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
        return _ITSELF  # the matcher's business
    if missing:
        replaced = next(w for w in wanted if w)
        if len(replaced) < 3 or odd_inside[0][-2:] != replaced[-2:]:
            return None  # the odd word is no stand-in for the missing one (not inflected alike)
        if is_state(replaced):
            return None  # the name's state left out: another state's body of the same words
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


@lru_cache(maxsize=65536)
def _key(word: str, lang: str) -> str:
    return skeleton(fold(word, lang))


def long_names(termbase: Termbase, lang: str) -> LongNames:
    """The termbase's long-name index for `lang`, built on first use and kept on the termbase."""
    cache = termbase.__dict__.setdefault("_long_names", {})
    if lang not in cache:
        cache[lang] = LongNames(termbase, lang)
    return cache[lang]
