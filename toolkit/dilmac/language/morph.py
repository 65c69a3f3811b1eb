"""Nominal inflection of a term's last word: Azerbaijani and Turkish suffix chains, English -s/'s.

The matcher finds candidate words with an index of `index_prefix(word)` and asks `suffix_ok`
whether the rest of the word is an inflection; `split_suffix` and `reinflect` serve the rules
that quote and rewrite the inflected form. All inputs are *folded* (`dilmac.language.normalize.fold`).

How az/tr inflection is modelled
--------------------------------
A form is STEM + [separator] + CHAIN [+ COPULA]:

* STEM is the word itself or one of its variants: final-consonant softening before a vowel
  (tr k→ğ / nk→ng, p→b, t→d, ç→c, g→ğ; az q→ğ, k→y; both the mutated and the plain stem are
  accepted because proper names and many loans do not mutate), high-vowel drop in two-syllable
  words (burun→burn-u, ağız→ağz-ı, oğul→oğl-u), doubling of the final consonant of
  monosyllables (hak→hakk-ı, his→hiss-i), front harmony after the back-vowel loans in -l, -aat
  and -kat (tr rol→rolü, hal→hali, saat→saati). For an izafet word (`compound=True`, the word already
  carries the 3rd person possessive: başkanlığı, xidməti, şurası) the stem is the word without
  that possessive (başkanlık/başkanlığ, xidmət, şura) and the chain must contain a possessive.
* CHAIN is [PL] [POSSESSIVE] [CASE] [KI [PL] [CASE]] (KI only after a locative or genitive),
  or KI [PL] [CASE] straight after a temporal noun (bugünkü, yarınki), written with archiphonemes and realised
  for each harmony context (the last vowel's 4-way class ı/i/u/ü and whether the stem ends in a
  vowel, a voiceless consonant or another consonant). Buffer consonants (n/y/s), the
  pronominal n after a 3rd person possessive or -ki (başkanlığı-n-a), tr d/t and c/ç
  assimilation and az 4-way -kı/-ki/-ku/-kü all follow from the templates below.
* COPULA is the predicative ending (-DIr, -(y)DI, -(y)mIş, -(y)sA, -(y)ken, person endings).
  It is checked as a second lookup so that the chain tables stay small.
* A separator may sit at one morpheme boundary: the Turkish apostrophe after proper names
  (türkiye'nin, başkanı'nı), the Azerbaijani hyphen after abbreviations (bmqt-nin), or a
  closing quote, optionally followed by either ("şurası"nın, "şurası"'nın).

Labels (the vocabulary of `analyze` and `inflect`): PL; possessives P1S P2S P3S P1P P2P P3P;
cases GEN ACC DAT LOC ABL INS EQU; KI (after LOC/GEN), KI0 (after a bare noun); predicative
COP (-DIr), PST (-(y)DI), EVI (-(y)mIş), CND (-(y)sA), WHL (-(y)ken) and the person endings
A1S A2S A1P A2P A3P. English: PL, POS.

The chain tables map every surface string to its cheapest analysis (a tuple of labels); they
are built lazily, per language and harmony context, on first use (a few ms each) and cached,
so that `import dilmac.language.morph` costs next to nothing and `suffix_ok` is a couple of dict lookups.
Abbreviations (abbr=True, or a word without vowels, or ending in a digit) are pronounced, not
spelled, so any harmonic variant is accepted; so are the suffixes after the apostrophe of a
Turkish-text name in a foreign spelling (Pinochet'nin, Radcliffe'te: letters outside the Turkish
alphabet, th/sh/ch/ck/ee/ou/..., a final double consonant). The circumflex is optional in
Turkish spelling, so â î û equal a i u (hâl: haline). `loose=True` compares in skeleton space
(the writer lost diacritics: turkiyenin, baskanligina), and so accepts disharmonic suffixes.

Known simplifications: no verbal morphology; no derivation (-lI, -lIk, -CI, -sIz are rejected on
purpose: türkiyeli is not a form of türkiye); izafet compounds not flagged compound
(işadamı → işadamları) are read literally; su/ne with y-possessive (suyu), irregular English
plurals and colloquial Azerbaijani (-nan instrumental) are not modelled; for an izafet word that
ends in vowel+s+I (meclisi) both bases (mecli-si, meclis-i) are accepted, and `inflect` picks
the -sI reading when it must rebuild the plural.
"""

from __future__ import annotations

from collections import namedtuple
from functools import cache, lru_cache
from pathlib import Path

__all__ = ["Analysis", "analyze", "index_prefix", "inflect", "reinflect", "split_suffix", "suffix_ok"]

TURKIC = frozenset({"az", "tr"})

# Harmony class (the vowel a following 4-way suffix vowel copies) of each vowel.
_ICLASS = {
    "a": "ı",
    "ı": "ı",
    "â": "ı",
    "o": "u",
    "u": "u",
    "û": "u",
    "e": "i",
    "ə": "i",
    "i": "i",
    "î": "i",
    "ö": "ü",
    "ü": "ü",
}
_VOWELS = frozenset(_ICLASS)
_BACK_ICLASS = frozenset("ıu")
_VOICELESS = frozenset("çfhkpsştxq")
_HIGH = frozenset("ıiuü")
_SEP_CHARS = frozenset("'-\"")

