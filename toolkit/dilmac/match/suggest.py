"""Suggestions: the right term written the way the found form was written.

A suggestion replaces the found text one for one, so it keeps the found form's inflection
("Türk Konseyi'nin" → "Türk Devletleri Teşkilatının"), its typography (a curly ’ or ” stays
curly) and its casing style: an all-caps heading stays all caps, a title-case heading ("3rd
Rank State Migration Service Counselor") stays title case, a capitalised sentence start stays
capitalised. Turkish suffixes follow the TDK rule: no apostrophe after the name of an
institution, organisation or title ("Türk Devletleri Teşkilatının", "Göç İdaresi
Başkanlığının"), an apostrophe after names of places and people and after abbreviations
("Türkiye'nin", "TDT'nin").
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from dilmac.core.document import FILLER
from dilmac.language import morph
from dilmac.language.case import is_all_caps, upper
from dilmac.language.normalize import TURKIC, NormalizedText

if TYPE_CHECKING:
    from dilmac.match.matcher import Occurrence
    from dilmac.termbase.model import Term


# Words a title-case heading leaves in lower case (unless first).
_SMALL_WORDS = frozenset("a an and as at between by for from in into of on or the to with və ilə ve ile".split())


def is_title_case(text: str) -> bool:
    """Two or more words beginning with a letter, each with a capital (“Türk Şurasının”)."""
    initials = [word[0] for word in text.split() if word[0].isalpha()]
    return len(initials) >= 2 and all(c.isupper() for c in initials)


def title_case(text: str, lang: str) -> str:
    words = text.split(" ")
    return " ".join(
        upper(w[0], lang) + w[1:] if w[:1].islower() and (i == 0 or w not in _SMALL_WORDS) else w
        for i, w in enumerate(words)
    )


@lru_cache(maxsize=65536)
def _folded_last_word(text: str, lang: str) -> str:
    return NormalizedText(text, lang).folded.rpartition(" ")[2]


def render_like(occ: Occurrence, target: Term, doc_text: str, lang: str | None = None) -> str:
    """`target` inflected like the found form `doc_text[occ.start:occ.end]` and cased like it.

    `doc_text` is the document's checked text (Document.text), where inline markup inside a
    name is FILLER, so "<b>Türk Şurası</b>nın" reads as "Türk Şurasının".
    """
    lang = lang or target.lang
    written = doc_text[occ.start : occ.end]
    old, new = occ.term, target
    memo_key = (
        written,
        occ.word_start - occ.start,
        occ.stem_end - occ.start,
        lang,
        old.text,
        old.lang,
        old.abbr,
        new.text,
        new.lang,
        new.abbr,
        new.inflect,
        new.exact_case,
    )
    rendered = _rendered.get(memo_key)
    if rendered is None:
        if len(_rendered) > 65536:
            _rendered.clear()
        rendered = _rendered[memo_key] = _render(occ, target, written, occ.word_start - occ.start, lang)
    return rendered


# Suggestions repeat (the same wrong form, the same fix); inflecting is the costly part.
_rendered: dict[tuple, str] = {}


_INSTITUTION_IDS = ("inst.", "org.", "title.")  # concept id prefixes (termbase/schema.json)
_CURLY = (("'", "’"), ('"', "”"))


def _typography_of(written: str, text: str) -> str:
    """The writer's apostrophe and closing quote: curly where the found form has them curly."""
    for straight, curly in _CURLY:
        if curly in written and straight not in written:
            text = text.replace(straight, curly)
    return text


def _q_as_written(token: str, last: str) -> str:
    """`token`, a form of the term's last word `last`, with g read as q where `last` has q: the
    found form may be spelt with g for the Azerbaijani q (dilmac.match.matcher.Pattern.with_g),
    and its suffix is found after the word's letters only when they are the term's."""
    if "g" not in token or "q" not in last:
        return token
    return "".join("q" if t == "g" and w == "q" else t for t, w in zip(token, last)) + token[len(last) :]


def _render(occ: Occurrence, target: Term, written: str, word_offset: int, lang: str) -> str:
    found = written.replace(FILLER, "")
    text = target.text
    if occ.stem_end < occ.end and target.inflect:
        old_last = _folded_last_word(occ.term.text, occ.term.lang)
        token = _q_as_written(NormalizedText(written[word_offset:], occ.term.lang).folded, old_last)
        new_last = _folded_last_word(target.text, target.lang)
        inflected = morph.reinflect(
            target.lang,
            old_last,
            token,
            new_last,
            old_compound=" " in occ.term.text.strip() and occ.term.lang in TURKIC,
            new_compound=" " in target.text.strip() and target.lang in TURKIC,
            old_abbr=occ.term.abbr,
            new_abbr=target.abbr,
        )
        last_original = target.text.strip().rpartition(" ")[2]
        shared = 0
        for a, b in zip(new_last, inflected):
            if a != b:
                break
            shared += 1
        text = (
            target.text.strip()[: len(target.text.strip()) - len(last_original)]
            + last_original[:shared]
            + inflected[shared:]
        )
        if target.lang == "tr" and not target.abbr and target.concept_id.startswith(_INSTITUTION_IDS):
            text = text.replace("'", "")  # TDK: no apostrophe after institution names
    text = _typography_of(written, text)
    # Capitals are the writer's style only where the replaced term is not itself written so
    # (an abbreviation: "AKP" → "AK Parti", not "ADALET VE KALKINMA PARTİSİ").
    if is_all_caps(found) and not is_all_caps(occ.term.text) and not target.exact_case:
        return upper(text, lang)
    # Title case is the writer's style only where the replaced term is not itself written so.
    if is_title_case(found) and not is_title_case(occ.term.text) and not target.exact_case:
        return title_case(text, lang)
    if found[:1].isupper() and text[:1].islower():
        return upper(text[:1], lang) + text[1:]
    return text
