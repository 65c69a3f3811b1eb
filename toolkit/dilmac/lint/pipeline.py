"""The pipeline: read a file into a document, match terms, run the checks, collect findings.

Data flows one way: readers → normalise + match (matcher) → checks (rules) → findings, which
the formatters render. Nothing here prints.

Catalogs (PO, XLIFF) go the same way: the checks see the translations as the document's text,
and the messages paired with the terms of their source strings (`Context.pairs`); rules with a
`check_catalogs` pass then compare the catalogs of the run with each other.
"""

from __future__ import annotations

import bisect
import functools
import gc
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from operator import attrgetter
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from dilmac import LANGUAGES
from dilmac.core.document import Document, Unit
from dilmac.core.errors import DilmacError
from dilmac.core.findings import SORT_KEY, Finding, Severity
from dilmac.core.i18n import Message, current_language, set_language
from dilmac.core.i18n import gettext as _
from dilmac.language.normalize import TURKIC, NormalizedText
from dilmac.match.bodies import bodies
from dilmac.match.compiled import Compiled
from dilmac.match.matcher import Occurrence, select
from dilmac.rules import Context, Pair, load_rules

if TYPE_CHECKING:
    from dilmac.lint.config import Config


_NOT_NEWLINE = re.compile(r"[^\n]")
_SPAN = attrgetter("start", "end")


@dataclass
class FileResult:
    path: str
    lang: str | None = None
    date: date | None = None
    findings: list[Finding] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)  # of its language, when asked for
    notices: list[str] = field(default_factory=list)
    skipped: bool = False
    doc: Document | None = None  # for showing the lines of findings and placing occurrences
    context: Context | None = None  # a catalog's, for the checks across catalogs
    streamed: StreamedCatalog | None = None  # a catalog linted block by block: what it kept


@dataclass
class Run:
    files: list[FileResult] = field(default_factory=list)
    errors: list[DilmacError] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings]

    def message_counts(self) -> dict[str, int] | None:
        """Messages of the translated catalogs checked (templates and skipped files aside), or
        None when there were none."""
        catalogs = [
            r.doc.catalog
            for r in self.files
            if not r.skipped
            and r.doc is not None
            and r.doc.catalog is not None
            and r.doc.catalog.source_text is not None
        ]
        streamed = [r.streamed for r in self.files if not r.skipped and r.streamed is not None and r.streamed.bilingual]
        if not catalogs and not streamed:
            return None
        counts = Counter(_state(u) for catalog in catalogs for u in catalog.units)
        for catalog in streamed:
            counts.update(catalog.counts)
        return {
            "total": sum(counts.values()),
            "translated": counts["translated"],
            "fuzzy": counts["fuzzy"],
            "untranslated": counts["untranslated"],
        }


@contextmanager
def collector_restored() -> Iterator[None]:
    """Put the garbage collector's thresholds back when linting ends: catalogs raise them (see
    collect_less)."""
    threshold = gc.get_threshold()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def collect_less() -> None:
    """The cyclic collector's young generation at 100 000 objects instead of 700, while catalogs
    are linted: a run keeps every catalog's messages and occurrences alive for the checks across
    catalogs, and at the default the collector walks those millions of objects over and over (a
    third of the time of a 10 MB run). They hold no cycles; the ones elsewhere are still
    collected."""
    threshold = gc.get_threshold()
    if threshold[0] < 100_000:
        gc.set_threshold(100_000, *threshold[1:])


def _state(unit: Unit) -> str:
    return "untranslated" if unit.untranslated else "fuzzy" if unit.fuzzy else "translated"


def document_language(doc: Document, lang: str | None) -> str | None:
    """--lang, then what the file declares (front matter, lang attribute, path), then a guess."""
    if lang:
        return lang
    if doc.lang:
        return doc.lang
    from dilmac.language.langid import identify

    guess, _confidence = identify(doc.text)
    return guess


def lint_document(
    doc: Document,
    compiled: Compiled,
    *,
    lang: str,
    day: date,
    rules: Iterable[ModuleType] | None = None,
    result: FileResult | None = None,
    check_fuzzy: bool = False,
    every_occurrence: bool = False,
) -> list[Finding]:
    """Run the checks on one document whose language and date are known. Fuzzy catalog
    messages are checked only with `check_fuzzy`; untranslated ones never. With
    `every_occurrence`, the `result` gets every term occurrence of the document's language
    (`dilmac terms`); otherwise the scan verifies only what the checks read, and the result
    keeps none (a run over many files would hold them all)."""
    return lint_documents(
        [Linting(doc, lang, day, result)],
        compiled,
        rules=rules,
        check_fuzzy=check_fuzzy,
        every_occurrence=every_occurrence,
    )[0]


@dataclass
class Linting:
    """A document to check, its language and date, the result that gets its notices (and its
    occurrences, its catalog context), and what lint_documents' stages make of it."""

    doc: Document
    lang: str
    day: date
    result: FileResult | None = None
    rules: list[ModuleType] = field(default_factory=list)
    rule_set: frozenset[ModuleType] = frozenset()
    bilingual: bool = False
    units: list[Unit] | None = None
    scan_text: str | None = None
    langs: frozenset[str] = frozenset()  # the term languages the checks use (_languages_needed)
    norm: NormalizedText | None = None
    everything: list[Occurrence] = field(default_factory=list)
    contexts: list[Context] = field(default_factory=list)
    found: list[list[Finding]] = field(default_factory=list)  # per context, in the rules' order
    findings: list[Finding] = field(default_factory=list)  # the outcome


