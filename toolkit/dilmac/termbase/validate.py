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
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from dilmac.core.errors import DilmacError
from dilmac.core.i18n import N_, Joined, Message
from dilmac.core.i18n import gettext as _
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
_EXTRA_KEYS = re.compile(r"Additional properties are not allowed \((.*) (was|were) unexpected\)")
MISSING_EXAMPLES = {
    ("ok",): N_("%(id)s: no ok %(lang)s example: add sentences in the style of a press release, with inflected forms"),
    ("bad",): N_(
        "%(id)s: no bad %(lang)s example: add sentences in the style of a press release, with inflected forms"
    ),
    ("ok", "bad"): N_(
        "%(id)s: no ok and no bad %(lang)s example: add sentences in the style of a press release, with inflected forms"
    ),
}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    check: str
    message: str | Message  # a Message is kept for the terminal; `message` becomes its English text
    severity: str = "error"  # or "warning": reported, but the termbase still passes
    shown: str | Message = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "shown", self.message)
        if isinstance(self.message, Message):
            object.__setattr__(self, "message", self.message.english())

    def __str__(self) -> str:
        """The problem in the UI language; JSON (`to_json`) keeps the English message."""
        label = self.check if self.severity != "warning" else _("%(check)s, warning") % {"check": self.check}
        return f"{self.path}:{self.line}: [{label}] {self.shown}"

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
                str(path),
                _schema_line(data, list(error.absolute_path)),
                "schema",
                Joined(": ", (where, _schema_message(error))),
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


def _schema_message(error) -> str | Message:
    """jsonschema's own messages are English; the two that people meet most are translated."""
    if error.validator == "enum":
        return Message(
            "%(value)s is not one of %(allowed)s",
            value=repr(error.instance),
            allowed=", ".join(map(str, error.validator_value)),
        )
    if error.validator == "pattern" and isinstance(error.instance, str) and "[0-9]{4}" in error.validator_value:
        return Message("%(value)s is not a date (write YYYY-MM-DD)", value=repr(error.instance))
    # jsonschema's own wording, recognised by its exact text: another version's stays as it is
    if error.validator == "required" and error.message.endswith(" is a required property"):
        return Message("%(name)s is a required property", name=error.message.removesuffix(" is a required property"))
    if error.validator == "type":
        types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        names = ", ".join(repr(t) for t in types)
        if error.message == f"{error.instance!r} is not of type {names}":
            return Message("%(value)s is not of type %(types)s", value=repr(error.instance), types=names)
    extra = _EXTRA_KEYS.fullmatch(error.message) if error.validator == "additionalProperties" else None
    if extra and extra.group(2) == "was":
        return Message("Additional properties are not allowed (%(names)s was unexpected)", names=extra.group(1))
    if extra:
        return Message("Additional properties are not allowed (%(names)s were unexpected)", names=extra.group(1))
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
                    Message(
                        "a format-1 termbase file (no 'format: 2'): validate checks format 2; "
                        "see termbase/schema.json and the README section on the termbase"
                    ),
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
                        Message(
                            "%(id)s: domain %(domain)s in the file of domain %(file_domain)s: move it to "
                            "%(domain)s.yaml",
                            id=concept.id,
                            domain=concept.domain,
                            file_domain=file_domain,
                        ),
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
                    Message(
                        "id %(id)s is already used at %(path)s:%(line)s",
                        id=concept.id,
                        path=first.path,
                        line=first.line,
                    ),
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
                        term.path,
                        term.line,
                        "shared-form",
                        Message(
                            "%(lang)s form “%(text)s” is also a term of %(others)s",
                            lang=lang,
                            text=term.text,
                            others=others,
                        ),
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
        problems.append(
            Problem(*where, "definition", Message("%(id)s: no definition: say in a sentence what it is", id=concept.id))
        )
    if concept.verified is None:
        problems.append(
            Problem(
                *where,
                "definition",
                Message("%(id)s: no 'verified' date: the day its facts were last checked", id=concept.id),
            )
        )
    if concept.valid_from and concept.valid_until and concept.valid_from >= concept.valid_until:
        problems.append(
            Problem(
                *where,
                "dates",
                Message(
                    "%(id)s: 'from' %(start)s is not before 'until' %(end)s",
                    id=concept.id,
                    start=concept.valid_from,
                    end=concept.valid_until,
                ),
            )
        )
    if concept.verified and (today - concept.verified).days > STALE_AFTER_DAYS:
        problems.append(
            Problem(
                *where,
                "stale",
                Message(
                    "%(id)s: verified on %(verified)s, more than a year ago: check its facts and sources "
                    "again and update 'verified'",
                    id=concept.id,
                    verified=concept.verified,
                ),
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
                    Message("%(id)s: source id %(source)s is used twice", id=concept.id, source=source.id),
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
                    Message(MISSING_EXAMPLES[tuple(missing)], id=concept.id, lang=lang),
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
                    Message(
                        "“%(text)s” cites source %(source)s, which %(id)s does not list under 'sources'",
                        text=term.text,
                        source=ref,
                        id=concept.id,
                    ),
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
                    Message(
                        "“%(text)s” is a house rendering (house: true) with status %(status)s: a rendering "
                        "nobody attests can only be admitted",
                        text=term.text,
                        status=term.status,
                    ),
                )
            )
        if "house" not in notes:
            problems.append(
                Problem(
                    term.path,
                    term.line,
                    "unattested",
                    Message(
                        "“%(text)s” is a house rendering: say so in its note (e.g. 'House rendering: ...')",
                        text=term.text,
                    ),
                )
            )
    elif term.allowed and not term.source_ids:
        problems.append(
            Problem(
                term.path,
                term.line,
                "unattested",
                Message(
                    "%(status)s %(lang)s term “%(text)s” has no source: cite where the body, the ministry or "
                    "an official publication writes it (source: [id]), or make it a house rendering (status: "
                    "admitted, house: true, and a note)",
                    status=term.status,
                    lang=term.lang,
                    text=term.text,
                ),
            )
        )
    return problems


