"""Autofix: apply a lint run's unambiguous suggestions to the files (`dilmac lint --fix`/`--diff`).

A finding is fixed only when the fix is certain and cannot damage the file:
- its rule's suggestion is the termbase's answer (FIXABLE) and there is exactly one;
- the file still reads as it was checked there, and the span holds no markup, code, entity or
  escape (the checked text equals the file's text over the span), so nothing but the name moves;
- in catalogs it lies inside a translation (msgstr, <target>): source strings and templates are
  never changed;
- it overlaps no other fix (a homoglyph fix inside a term fix is part of the term fix).
Every other fixable finding is reported as not fixed, with the reason. Files are rewritten
atomically (a temporary file beside them, then a rename) in the encoding, byte order mark and
line endings they had, or written to `--output`. In Word documents the fixes become tracked
changes and the other warnings and errors comments, for the author to review
(`dilmac.report.docx`).
"""

from __future__ import annotations

import bisect
import codecs
import difflib
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dilmac.core.atomic import write_atomic
from dilmac.core.document import Document
from dilmac.core.errors import DilmacError
from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import gettext as _
from dilmac.core.i18n import ngettext
from dilmac.lint.pipeline import Run
from dilmac.readers import kind_of
from dilmac.report.docx import AUTHOR

FIXABLE = frozenset(
    {"term-forbidden", "term-deprecated", "term-superseded", "term-wrong", "term-diacritics", "mixed-script"}
)

# Characters a replacement must not bring into a format where they would be read as markup.
_UNSAFE = {"markdown": "\\`*_[]<>", "html": "<&", "xliff": "<&"}
_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")


@dataclass
class Edit:
    start: int
    end: int
    new: str
    finding: Finding


@dataclass
class NotFixed:
    finding: Finding
    reason: str


@dataclass
class FileFix:
    path: str
    doc: Document
    kind: str
    edits: list[Edit]
    # Word documents: the findings to comment on, with the reason a fixable one was not fixed
    notes: list[tuple[Finding, str | None]] = field(default_factory=list)
    commented: list[Finding] = field(default_factory=list)  # the comments added (after apply)

    def fixed_source(self) -> str:
        pieces, last = [], 0
        for edit in self.edits:
            pieces += [self.doc.source[last : edit.start], _written(edit.new, self.kind)]
            last = edit.end
        pieces.append(self.doc.source[last:])
        return "".join(pieces)


@dataclass
class Plan:
    files: list[FileFix] = field(default_factory=list)
    not_fixed: list[NotFixed] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def edits(self) -> list[Edit]:
        return [edit for file in self.files for edit in file.edits]


def plan(run: Run, *, every_file: bool = False) -> Plan:
    """The fixes a run's findings allow, per file, and the fixable findings left alone. With
    `every_file`, a file without fixes is in the plan too (to be written to --output as it is)."""
    result_plan = Plan()
    for result in run.files:
        doc, kind = result.doc, kind_of(result.path)
        candidates = [f for f in result.findings if f.rule in FIXABLE]
        to_comment = [f for f in result.findings if f.severity >= Severity.WARNING] if kind == "docx" else []
        if not candidates and not to_comment and not (every_file and isinstance(doc, Document)):
            continue
        if not isinstance(doc, Document):
            result_plan.notices.append(
                f"{result.path}: not fixed: the file is too large to rewrite (it was checked block by block)"
            )
            continue
        if doc.catalog is not None and doc.catalog.source_text is None:
            result_plan.notices.append(
                f"{result.path}: not fixed: a template's strings come from the program's source code; fix them there"
            )
            continue
        edits, not_fixed = [], []
        inside_translation = _translation_test(doc)
        for finding in candidates:
            reason = _why_not(finding, doc, kind, inside_translation)
            if reason is None:
                edits.append(Edit(finding.start, finding.end, finding.suggestions[0], finding))
            elif reason:
                not_fixed.append(NotFixed(finding, reason))
        edits = _without_overlaps(edits, not_fixed)
        result_plan.not_fixed += not_fixed
        reasons = {id(item.finding): item.reason for item in not_fixed}
        notes = [
            (f, reasons.get(id(f)))
            for f in to_comment
            if not any(e.start <= f.start and f.end <= e.end for e in edits)  # (a fix covers it)
        ]
        if edits or notes or every_file:
            result_plan.files.append(FileFix(result.path, doc, kind, edits, notes))
    return result_plan


