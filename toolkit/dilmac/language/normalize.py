"""Text normalisation for matching, with a map back to the original offsets.

Layers, each a string of the same length as the one before it except the first:

1. `compact`: NFC, soft hyphens / zero-width characters / FILLER removed, every run of
   white space (line breaks, non-breaking spaces) collapsed to one space; apostrophe
   variants → ', dash variants → -, quote variants → ". Removing and collapsing are the only
   steps that change lengths; `NormalizedText.to_source` maps offsets back.
2. `folded`: lower case by the language's rules (Turkic: I→ı, İ→i).
3. `skeleton`: folded with the Turkic letters reduced to ASCII (ü→u, ə→e, ı→i, …) and the
   common Cyrillic/Greek look-alikes mapped to their Latin twins, so one automaton scan finds a
   term written with or without its diacritics, or with homoglyphs.
4. `cased`: the skeleton with the case of the compact text (Ü→U, İ→I), made before the other
   two: lower-cased, it is the skeleton, which spares the costly Unicode lower-casing.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass
from itertools import accumulate

from dilmac.core.document import FILLER

TURKIC = frozenset({"az", "tr"})

APOSTROPHES = "'’ʼ‘`´′ʻ"
DASHES = "-‐‑‒–—―−﹣－"
QUOTES = '"“”„«»‟'

# Character maps are applied as chained str.replace over only the characters present: CPython's
# str.translate does a dict lookup per character (~20 MB/s), a replace runs at memory speed.
_PUNCT = (
    tuple((c, "'") for c in APOSTROPHES[1:]) + tuple((c, "-") for c in DASHES[1:]) + tuple((c, '"') for c in QUOTES[1:])
)
_TURKIC_CASE = (("I", "ı"), ("İ", "i"))
_OTHER_CASE = (("İ", "i"),)


def _replace(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for old, new in pairs:
        if old in text:
            text = text.replace(old, new)
    return text


def _replace_wide(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """`_replace` for pairs of non-ASCII characters: done once the text is ASCII (isascii() is
    a flag, not a scan), as none of the others can be in it."""
    for old, new in pairs:
        if old in text:
            text = text.replace(old, new)
            if text.isascii():
                break
    return text


# Letters a writer without a Turkic keyboard replaces, and look-alikes from other scripts.
HOMOGLYPHS = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ј": "j",
    "і": "i",
    "ї": "i",
    "ѕ": "s",
    "ә": "ə",
    "ө": "ö",
    "ү": "ü",
    "һ": "h",
    "ҝ": "g",
    "ғ": "ğ",
    "ҹ": "c",
    # Greek
    "α": "a",
    "ο": "o",
    "ρ": "p",
    "ε": "e",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "τ": "t",
    "υ": "u",
    "χ": "x",
}
DIACRITICS = {
    "ü": "u",
    "ö": "o",
    "ş": "s",
    "ç": "c",
    "ğ": "g",
    "ı": "i",
    "ə": "e",
    "â": "a",
    "î": "i",
    "û": "u",
    "é": "e",
    "á": "a",
    "ó": "o",
    "í": "i",
    "ú": "u",
    "ñ": "n",
    "ä": "a",
    "ë": "e",
    "ï": "i",
    "è": "e",
    "à": "a",
    "ò": "o",
    "ã": "a",
    "õ": "o",
}


_SKELETON = tuple(DIACRITICS.items()) + tuple(
    (glyph, DIACRITICS.get(latin, latin)) for glyph, latin in HOMOGLYPHS.items()
)
_LATINIZE = tuple(HOMOGLYPHS.items())


def _with_capitals(pairs) -> tuple[tuple[str, str], ...]:
    """Letter → ASCII pairs, and the same for their capitals where a capital lower-cases back."""
    capitals = [
        (old.upper(), new.upper())
        for old, new in pairs
        if len(old.upper()) == 1 and not old.upper().isascii() and old.upper().lower() == old
    ]
    return tuple(pairs) + tuple(capitals)


# The skeleton with case kept (the "cased" layer), in two steps: the letters of Turkic text
# first; text that is ASCII after them (most az/tr text) needs nothing else.
_TURKIC_LETTERS = _with_capitals([(c, DIACRITICS[c]) for c in "çğıöşüəâîû"]) + (("İ", "I"),)
_OTHER_LETTERS = _with_capitals([pair for pair in _SKELETON if pair[0] not in "çğıöşüəâîû"])
_REMOVED = "\u00ad\u200b\u200c\u200d\u2060\ufeff" + FILLER
_WHITESPACE = tuple((chr(code), " ") for code in range(0x3001) if chr(code).isspace() and code != 0x20)
_ASCII_WHITESPACE = tuple(pair for pair in _WHITESPACE if pair[0].isascii())
_OTHER_WHITESPACE = tuple(pair for pair in _WHITESPACE if not pair[0].isascii())
_ASCII_PUNCT = tuple(pair for pair in _PUNCT if pair[0].isascii())
# The common ones first: the text is often ASCII once they are replaced.
_OTHER_PUNCT = tuple(
    sorted((pair for pair in _PUNCT if not pair[0].isascii()), key=lambda pair: pair[0] not in "’–—“”")
)
_GAPS = re.compile("[ " + _REMOVED + "]{2,}|[" + _REMOVED + "]")
# Two literal spaces first: re searches for both, not for each space. The group keeps the runs
# in what `split` returns.
_SPACE_RUNS = re.compile("(   *)")


def fold(text: str, lang: str | None) -> str:
    """Lower-case for matching with the language's casing rules, punctuation variants unified;
    length-preserving."""
    return _lower(_replace(text, _PUNCT), lang)


def _lower(text: str, lang: str | None) -> str:
    return _replace(text, _TURKIC_CASE if lang in TURKIC else _OTHER_CASE).lower()


def skeleton(folded: str) -> str:
    """Reduce a folded string to its diacritic-free, single-script skeleton; length-preserving."""
    return folded if folded.isascii() else _replace_wide(folded, _SKELETON)


def latinize(folded: str) -> str:
    """Read look-alike letters of other scripts as their Latin twins; length-preserving."""
    return folded if folded.isascii() else _replace_wide(folded, _LATINIZE)


@functools.lru_cache(maxsize=65536)
def key(text: str, lang: str | None) -> str:
    """Normalised matching key of a short string (a term): compact, folded. Memoised: the rules
    ask for the same terms' keys document after document."""
    return NormalizedText(text, lang).folded


