"""`dilmac termbase validate`: everything that can be wrong with termbase data.

Checks, each reported as `path:line: [check] message` (errors, except where marked warning):

- syntax, schema (termbase/schema.json, format 2), domain (warning: a concept filed in another
  domain's file), definition (no definition or no 'verified' date), duplicate-id,
  unknown-reference (relations, offices, a jurisdiction naming a concept);
- sources: a term citing a source id the concept does not list, two sources with one id;
- unattested: a preferred or admitted term without a `source`, unless it is a house rendering
  (`house: true`, which needs status admitted and a note that says "house");
- shared-form (one surface form claimed by two concepts in one language), script (mixed
  scripts or look-alike letters inside a term);
- no-preferred: a language without a preferred (or house) full or short term valid today, or,
  for a closed body, on its last day;
- dates: inverted ranges, overlapping preferred terms of one type;
- offices: two people holding one single-holder office (a title with a `head-of` relation) on
  the same day; an office held before its title or body existed or after it closed;
- succession: a successor relation whose dates do not meet (A's `until` is B's `from`) or that
  the other concept does not state back as predecessor;
- stale (warning): `verified` more than a year ago;
- examples: a language with terms but no ok or no bad example. The examples themselves, which
  need the linter, are run by dilmac.lint.termbase_validation, which runs all of these too.
"""

from __future__ import annotations

import itertools
import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from dilmac.core.errors import DilmacError
from dilmac.language.normalize import HOMOGLYPHS, key
from dilmac.termbase.model import (
    Concept,
    Term,
    builtin_dir,
    concepts_from_data,
    load_yaml,
    termbase_files,
)

STALE_AFTER_DAYS = 365


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    check: str
    message: str
    severity: str = "error"  # or "warning": reported, but the termbase still passes

    def __str__(self) -> str:
        label = f"{self.check}, warning" if self.severity == "warning" else self.check
        return f"{self.path}:{self.line}: [{label}] {self.message}"

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "check": self.check,
            "severity": self.severity,
            "message": self.message,
        }


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def _schema_line(data: object, path_items: list) -> int:
    """The YAML line of the deepest node on a jsonschema error path."""
    line = getattr(data, "line", 1)
    node = data
    for item in path_items:
        if isinstance(node, dict) and item in node:
            line = getattr(node, "key_lines", {}).get(item, line)
            node = node[item]
        elif isinstance(node, list) and isinstance(item, int) and item < len(node):
            lines = getattr(node, "item_lines", None)
            line = lines[item] if lines else line
            node = node[item]
        else:
            break
        line = getattr(node, "line", line)
    return line


def check_schema(path: Path, data: object) -> list[Problem]:
    import jsonschema

    schema = json.loads((builtin_dir() / "schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        where = _where(data, list(error.absolute_path))
        problems.append(
            Problem(
                str(path), _schema_line(data, list(error.absolute_path)), "schema", f"{where}: {_schema_message(error)}"
            )
        )
    return problems


def _where(data: object, path_items: list) -> str:
    """A readable location: the concept id, then the path inside it."""
    if len(path_items) >= 2 and path_items[0] == "concepts" and isinstance(data, dict):
        try:
            concept = data["concepts"][path_items[1]]
            cid = concept.get("id") if isinstance(concept, dict) else None
        except (IndexError, KeyError, TypeError):
            cid = None
        if isinstance(cid, str):
            rest = "/".join(str(p) for p in path_items[2:])
            return f"{cid}: {rest}" if rest else cid
    return "/".join(str(p) for p in path_items) or "(top)"


def _schema_message(error) -> str:
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(str, error.validator_value))}"
    if error.validator == "pattern" and isinstance(error.instance, str) and "[0-9]{4}" in error.validator_value:
        return f"{error.instance!r} is not a date (write YYYY-MM-DD)"
    return error.message


