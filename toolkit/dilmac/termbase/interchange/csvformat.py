"""CSV: one row per term, for spreadsheets.

Columns: concept, lang, term, status, type, from, until, note, source (the ids of the concept's
sources the term cites, separated by spaces), case, inflect, house, then the concept's own
fields repeated on each of its rows: domain, definition, jurisdiction, concept_from,
concept_until, verified, concept_note, sources (one per line inside the cell, each written
``id | seen | url | title | note``, empty parts left empty), relations (``type:id`` or
``type:id@date``, separated by spaces; a bare id is see-also). Only concept, lang and term are
required on import; UTF-8 with or without a byte-order mark, comma, semicolon or tab separated.
Examples, offices and exceptions have no place in a term table: export says so, TBX carries
them.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

from dilmac.core.errors import DilmacError
from dilmac.termbase.interchange.model import Entry, ForeignTerm, check_date, domains
from dilmac.termbase.model import RELATION_TYPES, STATUSES, TERM_TYPES, Termbase

COLUMNS = (
    "concept",
    "lang",
    "term",
    "status",
    "type",
    "from",
    "until",
    "note",
    "source",
    "case",
    "inflect",
    "house",
    "domain",
    "definition",
    "jurisdiction",
    "concept_from",
    "concept_until",
    "verified",
    "concept_note",
    "sources",
    "relations",
)
REQUIRED = ("concept", "lang", "term")
LEGACY_COLUMNS = ("abbr", "short")  # format 1's term kinds, read as types
CONCEPT_COLUMNS = (
    "domain",
    "definition",
    "jurisdiction",
    "concept_from",
    "concept_until",
    "verified",
    "concept_note",
    "sources",
    "relations",
)
_BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def _day(value) -> str:
    return value.isoformat() if value else ""


def _source_cell(source) -> str:
    parts = [source.id, _day(source.seen), source.url or "", source.title or "", source.note or ""]
    if any(" | " in part for part in parts[:4]) or any("\n" in part for part in parts):
        raise DilmacError(
            f"source {source.id} holds ' | ' or a line break, which its CSV cell cannot keep",
            hint="export TBX for a complete copy",
        )
    return " | ".join(parts).rstrip(" |") if not source.note else " | ".join(parts)


def _relation_cell(relation) -> str:
    if relation.type == "see-also" and relation.day is None:
        return relation.concept
    return f"{relation.type}:{relation.concept}" + (f"@{relation.day}" if relation.day else "")


def write_csv(termbase: Termbase) -> tuple[bytes, list[str]]:
    """The CSV text, and notices about what a term table cannot carry."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for concept in termbase.concepts:
        shared = [
            concept.domain,
            concept.definition or "",
            concept.jurisdiction or "",
            _day(concept.valid_from),
            _day(concept.valid_until),
            _day(concept.verified),
            concept.note or "",
            "\n".join(_source_cell(s) for s in concept.sources),
            " ".join(_relation_cell(r) for r in concept.relations),
        ]
        for lang, terms in concept.terms.items():
            for term in terms:
                writer.writerow(
                    [
                        concept.id,
                        lang,
                        term.text,
                        term.status,
                        "" if term.type == "full" else term.type,
                        _day(term.valid_from),
                        _day(term.valid_until),
                        term.note or "",
                        " ".join(term.source_ids),
                        "exact" if term.exact_case else "",
                        "" if term.inflect else "false",
                        "true" if term.house else "",
                        *shared,
                    ]
                )
    notices = []
    with_examples = sum(1 for c in termbase.concepts if any(any(sets.values()) for sets in c.examples.values()))
    with_offices = sum(1 for c in termbase.concepts if c.offices)
    with_exceptions = sum(1 for c in termbase.concepts if c.exceptions)
    if with_examples or with_offices or with_exceptions:
        notices.append(
            f"CSV has one row per term: the examples of {with_examples} concepts, the offices of "
            f"{with_offices} and the exceptions of {with_exceptions} are not in it (export TBX for a "
            f"complete copy)"
        )
    noted = sum(1 for c in termbase.concepts for r in c.relations if r.note)
    if noted:
        notices.append(f"the notes of {noted} relations are not in the CSV (export TBX for a complete copy)")
    return buffer.getvalue().encode("utf-8"), notices


