"""XLIFF 1.2 and 2.0: the translations (<target>) where they stand in the file.

Safety first: one parser, the standard library's expat, both checks the file (well-formedness,
entity declarations refused: the billion-laughs and external-entity attacks need them; nothing
fetched) and says where every element, comment, processing instruction and CDATA section
starts. The reader only measures the tag expat found at that offset, so markup inside a
DOCTYPE's comment (a fake `</a>` or `<trans-unit>`) can never be read as the document's: the
text that is linted, and that `--fix` may edit, is what an XML parser sees. No entity is ever
expanded beyond XML's five and character references.

1.2: `<file source-language target-language>` … `<trans-unit id><source><target state>`; the
<source>/<target> of <alt-trans> are suggestions, not the translation, and are ignored.
2.0: `<xliff srcLang trgLang>` … `<unit id><segment state><source><target>`; one Unit per
segment, <ignorable> skipped. Units (or groups) with `translate="no"` are not messages.

Layout (document.py's position contract): `Document.text` holds the <target> contents,
`Catalog.source_text` the <source> contents; markup is blank. Inside them, inline codes that
wrap text (`<g>`, `<mrk>`, `<pc>`) become FILLER, so `<g>Türkiye</g>'nin` reads as one word;
placeholders (`<x/>`, `<ph>`, `<bpt>`, …) become spaces and the native code inside them is
blank. Character references decode in place (`&lt;` → `<` + FILLER).

States: a 1.2 target in state `new` or `needs-translation`, or a missing or empty target, is
untranslated; `needs-review-*`, `needs-adaptation` and `needs-l10n` are fuzzy. A 2.0 segment in
state `initial` with a target is fuzzy; one without a state counts as translated.

Large files (readers/stream.py): a first pass with expat (Scan) checks the whole file as above,
notes its languages and where it may be cut, at the line of a unit's start tag; then the reader
reads it block by block (Parts), carrying the open elements from one block to the next.
"""

from __future__ import annotations

import re
import xml.parsers.expat

from dilmac.core.document import FILLER, Catalog, Document, Unit
from dilmac.core.errors import DilmacError
from dilmac.readers.common import line_of, normalize_lang, path_language

# The extent of a tag expat reported at an offset (the file is then known to be well-formed).
_START_TAG = re.compile(r"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>""")
_END_TAG = re.compile(r"</[^\s>]+\s*>")
_REFERENCE = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|lt|gt|amp|quot|apos);")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}

WRAPPING = frozenset({"g", "mrk", "pc"})  # inline codes whose content is text
NATIVE_CODE = frozenset({"ph", "bpt", "ept", "it", "originalData"})  # 1.2: their content is code
UNTRANSLATED_STATES = frozenset({"new", "needs-translation"})
FUZZY_STATES = frozenset(
    {"needs-review-translation", "needs-review-l10n", "needs-review-adaptation", "needs-adaptation", "needs-l10n"}
)
HINT = "fix the XLIFF file (an XML editor or `xmllint --noout FILE` shows the problem)"


def _reference(match: re.Match) -> str:
    """A reference decoded in place: its character, FILLER for the rest of it. A reference to a
    line break or a tab becomes a space: it separates words, and a raw line break would move
    the lines."""
    name = match.group(1)
    if name[0] == "#":
        char = chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
        if not char.isprintable():
            char = " "
    else:
        char = _PREDEFINED[name]
    return char + FILLER * (len(match.group()) - 1)


def unescape_in_place(raw: str) -> str:
    """Character data with its references decoded, same length."""
    return _REFERENCE.sub(_reference, raw) if "&" in raw else raw


def _parser(path: str, encoding: str | None = None) -> xml.parsers.expat.XMLParserType:
    """An expat parser that refuses entity declarations and fetches nothing. A str is parsed as
    UTF-8 whatever the file declares; so are bytes with `encoding` "UTF-8"."""
    parser = xml.parsers.expat.ParserCreate(encoding)

    def refuse(*_args) -> None:
        raise DilmacError(
            "the file declares XML entities, which are not accepted (they can expand "
            "without limit or read other files)",
            path=path,
            line=parser.CurrentLineNumber,
            column=parser.CurrentColumnNumber + 1,
            hint="remove the <!DOCTYPE …> declarations; XLIFF needs none",
        )

    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    return parser


def _parse(parser: xml.parsers.expat.XMLParserType, text: str | bytes, path: str, *, final: bool) -> None:
    try:
        parser.Parse(text, final)
    except xml.parsers.expat.ExpatError as exc:
        raise DilmacError(
            f"not well-formed XML: {xml.parsers.expat.ErrorString(exc.code)}",
            path=path,
            line=exc.lineno,
            column=exc.offset + 1,
            hint=HINT,
        ) from None


