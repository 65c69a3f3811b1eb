"""Gettext catalogs (.po, .pot): the translations where they stand in the file.

Parsed here, line by line, rather than with polib: findings must point at the exact character
of a msgstr, continuation lines included, and a 10 MB catalog must read in well under a second.

Layout (the position contract of document.py): `Document.text` holds the msgstr strings of the
entries (header and obsolete `#~` entries excluded), `Catalog.source_text` the msgid and
msgid_plural strings; everything else is blanked. Escapes are decoded in place: `\\"` → `"` +
FILLER, `\\n` and `\\t` → a space + FILLER (a line break inside a message separates words). The
quotes and line breaks between continuation lines are blank, so `"Dövlət "` / `"Xidməti"` reads
`Dövlət Xidməti`; the checks that need a message exactly (placeholders, comparing translations)
join its literals with `rules._bilingual.message_text`, as tools wrap them anywhere ("</" / "a>").

A template (.pot) has no translations: its `text` is its source strings, in the source language,
so the monolingual checks run on them; it has no `source_text`.

The source language is the header's `X-Source-Language`, else English; the translation's is
the `Language` header, else the language named by `Language-Team`, else the path (`tr/`,
`name.tr.po`).
"""

from __future__ import annotations

import codecs
import re

from dilmac.core.document import FILLER, Catalog, Document, Unit
from dilmac.core.errors import DilmacError
from dilmac.readers.common import line_of, normalize_lang, path_language
from dilmac.readers.decode import decode

