"""term-missing: the source names an official name the translation does not render.

In a translation catalog (PO, XLIFF), when a message's source string names a concept of the
termbase, its translation must render it with a form that is right on the date: the preferred
or an admitted term (or the old name before a rename), in any inflected form, its abbreviation
included. A name dropped or paraphrased in translation is the commonest way official names
drift; the message lists the forms that would do.

Bad (msgid → msgstr):  "The State Migration Service opened a centre." →
                       "Xidmət yeni mərkəz açıb."
Good:                  "Dövlət Miqrasiya Xidməti yeni mərkəz açıb."  (or "DMX …")

A translation that renders the name with a wrong form (forbidden, deprecated, outdated) gets
term-wrong instead, whose fix is the right form. Each plural form is checked on its own;
untranslated messages are never checked, fuzzy ones only with `--check-fuzzy`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import Message
from dilmac.rules import Context
from dilmac.rules._bilingual import (
    expected_terms,
    form_label,
    or_list,
    source_concepts,
    source_form,
)
from dilmac.rules._terms import quote

ID = "term-missing"
SEVERITY = Severity.ERROR
CATALOGS_ONLY = True  # nothing to check outside translation catalogs


def check(ctx: Context) -> Iterator[Finding]:
    module = sys.modules[__name__]
    expected_of: dict[str, list] = {}
    for pair in ctx.pairs:
        for concept_id, occ in source_concepts(pair).items():
            expected = expected_of.get(concept_id)
            if expected is None:
                concept = ctx.termbase.by_id.get(concept_id)
                expected = expected_of[concept_id] = expected_terms(concept, ctx.lang, ctx.date) if concept else []
            if not expected:
                continue  # the termbase has no right rendering to ask for
            for index, ((start, end), readings) in enumerate(zip(pair.unit.spans, pair.readings)):
                if start == end or any(o.term.concept_id == concept_id for o in readings):
                    continue
                forms = or_list([quote(t.text) for t in expected])
                yield ctx.finding(
                    module,
                    start,
                    end,
                    Message(
                        "the source names %(source)s but the translation%(form)s does not render it; "
                        "expected %(forms)s (in any inflected form)",
                        source=quote(source_form(ctx, occ)),
                        form=form_label(pair, index),
                        forms=forms,
                    ),
                    concept=concept_id,
                    unit=pair.unit,
                )
