"""The termbase: concepts with their renderings per language, loaded from YAML.

Loading keeps the YAML line of every concept and term so that validation errors and findings
about the data can point into the file.

Format 2 (termbase/schema.json; the shipped termbase) in the model:

- `Concept.definition`: what the concept is, one or two sentences of our own.
- `Concept.jurisdiction`: the state the body or title belongs to, as an ISO 3166-1 alpha-2 code
  ("AZ", "TR", "KG"), or the id of the organisation concept it belongs to ("org.turkic-states");
  None when it belongs to no state (a place, an international organisation). It tells "the State
  Migration Service of Kyrgyzstan" from Azerbaijan's.
- `Concept.valid_from` / `Concept.valid_until`: the body, office or document itself exists from
  (inclusive) until (exclusive: closed, abolished or renamed); `exists_on(day)` tests it. Term
  dates (`Term.valid_from`/`valid_until`) are about a *name* being in use, not the body.
- `Concept.verified`: the day the concept's facts were last checked.
- `Concept.relations`: typed links (`Relation.type` in RELATION_TYPES: predecessor, successor,
  part-of, has-part, head-of, headed-by, see-also) to other concept ids, with an optional date.
  `Concept.see` lists the see-also targets (format 1's `see`).
- `Concept.exceptions`: per language, a tuple of phrases (dictionary form) that contain one of
  the concept's terms but name another body ("State Migration Service under the Government of
  the Kyrgyz Republic"): a match of the term inside such a phrase is not this concept.
  `exceptions_for(lang)` returns () for a language without any.
- `Concept.offices`: people only; `Office(concept, valid_from, valid_until)` with `until`
  exclusive.
- `Concept.sources`: `Source` records (id, title, url, seen date); `Term.sources` are the records
  the term's `source` ids name, resolved; `Term.source_ids` the ids as written.
- `Term.type` in TERM_TYPES: full, short, abbreviation, transliteration, variant. `Term.abbr`
  (type abbreviation) and `Term.short` (type short) remain for the rules. `Term.house`: a house
  rendering nobody attests (status admitted, with a note saying so).

Format 1 files (no `format` key: `abbr: true`, `short: true`, sources as strings, `see`) still
load, so that older termbases and test fixtures keep working; `dilmac termbase validate`
accepts only format 2.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from dilmac.core.errors import DilmacError
from dilmac.termbase.shape import check_types

BUILTIN_PACKAGE = "dilmac.termbase.builtin"
FORMAT = 2
STATUSES = ("preferred", "admitted", "deprecated", "superseded", "forbidden")
ALLOWED = frozenset({"preferred", "admitted"})
TERM_TYPES = ("full", "short", "abbreviation", "transliteration", "variant")
RELATION_TYPES = ("predecessor", "successor", "part-of", "has-part", "head-of", "headed-by", "see-also")
INVERSE_RELATION = {
    "predecessor": "successor",
    "successor": "predecessor",
    "part-of": "has-part",
    "has-part": "part-of",
    "head-of": "headed-by",
    "headed-by": "head-of",
    "see-also": "see-also",
}


@dataclass(frozen=True)
class Source:
    """Where a form or fact was seen: a web page (url) or a publication (title), on `seen`."""

    id: str
    title: str | None = None
    url: str | None = None
    seen: date | None = None
    note: str | None = None
    line: int = 0

    def label(self) -> str:
        parts = [p for p in (self.title, self.url) if p]
        if self.seen:
            parts.append(f"seen {self.seen}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Relation:
    type: str  # one of RELATION_TYPES
    concept: str
    day: date | None = None
    note: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Office:
    concept: str  # a title concept id
    valid_from: date | None = None
    valid_until: date | None = None  # exclusive
    note: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Term:
    concept_id: str
    lang: str
    text: str
    status: str
    valid_from: date | None = None
    valid_until: date | None = None  # exclusive
    exact_case: bool = False
    type: str = "full"  # one of TERM_TYPES
    inflect: bool = True
    house: bool = False
    note: str | None = None
    source_ids: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    path: str = ""
    line: int = 0
    index: int = 0  # position within the concept's list for its language

    @property
    def abbr(self) -> bool:
        return self.type == "abbreviation"

    @property
    def short(self) -> bool:
        """A short name, used alongside the full one: not an inconsistency next to it."""
        return self.type == "short"

    @property
    def key(self) -> str:
        return f"{self.concept_id}/{self.lang}/{self.index}"

    def valid_on(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        if self.valid_until and day >= self.valid_until:
            return False
        return True

    @property
    def allowed(self) -> bool:
        return self.status in ALLOWED

    def dates_label(self) -> str:
        return dates_label(self.valid_from, self.valid_until)


def dates_label(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return ""


@dataclass(frozen=True)
class Example:
    text: str
    day: date | None
    line: int


@dataclass
class Concept:
    id: str
    domain: str
    terms: dict[str, list[Term]]
    sources: list[Source]
    definition: str | None = None
    jurisdiction: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None  # exclusive
    verified: date | None = None
    note: str | None = None
    relations: list[Relation] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)
    exceptions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    examples: dict[str, dict[str, list[Example]]] = field(default_factory=dict)
    path: str = ""
    line: int = 0
    format: int = FORMAT

    @property
    def see(self) -> list[str]:
        return [r.concept for r in self.relations if r.type == "see-also"]

    def exceptions_for(self, lang: str) -> tuple[str, ...]:
        return self.exceptions.get(lang, ())

    def exists_on(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        if self.valid_until and day >= self.valid_until:
            return False
        return True

    def preferred(self, lang: str, day: date, *, abbr: bool | None = None, kind: str | None = None) -> Term | None:
        """The preferred term valid on `day`, of the kind asked for when one exists.

        `kind` is a term type: a short form asks for the preferred short form, an abbreviation
        for an abbreviation, anything else (and `abbr=False`) for the full name. Before a
        rename, the superseded name (valid until the rename) is the one to use.
        """
        terms = self.terms.get(lang, ())
        # a house rendering (admitted, nobody attests a form) is the house's choice where no
        # attested preferred form of its kind exists
        candidates = [t for t in terms if t.status == "preferred" and t.valid_on(day)]
        candidates += [t for t in terms if t.house and t.status == "admitted" and t.valid_on(day)]
        candidates = candidates or [t for t in terms if t.status == "superseded" and t.valid_until and t.valid_on(day)]
        if kind is None and abbr is not None:
            kind = "abbreviation" if abbr else "full"
        if kind is not None:
            wanted = kind if kind in ("short", "abbreviation") else "full"
            ranked = sorted(candidates, key=lambda t: _kind_rank(t.type, wanted))
            if wanted == "abbreviation":
                candidates = [t for t in ranked if t.abbr] or ranked
            else:
                candidates = [t for t in ranked if not t.abbr] or ranked
        return candidates[0] if candidates else None

    def allowed_terms(self, lang: str, day: date) -> list[Term]:
        return [t for t in self.terms.get(lang, ()) if t.allowed and t.valid_on(day)]


def _kind_rank(kind: str, wanted: str) -> int:
    """How near a term of type `kind` comes to the one `wanted`: the same type, then the
    shorter form for an abbreviation (the minimal fix: "AKP" → "AK Parti", not the full
    name), the full name for anything else."""
    if kind == wanted:
        return 0
    if wanted == "abbreviation":
        return 1 if kind == "short" else 2
    return 1 if kind == "full" else 2


def load_yaml(path: Path) -> object:
    """Parse one YAML file, raising DilmacError with file:line on syntax errors."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DilmacError(
            f"not valid UTF-8 at byte {exc.start}", path=str(path), hint="save the termbase file as UTF-8"
        ) from None
    except OSError as exc:
        raise DilmacError(f"cannot read termbase file: {exc.strerror}", path=str(path)) from None
    from dilmac.core.yamlfile import load_yaml as load_yaml_text  # PyYAML only on a cache miss (start-up)

    return load_yaml_text(text, str(path), what="termbase file")


