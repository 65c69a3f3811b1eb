"""Helpers shared by the bilingual rules (translation catalogs): which renderings are right on
a date, what the translation is expected to contain, and how a message's texts read."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING

from dilmac.core.document import FILLER
from dilmac.core.i18n import Message

if TYPE_CHECKING:
    from dilmac.match.matcher import Occurrence
    from dilmac.rules import Context, Pair
    from dilmac.termbase.model import Concept, Term


def acceptable(term: Term, day: date) -> bool:
    """Whether `term` is a right rendering on `day`: preferred or admitted and valid then, or
    the old name before its rename (what term-forbidden/-deprecated/-superseded let pass)."""
    if not term.valid_on(day):
        return False
    return term.allowed or (term.status == "superseded" and term.valid_until is not None)


def acceptable_on(day: date) -> Callable[[Term], bool]:
    """`acceptable(term, day)` for the many occurrences of a catalog, each term judged once."""
    verdicts: dict[int, bool] = {}

    def judge(term: Term) -> bool:
        verdict = verdicts.get(id(term))
        if verdict is None:
            verdict = verdicts[id(term)] = acceptable(term, day)
        return verdict

    return judge


def expected_terms(concept: Concept, lang: str, day: date) -> list[Term]:
    """The renderings a translation into `lang` may use on `day`, preferred ones first."""
    terms = [t for t in concept.terms.get(lang, ()) if acceptable(t, day)]
    return sorted(terms, key=lambda t: (t.status != "preferred", t.abbr))


def plain(text: str) -> str:
    """A stretch of a layer as a reader sees it: FILLER dropped, white space collapsed."""
    return " ".join(text.replace(FILLER, "").split())


# Between two string literals of a PO message: closing quote, line break, opening quote.
_CONTINUATION = re.compile(r'"[ \t\r]*\n[ \t]*"')


def message_text(layer: str, raw: str, start: int, end: int, po: bool) -> tuple[str, list[tuple[int, int]]]:
    """The text of one message form as the program sees it, and where its pieces lie.

    `layer` is Document.text or Catalog.source_text, `raw` Document.source. PO tools wrap long
    strings anywhere, even inside a tag ("</" / "a>"), so a PO form is its literals joined.
    The pieces, (offset in the joined text, offset in the layer), map positions back.
    """
    cuts = list(_CONTINUATION.finditer(raw, start, end)) if po and raw.find("\n", start, end) >= 0 else ()
    if not cuts:
        return layer[start:end], [(0, start)]
    parts, pieces, joined, last = [], [], 0, start
    for cut in cuts:
        parts.append(layer[last : cut.start()])
        pieces.append((joined, last))
        joined += cut.start() - last
        last = cut.end()
    parts.append(layer[last:end])
    pieces.append((joined, last))
    return "".join(parts), pieces


def layer_offset(pieces: list[tuple[int, int]], index: int) -> int:
    """Where the joined text's `index` lies in the layer (see message_text)."""
    at = bisect.bisect_right(pieces, (index, float("inf"))) - 1
    return pieces[at][1] + index - pieces[at][0]


def source_concepts(pair: Pair) -> dict[str, Occurrence]:
    """Concepts the message's source names, each with its first occurrence, in text order."""
    named: dict[str, Occurrence] = {}
    for occ in pair.source:
        named.setdefault(occ.term.concept_id, occ)
    return named


def source_form(ctx: Context, occ: Occurrence) -> str:
    """How the source strings write a term (decoded, on one line)."""
    return plain(ctx.doc.catalog.source_text[occ.start : occ.end])


def form_label(pair: Pair, index: int) -> str:
    """` (msgstr[1])` for a plural form of a PO message, else nothing."""
    return f" (msgstr[{index}])" if len(pair.unit.spans) > 1 else ""


def or_list(items: list[str]) -> str | Message:
    if len(items) <= 1:
        return "".join(items)
    return Message("%(some)s or %(last)s", some=", ".join(items[:-1]), last=items[-1])


def translated_terms(pair: Pair) -> Iterator[Occurrence]:
    """Every term in the translation (all plural forms) that renders a concept of the source."""
    named = {occ.term.concept_id for occ in pair.source}
    for form in pair.forms:
        for occ in form:
            if occ.term.concept_id in named:
                yield occ
