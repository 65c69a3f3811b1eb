"""Word .docx: one line per paragraph, so that line N of a finding is paragraph N of the body.

Lines come in this order: the body's paragraphs (table cells row by row, nested tables and
content controls in place), then the paragraphs of text boxes, headers, footers, footnotes
(in the order the text refers to them) and endnotes, so body paragraph numbers do not depend on
them. Each line has a `Place` (paragraph number and first words, table cell, footnote, …).

Tracked changes are read as if accepted: inserted and moved-in text is checked, deleted and
moved-away text is not. Field codes are not text; a field's result is. A line break or tab
inside a paragraph becomes a space or tab, so a paragraph stays one line. Comments are not
read. `source` and `text` are the same string: the paragraphs joined with newlines.

`read_layout` keeps, for `dilmac lint --fix`, the parsed parts and which XML element every
character of the text came from.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field

from dilmac.core.document import Document, Place
from dilmac.core.errors import DilmacError
from dilmac.readers.common import normalize_lang, path_language

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
DC = "{http://purl.org/dc/elements/1.1/}"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RESAVE = "open it in Word (or LibreOffice) and save it again as a Word Document (.docx)"
CONTENT_TYPES = "[Content_Types].xml"
# A zip bomb (a 1 MB file whose document.xml inflates to 1 GiB) is refused before it is read:
# the text of a 1 000-page report is a document.xml of about 20 MB, which deflate shrinks 5 to
# 20 times; parsing costs several times the part's size in memory.
MAX_PART_BYTES = 64 << 20
MAX_RATIO = 100  # uncompressed / compressed, for parts over RATIO_FROM bytes
RATIO_FROM = 1 << 20

_CHARS = {f"{W}tab": "\t", f"{W}br": " ", f"{W}cr": " ", f"{W}noBreakHyphen": "\u2011", f"{W}softHyphen": "\u00ad"}
# Inside a paragraph: what is not visible text.
_SKIP = frozenset(
    {
        f"{W}del",
        f"{W}moveFrom",
        f"{W}delText",
        f"{W}instrText",
        f"{MC}Fallback",  # the same drawing (and text box) again, for older readers
        f"{W}rPr",
        f"{W}pPr",
        f"{W}commentReference",
    }
)
_LINE_BREAKS = str.maketrans(
    {
        "\n": " ",
        "\r": " ",
        "\v": " ",
        "\f": " ",
        "\x1c": " ",
        "\x1d": " ",
        "\x1e": " ",
        "\x85": " ",
        "\u2028": " ",
        "\u2029": " ",
    }
)
_NOTES = {f"{W}footnoteReference": "footnote", f"{W}endnoteReference": "endnote"}
_REL_TAIL = {  # relationship types by their last segment (transitional and strict share it)
    "officeDocument": "main",
    "core-properties": "core",
    "header": "header",
    "footer": "footer",
    "footnotes": "footnotes",
    "endnotes": "endnotes",
    "comments": "comments",
}


@dataclass
class Piece:
    """Characters of the text that come from one element: a w:t, or a w:tab, w:br, …"""

    element: object  # lxml element
    start: int  # offset in the document text
    text: str


@dataclass
class Line:
    """One paragraph: where it is in the package and where each of its characters came from."""

    part: str  # the package part (zip entry) holding it
    paragraph: object  # its w:p element
    start: int  # offset of its first character in the document text
    pieces: list[Piece]
    place: Place
    # Where a comment about this line goes: Word shows comments only in the body, so a line of a
    # footnote or text box is commented at the body run that refers to it or holds it, and a
    # header or footer line at the start of the document (anchor None, in_body False).
    in_body: bool
    anchor: object | None = None


@dataclass
class Layout:
    """A parsed Word package: its text, its lines, and what `--fix` needs to edit it."""

    main: str  # the main document part, usually word/document.xml
    main_rels: dict[str, tuple[str, str]]  # relationship id → (kind, target part) of the main part
    roots: dict[str, object]  # story parts (main, headers, footers, notes) → their parsed root
    sources: dict[str, bytes]  # the same parts as they are in the file
    lines: list[Line] = field(default_factory=list)
    text: str = ""
    lang: str | None = None
    comment_ranges: dict[str, tuple[int, int]] = field(default_factory=dict)  # id → span in the text


def read_docx(data: bytes, path: str) -> Document:
    archive = open_archive(data, path)
    layout = read_layout(archive, path)
    return Document(
        path=path,
        source=layout.text,
        text=layout.text,
        lang=normalize_lang(layout.lang) or path_language(path),
        places=[line.place for line in layout.lines],
    )


def paragraph_pieces(paragraph, start: int) -> list[Piece]:
    """Where each character of one paragraph comes from, its first character at `start`: the
    walk that read it, again after an edit (`dilmac lint --fix`)."""
    reader = _Reader(None, "")
    reader.pos = start
    pieces: list[Piece] = []
    reader._walk(paragraph, pieces, _Story("", "paragraph"))
    return pieces


def enclosing_run(element):
    """The w:r an element is in (the element itself if it is one), or None."""
    while element is not None and element.tag != f"{W}r":
        element = element.getparent()
    return element


def open_archive(data: bytes, path: str) -> zipfile.ZipFile:
    """The zip archive of a .docx, or an error that says what the file is instead."""
    if data.startswith(OLE_MAGIC):
        raise DilmacError(
            "this is an old-format Word file (.doc) or a password-protected document, not a .docx",
            path=path,
            hint=RESAVE + ", without a password",
        )
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise DilmacError("not a valid .docx (zip) file", path=path, hint=RESAVE) from None


def read_layout(archive: zipfile.ZipFile, path: str) -> Layout:
    """Read the text of every story of the package with the origin of each character."""
    try:
        return _Reader(archive, path).read()
    except DilmacError:
        raise
    except Exception as exc:  # a broken zip entry (bad CRC, unsupported compression, …)
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DilmacError(f"not a valid .docx (zip) file: {reason}", path=path, hint=RESAVE) from None


def read_part(archive: zipfile.ZipFile, name: str, path: str) -> bytes:
    """A package part's bytes, if its size is plausible for a Word document (see MAX_PART_BYTES);
    the declared size bounds what zipfile reads, and a part that inflates beyond it fails its
    check instead."""
    info = archive.getinfo(name)
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > MAX_PART_BYTES or (info.file_size > RATIO_FROM and ratio > MAX_RATIO):
        raise DilmacError(
            f"not read: the part {name} would inflate to {info.file_size:,} bytes"
            + (f", {ratio:,.0f} times its compressed size" if ratio > MAX_RATIO else "")
            + f" (a Word document's parts stay under {MAX_PART_BYTES >> 20} MiB and {MAX_RATIO} times)",
            path=path,
            hint="this looks like a zip bomb rather than a document; " + RESAVE + " if it is one",
        )
    return archive.read(info)


def parse_part(archive: zipfile.ZipFile, name: str, path: str):
    """A package part as an lxml root. Entities are never expanded and a DOCTYPE (which Word
    never writes) is refused, so entity bombs and external entities cannot get in."""
    from lxml import etree  # imported here: the CLI starts fast

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(read_part(archive, name, path), parser)
    except etree.XMLSyntaxError as exc:
        raise DilmacError(
            f"not a valid .docx: the part {name} is not well-formed XML (line {exc.lineno}: {exc.msg})",
            path=path,
            hint=RESAVE,
        ) from None
    if root.getroottree().docinfo.doctype:
        raise DilmacError(f"not a valid .docx: the part {name} has a DOCTYPE", path=path, hint=RESAVE)
    return root


def relationships(archive: zipfile.ZipFile, part: str, path: str) -> dict[str, tuple[str, str]]:
    """A part's internal relationships: id → (kind, target part name); kind is the last segment
    of the relationship type for the types dilmac reads, else the whole type."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in archive.NameToInfo:
        return {}
    result = {}
    for rel in parse_part(archive, rels_name, path).iterchildren(f"{RELS}Relationship"):
        if rel.get("TargetMode") == "External" or not rel.get("Target"):
            continue
        kind = rel.get("Type", "")
        kind = _REL_TAIL.get(kind.rsplit("/", 1)[-1], kind)
        result[rel.get("Id", "")] = (kind, resolve_target(folder, rel.get("Target")))
    return result


