"""term-deprecated: a rendering that is still understood but no longer to be used.

Deprecated forms are older or informal renderings the ministry's style has moved away from
(for example "Nakhichevan" for Nakhchivan, "AKP" where the party's own usage is "AK Parti").
They are warnings: fix them in new texts; older texts may keep them.

Bad:  The delegation travelled to Nakhichevan.
Good: The delegation travelled to Nakhchivan.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import N_
from dilmac.rules import Context
from dilmac.rules._terms import report_status

ID = "term-deprecated"
SEVERITY = Severity.WARNING
STATUSES = frozenset({"deprecated"})  # the only occurrences it reads


def check(ctx: Context) -> Iterator[Finding]:
    return report_status(ctx, sys.modules[__name__], "deprecated", N_("%(found)s is deprecated for %(name)s%(note)s"))
