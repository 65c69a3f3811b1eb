"""foreign-letter: letters, and spellings of names, that belong to another of the languages.

What it flags
    (a) In an English document: words with the Turkic letters ``ı``, ``İ``, ``ş``, ``ğ`` or
        ``ə``, which English never uses.

        - A word that is English apart from a dotless ``ı`` or a dotted ``İ`` (``Turkısh``,
          ``contınue``, ``MİNİSTRY``, ``Hıghlighting``): a Turkish keyboard or a
          Turkish-locale upper-casing slipped in. Warning, with the corrected word as the
          suggestion (only when that is an English word: dilmac.language.lexicon).
        - Any other such word, typically a name written in its own spelling (``Şahin``,
          ``Aydın``, ``Gəncə``) or a Turkish word (``toplandı``): a gentle note (severity
          info, once per distinct word in a document) without a suggestion, since only the
          writer knows the English spelling the ministry uses for that person or place. A
          Turkish word or name is never "fixed" by swapping its letters. Names in the termbase
          are not reported: "Türkiye" or "Erdoğan" written as the termbase has them are fine;
          nor are words inside a quotation in Turkish or Azerbaijani (a book title).

    (b) In a Turkish document: words with ``ə``, ``q`` or ``x``, which the Turkish alphabet
        does not have, when the word is Azerbaijani (``Azərbaycan``, ``Qarabağ``, ``xalq``).
        The suggestion replaces ə→e, q→k, x→h, the usual Turkish rendering (``Azerbaycan``,
        ``Karabağ``, ``Naxçıvan``→``Nahçıvan``). Foreign names with q or x in their own
        spelling (``Shaqiri``, ``Maxwell``, ``Qatar``) are left alone unless they also have
        Turkic letters, and so are abbreviations in either case (``QR``, ``qr kodu``: a word
        without a vowel), code, URLs and the document's terms.

    (c) In an Azerbaijani document, the Turkish spelling of a termbase name (``Türk Devletleri
        Teşkilatı``, ``Türkiye'nin``); in a Turkish document, the Azerbaijani spelling
        (``Bakı``). The suggestion is the document language's preferred term valid on the
        document's date, inflected and cased like the text (``Türk Dövlətləri Təşkilatı``,
        ``Türkiyənin``, ``Bakü``). Names spelled the same in both (``İstanbul``) pass.

    Under (a) and (b), words inside a phrase that untranslated-fragment reports are not
    reported again here.

Why it matters
    A dotless ı in an English word is invisible to a proofreader but breaks search, spell
    checking and sorting. Azerbaijani and Turkish names differ in small ways (ə/e, q/k, x/h,
    Bakı/Bakü) that a translator working between the two languages easily carries over; the
    result reads as a mistake to every reader of the target language.

Example
    Bad (Azerbaijani document)::

        Türk Devletleri Teşkilatının sammiti Bakıda keçiriləcək.

    Good::

        Türk Dövlətləri Təşkilatının sammiti Bakıda keçiriləcək.

    Bad (English document): ``The Turkısh delegation arrived.`` Good: ``The Turkish
    delegation arrived.``

Silencing it
    For a name that should keep its own spelling in an English text, add it to the termbase
    as an English term (it then counts as a term, not a foreign word), or ignore the info
    note. For a quotation in the other language, mark it with an HTML ``lang`` attribute.
    Otherwise lint such files with ``--disable foreign-letter``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import N_, Contextual, Joined, Message, Plural
from dilmac.language import langid
from dilmac.language.lexicon import is_word
from dilmac.language.normalize import fold, key
from dilmac.rules._fragments import Spans, fragments

if TYPE_CHECKING:
    from dilmac.match.matcher import Occurrence
    from dilmac.rules import Context

ID = "foreign-letter"
SEVERITY = Severity.WARNING

_EN_LETTERS = "ıİşŞğĞəƏ"  # (a): letters English never uses
_TR_LETTERS = "əƏqQxX"  # (b): letters the Turkish alphabet does not have
_TURKIC_LETTER = re.compile("[ıİğĞşŞçÇöÖüÜ]")
_DOTLESS_FIX = str.maketrans({"ı": "i", "İ": "I"})
_TO_TURKISH = str.maketrans({"ə": "e", "Ə": "E", "q": "k", "Q": "K", "x": "h", "X": "H"})
_EN_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "ers", "ies", "ied", "ment", "ments")
_LETTER_NAMES = {"ı": N_("dotless ı"), "İ": N_("dotted İ")}
# The languages' names as the messages below use them: "spelled the Turkish way; in Azerbaijani".
_WAY = {
    "en": Contextual("spelled the … way; in …", "English"),
    "az": Contextual("spelled the … way; in …", "Azerbaijani"),
    "tr": Contextual("spelled the … way; in …", "Turkish"),
}
_VOWELS = frozenset("aeıioöuüəâîû")
OTHER_TURKIC = {"az": "tr", "tr": "az"}


def _in_url(text: str, s: int, e: int) -> bool:
    """Whether the word is part of a URL, an e-mail address or code."""
    left = text.rfind(" ", max(0, s - 200), s) + 1
    right = text.find(" ", e, e + 200)
    token = text[left : right if right != -1 else min(len(text), e + 200)]
    return "://" in token or "@" in token or "www." in token or langid.is_code_like(text, s, e)


class _Skip:
    """Spans this rule leaves alone: terms of the document's language, names already reported,
    and untranslated fragments (found only when a candidate word needs to know)."""

    def __init__(self, ctx: Context, reported: list[tuple[int, int]]) -> None:
        self.ctx = ctx
        self._reported = reported
        self.terms: Spans | None = None  # built on the first call: most documents
        self.reported: Spans | None = None  # have no candidate word at all
        self._fragments: Spans | None = None

    def __call__(self, start: int, end: int) -> bool:
        if self.terms is None:
            self.terms = Spans((o.start, o.end) for o in self.ctx.occurrences)
            self.reported = Spans(self._reported)
        if self.terms.overlaps(start, end) or self.reported.overlaps(start, end):
            return True
        if self._fragments is None:
            self._fragments = Spans((f.start, f.end) for f in fragments(self.ctx))
        return self._fragments.overlaps(start, end)


def _candidates(ctx: Context, letters: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each word of the region with one of `letters`, in text order.

    The letters are rare, so each is looked for with `str.find` (a C-level memchr-like scan)
    rather than a regular-expression character class, which steps through every character."""
    text = ctx.text
    start, end = ctx.start, ctx.end
    positions: list[int] = []
    for letter in letters:
        pos = text.find(letter, start, end)
        while pos != -1:
            positions.append(pos)
            pos = text.find(letter, pos + 1, end)
    if not positions:
        return []
    positions.sort()
    found = []
    after = start
    for pos in positions:
        if pos < after:
            continue  # in the word just looked at
        s, e = langid.word_span(text, pos)
        s, e = max(s, start), min(e, end)
        if e > s:
            found.append((s, e, text[s:e]))
        after = max(e, pos + 1)
    return found


