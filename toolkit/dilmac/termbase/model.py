"""The termbase: concepts with their renderings per language, loaded from YAML.

Loading keeps the YAML line of every concept and term so that validation errors and findings
about the data can point into the file.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

import yaml

from dilmac.core.errors import DilmacError
from dilmac.core.yamlfile import LineLoader

BUILTIN_PACKAGE = "dilmac.termbase.builtin"
STATUSES = ("preferred", "admitted", "deprecated", "superseded", "forbidden")
ALLOWED = frozenset({"preferred", "admitted"})


@dataclass(frozen=True)
class Term:
    concept_id: str
    lang: str
    text: str
    status: str
    valid_from: date | None = None
    valid_until: date | None = None  # exclusive
    exact_case: bool = False
    abbr: bool = False
    short: bool = False  # a short name, used alongside the full one
    inflect: bool = True
    note: str | None = None
    source: str | None = None
    path: str = ""
    line: int = 0
    index: int = 0  # position within the concept's list for its language

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
        if self.valid_from and self.valid_until:
            return f"{self.valid_from} – {self.valid_until}"
        if self.valid_from:
            return f"from {self.valid_from}"
        if self.valid_until:
            return f"until {self.valid_until}"
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
    sources: list[str]
    note: str | None = None
    see: list[str] = field(default_factory=list)
    offices: list[dict] = field(default_factory=list)
    examples: dict[str, dict[str, list[Example]]] = field(default_factory=dict)
    path: str = ""
    line: int = 0

    def preferred(self, lang: str, day: date, *, abbr: bool | None = None) -> Term | None:
        """The preferred term valid on `day`; with `abbr` set, of that kind when one exists.

        Before a rename, the superseded name (valid until the rename) is the one to use.
        """
        terms = self.terms.get(lang, ())
        candidates = [t for t in terms if t.status == "preferred" and t.valid_on(day)] or [
            t for t in terms if t.status == "superseded" and t.valid_until and t.valid_on(day)
        ]
        if abbr is not None:
            same_kind = [t for t in candidates if t.abbr == abbr]
            candidates = same_kind or candidates
        return candidates[0] if candidates else None

    def allowed_terms(self, lang: str, day: date) -> list[Term]:
        return [t for t in self.terms.get(lang, ()) if t.allowed and t.valid_on(day)]


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
    try:
        return yaml.load(text, Loader=LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise DilmacError(
            f"YAML syntax error: {exc.problem or exc.context}",
            path=str(path),
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint="check the indentation and quoting on that line",
        ) from None


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
            concepts.extend(concepts_from_data(path, load_yaml(path)))
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
    items = _need(data, "concepts", list, path=where, line=1, what="the file")
    concepts = []
    for item in items:
        line = getattr(item, "line", getattr(items, "line", 1))
        cid = _need(item, "id", str, path=where, line=line, what="a concept")
        what = f"concept {cid}"
        terms_map = _need(item, "terms", dict, path=where, line=line, what=what)
        terms: dict[str, list[Term]] = {}
        for lang, entries in terms_map.items():
            if not isinstance(entries, list):
                raise DilmacError(
                    f"terms.{lang} of {what} must be a list", path=where, line=terms_map.key_lines.get(lang, line)
                )
            terms[lang] = [_term(cid, lang, index, entry, where, line) for index, entry in enumerate(entries)]
        examples = {}
        for lang, sets in (item.get("examples") or {}).items():
            examples[lang] = {}
            for kind in ("ok", "bad"):
                raw = (sets or {}).get(kind) or []
                lines = getattr(raw, "item_lines", [line] * len(raw))
                examples[lang][kind] = [_example(entry, where, ex_line) for entry, ex_line in zip(raw, lines)]
        concepts.append(
            Concept(
                id=cid,
                domain=str(item.get("domain", "")),
                terms=terms,
                sources=list(item.get("sources") or []),
                note=item.get("note"),
                see=list(item.get("see") or []),
                offices=list(item.get("offices") or []),
                examples=examples,
                path=where,
                line=line,
            )
        )
    return concepts


def _term(cid: str, lang: str, index: int, entry: object, path: str, concept_line: int) -> Term:
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
    return Term(
        concept_id=cid,
        lang=lang,
        text=text,
        status=status,
        valid_from=parse_date(entry.get("from"), path=path, line=line, what="'from' date"),
        valid_until=parse_date(entry.get("until"), path=path, line=line, what="'until' date"),
        exact_case=entry.get("case") == "exact",
        abbr=bool(entry.get("abbr", False)),
        short=bool(entry.get("short", False)),
        inflect=bool(entry.get("inflect", True)),
        note=entry.get("note"),
        source=entry.get("source"),
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
