"""term-wrong: the translation renders a name of the source with a wrong form.

In a translation catalog (PO, XLIFF), when a message's source names a concept and its
translation renders that concept with a forbidden or deprecated form, or one outdated (or not
yet in use) on the date, the translation is wrong: the source says which body is meant, so
the fix is certain. The message names the source form, says what is wrong with the rendering
and gives the right one, inflected like the found form.

Bad (msgid → msgstr):  "Organization of Turkic States summit" → "Türk Konseyi zirvesi"  (2024)
Good:                  "Türk Devletleri Teşkilatı zirvesi"

In catalogs this rule takes over term-forbidden, term-deprecated and term-superseded on the same
occurrence (one finding per wrong form); those rules still report wrong forms that the source
does not name. Like term-missing, it checks translated messages, fuzzy ones with
`--check-fuzzy`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import Message
from dilmac.rules import Context
from dilmac.rules._bilingual import (
    acceptable_on,
    source_concepts,
    source_form,
    translated_terms,
)
from dilmac.rules._terms import note_suffix, preferred, quote, suggestions

ID = "term-wrong"
SEVERITY = Severity.ERROR
CATALOGS_ONLY = True  # nothing to check outside translation catalogs
TAKES_OVER = ("term-forbidden", "term-deprecated", "term-superseded")


def check(ctx: Context) -> Iterator[Finding]:
    module = sys.modules[__name__]
    right = acceptable_on(ctx.date)
    for pair in ctx.pairs:
        named = source_concepts(pair)
        for occ in translated_terms(pair):
            term = occ.term
            if right(term):
                continue
            target = preferred(ctx, occ)
            fix = Message("; use %(right)s", right=quote(target.text)) if target else ""
            yield ctx.finding(
                module,
                occ.start,
                occ.end,
                Message(
                    "the source names %(source)s; its rendering %(rendering)s %(problem)s%(fix)s",
                    source=quote(source_form(ctx, named[term.concept_id])),
                    rendering=quote(term.text),
                    problem=_what_is_wrong(ctx, term),
                    fix=fix,
                ),
                suggestions=suggestions(ctx, occ),
                concept=term.concept_id,
                unit=pair.unit,
            )


def _what_is_wrong(ctx: Context, term) -> Message:
    """The predicate of “its rendering X …”."""
    if term.status == "forbidden":
        return Message("must not be used%(note)s", note=note_suffix(term))
    if term.status == "deprecated":
        return Message("is deprecated%(note)s", note=note_suffix(term))
    if term.valid_from and ctx.date < term.valid_from:
        return Message("is only used from %(date)s", date=str(term.valid_from))
    if term.valid_until:
        return Message("is outdated since %(date)s", date=str(term.valid_until))
    return Message("is superseded")
