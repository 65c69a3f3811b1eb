"""The translators' desk without the web: drafts in a temporary folder, linted as `dilmac lint`
lints a file, fixed as `dilmac lint --fix` fixes one (Word documents: tracked changes), and the
view of a checked draft (the text cut into pieces at the findings, a catalog's messages).

Each draft is one file in its own folder under the desk's temporary folder: what the person
pasted or uploaded, then the file as fixed. Nothing is written anywhere else.
"""

from __future__ import annotations

import inspect
import re
import secrets
import shutil
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path, PurePath
from types import ModuleType

from dilmac import LANGUAGES
from dilmac.core.document import Document, Unit
from dilmac.core.errors import DilmacError
from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import gettext as _
from dilmac.language.normalize import fold, skeleton
from dilmac.lint.pipeline import FileResult, Run, lint_paths
from dilmac.match.compiled import Compiled
from dilmac.match.lookup import lookup
from dilmac.readers import SUFFIXES, kind_of
from dilmac.report import fix as autofix

PASTED_NAME = "pasted.txt"
AUTHOR = "dilmac desk"
# Suffixes a person may upload: those `dilmac lint` reads.
UPLOADS = tuple(sorted(SUFFIXES))
_UNSAFE_NAME = re.compile(r"[^\w.\- ]", re.UNICODE)


@dataclass
class Draft:
    id: str
    folder: Path
    name: str  # the file's name as the person gave it (or PASTED_NAME)
    lang: str | None = None  # chosen on the page; None: as lint detects it
    day: date | None = None
    said: list[str] = field(default_factory=list)  # what the last fix could not do, shown once

    @property
    def path(self) -> Path:
        return self.folder / self.name

    @property
    def kind(self) -> str:
        return kind_of(self.name)


@dataclass
class Piece:
    """A stretch of the text: plain, or covered by findings (their numbers in the view)."""

    text: str
    findings: tuple[int, ...] = ()
    severity: str | None = None


@dataclass
class Message:
    """One message of a catalog: its source, its translation cut at its findings."""

    unit: Unit
    translation: list[list[Piece]]  # per plural form
    findings: list[int]

    @property
    def state(self) -> str:
        return "untranslated" if self.unit.untranslated else "fuzzy" if self.unit.fuzzy else "translated"


@dataclass
class Shown:
    """One finding as the page shows it."""

    number: int
    finding: Finding
    key: str  # names it in a fix request: stable while the file does not change
    certain: bool  # `lint --fix` would apply it
    why_not: str | None  # a fixable finding's reason not to be fixed


@dataclass
class View:
    """What the page shows of a checked draft."""

    draft: Draft
    error: DilmacError | None = None
    lang: str | None = None
    day: date | None = None
    findings: list[Shown] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    messages: list[Message] | None = None  # catalogs
    outside_messages: list[int] = field(default_factory=list)  # catalog findings in no message
    notices: list[str] = field(default_factory=list)

    @property
    def certain(self) -> list[Shown]:
        return [shown for shown in self.findings if shown.certain]

    def counts(self) -> dict[str, int]:
        counted = {str(level): 0 for level in sorted(Severity, reverse=True)}
        for shown in self.findings:
            counted[str(shown.finding.severity)] += 1
        return counted


def finding_key(finding: Finding) -> str:
    return f"{finding.start}-{finding.end}-{finding.rule}"


