"""From what a TBX or CSV file says to concepts in the termbase's YAML shape.

Readers turn a file into `Entry` objects (one per TBX entry or CSV concept) without judging
them; `build_concepts` then applies the termbase's rules the same way for every format:
only en, az and tr are kept, every concept gets a valid unique id, a domain and a source,
entries that name the same source term are one concept, and terms without a status get one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from dilmac import LANGUAGES
from dilmac.core.errors import DilmacError
from dilmac.language.normalize import key
from dilmac.termbase.model import builtin_dir

# Key order of the terms in the shipped termbase files, which the written YAML follows.
TERM_KEYS = ("text", "status", "type", "source", "from", "until", "case", "inflect", "house", "note")
SOURCE_KEYS = ("id", "title", "url", "seen", "note")
IMPORT_PREFIX = "import."


@lru_cache(maxsize=1)
def _schema_defs() -> dict:
    return json.loads((builtin_dir() / "schema.json").read_text(encoding="utf-8"))["$defs"]


def domains() -> tuple[str, ...]:
    return tuple(_schema_defs()["domain"]["enum"])


def is_concept_id(text: str) -> bool:
    return re.fullmatch(_schema_defs()["conceptId"]["pattern"], text) is not None


def check_date(value: str, *, path: str, line: int | None, what: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise DilmacError(
            f"{what} {value!r} is not a date", path=path, line=line, hint="write dates as YYYY-MM-DD, e.g. 2021-11-12"
        ) from None
    return value


@dataclass
class ForeignTerm:
    lang: str  # the language tag as written (en-GB, az-Latn, nl, ...)
    text: str
    status: str | None = None  # one of termbase.STATUSES; None when the file gives none
    fields: dict = field(default_factory=dict)  # type, source (ids), case, inflect, house, from, until, note
    cited: list[str] = field(default_factory=list)  # sources named by text only (foreign files)


@dataclass
class Entry:
    foreign_id: str | None = None
    subject_field: str | None = None
    notes: list[str] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)  # jurisdiction, from, until, verified
    sources: list[dict] = field(default_factory=list)  # records; a foreign file's have a title only
    relations: list[dict] = field(default_factory=list)  # {type, concept, date?, note?}, in file order
    offices: list[dict] = field(default_factory=list)
    exceptions: list[tuple[str, str]] = field(default_factory=list)  # (lang tag, phrase)
    examples: list[tuple[str, str, object]] = field(default_factory=list)  # (lang tag, ok|bad, item)
    terms: list[ForeignTerm] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import mapped and what it left out, for the user to see."""

    path: str
    entries: int = 0
    concepts: int = 0
    merged: int = 0
    terms: Counter = field(default_factory=Counter)  # by language
    statuses: Counter = field(default_factory=Counter)
    defaulted_statuses: int = 0
    default_domain: int = 0
    dropped: Counter = field(default_factory=Counter)  # what -> how many

    def summary(self) -> list[str]:
        langs = ", ".join(f"{lang} {n}" for lang, n in sorted(self.terms.items()))
        statuses = ", ".join(f"{n} {status}" for status, n in self.statuses.most_common())
        lines = [
            f"{self.entries} entries → {self.concepts} concepts, {sum(self.terms.values())} terms "
            f"({langs or 'none'}); statuses: {statuses or 'none'}"
        ]
        if self.defaulted_statuses:
            lines.append(
                f"{self.defaulted_statuses} terms had no status: the first full name and the first "
                f"abbreviation of each language became preferred, the others admitted"
            )
        if self.merged:
            lines.append(f"merged into an earlier entry with the same id or source term: {self.merged} entries")
        if self.default_domain:
            lines.append(
                f"given the --domain value (the file names no termbase domain): {self.default_domain} concepts"
            )
        for what, count in sorted(self.dropped.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"dropped: {count} × {what}")
        return lines


def our_language(tag: str) -> str | None:
    """en, az or tr for a language tag (en-GB, az-Latn, tr_TR), None for other languages and scripts."""
    parts = re.split(r"[-_]", tag.strip().lower())
    if parts[0] not in LANGUAGES:
        return None
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    return parts[0] if script in (None, "latn") else None


_ASCII_FOLD = str.maketrans({"ı": "i", "ə": "e", "ß": "ss", "ø": "o", "æ": "ae", "đ": "d", "ł": "l"})


