"""term-forbidden: a rendering the termbase forbids.

Forbidden forms are wrong in every context: a different body's name ("Turkish Council" is not the
Turkic Council: "Turkish" refers to Türkiye), a spelling the institution rejects ("Nazirlər
Kabinəti"), a title it does not have ("Genel Sekreter" for the head of IOM).

Bad:  The Turkish Council met in Baku.
Good: The Organization of Turkic States met in Baku.

The suggestion is the preferred term valid at the document's date, inflected like the found
form. There is no legitimate use to silence; quote the wrong form in a correction notice only.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import N_
from dilmac.rules import Context
from dilmac.rules._terms import report_status

ID = "term-forbidden"
SEVERITY = Severity.ERROR
STATUSES = frozenset({"forbidden"})  # the only occurrences it reads


def check(ctx: Context) -> Iterator[Finding]:
    return report_status(ctx, sys.modules[__name__], "forbidden", N_("%(found)s must not be used for %(name)s%(note)s"))