BATCH_DOCUMENTS = 32  # documents checked together by lint_files (see lint_documents)
BATCH_CHARS = 1 << 18  # or fewer, when they hold this many characters


def batch_full(documents: int, chars: int) -> bool:
    """Whether a batch of `documents` holding `chars` characters is checked now."""
    return documents >= BATCH_DOCUMENTS or chars >= BATCH_CHARS


def lint_documents(
    lintings: list[Linting],
    compiled: Compiled,
    *,
    rules: Iterable[ModuleType] | None = None,
    check_fuzzy: bool = False,
    every_occurrence: bool = False,
) -> list[list[Finding]]:
    """`lint_document` for several documents, their findings in the same order. The work goes
    stage by stage over all of them (normalise, match, each rule, finish) rather than document
    by document: each stage's tables stay in the processor's caches (a tenth to a sixth less
    time on the synthetic press releases in batches of 32: benchmarks/README.md, "Batches").
    The findings are the same either way."""
    rules = list(rules) if rules is not None else load_rules()
    rule_sets: dict[int, frozenset[ModuleType]] = {}
    statuses_of: dict[int, frozenset[str] | None] = {}
    outside_catalogs = _outside_catalogs(tuple(rules))
    for linting in lintings:
        _set_up(linting, rules, outside_catalogs, check_fuzzy)
        # (most documents share one list of rules: sets and statuses are made once per list)
        key = id(linting.rules)
        if key not in rule_sets:
            rule_sets[key] = frozenset(linting.rules)
            statuses_of[key] = None if every_occurrence else _statuses_needed(tuple(linting.rules))
        linting.rule_set = rule_sets[key]
    for linting in lintings:
        linting.norm = NormalizedText(linting.scan_text or linting.doc.text, linting.lang)
    checked = []
    for linting in lintings:
        doc, lang, statuses = linting.doc, linting.lang, statuses_of[id(linting.rules)]
        linting.langs = _languages_needed(lang, doc.regions)
        everything = compiled.index.scan_normalized(linting.norm, lang, linting.langs, statuses)
        linting.everything = _own_bodies(everything, linting.scan_text or doc.text, lang, compiled)
        # The rules report only on occurrences of some statuses: without any, nothing to check.
        if linting.everything or statuses is None or linting.bilingual:
            checked.append(linting)
    for linting in checked:
        _set_contexts(linting, compiled, every_occurrence)
    # Each rule over every document, in the rules' order (a document's rules are a part of
    # `rules`, in the same order): each document gets its findings as in a pass of its own.
    for rule in rules:
        check = rule.check
        for linting in checked:
            if rule in linting.rule_set:
                for ctx, found in zip(linting.contexts, linting.found):
                    found.extend(check(ctx))
    for linting in checked:
        findings = [finding for found in linting.found for finding in found]
        findings = _one_fix_per_span(_without_taken_over(findings, linting.rules), linting.rules)
        finish_findings(linting.doc, findings)
        linting.findings = findings
    return [linting.findings for linting in lintings]


def _set_up(linting: Linting, rules: list[ModuleType], outside_catalogs: list[ModuleType], check_fuzzy: bool) -> None:
    """The document's rules, and for a catalog the messages to check and the text to scan."""
    doc = linting.doc
    catalog = doc.catalog
    if catalog is None:
        linting.rules = outside_catalogs
        return
    collect_less()
    linting.rules = rules
    linting.bilingual = catalog.source_text is not None
    linting.units = [u for u in catalog.units if not u.untranslated and (check_fuzzy or not u.fuzzy)]
    unchecked = [
        span
        for u in catalog.units
        if u.untranslated or (u.fuzzy and not check_fuzzy)
        for span in u.spans
        if span[0] < span[1]
    ]
    if unchecked and linting.bilingual:
        linting.scan_text = _blank(doc.text, unchecked)
    if linting.bilingual:
        replaced = {rule_id for rule in rules for rule_id in getattr(rule, "REPLACES_IN_CATALOGS", ())}
        linting.rules = [rule for rule in rules if rule.ID not in replaced]


def _set_contexts(linting: Linting, compiled: Compiled, every_occurrence: bool) -> None:
    doc, lang, result = linting.doc, linting.lang, linting.result
    contexts = list(
        _contexts(doc, lang, linting.day, compiled, linting.everything, linting.langs, linting.scan_text, linting.norm)
    )
    if linting.bilingual:
        catalog = doc.catalog
        if catalog.source_lang not in LANGUAGES:
            (result.notices if result is not None else doc.notices).append(
                f"{doc.path}: source language '{catalog.source_lang}' is not en, az or tr; "
                "the checks against the source strings were skipped"
            )
        main = contexts[0]
        main.units, main.source_lang = linting.units, catalog.source_lang
        main.pairs = _pairs(doc, compiled, linting.units, main.occurrences, linting.everything, lang)
        if result is not None:
            result.context = main
    if every_occurrence and result is not None:
        for ctx in contexts:
            if ctx.lang == lang:
                result.occurrences.extend(ctx.occurrences)
    linting.contexts = contexts
    linting.found = [[] for _ in contexts]


def _own_bodies(occurrences: list[Occurrence], text: str, lang: str, compiled: Compiled) -> list[Occurrence]:
    """Without the occurrences whose noun phrase names another body (dilmac.match.bodies:
    "the State Migration Service under the Government of the Kyrgyz Republic")."""
    if not occurrences:
        return occurrences
    known = bodies(compiled.termbase)
    checked = known.checked
    if not checked:
        return occurrences
    return [
        occ
        for occ in occurrences
        if occ.term.concept_id not in checked or not known.names_another_body(occ, text, lang)
    ]


