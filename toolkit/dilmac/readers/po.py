"""Gettext catalogs (.po, .pot): the translations where they stand in the file.

Parsed here, line by line, rather than with polib: findings must point at the exact character
of a msgstr, continuation lines included, and a 10 MB catalog must read in well under a second.

Layout (the position contract of document.py): `Document.text` holds the msgstr strings of the
entries (header and obsolete `#~` entries excluded), `Catalog.source_text` the msgid and
msgid_plural strings; everything else is blanked. Escapes are decoded in place: `\\"` → `"` +
FILLER, `\\n` and `\\t` → a space + FILLER (a line break inside a message separates words). The
quotes and line breaks between continuation lines are blank, so `"Dövlət "` / `"Xidməti"` reads
`Dövlət Xidməti`.

A template (.pot) has no translations: its `text` is its source strings, in the source language,
so the monolingual checks run on them; it has no `source_text`.

The source language is the header's `X-Source-Language`, else English; the translation's is
the `Language` header, else the language named by `Language-Team`, else the path (`tr/`,
`name.tr.po`).
"""

from __future__ import annotations

import re

from dilmac.document import FILLER, Catalog, Document, Unit
from dilmac.errors import DilmacError
from dilmac.readers.common import normalize_lang, path_language
from dilmac.readers.decode import decode

_KEYWORD_LINE = re.compile(r'[ \t]*(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]*"((?:[^"\\]|\\.)*)"[ \t\r]*\Z')
_STRING_LINE = re.compile(r'[ \t]*"((?:[^"\\]|\\.)*)"[ \t\r]*\Z')
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
    if code[0] == "x":
        return chr(int(code[1:], 16))
    return _SIMPLE_ESCAPES.get(code, code)


def _in_place(match: re.Match) -> str:
    """An escape as the text layer shows it: its character, then FILLER for the rest of it.
    Control characters (a line break, a tab) become a space: they separate words."""
    char = _unescape_one(match)
    if not char.isprintable():
        char = " "
    return char + FILLER * (len(match.group()) - 1)


def _layer_piece(raw: str) -> str:
    return _ESCAPE.sub(_in_place, raw) if "\\" in raw else raw


# --------------------------------------------------------------------------- decoding


def decode_po(data: bytes, path: str) -> tuple[str, list[str]]:
    """Decode a catalog: UTF-8 (as every file), else the charset its header declares."""
    try:
        return decode(data, path)
    except DilmacError as error:
        declared = _CHARSET.search(data[:8192])
        charset = declared.group(1).decode("ascii").lower() if declared else None
        if charset in (None, "utf-8", "utf8", "charset"):
            raise
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise error from None
        return text, [f"{path}: read as {charset}, as its header declares; UTF-8 is safer"]


# --------------------------------------------------------------------------- parsing


class _Entry:
    __slots__ = ("line", "flags", "strings", "last")

    def __init__(self, line: int, flags: set[str]) -> None:
        self.line = line
        self.flags = flags
        # keyword ("msgctxt", "msgid", "msgid_plural", "msgstr[0]", …) → [(content start, end)]
        self.strings: dict[str, list[tuple[int, int]]] = {}
        self.last: str | None = None

    def value(self, source: str, keyword: str) -> str | None:
        spans = self.strings.get(keyword)
        if spans is None:
            return None
        return "".join(unescape(source[a:b]) for a, b in spans)

    def forms(self) -> list[list[tuple[int, int]]]:
        """The msgstr literals of each plural form, in form order."""
        if "msgstr" in self.strings:
            return [self.strings["msgstr"]]
        indexed = sorted((int(k[7:-1]), v) for k, v in self.strings.items() if k.startswith("msgstr["))
        return [spans for _, spans in indexed]


def _error(path: str, line: int, column: int, message: str) -> DilmacError:
    return DilmacError(message, path=path, line=line, column=column, hint=SYNTAX_HINT)


