"""Find every occurrence of every termbase term in a text, inflected or not.

One Aho–Corasick automaton holds the *skeleton* (folded, diacritics and homoglyphs reduced) of
every term of every language, with the last word cut to the prefix all its inflected forms
share. A single scan of the text's skeleton yields candidates; each candidate is verified in
Python (word boundaries, the inflectional suffix through `morph`, exact vs. diacritic-less
spelling), so the cost grows with the text and the number of hits, not with the termbase. The
scan reads q as g, so that it also finds Azerbaijani names written with g for q (Pattern.with_g).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

import ahocorasick_rs

from dilmac.language import morph
from dilmac.language.case import upper
from dilmac.language.normalize import (
    HOMOGLYPHS,
    TURKIC,
    NormalizedText,
    cased_skeleton,
    fold,
    latinize,
    skeleton,
)
from dilmac.termbase.model import Term

# After a candidate's prefix: the rest of the word, then an optional separator (Turkish
# apostrophe, Azerbaijani hyphen after abbreviations, closing quote) and a suffix.
_WORD_REST = re.compile(r"[^\W_]*")
_SEPARATED = re.compile(r"['\-\"][^\W_]+")
_SEPARATORS = frozenset("'-\"")
_HOMOGLYPH_CHARS = frozenset(HOMOGLYPHS)
_START, _END = itemgetter(0), itemgetter(1)  # an occurrence's (or a span's) start and end
_KEY_END = itemgetter(2)  # where an automaton hit (slot, start, end) ends


class Occurrence(NamedTuple):
    """One term found in a text. A named tuple: tens of thousands are made per megabyte."""

    start: int  # offsets into the scanned text, end exclusive, suffix included
    end: int
    term: Term
    stem_end: int  # where the inflectional suffix begins (== end when there is none)
    word_start: int  # where the term's last word begins
    diacritics_ok: bool
    homoglyphs: bool
    # where it stands in the scanned text's compact layer (NormalizedText.compact); -1: unknown
    compact_start: int = -1
    compact_end: int = -1

    @property
    def lang(self) -> str:
        return self.term.lang

    @property
    def exact(self) -> bool:
        return self.diacritics_ok and not self.homoglyphs


@dataclass(frozen=True)
class Pattern:
    term: Term
    head: str  # folded words before the last word, with the joining space
    last: str  # folded last word
    compound: bool  # az/tr multi-word name whose last word carries the izafet suffix
    inflects: bool
    key: str  # the skeleton the text has where the term is (the automaton's key reads q as g)
    # An Azerbaijani term with q: its spelling with g, which a writer may use for the q
    # (the Azerbaijani q sounds like a g, Russian writes both г, English transliterates q as g:
    # "Gabala" for Qəbələ): "Gazaxıstanın", "e-ganun.az". None for the others.
    with_g: Pattern | None = None


def compile_pattern(term: Term) -> tuple[str, Pattern]:
    """The automaton key of a term and what is needed to verify a hit."""
    folded = NormalizedText(term.text, term.lang).folded.strip()
    head, _, last = folded.rpartition(" ")
    head = head + " " if head else ""
    compound = bool(head) and term.lang in TURKIC
    inflects = term.inflect and any(c.isalpha() for c in last[-1:])
    prefix = morph.index_prefix(term.lang, last, compound=compound, abbr=term.abbr) if inflects else last
    key = skeleton(head + prefix)
    # (abbreviations are written as they are: "QAK" has no spelling with g)
    with_g = None
    if term.lang == "az" and "q" in key and not term.abbr:
        with_g = compile_pattern(replace(term, text=g_for_q(term.text)))[1]
    return key, Pattern(term, head, last, compound, inflects, key, with_g)


def g_for_q(text: str) -> str:
    return text.replace("q", "g").replace("Q", "G")


# A DFA walks a text fastest but takes some 15 ms per 1 000 keys to build, ten times an NFA: a
# run that lints a file or two (a pre-commit hook, an editor) walks with NFAs, and the DFAs
# are built once this many characters have been walked (the same matches either way).
DFA_AFTER = 1 << 18


class TermIndex:
    """The compiled automata over a set of terms; picklable, so the CLI can cache it.

    Full names live in a case-insensitive automaton over the text's skeleton. Abbreviations
    only count when written with their capitals, so they live in a second, case-sensitive
    automaton over the skeleton with its case kept: a short key like "un" would otherwise hit
    inside every other word ("under", "fund") of a case-folded text.
    """

    _MEMO_LIMIT = 25_000  # entries per memo: bounds memory on huge inputs, which repeat far fewer spellings
    _TRANSIENT = ("_memo", "_found", "_automata", "_text_automata", "_slots_by_status", "_scanned")

    def __init__(self, terms: Iterable[Term]) -> None:
        by_key: dict[str, list[Pattern]] = {}
        by_cased_key: dict[str, list[Pattern]] = {}
        for term in terms:
            key, pattern = compile_pattern(term)
            if not key.strip():
                continue
            if term.abbr:
                for cased in _cased_keys(term):
                    by_cased_key.setdefault(cased, []).append(pattern)
            else:
                # The automaton reads q as g, in keys and texts: one walk finds a term with q
                # spelt either way (Pattern.with_g); verification tells the spellings apart.
                by_key.setdefault(key.replace("q", "g"), []).append(pattern)
        # Slots: the main keys first, then the cased ones; a key's slot is its index here.
        self.keys = list(by_key)
        self.cased_keys = list(by_cased_key)
        self.patterns: list[tuple[Pattern, ...]] = [tuple(p) for p in chain(by_key.values(), by_cased_key.values())]
        self.reach = max(map(len, chain(self.keys, self.cased_keys)), default=0)  # the longest key
        self._automata: tuple | None = None
        self._text_automata: tuple | None = None
        self._scanned = 0  # characters walked so far (see DFA_AFTER)
        self._slots_by_status: dict[frozenset[str], frozenset[int]] = {}
        self._memo: dict[tuple, tuple[str | None, int] | None] = {}
        self._found: dict[tuple, dict[tuple[int, str], tuple]] = {}

    def __getstate__(self) -> dict:
        # The automata are native objects that cannot be pickled; they are rebuilt from the keys.
        return {k: v for k, v in self.__dict__.items() if k not in self._TRANSIENT}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._automata = self._text_automata = None
        self._scanned = 0
        self._slots_by_status = {}
        self._memo = {}
        self._found = {}

    @property
    def automata(self) -> tuple:
        """(main, cased) Aho–Corasick automata over UTF-8 bytes (None where there are no keys),
        built on first use. A walk over bytes reports byte offsets, which are character offsets
        in ASCII text, the usual case for a skeleton; over a str the library would map every
        byte offset to a character first, costing as much as the walk itself. NFAs first, DFAs
        once DFA_AFTER characters have been walked."""
        dfa = self._scanned > DFA_AFTER
        if self._automata is None or self._automata[2] != dfa:
            self._automata = (_automaton(self.keys, dfa=dfa), _automaton(self.cased_keys, dfa=dfa), dfa)
        return self._automata

    @property
    def text_automata(self) -> tuple:
        """The same automata over str, for text that is not ASCII (offsets in characters)."""
        dfa = self._scanned > DFA_AFTER
        if self._text_automata is None or self._text_automata[2] != dfa:
            self._text_automata = (
                _automaton(self.keys, text=True, dfa=dfa),
                _automaton(self.cased_keys, text=True, dfa=dfa),
                dfa,
            )
        return self._text_automata

    def _walk(self, which: int, text: str) -> list[tuple[int, int, int]]:
        """(slot, start, end) of every key in `text`, overlapping ones included."""
        self._scanned += len(text)
        if text.isascii():
            automaton = self.automata[which]
            return automaton.find_matches_as_indexes(text.encode("ascii"), overlapping=True) if automaton else []
        automaton = self.text_automata[which]
        return automaton.find_matches_as_indexes(text, overlapping=True) if automaton else []

    def scan(
        self,
        text: str,
        lang: str | None = None,
        langs: frozenset[str] | None = None,
        statuses: frozenset[str] | None = None,
    ) -> list[Occurrence]:
        """All verified occurrences in `text` of terms of `langs` (default: every language),
        overlapping ones included. `lang` is the text's language (its casing rules).

        `statuses`: the checks only need occurrences of terms with these statuses; the others
        are verified only where they overlap those (directly or through other occurrences), so
        that choosing among overlapping readings (`select`) decides as over all of them."""
        return self.scan_normalized(NormalizedText(text, lang), lang, langs, statuses)

    def scan_normalized(
        self,
        norm: NormalizedText,
        lang: str | None = None,
        langs: frozenset[str] | None = None,
        statuses: frozenset[str] | None = None,
    ) -> list[Occurrence]:
        """`scan` of a text already normalised (the caller keeps the layers)."""
        if not self.patterns:
            return []
        hits = self._walk(0, norm.skeleton.replace("q", "g"))
        if self.cased_keys:
            offset = len(self.keys)
            hits += [(slot + offset, start, end) for slot, start, end in self._walk(1, norm.cased)]
        if len(self._memo) > self._MEMO_LIMIT:
            self._memo.clear()
        # What a candidate verifies to depends only on its slot, its compact text and the
        # languages involved, and a corpus repeats the same names: verify each spelling once.
        known = self._found.setdefault((lang, langs), {})
        if len(known) > self._MEMO_LIMIT:
            known.clear()
        if statuses is None:
            found = self._read(hits, norm, known, lang, langs)
        else:
            found = self._read_needed(hits, norm, known, lang, langs, statuses)
        found.sort(key=_END, reverse=True)  # by start, longer first: two stable C-level sorts
        found.sort(key=_START)
        return found

    def _read_needed(
        self,
        hits: list,
        norm: NormalizedText,
        known: dict,
        lang: str | None,
        langs: frozenset[str] | None,
        statuses: frozenset[str],
    ) -> list[Occurrence]:
        """The occurrences of terms with `statuses`, and those overlapping them, transitively."""
        needed = self._slots_with(statuses)
        first = [hit for hit in hits if hit[0] in needed]
        spans: list[tuple[int, int]] = []
        found = self._read(first, norm, known, lang, langs, spans) if first else []
        if not found:
            return found
        # The other candidates in the order of their key's end (a key is at most `reach` long).
        # One ends no further than the next space after its key: it can only overlap a span
        # (start, end) if its key ends after the last space before `start`.
        rest = sorted((hit for hit in hits if hit[0] not in needed), key=_KEY_END)
        ends = [hit[2] for hit in rest]
        reach = self.reach
        skel = norm.skeleton
        taken: set[int] = set()
        while spans:
            batch = []
            for span_start, span_end in spans:
                low = skel.rfind(" ", 0, span_start) + 1
                for i in range(bisect.bisect_left(ends, low), bisect.bisect_left(ends, span_end + reach)):
                    if i not in taken and rest[i][1] < span_end:
                        taken.add(i)
                        batch.append(rest[i])
            spans = []
            if batch:
                found += self._read(batch, norm, known, lang, langs, spans)
        return found

    def _slots_with(self, statuses: frozenset[str]) -> frozenset[int]:
        slots = self._slots_by_status.get(statuses)
        if slots is None:
            slots = self._slots_by_status[statuses] = frozenset(
                slot for slot, patterns in enumerate(self.patterns) if any(p.term.status in statuses for p in patterns)
            )
        return slots

    def _read(
        self,
        hits: list,
        norm: NormalizedText,
        known: dict,
        lang: str | None,
        langs: frozenset[str] | None,
        spans: list | None = None,
    ) -> list[Occurrence]:
        """The verified occurrences of automaton hits; `spans` gets their compact spans."""
        skel = norm.skeleton
        compact = norm.compact
        folds: dict[bool, tuple[str, str]] = {}
        found: list[Occurrence] = []
        n = len(skel)
        append, new_tuple = found.append, tuple.__new__
        # Where a span has no collapsed gap inside it, one shift maps it to the source; the
        # breakpoints are searched here, not through NormalizedText's methods: a call per
        # occurrence costs as much as the rest of its mapping.
        breaks, breaks_source = norm.breakpoints
        n_breaks = len(breaks)
        after_break = bisect.bisect_right
        for slot, start, after in hits:
            if start > 0 and skel[start - 1].isalnum():
                continue
            rest_end = _WORD_REST.match(skel, after).end() if after < n and skel[after].isalnum() else after
            if rest_end < n and skel[rest_end] in _SEPARATORS and (separated := _SEPARATED.match(skel, rest_end)):
                max_end = separated.end()
            else:
                max_end = rest_end
            memo_key = (slot, compact[start:max_end])
            verified = known.get(memo_key)
            if verified is None:
                ends = [max_end, rest_end] if max_end != rest_end else [rest_end]
                verified = known[memo_key] = self._verify_slot(slot, norm, folds, start, after, ends, lang, langs)
            index = after_break(breaks, start) if n_breaks and verified else 0
            shift = breaks_source[index - 1] - breaks[index - 1] if index else 0
            for term, rel_end, rel_stem_end, rel_word_start, exact, homoglyphs in verified:
                end = start + rel_end
                if spans is not None:
                    spans.append((start, end))
                if index == n_breaks or breaks[index] >= end:
                    # no collapsed gap inside the span: one offset shift maps it all
                    start_ = start + shift
                    # (tuple.__new__ directly: the named tuple's own __new__ is a Python call)
                    append(
                        new_tuple(
                            Occurrence,
                            (
                                start_,
                                end + shift,
                                term,
                                start_ + rel_stem_end,
                                start_ + rel_word_start,
                                exact,
                                homoglyphs,
                                start,
                                end,
                            ),
                        )
                    )
                    continue
                src_start, src_end = norm.span_to_source(start, end)
                stem_end = norm.span_to_source(start, start + rel_stem_end)[1] if rel_stem_end < rel_end else src_end
                found.append(
                    Occurrence(
                        src_start,
                        src_end,
                        term,
                        stem_end,
                        norm.to_source(start + rel_word_start),
                        exact,
                        homoglyphs,
                        start,
                        end,
                    )
                )
        return found

    def _verify_slot(
        self,
        slot: int,
        norm: NormalizedText,
        folds: dict,
        start: int,
        key_end: int,
        ends: list[int],
        lang: str | None,
        langs: frozenset[str] | None,
    ) -> tuple:
        """The verified readings of one candidate, offsets relative to its start."""
        verified = []
        for pattern in self.patterns[slot]:
            if langs is not None and pattern.term.lang not in langs:
                continue
            turkic = pattern.term.lang in TURKIC
            layers = folds.get(turkic)
            if layers is None:
                # The text's own folding serves the terms of its language family.
                same_family = (lang in TURKIC) == turkic
                folded = norm.folded if same_family else fold(norm.compact, pattern.term.lang)
                layers = folds[turkic] = (folded, latinize(folded))
            reading = self._verify(pattern, norm.skeleton, norm.compact, layers, start, key_end, ends, lang)
            if reading:
                verified.append(reading)
        return tuple(verified)

    def _verify(
        self,
        pattern: Pattern,
        skel: str,
        compact: str,
        layers: tuple[str, str],
        start: int,
        key_end: int,
        ends: list[int],
        text_lang: str | None,
    ) -> tuple | None:
        """Check one candidate: (term, end, stem end, last word's start, spelt exactly,
        homoglyphs), offsets relative to the candidate's start, or None. Spelling is judged on
        the folded text with look-alike letters of other scripts read as their Latin twins, so
        "Kabinәti" with a Cyrillic ә is the forbidden "Kabinəti", not the right "Kabineti"; the
        homoglyph is reported apart."""
        folded, latin = layers
        term = pattern.term
        if term.abbr:
            if not _abbreviation_written(term.text, compact[start:key_end]):
                return None
        elif skel[start:key_end] != pattern.key:  # (the automaton reads q as g)
            if not _written_with_g(pattern, skel[start:key_end], text_lang):
                return None
            reading = self._verify(pattern.with_g, *_read_as_g(skel, layers, start, key_end, ends), text_lang)
            return reading and (term, *reading[1:4], False, reading[5])
        word_start = start + len(pattern.head)
        head_exact = latin[start:word_start] == pattern.head
        for end in ends:
            if not pattern.inflects:
                if end != key_end and skel[key_end].isalnum():
                    continue
                end = key_end
                exact = head_exact and latin[word_start:end] == pattern.last
                if not exact and skel[word_start:end] != skeleton(pattern.last):
                    continue
                suffix_len = 0
            else:
                verdict = self._inflection(pattern, latin[word_start:end], head_exact, text_lang)
                if verdict is None:
                    continue
                exact, suffix_len = verdict
            if term.abbr and not exact and len(term.text) < 4:
                continue  # "AI" is not "Aİ": short abbreviations must be spelt exactly
            homoglyphs = not _HOMOGLYPH_CHARS.isdisjoint(folded[start:end])
            return term, end - start, end - suffix_len - start, word_start - start, exact, homoglyphs
        return None

    def _inflection(
        self, pattern: Pattern, token: str, head_exact: bool, text_lang: str | None
    ) -> tuple[bool, int] | None:
        """(spelt exactly, suffix length) if `token` is a form of the pattern's last word.

        Memoised: a corpus repeats the same inflected forms, and morphology is the costly part.
        """
        term = pattern.term
        # A Turkish name in Azerbaijani text takes Azerbaijani suffixes ("Taşkentdə"), and vice versa.
        sibling = text_lang if text_lang in TURKIC and term.lang in TURKIC and text_lang != term.lang else None
        memo_key = (term.lang, sibling, pattern.last, pattern.compound, term.abbr, token, head_exact)
        if memo_key in self._memo:
            return self._memo[memo_key]
        options = {"compound": pattern.compound, "abbr": term.abbr}
        grammar = (
            next(
                (
                    lang
                    for lang in (term.lang, sibling)
                    if lang and morph.suffix_ok(lang, pattern.last, token, **options)
                ),
                None,
            )
            if head_exact
            else None
        )
        exact = grammar is not None
        if exact or morph.suffix_ok(term.lang, pattern.last, token, loose=True, **options):
            suffix = morph.split_suffix(grammar or term.lang, pattern.last, token, loose=not exact, **options) or ""
            verdict = (exact, len(suffix))
        else:
            verdict = None
        self._memo[memo_key] = verdict
        return verdict


def _written_with_g(pattern: Pattern, written: str, text_lang: str | None) -> bool:
    """Whether `written`, found where the automaton (reading q as g) found `pattern`'s key, is
    an Azerbaijani term's spelling with g for q in Azerbaijani text (Pattern.with_g): it has
    g where the key has q, and nowhere q where the key has g."""
    return (
        pattern.with_g is not None
        and text_lang == "az"
        and not any(w == "q" != k for w, k in zip(written, pattern.key))
    )


def _read_as_g(skel: str, layers: tuple[str, str], start: int, key_end: int, ends: list[int]) -> tuple:
    """`_verify`'s arguments for a candidate read with its key's q as g, offsets from its
    start: a name with one q of two written g is found too, and its suffix keeps its letters
    ("-lıq")."""
    stop = max(ends)
    skel_with_g, folded, latin = (
        layer[start:key_end].replace("q", "g") + layer[key_end:stop] for layer in (skel, *layers)
    )
    return skel_with_g, "", (folded, latin), 0, key_end - start, [end - start for end in ends]


def _automaton(keys: list[str], text: bool = False, dfa: bool = True):
    if not keys:
        return None
    # A DFA scans fastest; past ~100 000 keys its memory (some 1 KB per key) is not worth it.
    use_dfa = dfa and len(keys) <= 100_000
    kind = ahocorasick_rs.Implementation.DFA if use_dfa else ahocorasick_rs.Implementation.ContiguousNFA
    if text:
        return ahocorasick_rs.AhoCorasick(keys, implementation=kind)
    return ahocorasick_rs.BytesAhoCorasick([k.encode() for k in keys], implementation=kind)


def _cased_keys(term: Term) -> set[str]:
    """How an abbreviation can be written, on the cased skeleton the text is matched on: as in
    the termbase, and in capitals ("TİKA" and "TIKA" are both "TIKA" there)."""
    text = NormalizedText(term.text, term.lang).compact.strip()
    return {cased_skeleton(text), cased_skeleton(upper(text, term.lang))}


def _abbreviation_written(term_text: str, found: str) -> bool:
    """An abbreviation counts only where its capitals are capitals: "un" is not the UN."""
    return all(f.isupper() for t, f in zip(term_text, found) if t.isupper())


def _tie_rank(o: Occurrence) -> tuple[bool, bool, int]:
    return not o.diacritics_ok, o.homoglyphs, o.end - o.stem_end


def select(occurrences: list[Occurrence], *, ordered: bool = False) -> list[Occurrence]:
    """Leftmost-longest non-overlapping occurrences; among equal spans, right letters before
    lost diacritics, and the reading with the shorter suffix ("Hizmeti" is the term Hizmeti,
    not "Hizmet" + accusative). `ordered`: the occurrences are in the order `TermIndex.scan`
    returns (by start, longer first), as is any part of its list, and are not sorted again."""
    if not ordered:
        # By start, longer first (two stable sorts with C-level keys); the tie-break among
        # readings of one span is settled while choosing.
        occurrences = sorted(occurrences, key=_END, reverse=True)
        occurrences.sort(key=_START)
    chosen: list[Occurrence] = []
    last_end = -1
    for occ in occurrences:
        if occ[0] >= last_end:
            chosen.append(occ)
            last_end = occ[1]
        elif occ[1] == last_end and occ[0] == chosen[-1][0] and _tie_rank(occ) < _tie_rank(chosen[-1]):
            chosen[-1] = occ
    return chosen