# Letter names, for abbreviations read letter by letter (last letter decides harmony).
_LETTER_NAMES = {
    "tr": {
        "b": "be",
        "c": "ce",
        "ç": "çe",
        "d": "de",
        "f": "fe",
        "g": "ge",
        "ğ": "ge",
        "h": "he",
        "j": "je",
        "k": "ke",
        "l": "le",
        "m": "me",
        "n": "ne",
        "p": "pe",
        "r": "re",
        "s": "se",
        "ş": "şe",
        "t": "te",
        "v": "ve",
        "y": "ye",
        "z": "ze",
        "q": "ku",
        "w": "ve",
        "x": "iks",
    },
    "az": {
        "b": "be",
        "c": "ce",
        "ç": "çe",
        "d": "de",
        "f": "fe",
        "g": "ge",
        "ğ": "ğe",
        "h": "he",
        "x": "xe",
        "j": "je",
        "k": "ka",
        "q": "qe",
        "l": "el",
        "m": "em",
        "n": "en",
        "p": "pe",
        "r": "er",
        "s": "es",
        "ş": "şe",
        "t": "te",
        "v": "ve",
        "y": "ye",
        "z": "ze",
        "w": "ve",
    },
}

# ---------------------------------------------------------------------------------------------
# Morpheme templates. Archiphonemes: A a/e (az a/ə), I ı/i/u/ü, D d/t (tr), C c/ç (tr),
# Q q/k (az), Y/N/S buffer y/n/s written only after a vowel, H a high vowel written only
# after a consonant. Lower-case letters are literal.
_CASES = ("GEN", "ACC", "DAT", "LOC", "ABL", "INS", "EQU")
_POSS = ("P1S", "P2S", "P3S", "P1P", "P2P", "P3P")
_PRONOMINAL_AFTER = frozenset({"P3S", "P3P", "KI", "KI0"})

_TEMPLATES = {
    "tr": {
        "PL": "lAr",
        "P1S": "Hm",
        "P2S": "Hn",
        "P3S": "SI",
        "P1P": "HmIz",
        "P2P": "HnIz",
        "P3P": "lArI",
        "GEN": "NIn",
        "ACC": "YI",
        "DAT": "YA",
        "LOC": "DA",
        "ABL": "DAn",
        "INS": "YlA",
        "EQU": "CA",
        "KI": "ki",
        "KI0": "kÜ",
    },
    "az": {
        "PL": "lAr",
        "P1S": "Hm",
        "P2S": "Hn",
        "P3S": "SI",
        "P1P": "HmIz",
        "P2P": "HnIz",
        "P3P": "lArI",
        "GEN": "NIn",
        "ACC": "NI",
        "DAT": "YA",
        "LOC": "DA",
        "ABL": "DAn",
        "INS": "YlA",
        "EQU": "CA",
        "KI": "kI",
        "KI0": "kI",
    },
}
# Cases after a 3rd person possessive or -ki take the pronominal n (başkanlığı-n-a, -ki-n-de).
_PRONOMINAL = {"GEN": "nIn", "ACC": "nI", "DAT": "nA", "LOC": "nDA", "ABL": "nDAn", "INS": "YlA", "EQU": "nCA"}

# Predicative endings, realised as one block after the chain.
_COPULAS = {
    "tr": {
        ("COP",): "DIr",
        ("COP", "A3P"): "DIrlAr",
        ("PST",): "YDI",
        ("PST", "A1S"): "YDIm",
        ("PST", "A2S"): "YDIn",
        ("PST", "A1P"): "YDIk",
        ("PST", "A2P"): "YDInIz",
        ("PST", "A3P"): "YDIlAr",
        ("EVI",): "YmIş",
        ("EVI", "A1S"): "YmIşIm",
        ("EVI", "A2S"): "YmIşsIn",
        ("EVI", "A1P"): "YmIşIz",
        ("EVI", "A2P"): "YmIşsInIz",
        ("EVI", "A3P"): "YmIşlAr",
        ("EVI", "COP"): "YmIşDIr",
        ("CND",): "YsA",
        ("CND", "A1S"): "YsAm",
        ("CND", "A2S"): "YsAn",
        ("CND", "A1P"): "YsAk",
        ("CND", "A2P"): "YsAnIz",
        ("CND", "A3P"): "YsAlAr",
        ("WHL",): "Yken",
        ("A1S",): "YIm",
        ("A2S",): "sIn",
        ("A1P",): "YIz",
        ("A2P",): "sInIz",
    },
    "az": {
        ("COP",): "dIr",
        ("COP", "A3P"): "dIrlAr",
        ("PST",): "YdI",
        ("PST", "A1S"): "YdIm",
        ("PST", "A2S"): "YdIn",
        ("PST", "A1P"): "YdIQ",
        ("PST", "A2P"): "YdInIz",
        ("PST", "A3P"): "YdIlAr",
        ("EVI",): "YmIş",
        ("EVI", "COP"): "YmIşdIr",
        ("CND",): "YsA",
        ("CND", "A1S"): "YsAm",
        ("CND", "A2S"): "YsAn",
        ("CND", "A1P"): "YsAQ",
        ("CND", "A2P"): "YsAnIz",
        ("CND", "A3P"): "YsAlAr",
        ("WHL",): "YkAn",
        ("A1S",): "YAm",
        ("A2S",): "sAn",
        ("A1P",): "YIQ",
        ("A2P",): "sInIz",
    },
}
_COPULA_LABELS = frozenset({"COP", "PST", "EVI", "CND", "WHL", "A1S", "A2S", "A1P", "A2P", "A3P"})

# Preference between analyses of one surface string (reinflect realises the cheapest one):
# 'ı' is read as accusative rather than 3sg possessive, 'ın' as genitive rather than 2sg.
_COST = {
    "PL": 1.0,
    "P1S": 3.0,
    "P2S": 4.0,
    "P3S": 1.5,
    "P1P": 3.0,
    "P2P": 4.0,
    "P3P": 2.0,
    "GEN": 1.0,
    "ACC": 1.0,
    "DAT": 1.0,
    "LOC": 1.0,
    "ABL": 1.0,
    "INS": 1.0,
    "EQU": 1.2,
    "KI": 1.0,
    "KI0": 1.5,
}

