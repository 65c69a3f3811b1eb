"""term-superseded: a name that was not the valid one on the document's date.

Bodies are renamed and countries change their names: "Turkic Council" became the "Organization
of Turkic States" on 2021-11-12, "Turkey" became "Türkiye" in English on 2022-06-01. The
document's date decides (``--date``, the front matter ``date:``, else today): a press release of
2020 rightly says "Turkic Council"; one of 2024 must not. The rule also flags the reverse, a
name used before it existed.

Bad (2024):  Turkey and Azerbaijan signed …
Good (2024): Türkiye and Azerbaijan signed …
Good (2019): Turkey and Azerbaijan signed …

The message says since when the form is outdated and what replaced it.

The date that decides is the one the *sentence* speaks about (dilmac.language.timeref): an old
name is right, and not reported, in a sentence that names a date or year when it was valid
("Türk Konseyi, 3 Ekim 2009'da kuruldu"), in a rename or founding statement ("formerly the
Turkic Council", "adı … olarak değiştirildi", "yaradılıb"), next to the name valid on the
document's date ("the Organization of Turkic States (then the Turkic Council)"), and inside a
quoted title ("“Türkiye İlişkileri”", a book keeps its title). So a founding statement never
gets a fix that would make it false.

Good (2024): The Cooperation Council of Turkic Speaking States, founded on 3 October 2009, …
"""

from __future__ import annotations

import sys
from bisect import bisect_left
from collections.abc import Iterator
from operator import itemgetter

from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import Message
from dilmac.language.timeref import Sentences, quotation
from dilmac.match.matcher import Occurrence
from dilmac.rules import Context
from dilmac.rules._terms import fix, preferred, quote

ID = "term-superseded"
_START = itemgetter(0)  # an occurrence's start
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Finding]:
    module = sys.modules[__name__]
    sentences = Sentences(ctx.text, ctx.lang, ctx.date, ctx.start, ctx.end)  # (found on first use)
    for occ in ctx.occurrences:
        term = occ.term
        if term.status in ("forbidden", "deprecated"):
            continue  # their own rules report them
        # A superseded form with an end date was the valid name before it.
        if term.valid_on(ctx.date) and (term.status != "superseded" or term.valid_until is not None):
            continue
        if _told_as_history(ctx, occ, sentences):
            continue
        target = preferred(ctx, occ)
        found, right = quote(term.text), quote(target.text) if target else Message("the current name")
        if term.valid_from and ctx.date < term.valid_from:
            message = Message(
                "%(found)s is only used from %(since)s; on %(day)s the name was %(right)s",
                found=found,
                since=str(term.valid_from),
                day=str(ctx.date),
                right=right,
            )
        elif term.valid_until:
            message = Message(
                "%(found)s is outdated since %(since)s: replaced by %(right)s",
                found=found,
                since=str(term.valid_until),
                right=right,
            )
        else:
            message = Message("%(found)s is superseded: replaced by %(right)s", found=found, right=right)
        end, fixed = fix(ctx, occ, target)
        yield ctx.finding(module, occ.start, end, message, suggestions=fixed, concept=term.concept_id)


def _told_as_history(ctx: Context, occ: Occurrence, sentences: Sentences) -> bool:
    """Whether the sentence of `occ` speaks of a time when its term was right (see above)."""
    term = occ.term
    ref = sentences.reference(occ.start)
    if ref.history or ref.mentions_time_when(term.valid_from, term.valid_until):
        return True
    quoted = quotation(ctx.text, occ.start, occ.end, (ref.start, ref.end))
    if quoted is not None and ctx.text[quoted[0] : quoted[1]].strip() != ctx.text[occ.start : occ.end].strip():
        return True  # a quoted title or quotation longer than the name
    occurrences = ctx.occurrences  # in text order: only the sentence's are looked at
    first = bisect_left(occurrences, ref.start, key=_START)
    return any(
        other.term.concept_id == term.concept_id and other.term.allowed and other.term.valid_on(ctx.date)
        for other in occurrences[first : bisect_left(occurrences, ref.end, first, key=_START)]
    )
