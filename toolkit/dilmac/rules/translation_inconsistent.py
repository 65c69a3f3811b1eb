"""translation-inconsistent: one message or one name translated in different ways.

Two checks on translation catalogs (PO, XLIFF):

- across the catalogs of one language linted together: the same msgid (with the same msgctxt;
  XLIFF: the same source and unit id) translated differently. Every translation other than the
  most common one is flagged, with where the common one is;
- within a catalog: one concept of the source rendered with different right forms (the
  preferred term here, an admitted one there). Every rendering other than the main one (the
  preferred form if the catalog uses it, else the most frequent) is flagged.

Users meet a program's messages side by side: "Göç İdaresi Başkanlığı" in one dialog and
"Göç İdaresi" in the next read as two bodies.

Bad:  msgid "Cancel" → msgstr "İptal" in app.po, msgstr "Vazgeç" in plugin.po
Bad:  "State Migration Service" → "Dövlət Miqrasiya Xidməti" in one message, "Miqrasiya
      Xidməti" (admitted) in another

Not flagged, as in term-inconsistent: abbreviations and short names, a shortened form of the
main rendering, and wrong forms (term-wrong reports those). In translated catalogs this rule
replaces term-inconsistent, which would compare every name of the translations regardless of
the source. Fuzzy messages count only with `--check-fuzzy`.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from typing import Iterator

from dilmac.findings import Finding, Severity
from dilmac.normalize import key
from dilmac.rules import Context
from dilmac.rules._bilingual import acceptable_on, message_text, plain, source_concepts, source_form, translated_terms
from dilmac.rules._terms import quote
from dilmac.suggest import render_like

ID = "translation-inconsistent"
SEVERITY = Severity.WARNING
REPLACES_IN_CATALOGS = ("term-inconsistent",)
# GNOME/Xfce's message for the translators' names: each catalog has its own on purpose.
CREDITS = frozenset({"translator-credits", "translator_credits"})


def check(ctx: Context) -> Iterator[Finding]:
    """One concept of the source, several right renderings across the catalog."""
    module = sys.modules[__name__]
    renderings = defaultdict(list)          # concept → [(occurrence, pair)]
    right = acceptable_on(ctx.date)
    for pair in ctx.pairs:
        for occ in translated_terms(pair):
            term = occ.term
            if not term.abbr and not term.short and right(term):
                renderings[term.concept_id].append((occ, pair))
    for concept_id, found in renderings.items():
        counts = Counter(occ.term.key for occ, _ in found)
        if len(counts) < 2:
            continue
        terms = {occ.term.key: occ.term for occ, _ in found}
        preferred = [k for k in counts if terms[k].status == "preferred"]
        main = max(preferred or counts, key=lambda k: (counts[k], -min(o.start for o, _ in found if o.term.key == k)))
        main_term = terms[main]
        main_key = key(main_term.text, main_term.lang)
        for occ, pair in found:
            term = occ.term
            other_key = key(term.text, term.lang)
            if term.key == main or other_key in main_key or main_key in other_key:
                continue
            source = source_form(ctx, source_concepts(pair)[concept_id])
            yield ctx.finding(
                module, occ.start, occ.end,
                f"{quote(source)} is rendered {quote(term.text)} here and {quote(main_term.text)} in "
                f"{counts[main]} other message{'s' if counts[main] != 1 else ''} of this catalog; use one rendering",
                suggestions=[render_like(occ, main_term, ctx.doc.text, ctx.lang)], concept=concept_id,
                unit=pair.unit,
            )


def check_catalogs(contexts: list[Context]) -> Iterator[Finding]:
    """The same message, translated differently in the catalogs of one language."""
    module = sys.modules[__name__]
    groups = defaultdict(list)   # (language, source language, msgctxt, msgid) → [(ctx, unit)]
    for ctx in contexts:
        for unit in ctx.units:
            if unit.msgid not in CREDITS:
                groups[(ctx.lang, ctx.source_lang, unit.msgctxt, unit.msgid)].append((ctx, unit))
    for group in groups.values():
        if len(group) < 2:
            continue
        items = [(ctx, unit, _translation(ctx, unit)) for ctx, unit in group]
        counts = Counter(translation for _, _, translation in items)
        if len(counts) < 2:
            continue
        main = max(counts, key=lambda t: (counts[t], -next(i for i, item in enumerate(items) if item[2] == t)))
        main_ctx, main_unit, _ = next(item for item in items if item[2] == main)
        line, _column = main_ctx.doc.position(main_unit.spans[0][0])
        elsewhere = f"{main_ctx.doc.path}:{line}"
        if counts[main] > 1:
            elsewhere += f" and {counts[main] - 1} more"
        for ctx, unit, translation in items:
            if translation == main:
                continue
            start, end = unit.spans[0][0], unit.spans[-1][1]
            yield ctx.finding(
                module, start, end,
                f"{quote(plain(unit.msgid))} is translated {_show(translation)} here but {_show(main)} in "
                f"{elsewhere}; translate one message one way",
                suggestions=[main[0]] if len(main) == 1 else [], unit=unit,
            )


def _translation(ctx: Context, unit) -> tuple[str, ...]:
    doc = ctx.doc
    po = doc.catalog.format == "po"
    return tuple(plain(message_text(doc.text, doc.source, a, b, po)[0]) for a, b in unit.spans)


def _show(translation: tuple[str, ...]) -> str:
    return " / ".join(quote(form) for form in translation)