def load_for_validation(paths: list[Path]) -> tuple[list[Concept], list[Problem], int]:
    """Concepts of the files that passed the schema, all problems, and how many concepts were read."""
    read = 0
    problems: list[Problem] = []
    concepts: list[Concept] = []
    for path in termbase_files(paths):
        try:
            data = load_yaml(path)
        except DilmacError as exc:
            problems.append(Problem(str(path), exc.line or 1, "syntax", exc.message))
            continue
        if isinstance(data, dict) and isinstance(data.get("concepts"), list):
            read += len(data["concepts"])
        if isinstance(data, dict) and "format" not in data:
            problems.append(
                Problem(
                    str(path),
                    1,
                    "schema",
                    "a format-1 termbase file (no 'format: 2'): validate checks format 2; "
                    "see termbase/schema.json and the README section on the termbase",
                )
            )
            continue
        schema_problems = check_schema(path, data)
        problems.extend(schema_problems)
        if schema_problems:
            continue
        try:
            loaded = concepts_from_data(path, data)
        except DilmacError as exc:
            problems.append(Problem(str(path), exc.line or 1, "schema", exc.message))
            continue
        file_domain = data.get("domain")
        for concept in loaded:
            if concept.domain != file_domain:
                problems.append(
                    Problem(
                        concept.path,
                        concept.line,
                        "domain",
                        f"{concept.id}: domain {concept.domain} in the file of domain {file_domain}: "
                        f"move it to {concept.domain}.yaml",
                        severity="warning",
                    )
                )
        concepts.extend(loaded)
    return concepts, problems, read


def check_concepts(concepts: list[Concept], today: date) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, Concept] = {}
    forms: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for concept in concepts:
        if concept.id in seen:
            first = seen[concept.id]
            problems.append(
                Problem(
                    concept.path,
                    concept.line,
                    "duplicate-id",
                    f"id {concept.id} is already used at {first.path}:{first.line}",
                )
            )
        seen.setdefault(concept.id, concept)
        problems.extend(_concept_problems(concept, today))
        for lang, terms in concept.terms.items():
            for term in terms:
                forms[(lang, key(term.text, lang))].append(term)
                problems.extend(_term_problems(term))
                problems.extend(_attestation_problems(concept, term))
            problems.extend(_date_problems(concept, lang, terms, today))
    for (lang, _form), terms in forms.items():
        owners = sorted({t.concept_id for t in terms})
        if len(owners) > 1:
            for term in terms:
                others = ", ".join(o for o in owners if o != term.concept_id)
                problems.append(
                    Problem(
                        term.path, term.line, "shared-form", f"{lang} form “{term.text}” is also a term of {others}"
                    )
                )
    for concept in concepts:
        problems.extend(_reference_problems(concept, seen))
    problems.extend(_office_problems(concepts, seen))
    return problems


def _concept_problems(concept: Concept, today: date) -> list[Problem]:
    problems = []
    where = (concept.path, concept.line)
    if concept.format == 1:
        return problems  # a format-1 file is reported once, by load_for_validation
    if not (concept.definition or "").strip():
        problems.append(Problem(*where, "definition", f"{concept.id}: no definition: say in a sentence what it is"))
    if concept.verified is None:
        problems.append(
            Problem(*where, "definition", f"{concept.id}: no 'verified' date: the day its facts were last checked")
        )
    if concept.valid_from and concept.valid_until and concept.valid_from >= concept.valid_until:
        problems.append(
            Problem(
                *where,
                "dates",
                f"{concept.id}: 'from' {concept.valid_from} is not before 'until' {concept.valid_until}",
            )
        )
    if concept.verified and (today - concept.verified).days > STALE_AFTER_DAYS:
        problems.append(
            Problem(
                *where,
                "stale",
                f"{concept.id}: verified on {concept.verified}, more than a year ago: check its facts "
                f"and sources again and update 'verified'",
                severity="warning",
            )
        )
    ids = [s.id for s in concept.sources]
    for source in concept.sources:
        if ids.count(source.id) > 1:
            problems.append(
                Problem(
                    concept.path,
                    source.line or concept.line,
                    "sources",
                    f"{concept.id}: source id {source.id} is used twice",
                )
            )
    for lang in concept.terms:
        sets = concept.examples.get(lang, {})
        missing = [kind for kind in ("ok", "bad") if not sets.get(kind)]
        if missing:
            problems.append(
                Problem(
                    *where,
                    "examples",
                    f"{concept.id}: no {' and no '.join(missing)} {lang} example: add sentences in the "
                    f"style of a press release, with inflected forms",
                )
            )
    return problems


