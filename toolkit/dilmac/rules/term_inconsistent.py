"""term-inconsistent: one document, two renderings of the same concept.

A reader should not wonder whether "Organization of Turkic States" and "Cooperation Council of
Turkic Speaking States" in one 2020 text are two bodies. When a document uses two or more valid
renderings of one concept, every occurrence of the less common one is flagged, with the main
one (the preferred form if the document uses it, else the most frequent) as the suggestion.

Not flagged: abbreviations and short names (``short: true``) next to the full name ("State
Migration Service (SMS)", "Cooperation Council of Turkic Speaking States (Turkic Council)"), a
shortened form of a longer rendering ("the State Migration Service" after "State Migration Service of the
Republic of Azerbaijan"), and forms that other rules already report (forbidden, deprecated,
outdated at the document's date).
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from operator import attrgetter

from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import Message
from dilmac.language.normalize import key
from dilmac.match.suggest import render_like
from dilmac.rules import Context
from dilmac.rules._terms import quote

ID = "term-inconsistent"
SEVERITY = Severity.WARNING
_WRONG = frozenset({"forbidden", "deprecated"})
_ASIDE = frozenset({"abbreviation", "short"})  # the types of Term.abbr and Term.short
_INDEX = attrgetter("term.index")


def check(ctx: Context) -> Iterator[Finding]:
    module = sys.modules[__name__]
    # Abbreviations, official short names and wrong forms never count as a second rendering
    # (tested on the term's fields: this runs for every occurrence of every document).
    # One language: a term's index names it among its concept's renderings.
    used = {
        (term.concept_id, term.index)
        for occ in ctx.occurrences
        if (term := occ.term).status not in _WRONG and term.type not in _ASIDE
    }
    if len(used) == len(dict(used)):  # (its keys: the concepts)
        return  # the usual case: one rendering per concept
    renderings = defaultdict(set)
    for concept_id, index in used:
        renderings[concept_id].add(index)
    by_concept = defaultdict(list)
    for occ in ctx.occurrences:
        term = occ.term
        if (
            len(renderings.get(term.concept_id, ())) < 2
            or term.status in _WRONG
            or term.type in _ASIDE
            or not term.valid_on(ctx.date)
        ):
            continue
        by_concept[term.concept_id].append(occ)
    for concept_id, occs in by_concept.items():
        counts = Counter(map(_INDEX, occs))  # (one concept: the index names the rendering)
        if len(counts) < 2:
            continue
        terms = {occ.term.index: occ.term for occ in occs}
        preferred = [k for k in counts if terms[k].status == "preferred"]
        main = max(preferred or counts, key=lambda k: (counts[k], -min(o.start for o in occs if o.term.index == k)))
        main_term = terms[main]
        main_key = key(main_term.text, main_term.lang)
        for occ in occs:
            term = occ.term
            if term.index == main:
                continue
            other_key = key(term.text, term.lang)
            if other_key in main_key or main_key in other_key:
                continue  # a shortened form of the other rendering
            yield ctx.finding(
                module,
                occ.start,
                occ.end,
                Message(
                    "%(this)s and %(main)s name the same thing in this document; use one rendering throughout",
                    this=quote(term.text),
                    main=quote(main_term.text),
                ),
                suggestions=[render_like(occ, main_term, ctx.doc.text, ctx.lang)],
                concept=concept_id,
            )
