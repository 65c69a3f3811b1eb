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
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import Message
from dilmac.rules import Context
from dilmac.rules._terms import preferred, quote, suggestions

ID = "term-superseded"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Finding]:
    module = sys.modules[__name__]
    for occ in ctx.occurrences:
        term = occ.term
        if term.status in ("forbidden", "deprecated"):
            continue  # their own rules report them
        # A superseded form with an end date was the valid name before it.
        if term.valid_on(ctx.date) and (term.status != "superseded" or term.valid_until is not None):
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
        yield ctx.finding(
            module, occ.start, occ.end, message, suggestions=suggestions(ctx, occ), concept=term.concept_id
        )