# Stem-final softening before a vowel (tr k→ğ only after a vowel, k→g after n; az k→y after a
# front vowel, q→ğ after a vowel) and its inverse, for izafet bases (başkanlığ-ı → başkanlık).
_SOFTEN = {
    "tr": {"k": "ğ", "p": "b", "t": "d", "ç": "c", "g": "ğ"},
    "az": {"q": "ğ", "k": "y"},
}
_UNSOFTEN = {"tr": {"ğ": "k", "b": "p", "d": "t", "c": "ç", "g": "k"}, "az": {"ğ": "q", "y": "k"}}
_DROP_FINALS = frozenset("lmnrszftpkhşv")


# Harmony context. iclass: ı i u ü, the class of the last vowel; fin: V vowel, T voiceless
# consonant, C other consonant. (collections.namedtuple: typing costs 10 ms of import time.)
_Ctx = namedtuple("_Ctx", "iclass fin")


Analysis = namedtuple("Analysis", "stem kind labels rest sep sep_after")
Analysis.__doc__ = """How `token` is a form of `word`.

stem: the stem as written in the token (possibly softened, vowel-dropped, doubled);
kind: word | soft | drop | double | front | base | base-soft | abbr | foreign | en;
labels: chain labels then predicative labels, the izafet possessive included
    (('P3S', 'DAT') for başkanlığına);
rest: the token after `stem`, separator included;
sep: the separator as written ('' if none); sep_after: chain labels before the separator."""


# ---------------------------------------------------------------------------------------------
# Realisation


def _fin(ch: str) -> str:
    if ch in _VOWELS:
        return "V"
    return "T" if ch in _VOICELESS else "C"


def _ctx_after(ctx: _Ctx, surface: str) -> _Ctx:
    """Context after appending `surface` (separators ignored)."""
    surface = surface.rstrip("'-\"")
    if not surface:
        return ctx
    iclass = ctx.iclass
    for ch in reversed(surface):
        if ch in _VOWELS:
            iclass = _ICLASS[ch]
            break
    return _Ctx(iclass, _fin(surface[-1]))


def _realize_template(lang: str, ctx: _Ctx, template: str) -> tuple[str, _Ctx]:
    out = []
    iclass, fin = ctx
    for t in template:
        if t == "A":
            ch = "a" if iclass in _BACK_ICLASS else ("ə" if lang == "az" else "e")
        elif t == "I":
            ch = iclass
        elif t == "H":
            if fin == "V":
                continue
            ch = iclass
        elif t in "YNS":
            if fin != "V":
                continue
            ch = t.lower()
        elif t == "D":
            ch = "t" if (fin == "T" and lang == "tr") else "d"
        elif t == "C":
            ch = "ç" if (fin == "T" and lang == "tr") else "c"
        elif t == "Ü":  # tr bare -ki: bugün-kü, but yarın-ki
            ch = "ü" if iclass == "ü" else "i"
        elif t == "Q":
            ch = "q" if iclass in _BACK_ICLASS else "k"
        else:
            ch = t
        out.append(ch)
        if ch in _VOWELS:
            iclass = _ICLASS[ch]
            fin = "V"
        else:
            fin = "T" if ch in _VOICELESS else "C"
    return "".join(out), _Ctx(iclass, fin)


def _realize_chain(lang: str, ctx: _Ctx, labels: tuple[str, ...], prev: str | None = None) -> list[str]:
    """Surface of each chain label in turn (copula labels are realised as one block)."""
    templates = _TEMPLATES[lang]
    pieces: list[str] = []
    i = 0
    while i < len(labels):
        label = labels[i]
        if label in _COPULA_LABELS:
            cop = tuple(labels[i:])
            template = _COPULAS[lang].get(cop)
            if template is None:
                raise ValueError(f"unknown predicative ending {cop!r}")
            surface, ctx = _realize_template(lang, ctx, template)
            pieces.append(surface)
            break
        if label in _PRONOMINAL and prev in _PRONOMINAL_AFTER:
            template = _PRONOMINAL[label]
        else:
            template = templates.get(label)
            if template is None:
                raise ValueError(f"unknown label {label!r}")
        surface, ctx = _realize_template(lang, ctx, template)
        pieces.append(surface)
        prev = label
        i += 1
    return pieces


def _sequences() -> list[tuple[str, ...]]:
    """Every chain of labels the grammar allows."""
    case_opts: list[tuple[str, ...]] = [()] + [(c,) for c in _CASES]
    seqs: list[tuple[str, ...]] = []
    # -ki straight after a (temporal) noun: yarınki, bugünkü, geceki
    for pl2 in ((), ("PL",)):
        for case2 in case_opts:
            seqs.append(("KI0",) + pl2 + case2)
    for pl in ((), ("PL",)):
        poss_opts: list[tuple[str, ...]] = [()] + [(p,) for p in _POSS if not (pl and p == "P3P")]
        for poss in poss_opts:
            for case in case_opts:
                seq = pl + poss + case
                seqs.append(seq)
                if case and case[0] in ("LOC", "GEN"):
                    for pl2 in ((), ("PL",)):
                        for case2 in case_opts:
                            seqs.append(seq + ("KI",) + pl2 + case2)
    return seqs


@cache
def _all_sequences() -> tuple[tuple[str, ...], ...]:
    return tuple(_sequences())


def _cost(labels: tuple[str, ...]) -> float:
    return sum(_COST.get(label, 1.0) for label in labels)


# chains: surface -> cheapest labels; poss: the same for chains with a possessive;
# chains_b/poss_b: surface -> {offset of a morpheme boundary: (labels, labels before it)};
# copulas: predicative endings in this context; coplens: their lengths in any context.
_Tables = namedtuple("_Tables", "chains poss chains_b poss_b copulas coplens")


def _best(table: dict[str, tuple[str, ...]], surface: str, labels: tuple[str, ...]) -> None:
    old = table.get(surface)
    if old is None or _cost(labels) < _cost(old):
        table[surface] = labels