def finish_findings(doc: Document, findings: list[Finding]) -> None:
    """Give findings their lines and columns, in catalogs their message and in Word documents
    their place; sort them."""
    catalog, places = doc.catalog, doc.places
    findings.sort(key=SORT_KEY)  # first: by start, their positions are found in one sweep
    for finding, position in zip(findings, doc.span_positions(map(_SPAN, findings))):
        finding.line, finding.column, finding.end_line, finding.end_column = position
        if places:
            finding.location = places[finding.line - 1]
        if catalog is not None and finding.msgid is None:
            unit = catalog.unit_at(finding.start)
            if unit is not None:
                finding.msgid, finding.msgctxt = unit.msgid, unit.msgctxt


def _without_taken_over(findings: list[Finding], rules: list[ModuleType]) -> list[Finding]:
    """Drop findings that a rule declaring TAKES_OVER reports better on the same occurrence."""
    if not findings:
        return findings
    takes_over = _takes_over(tuple(rules))
    if not takes_over:
        return findings
    taken = {(f.start, f.end, f.concept, other) for f in findings for other in takes_over.get(f.rule, ())}
    if not taken:
        return findings
    return [f for f in findings if (f.start, f.end, f.concept, f.rule) not in taken]


def _one_fix_per_span(findings: list[Finding], rules: list[ModuleType]) -> list[Finding]:
    """One fix for the same words: of findings whose spans overlap and whose suggestions
    differ, one is kept: the one over the longer span (its fix covers the other's words: the
    whole name respelt rather than one letter of it), then the more severe, then the rule
    listed first in RULE_MODULES; it takes the highest severity of those dropped. Two
    different fixes of the same words cannot both be applied, and two messages about them
    confuse."""
    fixing = sorted([f for f in findings if f.suggestions], key=_SPAN)
    if len(fixing) < 2:
        return findings
    dropped: set[int] = set()
    # Clusters of overlapping spans, in one sweep (almost all have one finding).
    cluster: list[Finding] = []
    reach = -1
    for finding in [*fixing, None]:
        if finding is not None and finding.start < reach:
            cluster.append(finding)
            reach = max(reach, finding.end)
            continue
        if len(cluster) > 1:
            order = _rule_order(tuple(rules))
            kept: list[Finding] = []
            for f in sorted(
                cluster, key=lambda f: (f.start - f.end, -f.severity, order.get(f.rule, len(order)), f.start)
            ):
                for rival in kept:
                    if rival.start < f.end and f.start < rival.end and rival.suggestions != f.suggestions:
                        dropped.add(id(f))
                        rival.severity = max(rival.severity, f.severity)
                        break
                else:
                    kept.append(f)
        if finding is not None:
            cluster, reach = [finding], finding.end
    return [f for f in findings if id(f) not in dropped] if dropped else findings


@functools.lru_cache(maxsize=8)
def _outside_catalogs(rules: tuple[ModuleType, ...]) -> list[ModuleType]:
    """The rules with something to check in a document that is not a catalog."""
    return [rule for rule in rules if not getattr(rule, "CATALOGS_ONLY", False)]


@functools.lru_cache(maxsize=8)
def _statuses_needed(rules: tuple[ModuleType, ...]) -> frozenset[str] | None:
    """The statuses of the only terms whose occurrences `rules` read (their STATUSES), or None
    where one of them reads every occurrence."""
    needed: set[str] = set()
    for rule in rules:
        statuses = getattr(rule, "STATUSES", None)
        if statuses is None:
            return None
        needed |= statuses
    return frozenset(needed)


@functools.lru_cache(maxsize=8)
def _takes_over(rules: tuple[ModuleType, ...]) -> dict[str, tuple[str, ...]]:
    """The ids of the rules that declare TAKES_OVER, each with the rule ids it takes over."""
    return {rule.ID: rule.TAKES_OVER for rule in rules if getattr(rule, "TAKES_OVER", ())}


@functools.lru_cache(maxsize=8)
def _rule_order(rules: tuple[ModuleType, ...]) -> dict[str, int]:
    return {rule.ID: i for i, rule in enumerate(rules)}


def _pairs(
    doc: Document, compiled: Compiled, units: list[Unit], own: list[Occurrence], everything: list[Occurrence], lang: str
) -> list[Pair]:
    """Each checked message whose source strings name a term, with the terms of each plural
    form of its translation (the selected ones, and every reading)."""
    catalog = doc.catalog
    if not units or catalog.source_lang not in LANGUAGES:
        return []
    found = compiled.index.scan(catalog.source_text, catalog.source_lang, frozenset({catalog.source_lang}))
    source_occurrences = select([o for o in found if o.lang == catalog.source_lang])
    if not source_occurrences:
        return []
    # Units come in file order, and so do their source strings.
    source_starts, source_ends, owners = [], [], []
    for index, unit in enumerate(units):
        for start, end in unit.source_spans:
            source_starts.append(start)
            source_ends.append(end)
            owners.append(index)
    named: dict[int, list[Occurrence]] = {}
    for occ in source_occurrences:
        at = bisect.bisect_right(source_starts, occ.start) - 1
        if at >= 0 and occ.end <= source_ends[at]:
            named.setdefault(owners[at], []).append(occ)
    own_starts = [o.start for o in own]
    readings = [o for o in everything if o.lang == lang]
    reading_starts = [o.start for o in readings]
    left = bisect.bisect_left
    pairs = []
    for index, source in named.items():
        unit = units[index]
        forms, form_readings = [], []
        for start, end in unit.spans:
            forms.append(own[left(own_starts, start) : left(own_starts, end)])
            form_readings.append(readings[left(reading_starts, start) : left(reading_starts, end)])
        pairs.append(Pair(unit=unit, source=source, forms=forms, readings=form_readings))
    return pairs


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