def _attestation_problems(concept: Concept, term: Term) -> list[Problem]:
    if concept.format == 1:
        return []
    problems = []
    known = {s.id for s in concept.sources}
    for ref in term.source_ids:
        if ref not in known:
            problems.append(
                Problem(
                    term.path,
                    term.line,
                    "sources",
                    f"“{term.text}” cites source {ref}, which {concept.id} does not list under 'sources'",
                )
            )
    if term.house:
        notes = f"{term.note or ''} {concept.note or ''}".lower()
        if term.status != "admitted":
            problems.append(
                Problem(
                    term.path,
                    term.line,
                    "unattested",
                    f"“{term.text}” is a house rendering (house: true) with status {term.status}: "
                    f"a rendering nobody attests can only be admitted",
                )
            )
        if "house" not in notes:
            problems.append(
                Problem(
                    term.path,
                    term.line,
                    "unattested",
                    f"“{term.text}” is a house rendering: say so in its note (e.g. 'House rendering: ...')",
                )
            )
    elif term.allowed and not term.source_ids:
        problems.append(
            Problem(
                term.path,
                term.line,
                "unattested",
                f"{term.status} {term.lang} term “{term.text}” has no source: cite where the body, the "
                f"ministry or an official publication writes it (source: [id]), or make it a house "
                f"rendering (status: admitted, house: true, and a note)",
            )
        )
    return problems


def _reference_problems(concept: Concept, seen: dict[str, Concept]) -> list[Problem]:
    problems = []
    for relation in concept.relations:
        target = seen.get(relation.concept)
        line = relation.line or concept.line
        if target is None:
            label = "'see'" if relation.type == "see-also" else f"relation {relation.type}"
            problems.append(
                Problem(
                    concept.path,
                    line,
                    "unknown-reference",
                    f"{concept.id}: {label} names unknown concept {relation.concept}",
                )
            )
            continue
        if relation.type == "successor":
            problems.extend(_succession_problems(concept, relation, target, line))
        elif relation.type == "predecessor" and not _states(target, "successor", concept.id):
            problems.append(
                Problem(
                    concept.path,
                    line,
                    "succession",
                    f"{concept.id} names {target.id} as predecessor, but {target.id} does not name it as successor",
                )
            )
    for office in concept.offices:
        if office.concept not in seen:
            problems.append(
                Problem(
                    concept.path,
                    office.line or concept.line,
                    "unknown-reference",
                    f"{concept.id}: office names unknown concept {office.concept}",
                )
            )
    jurisdiction = concept.jurisdiction
    if jurisdiction and "." in jurisdiction and jurisdiction not in seen:
        problems.append(
            Problem(
                concept.path,
                concept.line,
                "unknown-reference",
                f"{concept.id}: jurisdiction names unknown concept {jurisdiction}",
            )
        )
    return problems


def _states(concept: Concept, kind: str, other: str) -> bool:
    return any(r.type == kind and r.concept == other for r in concept.relations)


def _succession_problems(concept: Concept, relation, target: Concept, line: int) -> list[Problem]:
    problems = []
    if not _states(target, "predecessor", concept.id):
        problems.append(
            Problem(
                concept.path,
                line,
                "succession",
                f"{concept.id} names {target.id} as successor, but {target.id} does not name it as predecessor",
            )
        )
    end, start = concept.valid_until, target.valid_from
    if end and start and end != start:
        problems.append(
            Problem(
                concept.path,
                line,
                "succession",
                f"{concept.id} ends on {end} but its successor {target.id} begins on {start}: the dates must meet",
            )
        )
    for label, day in (("until", end), ("successor's from", start)):
        if relation.day and day and relation.day != day:
            problems.append(
                Problem(
                    concept.path,
                    line,
                    "succession",
                    f"{concept.id}: the succession date {relation.day} differs from its {label} {day}",
                )
            )
    return problems


