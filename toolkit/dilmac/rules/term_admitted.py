"""term-admitted: a valid rendering that is not the preferred one.

Admitted forms are correct but not the house style ("counsellor" where the termbase prefers
"counselor"). The finding is informational: editors tidy them, CI does not fail on them unless
run with ``--fail-on info``.

Info: II rank state migration service counsellor
Preferred: II rank state migration service counselor
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import Message
from dilmac.rules import Context
from dilmac.rules._terms import fix, preferred, quote, with_status

ID = "term-admitted"
SEVERITY = Severity.INFO
STATUSES = frozenset({"admitted"})  # the only occurrences it reads


def check(ctx: Context) -> Iterator[Finding]:
    module = sys.modules[__name__]
    for occ in with_status(ctx, "admitted"):
        if not occ.term.valid_on(ctx.date):
            continue  # term-superseded reports it
        target = preferred(ctx, occ)
        if target is None or target.key == occ.term.key:
            continue  # nothing better, or the house's own choice (a house rendering)
        end, fixed = fix(ctx, occ, target)
        yield ctx.finding(
            module,
            occ.start,
            end,
            Message(
                "%(found)s is admitted; the preferred form is %(right)s",
                found=quote(occ.term.text),
                right=quote(target.text),
            ),
            suggestions=fixed,
            concept=occ.term.concept_id,
        )
