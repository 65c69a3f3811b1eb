"""PO → MO, choosing messages exactly as GNU msgfmt does.

Neither polib nor Babel matches msgfmt here: both leave out a plural entry only when every
msgstr[i] is empty (or, in Babel's case, never), while msgfmt leaves it out when msgstr[0] is
empty, so `ngettext` would answer differently. msgfmt's rules, which this follows:

- obsolete entries are left out, and so are entries whose msgstr (msgstr[0]) is empty;
- fuzzy entries are left out unless `use_fuzzy`, but the header always goes in, fuzzy or not,
  less its first POT-Creation-Date line (msgfmt 0.20 and later drop it for reproducible builds);
- a message with a context is stored as "msgctxt\\x04msgid", a plural one as "msgid\\0plural"
  with its translations joined by NUL;
- strings are stored in the catalog's charset, sorted by their bytes.

No hash table is written: Python's gettext never reads it, and GNU libintl falls back to a
binary search over the sorted originals when it is absent.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from dilmac.catalog.io import Catalog
from dilmac.catalog.plural_rule import plural_rule
from dilmac.core.errors import DilmacError

MAGIC = 0x950412DE
HEADER_SIZE = 28
NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
CREATION_DATE = "POT-Creation-Date:"
PLURAL = re.compile(r"plural\s*=\s*([^;]*)")


@dataclass
class Compiled:
    data: bytes
    messages: int  # translations written, the header not counted
    fuzzy_left_out: int
    errors_left_out: int = 0  # messages with errors left untranslated (compile --allow-errors)


def plural_forms(catalog: Catalog) -> tuple[int, str] | None:
    """(nplurals, expression) from the Plural-Forms header, checked the way gettext reads it;
    None if the catalog has none."""
    value = catalog.metadata.get("Plural-Forms")
    if value is None:
        return None
    return check_plural_forms(value, path=catalog.path, line=catalog.header_field_line("Plural-Forms"))


def check_plural_forms(value: str, *, path: str | None = None, line: int | None = None) -> tuple[int, str]:
    """(nplurals, expression) of a Plural-Forms value, or an error if gettext could not use it."""
    count, expression = NPLURALS.search(value), PLURAL.search(value)
    problem = None
    if not count or not expression:
        problem = "it needs both nplurals=N and plural=EXPRESSION"
    else:
        problem = plural_rule(int(count.group(1)), expression.group(1).strip())[1]
    if problem:
        raise DilmacError(
            f"the Plural-Forms header “{value}” is not usable: {problem}",
            path=path,
            line=line,
            hint="write it as in gettext's manual, e.g. “nplurals=2; plural=(n != 1);”",
        )
    return int(count.group(1)), expression.group(1).strip()


def compile_catalog(catalog: Catalog, *, use_fuzzy: bool = False, leave_out: set[int] = frozenset()) -> Compiled:
    """The MO file's bytes; the entries whose id() is in `leave_out` (those dilmac.catalog.check
    found errors in) are left untranslated."""
    plural_forms(catalog)  # an unusable Plural-Forms header is an error even without plurals
    messages: dict[str, str] = {}
    seen: dict[str, int | None] = {}  # msgctxt + msgid → line, for duplicates
    fuzzy_left_out = errors_left_out = 0
    header = catalog.header_msgstr()
    if header:
        messages[""] = _without_creation_date(header)
    for entry in catalog:
        if entry.obsolete:
            continue
        identity = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if identity == "":
            raise DilmacError(
                'a second header entry (msgid "")',
                path=catalog.path,
                line=entry.linenum,
                hint="merge it into the first header and delete it",
            )
        if identity in seen:
            raise DilmacError(
                f"the message “{_short(entry.msgid)}” is defined twice",
                path=catalog.path,
                line=entry.linenum,
                hint=f"delete one of the two entries (the other is at line {seen[identity]})",
            )
        seen[identity] = entry.linenum
        if entry.msgid_plural:
            strings = _plural_strings(catalog, entry)
            key, value = identity + "\x00" + entry.msgid_plural, "\x00".join(strings)
            translated = strings[0] != ""
        else:
            key, value = identity, entry.msgstr
            translated = value != ""
        if not translated:
            continue
        if "fuzzy" in entry.flags and not use_fuzzy:
            fuzzy_left_out += 1
            continue
        if id(entry) in leave_out:
            errors_left_out += 1
            continue
        messages[key] = value
    data = _mo_bytes(messages, catalog.charset, catalog.path)
    return Compiled(data, len(messages) - ("" in messages), fuzzy_left_out, errors_left_out)


def _without_creation_date(header: str) -> str:
    if header.startswith(CREATION_DATE):
        start = 0
    else:
        start = header.find("\n" + CREATION_DATE)
        if start == -1:
            return header
        start += 1
    end = header.find("\n", start)
    return header[:start] + ("" if end == -1 else header[end + 1 :])


def _plural_strings(catalog: Catalog, entry) -> list[str]:
    if not entry.msgstr_plural:
        raise DilmacError(
            f"the plural message “{_short(entry.msgid)}” has no msgstr[0], msgstr[1], …",
            path=catalog.path,
            line=entry.linenum,
            hint='write its translations as msgstr[0] "…", msgstr[1] "…"',
        )
    indexes = sorted(entry.msgstr_plural)
    if indexes != list(range(len(indexes))):
        raise DilmacError(
            f"the plural forms of “{_short(entry.msgid)}” are not numbered 0, 1, 2, …",
            path=catalog.path,
            line=entry.linenum,
            hint="number the msgstr[N] lines from 0 without gaps",
        )
    return [entry.msgstr_plural[i] for i in indexes]


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def _mo_bytes(messages: dict[str, str], charset: str, path: str | None) -> bytes:
    try:
        encoded = sorted((key.encode(charset), value.encode(charset)) for key, value in messages.items())
    except UnicodeEncodeError as exc:
        raise DilmacError(
            f"“{exc.object[exc.start : exc.end]}” cannot be stored in the catalog's charset {charset}",
            path=path,
            hint="set the header's Content-Type to charset=UTF-8",
        ) from None
    count = len(encoded)
    originals_at = HEADER_SIZE
    translations_at = originals_at + 8 * count
    strings_at = translations_at + 8 * count
    table_originals, table_translations, blob = [], [], bytearray()
    for key, _ in encoded:
        table_originals.append((len(key), strings_at + len(blob)))
        blob += key + b"\x00"
    for _, value in encoded:
        table_translations.append((len(value), strings_at + len(blob)))
        blob += value + b"\x00"
    header = struct.pack("<7I", MAGIC, 0, count, originals_at, translations_at, 0, strings_at)
    tables = b"".join(struct.pack("<2I", *pair) for pair in table_originals + table_translations)
    return header + tables + bytes(blob)
