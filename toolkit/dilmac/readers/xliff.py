"""XLIFF 1.2 and 2.0: the translations (<target>) where they stand in the file.

Safety first: the file is checked for well-formedness with the standard library's expat, with
entity declarations refused (the billion-laughs and external-entity attacks need them) and
nothing fetched; then one pass of a tokenizer over the (now known well-formed) markup finds
every unit and the exact offsets of its <source> and <target> content. No entity is ever
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

_MARKUP = re.compile(
    r"<!--.*?-->|<!\[CDATA\[(.*?)\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>"
    r"|<(/?)([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>",
    re.S,
)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
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


def _attributes(raw: str) -> dict[str, str]:
    values = {}
    for match in _ATTRIBUTE.finditer(raw):
        name = match.group(1).rpartition(":")[2]
        value = match.group(2) if match.group(2) is not None else match.group(3)
        values[name] = _REFERENCE.sub(lambda m: _reference(m).replace(FILLER, ""), value)
    return values


def check_well_formed(source: str, path: str) -> None:
    """Raise a DilmacError at the first well-formedness error; refuse entity declarations."""
    _parse(_parser(path), source, path, final=True)


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
    check_well_formed, the languages the reader would end with, and where the file may be cut
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

    def read(self, source: str, line_base: int = 0) -> None:
        """Read `source`, the file or its next part (`line_base` lines into it)."""
        self.source, self.line_base = source, line_base
        self.pieces = {"target": [], "source": []}
        self.units = []
        last = 0
        for match in _MARKUP.finditer(source):
            self.characters(last, match.start())
            last = match.end()
            cdata, closing, qname, raw_attributes, empty = match.groups()
            if qname is None:  # comment, CDATA, processing instruction, doctype
                if cdata is not None and self.capture is not None and self.hidden_depth is None:
                    self.reveal(match.start(1), cdata)
            elif closing:
                self.end_tag(match, qname.rpartition(":")[2])
            else:
                self.start_tag(match, qname.rpartition(":")[2], raw_attributes, bool(empty))

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

    def inline_tag(self, match: re.Match, name: str) -> None:
        """A tag inside a source or target: FILLER when it wraps text, else a space (it stands
        for something, a word apart)."""
        fill = FILLER if name in WRAPPING else " "
        self.pieces[self.capture].append((match.start(), "".join("\n" if c == "\n" else fill for c in match.group())))
        if self.capture == "source":
            self.segment.msgid.append(match.group())

    def start_tag(self, match: re.Match, name: str, raw_attributes: str, empty: bool) -> None:
        attributes = _attributes(raw_attributes) if raw_attributes else {}
        self.stack.append(name)
        depth = len(self.stack)
        if self.capture is not None:
            if self.hidden_depth is None:
                self.inline_tag(match, name)
                if name in NATIVE_CODE and not empty:
                    self.hidden_depth = depth
        elif self.skip_depth is not None:
            pass
        elif name == "xliff":
            self.version = attributes.get("version", "")
            self.source_lang = attributes.get("srcLang")
            self.target_lang = attributes.get("trgLang")
        elif name == "file":
            self.file_languages(match, attributes)
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
                setattr(self.segment, name, (match.end(), match.end()))
            else:
                self.capture, self.capture_depth, self.content_start = name, depth, match.end()
        if empty:
            self.end_tag(None, name)

    def end_tag(self, match: re.Match | None, name: str) -> None:
        depth = len(self.stack)
        self.stack.pop()
        if self.capture is not None:
            if name == self.capture and depth == self.capture_depth:
                setattr(self.segment, name, (self.content_start, match.start()))
                self.capture = None
            elif self.hidden_depth == depth:
                self.hidden_depth = None
            elif self.hidden_depth is None and match is not None:
                self.inline_tag(match, name)
        elif self.skip_depth == depth:
            self.skip_depth = None
        elif self.skip_depth is None and name in ("trans-unit", "segment"):
            self.finish_segment()
            self.segment = None

    @property
    def v2(self) -> bool:
        return (self.version or "").startswith("2")

    def file_languages(self, match: re.Match, attributes: dict[str, str]) -> None:
        declared = attributes.get("target-language")
        if declared and self.target_lang and normalize_lang(declared) != normalize_lang(self.target_lang):
            line, column = line_of(self.source, match.start())
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
    check_well_formed(source, path)
    reader = _Reader(path)
    reader.read(source)
    if reader.version is None:
        raise _not_xliff(path)
    return reader.document(reader.target_lang, reader.source_lang)


class Parts:
    """A large file read part by part, in order, each cut where `scan` (which has seen the whole
    file) allows: each part a Document in the languages the whole file declares."""

    def __init__(self, scan: Scan) -> None:
        self.scan = scan
        self.reader = _Reader(scan.path)

    def read(self, text: str, line_base: int) -> Document:
        self.reader.read(text, line_base)
        return self.reader.document(self.scan.target_lang, self.scan.source_lang)


def _layer(blanks: str, pieces: list[tuple[int, str]]) -> str:
    out, last = [], 0
    for start, piece in sorted(pieces, key=lambda p: p[0]):
        out.append(blanks[last:start])
        out.append(piece)
        last = start + len(piece)
    out.append(blanks[last:])
    return "".join(out)