def _best_b(table, surface: str, pos: int, labels: tuple[str, ...], k: int) -> None:
    slot = table.setdefault(surface, {})
    old = slot.get(pos)
    if old is None or _cost(labels) < _cost(old[0]):
        slot[pos] = (labels, k)


_TABLES: dict[tuple, _Tables] = {}
_TABLES_READ: set[str] = set()


def _tables(lang: str, ctx: _Ctx | None, loose: bool) -> _Tables:
    """Chain/copula tables of one harmony context (ctx None: union of all contexts).

    Building a language's tables costs more than linting a short file, so on the first need
    they all come from (or go to) a pickle in dilmac's cache directory, keyed by this module."""
    key = (lang, ctx, loose)
    tables = _TABLES.get(key)
    if tables is None:
        if lang not in _TABLES_READ:
            _TABLES_READ.add(lang)
            _load_or_build_tables(lang)
        tables = _TABLES.get(key)
        if tables is None:
            tables = _TABLES[key] = _build_tables(lang, ctx, loose)
    return tables


def _load_or_build_tables(lang: str) -> None:
    from dilmac.core import cache

    name = f"morph-{lang}-{cache.source_key(Path(__file__))}.pickle"
    stored = cache.load_pickle(name)
    if isinstance(stored, dict) and stored:
        _TABLES.update(stored)
        return
    built = {}
    # Every context a stem can set up (not only the language's own final sounds).
    for ctx in (_Ctx(iclass, fin) for iclass in "ıiuü" for fin in "VTC"):
        for loose in (False, True):
            built[(lang, ctx, loose)] = _TABLES[(lang, ctx, loose)] = _build_tables(lang, ctx, loose)
    for loose in (False, True):
        built[(lang, None, loose)] = _TABLES[(lang, None, loose)] = _build_tables(lang, None, loose)
    cache.store_pickle(name, built, replaces=f"morph-{lang}-")


def _build_tables(lang: str, ctx: _Ctx | None, loose: bool) -> _Tables:
    chains: dict[str, tuple[str, ...]] = {}
    poss: dict[str, tuple[str, ...]] = {}
    chains_b: dict = {}
    poss_b: dict = {}
    copulas: dict[str, tuple[str, ...]] = {}
    if ctx is None:
        for c in _all_contexts(lang):
            t = _TABLES.get((lang, c, loose)) or _build_tables(lang, c, loose)
            for table, part in ((chains, t.chains), (poss, t.poss), (copulas, t.copulas)):
                for surface, labels in part.items():
                    _best(table, surface, labels)
            for table, part in ((chains_b, t.chains_b), (poss_b, t.poss_b)):
                for surface, slot in part.items():
                    for pos, (labels, k) in slot.items():
                        _best_b(table, surface, pos, labels, k)
        return _Tables(chains, poss, chains_b, poss_b, copulas, _coplens(lang))
    key = _skeleton if loose else str
    for seq in _all_sequences():
        pieces = _realize_chain(lang, ctx, seq)
        surface = key("".join(pieces))
        has_poss = any(label in _POSS for label in seq)
        _best(chains, surface, seq)
        if has_poss:
            _best(poss, surface, seq)
        pos = 0
        for k in range(len(pieces) + 1):
            if k:
                pos += len(pieces[k - 1])
            _best_b(chains_b, surface, pos, seq, k)
            if has_poss:
                _best_b(poss_b, surface, pos, seq, k)
    # Copula surfaces depend on the context after the chain: looked up with that context.
    for labels, template in _COPULAS[lang].items():
        _best(copulas, key(_realize_template(lang, ctx, template)[0]), labels)
    return _Tables(chains, poss, chains_b, poss_b, copulas, _coplens(lang))


@cache
def _copula_union(lang: str, loose: bool) -> dict[str, tuple[str, ...]]:
    """Predicative endings of the language in any context (for abbreviations, loose mode)."""
    key = _skeleton if loose else str
    table: dict[str, tuple[str, ...]] = {}
    for ctx in _all_contexts(lang):
        for labels, template in _COPULAS[lang].items():
            _best(table, key(_realize_template(lang, ctx, template)[0]), labels)
    return table


@cache
def _coplens(lang: str) -> tuple[int, ...]:
    """Lengths of all predicative endings of the language, in any context."""
    return tuple(
        sorted({len(_realize_template(lang, c, t)[0]) for c in _all_contexts(lang) for t in _COPULAS[lang].values()})
    )


@cache
def _all_contexts(lang: str) -> tuple[_Ctx, ...]:
    fins = "VTC" if lang == "tr" else "VC"
    return tuple(_Ctx(i, f) for i in "ıiuü" for f in fins)


_SKELETON = None


def _skeleton(s: str) -> str:
    global _SKELETON
    if _SKELETON is None:
        from dilmac.language.normalize import skeleton

        _SKELETON = skeleton
    return _SKELETON(s)


# ---------------------------------------------------------------------------------------------
# Stems

# text; ctx (None: any harmony, abbreviations); vowel_only: the suffix must start with a vowel
# (softened/dropped/doubled stems); need_poss: izafet base, the chain must have a possessive.
_Stem = namedtuple("_Stem", "text ctx vowel_only need_poss kind")


def _vowel_count(word: str) -> int:
    return sum(1 for ch in word if ch in _VOWELS)


def _word_ctx(lang: str, word: str, abbr: bool) -> _Ctx | None:
    """Harmony context of a word; None when it must be treated as pronounced-not-spelled."""
    if not word:
        return None
    last = word[-1]
    if abbr or not last.isalpha() or not any(ch in _VOWELS for ch in word):
        return None
    for ch in reversed(word):
        if ch in _VOWELS:
            return _Ctx(_ICLASS[ch], _fin(last))
    return None  # pragma: no cover