_ESCAPE = re.compile(r"\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
SYNTAX_HINT = "fix the catalog's syntax; `msgfmt -c FILE` shows the same problem"


# --------------------------------------------------------------------------- escapes


def unescape(raw: str) -> str:
    """The value of a PO string literal's content (C escapes)."""
    return _ESCAPE.sub(_unescape_one, raw) if "\\" in raw else raw


def _unescape_one(match: re.Match) -> str:
    code = match.group()[1:]
    if code[0] in "01234567":
        return chr(int(code, 8))
    if code[0] == "x" and len(code) > 1:  # a bare "\x" is an unknown escape, read as "x"
        return chr(int(code[1:], 16))
    return _SIMPLE_ESCAPES.get(code, code)


def _in_place(match: re.Match) -> str:
    """An escape as the text layer shows it: its character, then FILLER for the rest of it.
    Control characters (a line break, a tab) become a space: they separate words."""
    char = _unescape_one(match)
    if not char.isprintable():
        char = " "
    return char + FILLER * (len(match.group()) - 1)


# --------------------------------------------------------------------------- decoding


def decode_po(data: bytes, path: str) -> tuple[str, list[str]]:
    """Decode a catalog: UTF-8 (as every file, or UTF-16/32 with a byte order mark), else the
    charset its header declares, if that is a text encoding Python knows."""
    try:
        return decode(data, path)
    except DilmacError as error:
        declared = _CHARSET.search(data[:8192])
        charset = declared.group(1).decode("ascii").lower() if declared else None
        if charset in (None, "utf-8", "utf8", "charset"):  # "CHARSET": a template's placeholder
            raise
        codec = text_codec(charset)
        if codec is None:
            line = data.count(b"\n", 0, declared.start()) + 1
            raise DilmacError(
                f"the header declares charset={declared.group(1).decode('ascii')}, which is not a text encoding "
                "dilmac knows, and the file is not UTF-8",
                path=path,
                line=line,
                hint="save the catalog as UTF-8 and declare charset=UTF-8",
            ) from None
        try:
            text = data.decode(codec)
        except UnicodeError:
            raise error from None
        return text, [f"{path}: read as {charset}, as its header declares; UTF-8 is safer"]


_PROBE = b'msgid "A-z 0_9" \\n #: ~\n'


def text_codec(charset: str) -> str | None:
    """Python's name of the encoding `charset` names, if a catalog can be in it: a text encoding
    that reads ASCII as ASCII (a PO file's keywords and escapes are ASCII). None for an unknown
    name, a codec that is no text encoding (rot13, undefined, base64), or one that reads ASCII
    otherwise (UTF-16/32 without a byte order mark, unicode_escape, punycode)."""
    try:
        info = codecs.lookup(charset)
        if getattr(info, "_is_text_encoding", True) and _PROBE.decode(info.name) == _PROBE.decode("ascii"):
            return info.name
    except (LookupError, UnicodeError, ValueError):
        pass
    return None


# --------------------------------------------------------------------------- parsing


# What matters, a statement at a time: a keyword with its string and the strings continuing
# it on the next lines, a flags or obsolete comment, or anything else that is not a comment or
# a blank line (an error). Other comments are skipped inside the regex engine, which keeps
# reading a large catalog fast.
_LITERAL = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_STATEMENT = re.compile(
    rf"^(?:[ \t]*(?:(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]*)?"
    rf"({_LITERAL}(?:[ \t\r]*\n[ \t]*{_LITERAL})*)[ \t\r]*$"
    r"|#([,~])([^\n]*)"
    r"|[ \t]*[^#\s])",
    re.M,
)
# Between one string of a block and the next: what msgcat writes, and any other spacing.
_NEXT = '"\n"'
_CONTINUATION = re.compile(r'"[ \t\r]*\n[ \t]*"')

# An entry while parsing: (offset of its first keyword, its flags or None, keyword → blocks of
# strings, each the (start, end) from after its first opening quote to before its last closing
# quote). Keywords: msgctxt, msgid, msgid_plural, msgstr, msgstr[0], msgstr[1], …
_Entry = tuple[int, "set[str] | None", "dict[str, list[tuple[int, int]]]"]


def _error(path: str, source: str, offset: int, message: str) -> DilmacError:
    line, column = line_of(source, offset)
    return DilmacError(message, path=path, line=line, column=column, hint=SYNTAX_HINT)


def _bad_line(path: str, source: str, offset: int) -> DilmacError:
    """Say what is wrong with the line at `offset`, which is not a statement."""
    line_start = source.rfind("\n", 0, offset) + 1
    line_end = source.find("\n", offset)
    line = source[line_start : line_end if line_end != -1 else len(source)]
    stripped = line.lstrip(" \t")
    at = line_start + len(line) - len(stripped)
    word = stripped.split(None, 1)[0]
    quote = stripped.find('"')
    if word.startswith(('"', "msgctxt", "msgid", "msgstr")) and quote != -1:
        at += quote
        message = "unterminated string, or text after its closing quote"
    elif word.startswith(("msgctxt", "msgid", "msgstr")):
        message = f"{word[:30]} must be followed by one quoted string on the same line"
    else:
        message = f"unexpected text {word[:30]!r}; expected msgctxt, msgid, msgstr, a string or a comment"
    return _error(path, source, at, message)


def _entries(source: str, path: str) -> list[_Entry]:
    """Every active entry, in file order, with the positions of its string contents. Kept
    lean: it runs once per line of a catalog."""
    entries: list[_Entry] = []
    strings: dict[str, list[tuple[int, int]]] | None = None
    last: str | None = None
    pending: set[str] | None = None  # flags seen since the last entry
    for match in _STATEMENT.finditer(source):
        block_start, block_end = match.span(2)
        if block_start < 0:
            kind = match.group(3)
            if kind is None:
                raise _bad_line(path, source, match.start())
            if kind == "~":
                pending = None  # they were the flags of this obsolete entry
            else:
                pending = (pending or set()) | {f.strip() for f in match.group(4).split(",") if f.strip()}
            continue
        span = (block_start + 1, block_end - 1)
        keyword = match.group(1)
        if keyword is None:
            if last is None:
                raise _error(path, source, block_start, "a string continuation line with no keyword before it")
            strings[last].append(span)
            continue
        if strings is None or keyword == "msgctxt" or (keyword == "msgid" and "msgid" in strings):
            strings = {}
            entries.append((match.start(1), pending, strings))
            pending = None
        elif keyword in strings:
            raise _error(path, source, match.start(1), f"a second {keyword} in one entry")
        if keyword != "msgid" and keyword != "msgctxt" and "msgid" not in strings:
            raise _error(path, source, match.start(1), f"{keyword} without a msgid before it")
        strings[keyword] = [span]
        last = keyword
    return entries


def _forms(entry: _Entry, path: str, source: str) -> list[list[tuple[int, int]]]:
    """The msgstr literals of each plural form, in form order; the entry's errors raised."""
    offset, _flags, strings = entry
    if "msgid" not in strings:
        raise _error(path, source, offset, "msgctxt without a msgid")
    if "msgstr" in strings:
        if "msgid_plural" in strings:
            raise _error(path, source, offset, "an entry with msgid_plural needs msgstr[0], msgstr[1], … not msgstr")
        return [strings["msgstr"]]
    forms = [spans for _, spans in sorted((int(k[7:-1]), v) for k, v in strings.items() if k.startswith("msgstr["))]
    if not forms:
        raise _error(path, source, offset, "msgid without a msgstr")
    return forms


def _joined(raw: str) -> str:
    """A block of strings as one string, escapes still in."""
    if "\n" not in raw:
        return raw
    raw = raw.replace(_NEXT, "")
    return _CONTINUATION.sub("", raw) if "\n" in raw else raw


def _value(source: str, spans: list[tuple[int, int]] | None) -> str | None:
    """The string a keyword's blocks make, escapes decoded."""
    if spans is None:
        return None
    if len(spans) == 1:
        return unescape(_joined(source[spans[0][0] : spans[0][1]]))
    return "".join(unescape(_joined(source[a:b])) for a, b in spans)


# --------------------------------------------------------------------------- the document


def parse_header(text: str) -> dict[str, str]:
    """`Key: value` lines of a header msgstr; keys as written."""
    fields = {}
    for line in text.split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields[key.strip()] = value.strip()
    return fields


def header_language(fields: dict[str, str]) -> str | None:
    """The Language header, else the language Language-Team names ("Turkish <…>")."""
    lang = normalize_lang(fields.get("Language", ""))
    if lang is None:
        team = fields.get("Language-Team", "").split("<", 1)[0].strip()
        lang = normalize_lang(team) if team and team.upper() != "LANGUAGE" else None
    return lang


def _trimmed(source: str, start: int, end: int) -> tuple[int, int]:
    """A block without its leading and trailing empty strings (msgcat begins a wrapped string
    with one: `msgstr ""`, then the text on the next lines)."""
    while start < end and source[start] == '"':
        after = _CONTINUATION.match(source, start, end)
        if after is None:
            break
        start = after.end()
    while start < end and source[end - 1] == '"':
        before = source.rfind('"', start, end - 1)
        if before < 0 or not _CONTINUATION.fullmatch(source, before, end):
            break
        end = before
    return start, end


def _content_span(source: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """From the first non-empty string to the end of the last one (a form's text)."""
    if len(spans) == 1:
        start, end = spans[0]
        return spans[0] if source.find("\n", start, end) < 0 else _trimmed(source, start, end)
    filled = [span for span in (_trimmed(source, a, b) for a, b in spans) if span[1] > span[0]]
    if not filled:
        return spans[0][0], spans[0][0]
    return filled[0][0], filled[-1][1]


def _blank_continuation(match: re.Match) -> str:
    return "".join("\n" if c == "\n" else " " for c in match.group())


def _layer(source: str, blanks: str, pieces: list[tuple[int, int]]) -> str:
    """`blanks` with the string contents `pieces` (sorted) decoded in place."""
    out, last = [], 0
    append = out.append
    for start, end in pieces:
        append(blanks[last:start])
        piece = source[start:end]
        if "\n" in piece:  # a block of strings: the quotes and line breaks between them stay blank
            piece = piece.replace(_NEXT, " \n ")
            if "\n" in piece and _CONTINUATION.search(piece):
                piece = _CONTINUATION.sub(_blank_continuation, piece)
        append(_ESCAPE.sub(_in_place, piece) if "\\" in piece else piece)
        last = end
    append(blanks[last:])
    return "".join(out)


def read_po(source: str, path: str, *, template: bool = False) -> Document:
    return read_po_part(source, path, template=template)[0]


def read_po_part(
    source: str, path: str, *, template: bool = False, header: dict[str, str] | None = None
) -> tuple[Document, dict[str, str] | None]:
    """A catalog, or a part of one cut at entry boundaries (readers/stream.py), and the fields
    of its header entry (None when the part has none). `header`: the fields an earlier part
    held, so that the part reads with the catalog's languages and has no header entry of its
    own."""
    entries = _entries(source, path)
    found = None
    if header is None:
        for index, entry in enumerate(entries):
            strings = entry[2]
            if "msgctxt" not in strings and _value(source, strings["msgid"]) == "":
                _forms(entry, path, source)
                found = parse_header(_value(source, entries.pop(index)[2].get("msgstr")) or "")
                break
    header = found if found is not None else header or {}
    source_lang = normalize_lang(header.get("X-Source-Language", "")) or "en"
    units: list[Unit] = []
    translations: list[tuple[int, int]] = []
    originals: list[tuple[int, int]] = []
    interned: dict[frozenset[str], frozenset[str]] = {}
    no_flags: frozenset[str] = frozenset()
    for entry in entries:
        forms = _forms(entry, path, source)
        _offset, flags, strings = entry
        msgid = strings["msgid"]
        originals += msgid
        source_spans = (_content_span(source, msgid),)
        plural = strings.get("msgid_plural")
        if plural is not None:
            originals += plural
            source_spans += (_content_span(source, plural),)
        if template:
            spans, untranslated = source_spans, False
        else:
            spans = tuple([_content_span(source, form) for form in forms])
            untranslated = all(a == b for a, b in spans)
            for form in forms:
                translations += form
        fuzzy = False
        if flags is None:
            frozen = no_flags
        else:
            fuzzy = "fuzzy" in flags
            frozen = frozenset(flags - {"fuzzy"})
            frozen = interned.setdefault(frozen, frozen)
        units.append(
            Unit(
                _value(source, msgid),
                _value(source, strings.get("msgctxt")),
                spans,
                source_spans,
                frozen,
                fuzzy,
                untranslated,
            )
        )
    blanks = "\n".join([" " * len(line) for line in source.split("\n")])
    originals.sort()
    translations.sort()
    if template:
        text, source_text, lang = _layer(source, blanks, originals), None, source_lang
    else:
        text, source_text = _layer(source, blanks, translations), _layer(source, blanks, originals)
        lang = header_language(header) or path_language(path)
    return Document(
        path=path,
        source=source,
        text=text,
        lang=lang,
        catalog=Catalog(format="po", source_lang=source_lang, units=units, source_text=source_text),
    ), found