def _english_word(word: str) -> bool:
    """Whether a word (ASCII, any case) is in the English list, possibly with a suffix."""
    folded = word.lower()
    if langid.listed(folded, "en"):
        return True
    return any(folded.endswith(suffix) and langid.listed(folded[: -len(suffix)], "en") for suffix in _EN_SUFFIXES)


def _turkic_word(word: str) -> bool:
    folded = langid.fold_word(word)
    return langid.listed(folded, "az") or langid.listed(folded, "tr")


def _in_turkic_quotation(ctx: Context, start: int, end: int) -> bool:
    """Whether text[start:end] stands in a quotation written in Turkish or Azerbaijani."""
    from dilmac.language.timeref import quotation, sentence_span

    quoted = quotation(ctx.text, start, end, sentence_span(ctx.text, start, ctx.start, ctx.end))
    return quoted is not None and langid.identify(ctx.text[quoted[0] : quoted[1]])[0] in OTHER_TURKIC


def _check_english(ctx: Context, module) -> Iterator[Finding]:
    candidates = _candidates(ctx, _EN_LETTERS)
    if not candidates:
        return  # the usual case, settled before setting anything up
    skip = _Skip(ctx, [])
    noted: set[str] = set()
    text = ctx.text
    for s, e, word in candidates:
        if _in_url(text, s, e) or skip(s, e) or _in_turkic_quotation(ctx, s, e):
            continue
        fixed = word.translate(_DOTLESS_FIX)
        if (
            fixed.isascii()
            and (_english_word(fixed) or is_word(fixed, "en"))
            and not _turkic_word(word)
            and (word.isupper() or not is_word(word, "tr"))  # (upper case folds İ away)
        ):
            letters = sorted({_LETTER_NAMES[ch] for ch in word if ch in _LETTER_NAMES})
            yield ctx.finding(
                module,
                s,
                e,
                Plural(
                    "“%(word)s” has the Turkish letter %(letters)s, which English does not use "
                    "(a Turkish keyboard or upper-casing slip?)",
                    "“%(word)s” has the Turkish letters %(letters)s, which English does not use "
                    "(a Turkish keyboard or upper-casing slip?)",
                    len(letters),
                    word=word,
                    letters=_and_list(letters),
                ),
                suggestions=[fixed],
            )
            continue
        if word in noted:
            continue
        noted.add(word)
        letters = sorted({ch for ch in word.lower() if ch in "ışğə"})
        yield ctx.finding(
            module,
            s,
            e,
            Message(
                "“%(word)s” is written with letters English does not use (%(letters)s); if this name is meant to "
                "keep its own spelling ignore this note, otherwise use its English spelling",
                word=word,
                letters=", ".join(letters),
            ),
            severity=Severity.INFO,
        )