def _abbr_ctx(lang: str, word: str) -> _Ctx:
    """Likely pronunciation context of an abbreviation, for generating (reinflect)."""
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return _Ctx("i", "V")  # digits: "2023'te"-style; pick the commonest
    vowels = sum(1 for ch in letters if ch in _VOWELS)
    as_word = vowels and len(letters) >= 4 and not _has_cluster(letters)
    if as_word or (letters[-1] in _VOWELS):
        return _ctx_after(_Ctx("i", "C"), "".join(letters))
    name = _LETTER_NAMES.get(lang, _LETTER_NAMES["tr"]).get(letters[-1], letters[-1] + "e")
    return _ctx_after(_Ctx("i", "C"), name)


def _has_cluster(letters: list[str]) -> bool:
    run = 0
    for ch in letters:
        run = 0 if ch in _VOWELS else run + 1
        if run >= 3:
            return True
    return False


def _izafet_bases(lang: str, word: str) -> list[tuple[str, bool]]:
    """Possible stems under the 3sg possessive that ends `word`: (base, softened-as-written)."""
    out: list[tuple[str, bool]] = []
    if len(word) < 2 or word[-1] not in _HIGH:
        return out
    poss_vowel = word[-1]
    # -sI after a vowel: şurası -> şura, idaresi -> idare
    if len(word) >= 3 and word[-2] == "s" and word[-3] in _VOWELS:
        base = word[:-2]
        if _ICLASS[word[-3]] == poss_vowel:
            out.append((base, False))
    # -I after a consonant: xidməti -> xidmət, başkanlığı -> başkanlığ / başkanlık
    if word[-2] not in _VOWELS and word[-2].isalpha() and any(ch in _VOWELS for ch in word[:-2]):
        base = word[:-1]
        ctx = _word_ctx(lang, base, False)
        if ctx is not None and ctx.iclass == poss_vowel:
            out.append((base, False))
            unsoft = _UNSOFTEN.get(lang, {}).get(base[-1])
            if unsoft and not (lang == "tr" and base[-1] == "g" and base[-2:-1] != "n"):
                out.append((base[:-1] + unsoft, True))
    return out


def _soften(lang: str, word: str) -> str | None:
    last = word[-1]
    prev = word[-2] if len(word) >= 2 else ""
    soft = _SOFTEN.get(lang, {}).get(last)
    if soft is None:
        return None
    if lang == "tr" and last == "k":
        soft = "g" if prev == "n" else ("ğ" if prev in _VOWELS else None)
    elif lang == "tr" and last == "g":
        soft = "ğ" if prev in _VOWELS else None
    elif lang == "az" and last == "k":
        soft = "y" if prev in _VOWELS and _ICLASS[prev] not in _BACK_ICLASS else None
    elif lang == "az" and last == "q":
        soft = "ğ" if prev in _VOWELS else None
    if soft is None:
        return None
    return word[:-1] + soft


_DROP_SOFTEN = {"tr": {"t": "d", "p": "b", "k": "ğ", "ç": "c"}, "az": {"q": "ğ"}}


def _plain_stems(lang: str, word: str, ctx: _Ctx) -> list[_Stem]:
    """The word and its phonological variants (not for abbreviations)."""
    stems = [_Stem(word, ctx, False, False, "word")]
    if ctx.fin == "V":
        return stems
    soft = _soften(lang, word)
    if soft and soft != word:
        stems.append(_Stem(soft, ctx, True, False, "soft"))
    nvow = _vowel_count(word)
    # high-vowel drop in two-syllable words: burun -> burn-u, ağız -> ağz-ı, kayıt -> kayd-ı
    if (
        nvow == 2
        and len(word) >= 4
        and word[-2] in _HIGH
        and word[-1] in _DROP_FINALS
        and word[-3] not in _VOWELS
        and word[-4] in _VOWELS
    ):
        dropped = word[:-2] + word[-1]
        stems.append(_Stem(dropped, ctx, True, False, "drop"))
        hard = _DROP_SOFTEN[lang].get(dropped[-1])
        if hard:
            stems.append(_Stem(dropped[:-1] + hard, ctx, True, False, "drop"))
    # doubling in monosyllables: hak -> hakk-ı, ret -> redd-i, his -> hiss-i
    if lang == "tr" and nvow == 1 and len(word) >= 2 and word[-2] in _VOWELS:
        stems.append(_Stem(word + word[-1], ctx, True, False, "double"))
        if soft:
            stems.append(_Stem(soft + soft[-1], ctx, True, False, "double"))
    # front harmony after back-vowel loans: rol -> rolü, hal -> hali, saat -> saati
    if (
        lang == "tr"
        and ctx.iclass in _BACK_ICLASS
        and len(word) >= 3
        and ((word[-1] == "l" and word[-2] in "aou") or (nvow >= 2 and (word.endswith(("aat", "kat")))))
    ):
        front = _Ctx("ü" if ctx.iclass == "u" else "i", ctx.fin)
        stems.append(_Stem(word, front, False, False, "front"))
    return stems


@lru_cache(maxsize=65536)
def _stems(lang: str, word: str, compound: bool, abbr: bool) -> tuple[_Stem, ...]:
    ctx = _word_ctx(lang, word, abbr)
    if ctx is None:
        return (_Stem(word, None, False, False, "abbr"),)
    if compound:
        stems: list[_Stem] = []
        bases = _izafet_bases(lang, word)
        hard = {b for b, is_hard in bases if is_hard}
        for base, is_hard in bases:
            bctx = _word_ctx(lang, base, False)
            if bctx is None:
                continue
            if is_hard:
                stems.append(_Stem(base, bctx, False, True, "base"))
            elif hard and base[-1] not in _VOWELS and _unsoften(lang, base) in hard:
                # written soft (başkanlığ-ı): only before a vowel; the hard stem elsewhere
                stems.append(_Stem(base, bctx, True, True, "base-soft"))
            else:
                stems.append(_Stem(base, bctx, False, True, "base"))
        if stems:
            # The literal word after the bases: a multi-word name whose last word only looks
            # like an izafet form (Yeni Delhi'de, Abu Dabi'ye) still inflects as written.
            return tuple(_dedupe(stems + _plain_stems(lang, word, ctx)))
    return tuple(_dedupe(_plain_stems(lang, word, ctx)))