@dataclass
class NormalizedText:
    """The layers of one text, and the map from compact offsets back to source offsets.

    `cased`: the skeleton before lower-casing (letters' diacritics and look-alikes reduced,
    case kept), which abbreviations are matched on. `folded` is made on first use: the matcher
    needs it only for spellings it has not verified before."""

    source: str
    lang: str | None

    def __post_init__(self) -> None:
        # plain: only ASCII, white space, punctuation variants and Turkic letters (no other script)
        self.compact, self.cased, self._breaks_compact, self._breaks_source, self.plain = _compact(self.source)
        # ASCII lower-casing agrees with the Turkic one on the skeleton: I and İ both end as i.
        self.skeleton = self.cased.lower() if self.cased.isascii() else skeleton(self.folded)

    @functools.cached_property
    def folded(self) -> str:
        return _lower(self.compact, self.lang)

    @property
    def breakpoints(self) -> tuple[list[int], list[int]]:
        """(compact offsets, source offsets) where the offset map's pieces start."""
        return self._breaks_compact, self._breaks_source

    def to_source(self, offset: int) -> int:
        """Source offset of the compact-text character at `offset` (or of the end, for len)."""
        breaks = self._breaks_compact
        if not breaks or offset < breaks[0]:
            return offset
        index = bisect.bisect_right(breaks, offset) - 1
        return self._breaks_source[index] + (offset - self._breaks_compact[index])

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a compact span to the source; the end maps from its last character, so that
        white space collapsed after the span is not included."""
        if end <= start:
            s = self.to_source(start)
            return s, s
        return self.to_source(start), self.to_source(end - 1) + 1


def _compact(source: str) -> tuple[str, str, list[int], list[int], bool]:
    """NFC + remove invisibles + collapse white space + unify punctuation: the compact text,
    its cased skeleton, the breakpoints of the offset map, and whether the text is plain
    (ASCII once its white space, punctuation variants and Turkic letters are).

    The map is piecewise linear: from compact offset breaks_compact[i] on, the source offset is
    breaks_source[i] plus the distance. Only places where lengths change add a breakpoint, so
    the Python work is proportional to those places, not to the text.
    """
    spaced = _replace(_replace(source, _ASCII_WHITESPACE), _ASCII_PUNCT)
    cased = spaced
    plain = True
    if not spaced.isascii():
        spaced = _replace_wide(spaced, _OTHER_PUNCT)
        cased = spaced if spaced.isascii() else _replace_wide(spaced, _TURKIC_LETTERS)
        # Text that is ASCII once its dashes, quotes and Turkic letters are is NFC and holds no
        # exotic space or invisible character: most en/az/tr text skips those scans.
        if not cased.isascii():
            if not unicodedata.is_normalized("NFC", source):
                compact, breaks_compact, breaks_source = _compact_slow(source)
                return compact, cased_skeleton(compact), breaks_compact, breaks_source, False
            spaced = _replace_wide(spaced, _OTHER_WHITESPACE)
            if any(c in spaced for c in _REMOVED):
                compact, breaks_compact, breaks_source = _collapse_gaps(spaced)
                return compact, cased_skeleton(compact), breaks_compact, breaks_source, False
            cased = _replace_wide(spaced, _TURKIC_LETTERS)
            plain = cased.isascii()  # (non-breaking spaces, say, were all there was)
            if not plain:
                cased = _replace_wide(cased, _OTHER_LETTERS)
    # Only runs of spaces to collapse (the same in both layers): the text between them joined
    # with one space each. One split, then C-level sums of lengths: Python work per run (one per
    # paragraph break) would cost as much as the regex scan.
    parts = _SPACE_RUNS.split(cased)  # text, run, text, …, run, text
    if len(parts) == 1:
        return spaced, cased, [], [], plain
    lengths = list(map(len, parts))
    breaks_source = list(accumulate(lengths))[1::2]
    lengths[1::2] = [1] * (len(parts) // 2)
    breaks_compact = list(accumulate(lengths))[1::2]
    texts = parts[::2]
    if cased is spaced:
        compact = cased = " ".join(texts)
    else:
        compact = " ".join([spaced[start : start + len(text)] for start, text in zip([0, *breaks_source], texts)])
        cased = " ".join(texts)
    return compact, cased, breaks_compact, breaks_source, plain


def cased_skeleton(text: str) -> str:
    """`text` with its letters' diacritics and look-alikes of other scripts reduced to ASCII,
    case kept; length-preserving. Lower-cased, it is the skeleton of the folded text."""
    return text if text.isascii() else _replace_wide(_replace_wide(text, _TURKIC_LETTERS), _OTHER_LETTERS)


def _collapse_gaps(spaced: str) -> tuple[str, list[int], list[int]]:
    """Remove invisible characters and collapse runs of spaces (they may mix)."""
    pieces: list[str] = []
    breaks_compact: list[int] = []
    breaks_source: list[int] = []
    compact_len = 0
    last = 0
    for match in _GAPS.finditer(spaced):
        start, end = match.span()
        replacement = " " if " " in match.group() else ""
        pieces.append(spaced[last:start])
        pieces.append(replacement)
        compact_len += start - last + len(replacement)
        breaks_compact.append(compact_len)
        breaks_source.append(end)
        last = end
    if not pieces:
        return spaced, [], []
    pieces.append(spaced[last:])
    return "".join(pieces), breaks_compact, breaks_source


def _compact_slow(source: str) -> tuple[str, list[int], list[int]]:
    """Character-cluster path for text that is not NFC: normalise each base+combining run."""
    out: list[str] = []
    breaks_compact: list[int] = []
    breaks_source: list[int] = []
    compact_len = 0
    i = 0
    n = len(source)
    in_space = False
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(source[j]):
            j += 1
        chunk = source[i:j]
        if chunk in _REMOVED:
            piece = ""
        elif chunk.isspace():
            piece = "" if in_space else " "
            in_space = True
        else:
            piece = unicodedata.normalize("NFC", chunk)
            in_space = False
        if len(piece) != len(chunk):
            out.append(piece)
            compact_len += len(piece)
            breaks_compact.append(compact_len)
            breaks_source.append(j)
        else:
            out.append(piece)
            compact_len += len(piece)
        i = j
    return _replace("".join(out), _PUNCT), breaks_compact, breaks_source