def slug(text: str, max_length: int = 48) -> str:
    """ASCII lower-case words joined by hyphens: a valid last segment of a concept id."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_ASCII_FOLD))
    words = re.findall(r"[a-z0-9]+", folded.encode("ascii", "ignore").decode())
    result = ""
    for word in words:
        if result and len(result) + 1 + len(word) > max_length:
            break
        result = f"{result}-{word}" if result else word[:max_length]
    return result


def build_concepts(
    entries: list[Entry], report: ImportReport, *, source_lang: str | None, default_domain: str | None, source_name: str
) -> list[dict]:
    """Concepts in termbase YAML shape from the entries; keys in the order of termbase/*.yaml."""
    by_key: dict[tuple, dict] = {}
    taken_ids: set[str] = set()
    foreign_ids: dict[str, str] = {}
    relation_lists: list[tuple[dict, list[dict]]] = []
    without_domain = 0
    report.entries = len(entries)
    for number, entry in enumerate(entries, 1):
        terms = _our_terms(entry, report)
        if not terms:
            report.dropped["entries without an en, az or tr term"] += 1
            continue
        merge_key, wanted_id = _identity(entry, terms, source_lang, number)
        concept = by_key.get(merge_key)
        if concept is None:
            concept_id = _unique(wanted_id, taken_ids)
            concept = by_key[merge_key] = {
                "id": concept_id,
                "_notes": [],
                "_definitions": [],
                "_facts": {},
                "sources": [],
                "relations": [],
                "offices": [],
                "_exceptions": [],
                "_terms": [],
                "_examples": [],
            }
            domain = entry.subject_field if entry.subject_field in domains() else None
            if entry.subject_field and not domain:
                report.dropped["subject fields that are not termbase domains"] += 1
            if domain is None:
                domain = default_domain
                if domain is None:
                    without_domain += 1
                else:
                    report.default_domain += 1
            concept["domain"] = domain
        else:
            report.merged += 1
        if entry.foreign_id:
            foreign_ids.setdefault(entry.foreign_id, concept["id"])
        concept["_notes"].extend(n for n in entry.notes if n not in concept["_notes"])
        concept["_definitions"].extend(d for d in entry.definitions if d not in concept["_definitions"])
        for name, value in entry.facts.items():
            concept["_facts"].setdefault(name, value)
        concept["sources"].extend(s for s in entry.sources if s not in concept["sources"])
        concept["offices"].extend(entry.offices)
        concept["_exceptions"].extend(entry.exceptions)
        concept["_terms"].extend(terms)
        concept["_examples"].extend(_our_examples(entry, report))
        relation_lists.append((concept, entry.relations))
    if without_domain:
        raise DilmacError(
            f"{without_domain} imported concepts name no termbase domain",
            path=report.path,
            hint=f"pass --domain with one of: {', '.join(domains())} (a TBX entry may name "
            f'its own in <descrip type="subjectField">)',
        )
    for concept, relations in relation_lists:
        for relation in relations:
            ref = relation["concept"]
            target = foreign_ids.get(ref, ref if is_concept_id(ref) else None)
            if target is None:
                report.dropped["cross-references to entries not in the file"] += 1
                continue
            resolved = {**relation, "concept": target}
            if resolved not in concept["relations"] and target != concept["id"]:
                concept["relations"].append(resolved)
    concepts = [_finish(concept, report, source_name) for concept in by_key.values()]
    report.concepts = len(concepts)
    return concepts


def _our_terms(entry: Entry, report: ImportReport) -> list[ForeignTerm]:
    kept = []
    for term in entry.terms:
        lang = our_language(term.lang)
        if lang is None:
            report.dropped[f"{term.lang} terms (the termbase holds en, az and tr)"] += 1
        elif not term.text.strip():
            report.dropped["empty terms"] += 1
        else:
            term.lang = lang
            kept.append(term)
    return kept


def _our_examples(entry: Entry, report: ImportReport) -> list[tuple[str, str, object]]:
    kept = []
    for tag, kind, item in entry.examples:
        lang = our_language(tag)
        if lang is None:
            report.dropped[f"{tag} examples"] += 1
        else:
            kept.append((lang, kind, item))
    return kept


def _identity(entry: Entry, terms: list[ForeignTerm], source_lang: str | None, number: int) -> tuple[tuple, str]:
    """How entries are recognised as one concept, and the id the concept should get.

    A file's own id is kept when it is a valid termbase id (files exported by dilmac). Otherwise
    (Weblate writes no ids or "1" everywhere) the concept is the source-language term: a form
    belongs to one concept in the termbase, so entries repeating it, in any casing, are merged.
    """
    if entry.foreign_id and is_concept_id(entry.foreign_id):
        return ("id", entry.foreign_id), entry.foreign_id
    source = next((t for t in terms if t.lang == source_lang), terms[0])
    name = slug(source.text) or slug(entry.foreign_id or "") or f"entry-{number}"
    return ("term", source.lang, key(source.text, source.lang)), IMPORT_PREFIX + name


def _unique(wanted: str, taken: set[str]) -> str:
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}-{n}"
    taken.add(candidate)
    return candidate


def _finish(concept: dict, report: ImportReport, source_name: str) -> dict:
    terms: dict[str, list[ForeignTerm]] = {}
    seen: set[tuple[str, str]] = set()
    for term in concept["_terms"]:
        if (term.lang, term.text) in seen:
            report.dropped["repeated terms"] += 1
            continue
        seen.add((term.lang, term.text))
        terms.setdefault(term.lang, []).append(term)
    sources = _source_records(concept["sources"], concept["_terms"], source_name)
    result = {"id": concept["id"], "domain": concept["domain"]}
    if concept["_definitions"]:
        result["definition"] = " ".join(concept["_definitions"])
    for name in ("jurisdiction", "from", "until", "verified"):
        if name in concept["_facts"]:
            result[name] = concept["_facts"][name]
    if concept["_notes"]:
        result["note"] = "\n".join(concept["_notes"])
    result["sources"] = sources
    if concept["relations"]:
        result["relations"] = concept["relations"]
    if concept["offices"]:
        result["offices"] = concept["offices"]
    exceptions: dict[str, list[str]] = {}
    for tag, phrase in concept["_exceptions"]:
        lang = our_language(tag)
        if lang is None:
            report.dropped[f"{tag} exceptions"] += 1
        elif phrase not in exceptions.setdefault(lang, []):
            exceptions[lang].append(phrase)
    if exceptions:
        result["exceptions"] = _ordered(exceptions)
    result["terms"] = {lang: _term_data(items, report) for lang, items in _ordered(terms).items()}
    examples: dict[str, dict[str, list]] = {}
    for lang, kind, item in concept["_examples"]:
        examples.setdefault(lang, {}).setdefault(kind, []).append(item)
    if examples:
        result["examples"] = {
            lang: {kind: sets[kind] for kind in ("ok", "bad") if kind in sets}
            for lang, sets in _ordered(examples).items()
        }
    return result


def _source_records(sources: list[dict], terms: list[ForeignTerm], source_name: str) -> list[dict]:
    """Source records with ids: a foreign file's sources (a title only) get ids source-1, ...
    and the day of the import as the day they were seen; a term citing a source by its text
    cites that record; a concept without any cites the file it came from."""
    today = date.today().isoformat()
    records: list[dict] = []
    by_title: dict[str, str] = {}

    def record(values: dict) -> str:
        if "id" not in values:
            title = values.get("title", "")
            if title in by_title:
                return by_title[title]
            values = {"id": f"source-{len(records) + 1}", **values}
            by_title[title] = values["id"]
        values.setdefault("seen", today)
        records.append({key: values[key] for key in SOURCE_KEYS if key in values})
        return values["id"]

    for values in sources:
        record(dict(values))
    known = {r["id"] for r in records}
    for term in terms:
        # an id the concept does not list is a citation by text (a foreign CSV's source cell)
        ids = [i if i in known else by_title.get(i) or record({"title": i}) for i in term.fields.get("source", [])]
        ids += [by_title.get(text) or record({"title": text}) for text in term.cited]
        if ids:
            term.fields["source"] = list(dict.fromkeys(ids))
    if not records:
        record({"id": "import", "title": source_name})
    return records


def _ordered(by_lang: dict) -> dict:
    return {lang: by_lang[lang] for lang in LANGUAGES if lang in by_lang}


def _term_data(terms: list[ForeignTerm], report: ImportReport) -> list[dict]:
    """YAML term mappings; a term without status is preferred when no other of its kind is."""
    preferred_kinds = {_is_abbr(t) for t in terms if t.status == "preferred"}
    items = []
    for term in terms:
        status = term.status
        if status is None:
            status = "admitted" if _is_abbr(term) in preferred_kinds else "preferred"
            preferred_kinds.add(_is_abbr(term))
            report.defaulted_statuses += 1
        report.statuses[status] += 1
        report.terms[term.lang] += 1
        values = {"text": term.text, "status": status, **term.fields}
        items.append({key: values[key] for key in TERM_KEYS if key in values})
    return items


def _is_abbr(term: ForeignTerm) -> bool:
    return term.fields.get("type") == "abbreviation"