def _reference_problems(concept: Concept, seen: dict[str, Concept]) -> list[Problem]:
    problems = []
    for relation in concept.relations:
        target = seen.get(relation.concept)
        line = relation.line or concept.line
        if target is None:
            if relation.type == "see-also":
                message = Message(
                    "%(id)s: 'see' names unknown concept %(other)s", id=concept.id, other=relation.concept
                )
            else:
                message = Message(
                    "%(id)s: relation %(type)s names unknown concept %(other)s",
                    id=concept.id,
                    type=relation.type,
                    other=relation.concept,
                )
            problems.append(
                Problem(
                    concept.path,
                    line,
                    "unknown-reference",
                    message,
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
                    Message(
                        "%(id)s names %(other)s as predecessor, but %(other)s does not name it as successor",
                        id=concept.id,
                        other=target.id,
                    ),
                )
            )
    for office in concept.offices:
        if office.concept not in seen:
            problems.append(
                Problem(
                    concept.path,
                    office.line or concept.line,
                    "unknown-reference",
                    Message("%(id)s: office names unknown concept %(other)s", id=concept.id, other=office.concept),
                )
            )
    jurisdiction = concept.jurisdiction
    if jurisdiction and "." in jurisdiction and jurisdiction not in seen:
        problems.append(
            Problem(
                concept.path,
                concept.line,
                "unknown-reference",
                Message("%(id)s: jurisdiction names unknown concept %(other)s", id=concept.id, other=jurisdiction),
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
                Message(
                    "%(id)s names %(other)s as successor, but %(other)s does not name it as predecessor",
                    id=concept.id,
                    other=target.id,
                ),
            )
        )
    end, start = concept.valid_until, target.valid_from
    if end and start and end != start:
        problems.append(
            Problem(
                concept.path,
                line,
                "succession",
                Message(
                    "%(id)s ends on %(end)s but its successor %(other)s begins on %(start)s: the dates must meet",
                    id=concept.id,
                    end=end,
                    other=target.id,
                    start=start,
                ),
            )
        )
    for template, day in (
        (N_("%(id)s: the succession date %(date)s differs from its until %(day)s"), end),
        (N_("%(id)s: the succession date %(date)s differs from its successor's from %(day)s"), start),
    ):
        if relation.day and day and relation.day != day:
            problems.append(
                Problem(
                    concept.path,
                    line,
                    "succession",
                    Message(template, id=concept.id, date=relation.day, day=day),
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
                        Message(
                            "%(person)s: office %(office)s 'from' %(start)s is not before 'until' %(end)s",
                            person=person.id,
                            office=title.id,
                            start=office.valid_from,
                            end=office.valid_until,
                        ),
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
                            Message(
                                "%(person)s: holds %(office)s from %(start)s, before %(holder)s existed "
                                "(from %(holder_start)s)",
                                person=person.id,
                                office=title.id,
                                start=office.valid_from,
                                holder=holder.id,
                                holder_start=holder.valid_from,
                            ),
                        )
                    )
                if office.valid_from and holder.valid_until and office.valid_from >= holder.valid_until:
                    problems.append(
                        Problem(
                            person.path,
                            line,
                            "offices",
                            Message(
                                "%(person)s: holds %(office)s from %(start)s, after %(holder)s ended (%(holder_end)s)",
                                person=person.id,
                                office=title.id,
                                start=office.valid_from,
                                holder=holder.id,
                                holder_end=holder.valid_until,
                            ),
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
                        Message(
                            "%(first)s and %(second)s both hold %(office)s, a single-holder office (it heads "
                            "a body), on %(start)s: correct the dates of %(later)s or %(other)s",
                            first=a.id,
                            second=b.id,
                            office=title_id,
                            start=start,
                            later=later.id,
                            other=other.id,
                        ),
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
                Message(
                    "“%(text)s”: 'from' %(start)s is not before 'until' %(end)s",
                    text=term.text,
                    start=term.valid_from,
                    end=term.valid_until,
                ),
            )
        )
    scripts = {_script(c) for c in term.text if c.isalpha()}
    scripts.discard(None)
    lookalikes = [c for c in term.text if c in HOMOGLYPHS]
    if len(scripts) > 1 or lookalikes:
        detail = ", ".join(f"{c} ({unicodedata.name(c, '?')})" for c in dict.fromkeys(lookalikes)) or " and ".join(
            sorted(scripts)
        )
        problems.append(
            Problem(
                term.path,
                term.line,
                "script",
                Message("“%(text)s” mixes scripts: %(detail)s", text=term.text, detail=detail),
            )
        )
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
                    Message(
                        "%(id)s: no preferred %(lang)s term is valid on %(day)s", id=concept.id, lang=lang, day=day
                    ),
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
                        Message(
                            "preferred %(lang)s %(kind)s terms “%(earlier)s” and “%(later)s” of %(id)s "
                            "overlap in time: make one admitted, or date them",
                            lang=lang,
                            kind=kind,
                            earlier=earlier.text,
                            later=later.text,
                            id=concept.id,
                        ),
                    )
                )
    return problems