def _why_not(finding: Finding, doc: Document, kind: str, inside_translation) -> str | None:
    """Why a finding cannot be fixed; None when it can, "" when there is nothing to change."""
    if len(finding.suggestions) != 1:
        return "no suggestion" if not finding.suggestions else "more than one suggestion: choose by hand"
    new = finding.suggestions[0]
    written = doc.source[finding.start : finding.end]
    if written != finding.found:
        return "the file's text there is not what was checked"
    if new == written:
        return ""
    if doc.text[finding.start : finding.end] != written:
        return "markup, code, an entity or an escape inside the span: fix it by hand"
    if inside_translation is not None and not inside_translation(finding.start, finding.end):
        return "not inside a translation"
    if kind != "po" and set(new) & set(_UNSAFE.get(kind, "") + "\n\r"):  # (PO strings are escaped)
        return "the suggestion contains characters that are markup here: fix it by hand"
    return None


def _translation_test(doc: Document):
    """For catalogs: (start, end) → whether the span lies inside one translation."""
    if doc.catalog is None:
        return None
    spans = sorted(span for unit in doc.catalog.units for span in unit.spans)
    starts = [s for s, _ in spans]

    def inside(start: int, end: int) -> bool:
        index = bisect.bisect_right(starts, start) - 1
        return index >= 0 and end <= spans[index][1]

    return inside


def _without_overlaps(edits: list[Edit], not_fixed: list[NotFixed]) -> list[Edit]:
    """Edits that touch no other edit. A homoglyph fix inside a term fix is dropped (the term fix
    writes the whole name anew); the same change reported by two rules is made once."""
    edits.sort(key=lambda e: (e.start, -e.end))
    kept: list[Edit] = []
    clashing: set[int] = set()
    for edit in edits:
        if kept and edit.start < kept[-1].end:
            previous = kept[-1]
            if (edit.start, edit.end, edit.new) == (previous.start, previous.end, previous.new):
                continue
            if (
                edit.finding.rule == "mixed-script"
                and edit.end <= previous.end
                and previous.finding.rule != "mixed-script"
            ):
                continue
            clashing.update((id(edit), id(previous)))
            if edit.end <= previous.end:
                continue
        kept.append(edit)
    for edit in edits:
        if id(edit) in clashing:
            not_fixed.append(NotFixed(edit.finding, "overlaps another fix: choose by hand"))
    return [edit for edit in kept if id(edit) not in clashing]


def _written(new: str, kind: str) -> str:
    """The replacement as the file writes it: PO strings are C-escaped."""
    if kind == "po":
        return (
            new.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
        )
    return new


def diff(plan: Plan) -> str:
    """A unified diff of every change the plan makes (`git apply` reads it). Word documents
    are not diffed: what --fix would write into them is counted in the notices."""
    plan.notices += [str(error) for error in _review_word_documents(plan, write=False)]
    out = []
    for file in plan.files:
        if file.kind == "docx":
            continue
        old, new = file.doc.source, file.fixed_source()
        for line in difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{file.path}",
            tofile=f"b/{file.path}",
        ):
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def apply(plan: Plan, *, author: str = AUTHOR, output: Path | None = None, force: bool = False) -> list[DilmacError]:
    """Write every fixed file (to `output` instead, for a plan of one file); a file that cannot
    be written is left as it was (its error returned). Word documents get their fixes as
    tracked changes by `author` and comments; one that Word or LibreOffice has open is not
    written without `force`."""
    errors = _review_word_documents(plan, write=True, author=author, output=output, force=force)
    for file in plan.files:
        if file.kind == "docx":
            continue
        try:
            _write_fixed(file, output)
        except DilmacError as exc:
            errors.append(exc)
    return errors


def _review_word_documents(
    plan: Plan, *, write: bool, author: str = AUTHOR, output: Path | None = None, force: bool = False
) -> list[DilmacError]:
    """Make the tracked changes and comments of each Word document in the plan and, with
    `write`, save them. A fix that cannot be a tracked change moves to the plan's not fixed
    (it is commented instead); a document that cannot be written keeps no fixes in the plan."""
    from dilmac.report import docx

    errors = []
    when = datetime.now(UTC)
    for file in plan.files:
        if file.kind != "docx":
            continue
        source = Path(os.path.realpath(file.path))
        try:
            data = _read_again(source, file.path)
            review = docx.review(file.path, data, file.doc, file.edits, file.notes, author=author, when=when)
            if write and (review.data is not None or output is not None):
                docx.save(output or source, review.data or data, display=str(output or file.path), force=force)
        except DilmacError as exc:
            errors.append(exc)
            file.edits, file.commented = [], []
            continue
        file.edits, file.commented = review.applied, review.comments
        plan.not_fixed += [NotFixed(edit.finding, reason) for edit, reason in review.refused]
    return errors