def _entries(source: str, path: str) -> list[_Entry]:
    """Every active entry, in file order, with the positions of its string contents."""
    entries: list[_Entry] = []
    entry: _Entry | None = None
    flags: set[str] = set()
    offset = 0
    for number, line in enumerate(source.split("\n"), 1):
        start = offset
        offset += len(line) + 1
        stripped = line.lstrip(" \t")
        first = stripped[:1]
        if first == "#":
            if stripped.startswith("#~"):
                flags = set()  # the flags were those of this obsolete entry
            elif stripped.startswith("#,"):
                flags.update(f.strip() for f in stripped[2:].split(",") if f.strip())
            continue
        if first == '"':
            match = _STRING_LINE.match(line)
            if match is None:
                raise _error(path, number, len(line) - len(stripped) + 1,
                             "unterminated string or text after the closing quote")
            if entry is None or entry.last is None:
                raise _error(path, number, 1, "a string continuation line with no keyword before it")
            entry.strings[entry.last].append((start + match.start(1), start + match.end(1)))
            continue
        if not stripped.strip():
            continue
        match = _KEYWORD_LINE.match(line)
        if match is None:
            word = stripped.split(None, 1)[0] if stripped.split() else stripped
            if word.startswith(("msgctxt", "msgid", "msgstr")):
                message = f"{word} must be followed by a quoted string on the same line"
            else:
                message = f"unexpected text {word[:30]!r}; expected msgctxt, msgid, msgstr, a string or a comment"
            raise _error(path, number, len(line) - len(stripped) + 1, message)
        keyword = match.group(1)
        if entry is None or keyword == "msgctxt" or keyword == "msgid" and "msgid" in entry.strings:
            if entry is not None:
                _finish(entry, path)
                entries.append(entry)
            entry, flags = _Entry(number, flags), set()
        elif keyword in entry.strings:
            raise _error(path, number, match.start(1) + 1, f"a second {keyword} in one entry")
        if keyword.startswith("msgstr") and "msgid" not in entry.strings:
            raise _error(path, number, match.start(1) + 1, "msgstr without a msgid before it")
        if keyword == "msgid_plural" and "msgid" not in entry.strings:
            raise _error(path, number, match.start(1) + 1, "msgid_plural without a msgid before it")
        entry.strings[keyword] = [(start + match.start(3), start + match.end(3))]
        entry.last = keyword
    if entry is not None:
        _finish(entry, path)
        entries.append(entry)
    return entries


def _finish(entry: _Entry, path: str) -> None:
    if "msgid" not in entry.strings:
        raise _error(path, entry.line, 1, "msgctxt without a msgid")
    if not entry.forms():
        raise _error(path, entry.line, 1, "msgid without a msgstr")
    if "msgid_plural" in entry.strings and "msgstr" in entry.strings:
        raise _error(path, entry.line, 1, "an entry with msgid_plural needs msgstr[0], msgstr[1], … not msgstr")


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


def _content_span(spans: list[tuple[int, int]]) -> tuple[int, int]:
    """From the first non-empty literal to the end of the last one (a form's text)."""
    filled = [s for s in spans if s[1] > s[0]]
    if not filled:
        return spans[0][0], spans[0][0]
    return filled[0][0], filled[-1][1]


def _layer(source: str, blanks: str, pieces: list[tuple[int, int]]) -> str:
    """`blanks` with the string contents `pieces` (sorted) decoded in place."""
    out, last = [], 0
    for start, end in pieces:
        out.append(blanks[last:start])
        out.append(_layer_piece(source[start:end]))
        last = end
    out.append(blanks[last:])
    return "".join(out)


def read_po(source: str, path: str, *, template: bool = False) -> Document:
    entries = _entries(source, path)
    header: dict[str, str] = {}
    for index, entry in enumerate(entries):
        if "msgctxt" not in entry.strings and entry.value(source, "msgid") == "":
            header = parse_header(entries.pop(index).value(source, "msgstr") or "")
            break
    source_lang = normalize_lang(header.get("X-Source-Language", "")) or "en"
    units: list[Unit] = []
    translations: list[tuple[int, int]] = []
    originals: list[tuple[int, int]] = []
    for entry in entries:
        originals_of_entry = entry.strings["msgid"] + entry.strings.get("msgid_plural", [])
        originals.extend(originals_of_entry)
        forms = entry.forms()
        source_spans = (_content_span(entry.strings["msgid"]),)
        if "msgid_plural" in entry.strings:
            source_spans += (_content_span(entry.strings["msgid_plural"]),)
        if template:
            spans, untranslated = source_spans, False
        else:
            spans = tuple(_content_span(form) for form in forms)
            untranslated = all(a == b for a, b in spans)
            for form in forms:
                translations.extend(form)
        units.append(Unit(
            msgid=entry.value(source, "msgid") or "",
            msgctxt=entry.value(source, "msgctxt"),
            spans=spans, source_spans=source_spans, flags=frozenset(entry.flags - {"fuzzy"}),
            fuzzy="fuzzy" in entry.flags, untranslated=untranslated,
        ))
    blanks = "\n".join(" " * len(line) for line in source.split("\n"))
    originals.sort()
    translations.sort()
    if template:
        text, source_text, lang = _layer(source, blanks, originals), None, source_lang
    else:
        text, source_text = _layer(source, blanks, translations), _layer(source, blanks, originals)
        lang = header_language(header) or path_language(path)
    return Document(path=path, source=source, text=text, lang=lang,
                    catalog=Catalog(format="po", source_lang=source_lang, units=units, source_text=source_text))