def _contexts(
    doc: Document,
    lang: str,
    day: date,
    compiled: Compiled,
    everything: list[Occurrence],
    langs: frozenset[str],
    scan_text: str | None = None,
    norm: NormalizedText | None = None,
) -> Iterator[Context]:
    """One context for the document's own language, one per region in another language.
    `everything`: the scan's occurrences (in its order: by start, longer first) of terms of
    `langs`. `scan_text`: what the main context checks, when not doc.text (catalogs: unchecked
    messages blanked). `norm`: the scanned text's layers (see NormalizedText)."""
    regions = [r for r in doc.regions if r.lang in LANGUAGES]
    # Each region's occurrences, found by bisection over the occurrences' starts: linear in
    # regions plus occurrences (a page with 20 000 `lang` regions took minutes).
    in_regions: list[list[Occurrence]] = []
    taken: set[int] = set()
    if regions:
        starts = [o.start for o in everything]
        for region in regions:
            found = []
            for at in range(bisect.bisect_left(starts, region.start), bisect.bisect_left(starts, region.end)):
                if everything[at].end <= region.end:
                    found.append(everything[at])
                    taken.add(id(everything[at]))
            in_regions.append(found)

    main_text = _blank(doc.text, [(r.start, r.end) for r in regions]) if regions else scan_text
    own_text = [o for o in everything if id(o) not in taken] if regions else everything
    spans = [(0, len(doc.text), lang, own_text, main_text)]
    spans += [(r.start, r.end, r.lang, found, None) for r, found in zip(regions, in_regions)]
    for start, end, span_lang, occs, scan_text in spans:
        # Each list keeps the scan's order, which `select` need not make again; where the scan
        # verified terms of this language only, they are all its own.
        own = occs if langs == {span_lang} else [o for o in occs if o.term.lang == span_lang]
        if len(own) == len(occs):  # (the scan was limited to the document's language)
            own, foreign = select(own, ordered=True), []
        else:
            own = select(own, ordered=True)
            # Where English and the other Turkic language spell a name alike, the Turkic reading wins.
            foreign = select(
                sorted((o for o in occs if o.term.lang != span_lang and o.exact), key=lambda o: o.term.lang == "en")
            )
        yield Context(
            doc=doc,
            lang=span_lang,
            date=day,
            termbase=compiled.termbase,
            start=start,
            end=end,
            occurrences=own,
            foreign=foreign,
            scan_text=scan_text,
            plain=norm is not None and norm.plain,
            normalized=norm if not regions else None,  # (regions blank parts of the text)
        )


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the spans replaced by spaces (newlines kept), so offsets still hold."""
    pieces, last = [], 0
    for start, end in sorted(spans):
        pieces.append(text[last:start])
        pieces.append(_NOT_NEWLINE.sub(" ", text[max(start, last) : end]))
        last = max(last, end)
    pieces.append(text[last:])
    return "".join(pieces)


@collector_restored()
def lint_text(
    text: str,
    compiled: Compiled,
    *,
    lang: str,
    day: date | None = None,
    kind: str = "text",
    path: str = "<text>",
    rules: Iterable[ModuleType] | None = None,
    check_fuzzy: bool = False,
    config: Config | None = None,
) -> list[Finding]:
    """Lint a string as one file of `kind`; a catalog also gets the checks across catalogs
    (of itself alone). `config`: rules off, severities and house style, as for files."""
    from dilmac.readers import read_text

    rules = list(rules) if rules is not None else load_rules()
    doc = read_text(text, path, kind)
    result = FileResult(path=path, doc=doc)
    result.findings = lint_document(
        doc, compiled, lang=lang, day=day or date.today(), rules=rules, result=result, check_fuzzy=check_fuzzy
    )
    _check_across_catalogs([result], rules)
    _after_checks([result], rules, config)
    return result.findings


def iter_files(
    paths: Iterable[Path], errors: list[DilmacError], follow_symlinks: bool = False
) -> Iterator[Path | FileResult]:
    """Files to lint: named files as given, directories recursed in sorted order (hidden entries
    skipped). Only regular files are read: a device, FIFO or socket is skipped with a notice
    (a skipped FileResult) without being opened, as are symbolic link loops, links that lead
    nowhere and, unless `follow_symlinks`, links that lead out of the linted tree (the working
    directory and the folders named)."""
    from dilmac.readers import supported

    paths = list(paths)
    roots = [os.path.realpath(os.getcwd())] + [os.path.realpath(p) for p in paths if os.path.isdir(p)]
    for path in paths:
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            errors.append(
                DilmacError(
                    Message("no such file or directory"),
                    path=str(path),
                    hint=Message("check the path; directories are searched recursively"),
                )
            )
            continue
        except OSError as exc:
            errors.append(DilmacError(f"cannot read it: {exc.strerror or exc}", path=str(path)))
            continue
        if stat.S_ISLNK(info.st_mode) and not os.path.isdir(path):
            why = _link_refused(path, roots, follow_symlinks)
            if why is not None:
                yield _skipped(path, why)
                continue
        try:
            info = os.stat(path)
        except OSError:
            yield _skipped(path, "a symbolic link that leads nowhere, or in a loop")
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, supported, set(), roots, follow_symlinks)
        elif stat.S_ISREG(info.st_mode):
            yield path
        else:
            yield _skipped(path, f"not a regular file ({_file_type(info.st_mode)}): it is never opened")


def _walk(directory: Path, supported, seen: set, roots: list[str], follow: bool) -> Iterator[Path | FileResult]:
    try:
        real = directory.resolve(strict=True)
    except (OSError, RuntimeError):
        yield _skipped(directory, "a symbolic link that leads nowhere, or in a loop")
        return
    if real in seen:
        yield _skipped(directory, "a symbolic link back to a folder above it (a loop)")
        return
    seen = seen | {real}
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        yield _skipped(directory, f"cannot list the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            link = entry.is_symlink()
            info = os.stat(path) if link else entry.stat(follow_symlinks=False)
        except OSError:
            if supported(path) or link:
                yield _skipped(path, "a symbolic link that leads nowhere, or in a loop")
            continue
        if link and not stat.S_ISDIR(info.st_mode) and not supported(path):
            continue
        if link and (why := _link_refused(path, roots, follow)) is not None:
            yield _skipped(path, why)
        elif stat.S_ISDIR(info.st_mode):
            yield from _walk(path, supported, seen, roots, follow)
        elif not supported(path):
            continue
        elif stat.S_ISREG(info.st_mode):
            yield path
        else:
            yield _skipped(path, f"not a regular file ({_file_type(info.st_mode)}): it is never opened")


def _link_refused(path: Path, roots: list[str], follow: bool) -> str | None:
    """Why a symbolic link is not followed, or None."""
    if follow:
        return None
    target = os.path.realpath(path)
    if any(target == root or target.startswith(root.rstrip(os.sep) + os.sep) for root in roots):
        return None
    return (
        f"a symbolic link to {target}, outside the folders linted; lint that file directly, or pass --follow-symlinks"
    )


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _skipped(path: Path, why: str) -> FileResult:
    return FileResult(path=str(path), skipped=True, notices=[f"{path}: skipped: {why}"])


STREAM_ABOVE = 8 << 20  # bytes: larger text, Markdown, PO and XLIFF files are linted block by block


@collector_restored()
def lint_paths(
    paths: list[Path],
    compiled: Compiled,
    *,
    lang: str | None = None,
    day: date | None = None,
    rules: Iterable[ModuleType] | None = None,
    check_fuzzy: bool = False,
    jobs: int = 1,
    stream: bool = True,
    config: Config | None = None,
    every_occurrence: bool = False,
    follow_symlinks: bool = False,
) -> Run:
    """Lint files and directories. `jobs`: worker processes (0: one per CPU); the results are
    the same, in the same order, whatever their number. `stream`: lint text, Markdown, PO and
    XLIFF files over STREAM_ABOVE block by block, keeping only the findings and their lines
    (no document, no occurrences; a catalog's summary for the checks across catalogs).
    `config` (dilmac.toml): ignore globs, language and date by path (`lang` and `day` still
    win), rules off or at another severity. `every_occurrence`: each file's result lists every
    term occurrence of its language (`dilmac terms`). `follow_symlinks`: lint what links lead
    to wherever it is (see iter_files)."""
    rules = list(rules) if rules is not None else load_rules()
    rules = [rule for rule in rules if config is None or rule.ID not in config.disabled]
    run = Run()
    found = [
        item
        for item in iter_files(paths, run.errors, follow_symlinks)
        if config is None or not config.ignored(item.path if isinstance(item, FileResult) else item)
    ]
    files = [item for item in found if not isinstance(item, FileResult)]
    options = {
        "lang": lang,
        "day": day,
        "check_fuzzy": check_fuzzy,
        "stream": stream,
        "config": config,
        "every_occurrence": every_occurrence,
    }
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(files) > 1:
        outcomes = _lint_in_workers(files, compiled, rules, options, jobs)
    else:
        outcomes = lint_files(files, compiled, rules, **options)
    for item in found:
        if isinstance(item, FileResult):  # skipped without being opened
            run.files.append(item)
            continue
        result, error = next(outcomes)
        if error is not None:
            run.errors.append(error)
        if result is not None:
            run.files.append(result)
    _check_across_catalogs(run.files, rules)
    _after_checks(run.files, rules, config)
    return run


def lint_files(
    paths: Iterable[Path], compiled: Compiled, rules: list[ModuleType], *, every_occurrence: bool = False, **options
) -> Iterator[tuple[FileResult | None, DilmacError | None]]:
    """Each file's result (None when an input error stops it) and its input error, if any, in
    the order of `paths`; `options` as `lint_paths` passes them (lang, day, check_fuzzy, stream,
    config). The documents read whole are checked together (lint_documents), up to
    BATCH_DOCUMENTS or BATCH_CHARS at a time; a file streamed block by block is checked as it
    is read."""
    waiting: list[tuple[FileResult | None, DilmacError | None]] = []
    batch: list[Linting] = []
    chars = 0
    for path in paths:
        result, error, linting = _read_file(path, compiled, rules, **options)
        waiting.append((result, error))
        if linting is None:
            continue
        batch.append(linting)
        chars += len(linting.doc.text)
        if batch_full(len(batch), chars):
            _lint_batch(batch, compiled, rules, options["check_fuzzy"], every_occurrence)
            yield from waiting
            waiting, batch, chars = [], [], 0
    _lint_batch(batch, compiled, rules, options["check_fuzzy"], every_occurrence)
    yield from waiting


def _lint_batch(
    batch: list[Linting], compiled: Compiled, rules: list[ModuleType], check_fuzzy: bool, every_occurrence: bool
) -> None:
    if not batch:
        return
    found = lint_documents(batch, compiled, rules=rules, check_fuzzy=check_fuzzy, every_occurrence=every_occurrence)
    for linting, findings in zip(batch, found):
        linting.result.findings = findings


def _read_file(
    path: Path,
    compiled: Compiled,
    rules: list[ModuleType],
    *,
    lang: str | None,
    day: date | None,
    check_fuzzy: bool,
    stream: bool,
    config: Config | None = None,
) -> tuple[FileResult | None, DilmacError | None, Linting | None]:
    """A file read: its result, its input error, and the document to check (None where there is
    none: an error, a file skipped, or one streamed, which is checked here block by block)."""
    from dilmac.readers import BinaryFileError, read_document
    from dilmac.readers import kind_of as doc_kind

    lang, day = _configured(config, path, lang, day)
    result = FileResult(path=str(path))
    try:
        if stream and _streams(path):
            if doc_kind(path) in ("po", "pot", "xliff"):
                return (
                    *_lint_catalog_blocks(path, result, compiled, rules, lang=lang, day=day, check_fuzzy=check_fuzzy),
                    None,
                )
            return (*_lint_blocks(path, result, compiled, rules, lang=lang, day=day), None)
        doc = read_document(path)
    except BinaryFileError as exc:
        result.skipped = True
        result.notices.append(_("%(path)s: skipped: %(reason)s") % {"path": path, "reason": exc.message})
        return result, None, None
    except DilmacError as exc:
        return None, exc, None
    result.notices.extend(doc.notices)
    result.doc = doc
    error = _settle_language(doc, result, lang, day)
    if error is not None or result.skipped:
        return (None if error else result), error, None
    return result, None, Linting(doc, result.lang, result.date, result)


def _configured(
    config: Config | None, path: Path, lang: str | None, day: date | None
) -> tuple[str | None, date | None]:
    """A file's language and date: the options', else its [[paths]] entry in the config."""
    settings = config.for_file(path) if config is not None and (lang is None or day is None) else None
    if settings is None:
        return lang, day
    return lang or settings.lang, day or settings.date


def _after_checks(results: list[FileResult], rules: list[ModuleType], config: Config | None) -> None:
    """Inline suppressions (files read whole), then the config's rules off and severities."""
    from dilmac.lint.suppress import PSEUDO_RULES, apply

    known = [rule.ID for rule in load_rules()] + list(PSEUDO_RULES)
    ran = {rule.ID for rule in rules}
    replaced = {rule_id for rule in rules for rule_id in getattr(rule, "REPLACES_IN_CATALOGS", ())}
    for result in results:
        findings = result.findings
        if isinstance(result.doc, Document) and not result.skipped:  # streamed files: per block
            catalog = result.doc.catalog
            bilingual = catalog is not None and catalog.source_text is not None
            findings = apply(result.doc, findings, ran=ran - replaced if bilingual else ran, known=known)
        elif result.streamed is not None and not result.skipped:
            streamed = result.streamed
            findings = streamed.settle(findings, ran - replaced if streamed.bilingual else ran)
        if config is None or not config.strict_diacritics:
            findings = [f for f in findings if not _house_spelling(f)]
        if config is not None:
            findings = [f for f in findings if f.rule not in config.disabled]
            for finding in findings:
                level = config.severity(finding.rule)
                if level is not None:
                    finding.severity = Severity.parse(level)
        result.findings = findings


def _house_spelling(finding: Finding) -> bool:
    """A person's name written in English without its diacritics ("Erdogan" for Erdoğan,
    "Antonio Vitorino" for António Vitorino): the ministry's own English pages write foreign
    personal names so, and the house style ([house] strict-diacritics = false, the default)
    follows them, whether the termbase lists the spelling (an admitted transliteration) or not.
    Names of countries and bodies ("Turkiye") are still findings."""
    return (
        finding.rule in ("term-diacritics", "term-admitted")
        and finding.lang == "en"
        and (finding.concept or "").startswith("person.")
        and finding.found.isascii()
        and not all(s.isascii() for s in finding.suggestions)
    )


def _settle_language(doc: Document, result: FileResult, lang: str | None, day: date | None) -> DilmacError | None:
    """Set the result's language and date from the options and the document, or mark it skipped
    (a language not checked), or say that the language is unknown."""
    doc_lang = document_language(doc, lang)
    if doc_lang is None:
        return DilmacError(
            Message("cannot tell the language of this file"),
            path=result.path,
            hint=Message("pass --lang en|az|tr, add 'lang:' to the front matter, or name it like 'name.az.md'"),
        )
    if doc_lang not in LANGUAGES:
        result.skipped = True
        result.notices.append(
            _("%(path)s: skipped: language '%(lang)s' is not checked (en, az, tr)")
            % {"path": result.path, "lang": doc_lang}
        )
        return None
    result.lang = doc_lang
    result.date = day or doc.date or date.today()
    return None


def _streams(path: Path) -> bool:
    from dilmac.readers.stream import streamable

    try:
        return streamable(path) and path.stat().st_size > STREAM_ABOVE
    except OSError:
        return False  # reading it whole reports why


class LineTexts:
    """What a streamed file keeps for showing its findings: the text of their lines."""

    catalog = None

    def __init__(self) -> None:
        self.lines: dict[int, str] = {}

    def line_text(self, line: int) -> str:
        return self.lines.get(line, "")

    def read_lines(self, path: Path, wanted: set[int]) -> None:
        """Read the text of the lines `wanted` (those not kept yet) from the file again."""
        wanted = wanted - self.lines.keys()
        if not wanted:
            return
        last = max(wanted)
        with open(path, "rb") as handle:
            for number, raw in enumerate(handle, 1):
                if number in wanted:
                    text = raw.decode("utf-8", "replace").rstrip("\n").rstrip("\r")
                    self.lines[number] = text.lstrip("\ufeff") if number == 1 else text
                if number == last:
                    return


def _lint_blocks(
    path: Path, result: FileResult, compiled: Compiled, rules: list[ModuleType], *, lang: str | None, day: date | None
) -> tuple[FileResult | None, DilmacError | None]:
    """Lint a large text or Markdown file block by block. The language and date are the first
    block's (where the front matter is). Document-level rules (term-inconsistent) see one block
    at a time: a block of about a megabyte is a long chapter, and carrying every rendering
    across blocks would keep the file's occurrences in memory."""
    from dilmac.lint.suppress import PSEUDO_RULES, apply
    from dilmac.readers.stream import read_blocks

    known = [rule.ID for rule in load_rules()] + list(PSEUDO_RULES)
    ran = [rule.ID for rule in rules]
    lines = LineTexts()
    for block in read_blocks(path):
        doc = block.doc
        result.notices.extend(doc.notices)
        if block.line_base == 0:
            error = _settle_language(doc, result, lang, day)
            if error is not None or result.skipped:
                return (None if error else result), error
        findings = lint_document(doc, compiled, lang=result.lang, day=result.date, rules=rules)
        findings = apply(doc, findings, ran=ran, known=known)  # suppressions hold within a block
        result.findings.extend(_shifted(findings, block, lines))
    result.doc = lines
    return result, None


@dataclass
class StreamedCatalog:
    """What a catalog linted block by block keeps for the passes after its blocks: its messages
    by state, the summary of its translations for the checks across catalogs, and its
    suppressions at file positions, each with a finding placed on it (for reporting it unused)."""

    bilingual: bool
    counts: Counter = field(default_factory=Counter)
    summary: object | None = None  # translation_inconsistent.Summary
    suppressions: list[tuple[object, Finding]] = field(default_factory=list)

    def keep_suppressions(
        self, doc: Document, block, lines: LineTexts, known: set[str], findings: list[Finding]
    ) -> list[Finding]:
        """A block's findings without those its suppressions silence (before they are shifted),
        plus its invalid ones; the suppressions are kept, shifted, for the findings to come."""
        from dilmac.lint.suppress import UNUSED, parse, silence

        suppressions, problems = parse(doc, known)
        if not suppressions and not problems:
            return findings
        findings = silence(suppressions, findings) + problems
        for suppression in suppressions:
            start, end = suppression.start, suppression.end
            placed = Finding(
                path=doc.path,
                start=start + block.char_base,
                end=end + block.char_base,
                rule=UNUSED,
                severity=Severity.WARNING,
                message="",
                found=doc.source[start:end],
            )
            line, placed.column, end_line, placed.end_column = span(doc, start, end)
            placed.line, placed.end_line = line + block.line_base, end_line + block.line_base
            lines.lines[placed.line] = doc.line_text(line)
            suppression.start, suppression.end = placed.start, placed.end
            suppression.covers = (suppression.covers[0] + block.char_base, suppression.covers[1] + block.char_base)
            self.suppressions.append((suppression, placed))
        return findings

    def settle(self, findings: list[Finding], ran: set[str]) -> list[Finding]:
        """After the checks across catalogs: their findings silenced too, then the unused
        suppressions reported, as for a catalog read whole."""
        from dilmac.lint.suppress import PSEUDO_RULES, silence, unused

        if not self.suppressions:
            return findings
        suppressions = [suppression for suppression, _ in self.suppressions]
        placed = {id(suppression): finding for suppression, finding in self.suppressions}
        kept = silence(suppressions, [f for f in findings if f.rule not in PSEUDO_RULES])
        kept += [f for f in findings if f.rule in PSEUDO_RULES]
        kept += unused(
            suppressions, ran, lambda s, message: replace(placed[id(s)], message=message.english(), shown=message)
        )
        kept.sort(key=SORT_KEY)
        return kept


def _lint_catalog_blocks(
    path: Path,
    result: FileResult,
    compiled: Compiled,
    rules: list[ModuleType],
    *,
    lang: str | None,
    day: date | None,
    check_fuzzy: bool,
) -> tuple[FileResult | None, DilmacError | None]:
    """Lint a large PO or XLIFF catalog block by block (a few thousand entries each), keeping
    findings and a StreamedCatalog. The catalog's renderings of each concept are tallied over all its
    blocks; where they differ, a second pass over the blocks reports the ones that are not
    the catalog's main rendering, as for a catalog read whole."""
    from dilmac.lint.suppress import PSEUDO_RULES
    from dilmac.readers.stream import read_blocks
    from dilmac.rules import translation_inconsistent

    known = {rule.ID for rule in load_rules()} | set(PSEUDO_RULES)
    compares = translation_inconsistent in rules
    lines = LineTexts()
    tallies: dict = {}
    streamed = None
    for block in read_blocks(path):
        doc = block.doc
        result.notices.extend(doc.notices)
        if streamed is None:
            error = _settle_language(doc, result, lang, day)
            if error is not None or result.skipped:
                return (None if error else result), error
            catalog = doc.catalog
            streamed = result.streamed = StreamedCatalog(bilingual=catalog.source_text is not None)
            if streamed.bilingual and compares:
                streamed.summary = translation_inconsistent.Summary(result.path, result.lang, catalog.source_lang)
        part = FileResult(path=result.path)
        findings = lint_document(
            doc, compiled, lang=result.lang, day=result.date, rules=rules, result=part, check_fuzzy=check_fuzzy
        )
        result.notices.extend(notice for notice in part.notices if notice not in result.notices)
        if streamed.bilingual:
            streamed.counts.update(_state(unit) for unit in doc.catalog.units)
        if part.context is not None and compares:
            # The catalog's renderings are compared once all its blocks are tallied.
            findings = [f for f in findings if f.rule != translation_inconsistent.ID]
            translation_inconsistent.tally(part.context, tallies, block.char_base)
            streamed.summary.add(part.context, block.char_base, block.line_base)
        findings = streamed.keep_suppressions(doc, block, lines, known, findings)
        result.findings.extend(_shifted(findings, block, lines))
    mains = translation_inconsistent.main_renderings(tallies)
    if mains:
        for block in read_blocks(path):
            part = FileResult(path=result.path)
            lint_document(
                block.doc,
                compiled,
                lang=result.lang,
                day=result.date,
                rules=[translation_inconsistent],
                result=part,
                check_fuzzy=check_fuzzy,
            )
            findings = list(translation_inconsistent.check_renderings(part.context, mains))
            finish_findings(block.doc, findings)
            result.findings.extend(_shifted(findings, block, lines))
        result.findings.sort(key=SORT_KEY)
    result.doc = lines
    return result, None


def _shifted(findings: list[Finding], block, lines: LineTexts) -> list[Finding]:
    """A block's findings placed in the file, their lines kept. A block cut within a line (one
    over several megabytes) holds only the end of its first line: the columns there are shifted,
    and that line's text is not kept (the snippet would not match the columns)."""
    doc = block.doc
    for finding in findings:
        if finding.line == 1 and block.column_base:
            finding.column += block.column_base
            finding.end_column += block.column_base if finding.end_line == 1 else 0
            lines.lines.setdefault(finding.line + block.line_base, "")
        else:
            lines.lines[finding.line + block.line_base] = doc.line_text(finding.line)
        finding.line += block.line_base
        finding.end_line += block.line_base
        finding.start += block.char_base
        finding.end += block.char_base
    return findings


# The worker processes' compiled termbase and options, set once per worker.
_worker: dict = {}


def _start_worker(compiled: Compiled, rule_modules: list[str], options: dict, ui_lang: str) -> None:
    import importlib

    set_language(ui_lang)  # a process that does not fork starts from the environment's
    _worker.update(compiled=compiled, rules=[importlib.import_module(name) for name in rule_modules], options=options)


def _lint_in_worker(paths: list[Path]) -> list[tuple[FileResult | None, DilmacError | None]]:
    outcomes = list(lint_files(paths, _worker["compiled"], _worker["rules"], **_worker["options"]))
    for result, _error in outcomes:
        if result is not None and result.context is not None:
            result.context.termbase = None  # the parent has it; not sent back with every catalog
    return outcomes


def _lint_in_workers(
    files: list[Path], compiled: Compiled, rules: list[ModuleType], options: dict, jobs: int
) -> Iterator[tuple[FileResult | None, DilmacError | None]]:
    """lint_files in `jobs` processes, results in the order of `files`. Each worker gets the
    compiled termbase once (inherited where processes fork, else unpickled as from the cache)."""
    import multiprocessing

    jobs = min(jobs, len(files))
    chunk = max(1, len(files) // (jobs * 4))
    chunks = [files[i : i + chunk] for i in range(0, len(files), chunk)]
    with multiprocessing.get_context().Pool(
        jobs, _start_worker, (compiled, [rule.__name__ for rule in rules], options, current_language())
    ) as pool:
        for outcomes in pool.imap(_lint_in_worker, chunks):
            for result, error in outcomes:
                if result is not None and result.context is not None:
                    result.context.termbase = compiled.termbase
                yield result, error


def _check_across_catalogs(results: list[FileResult], rules: list[ModuleType]) -> None:
    """The rules' `check_catalogs` passes over every translated catalog of the run (of a
    streamed one, its summary); each finding goes to the file it points into."""
    catalogs = [
        r for r in results if r.context is not None or (r.streamed is not None and r.streamed.summary is not None)
    ]
    if not catalogs:
        return
    contexts = [r.context if r.context is not None else r.streamed.summary for r in catalogs]
    by_path = {r.path: r for r in catalogs}
    found: dict[str, list[Finding]] = {}
    for rule in rules:
        check_catalogs = getattr(rule, "check_catalogs", None)
        if check_catalogs is not None:
            for finding in check_catalogs(contexts):
                found.setdefault(finding.path, []).append(finding)
    for path, findings in found.items():
        result = by_path[path]
        if isinstance(result.doc, LineTexts):  # placed from the summary; their lines read again
            result.doc.read_lines(Path(path), {finding.line for finding in findings})
        else:
            finish_findings(result.doc, findings)
        result.findings = sorted(result.findings + findings, key=SORT_KEY)