def _azerbaijani_word(word: str) -> bool:
    """An Azerbaijani word in a Turkish text, as opposed to a foreign name with q or x."""
    if "ə" in word or "Ə" in word:
        return True
    if langid.word_class(word) != langid.AZ:
        return False
    return _TURKIC_LETTER.search(word) is not None or word[0].islower() or langid.listed(langid.fold_word(word), "az")


def _check_turkish(ctx: Context, module, reported: list[tuple[int, int]]) -> Iterator[Finding]:
    skip = _Skip(ctx, reported)
    text = ctx.text
    for s, e, word in _candidates(ctx, _TR_LETTERS):
        if len(word) < 2 or not _azerbaijani_word(word):
            continue
        if word.isupper() and "Ə" not in word:  # an abbreviation (QHT, XİN)
            continue
        if not any(ch in _VOWELS for ch in word.lower()):  # an abbreviation in lower case (qr kodu)
            continue
        if _in_url(text, s, e) or skip(s, e):
            continue
        letters = sorted({ch for ch in word.lower() if ch in "əqx"})
        yield ctx.finding(
            module,
            s,
            e,
            Message(
                "“%(word)s” has %(letters)s, which the Turkish alphabet does not have (Azerbaijani spelling?)",
                word=word,
                letters=", ".join(letters),
            ),
            suggestions=[word.translate(_TO_TURKISH)],
        )


def _exact(occurrence: Occurrence) -> bool:
    return occurrence.diacritics_ok and not occurrence.homoglyphs


# Possessive suffixes of the first and second person: a name hardly ever takes them, while the
# common words that look like a name with them do ("bakım", "Bakın" are not "Bakı" + suffix).
# (Only suffixes written without an apostrophe are doubted.)
_PERSONAL_SUFFIXES = frozenset("m n ım im um üm mız miz muz müz nız niz nuz nüz".split())


def _plausible(ctx: Context, occurrence: Occurrence) -> bool:
    """Whether the found text can really be the name: written with the term's capitals, and
    without a suffix that turns it into a common word."""
    term = occurrence.term
    stem = ctx.doc.source[occurrence.start : occurrence.stem_end]
    if term.abbr or term.exact_case:
        if any(a.isupper() != b.isupper() for a, b in zip(stem, term.text) if a.isalpha() and b.isalpha()):
            return False
    elif term.text[:1].isupper() and stem[:1].islower():
        return False
    suffix = ctx.doc.source[occurrence.stem_end : occurrence.end].lower()
    return suffix not in _PERSONAL_SUFFIXES or " " in term.text.strip()


