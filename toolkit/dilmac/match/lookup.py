"""`dilmac termbase lookup` and `stats`: concept cards and termbase summaries."""

from __future__ import annotations

import os
import textwrap
from collections import Counter

from dilmac import LANGUAGES
from dilmac.match.compiled import Compiled
from dilmac.match.matcher import select
from dilmac.termbase.model import STATUSES, TERM_TYPES, Concept, Termbase, dates_label


def lookup(compiled: Compiled, text: str, lang: str | None = None) -> list[Concept]:
    """Concepts named by `text` in any rendering, inflected or not, best match first.

    The text is scanned like a document in each language (or the given one); concepts whose
    occurrence covers more of the text come first.
    """
    scores: dict[str, tuple[int, int]] = {}
    for scan_lang in [lang] if lang else LANGUAGES:
        found = compiled.index.scan(text, scan_lang)
        if lang:
            # before selecting: a form spelt alike in another language ("TDT" in az and tr)
            # must not win the span and then be dropped for its language
            found = [occ for occ in found if occ.term.lang == lang]
        for occ in select(found):
            score = (occ.end - occ.start, int(occ.exact))
            cid = occ.term.concept_id
            scores[cid] = max(scores.get(cid, (0, 0)), score)
    ranked = sorted(scores, key=lambda cid: scores[cid], reverse=True)
    return [compiled.termbase.by_id[cid] for cid in ranked if cid in compiled.termbase.by_id]


def _day(value) -> str | None:
    return str(value) if value else None


def card_json(concept: Concept) -> dict:
    return {
        "id": concept.id,
        "domain": concept.domain,
        "definition": concept.definition,
        "jurisdiction": concept.jurisdiction,
        "from": _day(concept.valid_from),
        "until": _day(concept.valid_until),
        "verified": _day(concept.verified),
        "note": concept.note,
        "sources": [
            {"id": s.id, "title": s.title, "url": s.url, "seen": _day(s.seen), "note": s.note} for s in concept.sources
        ],
        "relations": [{"type": r.type, "concept": r.concept, "date": _day(r.day)} for r in concept.relations],
        "see": concept.see,
        "offices": [
            {"concept": o.concept, "from": _day(o.valid_from), "until": _day(o.valid_until)} for o in concept.offices
        ],
        "exceptions": {lang: list(phrases) for lang, phrases in concept.exceptions.items()},
        "terms": {
            lang: [
                {
                    "text": t.text,
                    "status": t.status,
                    "type": t.type,
                    "from": _day(t.valid_from),
                    "until": _day(t.valid_until),
                    "abbr": t.abbr,
                    "short": t.short,
                    "case": "exact" if t.exact_case else None,
                    "house": t.house,
                    "source": list(t.source_ids),
                    "note": t.note,
                }
                for t in terms
            ]
            for lang, terms in concept.terms.items()
        },
        "file": f"{concept.path}:{concept.line}",
    }


def _shown_path(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _wrapped(label: str, text: str) -> str:
    return textwrap.fill(f"{label}{text}", width=100, initial_indent="  ", subsequent_indent="    ")


def render_card(concept: Concept) -> str:
    lines = [f"{concept.id}  ({concept.domain})  {_shown_path(concept.path)}:{concept.line}"]
    if concept.definition:
        lines.append(_wrapped("", concept.definition))
    facts = []
    if concept.jurisdiction:
        facts.append(f"jurisdiction: {concept.jurisdiction}")
    if concept.valid_from or concept.valid_until:
        facts.append(f"exists: {dates_label(concept.valid_from, concept.valid_until)}")
    if concept.verified:
        facts.append(f"verified: {concept.verified}")
    if facts:
        lines.append("  " + "; ".join(facts))
    if concept.note:
        lines.append(_wrapped("note: ", concept.note))
    for lang in LANGUAGES:
        terms = concept.terms.get(lang)
        if not terms:
            continue
        lines.append(f"  {lang}:")
        for t in terms:
            extras = [t.status]
            if t.dates_label():
                extras.append(t.dates_label())
            if t.type != "full":
                extras.append(t.type)
            if t.exact_case:
                extras.append("exact case")
            if t.house:
                extras.append("house rendering")
            if t.source_ids:
                extras.append("source: " + ", ".join(t.source_ids))
            line = f"    {t.text:45} {', '.join(extras)}"
            if t.note:
                line += f"  — {t.note}"
            lines.append(line)
    for office in concept.offices:
        lines.append(f"  office: {office.concept} {dates_label(office.valid_from, office.valid_until)}".rstrip())
    for relation in concept.relations:
        when = f" ({relation.day})" if relation.day else ""
        lines.append(f"  {relation.type}: {relation.concept}{when}")
    for lang, phrases in concept.exceptions.items():
        lines.append(f"  not this concept in {lang}: " + "; ".join(phrases))
    for source in concept.sources:
        lines.append(f"  source [{source.id}]: {source.label()}")
    return "\n".join(lines)


def unattested(termbase: Termbase) -> list:
    """Preferred and admitted terms with no source that exists (house renderings excepted)."""
    return [t for t in termbase.terms() if t.allowed and not t.house and not t.sources]


def stats(termbase: Termbase) -> dict:
    terms = list(termbase.terms())
    return {
        "concepts": len(termbase.concepts),
        "terms": len(terms),
        "by_domain": dict(sorted(Counter(c.domain for c in termbase.concepts).items())),
        "by_language": {lang: dict(Counter(t.status for t in terms if t.lang == lang)) for lang in LANGUAGES},
        "by_type": {lang: dict(Counter(t.type for t in terms if t.lang == lang)) for lang in LANGUAGES},
        "missing_language": {
            lang: sorted(c.id for c in termbase.concepts if lang not in c.terms) for lang in LANGUAGES
        },
        "dated_terms": sum(1 for t in terms if t.valid_from or t.valid_until),
        "house_terms": sum(1 for t in terms if t.house),
        "without_source": len(unattested(termbase)),
        "without_definition": sum(1 for c in termbase.concepts if not c.definition),
        "examples": sum(len(v) for c in termbase.concepts for sets in c.examples.values() for v in sets.values()),
        "files": [str(f) for f in termbase.files],
    }


def render_stats(data: dict) -> str:
    lines = [
        f"{data['concepts']} concepts, {data['terms']} terms, {data['examples']} examples, "
        f"{data['dated_terms']} dated terms, in {len(data['files'])} files",
        f"preferred/admitted without source: {data['without_source']}; "
        f"house renderings: {data['house_terms']}; concepts without definition: {data['without_definition']}",
        "",
        "concepts by domain:",
    ]
    lines += [f"  {domain:30} {count:5}" for domain, count in data["by_domain"].items()]
    lines += ["", "terms by language and status:", "  lang " + "".join(f"{s:>12}" for s in STATUSES)]
    for lang, counts in data["by_language"].items():
        lines.append(f"  {lang:4} " + "".join(f"{counts.get(s, 0):>12}" for s in STATUSES))
    lines += ["", "terms by language and type:", "  lang " + "".join(f"{t:>16}" for t in TERM_TYPES)]
    for lang, counts in data["by_type"].items():
        lines.append(f"  {lang:4} " + "".join(f"{counts.get(t, 0):>16}" for t in TERM_TYPES))
    missing = {lang: ids for lang, ids in data["missing_language"].items() if ids}
    if missing:
        lines += ["", "concepts without a rendering in:"]
        lines += [f"  {lang}: {', '.join(ids)}" for lang, ids in missing.items()]
    return "\n".join(lines)
