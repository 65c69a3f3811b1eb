"""CSV: one row per term, for spreadsheets.

Columns: concept, lang, term, status, from, until, note, source, abbr, case, short, inflect, then
the concept's own fields repeated on each of its rows: domain, concept_note, sources (one per
line inside the cell), see (ids separated by spaces). Only concept, lang and term are required
on import; UTF-8 with or without a byte-order mark, comma, semicolon or tab separated. Examples
and offices have no place in a term table: export says so, TBX carries them.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from dilmac.core.errors import DilmacError
from dilmac.termbase.interchange.model import Entry, ForeignTerm, check_date, domains
from dilmac.termbase.model import STATUSES, Termbase

COLUMNS = (
    "concept",
    "lang",
    "term",
    "status",
    "from",
    "until",
    "note",
    "source",
    "abbr",
    "case",
    "short",
    "inflect",
    "domain",
    "concept_note",
    "sources",
    "see",
)
REQUIRED = ("concept", "lang", "term")
CONCEPT_COLUMNS = ("domain", "concept_note", "sources", "see")
_BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def write_csv(termbase: Termbase) -> tuple[bytes, list[str]]:
    """The CSV text, and notices about what a term table cannot carry."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for concept in termbase.concepts:
        for source in concept.sources:
            if "\n" in source:
                raise DilmacError(
                    f"a source of {concept.id} spans lines; CSV keeps one source per line",
                    path=concept.path,
                    line=concept.line,
                    hint="write the source on one line",
                )
        shared = [concept.domain, concept.note or "", "\n".join(concept.sources), " ".join(concept.see)]
        for lang, terms in concept.terms.items():
            for term in terms:
                writer.writerow(
                    [
                        concept.id,
                        lang,
                        term.text,
                        term.status,
                        term.valid_from.isoformat() if term.valid_from else "",
                        term.valid_until.isoformat() if term.valid_until else "",
                        term.note or "",
                        term.source or "",
                        "true" if term.abbr else "",
                        "exact" if term.exact_case else "",
                        "true" if term.short else "",
                        "" if term.inflect else "false",
                        *shared,
                    ]
                )
    notices = []
    with_examples = sum(1 for c in termbase.concepts if any(any(sets.values()) for sets in c.examples.values()))
    with_offices = sum(1 for c in termbase.concepts if c.offices)
    if with_examples or with_offices:
        notices.append(
            f"CSV has one row per term: the examples of {with_examples} concepts and the offices of "
            f"{with_offices} are not in it (export TBX for a complete copy)"
        )
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
        # A short row (a spreadsheet leaves out empty cells at the end): the missing ones are empty.
        cells = dict(zip(names, [cell.strip() for cell in row] + [""] * (len(names) - len(row))))
        for name in names:
            if name not in COLUMNS and cells.get(name):
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
        elif name == "concept_note":
            entry.notes.append(value)
        elif name == "sources":
            entry.sources.extend(s.strip() for s in value.splitlines() if s.strip())
        else:
            entry.see.extend(value.split())
    return list(entries.values())


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
    for key in ("abbr", "short", "inflect"):
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
    for key in ("note", "source"):
        if cells.get(key):
            term.fields[key] = cells[key]
    return term