def _unsoften(lang: str, base: str) -> str | None:
    hard = _UNSOFTEN.get(lang, {}).get(base[-1])
    return base[:-1] + hard if hard else None


def _dedupe(stems: list[_Stem]) -> list[_Stem]:
    seen = set()
    out = []
    for st in stems:
        k = (st.text, st.ctx, st.vowel_only, st.need_poss)
        if k not in seen:
            seen.add(k)
            out.append(st)
    return out


# ---------------------------------------------------------------------------------------------
# Analysis


def _split_sep(rest: str) -> tuple[int, str, str] | None:
    """(position, separator, rest without it) for at most one separator unit, else None."""
    if "'" not in rest and "-" not in rest and '"' not in rest:
        return 0, "", rest
    pos = min(i for i in (rest.find("'"), rest.find("-"), rest.find('"')) if i >= 0)
    sep = rest[pos]
    end = pos + 1
    if sep == '"' and end < len(rest) and rest[end] in "'-":
        end += 1
    after = rest[end:]
    if any(ch in _SEP_CHARS for ch in after) or not after:
        return None
    return pos, rest[pos:end], rest[:pos] + after


def _match_rest(
    lang: str, st: _Stem, tables: _Tables, rest: str, loose: bool
) -> tuple[tuple[str, ...], str, int] | None:
    """(labels, separator, labels before the separator) if `rest` inflects stem `st`."""
    split = _split_sep(rest)
    if split is None:
        return None
    pos, sep, clean = split
    if st.vowel_only and (not clean or clean[0] not in _VOWELS):
        return None
    if not sep:
        labels = (tables.poss if st.need_poss else tables.chains).get(clean)
        if labels is not None:
            return labels, "", 0
    else:
        slot = (tables.poss_b if st.need_poss else tables.chains_b).get(clean)
        if slot is not None and pos in slot:
            labels, k = slot[pos]
            return labels, sep, k
    return _match_copula(lang, st, clean, pos if sep else -1, sep, tables, loose)


def _match_copula(
    lang: str, st: _Stem, clean: str, pos: int, sep: str, tables: _Tables, loose: bool
) -> tuple[tuple[str, ...], str, int] | None:
    n = len(clean)
    for length in tables.coplens:
        if length > n:
            break
        cut = n - length
        if pos > cut:
            break
        head, tail = clean[:cut], clean[cut:]
        if st.need_poss:
            pre = tables.poss.get(head)
        else:
            pre = tables.chains.get(head)
        if pre is None:
            continue
        k = 0
        if pos >= 0:
            if pos == cut:
                k = len(pre)
            else:
                slot = (tables.poss_b if st.need_poss else tables.chains_b).get(head)
                if slot is None or pos not in slot:
                    continue
                pre, k = slot[pos]
        if st.ctx is None or loose:
            cop = _copula_union(lang, loose).get(tail)
        else:
            ctx2 = _ctx_after(st.ctx, head) if head else st.ctx
            cop = _tables(lang, ctx2, False).copulas.get(tail)
        if cop is not None:
            return pre + cop, sep, k
    return None


@lru_cache(maxsize=65536)
def _plan(lang: str, word: str, compound: bool, abbr: bool, loose: bool):
    """The word as compared, its stems with their tables, and whether it looks foreign."""
    plain = word.translate(_CIRCUMFLEX)
    stems = _stems(lang, plain, compound, abbr)
    if loose:
        plain = _skeleton(plain)
        stems = tuple(_dedupe([st._replace(text=_skeleton(st.text)) for st in stems]))
    entries = tuple((st, _tables(lang, st.ctx, loose)) for st in stems)
    foreign = lang == "tr" and stems[0].ctx is not None and _looks_foreign(plain)
    return plain, entries, foreign


def _find(lang: str, word: str, token: str, compound: bool, abbr: bool, loose: bool):
    """(stem, (labels, sep, sep_after)) of the first analysis found, or None."""
    plain, entries, foreign = _plan(lang, word, compound, abbr, loose)
    # the circumflex is optional in Turkish spelling: hâl = hal, kâr = kar
    token = _skeleton(token) if loose else token.translate(_CIRCUMFLEX)
    for st, tables in entries:
        if token.startswith(st.text):
            found = _match_rest(lang, st, tables, token[len(st.text) :], loose)
            if found is not None:
                return st, found
    # Foreign names take the suffix of their pronunciation after the apostrophe:
    # Pinochet'nin, Radcliffe'te, Wall"un. Any harmony is accepted for them.
    if foreign and token.startswith(plain) and token[len(plain) : len(plain) + 1] in ("'", '"'):
        st = _Stem(plain, None, False, False, "foreign")
        found = _match_rest(lang, st, _tables(lang, None, loose), token[len(plain) :], loose)
        if found is not None:
            return st, found
    return None


def analyze(
    lang: str, word: str, token: str, *, compound: bool = False, abbr: bool = False, loose: bool = False
) -> Analysis | None:
    """The analysis of `token` as a form of `word`, or None."""
    if not word or not token:
        return None
    if lang not in TURKIC:
        return _analyze_en(lang, word, token, loose)
    hit = _find(lang, word, token, compound, abbr, loose)
    return None if hit is None else _analysis(token, *hit)


def _analysis(token: str, st: _Stem, found: tuple[tuple[str, ...], str, int]) -> Analysis:
    labels, sep, sep_after = found
    n = len(st.text)
    return Analysis(token[:n], st.kind, labels, token[n:], sep, sep_after)


