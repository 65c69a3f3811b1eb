"""Reading and writing PO/POT files without disturbing what did not change.

The model is polib's, not Babel's `pofile`: Babel drops `#|` previous msgids, re-sorts flags,
rewrites the header and loses obsolete entries' comments, while polib keeps every field a
catalog has. polib alone still re-wraps long lines and comments differently from msgcat and
reorders header fields, so a catalog read and written unchanged would not come back as it was.
Hence the layout: when a file is read, every entry keeps the lines it was written with and
polib's rendering at that time; on writing, an entry whose rendering is still the same is
written with its original lines (and separators), and only new or changed entries are rendered
by polib. An unchanged catalog comes back byte for byte; an updated one differs only where it
changed, which keeps translators' diffs small.

Writes go through `dilmac.core.safe_write` (locked, then a temporary file in the same directory
and os.replace), so a crash mid-write leaves the old file as it was.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polib

from dilmac.core.errors import DilmacError
from dilmac.core.safe_write import write_atomic
from dilmac.readers.decode import read_bytes
from dilmac.readers.po import decode_po, text_codec

CHARSET = re.compile(r"charset=([\w.:-]+)", re.I)
POLIB_LINE = re.compile(r"\(line (\d+)\)")
STRING_LINE = re.compile(
    r"(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]*)?"
    r'"(?:[^"\\]|\\.)*"'
)
MARKER = re.compile(r"#~\|?[ \t]*|#\|[ \t]*")  # obsolete and previous-message lines
FIX_PO = "fix the line shown (msgfmt -c FILE shows the same problem), or re-create the catalog"


@dataclass
class _Original:
    """How one entry (or the header) looked in the file it was read from."""

    rendered: str  # polib's rendering when read: equal at write time means unchanged
    text: str  # its lines as in the file, line endings included
    index: int  # position among the file's entries, to reuse the separators


@dataclass
class _Layout:
    leading: str = ""
    separators: list[str] = field(default_factory=list)  # text after each entry
    header: _Original | None = None
    header_msgstr: str | None = None  # exactly as in the file
    entries: dict[int, tuple[polib.POEntry, _Original]] = field(default_factory=dict)
    count: int = 0
    bom: bool = False


class Catalog(polib.POFile):
    """A PO or POT file: polib's model, plus the layout it was read with (if any)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.layout = _Layout()
        self.path: str | None = None

    def ordered_metadata(self) -> list[tuple[str, str]]:
        # polib would sort the fields into its own order; keep the file's (new fields last).
        return list(self.metadata.items())

    @property
    def charset(self) -> str:
        """The header's charset if Python knows it as a text encoding, else UTF-8 (as in a POT's
        `CHARSET`, or for a `charset=rot13` the file was not read in)."""
        match = CHARSET.search(self.metadata.get("Content-Type", ""))
        if match:
            try:
                info = codecs.lookup(match.group(1))
            except LookupError:
                return "utf-8"
            if getattr(info, "_is_text_encoding", True) and info.name != "undefined":
                return info.name
        return "utf-8"

    def header_field_line(self, key: str) -> int | None:
        """The file's line of the header field `key` ("Plural-Forms"), if it was read from one."""
        header = self.layout.header
        if header is None:
            return None
        lead = self.layout.leading.count("\n")
        for number, line in enumerate(header.text.splitlines(), start=1 + lead):
            if f'"{key}:' in line:
                return number
        return None

    def header_msgstr(self) -> str:
        """The header entry's msgstr: as in the file while the metadata is unchanged."""
        layout = self.layout
        if (
            layout.header is not None
            and layout.header_msgstr is not None
            and self._render_header() == layout.header.rendered
        ):
            return layout.header_msgstr
        return self.metadata_as_entry().msgstr

    def _render_header(self) -> str:
        comments = (
            "".join(
                "#\n" if not line else f"#{line}\n" if line[:1] in ",:" else f"# {line}\n"
                for line in self.header.split("\n")
            )
            if self.header
            else ""
        )
        return comments + self.metadata_as_entry().__unicode__(self.wrapwidth)

    def render(self) -> str:
        """The file's text: original lines for what did not change, polib's for the rest."""
        layout = self.layout
        items: list[tuple[str, int | None]] = []
        header = self._render_header()
        if layout.header is not None and header == layout.header.rendered:
            items.append((layout.header.text, layout.header.index))
        elif layout.header is not None or self.metadata or self.header or not layout.count:
            items.append((header, None))
        # else: read from a file without a header, and still without one
        for entry in self:
            rendered = entry.__unicode__(self.wrapwidth)
            known = layout.entries.get(id(entry))
            if known is not None and known[0] is entry and known[1].rendered == rendered:
                items.append((known[1].text, known[1].index))
            else:
                items.append((rendered, None))
        if not items:
            return ""
        out: list[str] = []
        for position, (text, index) in enumerate(items):
            before = items[position - 1][1] if position else None
            if position == 0:
                out.append(layout.leading if index == 0 else "")
            elif before is not None and index == before + 1:
                out.append(layout.separators[before])
            else:
                out.append("\n" if out[-1].endswith("\n") else "\n\n")  # one blank line
            out.append(text)
        last = items[-1][1]
        if last is not None and last == layout.count - 1:
            out.append(layout.separators[last])
        elif not out[-1].endswith("\n"):
            out.append("\n")
        return "".join(out)

    def encode(self) -> bytes:
        text = self.render()
        try:
            data = text.encode(self.charset)
        except UnicodeEncodeError as exc:
            line = text.count("\n", 0, exc.start) + 1
            raise DilmacError(
                f"“{text[exc.start : exc.end]}” cannot be written in the catalog's charset {self.charset}",
                path=self.path,
                line=line,
                hint="set the header's Content-Type to charset=UTF-8",
            ) from None
        return (codecs.BOM_UTF8 if self.layout.bom else b"") + data