class Desk:
    """The drafts of one server, and the termbase, rules and config they are checked with."""

    def __init__(
        self,
        compiled: Compiled,
        rules: list[ModuleType],
        config=None,
        *,
        root: Path,
        max_upload: int = 10 << 20,
        keep: int = 50,
    ) -> None:
        self.compiled = compiled
        self.rules = rules
        self.config = config
        self.root = root
        self.max_upload = max_upload
        self.keep = keep
        self._drafts: OrderedDict[str, Draft] = OrderedDict()
        self._lock = threading.Lock()
        # The rules' documentation, as `dilmac rules ID` shows it (translated when shown).
        self.docs = {rule.ID: inspect.cleandoc(rule.__doc__ or "") for rule in rules}

    # ------------------------------------------------------------------ drafts

    def new_draft(self, name: str, data: bytes) -> Draft:
        """Keep an upload (or pasted text) as a draft. Only the name's last part is kept, and
        only suffixes lint reads are accepted; the oldest drafts go when there are too many."""
        if len(data) > self.max_upload:
            raise DilmacError(too_large(self.max_upload), path=name or None)
        name = safe_name(name)
        draft = Draft(id=secrets.token_hex(16), folder=self.root / secrets.token_hex(8), name=name)
        draft.folder.mkdir(parents=True)
        draft.path.write_bytes(data)
        with self._lock:
            self._drafts[draft.id] = draft
            while len(self._drafts) > self.keep:
                _, old = self._drafts.popitem(last=False)
                shutil.rmtree(old.folder, ignore_errors=True)
        return draft

    def draft(self, draft_id: str) -> Draft | None:
        with self._lock:
            return self._drafts.get(draft_id)

    def set_language_and_date(self, draft: Draft, lang: str | None, day: str | None) -> None:
        """The page's choice; empty values: detected again as lint does."""
        if lang and lang not in LANGUAGES:
            raise DilmacError(_("the language must be one of: %(languages)s") % {"languages": ", ".join(LANGUAGES)})
        try:
            draft.day = date.fromisoformat(day) if day else None
        except ValueError:
            raise DilmacError(
                _("%(value)r is not a date") % {"value": day}, hint=_("write it as YYYY-MM-DD, e.g. 2024-05-01")
            ) from None
        draft.lang = lang or None

    # ------------------------------------------------------------------ checking

    def _lint(self, draft: Draft) -> tuple[FileResult | None, list[DilmacError], Run]:
        run = lint_paths(
            [draft.path],
            self.compiled,
            lang=draft.lang,
            day=draft.day,
            rules=self.rules,
            stream=False,  # the page shows the whole document
            config=self.config,
        )
        errors = [self._named(draft, error) for error in run.errors]
        return (run.files[0] if run.files else None), errors, run

    def _named(self, draft: Draft, error: DilmacError) -> DilmacError:
        """The error as the CLI prints it for the file under its own name."""
        if error.path == str(draft.path):
            error.path = draft.name
        return error

    def check(self, draft: Draft) -> View:
        result, errors, run = self._lint(draft)
        view = View(draft=draft)
        if errors:
            view.error = errors[0]
            return view
        view.notices = [notice.replace(str(draft.path), draft.name) for notice in result.notices]
        if result.skipped or not isinstance(result.doc, Document):
            return view
        view.lang, view.day = result.lang, result.date
        doc = result.doc
        plan = autofix.plan(run)
        certain = {id(edit.finding) for edit in plan.edits}
        reasons = {id(item.finding): item.reason for item in plan.not_fixed}
        view.findings = [
            Shown(number, f, finding_key(f), id(f) in certain, reasons.get(id(f)))
            for number, f in enumerate(result.findings)
        ]
        if doc.catalog is not None and doc.catalog.source_text is not None:
            view.messages, view.outside_messages = _messages(doc, result.findings)
        else:
            view.pieces = cut(doc.source, result.findings, 0, len(doc.source))
        return view

    # ------------------------------------------------------------------ fixing

    def fix(self, draft: Draft, key: str | None) -> list[str]:
        """Apply the certain fix of the finding `key`, or every certain fix (None), to the
        draft's file as `lint --fix` does; what was not done, in words."""
        _result, errors, run = self._lint(draft)
        if errors:
            return [str(errors[0])]
        plan = autofix.plan(run)
        if not plan.files:
            return [_("There is nothing to fix.")]
        file = plan.files[0]
        file.notes = []  # the desk makes changes only; the page shows the other findings
        if key is not None:
            file.edits = [edit for edit in file.edits if finding_key(edit.finding) == key]
            if not file.edits:
                return [_("This fix is no longer possible: the text has changed. Look at the findings again.")]
        chosen = {id(edit.finding) for edit in file.edits}
        plan.not_fixed = [item for item in plan.not_fixed if key is None or finding_key(item.finding) == key]
        problems = [str(self._named(draft, error)) for error in autofix.apply(plan, author=AUTHOR)]
        problems += [
            f"“{item.finding.found}”: {item.reason}"
            for item in plan.not_fixed
            if key is not None or id(item.finding) in chosen
        ]
        return problems

    # ------------------------------------------------------------------ looking up

    def lookup(self, text: str) -> list:
        """The concept whose id is `text`, the concepts named by `text` (any language, inflected
        or not), then those with a term that starts with it (or a word of which does), letters'
        diacritics and case aside."""
        text = text.strip()
        if not text:
            return []
        found = lookup(self.compiled, text)
        by_id = self.compiled.termbase.by_id.get(text)  # (the card's "see also" links)
        if by_id is not None:
            found = [by_id, *(c for c in found if c is not by_id)]
        seen = {concept.id for concept in found}
        starts, words = [], []
        for concept in self.compiled.termbase.concepts:
            if concept.id in seen:
                continue
            best = None
            for term in (t for terms in concept.terms.values() for t in terms):
                wanted = skeleton(fold(text, term.lang))
                have = skeleton(fold(term.text, term.lang))
                if have.startswith(wanted):
                    best = 0
                    break
                if len(wanted) >= 2 and f" {wanted}" in f" {have}":  # a later word starts with it
                    best = 1
            if best is not None:
                (starts if best == 0 else words).append(concept)
        return found + starts + words


