"""`dilmac lint --fix` on Word documents: fixes as tracked changes, findings as comments.

Each certain fix becomes a revision the author accepts or rejects in Word or LibreOffice: the
wrong words in a w:del, the right ones in a w:ins after them, with the formatting of the first
replaced run. Only the words that differ are replaced (“Göç İdaresi Genel Müdürlüğü” →
“Göç İdaresi Başkanlığı” deletes “Genel Müdürlüğü”), and a run is split only where a change or
a comment begins or ends. Every other warning or error becomes a Word comment on its words,
with the message and the suggestions. Word shows comments only in the body, so a finding in a
footnote or text box is commented at the body run that refers to it or holds it, and one in a
header or footer at the start of the document.

What is left alone, with the reason, as a comment instead: a name over two paragraphs, inside
another reviewer's tracked change (Word cannot nest revisions), or in text that is not plain
runs (ruby, math). Nothing else of the package changes: the parts without changes are copied
as they are, and in a changed part only the changed paragraphs are rewritten
(`dilmac.report.xml_splice`). dilmac's comments from an earlier run are recognised by their rule
and place and not added again, and inserted text reads as the fixed text, so a second run
changes nothing.
"""

from __future__ import annotations

import bisect
import copy
import io
import posixpath
import re
import shutil
import zipfile
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

from dilmac.core.document import Document
from dilmac.core.errors import DilmacError
from dilmac.core.findings import Finding
from dilmac.core.safe_write import Conflict, rewrite
from dilmac.readers.docx import (
    CONTENT_TYPES,
    RELS,
    RESAVE,
    TYPES,
    Layout,
    Line,
    W,
    enclosing_run,
    open_archive,
    paragraph_pieces,
    parse_part,
    read_docx,
    read_layout,
    read_part,
)
from dilmac.report.xml_splice import SpanError, element_spans, splice

AUTHOR = "dilmac"
COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# A package larger than this is refused before anything is decompressed (zip bombs): a press
# release with pictures is a few megabytes.
MAX_ENTRY_SIZE = 256 * 1024 * 1024
MAX_PACKAGE_SIZE = 1024 * 1024 * 1024

_TEXT_CHILDREN = frozenset(f"{W}{tag}" for tag in ("t", "tab", "br", "cr", "noBreakHyphen", "softHyphen"))
# Elements a run may sit in for its text to be replaced: links, fields, content controls.
_CONTAINERS = frozenset(
    f"{W}{tag}" for tag in ("hyperlink", "smartTag", "sdt", "sdtContent", "customXml", "fldSimple", "dir", "bdo")
)
_REVISIONS = frozenset(f"{W}{tag}" for tag in ("ins", "del", "moveTo", "moveFrom"))
_RULE_TAG = re.compile(r"^\[([a-z0-9-]+)\]")


def comment_paragraphs(finding: Finding, where: str | None, reason: str | None) -> list[str]:
    """The text of the comment on a finding, one string per paragraph. The first paragraph
    starts with the rule id in brackets, by which a later run knows its own comments. (All the
    comment text is made here, for translation.)"""
    lead = f"[{finding.rule}] " + (f"{where[:1].upper()}{where[1:]}: " if where else "") + finding.message
    paragraphs = [lead]
    if finding.suggestions:
        label = "Suggestion" if len(finding.suggestions) == 1 else "Suggestions"
        paragraphs.append(f"{label}: " + "; ".join(finding.suggestions))
    if reason:
        paragraphs.append(f"Not fixed automatically: {reason}.")
    return paragraphs


@dataclass
class Review:
    """What --fix makes of one Word document."""

    applied: list = field(default_factory=list)  # edits written as tracked changes
    refused: list[tuple[object, str]] = field(default_factory=list)  # edits left alone, with the reason
    comments: list[Finding] = field(default_factory=list)  # findings commented (new comments only)
    data: bytes | None = None  # the new package; None when nothing changes


