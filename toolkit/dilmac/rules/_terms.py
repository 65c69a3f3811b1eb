"""Helpers shared by the term rules: labels, suggestions, status filters."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import TYPE_CHECKING

from dilmac.core.i18n import Message
from dilmac.match.suggest import render_like

if TYPE_CHECKING:
    from dilmac.core.findings import Finding
    from dilmac.match.matcher import Occurrence
    from dilmac.rules import Context
    from dilmac.termbase.model import Term


def quote(text: str) -> str:
    return f"“{text}”"


def concept_label(ctx: Context, concept_id: str) -> str:
    concept = ctx.termbase.by_id.get(concept_id)
    if concept is None:
        return concept_id
    for lang in (ctx.lang, "en", "az", "tr"):
        term = concept.preferred(lang, ctx.date, abbr=False)
        if term:
            return term.text
    return concept_id


def preferred(ctx: Context, occ: Occurrence) -> Term | None:
    concept = ctx.termbase.by_id.get(occ.term.concept_id)
    return concept.preferred(ctx.lang, ctx.date, kind=occ.term.type) if concept else None


def suggestions(ctx: Context, occ: Occurrence) -> list[str]:
    target = preferred(ctx, occ)
    return [render_like(occ, target, ctx.doc.text, ctx.lang)] if target else []


def with_status(ctx: Context, status: str) -> Iterator[Occurrence]:
    for occ in ctx.occurrences:
        if occ.term.status == status:
            yield occ


def note_suffix(term: Term) -> str:
    return f" ({term.note})" if term.note else ""


def report_status(ctx: Context, module: ModuleType, status: str, template: str) -> Iterator[Finding]:
    """One finding per occurrence of a term with `status`, its message `template` (marked with
    N_) filled with the form found, the concept's name and the term's note."""
    for occ in with_status(ctx, status):
        label = concept_label(ctx, occ.term.concept_id)
        yield ctx.finding(
            module,
            occ.start,
            occ.end,
            Message(template, found=quote(occ.term.text), name=quote(label), note=note_suffix(occ.term)),
            suggestions=suggestions(ctx, occ),
            concept=occ.term.concept_id,
        )
