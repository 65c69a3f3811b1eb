"""Helpers shared by the term rules: labels, suggestions, status filters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import ModuleType
from typing import TYPE_CHECKING

from dilmac.core.i18n import Message
from dilmac.language import morph
from dilmac.language.normalize import TURKIC, fold
from dilmac.match.suggest import render_like

if TYPE_CHECKING:
    from dilmac.core.findings import Finding
    from dilmac.match.matcher import Occurrence
    from dilmac.rules import Context
    from dilmac.termbase.model import Term


def quote(text: str) -> str:
    return f"“{text}”"


class _Memo:
    """Labels and preferred terms by (concept, language, date[, kind]), for one termbase at a
    time: the same few concepts are reported over and over, and each answer is a search of
    the concept's terms. (Holding the termbase keeps its identity from being reused.)"""

    termbase: object = None
    labels: dict[tuple, str] = {}
    preferred: dict[tuple, Term | None] = {}

    @classmethod
    def get(cls, termbase: object) -> type[_Memo]:
        if termbase is not cls.termbase or len(cls.labels) + len(cls.preferred) > 65536:
            cls.termbase, cls.labels, cls.preferred = termbase, {}, {}
        return cls


def concept_label(ctx: Context, concept_id: str) -> str:
    labels = _Memo.get(ctx.termbase).labels
    memo_key = (concept_id, ctx.lang, ctx.date)
    label = labels.get(memo_key)
    if label is None:
        label = labels[memo_key] = _label(ctx, concept_id)
    return label


def _label(ctx: Context, concept_id: str) -> str:
    concept = ctx.termbase.by_id.get(concept_id)
    if concept is None:
        return concept_id
    for lang in (ctx.lang, "en", "az", "tr"):
        term = concept.preferred(lang, ctx.date, abbr=False)
        if term:
            return term.text
    return concept_id


def preferred(ctx: Context, occ: Occurrence) -> Term | None:
    term = occ.term
    memo = _Memo.get(ctx.termbase).preferred
    memo_key = (term.concept_id, ctx.lang, ctx.date, term.type)
    if memo_key not in memo:
        concept = ctx.termbase.by_id.get(term.concept_id)
        memo[memo_key] = concept.preferred(ctx.lang, ctx.date, kind=term.type) if concept else None
    return memo[memo_key]


def suggestions(ctx: Context, occ: Occurrence) -> list[str]:
    return fix(ctx, occ, preferred(ctx, occ))[1]


# A suffix the matcher left outside the occurrence: after an apostrophe, in the wrong harmony
# for the term ("Baku'ya" read as the Turkish "Bakü" + a suffix that does not fit it).
_TRAILING_SUFFIX = re.compile(r"['’][^\W\d_]+")
# Words after which an English "X of Y" name takes "the" (a preposition: "of the Republic of
# Azerbaijan"); after a determiner or a numeral it has its own ("two Turkish Councils").
_PREPOSITIONS = frozenset("of in to for by with from at on under between among and".split())
_OF_NAME = re.compile(r"[A-Z][a-z]+ of ")


def fix(ctx: Context, occ: Occurrence, target: Term | None) -> tuple[int, list[str]]:
    """(end, suggestions): the span to replace, from occ.start, and its replacement written
    like the found form. A suffix after an apostrophe that the occurrence left out is taken
    into the span and re-harmonised to the new word ("Baku'ya" → "Bakü'ye"); where that is not
    possible the fix is declined (no suggestion) rather than a wrong one given. An English
    "of Azerbaijan Republic" becomes "of the Republic of Azerbaijan": a name of the form
    "X of Y" replacing one without "of" takes the article."""
    if target is None:
        return occ.end, []
    text = ctx.doc.text
    rendered = render_like(occ, target, text, ctx.lang)
    end = occ.end
    trailing = _TRAILING_SUFFIX.match(text, end) if end == occ.stem_end and ctx.lang in TURKIC else None
    if trailing:
        written = fold(text[occ.word_start : trailing.end()], ctx.lang)
        stem = written[: occ.end - occ.word_start]
        new_last = fold(rendered.rpartition(" ")[2], ctx.lang)
        if not morph.suffix_ok(ctx.lang, stem, written):
            return end, []
        inflected = morph.reinflect(ctx.lang, stem, written, new_last)
        if inflected == new_last:
            return end, []
        suffix = inflected[len(new_last) :]
        rendered += suffix.replace("'", trailing.group()[0])
        end = trailing.end()
    if ctx.lang == "en" and _OF_NAME.match(rendered) and not _OF_NAME.match(occ.term.text):
        before = text[max(0, occ.start - 20) : occ.start].split()
        if not before or before[-1][-1:] in ".!?:":
            rendered = "The " + rendered
        elif before[-1].lower() in _PREPOSITIONS:
            rendered = "the " + rendered
    return end, [rendered]


def with_status(ctx: Context, status: str) -> list[Occurrence]:
    return [occ for occ in ctx.occurrences if occ.term.status == status]


def note_suffix(term: Term) -> str:
    return f" ({term.note})" if term.note else ""


def report_status(ctx: Context, module: ModuleType, status: str, template: str) -> Iterator[Finding]:
    """One finding per occurrence of a term with `status`, its message `template` (marked with
    N_) filled with the form found, the concept's name and the term's note."""
    for occ in with_status(ctx, status):
        label = concept_label(ctx, occ.term.concept_id)
        end, fixed = fix(ctx, occ, preferred(ctx, occ))
        yield ctx.finding(
            module,
            occ.start,
            end,
            Message(template, found=quote(occ.term.text), name=quote(label), note=note_suffix(occ.term)),
            suggestions=fixed,
            concept=occ.term.concept_id,
        )