_CIRCUMFLEX = str.maketrans("âîû", "aiu")
_TR_NATIVE = frozenset("abcçdefgğhıijklmnoöprsştuüvyzâîû")
_FOREIGN_DIGRAPHS = (
    "th",
    "sh",
    "ch",
    "ck",
    "ph",
    "oo",
    "ee",
    "ea",
    "ou",
    "ie",
    "io",
    "ue",
    "ei",
    "eu",
    "au",
    "ae",
    "oi",
)


def _looks_foreign(word: str) -> bool:
    """A (Turkish-text) name spelled in a foreign orthography: Pinochet, Radcliffe, Wall."""
    letters = [ch for ch in word if ch.isalpha()]
    if any(ch not in _TR_NATIVE for ch in letters):
        return True
    if any(d in word for d in _FOREIGN_DIGRAPHS):
        return True
    if len(letters) >= 3 and letters[-1] == letters[-2] and letters[-1] not in _VOWELS:
        return True
    for i, ch in enumerate(letters):
        if ch == "y":
            before = letters[i - 1] if i else ""
            after = letters[i + 1] if i + 1 < len(letters) else ""
            if before not in _VOWELS and after not in _VOWELS:
                return True
    return False


# ---------------------------------------------------------------------------------------------
# English


def _en_looks_plural(word: str) -> bool:
    """States, Nations, Emirates: a name that is plural already (not boss, campus, analysis)."""
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _en_plural(word: str) -> str:
    if _en_looks_plural(word):
        return word
    if len(word) >= 2 and word[-1] == "y" and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _analyze_en(lang: str, word: str, token: str, loose: bool) -> Analysis | None:
    if loose:
        word, token = _skeleton(word), _skeleton(token)
    if token == word:
        return Analysis(word, "en", (), "", "", 0)
    if lang != "en":
        return None
    quote = ""
    body = token
    if body.startswith(word + '"'):
        quote = '"'
        body = word + body[len(word) + 1 :]
    plural = _en_plural(word)
    plurals = {plural}
    if word.endswith("o"):
        plurals.add(word + "es")  # heroes, potatoes
    options = [(word + "'s", ("POS",)), (word + "'", ("POS",))]
    for p in plurals:
        options += [(p, ("PL",)), (p + "'", ("PL", "POS"))]
    for surface, labels in options:
        if body == surface:
            if labels == ("POS",) and surface.endswith("'") and not word.endswith(("s", "x", "z")):
                continue
            stem = word if surface.startswith(word) else plural[: len(index_prefix("en", word))]
            rest = token[len(stem) :]
            return Analysis(stem, "en", labels, rest, quote, 0)
    return None


def _en_inflect(word: str, labels: tuple[str, ...], quote: str, possessive_bare: bool) -> str:
    """possessive_bare: the found form wrote a bare apostrophe after a singular in -s (boss')."""
    out = _en_plural(word) if "PL" in labels else word
    if "POS" in labels:
        if out.endswith("s") and ("PL" in labels or _en_looks_plural(word) or possessive_bare):
            out += "'"  # councils', States', boss'
        else:
            out += "'s"
    if quote:
        out = word + quote + out[len(word) :] if out.startswith(word) else out
    return out


# ---------------------------------------------------------------------------------------------
# Public API


@lru_cache(maxsize=65536)
def index_prefix(lang: str, word: str, *, compound: bool = False, abbr: bool = False) -> str:
    """Folded prefix that every inflected form of `word` (the term's last word, folded) starts
    with: tr 'başkanlığı' (compound) -> 'başkanlı', az 'xidməti' (compound) -> 'xidmət',
    tr 'kitap' -> 'kita' (kitabı), en 'agency' -> 'agenc'. Never empty, never longer than word."""
    if not word:
        raise ValueError("index_prefix: empty word")
    if lang not in TURKIC:
        if lang == "en":
            plural = _en_plural(word)
            return _common_prefix([word, plural]) or word[:1]
        return word
    plain = word.translate(_CIRCUMFLEX)
    texts = [st.text for st in _stems(lang, plain, compound, abbr)]
    prefix = _common_prefix(texts + [plain] if not compound else texts)
    return word[: len(prefix)] or word[:1]


def _common_prefix(texts: list[str]) -> str:
    first = min(texts)
    last = max(texts)
    n = 0
    for a, b in zip(first, last):
        if a != b:
            break
        n += 1
    return first[:n]


def suffix_ok(
    lang: str, word: str, token: str, *, compound: bool = False, abbr: bool = False, loose: bool = False
) -> bool:
    """True if `token` is `word` itself or a nominal inflection of it (see the module doc)."""
    if not isinstance(token, str) or not isinstance(word, str):
        return False
    if token == word:
        return True
    if not word or not token:
        return False
    if lang not in TURKIC:
        return _analyze_en(lang, word, token, loose) is not None
    return _find(lang, word, token, compound, abbr, loose) is not None


def split_suffix(
    lang: str, word: str, token: str, *, compound: bool = False, abbr: bool = False, loose: bool = False
) -> str | None:
    """The inflectional part of `token` (with its leading separator) or None if `token` is not a
    form of `word`. For an izafet word the part after the word as written when the token starts
    with it: ('xidməti', 'xidmətinin') -> 'nin'; else the part after the stem
    ('başkanlığı', 'başkanlıkları') -> 'ları'; ('kitap', 'kitabı') -> 'ı'."""
    if token == word:
        return ""
    a = analyze(lang, word, token, compound=compound, abbr=abbr, loose=loose)
    if a is None:
        return None
    if a.kind in ("base", "base-soft") and a.labels[:1] == ("P3S",):
        # izafet: the part after the word as written (xidməti|nin), not after the stem
        if loose:
            w, t = _skeleton(word), _skeleton(token)
        else:
            w, t = word.translate(_CIRCUMFLEX), token.translate(_CIRCUMFLEX)
        if t.startswith(w):
            return token[len(w) :]
    return a.rest