def read_csv(path: Path, dropped: Counter) -> list[Entry]:
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DilmacError(f"cannot read the file: {exc.strerror}", path=where) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DilmacError(
            f"not valid UTF-8 at byte {exc.start}",
            path=where,
            line=raw[: exc.start].count(b"\n") + 1,
            hint="save the CSV as UTF-8",
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = next((d for d in ",;\t" if d in first_line), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = _rows(reader, where)
    if not rows:
        raise DilmacError(
            "the CSV file is empty", path=where, line=1, hint="the first row names the columns: " + ",".join(COLUMNS)
        )
    _, header = rows[0]
    names = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise DilmacError(
            f"the header has no column {', '.join(missing)}",
            path=where,
            line=1,
            hint="the first row names the columns: " + ",".join(COLUMNS),
        )
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise DilmacError(f"the header names column {', '.join(repeated)} twice", path=where, line=1)
    entries: dict[str, Entry] = {}
    concept_values: dict[tuple[str, str], tuple[str, int]] = {}
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(names):
            raise DilmacError(
                f"the row has {len(row)} cells, the header {len(names)}",
                path=where,
                line=line,
                hint="quote cells that contain the separator",
            )
        cells = dict(zip(names, (cell.strip() for cell in row)))
        for name in names:
            if name not in COLUMNS + LEGACY_COLUMNS and cells.get(name):
                dropped[f"values of column {name!r} (not a termbase field)"] += 1
        cid = cells["concept"]
        if not cid:
            raise DilmacError(
                "the row has no concept id",
                path=where,
                line=line,
                hint="rows of one concept share its id in the 'concept' column",
            )
        entry = entries.setdefault(cid, Entry(foreign_id=cid))
        for name in CONCEPT_COLUMNS:
            value = cells.get(name, "")
            if value:
                first = concept_values.setdefault((cid, name), (value, line))
                if first[0] != value:
                    raise DilmacError(
                        f"{name} of concept {cid} differs from line {first[1]}",
                        path=where,
                        line=line,
                        hint=f"a concept has one {name}: repeat it or leave the cell empty",
                    )
        if not cells["lang"]:
            raise DilmacError("the row has no language", path=where, line=line, hint="write en, az or tr")
        entry.terms.append(_term(cells, where, line))
    for (cid, name), (value, line) in concept_values.items():
        entry = entries[cid]
        if name == "domain":
            if value not in domains():
                raise DilmacError(
                    f"domain {value!r} is not a termbase domain",
                    path=where,
                    line=line,
                    hint="use one of: " + ", ".join(domains()),
                )
            entry.subject_field = value
        elif name == "definition":
            entry.definitions.append(value)
        elif name == "jurisdiction":
            entry.facts["jurisdiction"] = value
        elif name in ("concept_from", "concept_until", "verified"):
            fact = name.removeprefix("concept_")
            entry.facts[fact] = check_date(value, path=where, line=line, what=f"{name} date")
        elif name == "concept_note":
            entry.notes.append(value)
        elif name == "sources":
            entry.sources.extend(_source(s, where, line) for s in value.splitlines() if s.strip())
        else:
            entry.relations.extend(_relation(token, where, line) for token in value.split())
    return list(entries.values())


def _source(cell: str, path: str, line: int) -> dict:
    """`id | seen | url | title | note` as written by export; any other text is a source's title."""
    parts = [part.strip() for part in cell.split(" | ", 4)]
    if len(parts) < 2 or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", parts[0]):
        return {"title": cell.strip()}
    keys = ("id", "seen", "url", "title", "note")
    record = {key: value for key, value in zip(keys, parts) if value}
    if "seen" in record:
        check_date(record["seen"], path=path, line=line, what="source 'seen' date")
    return record


def _relation(token: str, path: str, line: int) -> dict:
    kind, _, rest = token.rpartition(":")
    target, _, day = rest.partition("@")
    relation = {"type": kind or "see-also", "concept": target}
    if kind and kind not in RELATION_TYPES:
        raise DilmacError(
            f"relation type {kind!r} is not one of {', '.join(RELATION_TYPES)}",
            path=path,
            line=line,
            hint="write relations as type:id or type:id@YYYY-MM-DD, a bare id for see-also",
        )
    if day:
        relation["date"] = check_date(day, path=path, line=line, what="relation date")
    return relation


def _rows(reader, path: str) -> list[tuple[int, list[str]]]:
    """Rows with the line each starts on (a quoted cell may span lines)."""
    rows = []
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DilmacError(
            f"malformed CSV: {exc}", path=path, line=reader.line_num, hint="check the quotes on that line"
        ) from None
    return rows


def _term(cells: dict, path: str, line: int) -> ForeignTerm:
    term = ForeignTerm(lang=cells["lang"], text=cells["term"])
    status = cells.get("status", "")
    if status:
        if status not in STATUSES:
            raise DilmacError(
                f"status {status!r} is not a termbase status",
                path=path,
                line=line,
                hint="use one of: " + ", ".join(STATUSES) + " (empty: preferred for the first "
                "term of a language, else admitted)",
            )
        term.status = status
    for key in ("from", "until"):
        if cells.get(key):
            term.fields[key] = check_date(cells[key], path=path, line=line, what=f"'{key}' date")
    kind = cells.get("type", "")
    if kind and kind not in TERM_TYPES:
        raise DilmacError(
            f"type {kind!r} is not a term type",
            path=path,
            line=line,
            hint="use one of: " + ", ".join(TERM_TYPES) + " (empty: full)",
        )
    for legacy, legacy_kind in (("abbr", "abbreviation"), ("short", "short")):  # format-1 columns
        if _BOOLEANS.get(cells.get(legacy, "").lower()) and not kind:
            kind = legacy_kind
    if kind and kind != "full":
        term.fields["type"] = kind
    for key in ("inflect", "house"):
        value = cells.get(key, "").lower()
        if value not in _BOOLEANS and value:
            raise DilmacError(
                f"{key} {cells[key]!r} is not true or false",
                path=path,
                line=line,
                hint=f"write {key} as true, false or leave it empty",
            )
        if value and _BOOLEANS[value] != (key == "inflect"):
            term.fields[key] = _BOOLEANS[value]
    case = cells.get("case", "")
    if case and case != "exact":
        raise DilmacError(
            f"case {case!r} is not 'exact'",
            path=path,
            line=line,
            hint="write 'exact' when the casing is fixed, else leave it empty",
        )
    if case:
        term.fields["case"] = case
    if cells.get("note"):
        term.fields["note"] = cells["note"]
    if cells.get("source"):
        term.fields["source"] = cells["source"].split()
    return term
