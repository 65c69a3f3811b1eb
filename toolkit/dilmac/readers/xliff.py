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
"""

from __future__ import annotations

import re
import xml.parsers.expat

from dilmac.document import FILLER, Catalog, Document, Unit
from dilmac.errors import DilmacError
from dilmac.readers.common import line_of, normalize_lang, path_language

_MARKUP = re.compile(
    r"<!--.*?-->|<!\[CDATA\[(.*?)\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>"
    r"|<(/?)([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>", re.S)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REFERENCE = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|lt|gt|amp|quot|apos);")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}

WRAPPING = frozenset({"g", "mrk", "pc"})          # inline codes whose content is text
NATIVE_CODE = frozenset({"ph", "bpt", "ept", "it", "originalData"})  # 1.2: their content is code
UNTRANSLATED_STATES = frozenset({"new", "needs-translation"})
FUZZY_STATES = frozenset({"needs-review-translation", "needs-review-l10n", "needs-review-adaptation",
                          "needs-adaptation", "needs-l10n"})
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
    parser = xml.parsers.expat.ParserCreate()

    def refuse(*_args) -> None:
        raise DilmacError("the file declares XML entities, which are not accepted (they can expand "
                          "without limit or read other files)", path=path,
                          line=parser.CurrentLineNumber, column=parser.CurrentColumnNumber + 1,
                          hint="remove the <!DOCTYPE …> declarations; XLIFF needs none")

    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    try:
        parser.Parse(source, True)
    except xml.parsers.expat.ExpatError as exc:
        raise DilmacError(f"not well-formed XML: {xml.parsers.expat.ErrorString(exc.code)}", path=path,
                          line=exc.lineno, column=exc.offset + 1, hint=HINT) from None


class _Segment:
    __slots__ = ("id", "state", "source", "target", "msgid")

    def __init__(self, unit_id: str | None, state: str | None) -> None:
        self.id = unit_id
        self.state = state          # 2.0: the segment's state; 1.2: its target's
        self.source: tuple[int, int] | None = None
        self.target: tuple[int, int] | None = None
        self.msgid: list[str] = []  # the source as written: text decoded, inline tags kept


class _Reader:
    """One pass over the markup; see the module docstring."""

    def __init__(self, source: str, path: str) -> None:
        self.source, self.path = source, path
        self.version: str | None = None
        self.source_lang: str | None = None
        self.target_lang: str | None = None
        self.pieces: dict[str, list[tuple[int, str]]] = {"target": [], "source": []}
        self.units: list[Unit] = []
        self.stack: list[str] = []
        self.skip_depth: int | None = None      # inside translate="no" or <ignorable>
        self.unit_id: str | None = None
        self.segment: _Segment | None = None
        self.capture: str | None = None         # "source" or "target" while inside one
        self.capture_depth = 0
        self.hidden_depth: int | None = None    # inside native code (1.2 <ph>, <bpt>, …)
        self.content_start = 0

    def read(self) -> None:
        last = 0
        for match in _MARKUP.finditer(self.source):
            self.characters(last, match.start())
            last = match.end()
            cdata, closing, qname, raw_attributes, empty = match.groups()
            if qname is None:               # comment, CDATA, processing instruction, doctype
                if cdata is not None and self.capture is not None and self.hidden_depth is None:
                    self.reveal(match.start(1), cdata)
            elif closing:
                self.end_tag(match, qname.rpartition(":")[2])
            else:
                self.start_tag(match, qname.rpartition(":")[2], raw_attributes, bool(empty))
        if self.version is None:
            raise DilmacError("not an XLIFF file: no <xliff> root element", path=self.path, line=1, column=1,
                              hint="XLIFF 1.2 and 2.0 files start with <xliff version=…>")

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
        elif name in ("source", "target") and self.segment is not None \
                and self.stack[-2:-1] in (["trans-unit"], ["segment"]):
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
            raise DilmacError(f"a second <file> with another target language ({declared}, not {self.target_lang})",
                              path=self.path, line=line, column=column,
                              hint="keep one target language per XLIFF file, or lint the files apart")
        self.source_lang = attributes.get("source-language") or self.source_lang
        self.target_lang = declared or self.target_lang

    def finish_segment(self) -> None:
        segment = self.segment
        if segment is None or segment.source is None:
            return
        target = segment.target
        empty = target is None or not self.source[target[0]:target[1]].strip()
        if self.v2:
            untranslated = empty
            fuzzy = not empty and segment.state == "initial"
        else:
            untranslated = empty or segment.state in UNTRANSLATED_STATES
            fuzzy = not untranslated and segment.state in FUZZY_STATES
        span = target if target is not None else (segment.source[1], segment.source[1])
        self.units.append(Unit(msgid="".join(segment.msgid), msgctxt=segment.id, spans=(span,),
                               source_spans=(segment.source,), fuzzy=fuzzy, untranslated=untranslated))


def read_xliff(source: str, path: str) -> Document:
    check_well_formed(source, path)
    reader = _Reader(source, path)
    reader.read()
    blanks = "\n".join(" " * len(line) for line in source.split("\n"))
    return Document(
        path=path, source=source, text=_layer(blanks, reader.pieces["target"]),
        lang=normalize_lang(reader.target_lang) or path_language(path),
        catalog=Catalog(format="xliff", source_lang=normalize_lang(reader.source_lang) or "en",
                        units=reader.units, source_text=_layer(blanks, reader.pieces["source"])),
    )


def _layer(blanks: str, pieces: list[tuple[int, str]]) -> str:
    out, last = [], 0
    for start, piece in sorted(pieces, key=lambda p: p[0]):
        out.append(blanks[last:start])
        out.append(piece)
        last = start + len(piece)
    out.append(blanks[last:])
    return "".join(out)