def _office_problems(concepts: list[Concept], seen: dict[str, Concept]) -> list[Problem]:
    """Offices held by two people at once, or held when the office or its body did not exist."""
    problems = []
    holders: dict[str, list[tuple[Concept, object]]] = defaultdict(list)
    for person in concepts:
        for office in person.offices:
            title = seen.get(office.concept)
            if title is None:
                continue
            line = office.line or person.line
            if office.valid_from and office.valid_until and office.valid_from >= office.valid_until:
                problems.append(
                    Problem(
                        person.path,
                        line,
                        "dates",
                        f"{person.id}: office {title.id} 'from' {office.valid_from} is not before 'until' "
                        f"{office.valid_until}",
                    )
                )
            for holder in [title] + [
                seen[r.concept] for r in title.relations if r.type == "head-of" and r.concept in seen
            ]:
                if office.valid_from and holder.valid_from and office.valid_from < holder.valid_from:
                    problems.append(
                        Problem(
                            person.path,
                            line,
                            "offices",
                            f"{person.id}: holds {title.id} from {office.valid_from}, before {holder.id} "
                            f"existed (from {holder.valid_from})",
                        )
                    )
                if office.valid_from and holder.valid_until and office.valid_from >= holder.valid_until:
                    problems.append(
                        Problem(
                            person.path,
                            line,
                            "offices",
                            f"{person.id}: holds {title.id} from {office.valid_from}, after {holder.id} "
                            f"ended ({holder.valid_until})",
                        )
                    )
            if any(r.type == "head-of" for r in title.relations):
                holders[title.id].append((person, office))
    for title_id, held in holders.items():
        for (a, first), (b, second) in itertools.combinations(held, 2):
            if a.id == b.id or first.valid_from is None or second.valid_from is None:
                continue  # an office whose start is not known cannot be shown to overlap
            start = max(first.valid_from or date.min, second.valid_from or date.min)
            end = min(first.valid_until or date.max, second.valid_until or date.max)
            if start < end:
                later, office = (b, second) if (b.path, second.line) > (a.path, first.line) else (a, first)
                other = a if later is b else b
                problems.append(
                    Problem(
                        later.path,
                        office.line or later.line,
                        "offices",
                        f"{a.id} and {b.id} both hold {title_id}, a single-holder office (it heads a body), "
                        f"on {start}: correct the dates of {later.id} or {other.id}",
                    )
                )
    return problems


def _term_problems(term: Term) -> list[Problem]:
    problems = []
    if term.valid_from and term.valid_until and term.valid_from >= term.valid_until:
        problems.append(
            Problem(
                term.path,
                term.line,
                "dates",
                f"“{term.text}”: 'from' {term.valid_from} is not before 'until' {term.valid_until}",
            )
        )
    scripts = {_script(c) for c in term.text if c.isalpha()}
    scripts.discard(None)
    lookalikes = [c for c in term.text if c in HOMOGLYPHS]
    if len(scripts) > 1 or lookalikes:
        detail = ", ".join(f"{c} ({unicodedata.name(c, '?')})" for c in dict.fromkeys(lookalikes)) or " and ".join(
            sorted(scripts)
        )
        problems.append(Problem(term.path, term.line, "script", f"“{term.text}” mixes scripts: {detail}"))
    return problems


def _script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "GREEK", "ARABIC"):
        if name.startswith(script):
            return script.lower()
    return None


def _date_problems(concept: Concept, lang: str, terms: list[Term], today: date) -> list[Problem]:
    problems = []
    preferred = [t for t in terms if t.status == "preferred"]
    chosen = preferred + [t for t in terms if t.house and t.status == "admitted"]
    # a closed body is named by the terms of its last day
    day = min(today, concept.valid_until - timedelta(days=1)) if concept.valid_until else today
    if not any(t.valid_on(day) and not t.abbr for t in chosen):
        superseded = any(t.status == "superseded" and t.valid_on(day) for t in terms)
        if not superseded:
            problems.append(
                Problem(
                    concept.path,
                    concept.line,
                    "no-preferred",
                    f"{concept.id}: no preferred {lang} term is valid on {day}",
                )
            )
    for kind in {t.type for t in preferred}:
        group = sorted((t for t in preferred if t.type == kind), key=lambda t: t.valid_from or date.min)
        for earlier, later in itertools.pairwise(group):
            end = earlier.valid_until or date.max
            start = later.valid_from or date.min
            if start < end:
                problems.append(
                    Problem(
                        later.path,
                        later.line,
                        "dates",
                        f"preferred {lang} {kind} terms “{earlier.text}” and “{later.text}” of {concept.id} "
                        f"overlap in time: make one admitted, or date them",
                    )
                )
    return problems