def _orthography(rendered: str, base: str, lang: str) -> str:
    """The suffix separator of the document's language: Azerbaijani writes suffixes straight on
    (Türkiyənin, Bakıya) or after a hyphen following an abbreviation (Aİ-nin), Turkish puts an
    apostrophe after a one-word proper name or an abbreviation (Bakü'de, AB'nin).
    A rendering carried over from the other language gets its separator fixed."""
    base = base.strip()
    n = len(base)
    if len(rendered) <= n or fold(rendered[:n], lang) != fold(base, lang):
        return rendered
    separator = rendered[n]
    if lang == "az" and separator in "'’ʼ" and rendered[n + 1 : n + 2].isalpha():
        # after an abbreviation Azerbaijani writes a hyphen (Aİ-nin)
        return rendered[:n] + ("-" if base.isupper() else "") + rendered[n + 1 :]
    if lang == "tr" and separator.isalpha() and " " not in base and base[:1].isupper():
        return rendered[:n] + "'" + rendered[n:]
    return rendered


def _spelled_as(ctx: Context, occurrence: Occurrence, lang: str) -> bool:
    """Whether the occurrence is a `lang` term, or a term of a third language written the
    same as one of the concept's `lang` terms ("Recep Tayyip Erdoğan" is en and tr)."""
    if occurrence.term.lang == lang:
        return True
    if occurrence.term.lang not in OTHER_TURKIC and occurrence.term.lang != ctx.lang:
        concept = ctx.termbase.by_id.get(occurrence.term.concept_id)
        if concept is not None:
            spelled = key(occurrence.term.text, lang)
            return any(key(t.text, lang) == spelled for t in concept.terms.get(lang, ()))
    return False


def _check_other_turkic(ctx: Context, module) -> list[Finding]:
    """(c): the other Turkic language's spelling of a termbase name."""
    if ctx.termbase is None or not ctx.foreign:
        return []
    other = OTHER_TURKIC[ctx.lang]
    foreign = [o for o in ctx.foreign if _exact(o) and _spelled_as(ctx, o, other)]
    if not foreign:
        return []
    from dilmac.match.suggest import render_like

    own = [o for o in ctx.occurrences if _exact(o)]
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    # longest first, so that a name is reported once and not also its parts
    for occ in sorted(foreign, key=lambda o: (o.start - o.end, o.start)):
        if any(o.start <= occ.start and o.end >= occ.stem_end for o in own):
            continue  # spelled the same in the document's language (İstanbul)
        if any(s < occ.end and occ.start < e for s, e in taken) or not _plausible(ctx, occ):
            continue
        concept = ctx.termbase.by_id.get(occ.term.concept_id)
        if concept is None:
            continue
        target = concept.preferred(ctx.lang, ctx.date, kind=occ.term.type)
        if target is None:
            allowed = concept.allowed_terms(ctx.lang, ctx.date)
            if not allowed:
                continue
            target = allowed[0]
        found = ctx.doc.source[occ.start : occ.end]
        rendered = _orthography(render_like(occ, target, ctx.doc.text, ctx.lang), target.text, ctx.lang)
        if rendered == found:
            continue
        taken.append((occ.start, occ.end))
        findings.append(
            ctx.finding(
                module,
                occ.start,
                occ.end,
                Message(
                    "“%(found)s” is spelled the %(other)s way; in %(lang)s: “%(right)s”",
                    found=found,
                    other=_WAY[other],
                    lang=_WAY[ctx.lang],
                    right=rendered,
                ),
                suggestions=[rendered],
                concept=concept.id,
            )
        )
    return findings


def check(ctx: Context) -> Iterator[Finding]:
    module = sys.modules[__name__]
    if ctx.lang == "en":
        yield from _check_english(ctx, module)
    elif ctx.lang in OTHER_TURKIC:
        names = _check_other_turkic(ctx, module)
        findings = list(names)
        if ctx.lang == "tr":
            findings.extend(_check_turkish(ctx, module, [(f.start, f.end) for f in names]))
        findings.sort(key=lambda f: (f.start, f.end))
        yield from findings


def _and_list(names: list[str]) -> Message:
    """Letter names (N_-marked) as “a and b”, translated when shown."""
    items = [Message(name) for name in names]
    if len(items) == 1:
        return items[0]
    return Message("%(some)s and %(last)s", some=Joined(" and ", items[:-1]), last=items[-1])
