"""Autofix: apply a lint run's unambiguous suggestions to the files (`dilmac lint --fix`/`--diff`).

A finding is fixed only when the fix is certain and cannot damage the file:
- its rule's suggestion is the termbase's answer (FIXABLE) and there is exactly one;
- the file still reads as it was checked there, and the span holds no markup, code, entity or
  escape (the checked text equals the file's text over the span), so nothing but the name moves;
- in catalogs it lies inside a translation (msgstr, <target>): source strings and templates are
  never changed;
- it overlaps no other fix (a homoglyph fix inside a term fix is part of the term fix).
Every other fixable finding is reported as not fixed, with the reason. Files are rewritten
through `dilmac.core.safe_write` (locked, atomic, refused when the file changed since it was
checked, read-only or a symbolic link) in the encoding, byte order mark and line endings they
had, or written to `--output`; a file that is not written keeps its fixes out of the report.
In Word documents the fixes become tracked changes and the other warnings and errors comments, for the author to review
(`dilmac.report.docx`).
"""

from __future__ import annotations

import bisect
import codecs
import difflib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dilmac.core.document import Document
from dilmac.core.errors import DilmacError
from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import gettext as _
from dilmac.core.i18n import ngettext
from dilmac.core.safe_write import Conflict, rewrite, write_atomic
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
        for line in _unified_diff(file, fromfile=f"a/{file.path}", tofile=f"b/{file.path}"):
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _unified_diff(file: FileFix, *, fromfile: str, tofile: str, context: int = 3) -> list[str]:
    """What difflib.unified_diff(old lines, new lines) gives, computed from the edits: the lines
    they touch are the changes, every other line is equal. difflib would search for them, which
    is quadratic on a catalog of near-identical lines (10 000 fixes took 20 s)."""
    old = file.doc.source
    old_lines = old.splitlines(keepends=True)
    if not file.edits or not old_lines:
        return list(difflib.unified_diff(old_lines, file.fixed_source().splitlines(keepends=True), fromfile, tofile))
    starts = [0]
    for line in old_lines:
        starts.append(starts[-1] + len(line))
    groups: list[list] = []  # [first line, end line, edits] of old lines that change
    for edit in file.edits:
        first = min(bisect.bisect_right(starts, edit.start) - 1, len(old_lines) - 1)
        end = min(bisect.bisect_right(starts, max(edit.end - 1, edit.start)), len(old_lines))
        if groups and first < groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], end)
            groups[-1][2].append(edit)
        else:
            groups.append([first, end, [edit]])
    changes, shift = [], 0  # (old first, old end, new first, new lines) of each changed range
    for first, end, edits in groups:
        pieces, at = [], starts[first]
        for edit in edits:
            pieces += [old[at : edit.start], _written(edit.new, file.kind)]
            at = edit.end
        pieces.append(old[at : starts[end]])
        new_lines = "".join(pieces).splitlines(keepends=True)
        if new_lines != old_lines[first:end]:
            changes.append((first, end, first + shift, new_lines))
        shift += len(new_lines) - (end - first)
    if not changes:
        return []
    out = [f"--- {fromfile}\n", f"+++ {tofile}\n"]
    hunk = [changes[0]]
    for change in changes[1:]:  # changes closer than twice the context share a hunk, as in difflib
        if change[0] - hunk[-1][1] <= 2 * context:
            hunk.append(change)
        else:
            out += _hunk(old_lines, hunk, context)
            hunk = [change]
    return out + _hunk(old_lines, hunk, context)


def _hunk(old_lines: list[str], changes: list[tuple], n: int) -> list[str]:
    i_start = max(changes[0][0] - n, 0)
    j_start = changes[0][2] - (changes[0][0] - i_start)
    i_end = min(changes[-1][1] + n, len(old_lines))
    j_end = changes[-1][2] + len(changes[-1][3]) + (i_end - changes[-1][1])
    lines, at = [], i_start
    for i1, i2, _j1, new_lines in changes:
        lines += [" " + line for line in old_lines[at:i1]]
        lines += ["-" + line for line in old_lines[i1:i2]]
        lines += ["+" + line for line in new_lines]
        at = i2
    lines += [" " + line for line in old_lines[at:i_end]]
    return [f"@@ -{_range(i_start, i_end)} +{_range(j_start, j_end)} @@\n", *lines]


def _range(start: int, end: int) -> str:
    """A hunk's range as unified diffs write it (difflib's _format_range_unified)."""
    length = end - start
    if length == 1:
        return str(start + 1)
    return f"{start if length == 0 else start + 1},{length}"


