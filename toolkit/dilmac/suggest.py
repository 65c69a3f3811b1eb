"""Suggestions: the right term written the way the found form was written.

A suggestion replaces the found text one for one, so it keeps the found form's inflection
("Türk Konseyi'nin" → "Türk Devletleri Teşkilatı'nın") and its casing style (an all-caps
heading stays all caps).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from dilmac import morph
from dilmac.normalize import TURKIC, NormalizedText

if TYPE_CHECKING:
    from dilmac.document import Document
    from dilmac.matcher import Occurrence
    from dilmac.termbase import Concept, Termbase, Term


def upper(text: str, lang: str) -> str:
    if lang in TURKIC:
        text = text.replace("i", "İ").replace("ı", "I")
    return text.upper()


def is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def render_like(occ: "Occurrence", target: "Term", source: str, lang: str | None = None) -> str:
    """`target` inflected like the found form `source[occ.start:occ.end]` and cased like it."""
    lang = lang or target.lang
    found = source[occ.start:occ.end]
    text = target.text
    if occ.stem_end < occ.end and target.inflect:
        token = NormalizedText(source[occ.word_start:occ.end], occ.term.lang).folded
        old_last = NormalizedText(occ.term.text, occ.term.lang).folded.rpartition(" ")[2]
        new_folded = NormalizedText(target.text, target.lang).folded
        new_last = new_folded.rpartition(" ")[2]
        inflected = morph.reinflect(
            target.lang, old_last, token, new_last,
            old_compound=" " in occ.term.text.strip() and occ.term.lang in TURKIC,
            new_compound=" " in target.text.strip() and target.lang in TURKIC,
            old_abbr=occ.term.abbr, new_abbr=target.abbr,
        )
        last_original = target.text.strip().rpartition(" ")[2]
        shared = 0
        for a, b in zip(new_last, inflected):
            if a != b:
                break
            shared += 1
        text = target.text.strip()[: len(target.text.strip()) - len(last_original)] \
            + last_original[:shared] + inflected[shared:]
    if is_all_caps(found) and not target.exact_case:
        return upper(text, lang)
    if found[:1].isupper() and text[:1].islower():
        return upper(text[:1], lang) + text[1:]
    return text


def preferred_for(concept: "Concept", lang: str, day: date, occ: "Occurrence") -> "Term | None":
    """The preferred term of the concept in `lang` on `day`, of the same kind (abbreviation or
    full form) as the found term when the concept has one."""
    return concept.preferred(lang, day, abbr=occ.term.abbr)


def suggestion(occ: "Occurrence", termbase: "Termbase", doc: "Document", lang: str, day: date) -> list[str]:
    concept = termbase.by_id.get(occ.term.concept_id)
    if concept is None:
        return []
    target = preferred_for(concept, lang, day, occ)
    if target is None:
        return []
    return [render_like(occ, target, doc.source, lang)]
