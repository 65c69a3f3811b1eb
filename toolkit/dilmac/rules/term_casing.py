"""term-casing: the right term in the wrong case.

Official names keep their capitals in running text: "Organization of Turkic States", not
"organization of Turkic states"; "Dövlət Miqrasiya Xidməti", not "dövlət miqrasiya xidməti".
A word the termbase writes in lower case may be capitalised (sentence starts, headings). Terms
marked ``case: exact`` (abbreviations such as "BMqT", addresses such as "e-qanun.az") must match
letter for letter. All-caps text is fine: headings are often set in capitals (for ``case: exact``
terms, only when the whole line is in capitals). A short name written entirely in lower case
("nazirlər kabineti") is left alone: it is usually a generic phrase about some other body; names
of three or more words are flagged even then ("the state migration service").

A title used descriptively is written in lower case in English: "Vusal Huseynov, the head of
the State Migration Service" and "his gratitude to the chief of the State Migration Service"
are right; only a title used as a title (before the holder's name) takes its capitals, so a
title's leading words in lower case are flagged only there. The embedded name keeps its
capitals in every use.

The reverse is flagged too in Azerbaijani and Turkish, where ranks and titles are written in
lower case even before a name: a word the termbase writes in lower case, written with a
capital inside a sentence ("III dərəcəli Dövlət Miqrasiya Xidməti müşaviri"). The first word
(a sentence start) and title-case or all-caps headings are left alone.

Bad:  the organization of turkic states
Good: the Organization of Turkic States
Bad:  III dərəcəli Dövlət Miqrasiya Xidməti müşaviri Firudin Nəbiyev
Good: III dərəcəli dövlət miqrasiya xidməti müşaviri Firudin Nəbiyev

The message says what was found and how the termbase writes it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from functools import lru_cache

from dilmac.core.document import FILLER
from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import Message
from dilmac.language.case import is_all_caps
from dilmac.language.normalize import TURKIC
from dilmac.match.suggest import is_title_case, render_like
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
        words = _words(stem, term.text)
        if words is None:
            continue
        stem_words, term_words, lowered = words
        strict = term.exact_case or term.abbr
        if strict:
            line = ctx.doc.line_text(ctx.doc.position(occ.start)[0])
            if is_all_caps(line):
                continue
            wrong = _exact_mismatch(stem_words, term_words)
        else:
            if is_all_caps(stem):
                continue
            if len(term_words) < 3 and not any(map(str.isupper, stem)):
                continue  # "nazirlər kabineti" may be any cabinet: a generic phrase, not the name
            if lowered and term.concept_id.startswith("title.") and _descriptive(ctx, occ, lowered, term_words):
                lowered = ()
            wrong = bool(lowered) or _capitalised_inside(ctx, occ, stem_words, term_words)
        if not wrong:
            continue
        fixed = render_like(occ, term, text, ctx.lang)
        if strict:
            fixed = term.text + text[occ.stem_end : occ.end].replace(FILLER, "")
        elif not lowered:  # (as found: where a descriptive title emptied it, nothing is reported)
            # capitals where the termbase has none: the termbase's own case, first letter kept
            fixed = stem_words[0][:1] + fixed[1:] if fixed[:1].lower() == stem_words[0][:1].lower() else fixed
        yield ctx.finding(
            module,
            occ.start,
            occ.end,
            Message("found %(found)s; the termbase writes %(right)s", found=quote(stem), right=quote(term.text)),
            suggestions=[fixed],
            concept=term.concept_id,
        )


@lru_cache(maxsize=65536)
def _words(stem: str, term: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]] | None:
    """The words found and the term's, and the indices of the words the termbase capitalises
    found in lower case; None where their numbers differ. (The same forms recur: cached.)"""
    stem_words = tuple(stem.split())
    term_words = tuple(term.split())
    if len(stem_words) != len(term_words):
        return None
    lowered = tuple(
        i for i, (w, t) in enumerate(zip(stem_words, term_words)) if t[:1].isupper() and not w[:1].isupper()
    )
    return stem_words, term_words, lowered


def _descriptive(ctx: Context, occ, lowered: tuple[int, ...], term_words: tuple[str, ...]) -> bool:
    """A title in lower case used as a description ("the chief of the State Migration Service"):
    only its leading words (before "of") are in lower case, and no name follows it."""
    head = next((i for i, w in enumerate(term_words) if w.lower() in ("of", "under", "for")), len(term_words))
    if ctx.lang != "en" or any(i >= head for i in lowered):
        return False
    after = ctx.doc.text[occ.end : occ.end + 40].split()
    return not (after and after[0][:1].isupper())  # "chief of the State Migration Service Vusal Huseynov"


def _capitalised_inside(ctx: Context, occ, stem_words: tuple[str, ...], term_words: tuple[str, ...]) -> bool:
    """Azerbaijani and Turkish: a word the termbase writes in lower case written with a capital
    inside a sentence (not the first word, not in a title-case or all-caps heading)."""
    if ctx.lang not in TURKIC:
        return False
    if not any(t[:1].islower() and w[:1].isupper() for w, t in list(zip(stem_words, term_words))[1:]):
        return False
    line = ctx.doc.line_text(ctx.doc.position(occ.start)[0])
    return not (is_all_caps(line) or is_title_case(line))


def _exact_mismatch(found: tuple[str, ...], term: tuple[str, ...]) -> bool:
    # The last word may still carry a suffix after a separator; compare the term's letters only.
    return found[:-1] != term[:-1] or found[-1][: len(term[-1])] != term[-1]
