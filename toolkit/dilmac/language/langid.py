"""Tell English, Azerbaijani and Turkish apart: whole documents, and single words.

Used when neither ``--lang``, front matter, a ``lang`` attribute nor the path says what language
a document is in, and by the checks that look for words of the wrong language
(untranslated-fragment, foreign-letter).

The evidence is cheap and explainable:

- three word lists (``data/words-{en,az,tr}.txt``) of function words and very frequent words;
  a word in exactly one list is evidence for that language, a word in two lists (``bir``,
  ``milli``, ``on``) for neither;
- letters: ``ə`` and ``q``/``x`` in Turkic-looking words are Azerbaijani (Turkish has none of
  them); ``ı``, ``ğ``, ``ş`` are Turkic (either language), never English;
- a few spelling patterns that only one of the two Turkic languages has: Turkish ``-iyor``,
  ``-acak/-ecek``, ``-mak/-mek``, ``-arak/-erek``, ``ğ`` next to a front vowel (``diğer``),
  front-vowel suffixes with ``e`` (``-ler``, ``-den``, ``-e``: Azerbaijani writes ``ə``),
  ``-tı`` after ş/ç; Azerbaijani perfect ``-ib/-ıb/-ub/-üb`` and ``-dı`` after a voiceless
  consonant (``getdi``); English ``w``, ``th``, ``ch``, ``-tion``, ``-ing``.

Abbreviations in capitals, code, URLs and camelCase names say nothing.

Everything is a regular-expression word scan and dictionary look-ups; `identify` looks at the
first `SAMPLE` characters only.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from dilmac.language.wordlists import word_list_text

LANGS = ("en", "az", "tr")
NAMES = {"en": "English", "az": "Azerbaijani", "tr": "Turkish"}
SAMPLE = 20_000

# A word: a run of letters (combining marks included, so text that is not NFC still works).
WORD_RE = re.compile(r"[^\W\d_]+(?:[\u0300-\u036f]+[^\W\d_]*)*")

# Word classes (what `word_class` returns). AZT: a Turkic word that may be either language.
EN, AZ, TR, AZT, NONE = "en", "az", "tr", "azt", ""

_TURKIC_CHARS = "ıİğĞşŞəƏçÇöÖüÜ"
_TURKIC_CHARS_RE = re.compile(f"[{_TURKIC_CHARS}]")
_TURKIC_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_Q_AZ = re.compile("q(?!u[aeio])")  # English q is followed by u and a vowel
_TURKIC_ANY = re.compile("[ığşçöü]")
_TR_INSIDE = re.compile(r"[iıuü]yor|acak|ecek|[ae]bil(?:ir|iy|d|m|e)")
# Matched against the last 7 letters of a word only.
_TR_END = re.compile(
    r"(?:m[ae]k(?:t[ae](?:d[ıi]r)?)?|[ae]r[ae]k|[^aeıioöuüy]ak|..[ıu]k|[şç]t[ıiuü]r"
    r"|.(?:[çş]t|tt)[ıiuü]|.[iy]ken)$"
)
# Azerbaijani writes ğ only next to back vowels (dağ, yağış) and front-vowel suffixes with ə
# (-lər, -dən, -də, -ə); Turkish has diğer, değil, and -ler, -den, -de, -e.
_TR_FRONT_GH = re.compile("[eiöü]ğ|ğ[eiöü]")
_TR_E_SUFFIX = re.compile(r"(?:e|e[nr]|[dt]en|ken|ler[a-zçğıöşü]*)$")
_AZ_END = re.compile(r"(?:..[iıuü]b|şd[ıiuü]r|.[çşkpt]d[ıiuü])$")
_EN_PATTERN = re.compile(r"w|^th|th$|^sh|sh$|ch|ck|ph|ght|qu[aeio]|[st]ions?$|...ing$|...[^e]ed$|..[^aeiouy]y$")


def _read_list(lang: str) -> frozenset[str]:
    words: set[str] = set()
    for line in word_list_text(lang).splitlines():
        words.update(line.split("#", 1)[0].split())
    return frozenset(words)


class _Lists:
    """The word lists, loaded on first use."""

    loaded = False
    words: dict[str, frozenset[str]] = {}
    only: dict[str, str] = {}  # word -> the one language whose list has it
    turkic_shared: frozenset[str] = frozenset()  # in the az and tr lists, not en
    shared: frozenset[str] = frozenset()  # in two or more lists

    @classmethod
    def load(cls) -> None:
        if cls.loaded:
            return
        cls.words = {lang: _read_list(lang) for lang in LANGS}
        seen: Counter[str] = Counter()
        for words in cls.words.values():
            seen.update(words)
        cls.only = {w: lang for lang, words in cls.words.items() for w in words if seen[w] == 1}
        cls.shared = frozenset(w for w, n in seen.items() if n > 1)
        cls.turkic_shared = frozenset(
            w for w in cls.shared if w in cls.words["az"] and w in cls.words["tr"] and w not in cls.words["en"]
        )
        cls.loaded = True


def listed(word_folded: str, lang: str) -> bool:
    """Whether the word list of `lang` has the word (any other list may have it too)."""
    _Lists.load()
    return word_folded in _Lists.words[lang]


def fold_word(word: str) -> str:
    """Lower-case a word for the look-ups: Turkic rules (I→ı) when it has Turkic letters."""
    if word.isascii():
        return word.lower()  # no Turkic letter, no İ
    if _TURKIC_CHARS_RE.search(word):
        # = word.translate(_TURKIC_LOWER): two replaces are much faster than a translate table
        return word.replace("I", "ı").replace("İ", "i").lower()
    return word.replace("İ", "i").lower()


def classify(word_folded: str) -> str:
    """EN, AZ, TR, AZT (Turkic: Azerbaijani or Turkish) or NONE for one folded word."""
    _Lists.load()
    w = word_folded
    if len(w) < 2:
        return NONE
    lang = _Lists.only.get(w)
    if lang:
        return lang
    if w in _Lists.shared:
        return AZT if w in _Lists.turkic_shared else NONE
    if w.isascii():
        return _classify_ascii(w)
    if "ə" in w:
        return AZ
    strong = "ı" in w or "ş" in w or "ğ" in w  # never English
    turkic_any = _TURKIC_ANY.search(w) is not None
    if "q" in w or "x" in w:
        if strong or turkic_any or _Q_AZ.search(w):
            return AZ
        return NONE  # "maximum", "next", "quality": English or a foreign name
    tail = w[-7:]
    if (strong or len(w) >= 5) and (_TR_INSIDE.search(w) or _TR_END.search(tail)):
        return TR
    if "ğ" in w and _TR_FRONT_GH.search(w):
        return TR
    if turkic_any and _TR_E_SUFFIX.search(w[-9:]):
        return TR
    if _AZ_END.search(tail):
        return AZ
    if strong:
        return AZT
    return NONE  # not ASCII: not English either


def _classify_ascii(w: str) -> str:
    """`classify` of an ASCII word not in the lists: the same tests in the same order, less
    those that need a letter ASCII does not have (ə, ı, ş, ğ, ç, ö, ü)."""
    if "q" in w or "x" in w:
        return AZ if _Q_AZ.search(w) else NONE
    tail = w[-7:]
    if len(w) >= 5 and (_TR_INSIDE.search(w) or _TR_END.search(tail)):
        return TR
    if _AZ_END.search(tail):
        return AZ
    if w.isalpha() and _EN_PATTERN.search(w):
        return EN
    return NONE


@lru_cache(maxsize=16384)  # bounded: a huge file has ever new words (numbers, names)
def word_class(word: str) -> str:
    """`classify` of a word as written in the text (cached: documents repeat their words).

    Upper-case tokens (ABŞ, NATO, HQ) are abbreviations and say nothing.
    """
    if len(word) > 1 and word.isupper():
        return NONE
    return classify(fold_word(word))


def word_language(word_folded: str) -> str | None:
    """The language a single (folded) word clearly belongs to, or None when it is ambiguous.

    'az' for ə, Azerbaijani q/x, or a word only the Azerbaijani list has; 'tr' for a word only
    the Turkish list has or a Turkish-only spelling (geliyor, olacak, yapmak); 'en' for a word
    only the English list has (or English spelling: w, th, -tion); None for numbers, names and
    words that two of the languages share (bir, milli, on).
    """
    cls = classify(word_folded)
    return cls if cls in (EN, AZ, TR) else None


def identify(text: str) -> tuple[str | None, float]:
    """Guess the language of a document or region: (lang, confidence in 0..1).

    (None, 0.0) when there is too little evidence: fewer than 3 words, or fewer than 2 words
    that say anything about the language (a single English word counts when the text has no
    Azerbaijani or Turkish letter at all).
    """
    tokens = WORD_RE.findall(text, 0, SAMPLE)
    if len(tokens) < 3:
        return None, 0.0
    score = {EN: 0, AZ: 0, TR: 0, AZT: 0, NONE: 0}
    turkic_letters = 0
    for token, count in Counter(tokens).items():
        cls = word_class(token)
        score[cls] += count
        if cls == NONE and _TURKIC_CHARS_RE.search(token):
            turkic_letters += count  # ç, ö, ü: Turkic, or a foreign name in English
    en, az, tr = score[EN], score[AZ], score[TR]
    turkic = az + tr + score[AZT] + turkic_letters
    evidence = en + turkic
    if evidence < 2:
        # one English word and not a letter of Azerbaijani or Turkish in 3 or more words
        if en == 1 and turkic == 0 and not _TURKIC_CHARS_RE.search(text, 0, SAMPLE):
            return EN, 0.5
        return None, 0.0
    if en > turkic:
        return EN, round(en / evidence, 3)
    # Turkic. Azerbaijani text has ə in a third of its words; Turkish has none.
    if az > tr:
        return AZ, round(az / (az + tr + 1) * turkic / evidence, 3)
    if tr > az or turkic >= 2:
        return TR, round((tr + 1) / (az + tr + 1) * turkic / evidence, 3)
    return None, 0.0


def _is_letter(ch: str) -> bool:
    return ch.isalpha() or "\u0300" <= ch <= "\u036f"


def word_span(text: str, pos: int) -> tuple[int, int]:
    """The span of the word (run of letters) around offset `pos`."""
    start = pos
    while start > 0 and _is_letter(text[start - 1]):
        start -= 1
    match = WORD_RE.match(text, pos)
    return start, match.end() if match else pos


# Characters that make a word part of code, a file name or an identifier when they touch it.
_CODE_CHARS = frozenset("_/\\=<>{}[]@#$%&*|~^`+0123456789")


def _camel(word: str) -> bool:
    return not (word.islower() or word.isupper() or word.istitle())


def is_code_like(text: str, start: int, end: int) -> bool:
    """Whether the word text[start:end] is part of code or an identifier: touching digits or
    code punctuation, a dotted name (file.txt), or camelCase (WhatsApp, iPhone)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before in _CODE_CHARS or after in _CODE_CHARS:
        return True
    if after == "." and end + 1 < len(text) and text[end + 1].isalnum():
        return True
    if before == "." and start > 1 and text[start - 2].isalnum():
        return True
    return _camel(text[start:end])


_CODE_IN_TOKEN = re.compile(r"[\d_/\\=<>{}\[\]@#$%&*|~^`+]|[^\W\d_]\.[^\W\d_]")


@lru_cache(maxsize=16384)  # bounded: a huge file has ever new tokens
def token_class(token: str) -> str:
    """`word_class` of a white-space-delimited token, judged by its first word ("Türkiye'nin",
    "(Member", "play-off"). Tokens that are code, numbers, URLs, e-mail addresses, dotted
    abbreviations (U.S.), camelCase names or all capitals say nothing: NONE."""
    if token.isalpha():
        word = token
    else:
        if _CODE_IN_TOKEN.search(token):
            return NONE
        match = WORD_RE.search(token)
        if match is None:
            return NONE
        word = match.group()
    if _camel(word):
        return NONE
    return word_class(word)
