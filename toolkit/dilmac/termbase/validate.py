"""`dilmac termbase validate`: everything that can be wrong with termbase data.

Checks, each reported as `path:line: [check] message`:
schema (termbase/schema.json), duplicate-id, unknown-reference (`see`, `offices`),
shared-form (one surface form claimed by two concepts in one language), no-preferred (a language
without a preferred term valid today), dates (inverted ranges, overlapping preferred terms),
script (mixed scripts or look-alike letters inside a term). The examples, which need the
linter, are checked by dilmac.lint.termbase_validation, which runs all of these too.
"""

from __future__ import annotations

import itertools
import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
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


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.check}] {self.message}"

    def to_json(self) -> dict:
        return {"path": self.path, "line": self.line, "check": self.check, "message": self.message}


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
        schema_problems = check_schema(path, data)
        problems.extend(schema_problems)
        if schema_problems:
            continue
        try:
            concepts.extend(concepts_from_data(path, data))
        except DilmacError as exc:
            problems.append(Problem(str(path), exc.line or 1, "schema", exc.message))
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
        for lang, terms in concept.terms.items():
            for term in terms:
                forms[(lang, key(term.text, lang))].append(term)
                problems.extend(_term_problems(term))
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
        for ref in concept.see:
            if ref not in seen:
                problems.append(
                    Problem(
                        concept.path,
                        concept.line,
                        "unknown-reference",
                        f"{concept.id}: 'see' names unknown concept {ref}",
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
    if not any(t.valid_on(today) and not t.abbr for t in preferred):
        problems.append(
            Problem(
                concept.path,
                concept.line,
                "no-preferred",
                f"{concept.id}: no preferred {lang} term is valid today ({today})",
            )
        )
    for abbr in (False, True):
        group = sorted((t for t in preferred if t.abbr == abbr), key=lambda t: t.valid_from or date.min)
        for earlier, later in itertools.pairwise(group):
            end = earlier.valid_until or date.max
            start = later.valid_from or date.min
            if start < end:
                problems.append(
                    Problem(
                        later.path,
                        later.line,
                        "dates",
                        f"preferred {lang} terms “{earlier.text}” and “{later.text}” of {concept.id} overlap in time",
                    )
                )
    return problems
