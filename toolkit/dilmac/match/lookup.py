"""`dilmac termbase lookup` and `stats`: concept cards and termbase summaries."""

from __future__ import annotations

import os
import textwrap
from collections import Counter

from dilmac import LANGUAGES
from dilmac.match.compiled import Compiled
from dilmac.match.matcher import select
from dilmac.termbase.model import STATUSES, Concept, Termbase


def lookup(compiled: Compiled, text: str, lang: str | None = None) -> list[Concept]:
    """Concepts named by `text` in any rendering, inflected or not, best match first.

    The text is scanned like a document in each language (or the given one); concepts whose
    occurrence covers more of the text come first.
    """
    scores: dict[str, tuple[int, int]] = {}
    for scan_lang in [lang] if lang else LANGUAGES:
        for occ in select(compiled.index.scan(text, scan_lang)):
            if lang and occ.term.lang != lang:
                continue
            score = (occ.end - occ.start, int(occ.exact))
            cid = occ.term.concept_id
            scores[cid] = max(scores.get(cid, (0, 0)), score)
    ranked = sorted(scores, key=lambda cid: scores[cid], reverse=True)
    return [compiled.termbase.by_id[cid] for cid in ranked if cid in compiled.termbase.by_id]


def card_json(concept: Concept) -> dict:
    return {
        "id": concept.id,
        "domain": concept.domain,
        "note": concept.note,
        "sources": concept.sources,
        "see": concept.see,
        "offices": [{k: str(v) for k, v in office.items()} for office in concept.offices],
        "terms": {
            lang: [
                {
                    "text": t.text,
                    "status": t.status,
                    "from": str(t.valid_from) if t.valid_from else None,
                    "until": str(t.valid_until) if t.valid_until else None,
                    "abbr": t.abbr,
                    "short": t.short,
                    "case": "exact" if t.exact_case else None,
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


def render_card(concept: Concept) -> str:
    lines = [f"{concept.id}  ({concept.domain})  {_shown_path(concept.path)}:{concept.line}"]
    if concept.note:
        lines.append(textwrap.fill(concept.note, width=100, initial_indent="  ", subsequent_indent="  "))
    for lang in LANGUAGES:
        terms = concept.terms.get(lang)
        if not terms:
            continue
        lines.append(f"  {lang}:")
        for t in terms:
            extras = [t.status]
            if t.dates_label():
                extras.append(t.dates_label())
            if t.abbr:
                extras.append("abbreviation")
            if t.short:
                extras.append("short name")
            if t.exact_case:
                extras.append("exact case")
            line = f"    {t.text:45} {', '.join(extras)}"
            if t.note:
                line += f"  — {t.note}"
            lines.append(line)
    for office in concept.offices:
        span = " – ".join(str(office[k]) for k in ("from", "until") if office.get(k))
        lines.append(f"  office: {office.get('concept')} {span}".rstrip())
    if concept.see:
        lines.append(f"  see also: {', '.join(concept.see)}")
    for source in concept.sources:
        lines.append(f"  source: {source}")
    return "\n".join(lines)


def stats(termbase: Termbase) -> dict:
    terms = list(termbase.terms())
    return {
        "concepts": len(termbase.concepts),
        "terms": len(terms),
        "by_domain": dict(sorted(Counter(c.domain for c in termbase.concepts).items())),
        "by_language": {lang: dict(Counter(t.status for t in terms if t.lang == lang)) for lang in LANGUAGES},
        "missing_language": {
            lang: sorted(c.id for c in termbase.concepts if lang not in c.terms) for lang in LANGUAGES
        },
        "dated_terms": sum(1 for t in terms if t.valid_from or t.valid_until),
        "examples": sum(len(v) for c in termbase.concepts for sets in c.examples.values() for v in sets.values()),
        "files": [str(f) for f in termbase.files],
    }


def render_stats(data: dict) -> str:
    lines = [
        f"{data['concepts']} concepts, {data['terms']} terms, {data['examples']} examples, "
        f"{data['dated_terms']} dated terms, in {len(data['files'])} files",
        "",
        "concepts by domain:",
    ]
    lines += [f"  {domain:30} {count:5}" for domain, count in data["by_domain"].items()]
    lines += ["", "terms by language and status:", "  lang " + "".join(f"{s:>12}" for s in STATUSES)]
    for lang, counts in data["by_language"].items():
        lines.append(f"  {lang:4} " + "".join(f"{counts.get(s, 0):>12}" for s in STATUSES))
    missing = {lang: ids for lang, ids in data["missing_language"].items() if ids}
    if missing:
        lines += ["", "concepts without a rendering in:"]
        lines += [f"  {lang}: {', '.join(ids)}" for lang, ids in missing.items()]
    return "\n".join(lines)
