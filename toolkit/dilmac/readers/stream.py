"""Large plain-text, Markdown, PO and XLIFF files read in blocks, so that linting one needs the memory
of a block, not of the file (a Document with its normalised layers costs many times the file).

Blocks are about BLOCK_BYTES long and end at a blank line (a paragraph boundary, where no name
is broken across lines), else at a line end; in Markdown never inside a fenced code block or an
HTML comment, and never just before a `---`/`+++` line that would read as front matter. Each
block is a Document of its own; `Block.line_base` and `char_base` say where it lies in the file.
The first block carries the front matter, so its language and date are the file's.

A PO catalog is cut only before an entry that follows a blank line and a msgstr (or an obsolete
`#~` line), so an entry, its comments and its continuation lines stay in one block. The header
entry's fields go to every later block, which reads with the catalog's languages.

An XLIFF file is first parsed whole with expat, part by part, which checks it (entity
declarations refused, as for a file read whole) and notes the languages it declares and where a
block may start: at the line of a <trans-unit> or <unit> start tag (indentation aside), never
inside a <source> or <target>. Each block is then read by the XLIFF reader with what is still
open (elements, a group not to translate) carried over. A file on one line has no such place and
is read as one block.

A block never grows past FORCE_BLOCKS blocks (a file of one 60 MB line, a Markdown file without
a blank line, an unclosed code fence took over 1 GB): it is then cut at its last line end (in
Markdown inside a code fence, the block gets a closing fence line and the next one an opening
one, which hold no text and shift no position), else at its last space or tab, where the next
block starts within a line (`Block.column_base`).

Files that are not plain UTF-8 (UTF-16/32, binary-looking, a catalog declaring another charset)
are read whole, as `read_document` reads them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dilmac.core.document import Document
from dilmac.core.errors import DilmacError
from dilmac.readers import kind_of, read_document, read_text
from dilmac.readers.decode import SNIFF, mojibake_notices, not_utf8, read_error
from dilmac.readers.markdown import unclosed_fence_notice

BLOCK_BYTES = 1 << 20
FORCE_BLOCKS = 8  # a block found no boundary in this many BLOCK_BYTES: it is cut where it can be
SCAN_BYTES = 1 << 20  # what an XLIFF file's first pass reads at a time, whatever the blocks
STREAMED_KINDS = ("text", "markdown", "po", "pot", "xliff")
CATALOG_KINDS = ("po", "pot")

_UTF8_BOM = b"\xef\xbb\xbf"
_OTHER_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_NOTICE_LINE = re.compile(r"line (\d+)")
_FENCE = re.compile(rb" {0,3}(`{3,}|~{3,})")
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_UTF8_NAMES = (b"utf-8", b"utf8", b"charset")  # "CHARSET": a template's placeholder
_ENTRY_START = re.compile(rb"[ \t]*(?:#|msgctxt\b|msgid[ \t\"])")
_ENTRY_END = re.compile(rb"[ \t]*(?:msgstr|\"|#~)")


@dataclass
class Block:
    doc: Document
    line_base: int  # lines of the file before the block
    char_base: int  # characters of the file before the block
    column_base: int = 0  # characters of its first line before the block (a cut within a line)


def streamable(path: Path) -> bool:
    return kind_of(path) in STREAMED_KINDS


def read_blocks(path: Path, display: str | None = None, block_bytes: int | None = None) -> Iterator[Block]:
    """The file as Documents of about `block_bytes` each, in order."""
    display = display if display is not None else str(path)
    kind = kind_of(path)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise read_error(exc, display) from None
    with handle:
        head = handle.read(SNIFF)
        catalog = kind in CATALOG_KINDS
        if head.startswith(_OTHER_BOMS) or b"\x00" in head or (catalog and _foreign_charset(head)):
            yield Block(read_document(path, display_path=display), 0, 0)
            return
        header: dict[str, str] | None = None  # a catalog's header fields, once read
        pending = bytearray(head[len(_UTF8_BOM) :] if head.startswith(_UTF8_BOM) else head)
        byte_base = len(head) - len(pending)
        line_base = char_base = 0
        notices_left = 3  # garbled-letter notices, for the whole file as for a small one
        block_bytes = block_bytes or BLOCK_BYTES
        force_at = block_bytes * FORCE_BLOCKS
        xliff = None
        if kind == "xliff":
            from dilmac.readers.xliff import Parts

            xliff = Parts(_scan_xliff(handle, display, byte_base, block_bytes))
            handle.seek(len(head))
            cuts = [byte_base + cut for cut in xliff.scan.cuts]  # from the start of the file
        want, eof, first = block_bytes, False, True
        fence: bytes | None = None  # Markdown: the code fence open where the last block was cut
        fence_line = 0  # the line of the file where that fence opened
        column_base = 0
        while True:
            while len(pending) < want and not eof:
                chunk = handle.read(want - len(pending))
                eof = not chunk
                pending += chunk
            if eof and not pending and not first:
                if fence:  # the code block the last block was cut in is never closed
                    doc = read_text("", display, kind)
                    doc.notices = [unclosed_fence_notice(fence_line, fence[:1].decode())]
                    yield Block(doc, line_base, char_base)
                return
            closing = opened = None
            if eof:
                cut = len(pending)
            elif xliff is not None:
                cut = _next_cut(cuts, byte_base, len(pending))
            elif want >= force_at:  # no boundary in 8 blocks: the block ends where it can
                if kind == "markdown":
                    cut, closing, opened = _markdown_cut(pending[:force_at], first=first, fence=fence, force=True)
                else:
                    cut = _cut(pending[:force_at], kind, first=first, force=True)
            elif kind == "markdown":
                cut, closing, opened = _markdown_cut(pending, first=first, fence=fence)
            else:
                cut = _cut(pending, kind, first=first)
            if cut is None:  # no boundary yet (one huge line or code block): read on
                want *= 2
                continue
            want = block_bytes
            data = bytes(pending[:cut])
            del pending[:cut]
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise not_utf8(data, exc, display, byte_base=byte_base, line_base=line_base) from None
            unclosed = False  # the code fence opened before the block is never closed
            if xliff is not None:
                doc = xliff.read(text, line_base)
            elif catalog:
                doc, header = _read_catalog_part(text, display, kind, header, line_base)
            else:
                # Inside a code fence cut open: the fence lines added hold no text, and the one
                # before the block is taken off its lines and characters (see the docstring).
                opening = fence.decode() + "\n" if fence else ""
                ending = ("" if text.endswith("\n") else "\n") + closing.decode() + "\n" if closing else ""
                doc = read_text(opening + text + ending, display, kind)
                unclosed = _without_first_line(doc, len(opening)) if opening else False
            if line_base:
                doc.notices = [
                    _NOTICE_LINE.sub(lambda m, base=line_base: f"line {int(m[1]) + base}", n, count=1)
                    for n in doc.notices
                ]
            if unclosed:
                doc.notices.append(unclosed_fence_notice(fence_line, fence[:1].decode()))
            garbled = mojibake_notices(text, notices_left, line_base) if notices_left else []
            notices_left -= len(garbled)
            doc.notices[:0] = garbled
            yield Block(doc, line_base, char_base, column_base)
            first = False
            if closing and opened is not None:
                fence_line = line_base + 1 + data.count(b"\n", 0, opened)
            fence = closing
            newlines = text.count("\n")
            column_base = len(text) - text.rfind("\n") - 1 + (0 if newlines else column_base)
            line_base += newlines
            char_base += len(text)
            byte_base += cut


def _without_first_line(doc: Document, length: int) -> bool:
    """Take off `doc` (read from a text that starts with the opening fence of a block cut inside
    a code block) that line of `length` characters, so positions are the block's; findings cannot
    stand on it (a fence line holds no text). Whether the reader said that fence is never closed
    (the caller says so at the line where it opened)."""
    doc.source, doc.text = doc.source[length:], doc.text[length:]
    notices = [n for n in doc.notices if not n.startswith("line 1:")]
    unclosed = len(notices) < len(doc.notices)
    doc.notices = [_NOTICE_LINE.sub(lambda m: f"line {int(m[1]) - 1}", n, count=1) for n in notices]
    doc.regions = [type(r)(max(r.start - length, 0), r.end - length, r.lang) for r in doc.regions if r.end > length]
    return unclosed


def _scan_xliff(handle, display: str, start: int, block_bytes: int):
    """The XLIFF file's first pass (xliff.Scan) over its text from byte `start` (after a BOM),
    decoded part by part as strictly as the blocks will be."""
    from dilmac.readers.xliff import Scan

    scan = Scan(display, block_bytes)
    handle.seek(start)
    byte_base, line_base = start, 0
    left = b""
    while True:
        chunk = handle.read(SCAN_BYTES)
        data = left + chunk
        end = len(data)
        if chunk:  # decode whole lines, else (one huge line) whole characters
            end = data.rfind(b"\n") + 1 or _character_start(data)
        data, left = data[:end], data[end:]
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise not_utf8(data, exc, display, byte_base=byte_base, line_base=line_base) from None
        scan.feed(data, final=not chunk)
        if not chunk:
            return scan
        byte_base += len(data)
        line_base += data.count(b"\n")


def _character_start(data: bytes) -> int:
    """Where the last character of `data` starts (it may be cut short)."""
    at = len(data) - 1
    while at > 0 and data[at] & 0xC0 == 0x80:
        at -= 1
    return max(at, 0)


def _next_cut(cuts: list[int], byte_base: int, available: int) -> int | None:
    """The XLIFF block in `available` bytes from `byte_base` ends at the next cut the scan
    allowed after it; None when that cut is not read yet."""
    at = bisect.bisect_right(cuts, byte_base)
    if at == len(cuts) or cuts[at] - byte_base > available:
        return None
    return cuts[at] - byte_base


def _foreign_charset(head: bytes) -> bool:
    declared = _CHARSET.search(head)
    return declared is not None and declared.group(1).lower() not in _UTF8_NAMES


def _read_catalog_part(
    text: str, display: str, kind: str, header: dict[str, str] | None, line_base: int
) -> tuple[Document, dict[str, str] | None]:
    """A block of a catalog as a Document, and the catalog's header fields from then on. Syntax
    errors name the line of the file, not of the block."""
    from dilmac.readers.po import read_po_part

    try:
        doc, found = read_po_part(text, display, template=kind == "pot", header=header)
    except DilmacError as error:
        if error.line is not None:
            error.line += line_base
        raise
    return doc, found if found is not None else header


def _cut(data: bytearray, kind: str, *, first: bool, force: bool = False) -> int | None:
    """Where the block in `data` ends: after its last blank line, else (plain text) after its
    last line end, else (`force`) after its last space or tab; None when there is no such place.
    A catalog is cut only between entries."""
    if kind in CATALOG_KINDS:
        return _catalog_cut(data)
    paragraph = max(data.rfind(b"\n\n"), data.rfind(b"\n\r\n"))
    if paragraph > 0:
        return data.index(b"\n", paragraph + 1) + 1
    line = data.rfind(b"\n")
    if line >= 0:
        return line + 1
    return _space_cut(data) if force else None


def _space_cut(data: bytearray) -> int | None:
    """After the last space or tab of `data` (between words, never inside a character)."""
    space = max(data.rfind(b" "), data.rfind(b"\t"))
    return space + 1 if space > 0 else None


def _markdown_cut(
    data: bytearray, *, first: bool, fence: bytes | None = None, force: bool = False
) -> tuple[int | None, bytes | None, int | None]:
    """Where the Markdown block in `data` ends (its last blank line outside code fences and HTML
    comments), the fence left open there (None), and where in `data` that fence opened (None:
    before it). `fence`: the one open where `data` starts.
    With `force`, a block that has no such place ends at its last line end, with the fence open
    there, else at its last space or tab."""
    cut = None
    in_comment = False
    front_matter = first and (data.startswith((b"---", b"+++")))
    previous_blank = False
    position = 0
    last_line, fence_there = None, fence
    opened_at, opened_there = None, None  # where the fence open at `position` started
    for line in data.splitlines(keepends=True):
        if not line.endswith(b"\n"):
            break  # a partial last line
        start, position = position, position + len(line)
        body = line.strip()
        if front_matter:
            front_matter = start == 0 or body not in (b"---", b"+++", b"...")
            continue
        if previous_blank and fence is None and not in_comment and not line.startswith((b"---", b"+++")):
            cut = start
        previous_blank = not body
        if in_comment:
            in_comment = b"-->" not in line
        else:
            opening = _FENCE.match(line)
            if fence is None and opening:
                fence, opened_at = opening.group(1), start
            elif (
                fence is not None
                and opening
                and opening.group(1).startswith(fence)
                and not line[opening.end() :].strip()
            ):
                fence = None
            elif fence is None:
                comment = line.rfind(b"<!--")
                in_comment = comment >= 0 and b"-->" not in line[comment:]
        last_line, fence_there, opened_there = position, fence, opened_at if fence else None
    if cut is not None or not force:
        return cut, None, None
    if front_matter:
        return None, None, None
    if last_line is not None:
        return last_line, fence_there, opened_there
    return _space_cut(data), fence_there, opened_there


def _catalog_cut(data: bytearray) -> int | None:
    """The start of the last entry in `data` that follows a blank line after a msgstr (or an
    obsolete entry): an entry's comments, keywords and continuation lines are never split."""
    blank = len(data)
    while True:
        blank = max(data.rfind(b"\n\n", 0, blank), data.rfind(b"\n\r\n", 0, blank))
        if blank <= 0:
            return None
        start = data.index(b"\n", blank + 1) + 1
        before = data.rfind(b"\n", 0, blank) + 1
        if _ENTRY_START.match(data, start) and _ENTRY_END.match(data, before) and data.find(b"\n", start) >= 0:
            return start