def safe_name(name: str) -> str:
    """The last part of an uploaded file's name, with only letters, digits, dots, dashes and
    spaces; a suffix lint does not read becomes .txt."""
    name = PurePath(name.replace("\\", "/")).name.strip() or PASTED_NAME
    name = _UNSAFE_NAME.sub("_", name).lstrip(".") or PASTED_NAME
    if PurePath(name).suffix.lower() not in SUFFIXES:
        raise DilmacError(
            _("%(name)s: dilmac cannot read this kind of file") % {"name": name},
            hint=_("upload one of: %(suffixes)s") % {"suffixes": " ".join(UPLOADS)},
        )
    return name[-120:]


def megabytes(size: int) -> str:
    """A size in MB as people write it: 10, 2.5, 0.2."""
    return f"{size / (1 << 20):.1f}".removesuffix(".0")


def too_large(limit: int) -> str:
    return (
        _("The file is larger than the limit of %(size)s MB.") % {"size": megabytes(limit)}
        + " "
        + _("Check a smaller file, or start the desk with a higher --max-upload.")
    )


def cut(source: str, findings: list[Finding], start: int, end: int, numbers: list[int] | None = None) -> list[Piece]:
    """source[start:end] in pieces: a new piece wherever a finding starts or ends, each with the
    findings covering it and the highest severity among them. `numbers`: the findings' numbers
    (default: their positions in the list)."""
    numbers = numbers if numbers is not None else list(range(len(findings)))
    inside = [(f, n) for f, n in zip(findings, numbers) if f.start < end and f.end > start and f.end > f.start]
    cuts = sorted({start, end} | {max(start, min(end, x)) for f, _n in inside for x in (f.start, f.end)})
    pieces = []
    for left, right in pairwise(cuts):
        covering = [(f, n) for f, n in inside if f.start <= left and right <= f.end]
        severity = str(max(f.severity for f, _n in covering)) if covering else None
        pieces.append(Piece(source[left:right], tuple(n for _f, n in covering), severity))
    return pieces


def _messages(doc: Document, findings: list[Finding]) -> tuple[list[Message], list[int]]:
    """A catalog's messages with their translations cut at their findings; the numbers of the
    findings that lie in no message."""
    by_unit: dict[int, list[int]] = {}
    units = doc.catalog.units
    position = {id(unit): index for index, unit in enumerate(units)}
    outside = []
    for number, finding in enumerate(findings):
        unit = doc.catalog.unit_at(finding.start)
        if unit is None:
            outside.append(number)
        else:
            by_unit.setdefault(position[id(unit)], []).append(number)
    messages = []
    for index, unit in enumerate(units):
        numbers = by_unit.get(index, [])
        mine = [findings[n] for n in numbers]
        forms = [cut(doc.source, mine, s, e, numbers) for s, e in unit.spans]
        messages.append(Message(unit, forms, numbers))
    return messages, outside


def concept_card(concept) -> dict:
    """A concept as the page's card shows it. What a termbase may not have (a definition, term
    types, source records with a title and address) is read only where the model has it."""
    return {
        "id": concept.id,
        "domain": concept.domain,
        "definition": getattr(concept, "definition", None),
        "note": concept.note,
        "sources": [_source(s) for s in concept.sources or ()],
        "see": list(concept.see or ()),
        "terms": [
            (
                lang,
                [
                    {
                        "text": term.text,
                        "status": term.status,
                        "from": term.valid_from,
                        "until": term.valid_until,
                        # Term types (full, short, abbreviation, …) where the model has them;
                        # else the abbreviation and short-name flags.
                        "type": getattr(term, "type", None),
                        "abbr": term.abbr and not hasattr(term, "type"),
                        "short": term.short and not hasattr(term, "type"),
                        "note": term.note,
                        "sources": _term_sources(term),
                    }
                    for term in concept.terms.get(lang, ())
                ],
            )
            for lang in LANGUAGES
            if concept.terms.get(lang)
        ],
    }


def _source(source) -> dict:
    """A source as the card shows it: a string, or a record with a title, an address and the day
    it was seen."""
    if isinstance(source, str):
        return {"text": source, "url": source if source.startswith(("https://", "http://")) else None, "seen": None}
    url = getattr(source, "url", None)
    text = getattr(source, "title", None) or url or getattr(source, "id", None) or str(source)
    return {"text": text, "url": url, "seen": getattr(source, "seen", None)}


def _term_sources(term) -> list[dict]:
    sources = getattr(term, "sources", None)
    if sources:
        return [_source(s) for s in sources]
    source = getattr(term, "source", None)
    return [_source(source)] if source else []
