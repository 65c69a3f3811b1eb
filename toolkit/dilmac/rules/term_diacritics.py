"""term-diacritics: a term written without its own letters (or with letters it does not have).

Keyboards without Azerbaijani or Turkish layouts drop ü ö ş ç ğ ı ə and İ: "Turkiye" for
"Türkiye", "Huseynov" for "Hüseynov" in an Azerbaijani or Turkish text, "Baskanligi" for
"Başkanlığı". The reverse is flagged too: a form carrying letters the language's rendering does
not use ("Hüseynov" in an English text whose termbase form is "Huseynov").

Bad (az):  Vusal Huseynov bildirib ki …
Good (az): Vüsal Hüseynov bildirib ki …

An Azerbaijani q written as g is reported too, whatever else is right: the q sounds like a g,
Russian spells both г and English spells Qəbələ "Gabala", so "e-ganun.az", "Gazaxıstanın" and
"Dövlət Migrasiya Xidməti" get written for "e-qanun.az", "Qazaxıstanın" and "Dövlət Miqrasiya
Xidməti". The message says so; the fix keeps the suffix.

Bad (az):  Qanunun mətni e-ganun.az saytında dərc olunub.
Good (az): Qanunun mətni e-qanun.az saytında dərc olunub.

House style: a foreign personal name written without its diacritics in an English text
("Recep Tayyip Erdogan", "Antonio Vitorino") is reported only with `[house] strict-diacritics =
true` in dilmac.toml; by default it is not, as the ministry's own English pages write names so.
Names of countries and bodies ("Turkiye") are always reported.

Another word of the language is not the name: written in lower case without the name's letters
("susadım", I got thirsty, is no "Şuşa" + a suffix), or with letters the name has not ("Küba",
Cuba in Turkish, is not "Kuba", the district of Azerbaijan; dilmac.language.lexicon).

Where the found form is the other Turkic language's spelling ("Türkiye" in Azerbaijani text),
foreign-letter reports it instead. Look-alike letters from other scripts are mixed-script's.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import N_, Message
from dilmac.language.lexicon import is_word
from dilmac.language.normalize import TURKIC, key
from dilmac.rules import Context
from dilmac.rules._terms import fix, quote
from dilmac.termbase.model import Term

ID = "term-diacritics"
SEVERITY = Severity.ERROR

_REST_OF_WORD = re.compile(r"[^\W\d_]*")


def check(ctx: Context) -> Iterator[Finding]:
    module = sys.modules[__name__]
    sibling_spans = {
        (occ.start, occ.end, occ.term.concept_id)
        for occ in ctx.foreign
        if occ.exact and occ.term.lang in TURKIC and ctx.lang in TURKIC
    }
    for occ in ctx.occurrences:
        if occ.diacritics_ok or occ.homoglyphs:
            continue
        if not occ.term.allowed or not occ.term.valid_on(ctx.date):
            continue  # the status rules' suggestion already fixes the spelling
        if (occ.start, occ.end, occ.term.concept_id) in sibling_spans:
            continue
        if _ordinary_word(ctx, occ):
            continue
        found = ctx.doc.source[occ.start : occ.stem_end]
        end, fixed = fix(ctx, occ, occ.term)
        yield ctx.finding(
            module,
            occ.start,
            end,
            Message(_what_differs(found, occ.term), found=quote(found), right=quote(occ.term.text)),
            suggestions=fixed,
            concept=occ.term.concept_id,
        )


def _what_differs(found: str, term: Term) -> str:
    """The message for `found`, a spelling of `term` that is not exact: which letters differ."""
    if term.lang != "az":
        return N_("%(found)s should be spelt %(right)s (letters with diacritics differ)")
    written, right = key(found, "az"), key(term.text, "az")
    pairs = list(zip(written, right))
    if not any(w == "g" and r == "q" for w, r in pairs):
        return N_("%(found)s should be spelt %(right)s (letters with diacritics differ)")
    if all(w == r or (w == "g" and r == "q") for w, r in pairs):
        return N_("%(found)s should be spelt %(right)s (Azerbaijani q written as g)")
    return N_("%(found)s should be spelt %(right)s (Azerbaijani q written as g, and letters with diacritics differ)")


def _ordinary_word(ctx: Context, occ) -> bool:
    """Whether a one-word name was found inside another word of the language: a lower-case one
    without the name's letters ("susadım", not "Şuşa" + a suffix), or one with letters the name
    has not ("Küba", Cuba in Turkish, is not "Kuba", the district of Azerbaijan)."""
    name = occ.term.text
    if not name[:1].isupper() or " " in name.strip():
        return False
    text = ctx.doc.text
    word = text[occ.word_start : _REST_OF_WORD.match(text, occ.end).end()]
    if not word.islower() and not _letters_beyond(ctx.doc.source[occ.start : occ.stem_end], name):
        return False
    return is_word(word, ctx.lang)


def _letters_beyond(found: str, name: str) -> bool:
    """Whether `found` has a letter with diacritics where `name` has a plain one (compared as
    written: a plain "I" for "İ" is a letter less, not more)."""
    return len(found) == len(name) and any(a != b and not a.isascii() and b.isascii() for a, b in zip(found, name))