def apply(
    plan: Plan,
    *,
    author: str = AUTHOR,
    output: Path | None = None,
    force: bool = False,
    follow_symlinks: bool = False,
) -> list[DilmacError]:
    """Write every fixed file (to `output` instead, for a plan of one file); a file that cannot
    be written is left as it was (its error returned, its fixes moved to the plan's not fixed).
    Word documents get their fixes as tracked changes by `author` and comments. `force` writes
    read-only files and Word documents a lock file says are open; `follow_symlinks` writes the
    targets of symbolic links (else a link is not written)."""
    errors = _review_word_documents(
        plan, write=True, author=author, output=output, force=force, follow_symlinks=follow_symlinks
    )
    for file in plan.files:
        if file.kind == "docx":
            continue
        try:
            _write_fixed(file, output, force=force, follow=follow_symlinks)
        except DilmacError as exc:
            errors.append(exc)
            _not_written(plan, file)
    return errors


def _review_word_documents(
    plan: Plan,
    *,
    write: bool,
    author: str = AUTHOR,
    output: Path | None = None,
    force: bool = False,
    follow_symlinks: bool = False,
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
        try:
            data = _read_again(Path(file.path), file.path)
            review = docx.review(file.path, data, file.doc, file.edits, file.notes, author=author, when=when)
            if write and (review.data is not None or output is not None):
                reviewed = review.data or data
                if output is not None:
                    docx.save(output, reviewed, display=str(output), force=force)
                else:
                    docx.save(
                        Path(file.path),
                        reviewed,
                        display=file.path,
                        force=force,
                        follow_symlinks=follow_symlinks,
                        expected=data,
                    )
        except DilmacError as exc:
            errors.append(exc)
            _not_written(plan, file)
            continue
        file.edits, file.commented = review.applied, review.comments
        plan.not_fixed += [NotFixed(edit.finding, reason) for edit, reason in review.refused]
    return errors


def _not_written(plan: Plan, file: FileFix) -> None:
    """A file that could not be written: its fixes are reported as not made."""
    plan.not_fixed += [NotFixed(edit.finding, "the file was not written (see the error)") for edit in file.edits]
    file.edits, file.commented = [], []


def _read_again(path: Path, display: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DilmacError(
            f"cannot read the file again to fix it: {exc.strerror or exc}",
            path=display,
            hint="check that the file still exists and may be read",
        ) from None


def _write_fixed(file: FileFix, output: Path | None = None, *, force: bool = False, follow: bool = False) -> None:
    """Write the fixed file: over the file itself only if it still holds what was checked (else
    nothing is written and the fixed text is kept in a side file), or to `output`."""
    if output is not None:
        fixed = _fixed_bytes(file, _read_again(Path(file.path), file.path))
        if fixed is None:
            raise DilmacError(
                "not fixed: the file changed while it was being checked",
                path=file.path,
                hint="run dilmac lint --fix again",
            )
        write_atomic(output, fixed, what="the fixed file", display=str(output), force=force)
        return

    def compute(data: bytes | None) -> bytes:
        fixed = _fixed_bytes(file, data) if data is not None else None
        if fixed is None:
            raise Conflict("the file changed after dilmac checked it (was it saved meanwhile?)")
        return fixed

    rewrite(
        Path(file.path),
        compute,
        parse=lambda data: _reads(data, file),
        keep=lambda: file.fixed_source().encode("utf-8"),
        what="the fixed file",
        display=file.path,
        force=force,
        follow_symlinks=follow,
    )


def _fixed_bytes(file: FileFix, data: bytes) -> bytes | None:
    """The fixed file in the encoding that read `data` as the checked text; None if `data` is
    not what was checked."""
    encoding = _encoding_of(data, file.doc.source)
    if encoding is None:
        return None
    bom, codec = encoding
    try:
        return bom + file.fixed_source().encode(codec)
    except UnicodeEncodeError as exc:
        raise DilmacError(
            f"not fixed: the fix needs “{exc.object[exc.start : exc.end]}”, which the file's "
            f"encoding ({codec}) cannot hold",
            path=file.path,
            hint="save the file as UTF-8, then run dilmac lint --fix again",
        ) from None


def _reads(data: bytes, file: FileFix) -> None:
    """Raise DilmacError unless `data` reads as a whole document of the file's kind."""
    from dilmac.readers import decode, read_text
    from dilmac.readers.po import decode_po

    if file.kind in ("po", "pot"):
        source, _ = decode_po(data, file.path)
    else:
        source, _ = decode(data, file.path)
    read_text(source, file.path, file.kind)


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