def review(
    path: str,
    data: bytes,
    doc: Document,
    edits: Sequence,
    findings: Sequence[tuple[Finding, str | None]],
    *,
    author: str = AUTHOR,
    when: datetime,
) -> Review:
    """Plan and make the tracked changes (`edits`: .start, .end, .new, .finding) and the
    comments (findings with the reason they were not fixed, or None) in the package `data`,
    which must read as `doc`."""
    archive = open_archive(data, path)
    check_package(archive, path)
    layout = read_layout(archive, path)
    if layout.text != doc.source:
        raise DilmacError(
            "not fixed: the file changed while it was being checked", path=path, hint="run dilmac lint --fix again"
        )
    editor = _Editor(archive, layout, path, author, when)
    result = Review()
    for edit in edits:
        reason = editor.add_fix(edit)
        if reason is None:
            result.applied.append(edit)
        else:
            result.refused.append((edit, reason))
    notes = list(findings) + [(edit.finding, reason) for edit, reason in result.refused]
    for finding, reason in sorted(notes, key=lambda note: note[0].sort_key()):
        if editor.add_comment(finding, reason):
            result.comments.append(finding)
    if result.applied or result.comments:
        result.data = editor.package()
    return result


def check_package(archive: zipfile.ZipFile, path: str) -> None:
    """Refuse what no word processor writes and what could trick a reader of the package:
    entry names that climb out of it or name one part twice, encrypted or unusually compressed
    entries, and sizes that only a zip bomb has (the sizes are checked before anything is
    decompressed, and zipfile never decompresses more than an entry declares)."""
    seen: set[str] = set()
    total = 0
    for info in archive.infolist():
        name = info.filename
        segments = name.split("/")
        if name.startswith("/") or "\\" in name or ".." in segments or ":" in segments[0] or "\0" in name:
            raise _refused(path, f"an entry named {name!r} points outside the package")
        if name.lower() in seen:
            raise _refused(path, f"the entry {name!r} is there twice")
        seen.add(name.lower())
        if info.flag_bits & 0x1:
            raise _refused(path, f"the entry {name!r} is encrypted", "save it again without a password")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refused(path, f"the entry {name!r} is compressed in a way Word never uses")
        total += info.file_size
        if info.file_size > MAX_ENTRY_SIZE or total > MAX_PACKAGE_SIZE:
            raise _refused(path, f"it would unpack to more than {MAX_PACKAGE_SIZE >> 20} MB (a zip bomb?)")


def _refused(path: str, why: str, hint: str = RESAVE) -> DilmacError:
    return DilmacError(f"not fixed: the .docx package is unsafe: {why}", path=path, hint=hint)


def lock_files(target: Path) -> list[Path]:
    """The lock files of Word (~$name.docx, whose name loses its first letters when it is long)
    and LibreOffice (.~lock.name.docx#) beside `target`: someone has it open."""
    name, stem = target.name, target.stem
    candidates = ["~$" + name] + ["~$" + name[cut:] for cut in (1, 2) if len(stem) > cut + 1]
    candidates.append(f".~lock.{name}#")
    return [target.parent / candidate for candidate in candidates if (target.parent / candidate).exists()]


def save(
    target: Path,
    data: bytes,
    *,
    display: str,
    force: bool,
    follow_symlinks: bool = False,
    expected: bytes | None = None,
) -> None:
    """Write the reviewed document over `target` (or as a new file) through the safe writer,
    unless Word or LibreOffice has it open and --force was not given. With `expected`, the
    document must still hold those bytes (the ones reviewed), else nothing is written."""
    locks = lock_files(target)
    if locks and not force:
        raise DilmacError(
            f"not fixed: the document is open in a word processor (lock file {locks[0].name} beside it)",
            path=display,
            hint="close it there and run dilmac lint --fix again, or pass --force to write it anyway",
        )

    def compute(current: bytes | None) -> bytes:
        if expected is not None and current != expected:
            raise Conflict("the document changed after dilmac checked it (was it saved meanwhile?)")
        return data

    rewrite(
        target,
        compute,
        parse=lambda package: read_docx(package, display),
        keep=lambda: data,
        what="the reviewed document",
        display=display,
        force=force,
        follow_symlinks=follow_symlinks,
    )


