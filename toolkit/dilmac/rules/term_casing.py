"""term-casing: the right term in the wrong case.

Official names keep their capitals in running text: "Organization of Turkic States", not
"organization of Turkic states"; "Dövlət Miqrasiya Xidməti", not "dövlət miqrasiya xidməti".
A word the termbase writes in lower case may be capitalised (sentence starts, headings). Terms
marked ``case: exact`` (abbreviations such as "BMqT", addresses such as "e-qanun.az") must match
letter for letter. All-caps text is fine: headings are often set in capitals (for ``case: exact``
terms, only when the whole line is in capitals). A short name written entirely in lower case
("nazirlər kabineti") is left alone: it is usually a generic phrase about some other body; names
of three or more words are flagged even then ("the state migration service").

Bad:  the organization of turkic states
Good: the Organization of Turkic States
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from dilmac.core.document import FILLER
from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import Message
from dilmac.language.case import is_all_caps
from dilmac.match.suggest import render_like
from dilmac.rules import Context
from dilmac.rules._terms import quote

ID = "term-casing"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[Finding]:
    module = sys.modules[__name__]
    text = ctx.doc.text
    for occ in ctx.occurrences:
        term = occ.term
        stem = text[occ.start : occ.stem_end]
        if stem == term.text:
            continue  # the common case, settled first and without splitting words
        if not occ.exact or term.status in ("forbidden", "deprecated") or not term.valid_on(ctx.date):
            continue  # the status rules' suggestion fixes the case too
        stem = stem.replace(FILLER, "")
        stem_words = stem.split()
        term_words = term.text.split()
        if len(stem_words) != len(term_words):
            continue
        strict = term.exact_case or term.abbr
        if strict:
            line = ctx.doc.line_text(ctx.doc.position(occ.start)[0])
            if is_all_caps(line):
                continue
            wrong = _exact_mismatch(stem_words, term_words)
        else:
            if is_all_caps(" ".join(stem_words)):
                continue
            if len(term_words) < 3 and not any(c.isupper() for c in "".join(stem_words)):
                continue  # "nazirlər kabineti" may be any cabinet: a generic phrase, not the name
            wrong = any(t[:1].isupper() and not w[:1].isupper() for w, t in zip(stem_words, term_words))
        if not wrong:
            continue
        fixed = render_like(occ, term, text, ctx.lang)
        if strict:
            fixed = term.text + text[occ.stem_end : occ.end].replace(FILLER, "")
        yield ctx.finding(
            module,
            occ.start,
            occ.end,
            Message("%(found)s is written %(right)s", found=quote(stem), right=quote(term.text)),
            suggestions=[fixed],
            concept=term.concept_id,
        )


def _exact_mismatch(found: list[str], term: list[str]) -> bool:
    # The last word may still carry a suffix after a separator; compare the term's letters only.
    return found[:-1] != term[:-1] or found[-1][: len(term[-1])] != term[-1]
