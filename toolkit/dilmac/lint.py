"""The pipeline: read a file into a document, match terms, run the checks, collect findings.

Data flows one way: readers → normalise + match (matcher) → checks (rules) → findings, which
the formatters render. Nothing here prints.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Iterable, Iterator

from dilmac import LANGUAGES
from dilmac.compiled import Compiled
from dilmac.document import Document
from dilmac.errors import DilmacError
from dilmac.findings import Finding
from dilmac.matcher import Occurrence, select
from dilmac.normalize import TURKIC
from dilmac.rules import Context, load_rules


_NOT_NEWLINE = re.compile(r"[^\n]")


@dataclass
class FileResult:
    path: str
    lang: str | None = None
    date: date | None = None
    findings: list[Finding] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)  # of the document's language
    notices: list[str] = field(default_factory=list)
    skipped: bool = False
    doc: Document | None = None  # for showing the lines of findings and placing occurrences


@dataclass
class Run:
    files: list[FileResult] = field(default_factory=list)
    errors: list[DilmacError] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings]


def document_language(doc: Document, lang: str | None) -> str | None:
    """--lang, then what the file declares (front matter, lang attribute, path), then a guess."""
    if lang:
        return lang
    if doc.lang:
        return doc.lang
    from dilmac.langid import identify

    guess, _confidence = identify(doc.text)
    return guess


def lint_document(doc: Document, compiled: Compiled, *, lang: str, day: date,
                  rules: Iterable[ModuleType] | None = None, result: FileResult | None = None) -> list[Finding]:
    """Run the checks on one document whose language and date are known."""
    rules = list(rules) if rules is not None else load_rules()
    everything = compiled.index.scan(doc.text, lang, _languages_needed(lang, doc.regions))
    contexts = _contexts(doc, lang, day, compiled, everything)
    findings: list[Finding] = []
    for ctx in contexts:
        if result is not None and ctx.lang == lang:
            result.occurrences.extend(ctx.occurrences)
        for rule in rules:
            findings.extend(rule.check(ctx))
    for finding in findings:
        finding.line, finding.column, finding.end_line, finding.end_column = span(doc, finding.start, finding.end)
    findings.sort(key=Finding.sort_key)
    return findings


def _languages_needed(lang: str, regions: list) -> frozenset[str]:
    """Term languages the checks use: each region's own, and for Azerbaijani and Turkish the
    other Turkic language too (foreign-letter reports Turkish spellings in Azerbaijani text
    and vice versa). English names inside az/tr text, or Turkic ones inside English text, are
    no check's business, so they are not verified at all."""
    needed = {lang} | {r.lang for r in regions if r.lang in LANGUAGES}
    if needed & TURKIC:
        needed |= TURKIC
    return frozenset(needed)


def span(doc: Document, start: int, end: int) -> tuple[int, int, int, int]:
    """(line, column, end_line, end_column), 1-based, end exclusive."""
    line, column = doc.position(start)
    end_line, end_column = doc.position(end)
    return line, column, end_line, end_column


def _contexts(doc: Document, lang: str, day: date, compiled: Compiled,
              everything: list[Occurrence]) -> Iterator[Context]:
    """One context for the document's own language, one per region in another language."""
    regions = [r for r in doc.regions if r.lang in LANGUAGES]
    def inside(occ: Occurrence, start: int, end: int) -> bool:
        return start <= occ.start and occ.end <= end

    def in_any_region(occ: Occurrence) -> bool:
        return any(inside(occ, r.start, r.end) for r in regions)

    main_text = _blank(doc.text, regions) if regions else None
    own_text = [o for o in everything if not in_any_region(o)] if regions else everything
    spans = [(0, len(doc.text), lang, own_text, main_text)]
    spans += [(r.start, r.end, r.lang, [o for o in everything if inside(o, r.start, r.end)], None) for r in regions]
    for start, end, span_lang, occs, scan_text in spans:
        own = select([o for o in occs if o.lang == span_lang])
        # Where English and the other Turkic language spell a name alike, the Turkic reading wins.
        foreign = select(sorted((o for o in occs if o.lang != span_lang and o.exact), key=lambda o: o.lang == "en"))
        yield Context(doc=doc, lang=span_lang, date=day, termbase=compiled.termbase,
                      start=start, end=end, occurrences=own, foreign=foreign, scan_text=scan_text)


def _blank(text: str, regions: list) -> str:
    """`text` with the regions replaced by spaces (newlines kept), so offsets still hold."""
    pieces, last = [], 0
    for region in sorted(regions, key=lambda r: r.start):
        pieces.append(text[last:region.start])
        pieces.append(_NOT_NEWLINE.sub(" ", text[region.start:region.end]))
        last = max(last, region.end)
    pieces.append(text[last:])
    return "".join(pieces)


def lint_text(text: str, compiled: Compiled, *, lang: str, day: date | None = None, kind: str = "text",
              path: str = "<text>", rules: Iterable[ModuleType] | None = None) -> list[Finding]:
    from dilmac.readers import read_text

    doc = read_text(text, path, kind)
    return lint_document(doc, compiled, lang=lang, day=day or date.today(), rules=rules)


def iter_files(paths: Iterable[Path], errors: list[DilmacError]) -> Iterator[Path]:
    """Files to lint: named files as given, directories recursed in sorted order (hidden
    entries skipped, symlink loops broken)."""
    from dilmac.readers import supported

    for path in paths:
        if path.is_dir():
            yield from _walk(path, errors, supported, set())
        elif path.exists():
            yield path
        else:
            errors.append(DilmacError("no such file or directory", path=str(path),
                                      hint="check the path; directories are searched recursively"))


def _walk(directory: Path, errors: list[DilmacError], supported, seen: set) -> Iterator[Path]:
    try:
        real = directory.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        errors.append(DilmacError(f"cannot open directory: {exc}", path=str(directory)))
        return
    if real in seen:
        errors.append(DilmacError("directory symlink loop; skipped", path=str(directory),
                                  hint="remove the link or lint the target directly"))
        return
    seen = seen | {real}
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        errors.append(DilmacError(f"cannot list directory: {exc.strerror}", path=str(directory)))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir():
            yield from _walk(path, errors, supported, seen)
        elif entry.is_file() and supported(path):
            yield path


def lint_paths(paths: list[Path], compiled: Compiled, *, lang: str | None = None, day: date | None = None,
               rules: Iterable[ModuleType] | None = None) -> Run:
    from dilmac.readers import BinaryFileError, read_document

    rules = list(rules) if rules is not None else load_rules()
    run = Run()
    for path in iter_files(paths, run.errors):
        result = FileResult(path=str(path))
        try:
            doc = read_document(path)
        except BinaryFileError as exc:
            result.skipped = True
            result.notices.append(f"{path}: skipped: {exc.message}")
            run.files.append(result)
            continue
        except DilmacError as exc:
            run.errors.append(exc)
            continue
        result.notices.extend(doc.notices)
        result.doc = doc
        doc_lang = document_language(doc, lang)
        if doc_lang is None:
            run.errors.append(DilmacError(
                "cannot tell the language of this file", path=str(path),
                hint="pass --lang en|az|tr, add 'lang:' to the front matter, or name it like 'name.az.md'"))
            continue
        if doc_lang not in LANGUAGES:
            result.skipped = True
            result.notices.append(f"{path}: skipped: language '{doc_lang}' is not checked (en, az, tr)")
            run.files.append(result)
            continue
        result.lang = doc_lang
        result.date = day or doc.date or date.today()
        result.findings = lint_document(doc, compiled, lang=doc_lang, day=result.date, rules=rules, result=result)
        run.files.append(result)
    return run