def _read_again(path: Path, display: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DilmacError(
            f"cannot read the file again to fix it: {exc.strerror or exc}",
            path=display,
            hint="check that the file still exists and may be read",
        ) from None


def _write_fixed(file: FileFix, output: Path | None = None) -> None:
    path = Path(os.path.realpath(file.path))
    data = _read_again(path, file.path)
    encoding = _encoding_of(data, file.doc.source)
    if encoding is None:
        raise DilmacError(
            "not fixed: the file changed while it was being checked", path=file.path, hint="run dilmac lint --fix again"
        )
    bom, codec = encoding
    try:
        fixed = bom + file.fixed_source().encode(codec)
    except UnicodeEncodeError as exc:
        raise DilmacError(
            f"not fixed: the fix needs “{exc.object[exc.start : exc.end]}”, which the file's "
            f"encoding ({codec}) cannot hold",
            path=file.path,
            hint="save the file as UTF-8, then run dilmac lint --fix again",
        ) from None
    write_atomic(output or path, fixed, what="the fixed file", display=str(output or file.path))


def _encoding_of(data: bytes, source: str) -> tuple[bytes, str] | None:
    """(byte order mark, codec) that read `data` as `source`, the text the file was checked as."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            candidates = [(bom, codec)]
            break
    else:
        candidates = [(b"", "utf-8"), (b"", "utf-16-le"), (b"", "utf-16-be")]
        declared = _CHARSET.search(data[:8192])  # catalogs in a legacy charset
        if declared:
            candidates.append((b"", declared.group(1).decode("ascii")))
    for bom, codec in candidates:
        try:
            if data[len(bom) :].decode(codec) == source:
                return bom, codec
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def report_lines(plan: Plan, *, applied: bool) -> list[str]:
    """One line per fix and per fixable finding left alone, one per Word document reviewed,
    then a count."""
    verb = _("fixed: %(where)s") if applied else _("would fix: %(where)s")
    lines = []
    for edit in plan.edits:
        f = edit.finding
        lines.append(verb % {"where": f"{f.path}:{f.line}:{f.column}: [{f.rule}] “{f.found}” → “{edit.new}”"})
    for item in plan.not_fixed:
        f = item.finding
        where = f"{f.path}:{f.line}:{f.column}: [{f.rule}] “{f.found}”"
        lines.append(_("not fixed: %(where)s: %(reason)s") % {"where": where, "reason": item.reason})
    lines.extend(plan.notices)
    for file in plan.files:
        if file.kind == "docx" and (file.edits or file.commented):
            changes = ngettext("%(n)d tracked change", "%(n)d tracked changes", len(file.edits)) % {
                "n": len(file.edits)
            }
            comments = ngettext("%(n)d comment", "%(n)d comments", len(file.commented)) % {"n": len(file.commented)}
            if applied:
                line = _("%(path)s: %(changes)s and %(comments)s: review them in Word or LibreOffice")
            else:
                line = _("%(path)s: would add %(changes)s and %(comments)s")
            lines.append(line % {"path": file.path, "changes": changes, "comments": comments})
    count = len(plan.edits)
    files = sum(1 for file in plan.files if file.edits)
    fixes = ngettext("%(n)d fix", "%(n)d fixes", count) % {"n": count}
    in_files = ngettext("%(fixes)s in %(n)d file", "%(fixes)s in %(n)d files", files) % {"fixes": fixes, "n": files}
    lines.append(in_files if applied else _("%(fixes)s (nothing written)") % {"fixes": in_files})
    return lines


def fixes_json(plan: Plan, *, applied: bool) -> dict:
    """The plan for the JSON output: {"applied", "fixes": [...], "not_fixed": [...],
    "comments": [...], "notices"}."""

    def where(f: Finding) -> dict:
        data = {
            "path": f.path,
            "line": f.line,
            "column": f.column,
            "end_line": f.end_line,
            "end_column": f.end_column,
            "rule": f.rule,
            "found": f.found,
        }
        if f.location is not None:
            data["location"] = f.location.to_json()
        return data

    return {
        "applied": applied,
        "fixes": [{**where(e.finding), "replacement": e.new} for e in plan.edits],
        "not_fixed": [{**where(n.finding), "reason": n.reason} for n in plan.not_fixed],
        "comments": [where(f) for file in plan.files for f in file.commented],
        "notices": list(plan.notices),
    }
