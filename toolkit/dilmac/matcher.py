"""Find every occurrence of every termbase term in a text, inflected or not.

One Aho–Corasick automaton holds the *skeleton* (folded, diacritics and homoglyphs reduced) of
every term of every language, with the last word cut to the prefix all its inflected forms
share. A single scan of the text's skeleton yields candidates; each candidate is verified in
Python (word boundaries, the inflectional suffix through `morph`, exact vs. diacritic-less
spelling), so the cost grows with the text and the number of hits, not with the termbase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

import ahocorasick

from dilmac import morph
from dilmac.normalize import HOMOGLYPHS, TURKIC, NormalizedText, fold, latinize, skeleton
from dilmac.termbase import Term

# After a candidate's prefix: the rest of the word, then an optional separator (Turkish
# apostrophe, Azerbaijani hyphen after abbreviations, closing quote) and a suffix.
_WORD_REST = re.compile(r"[^\W_]*")
_SEPARATED = re.compile(r"['\-\"][^\W_]+")
_HOMOGLYPH_CHARS = frozenset(HOMOGLYPHS)


@dataclass(frozen=True)
class Occurrence:
    start: int          # offsets into the scanned text, end exclusive, suffix included
    end: int
    term: Term
    stem_end: int       # where the inflectional suffix begins (== end when there is none)
    word_start: int     # where the term's last word begins
    diacritics_ok: bool
    homoglyphs: bool

    @property
    def lang(self) -> str:
        return self.term.lang

    @property
    def exact(self) -> bool:
        return self.diacritics_ok and not self.homoglyphs


@dataclass(frozen=True)
class Pattern:
    term: Term
    head: str           # folded words before the last word, with the joining space
    last: str           # folded last word
    compound: bool      # az/tr multi-word name whose last word carries the izafet suffix
    inflects: bool

    @property
    def folded(self) -> str:
        return self.head + self.last


def compile_pattern(term: Term) -> tuple[str, Pattern]:
    """The automaton key of a term and what is needed to verify a hit."""
    folded = NormalizedText(term.text, term.lang).folded.strip()
    head, _, last = folded.rpartition(" ")
    head = head + " " if head else ""
    compound = bool(head) and term.lang in TURKIC
    inflects = term.inflect and any(c.isalpha() for c in last[-1:])
    prefix = morph.index_prefix(term.lang, last, compound=compound, abbr=term.abbr) if inflects else last
    pattern = Pattern(term, head, last, compound, inflects)
    return skeleton(head + prefix), pattern


class TermIndex:
    """The compiled automaton over a set of terms; picklable, so the CLI can cache it."""

    def __init__(self, terms: Iterable[Term]) -> None:
        by_key: dict[str, list[Pattern]] = {}
        for term in terms:
            key, pattern = compile_pattern(term)
            if key.strip():
                by_key.setdefault(key, []).append(pattern)
        self.patterns: list[tuple[Pattern, ...]] = []
        self.automaton = ahocorasick.Automaton()
        for key, patterns in by_key.items():
            self.automaton.add_word(key, (len(key), len(self.patterns)))
            self.patterns.append(tuple(patterns))
        if self.patterns:
            self.automaton.make_automaton()

    def scan(self, text: str, lang: str | None = None) -> list[Occurrence]:
        """All verified occurrences in `text`, of every language, overlapping ones included."""
        if not self.patterns:
            return []
        norm = NormalizedText(text, lang)
        skel = norm.skeleton
        folds: dict[bool, str] = {}
        latins: dict[bool, str] = {}
        found: list[Occurrence] = []
        n = len(skel)
        for end_index, (key_len, slot) in self.automaton.iter(skel):
            start = end_index - key_len + 1
            if start > 0 and skel[start - 1].isalnum():
                continue
            after = end_index + 1
            rest_end = _WORD_REST.match(skel, after).end()
            ends = [rest_end]
            separated = _SEPARATED.match(skel, rest_end) if rest_end < n else None
            if separated:
                ends.insert(0, separated.end())
            for pattern in self.patterns[slot]:
                turkic = pattern.term.lang in TURKIC
                folded = folds.get(turkic)
                if folded is None:
                    folded = folds[turkic] = fold(norm.compact, pattern.term.lang)
                    latin = latins[turkic] = latinize(folded)
                latin = latins[turkic]
                occurrence = _verify(pattern, norm, folded, latin, skel, start, after, ends, lang)
                if occurrence:
                    found.append(occurrence)
        found.sort(key=lambda o: (o.start, -o.end))
        return found


def _verify(pattern: Pattern, norm: NormalizedText, folded: str, latin: str, skel: str, start: int,
            key_end: int, ends: list[int], text_lang: str | None) -> Occurrence | None:
    """Check one candidate. Spelling is judged on `latin` (the folded text with look-alike
    letters of other scripts read as their Latin twins), so "Kabinәti" with a Cyrillic ә is
    the forbidden "Kabinəti", not the right "Kabineti"; the homoglyph itself is reported apart."""
    word_start = start + len(pattern.head)
    head_exact = latin[start:word_start] == pattern.head
    term = pattern.term
    # A Turkish name in Azerbaijani text takes Azerbaijani suffixes ("Taşkentdə"), and vice versa.
    sibling = text_lang if text_lang in TURKIC and term.lang in TURKIC and text_lang != term.lang else None
    for end in ends:
        if not pattern.inflects:
            if end != key_end and not (end > key_end and not skel[key_end].isalnum()):
                continue
            end = key_end
            token = latin[word_start:end]
            exact = head_exact and token == pattern.last
            if not exact and skel[word_start:end] != skeleton(pattern.last):
                continue
            suffix_len = 0
        else:
            token = latin[word_start:end]
            grammar = next((lang for lang in (term.lang, sibling) if lang and morph.suffix_ok(
                lang, pattern.last, token, compound=pattern.compound, abbr=term.abbr)), None) if head_exact else None
            exact = grammar is not None
            if not exact and not morph.suffix_ok(term.lang, pattern.last, token, compound=pattern.compound,
                                                 abbr=term.abbr, loose=True):
                continue
            suffix = morph.split_suffix(grammar or term.lang, pattern.last, token, compound=pattern.compound,
                                        abbr=term.abbr, loose=not exact) or ""
            suffix_len = len(suffix)
        if term.abbr and not _abbreviation_written(term.text, norm.compact[start:end], exact):
            continue
        src_start, src_end = norm.span_to_source(start, end)
        stem_end = norm.span_to_source(start, end - suffix_len)[1] if suffix_len else src_end
        homoglyphs = any(c in _HOMOGLYPH_CHARS for c in folded[start:end])
        return Occurrence(src_start, src_end, term, stem_end, norm.to_source(word_start),
                          exact, homoglyphs)
    return None


def _abbreviation_written(term_text: str, found: str, exact: bool) -> bool:
    """An abbreviation counts only where its capitals are capitals: "un" is not the UN, "ailə"
    is not "Aİ" + suffix. Short ones must also be spelt exactly ("AI" is not "Aİ")."""
    if not exact and len(term_text) < 4:
        return False
    return all(f.isupper() for t, f in zip(term_text, found) if t.isupper())


def select(occurrences: list[Occurrence]) -> list[Occurrence]:
    """Leftmost-longest non-overlapping occurrences, right letters before lost diacritics."""
    ranked = sorted(occurrences, key=lambda o: (o.start, -(o.end - o.start), not o.diacritics_ok, o.homoglyphs))
    chosen: list[Occurrence] = []
    last_end = -1
    for occ in ranked:
        if occ.start >= last_end:
            chosen.append(occ)
            last_end = occ.end
    return chosen