def resolve_target(folder: str, target: str) -> str:
    """The part name a relationship target names, relative to its source's folder."""
    joined = target[1:] if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(joined).lstrip("/")


class _Story:
    """A stretch of text with its own paragraph numbering: the body, a header, a footnote, …"""

    def __init__(self, part: str, kind: str, *, anchor=None, in_body: bool = False, **place) -> None:
        self.part, self.kind, self.anchor, self.in_body, self.place = part, kind, anchor, in_body, place
        self.paragraphs = 0


class _Reader:
    def __init__(self, archive: zipfile.ZipFile, path: str) -> None:
        self.archive, self.path = archive, path
        self.chunks: list[str] = []
        self.pos = 0
        self.lines: list[Line] = []
        self.text_boxes: list[tuple[object, _Story]] = []  # (w:txbxContent, its story)
        self.notes: dict[str, list[tuple[str, object, _Story]]] = {"footnote": [], "endnote": []}
        self.comment_starts: dict[str, int] = {}
        self.comment_ranges: dict[str, tuple[int, int]] = {}

    def read(self) -> Layout:
        archive, path = self.archive, self.path
        if CONTENT_TYPES not in archive.NameToInfo:
            raise DilmacError("not a valid .docx: it has no [Content_Types].xml", path=path, hint=RESAVE)
        package_rels = relationships(archive, "", path)
        main = next((target for kind, target in package_rels.values() if kind == "main"), None)
        if main is None or main not in archive.NameToInfo or "wordprocessingml" not in self._content_type(main):
            raise DilmacError("not a valid .docx: there is no Word document inside", path=path, hint=RESAVE)
        main_rels = relationships(archive, main, path)
        roots = {main: parse_part(archive, main, path)}
        body = roots[main].find(f"{W}body")
        if body is not None:
            body_story = _Story(main, "body", in_body=True)
            self._blocks(body, body_story, ())
            self._text_boxes()
            for kind, section, which, part in self._headers_and_footers(body, main_rels):
                roots[part] = parse_part(archive, part, path)
                self._blocks(roots[part], _Story(part, kind, section=section, which=which), ())
                self._text_boxes()
            for kind in ("footnote", "endnote"):
                self._notes(kind, main_rels, roots)
        lang = None
        core = next((target for kind, target in package_rels.values() if kind == "core"), None)
        if core is not None and core in archive.NameToInfo:
            element = parse_part(archive, core, path).find(f"{DC}language")
            lang = element.text.strip() if element is not None and element.text else None
        return Layout(
            main=main,
            main_rels=main_rels,
            roots=roots,
            sources={name: read_part(archive, name, path) for name in roots},
            lines=self.lines,
            text="".join(self.chunks),
            lang=lang,
            comment_ranges=self.comment_ranges,
        )

    def _content_type(self, part: str) -> str:
        types = parse_part(self.archive, CONTENT_TYPES, self.path)
        for override in types.iterchildren(f"{TYPES}Override"):
            if override.get("PartName", "").lstrip("/").lower() == part.lower():
                return override.get("ContentType", "")
        extension = part.rsplit(".", 1)[-1].lower()
        for default in types.iterchildren(f"{TYPES}Default"):
            if default.get("Extension", "").lower() == extension:
                return default.get("ContentType", "")
        return ""

    def _headers_and_footers(self, body, main_rels):
        """(kind, section, which, part) of each header and footer part, in the order the
        sections show them, each part once."""
        seen = set()
        sections = list(body.iter(f"{W}sectPr"))
        for number, sect in enumerate(sections, 1):
            for reference in sect:
                kind = {f"{W}headerReference": "header", f"{W}footerReference": "footer"}.get(reference.tag)
                target = main_rels.get(reference.get(f"{R}id", ""))
                if kind is None or target is None or target[0] != kind or target[1] in seen:
                    continue
                if target[1] not in self.archive.NameToInfo:
                    continue
                seen.add(target[1])
                yield kind, number if len(sections) > 1 else None, reference.get(f"{W}type", "default"), target[1]

    def _notes(self, kind: str, main_rels, roots) -> None:
        """Footnotes or endnotes in the order the text refers to them, numbered that way."""
        references = self.notes[kind]
        part = next((target for k, target in main_rels.values() if k == kind + "s"), None)
        if not references or part is None or part not in self.archive.NameToInfo:
            return
        roots[part] = parse_part(self.archive, part, self.path)
        by_id = {note.get(f"{W}id"): note for note in roots[part].iterchildren(f"{W}{kind}")}
        done = set()
        for number, (note_id, anchor, story) in enumerate(references, 1):
            note = by_id.get(note_id)
            if note is None or note_id in done:
                continue
            done.add(note_id)
            in_body = story.kind == "body"
            self._blocks(note, _Story(part, kind, anchor=anchor if in_body else story.anchor, note=number), ())
            self._text_boxes()

    def _text_boxes(self) -> None:
        while self.text_boxes:
            content, story = self.text_boxes.pop(0)
            self._blocks(content, story, ())

    def _blocks(self, container, story: _Story, cells: tuple) -> None:
        """Paragraph lines of a body, cell, note or content control, in document order."""
        tables = 0
        for child in container.iterchildren():
            tag = child.tag
            if tag == f"{W}p":
                self._paragraph(child, story, cells)
            elif tag == f"{W}tbl":
                tables += 1
                for row_number, row in enumerate(child.iterchildren(f"{W}tr"), 1):
                    for cell_number, cell in enumerate(row.iterchildren(f"{W}tc", f"{W}sdt"), 1):
                        self._blocks(_content(cell), story, (*cells, (tables, row_number, cell_number)))
            elif tag in (f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}moveTo"):
                self._blocks(_content(child), story, cells)
            elif tag in (f"{W}commentRangeStart", f"{W}commentRangeEnd"):
                self._comment_mark(child, self.pos + 1 if self.lines else 0)

    def _paragraph(self, p, story: _Story, cells: tuple) -> None:
        if self.lines:
            self.chunks.append("\n")
            self.pos += 1
        start = self.pos
        pieces: list[Piece] = []
        self._walk(p, pieces, story)
        text = "".join(piece.text for piece in pieces).translate(_LINE_BREAKS)
        self.chunks.append(text)
        story.paragraphs += 1
        place = Place(story.kind, story.paragraphs, first_words(text), cells, **story.place)
        self.lines.append(Line(story.part, p, start, pieces, place, story.in_body, story.anchor))

    def _walk(self, element, pieces: list[Piece], story: _Story) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == f"{W}t":
                self._piece(child, child.text or "", pieces)
            elif tag in _CHARS:
                # a page or column break is a space too; a tab stays a tab
                self._piece(child, _CHARS[tag], pieces)
            elif tag == f"{W}txbxContent":
                anchor = enclosing_run(child) if story.kind == "body" else story.anchor
                box = _Story(story.part, "text box", anchor=anchor, in_paragraph=_body_paragraph(story))
                self.text_boxes.append((child, box))
            elif tag in _NOTES:
                anchor = child.getparent() if story.kind == "body" else story.anchor
                self.notes[_NOTES[tag]].append((child.get(f"{W}id"), anchor, story))
            elif tag in (f"{W}commentRangeStart", f"{W}commentRangeEnd"):
                self._comment_mark(child, self.pos)
            elif tag != f"{W}p":
                self._walk(child, pieces, story)

    def _piece(self, element, text: str, pieces: list[Piece]) -> None:
        if text:
            pieces.append(Piece(element, self.pos, text))
            self.pos += len(text)

    def _comment_mark(self, element, pos: int) -> None:
        comment_id = element.get(f"{W}id", "")
        if element.tag == f"{W}commentRangeStart":
            self.comment_starts[comment_id] = pos
        elif comment_id in self.comment_starts:
            self.comment_ranges[comment_id] = (self.comment_starts[comment_id], pos)


def _content(element):
    content = element.find(f"{W}sdtContent")
    return element if content is None else content


def _body_paragraph(story: _Story) -> int | None:
    """The number of the body paragraph being read, for a text box in it."""
    return story.paragraphs + 1 if story.kind == "body" else story.place.get("in_paragraph")


def first_words(text: str, limit: int = 40) -> str:
    """The start of a paragraph, cut at a word, to name it."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return (text[:cut] if cut > 0 else text[:limit]) + "…"