def gettext_now() -> str:
    """Now in the header's date format; SOURCE_DATE_EPOCH, if set, for reproducible files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%d %H:%M%z")
    return datetime.now().astimezone().strftime("%Y-%m-%d %H:%M%z")


def new_catalog(path: str | None = None) -> Catalog:
    catalog = Catalog()
    catalog.path = path
    return catalog


def read_catalog(path: Path, display: str | None = None, data: bytes | None = None) -> Catalog:
    """Parse a PO/POT file (its bytes `data`, when they are already read); syntax errors become
    DilmacError with the line."""
    shown = display if display is not None else str(path)
    text, bom = catalog_text(path, shown, data)
    catalog = parse_catalog(text, shown)
    catalog.layout.bom = bom
    return catalog


def catalog_text(path: Path, shown: str, data: bytes | None = None) -> tuple[str, bool]:
    """A PO/POT file's text (from its bytes `data`, when they are already read), decoded as every
    command decodes a catalog, and whether it starts with a UTF-8 byte order mark."""
    data = read_bytes(Path(path), shown) if data is None else data
    bom = data.startswith(codecs.BOM_UTF8)
    match = CHARSET.search(data[:4096].decode("ascii", "replace"))
    # A template's "charset=CHARSET", UTF-16/32 (read by their byte order mark) and names that
    # are no text encoding (rot13) are read as `dilmac lint` reads them: UTF-8 or by the BOM.
    codec = (text_codec(match.group(1)) if match else None) or "utf-8"
    if codec == "utf-8":
        text, _ = decode_po(data, shown)
    else:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise DilmacError(
                f"the catalog says charset={match.group(1)} but is not valid {codec} (byte offset {exc.start})",
                path=shown,
                line=line,
                hint="correct the Content-Type header's charset",
            ) from None
    return text, bom


def parse_catalog(text: str, display: str) -> Catalog:
    _check_strings(text, display)
    try:
        catalog = polib.pofile(text, klass=Catalog, wrapwidth=78)
    except (OSError, ValueError, IndexError) as exc:
        found = POLIB_LINE.search(str(exc))
        reason = str(exc).split(": ", 1)[1] if ": " in str(exc) else "syntax error"
        raise DilmacError(
            f"not a valid PO file: {reason}", path=display, line=int(found.group(1)) if found else None, hint=FIX_PO
        ) from None
    catalog.path = display
    catalog.layout = _layout(catalog, text)
    return catalog


def _check_strings(text: str, display: str) -> None:
    """Refuse keyword and string lines that are not one well-formed quoted string: polib reads
    some of them wrongly without a word, and the translation would be lost on writing."""
    for number, line in enumerate(text.splitlines(), start=1):
        body = line.strip()
        if body.startswith("#"):
            body = MARKER.sub("", body, count=1) if MARKER.match(body) else ""
            if not (body.startswith(("msg", '"'))):
                continue
        if body and not STRING_LINE.fullmatch(body):
            raise DilmacError(
                "not a valid PO file: expected a keyword and one quoted string "
                f'(with \\" for quotes inside), found: {body[:60]}',
                path=display,
                line=number,
                hint=FIX_PO,
            )


def _layout(catalog: Catalog, text: str) -> _Layout:
    """Match each entry to its lines in the file; an empty layout if they cannot be matched
    one to one (the catalog is then written entirely by polib)."""
    lines = text.splitlines(keepends=True)  # as polib splits them, so its line numbers agree
    spans = _spans(lines)
    entries = list(catalog)
    has_header = len(spans) == len(entries) + 1
    if len(spans) != len(entries) + has_header or not spans:
        return _Layout()
    for k, (entry, (first, last)) in enumerate(zip(entries, spans[has_header:])):
        if k == 0 and not has_header and entry.linenum == 0:
            entry.linenum = first + 1  # polib numbers a file's first entry 0
        if entry.linenum is None or not first < entry.linenum <= last + 1:
            return _Layout()
    layout = _Layout(count=len(spans))
    layout.leading = "".join(lines[: spans[0][0]])
    for k, (_first, last) in enumerate(spans):
        following = spans[k + 1][0] if k + 1 < len(spans) else len(lines)
        layout.separators.append("".join(lines[last + 1 : following]))
    texts = ["".join(lines[first : last + 1]) for first, last in spans]
    if has_header:
        layout.header = _Original(catalog._render_header(), texts[0], 0)
        layout.header_msgstr = _msgstr_of(lines[spans[0][0] : spans[0][1] + 1])
    for k, entry in enumerate(entries, start=has_header):
        layout.entries[id(entry)] = (entry, _Original(entry.__unicode__(catalog.wrapwidth), texts[k], k))
    return layout


def _spans(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) line indexes of each entry: its comments up to its last msgstr line.
    Comments after the last entry belong to none (they stay in the last separator)."""
    spans: list[tuple[int, int]] = []
    start = last = None
    in_msgstr = False
    for k, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        body = stripped[2:].lstrip() if stripped.startswith("#~") and not stripped.startswith("#~|") else stripped
        if in_msgstr:
            if body.startswith(('"', "msgstr[")):
                last = k
                continue
            spans.append((start, last))
            start, in_msgstr = None, False
        if start is None:
            start = k
        last = k
        in_msgstr = body.startswith("msgstr")
    if in_msgstr:
        spans.append((start, last))
    return spans


def _msgstr_of(lines: list[str]) -> str | None:
    """The msgstr of a singular entry, from its lines."""
    parts: list[str] = []
    collecting = False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("msgstr "):
            collecting = True
            stripped = stripped[len("msgstr") :].lstrip()
        elif not collecting or not stripped.startswith('"'):
            if collecting:
                break
            continue
        if len(stripped) < 2 or not stripped.endswith('"'):
            return None
        parts.append(polib.unescape(stripped[1:-1]))
    return "".join(parts) if collecting else None


def write_catalog(catalog: Catalog, path: Path) -> None:
    write_atomic(Path(path), catalog.encode(), what="the catalog", make_dirs=True)
