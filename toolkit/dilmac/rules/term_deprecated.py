"""term-deprecated: a rendering that is still understood but no longer to be used.

Deprecated forms are older or informal renderings the ministry's style has moved away from
(for example "Nakhichevan" for Nakhchivan, "AKP" where the party's own usage is "AK Parti").
They are warnings: fix them in new texts; older texts may keep them.

Bad:  The delegation travelled to Nakhichevan.
Good: The delegation travelled to Nakhchivan.
"""

from __future__ import annotations

import sys
from typing import Iterator

from dilmac.findings import Finding, Severity
from dilmac.rules import Context
from dilmac.rules._terms import concept_label, note_suffix, quote, suggestions, with_status

ID = "term-deprecated"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[Finding]:
    module = sys.modules[__name__]
    for occ in with_status(ctx, "deprecated"):
        label = concept_label(ctx, occ.term.concept_id)
        yield ctx.finding(
            module, occ.start, occ.end,
            f"{quote(occ.term.text)} is deprecated for {quote(label)}{note_suffix(occ.term)}",
            suggestions=suggestions(ctx, occ), concept=occ.term.concept_id,
        )
