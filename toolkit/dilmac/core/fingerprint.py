"""A finding's identity by content, not position: what baselines and SARIF fingerprints use.

Two runs agree that a finding is "the same" when the rule, the file, the concept, the text found
and the line it sits on (white space collapsed) are the same. Editing other lines, or moving the
paragraph, does not change it; editing that line does, which is when a human should look again.
Identical lines give identical fingerprints: a baseline counts them. `path` replaces the
finding's path, which is as the user typed it: a baseline names files relative to itself, so
`dilmac lint docs` and `dilmac lint ./docs/` from another directory agree.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dilmac.core.document import Document
    from dilmac.core.findings import Finding


def fingerprint(finding: Finding, doc: Document | None, *, path: str | None = None) -> str:
    line = " ".join(doc.line_text(finding.line).split()) if doc is not None and finding.line else ""
    parts = (
        finding.rule,
        (path or finding.path).replace("\\", "/"),
        finding.concept or "",
        " ".join(finding.found.split()),
        line,
        finding.msgctxt or "",
        finding.msgid or "",
    )
    # surrogateescape: a file name that is not UTF-8 hashes as its bytes (UTF-8 text is unchanged)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]