class Scan:
    """A large file's first pass, fed part by part: the well-formedness check of
    read_xliff, the languages the reader would end with, and where the file may be cut
    into blocks: at the start of a line that starts a unit (white space aside), at least
    `block_bytes` after the last cut. From one unit to the next the reader carries nothing but
    the open elements, and a block that starts a line keeps the columns of its lines. Its errors
    are the reader's: well-formedness first, then the file's structure."""

    UNITS = frozenset({"trans-unit", "unit"})
    TEXTS = frozenset({"source", "target"})

    def __init__(self, path: str, block_bytes: int) -> None:
        self.path, self.block_bytes = path, block_bytes
        self.parser = _parser(path, encoding="UTF-8")
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.cuts: list[int] = []  # byte offsets into the file's UTF-8 text, after any BOM
        self.source_lang: str | None = None
        self.target_lang: str | None = None
        self.xliff = False  # an <xliff> element seen
        self.inside_text = 0  # depth inside <source>/<target>, where no cut goes
        self.conflict: DilmacError | None = None
        self.part, self.part_base, self.part_starts_line = b"", 0, True

    def feed(self, part: bytes, *, final: bool = False) -> None:
        """The next part of the file: UTF-8 (the caller checked it), best in whole lines."""
        self.part_base += len(self.part)
        self.part_starts_line = self.part.endswith(b"\n") if self.part else self.part_starts_line
        self.part = part
        _parse(self.parser, part, self.path, final=final)
        if final:
            if not self.xliff:
                raise _not_xliff(self.path)
            if self.conflict is not None:
                raise self.conflict

    def _start(self, qname: str, attributes: dict[str, str]) -> None:
        name = qname.rpartition(":")[2]
        if name in self.TEXTS:
            self.inside_text += 1
        elif self.inside_text:
            return
        elif name in self.UNITS:
            self._cut_before(self.parser.CurrentByteIndex - self.part_base)
        elif name in ("xliff", "file"):
            # As _Reader does: attributes by local name; the last languages declared win.
            attributes = {key.rpartition(":")[2]: value for key, value in attributes.items()}
            if name == "xliff":
                self.xliff = True
                self.source_lang, self.target_lang = attributes.get("srcLang"), attributes.get("trgLang")
                return
            declared = attributes.get("target-language")
            if (
                declared
                and self.target_lang
                and normalize_lang(declared) != normalize_lang(self.target_lang)
                and self.conflict is None
            ):
                self.conflict = _conflict(
                    declared,
                    self.target_lang,
                    self.path,
                    self.parser.CurrentLineNumber,
                    self.parser.CurrentColumnNumber + 1,
                )
            self.source_lang = attributes.get("source-language") or self.source_lang
            self.target_lang = declared or self.target_lang

    def _cut_before(self, tag: int) -> None:
        """A cut at the start of the line of a unit's start tag `tag` bytes into the part, when
        only indentation precedes the tag there and the last cut is far enough. (A tag that began
        in the previous part is passed over: the next unit will do.)"""
        part = self.part
        if tag < 0 or self.part_base + tag - (self.cuts[-1] if self.cuts else 0) < self.block_bytes:
            return
        line = part.rfind(b"\n", 0, tag) + 1
        if (line or self.part_starts_line) and not part[line:tag].strip(b" \t"):
            self.cuts.append(self.part_base + line)

    def _end(self, qname: str) -> None:
        if self.inside_text and qname.rpartition(":")[2] in self.TEXTS:
            self.inside_text -= 1


def _not_xliff(path: str) -> DilmacError:
    return DilmacError(
        "not an XLIFF file: no <xliff> root element",
        path=path,
        line=1,
        column=1,
        hint="XLIFF 1.2 and 2.0 files start with <xliff version=…>",
    )


def _conflict(declared: str, target_lang: str, path: str, line: int, column: int) -> DilmacError:
    return DilmacError(
        f"a second <file> with another target language ({declared}, not {target_lang})",
        path=path,
        line=line,
        column=column,
        hint="keep one target language per XLIFF file, or lint the files apart",
    )


