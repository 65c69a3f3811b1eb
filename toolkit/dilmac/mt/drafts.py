"""Filling a catalog's untranslated messages with drafts, never touching human work.

Only untranslated messages are drafted (with `refresh`, also earlier drafts nobody has touched
since). Each draft is flagged `fuzzy`, so msgfmt leaves it out until a reviewer clears the
flag, and ends its translator comments with `# dilmac-mt: ORIGIN [digest]`, ORIGIN being the
model and backend or the translation memory's catalog; the digest of the text it wrote tells a
later run whether a person has edited it since. Notes
for the reviewer (names still missing, placeholders lost, terms fixed) go in `#.` comments.

Order: translation memory first; then the model, each distinct source string once, sorted by
length into batches. The catalog is written every `checkpoint` drafts and at the end, each time
through `dilmac.core.safe_write` (locked, re-read and parsed just before an atomic rename). If
the file changed on disk meanwhile (a translator saved it), the drafts are applied to that newer
file instead, and only where its messages are still untranslated: a message the translator
changed keeps their text. If messages are missing from the newer file (saved half-way, or by
hand with messages removed), nothing is written: the run stops with exit status 2 and its
version of the catalog is kept beside it (NAME.dilmac-unsaved). A killed run leaves the last
checkpoint; the next run drafts what is left.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dilmac import LANGUAGES
from dilmac.catalog.io import Catalog, read_catalog
from dilmac.catalog.merge import missing_messages
from dilmac.core.errors import DilmacError
from dilmac.core.safe_write import Conflict, rewrite
from dilmac.match.compiled import Compiled
from dilmac.mt import MARKER
from dilmac.mt.engine import Backend
from dilmac.mt.masking import Masked, kinds_for, mask
from dilmac.mt.memory import (
    Match,
    TranslationMemory,
    catalog_languages,
    memory_catalogs,
    translation_forms,
)
from dilmac.mt.terms import Choice, Required, TermGuide
from dilmac.readers.decode import read_bytes

_DIGEST = re.compile(r"\[([0-9a-f]{8})\]\s*$")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_FUZZY_MATCH = re.compile(r"\(\d+% match\)")  # in the comment of a draft from a fuzzy memory match

Key = tuple[str | None, str, str | None]


@dataclass
class Settings:
    day: date
    beam: int = 4
    batch_size: int = 16
    checkpoint: int = 25
    refresh: bool = False
    memory: bool = True
    memory_paths: list[Path] = field(default_factory=list)
    memory_threshold: float = 0.85
    source_lang: str | None = None
    target_lang: str | None = None


@dataclass(frozen=True)
class Draft:
    forms: tuple[str, ...]
    origin: str  # "MODEL (BACKEND)", "translation memory, press.po (exact)"
    notes: tuple[str, ...] = ()
    previous: tuple[str, str | None] | None = None  # fuzzy memory match: the source it translated


@dataclass
class Report:
    path: str
    pair: str = ""
    eligible: int = 0
    memory_exact: int = 0
    memory_fuzzy: int = 0
    model: int = 0
    sources: int = 0  # distinct source strings the model translated
    not_drafted: int = 0  # the model gave nothing usable
    missing_terms: int = 0
    placeholder_problems: int = 0
    fixed: int = 0
    engine: str | None = None
    seconds: float = 0.0

    @property
    def drafted(self) -> int:
        return self.memory_exact + self.memory_fuzzy + self.model


# --------------------------------------------------------------------------- entries


def key_of(entry) -> Key:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def digest(forms: tuple[str, ...]) -> str:
    return hashlib.sha256("\0".join(forms).encode()).hexdigest()[:8]


def _marker_range(lines: list[str]) -> tuple[int, int] | None:
    """Lines [start, end) of the `dilmac-mt: … [digest]` comment, when it ends the translator
    comments (polib wraps long lines). A comment a translator added after it makes the entry
    theirs: no marker is found then."""
    if not lines or not _DIGEST.search(lines[-1]):
        return None
    for start in range(len(lines) - 1, -1, -1):
        if lines[start].startswith(MARKER + ": "):
            return start, len(lines)
    return None


def drafted_digest(entry) -> str | None:
    lines = (entry.tcomment or "").split("\n")
    return _DIGEST.search(lines[-1]).group(1) if _marker_range(lines) else None


def is_untouched_draft(entry) -> bool:
    """A dilmac draft nobody has edited or approved since: still fuzzy, text as written."""
    return "fuzzy" in entry.flags and drafted_digest(entry) == digest(translation_forms(entry))


def eligible(entry, refresh: bool) -> bool:
    if not entry.msgid or entry.obsolete or not entry.msgid.strip():
        return False
    return not any(translation_forms(entry)) or (refresh and is_untouched_draft(entry))


def apply(entry, draft: Draft) -> None:
    """Write a draft into an eligible entry: text, fuzzy flag, marker and notes. Everything
    else the entry has (flags, references, other comments) stays."""
    replacing = drafted_digest(entry) is not None
    lines = (entry.tcomment or "").split("\n") if entry.tcomment else []
    old = _marker_range(lines)
    if old is not None:
        if _FUZZY_MATCH.search(" ".join(lines[old[0] : old[1]])):
            entry.previous_msgid = entry.previous_msgid_plural = None  # the `#|` that draft set
        del lines[old[0] : old[1]]
    if entry.msgid_plural:
        entry.msgstr_plural = dict(enumerate(draft.forms))
    else:
        entry.msgstr = draft.forms[0]
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    entry.tcomment = "\n".join(lines + [f"{MARKER}: {draft.origin} [{digest(draft.forms)}]"])
    notes = (entry.comment or "").split("\n") if entry.comment else []
    if replacing:  # earlier notes are the last `#.` lines, from the first of ours on
        first = next((i for i, line in enumerate(notes) if line.startswith(MARKER + ":")), len(notes))
        notes = notes[:first]
    entry.comment = "\n".join(notes + [f"{MARKER}: {note}" for note in draft.notes]) or None
    if draft.previous is not None and not entry.previous_msgid:
        entry.previous_msgid, entry.previous_msgid_plural = draft.previous


# --------------------------------------------------------------------------- the file


class CatalogFile:
    """The catalog being filled, checkpointed to disk.

    Drafts wait in `pending` until a save. A save merges them into the file as it is on disk
    then (see the module's docstring), so a translator's edits made during a long run are kept.
    """

    def __init__(self, path: Path, refresh: bool) -> None:
        self.path, self.refresh = path, refresh
        self.pending: dict[Key, tuple[Draft, tuple[str, ...], int]] = {}  # draft, counters, messages
        data = read_bytes(path, str(path))
        self._adopt(data, read_catalog(path, data=data))

    def _adopt(self, data: bytes, catalog: Catalog) -> None:
        self.data, self.catalog = data, catalog  # the file as last read or written
        self.index = _index(catalog)

    def entries(self, key: Key) -> list:
        """The messages with this key that may be drafted now."""
        return [entry for entry in self.index.get(key, ()) if eligible(entry, self.refresh)]

    def add(self, key: Key, draft: Draft, counters: tuple[str, ...] = ()) -> int:
        """Apply a draft to the messages of `key`; how many it was applied to."""
        entries = self.entries(key)
        for entry in entries:
            apply(entry, draft)
        self.pending[key] = (draft, counters, len(entries))
        return len(entries)

    def save(self) -> dict[str, int]:
        """Write the catalog; how many messages of each counter the written drafts filled."""
        if not self.pending:
            return {}
        merged: dict[str, object] = {}

        def compute(current: bytes | None) -> bytes:
            if current is None:
                raise Conflict("the catalog was removed while dilmac was drafting it")
            if current == self.data:  # unchanged: the drafts are applied already
                catalog = self.catalog
                written = {key: count for key, (_, _, count) in self.pending.items()}
            else:
                catalog = read_catalog(self.path, data=current)
                gone = missing_messages(self.catalog, catalog)
                if gone:
                    raise Conflict(
                        f"{gone} of its messages are missing from the catalog on disk "
                        "(was it saved half-way, or were messages deleted?)"
                    )
                index = _index(catalog)
                written = {}
                for key, (draft, _, _) in self.pending.items():
                    entries = [entry for entry in index.get(key, ()) if eligible(entry, self.refresh)]
                    for entry in entries:
                        apply(entry, draft)
                    written[key] = len(entries)
            data = catalog.encode()
            merged.update(catalog=catalog, data=data, written=written)
            return data

        rewrite(
            self.path,
            compute,
            parse=lambda data: read_catalog(self.path, data=data),
            keep=self.catalog.encode,
            what="the catalog",
            make_dirs=True,
            expected=self.data,
        )
        counts: dict[str, int] = {}
        for key, (_, counters, _) in self.pending.items():
            for counter in counters:
                counts[counter] = counts.get(counter, 0) + merged["written"][key]
        self._adopt(merged["data"], merged["catalog"])
        self.pending.clear()
        return counts


def _index(catalog: Catalog) -> dict[Key, list]:
    index: dict[Key, list] = {}
    for entry in catalog:
        index.setdefault(key_of(entry), []).append(entry)
    return index


# --------------------------------------------------------------------------- drafting


@dataclass
class _Job:
    """One distinct source string for the model."""

    masked: Masked
    required: list[Required]
    choice: Choice | None = None


def plural_count(catalog: Catalog) -> int:
    match = _NPLURALS.search(catalog.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match and int(match.group(1)) > 0 else 2


def languages(catalog: Catalog, path: Path, settings: Settings) -> tuple[str, str]:
    source, target = catalog_languages(catalog, path)
    source = settings.source_lang or source
    target = settings.target_lang or target
    if target is None:
        raise DilmacError(
            "cannot tell the catalog's language",
            path=str(path),
            hint="set the Language header (msginit does), or pass --lang",
        )
    for lang, what in ((source, "source"), (target, "translation")):
        if lang not in LANGUAGES:
            raise DilmacError(
                f"the {what} language '{lang}' is not en, az or tr",
                path=str(path),
                hint="dilmac drafts translations between English, Azerbaijani and Turkish",
            )
    if source == target:
        raise DilmacError(
            f"source and translation are both '{source}'",
            path=str(path),
            hint="set X-Source-Language in the header, or pass --source-lang",
        )
    return source, target


def _forms(entry, texts: list[str], plurals: int) -> tuple[str, ...]:
    """msgstr forms from the translations of msgid (and msgid_plural): the singular's for form 0,
    the plural's for the others (for a language with one form, the plural's)."""
    if not entry.msgid_plural:
        return (texts[0],)
    if plurals == 1:
        return (texts[1],)
    return (texts[0],) + (texts[1],) * (plurals - 1)


def _notes(missing: list[Required], problems: list[str], fixes: list[tuple[str, str]]) -> tuple[str, ...]:
    notes = []
    if missing:
        names = ", ".join(dict.fromkeys(f"“{r.rendering}”" for r in missing))
        notes.append(f"missing terms: {names} (the source names them; render them before approving)")
    if problems:
        notes.append("placeholders: " + "; ".join(dict.fromkeys(problems)) + " (restore before approving)")
    if fixes:
        notes.append("term fixes: " + ", ".join(dict.fromkeys(f"“{a}” → “{b}”" for a, b in fixes)))
    return tuple(notes)


def _memory_draft(entry, match: Match, guide: TermGuide, catalog_dir: Path) -> tuple[Draft, bool, bool]:
    missing, fixes, forms = [], [], []
    sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
    required = {r.concept: r for text in sources for r in guide.analyse(text)[0]}
    for form in match.forms:
        fixed, applied = guide.fix(form)
        fixes.extend(applied)
        forms.append(fixed)
        present = guide.rendered(fixed)
        missing.extend(r for r in required.values() if r.concept not in present)
    where = os.path.relpath(match.where, catalog_dir)
    if match.exact:
        origin = f"translation memory, {where} (exact match)"
        previous = None
    else:
        origin = f"translation memory, {where} ({round(match.similarity * 100)}% match)"
        previous = (match.msgid, match.msgid_plural)
    missing = list({r.concept: r for r in missing}.values())
    return Draft(tuple(forms), origin, _notes(missing, [], fixes), previous), bool(missing), bool(fixes)


def translate_catalog(
    path: Path,
    compiled: Compiled,
    settings: Settings,
    backend_for: Callable[[str, str], Backend],
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> Report:
    """Draft the catalog at `path`. `backend_for(source, target)` is called only when the model
    is needed; `progress(done, total)` hears of every drafted message."""
    if path.suffix == ".pot":
        raise DilmacError(
            "a template (.pot) has no translations to fill",
            path=str(path),
            hint="create the language's catalog first: dilmac catalog init",
        )
    return _Drafter(path, compiled, settings, backend_for, progress).run()


JobKey = tuple[str, tuple[str, ...]]  # source text, placeholder kinds (they decide the masking)


class _Drafter:
    def __init__(
        self,
        path: Path,
        compiled: Compiled,
        settings: Settings,
        backend_for: Callable[[str, str], Backend],
        progress: Callable[[int, int], None],
    ) -> None:
        self.started = time.perf_counter()
        self.settings, self.backend_for, self.progress = settings, backend_for, progress
        self.state = CatalogFile(path, settings.refresh)
        catalog = self.state.catalog
        self.source, self.target = languages(catalog, path, settings)
        self.report = Report(path=str(path), pair=f"{self.source}-{self.target}")
        self.todo: dict[Key, object] = {}  # key → its first entry, in catalog order
        for entry in catalog:
            if eligible(entry, settings.refresh):
                self.todo.setdefault(key_of(entry), entry)
        self.report.eligible = sum(len(self.state.entries(key)) for key in self.todo)
        self.guide = TermGuide(compiled, self.source, self.target, settings.day)
        self.plurals = plural_count(catalog)
        self.done = 0

    def run(self) -> Report:
        if self.todo:
            remembered, left = self._from_memory()
            # The model is loaded before anything is written: a model that is missing stops
            # the run with the catalog as it was.
            backend = self.backend_for(self.source, self.target) if left else None
            try:
                for key, draft, counters in remembered:
                    self._drafted(key, draft, counters)
                if backend is not None:
                    self._from_model(left, backend)
            except KeyboardInterrupt:
                self._save()  # keep what is done: the next run goes on from there
                raise
            self._save()
        self.report.seconds = time.perf_counter() - self.started
        return self.report

    def _save(self) -> None:
        for counter, count in self.state.save().items():
            setattr(self.report, counter, getattr(self.report, counter) + count)

    def _drafted(self, key: Key, draft: Draft, counters: tuple[str, ...]) -> None:
        self.done += self.state.add(key, draft, counters)
        self.progress(self.done, self.report.eligible)
        if len(self.state.pending) >= self.settings.checkpoint:
            self._save()

    def _from_memory(self) -> tuple[list[tuple[Key, Draft, tuple[str, ...]]], list[Key]]:
        """Drafts from the translation memory, and the keys left for the model."""
        if not self.settings.memory:
            return [], list(self.todo)
        memory = _memory(self.state.catalog, self.state.path, self.settings, self.source, self.target)
        found, left = [], []
        for key, entry in self.todo.items():
            forms = self.plurals if entry.msgid_plural else 1
            match = memory.lookup(
                entry.msgid,
                entry.msgid_plural or None,
                entry.msgctxt,
                entry.flags,
                forms,
                self.settings.memory_threshold,
            )
            if match is None:
                left.append(key)
                continue
            draft, missing, fixed = _memory_draft(entry, match, self.guide, self.state.path.parent)
            counters = (
                ("memory_exact" if match.exact else "memory_fuzzy",)
                + (("missing_terms",) if missing else ())
                + (("fixed",) if fixed else ())
            )
            found.append((key, draft, counters))
        return found, left

    def _from_model(self, keys: list[Key], backend: Backend) -> None:
        """Translate each distinct source string once, in batches of similar length."""
        jobs: dict[JobKey, _Job] = {}
        needs: dict[Key, list[JobKey]] = {}
        for key in keys:
            entry = self.todo[key]
            needs[key] = []
            for text in [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else []):
                job_key = (text, tuple(kinds_for(text, entry.flags)))
                if job_key not in jobs:
                    required, names = self.guide.analyse(text)
                    jobs[job_key] = _Job(mask(text, entry.flags, names), required)
                needs[key].append(job_key)
        self.report.engine, self.report.sources = backend.name, len(jobs)
        waiting_on: dict[JobKey, list[Key]] = {}
        for key, job_keys in needs.items():
            for job_key in dict.fromkeys(job_keys):
                waiting_on.setdefault(job_key, []).append(key)
        order = sorted(jobs, key=lambda k: (len(jobs[k].masked.text), k))
        # A CTranslate2 call with several batches runs them in parallel, one per inter thread.
        chunk = self.settings.batch_size * max(1, getattr(backend, "inter_threads", 1))
        for at in range(0, len(order), chunk):
            batch = order[at : at + chunk]
            results = backend.translate(
                [jobs[k].masked.text for k in batch], beam=self.settings.beam, n_best=self.settings.beam
            )
            for job_key, hypotheses in zip(batch, results):
                job = jobs[job_key]
                job.choice = self.guide.choose([h.text for h in hypotheses], job.required, job.masked.restore)
                for key in waiting_on[job_key]:
                    choices = [jobs[k].choice for k in needs[key]]
                    if all(choice is not None for choice in choices):
                        self._model_draft(key, choices, backend.name)

    def _model_draft(self, key: Key, choices: list[Choice], engine: str) -> None:
        if any(not choice.text.strip() for choice in choices):
            self.report.not_drafted += len(self.state.entries(key))
            return
        missing = list({r.concept: r for c in choices for r in c.missing}.values())
        problems = [p for c in choices for p in c.problems]
        fixes = [f for c in choices for f in c.fixes]
        draft = Draft(
            _forms(self.todo[key], [c.text for c in choices], self.plurals), engine, _notes(missing, problems, fixes)
        )
        counters = (
            ("model",)
            + (("missing_terms",) if missing else ())
            + (("placeholder_problems",) if problems else ())
            + (("fixed",) if fixes else ())
        )
        self._drafted(key, draft, counters)


def _memory(catalog: Catalog, path: Path, settings: Settings, source: str, target: str) -> TranslationMemory:
    memory = TranslationMemory()
    memory.add(catalog, str(path))
    for other in memory_catalogs(path, settings.memory_paths):
        other_catalog = read_catalog(other)
        if catalog_languages(other_catalog, other) == (source, target):
            memory.add(other_catalog, str(other))
    return memory