def inflect(
    lang: str,
    word: str,
    labels: tuple[str, ...] | list[str],
    *,
    compound: bool = False,
    abbr: bool = False,
    sep: str = "",
    sep_after: int = 0,
) -> str:
    """`word` with the chain `labels` (e.g. ('PL', 'GEN') or ('P3S', 'DAT', 'COP')) attached.

    For an izafet word (compound) the labels include its possessive: ('P3S', 'DAT') on
    'başkanlığı' gives 'başkanlığına'. `sep` is written after `sep_after` labels. No stem
    softening is done for abbreviations or when a separator is written (proper names)."""
    labels = tuple(labels)
    if lang not in TURKIC:
        if lang == "en":
            return _en_inflect(word, labels, "", False)
        return word
    if not labels:
        return word
    ctx = _word_ctx(lang, word, abbr)
    if ctx is None:
        ctx = _abbr_ctx(lang, word)
        abbr = True
    stem = word
    prev = None
    pieces: list[str] = []
    if compound and not abbr:
        bases = _izafet_bases(lang, word)
        if bases and labels[0] == "P3S":
            # the izafet form itself carries P3S
            pieces = [""]
            prev = "P3S"
            labels = labels[1:]
            ctx = _ctx_after(ctx, word)
            rest = _realize_chain(lang, ctx, labels, prev)
            return _join(word, pieces + rest, sep, sep_after)
        if bases:
            written = bases[0][0]
            hard = next((b for b, s in bases if s), written)
            bctx = _word_ctx(lang, hard, False) or ctx
            rest = _realize_chain(lang, bctx, labels)
            if rest and rest[0][:1] in _VOWELS and not sep:
                stem = written
            else:
                stem = hard
            return _join(stem, rest, sep, sep_after)
    rest = _realize_chain(lang, ctx, labels, prev)
    if rest and rest[0][:1] in _VOWELS and not sep and not abbr and _vowel_count(word) >= 2:
        soft = _soften(lang, word)
        if soft and not (lang == "tr" and word[-1] == "t"):
            stem = soft
    return _join(stem, rest, sep, sep_after)


def _join(stem: str, pieces: list[str], sep: str, sep_after: int) -> str:
    if not sep:
        return stem + "".join(pieces)
    k = max(0, min(sep_after, len(pieces)))
    return stem + "".join(pieces[:k]) + sep + "".join(pieces[k:])


def reinflect(
    lang: str,
    old_word: str,
    token: str,
    new_word: str,
    *,
    old_compound: bool = False,
    new_compound: bool = False,
    old_abbr: bool = False,
    new_abbr: bool = False,
) -> str:
    """`new_word` carrying the inflection that `token` (a form of `old_word`) carries,
    re-harmonised to `new_word`, folded. If `token` is not a form of `old_word`, `new_word`.

    tr ('konseyi', "konseyi'nin", 'teşkilatı', compound both) -> "teşkilatı'nın";
    az ('şurası', 'şurasının', 'təşkilatı') -> 'təşkilatının'; tr ('türkiye', "türkiye'ye",
    'ankara') -> "ankara'ya"; en ('council', "council's", 'organization') -> "organization's"."""
    if token == old_word:
        return new_word
    a = analyze(lang, old_word, token, compound=old_compound, abbr=old_abbr)
    if a is None:
        a = analyze(lang, old_word, token, compound=old_compound, abbr=old_abbr, loose=True)
    if a is None:
        return new_word
    if lang not in TURKIC:
        if lang != "en":
            return new_word
        return _en_inflect(new_word, a.labels, a.sep, a.rest in ("'",) and "PL" not in a.labels)
    labels = list(a.labels)
    sep_after = a.sep_after
    old_izafet = a.kind in ("base", "base-soft")
    new_ctx = _word_ctx(lang, new_word, new_abbr)
    new_is_abbr = new_abbr or new_ctx is None
    new_izafet = new_compound and not new_is_abbr and bool(_izafet_bases(lang, new_word))
    chain = [lab for lab in labels if lab not in _COPULA_LABELS]
    cop = [lab for lab in labels if lab in _COPULA_LABELS]
    if old_izafet and not new_izafet:
        for i, lab in enumerate(chain):
            if lab in ("P3S", "P3P"):
                if lab == "P3P" and "PL" not in chain:
                    chain[i] = "PL"
                else:
                    del chain[i]
                    if sep_after > i:
                        sep_after -= 1
                break
    elif new_izafet and not old_izafet:
        if not any(lab in _POSS for lab in chain):
            at = 1 if chain[:1] == ["PL"] else 0
            chain.insert(at, "P3S")
            if sep_after >= at:
                sep_after += 1
        if chain[:1] == ["P3S"] and sep_after == 0:
            sep_after = 1
    # the separator: quotes stay; apostrophe (tr) stays; az hyphen only after abbreviations
    sep = a.sep
    if sep.startswith('"'):
        pass
    elif sep == "'" and lang == "tr":
        pass
    elif new_is_abbr:
        sep = "'" if lang == "tr" else "-"
    else:
        sep = "" if lang == "az" and sep == "-" else ("'" if sep == "-" else sep)
    if new_is_abbr and not sep:
        sep = "'" if lang == "tr" else "-"
    if sep and sep_after == 0 and new_izafet and chain[:1] == ["P3S"]:
        sep_after = 1
    full = tuple(chain + cop)
    if not full:
        return new_word
    try:
        return inflect(lang, new_word, full, compound=new_izafet, abbr=new_is_abbr, sep=sep, sep_after=sep_after)
    except ValueError:
        return new_word