def parse_date(value: object, *, path: str, line: int, what: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DilmacError(
            f"{what} {value!r} is not a date", path=path, line=line, hint="write dates as YYYY-MM-DD, e.g. 2021-11-12"
        ) from None


def termbase_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.yaml") if p.is_file()))
            files.extend(sorted(p for p in path.glob("*.yml") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise DilmacError(
                "termbase not found", path=str(path), hint="pass a termbase YAML file or directory, or 'builtin'"
            )
    return files


@functools.cache
def builtin_dir() -> Path:
    """The shipped termbase folder: the repository's termbase/, installed as the data package
    dilmac.termbase.builtin (pyproject.toml maps it), so a checkout and a wheel read the same files."""
    folder = resources.files(BUILTIN_PACKAGE)
    if not isinstance(folder, Path):
        raise DilmacError(
            f"the shipped termbase is inside an archive ({folder}), where it cannot be read as files",
            hint="install dilmac with pip, which unpacks it, or pass --termbase with a termbase folder",
        )
    return folder


def resolve_termbase_args(args: list[str] | None) -> list[Path]:
    """`--termbase` values to paths; the word `builtin` names the shipped termbase."""
    if not args:
        return [builtin_dir()]
    return [builtin_dir() if arg == "builtin" else Path(arg) for arg in args]


class Termbase:
    def __init__(self, concepts: list[Concept], files: list[Path]) -> None:
        self.concepts = concepts
        self.by_id: dict[str, Concept] = {}
        for concept in concepts:
            self.by_id.setdefault(concept.id, concept)
        self.files = files

    def terms(self, lang: str | None = None) -> Iterator[Term]:
        for concept in self.concepts:
            for term_lang, terms in concept.terms.items():
                if lang is None or term_lang == lang:
                    yield from terms

    @staticmethod
    def content_hash(files: list[Path]) -> str:
        digest = hashlib.sha256()
        for path in files:
            digest.update(str(path.resolve()).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
        return digest.hexdigest()

    @classmethod
    def load(cls, paths: list[Path]) -> Termbase:
        """Load files or directories of YAML. Raises DilmacError on the first malformed file.

        Structural problems are checked against schema.json by `validate`; this loader only
        insists on what it needs to build objects, and reports those problems with file:line.
        """
        files = termbase_files(paths)
        concepts: list[Concept] = []
        for path in files:
            concepts.extend(concepts_from_data(path, check_types(str(path), load_yaml(path))))
        return cls(concepts, files)


def _need(mapping: object, key: str, kind: type, *, path: str, line: int, what: str):
    if not isinstance(mapping, dict) or key not in mapping:
        raise DilmacError(
            f"{what} has no '{key}'", path=path, line=line, hint="see termbase/schema.json for the format"
        )
    value = mapping[key]
    if not isinstance(value, kind):
        raise DilmacError(
            f"'{key}' of {what} must be a {kind.__name__}",
            path=path,
            line=getattr(mapping, "key_lines", {}).get(key, line),
        )
    return value


def concepts_from_data(path: Path, data: object) -> list[Concept]:
    where = str(path)
    if data is None:
        return []
    if not isinstance(data, dict):
        raise DilmacError("a termbase file must be a mapping with a 'concepts' list", path=where, line=1)
    version = data.get("format", 1)
    if version not in (1, FORMAT):
        raise DilmacError(
            f"termbase format {version!r} is not known (this dilmac reads formats 1 and {FORMAT})",
            path=where,
            line=getattr(data, "key_lines", {}).get("format", 1),
            hint="see termbase/schema.json for the format",
        )
    items = _need(data, "concepts", list, path=where, line=1, what="the file")
    return [_concept(item, getattr(item, "line", getattr(items, "line", 1)), where, version) for item in items]


def _concept(item: object, line: int, where: str, version: int) -> Concept:
    cid = _need(item, "id", str, path=where, line=line, what="a concept")
    what = f"concept {cid}"
    sources = _sources(item.get("sources"), where, line, version)
    by_id = {s.id: s for s in sources}
    terms_map = _need(item, "terms", dict, path=where, line=line, what=what)
    terms: dict[str, list[Term]] = {}
    for lang, entries in terms_map.items():
        if not isinstance(entries, list):
            raise DilmacError(
                f"terms.{lang} of {what} must be a list", path=where, line=terms_map.key_lines.get(lang, line)
            )
        terms[lang] = [
            _term(cid, lang, index, entry, where, line, by_id, version) for index, entry in enumerate(entries)
        ]
    examples = {}
    for lang, sets in (item.get("examples") or {}).items():
        examples[lang] = {}
        for kind in ("ok", "bad"):
            raw = (sets or {}).get(kind) or []
            lines = getattr(raw, "item_lines", [line] * len(raw))
            examples[lang][kind] = [_example(entry, where, ex_line) for entry, ex_line in zip(raw, lines)]
    relations = [
        Relation("see-also", str(ref), line=_item_line(item.get("see"), i, line))
        for i, ref in enumerate(item.get("see") or [])
    ]
    for i, raw in enumerate(item.get("relations") or []):
        rel_line = _item_line(item.get("relations"), i, line)
        relations.append(
            Relation(
                type=str(raw.get("type")),
                concept=str(raw.get("concept")),
                day=parse_date(raw.get("date"), path=where, line=rel_line, what="relation date"),
                note=raw.get("note"),
                line=rel_line,
            )
        )
    offices = []
    for i, raw in enumerate(item.get("offices") or []):
        office_line = _item_line(item.get("offices"), i, line)
        offices.append(
            Office(
                concept=str(raw.get("concept")),
                valid_from=parse_date(raw.get("from"), path=where, line=office_line, what="office 'from' date"),
                valid_until=parse_date(raw.get("until"), path=where, line=office_line, what="office 'until' date"),
                note=raw.get("note"),
                line=office_line,
            )
        )
    exceptions = {
        lang: tuple(str(p) for p in phrases or ()) for lang, phrases in (item.get("exceptions") or {}).items()
    }
    return Concept(
        id=cid,
        domain=str(item.get("domain", "")),
        terms=terms,
        sources=sources,
        definition=item.get("definition"),
        jurisdiction=item.get("jurisdiction"),
        valid_from=parse_date(item.get("from"), path=where, line=line, what="concept 'from' date"),
        valid_until=parse_date(item.get("until"), path=where, line=line, what="concept 'until' date"),
        verified=parse_date(item.get("verified"), path=where, line=line, what="'verified' date"),
        note=item.get("note"),
        relations=relations,
        offices=offices,
        exceptions={lang: phrases for lang, phrases in exceptions.items() if phrases},
        examples=examples,
        path=where,
        line=line,
        format=version,
    )


def _item_line(items: object, index: int, default: int) -> int:
    lines = getattr(items, "item_lines", None)
    return lines[index] if lines and index < len(lines) else default


def _sources(raw: object, where: str, line: int, version: int) -> list[Source]:
    sources = []
    for i, entry in enumerate(raw or []):
        entry_line = _item_line(raw, i, line)
        if version == 1 or not isinstance(entry, dict):
            # format 1: a free-text citation; its position is its id
            sources.append(Source(id=f"source-{i + 1}", title=str(entry), line=entry_line))
            continue
        sources.append(
            Source(
                id=str(entry.get("id", "")),
                title=entry.get("title"),
                url=entry.get("url"),
                seen=parse_date(entry.get("seen"), path=where, line=entry_line, what="'seen' date"),
                note=entry.get("note"),
                line=entry_line,
            )
        )
    return sources


def _term(
    cid: str, lang: str, index: int, entry: object, path: str, concept_line: int, sources: dict, version: int
) -> Term:
    line = getattr(entry, "line", concept_line)
    what = f"a {lang} term of {cid}"
    text = _need(entry, "text", str, path=path, line=line, what=what)
    status = _need(entry, "status", str, path=path, line=line, what=what)
    if status not in STATUSES:
        raise DilmacError(
            f"status {status!r} of {what} is not one of {', '.join(STATUSES)}",
            path=path,
            line=entry.key_lines.get("status", line),
        )
    if version == 1:
        kind = "abbreviation" if entry.get("abbr") else "short" if entry.get("short") else "full"
        cited = entry.get("source")
        source_ids: tuple[str, ...] = ()
        resolved: tuple[Source, ...] = (Source(id="term", title=str(cited), line=line),) if cited else ()
    else:
        kind = str(entry.get("type", "full"))
        if kind not in TERM_TYPES:
            raise DilmacError(
                f"type {kind!r} of {what} is not one of {', '.join(TERM_TYPES)}",
                path=path,
                line=entry.key_lines.get("type", line),
            )
        raw = entry.get("source") or ()
        source_ids = tuple(str(s) for s in ([raw] if isinstance(raw, str) else raw))
        resolved = tuple(sources[s] for s in source_ids if s in sources)
    return Term(
        concept_id=cid,
        lang=lang,
        text=text,
        status=status,
        valid_from=parse_date(entry.get("from"), path=path, line=line, what="'from' date"),
        valid_until=parse_date(entry.get("until"), path=path, line=line, what="'until' date"),
        exact_case=entry.get("case") == "exact",
        type=kind,
        inflect=bool(entry.get("inflect", True)),
        house=bool(entry.get("house", False)),
        note=entry.get("note"),
        source_ids=source_ids,
        sources=resolved,
        path=path,
        line=line,
        index=index,
    )


def _example(entry: object, path: str, line: int) -> Example:
    if isinstance(entry, dict):
        return Example(
            str(entry.get("text", "")), parse_date(entry.get("date"), path=path, line=line, what="example date"), line
        )
    return Example(str(entry), None, line)