def minimal_change(old: str, new: str) -> tuple[int, int]:
    """Lengths of the whole words at the start and the end that `old` and `new` share, leaving
    at least one character of each to replace: only the words that differ are revised."""
    prefix = 0
    for index in range(min(len(old), len(new)) - 1):
        if old[index] != new[index]:
            break
        if old[index].isspace():
            prefix = index + 1
    suffix = 0
    for index in range(1, min(len(old), len(new)) - prefix):
        if old[-index] != new[-index]:
            break
        if old[-index].isspace():
            suffix = index
    return prefix, suffix


class _Editor:
    def __init__(self, archive: zipfile.ZipFile, layout: Layout, path: str, author: str, when: datetime) -> None:
        self.archive, self.layout, self.path, self.author, self.when = archive, layout, path, author, when
        self.date = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.line_starts = [line.start for line in layout.lines]
        self.fixes: dict[int, list[tuple[int, int, str]]] = {}  # line index → (start, end, new)
        self.spans: dict[int, list[tuple[int, int, str]]] = {}  # line index → comment (start, end, id)
        self.anchored: list[tuple[object, str]] = []  # (body element or None: document start, comment id)
        self.comments: list[tuple[str, list[str]]] = []  # (id, paragraphs)
        self.comments_part = next((t for k, t in layout.main_rels.values() if k == "comments"), None)
        if self.comments_part is not None and self.comments_part not in archive.NameToInfo:
            self.comments_part = None
        self.comments_root = parse_part(archive, self.comments_part, path) if self.comments_part else None
        ids = [
            int(value)
            for root in [*layout.roots.values(), self.comments_root]
            if root is not None
            for element in root.iter()
            if isinstance(element.tag, str)
            for value in [element.get(f"{W}id")]
            if value is not None and value.lstrip("-").isdigit()
        ]
        self.next_id = max(ids, default=0) + 1
        self.created: set = set()  # the revisions this run makes
        self.own_spans, self.own_texts = self._earlier_comments()

    def _earlier_comments(self) -> tuple[set, Counter]:
        """dilmac's comments already in the document: (rule, start, end) of those on text, and
        how many there are of each first paragraph (for those anchored away from their text)."""
        spans, texts = set(), Counter()
        if self.comments_root is None:
            return spans, texts
        for comment in self.comments_root.iterchildren(f"{W}comment"):
            first = comment.find(f"{W}p")
            text = "".join(t.text or "" for t in first.iter(f"{W}t")) if first is not None else ""
            rule = _RULE_TAG.match(text)
            if rule is None:
                continue
            texts[text] += 1
            where = self.layout.comment_ranges.get(comment.get(f"{W}id"))
            if where is not None:
                spans.add((rule.group(1), *where))
        return spans, texts

    def _line(self, offset: int) -> int:
        return max(bisect.bisect_right(self.line_starts, offset) - 1, 0)

    def _new_id(self) -> str:
        self.next_id += 1
        return str(self.next_id - 1)

    # ------------------------------------------------------------------ planning

    def add_fix(self, edit) -> str | None:
        """Plan a fix as a tracked change, or say why it cannot be one."""
        old = self.layout.text[edit.start : edit.end]
        prefix, suffix = minimal_change(old, edit.new)
        start, end, new = edit.start + prefix, edit.end - suffix, edit.new[prefix : len(edit.new) - suffix]
        index = self._line(start)
        line = self.layout.lines[index]
        if end > line.start + sum(len(piece.text) for piece in line.pieces):
            return "the name runs over two paragraphs: fix it by hand"
        for run in _runs(line, start, end):
            if run is None:
                return "the name is in special text (math, ruby): fix it by hand"
            for ancestor in run.iterancestors():
                if ancestor is line.paragraph:
                    break
                if ancestor.tag in _REVISIONS:
                    return "it is inside a tracked change not yet accepted or rejected: do that first"
                if ancestor.tag not in _CONTAINERS:
                    return "the name is in special text (math, ruby): fix it by hand"
        taken = self.fixes.setdefault(index, [])
        if any(start < e and s < end for s, e, _ in taken):
            return "overlaps another fix: choose by hand"
        taken.append((start, end, new))
        return None

    def add_comment(self, finding: Finding, reason: str | None) -> bool:
        """Plan a comment on a finding; False when dilmac's comment is already there."""
        index = self._line(finding.start)
        line = self.layout.lines[index]
        paragraphs = comment_paragraphs(finding, None if line.in_body else line.place.story(), reason)
        # a name read over a paragraph's end is commented in its first paragraph
        end = min(finding.end, line.start + sum(len(piece.text) for piece in line.pieces))
        if line.in_body:
            if (finding.rule, finding.start, end) in self.own_spans:
                return False
        elif self.own_texts[paragraphs[0]] > 0:  # (as many as there were: the same words twice)
            self.own_texts[paragraphs[0]] -= 1
            return False
        comment_id = self._new_id()
        if line.in_body:
            self.spans.setdefault(index, []).append((finding.start, end, comment_id))
        else:
            self.anchored.append((line.anchor, comment_id))
        self.comments.append((comment_id, paragraphs))
        return True

    # ------------------------------------------------------------------ writing

    def package(self) -> bytes:
        layout = self.layout
        originals = {}
        edited = {layout.main} | {layout.lines[index].part for index in self.fixes}  # (comments: in the body)
        for part in edited:
            root = layout.roots[part]
            try:
                originals[part] = element_spans(layout.sources[part], root)
            except SpanError as exc:
                raise DilmacError(
                    f"not fixed: the part {part} could not be read precisely enough to edit it ({exc})",
                    path=self.path,
                    hint=RESAVE + ", then run dilmac lint --fix again",
                ) from None
        changed: dict[str, set] = {}
        for index in sorted(set(self.fixes) | set(self.spans)):
            self._split(index)
        # the runs each comment starts and ends at, found before deletions hide their text
        marked = [
            (self._run_at(start), self._run_at(end - 1), comment_id)
            for spans in self.spans.values()
            for start, end, comment_id in spans
        ]
        for index, fixes in self.fixes.items():
            line = layout.lines[index]
            for start, end, new in fixes:
                self._revise(line, start, end, new)
            changed.setdefault(line.part, set()).add(line.paragraph)
        for first, last, comment_id in marked:
            self._mark(first, last, comment_id, changed)
        for anchor, comment_id in self.anchored:
            self._mark_at(anchor, comment_id, changed)
        parts = {
            part: splice(layout.sources[part], originals[part], layout.roots[part], elements, {})
            for part, elements in changed.items()
        }
        parts.update(self._comment_parts())
        return self._zip(parts)

    def _split(self, index: int) -> None:
        """Split the runs of a line where a fix or a comment begins or ends, and read the line's
        pieces again from the split runs."""
        line = self.layout.lines[index]
        fixes = self.fixes.get(index, [])
        cuts = sorted({p for s, e, _ in fixes + self.spans.get(index, []) for p in (s, e)})
        deleted = [(s, e) for s, e, _ in fixes]
        runs: dict = {}
        for piece in line.pieces:
            run = piece.element.getparent()
            if run.tag == f"{W}r":
                first, last = runs.get(run, (piece.start, piece.start))
                runs[run] = (min(first, piece.start), max(last, piece.start + len(piece.text)))
        for run, (start, end) in runs.items():
            inside = [cut for cut in cuts if start <= cut <= end]
            if inside:
                _split_run(run, start, inside, deleted)
        line.pieces = paragraph_pieces(line.paragraph, line.start)

    def _run_at(self, offset: int):
        line = self.layout.lines[self._line(offset)]
        for piece in line.pieces:
            if piece.start <= offset < piece.start + len(piece.text):
                return enclosing_run(piece.element)
        return None

    def _revise(self, line: Line, start: int, end: int, new: str) -> None:
        """The runs over [start, end) into a w:del, and the new text in a w:ins after them."""
        runs = []
        for piece in line.pieces:
            if start <= piece.start < end and piece.element.getparent() not in runs:
                runs.append(piece.element.getparent())
        groups: list[list] = []
        for run in runs:
            if groups and groups[-1][-1].getnext() is run:
                groups[-1].append(run)
            else:
                groups.append([run])
        wrappers = []
        for group in groups:
            wrapper = self._revision("del")
            group[0].addprevious(wrapper)
            for run in group:
                wrapper.append(run)
                for text in run.iterchildren(f"{W}t"):
                    text.tag = f"{W}delText"
            wrappers.append(wrapper)
        inserted = self._revision("ins")
        inserted.append(_text_run(new, runs[0].find(f"{W}rPr")))
        wrappers[0].addnext(inserted)

    def _revision(self, kind: str):
        from lxml import etree

        element = etree.Element(
            f"{W}{kind}", {f"{W}id": self._new_id(), f"{W}author": self.author, f"{W}date": self.date}
        )
        self.created.add(element)
        return element

    def _mark(self, first, last, comment_id: str, changed: dict) -> None:
        """A comment on the body text from run `first` to run `last`."""
        from lxml import etree

        if first.getparent() in self.created:  # a deleted run: mark the whole deletion
            first = first.getparent()
        if last.getparent() in self.created:
            last = last.getparent()
        if last.getnext() in self.created:  # and the insertion that goes with it
            last = last.getnext()
        first.addprevious(etree.Element(f"{W}commentRangeStart", {f"{W}id": comment_id}))
        end_mark = etree.Element(f"{W}commentRangeEnd", {f"{W}id": comment_id})
        last.addnext(end_mark)
        holder = end_mark
        while holder.getparent().tag in _REVISIONS:  # the reference must survive a rejected revision
            holder = holder.getparent()
        holder.addnext(_reference_run(comment_id))
        for element in (first, last):
            changed.setdefault(self.layout.main, set()).add(next(element.iterancestors(f"{W}p")))

    def _mark_at(self, anchor, comment_id: str, changed: dict) -> None:
        """A comment on a body run (a note reference, a text box), or at the document's start."""
        from lxml import etree

        if anchor is not None:
            self._mark(anchor, anchor, comment_id, changed)
            return
        body = self.layout.roots[self.layout.main].find(f"{W}body")
        paragraph = next(body.iter(f"{W}p"), None) if body is not None else None
        if paragraph is None:
            return
        properties = paragraph.find(f"{W}pPr")
        at = 0 if properties is None else paragraph.index(properties) + 1
        marks = [
            etree.Element(f"{W}commentRangeStart", {f"{W}id": comment_id}),
            etree.Element(f"{W}commentRangeEnd", {f"{W}id": comment_id}),
            _reference_run(comment_id),
        ]
        for offset, mark in enumerate(marks):
            paragraph.insert(at + offset, mark)
        changed.setdefault(self.layout.main, set()).add(paragraph)

    def _comment_parts(self) -> dict[str, bytes]:
        """The comments part with the new comments, and where it is new, its relationship and
        content type."""
        from lxml import etree

        if not self.comments:
            return {}
        new_comments = [self._comment(comment_id, paragraphs) for comment_id, paragraphs in self.comments]
        if self.comments_root is not None:
            root, name = self.comments_root, self.comments_part
            source = read_part(self.archive, name, self.path)
            spans = element_spans(source, root)
            for comment in new_comments:
                root.append(comment)
            return {name: splice(source, spans, root, set(), {root: new_comments})}
        name = self._free_name(posixpath.join(posixpath.dirname(self.layout.main), "comments.xml"))
        root = etree.Element(f"{W}comments", nsmap={"w": W[1:-1]})
        root.extend(new_comments)
        parts = {name: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)}
        parts.update(self._relate(name))
        return parts

    def _comment(self, comment_id: str, paragraphs: list[str]):
        from lxml import etree

        comment = etree.Element(
            f"{W}comment",
            {
                f"{W}id": comment_id,
                f"{W}author": self.author,
                f"{W}date": self.date,
                f"{W}initials": "".join(word[0] for word in self.author.split()).upper(),
            },
        )
        for number, text in enumerate(paragraphs):
            paragraph = etree.SubElement(comment, f"{W}p")
            if number == 0:
                etree.SubElement(etree.SubElement(paragraph, f"{W}r"), f"{W}annotationRef")
            paragraph.append(_text_run(text, None))
        return comment

    def _free_name(self, wanted: str) -> str:
        names = {name.lower() for name in self.archive.NameToInfo}
        stem, number, name = wanted[: -len(".xml")], 1, wanted
        while name.lower() in names:
            name, number = f"{stem}{number}.xml", number + 1
        return name

    def _relate(self, part: str) -> dict[str, bytes]:
        """The main part's relationship to a new comments part, and its content type."""
        from lxml import etree

        folder, base = posixpath.split(self.layout.main)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        new_parts = {}
        if rels_name in self.archive.NameToInfo:
            root = parse_part(self.archive, rels_name, self.path)
        else:
            root = etree.Element(f"{RELS}Relationships", nsmap={None: RELS[1:-1]})
        used = {rel.get("Id") for rel in root}
        number = len(used) + 1
        while f"rId{number}" in used:
            number += 1
        target = posixpath.relpath(part, folder or ".")
        attributes = {"Id": f"rId{number}", "Type": COMMENTS_TYPE, "Target": target}
        new_parts[rels_name] = self._appended(rels_name, root, f"{RELS}Relationship", attributes)
        types = parse_part(self.archive, CONTENT_TYPES, self.path)
        attributes = {"PartName": "/" + part, "ContentType": COMMENTS_CONTENT_TYPE}
        new_parts[CONTENT_TYPES] = self._appended(CONTENT_TYPES, types, f"{TYPES}Override", attributes)
        return new_parts

    def _appended(self, name: str, root, tag: str, attributes: dict) -> bytes:
        """A part with one more element at the end of its root (or new, when it is not there)."""
        from lxml import etree

        if name not in self.archive.NameToInfo:
            etree.SubElement(root, tag, attributes)
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        source = read_part(self.archive, name, self.path)
        spans = element_spans(source, root)
        element = etree.SubElement(root, tag, attributes)
        return splice(source, spans, root, set(), {root: [element]})

    def _zip(self, parts: dict[str, bytes]) -> bytes:
        """The package again: every entry in its place, with its date and compression, the
        changed parts with their new bytes, new parts at the end."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as out:
            for info in self.archive.infolist():
                copy_info = zipfile.ZipInfo(info.filename, info.date_time)
                copy_info.compress_type = info.compress_type
                copy_info.external_attr = info.external_attr
                copy_info.create_system = info.create_system
                copy_info.comment = info.comment
                if info.filename in parts:
                    out.writestr(copy_info, parts.pop(info.filename))
                else:
                    copy_info.file_size = info.file_size
                    try:
                        with self.archive.open(info) as source, out.open(copy_info, "w") as target:
                            shutil.copyfileobj(source, target, 1 << 20)
                    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, RuntimeError) as exc:
                        # A damaged entry the reader never needed (found by the docx fuzz target).
                        raise _refused(self.path, f"the entry {info.filename!r} is damaged ({exc})") from None
            for name, data in parts.items():
                out.writestr(zipfile.ZipInfo(name, self.when.astimezone().timetuple()[:6]), data, zipfile.ZIP_DEFLATED)
        return buffer.getvalue()


def _split_run(run, start: int, cuts: list[int], deleted: list[tuple[int, int]]) -> None:
    """Split a run (its first character at offset `start`) at the offsets `cuts` into runs of
    the same formatting; a run that needs no cut stays as it is. What is not text (a picture, a
    note reference, a field character) never goes into a stretch that will be deleted: at a cut
    it joins the kept side, and between deleted stretches it gets a run of its own."""

    def gone(offset: int) -> bool:
        return any(s <= offset < e for s, e in deleted)

    properties = run.find(f"{W}rPr")
    groups: list[list] = []  # [key, children]

    def put(key, child) -> None:
        if groups and groups[-1][0] == key:
            groups[-1][1].append(child)
        else:
            groups.append([key, [child]])

    pos = start
    for child in list(run):
        if child is properties:
            continue
        if child.tag == f"{W}t":
            text = child.text or ""
            inner = [cut - pos for cut in cuts if pos < cut < pos + len(text)]
            if not inner:
                put(bisect.bisect_right(cuts, pos), child)
            for a, b in pairwise([0, *inner, len(text)]) if inner else ():
                put(bisect.bisect_right(cuts, pos + a), _text_element(child, text[a:b]))
            pos += len(text)
        elif child.tag in _TEXT_CHILDREN:
            put(bisect.bisect_right(cuts, pos), child)
            pos += 1
        elif not gone(pos - 1):
            put(bisect.bisect_right(cuts, pos - 1), child)
        elif not gone(pos):
            put(bisect.bisect_right(cuts, pos), child)
        else:
            put(object(), child)
    if len(groups) < 2:
        return
    for child in list(run):
        if child is not properties:
            run.remove(child)
    run.extend(groups[0][1])  # the run itself keeps the first stretch: others may point at it
    at = run
    for _, children in groups[1:]:
        piece = _empty_like(run, properties)
        piece.extend(children)
        at.addnext(piece)
        at = piece


def _empty_like(run, properties):
    from lxml import etree

    piece = etree.Element(run.tag, dict(run.attrib))
    if properties is not None:
        piece.append(copy.deepcopy(properties))
    return piece


def _text_element(original, text: str):
    from lxml import etree

    element = etree.Element(original.tag, dict(original.attrib))
    element.text = text
    if text != text.strip() or "  " in text:
        element.set(XML_SPACE, "preserve")
    return element


def _text_run(text: str, properties):
    """A run of `text` with a copy of the formatting `properties` (w:rPr, or None)."""
    from lxml import etree

    run = etree.Element(f"{W}r")
    if properties is not None:
        formatting = copy.deepcopy(properties)
        for change in formatting.findall(f"{W}rPrChange"):
            formatting.remove(change)
        run.append(formatting)
    element = etree.SubElement(run, f"{W}t")
    element.text = text
    if text != text.strip() or "  " in text:
        element.set(XML_SPACE, "preserve")
    return run


def _reference_run(comment_id: str):
    from lxml import etree

    run = etree.Element(f"{W}r")
    etree.SubElement(run, f"{W}commentReference", {f"{W}id": comment_id})
    return run


def _runs(line: Line, start: int, end: int) -> list:
    """The runs holding the characters [start, end) of a line; None for a character that is
    not directly in a run."""
    runs = []
    for piece in line.pieces:
        if piece.start < end and start < piece.start + len(piece.text):
            parent = piece.element.getparent()
            run = parent if parent.tag == f"{W}r" else None
            if run not in runs:
                runs.append(run)
    return runs