class _Markup:
    """expat, as the reader's parser: each feed checks the next text of the file (or the whole
    file) and returns where its markup is, in characters of that text, in order:
    ("start", offset, local name, attributes), ("end", offset, local name, None) and
    ("other", offset, kind, None) for a comment, processing instruction or CDATA section. One
    instance reads a large file part by part (offsets count from the start of each part)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.parser = _parser(path, encoding="UTF-8")
        self.fed = 0  # bytes given to the parser before the current text
        self.found: list[tuple[str, int, str, dict[str, str] | None]] = []  # byte offsets
        index = self.parser

        def start(qname: str, attributes: dict[str, str]) -> None:
            local = {key.rpartition(":")[2]: value for key, value in attributes.items()}
            self.found.append(("start", index.CurrentByteIndex, qname.rpartition(":")[2], local))

        def end(qname: str) -> None:
            self.found.append(("end", index.CurrentByteIndex, qname.rpartition(":")[2], None))

        def other(kind: str):
            return lambda *_args: self.found.append(("other", index.CurrentByteIndex, kind, None))

        self.parser.StartElementHandler = start
        self.parser.EndElementHandler = end
        self.parser.CommentHandler = other("comment")
        self.parser.ProcessingInstructionHandler = other("pi")
        self.parser.StartCdataSectionHandler = other("cdata")

    def feed(self, text: str, *, final: bool) -> list[tuple[str, int, str, dict[str, str] | None]]:
        data = text.encode("utf-8", "surrogatepass")
        self.found = []
        _parse(self.parser, data, self.path, final=final)
        base, self.fed = self.fed, self.fed + len(data)
        if len(data) == len(text):  # ASCII: bytes are characters
            return [(kind, at - base, name, attrs) for kind, at, name, attrs in self.found]
        events, last_byte, last_char = [], 0, 0
        for kind, at, name, attrs in self.found:
            at -= base
            last_char += len(data[last_byte:at].decode("utf-8", "surrogatepass"))
            last_byte = at
            events.append((kind, last_char, name, attrs))
        return events


class _Segment:
    __slots__ = ("id", "msgid", "source", "state", "target")

    def __init__(self, unit_id: str | None, state: str | None) -> None:
        self.id = unit_id
        self.state = state  # 2.0: the segment's state; 1.2: its target's
        self.source: tuple[int, int] | None = None
        self.target: tuple[int, int] | None = None
        self.msgid: list[str] = []  # the source as written: text decoded, inline tags kept


class _Reader:
    """One pass over the markup; see the module docstring. A large file is read part by part,
    each starting where Scan allows a cut; what is open (elements, a skipped group) carries
    over."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.source = ""
        self.line_base = 0  # lines of the file before `source`
        self.version: str | None = None
        self.source_lang: str | None = None
        self.target_lang: str | None = None
        self.pieces: dict[str, list[tuple[int, str]]] = {"target": [], "source": []}
        self.units: list[Unit] = []
        self.stack: list[str] = []
        self.skip_depth: int | None = None  # inside translate="no" or <ignorable>
        self.unit_id: str | None = None
        self.segment: _Segment | None = None
        self.capture: str | None = None  # "source" or "target" while inside one
        self.capture_depth = 0
        self.hidden_depth: int | None = None  # inside native code (1.2 <ph>, <bpt>, …)
        self.content_start = 0

    def read(self, source: str, events: list, line_base: int = 0) -> None:
        """Read `source`, the file or its next part (`line_base` lines into it), at the markup
        expat found in it (`_Markup.feed`)."""
        self.source, self.line_base = source, line_base
        self.pieces = {"target": [], "source": []}
        self.units = []
        last, empty = 0, False
        for kind, at, name, attributes in events:
            if empty:  # the end of an empty element, which start_tag has ended
                empty = False
                continue
            self.characters(last, at)
            if kind == "start":
                tag = _START_TAG.match(source, at)
                last, empty = tag.end(), bool(tag.group(1))
                self.start_tag(at, last, name, attributes, empty=empty)
            elif kind == "end":
                last = _END_TAG.match(source, at).end()
                self.end_tag(at, last, name)
            elif name == "cdata":
                last = source.index("]]>", at) + 3
                if self.capture is not None and self.hidden_depth is None:
                    self.reveal(at + 9, source[at + 9 : last - 3])
            else:
                last = source.index("-->" if name == "comment" else "?>", at) + (3 if name == "comment" else 2)

    def document(self, target_lang: str | None, source_lang: str | None) -> Document:
        """What was read last, as a Document in the languages given."""
        source = self.source
        blanks = "\n".join(" " * len(line) for line in source.split("\n"))
        return Document(
            path=self.path,
            source=source,
            text=_layer(blanks, self.pieces["target"]),
            lang=normalize_lang(target_lang) or path_language(self.path),
            catalog=Catalog(
                format="xliff",
                source_lang=normalize_lang(source_lang) or "en",
                units=self.units,
                source_text=_layer(blanks, self.pieces["source"]),
            ),
        )

    def reveal(self, start: int, decoded: str) -> None:
        self.pieces[self.capture].append((start, decoded))
        if self.capture == "source":
            self.segment.msgid.append(decoded.replace(FILLER, ""))

    def characters(self, start: int, end: int) -> None:
        if self.capture is not None and self.hidden_depth is None and start < end:
            self.reveal(start, unescape_in_place(self.source[start:end]))

    def inline_tag(self, start: int, end: int, name: str) -> None:
        """A tag inside a source or target: FILLER when it wraps text, else a space (it stands
        for something, a word apart)."""
        fill = FILLER if name in WRAPPING else " "
        raw = self.source[start:end]
        self.pieces[self.capture].append((start, "".join("\n" if c == "\n" else fill for c in raw)))
        if self.capture == "source":
            self.segment.msgid.append(raw)

    def start_tag(self, start: int, end: int, name: str, attributes: dict[str, str], *, empty: bool) -> None:
        self.stack.append(name)
        depth = len(self.stack)
        if self.capture is not None:
            if self.hidden_depth is None:
                self.inline_tag(start, end, name)
                if name in NATIVE_CODE and not empty:
                    self.hidden_depth = depth
        elif self.skip_depth is not None:
            pass
        elif name == "xliff":
            self.version = attributes.get("version", "")
            self.source_lang = attributes.get("srcLang")
            self.target_lang = attributes.get("trgLang")
        elif name == "file":
            self.file_languages(start, attributes)
        elif attributes.get("translate") == "no" or name == "ignorable":
            self.skip_depth = depth
        elif name == "trans-unit":
            self.segment = _Segment(attributes.get("id"), None)
        elif name == "unit":
            self.unit_id = attributes.get("id")
        elif name == "segment" and self.unit_id is not None:
            seg_id = attributes.get("id")
            self.segment = _Segment(f"{self.unit_id}/{seg_id}" if seg_id else self.unit_id, attributes.get("state"))
        elif (
            name in ("source", "target")
            and self.segment is not None
            and self.stack[-2:-1] in (["trans-unit"], ["segment"])
        ):
            if name == "target" and not self.v2:
                self.segment.state = attributes.get("state")
            if empty:
                setattr(self.segment, name, (end, end))
            else:
                self.capture, self.capture_depth, self.content_start = name, depth, end
        if empty:
            self.end_tag(end, end, name, inline=False)

    def end_tag(self, start: int, end: int, name: str, *, inline: bool = True) -> None:
        depth = len(self.stack)
        self.stack.pop()
        if self.capture is not None:
            if name == self.capture and depth == self.capture_depth:
                setattr(self.segment, name, (self.content_start, start))
                self.capture = None
            elif self.hidden_depth == depth:
                self.hidden_depth = None
            elif self.hidden_depth is None and inline:
                self.inline_tag(start, end, name)
        elif self.skip_depth == depth:
            self.skip_depth = None
        elif self.skip_depth is None and name in ("trans-unit", "segment"):
            self.finish_segment()
            self.segment = None

    @property
    def v2(self) -> bool:
        return (self.version or "").startswith("2")

    def file_languages(self, start: int, attributes: dict[str, str]) -> None:
        declared = attributes.get("target-language")
        if declared and self.target_lang and normalize_lang(declared) != normalize_lang(self.target_lang):
            line, column = line_of(self.source, start)
            raise _conflict(declared, self.target_lang, self.path, line + self.line_base, column)
        self.source_lang = attributes.get("source-language") or self.source_lang
        self.target_lang = declared or self.target_lang

    def finish_segment(self) -> None:
        segment = self.segment
        if segment is None or segment.source is None:
            return
        target = segment.target
        empty = target is None or not self.source[target[0] : target[1]].strip()
        if self.v2:
            untranslated = empty
            fuzzy = not empty and segment.state == "initial"
        else:
            untranslated = empty or segment.state in UNTRANSLATED_STATES
            fuzzy = not untranslated and segment.state in FUZZY_STATES
        span = target if target is not None else (segment.source[1], segment.source[1])
        self.units.append(
            Unit(
                msgid="".join(segment.msgid),
                msgctxt=segment.id,
                spans=(span,),
                source_spans=(segment.source,),
                fuzzy=fuzzy,
                untranslated=untranslated,
            )
        )


def read_xliff(source: str, path: str) -> Document:
    reader = _Reader(path)
    reader.read(source, _Markup(path).feed(source, final=True))
    if reader.version is None:
        raise _not_xliff(path)
    return reader.document(reader.target_lang, reader.source_lang)


class Parts:
    """A large file read part by part, in order, each cut where `scan` (which has seen the whole
    file) allows: each part a Document in the languages the whole file declares."""

    def __init__(self, scan: Scan) -> None:
        self.scan = scan
        self.reader = _Reader(scan.path)
        self.markup = _Markup(scan.path)

    def read(self, text: str, line_base: int) -> Document:
        self.reader.read(text, self.markup.feed(text, final=False), line_base)
        return self.reader.document(self.scan.target_lang, self.scan.source_lang)


def _layer(blanks: str, pieces: list[tuple[int, str]]) -> str:
    out, last = [], 0
    for start, piece in sorted(pieces, key=lambda p: p[0]):
        out.append(blanks[last:start])
        out.append(piece)
        last = start + len(piece)
    out.append(blanks[last:])
    return "".join(out)
