"""Bytes → text: UTF-8 (with or without BOM), UTF-16/32 with a BOM, and clear errors otherwise.

Translators get files from Word, old Windows tools and e-mail attachments, so the common
failures are explained rather than reported as a codec error: a Turkish Windows-1254 file, a
Western Windows-1252 file, a mix of UTF-8 and legacy text, a binary file (PDF, .doc, image).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from dilmac.core.errors import DilmacError

SAVE_AS_UTF8 = "save the file as UTF-8 (in most editors: Save As → Encoding → UTF-8)"
RESAVE_AS_UTF8 = (
    "re-save the file as UTF-8 (open it, then Save As → Encoding → UTF-8); "
    "renaming it or changing the extension does not convert it"
)
SNIFF = 8192


class BinaryFileError(DilmacError):
    """Not a text file at all. The directory walker skips these with a notice."""


_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

_MAGIC = (
    (b"%PDF-", "a PDF file", "export or copy the text to a .txt, .md or .docx file"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old-format Office file (.doc/.xls) or a password-protected document",
        "open it in Word and save it as .docx without a password",
    ),
    (
        b"PK\x03\x04",
        "a zip archive (perhaps a .docx, .odt or .xlsx with the wrong extension)",
        "if it is a Word document, name it .docx; otherwise export its text",
    ),
    (b"\x89PNG", "a PNG image", "images cannot be checked"),
    (b"\xff\xd8\xff", "a JPEG image", "images cannot be checked"),
    (b"GIF8", "a GIF image", "images cannot be checked"),
)

# Turkish and Azerbaijani letters as they look when UTF-8 bytes are read as Windows-1252/1254
# or Latin-1 (and the typographic quotes every Word document has).
MOJIBAKE = re.compile('Ã[\u0080-\u00bf‡–œ§¶¼„“š]|Ä[±°Ÿž\u009f\u009e]|Å[Ÿž\u009f\u009e]|É™|Æ\u008f|â€[™œ\u009d¦“”˜"]')
_CP1254_ONLY = "ğĞıİşŞ"  # the six letters where Windows-1254 differs from Windows-1252
_SHARED_TURKISH = "çÇöÖüÜâÂîÎûÛ"


def read_bytes(path: Path, display: str) -> bytes:
    """The file's bytes, or a DilmacError with the operating system's reason."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise read_error(exc, display) from None


def read_error(exc: OSError, display: str) -> DilmacError:
    """The operating system's reason a file cannot be read, said for a translator."""
    if isinstance(exc, IsADirectoryError):
        return DilmacError(
            "this is a directory, not a file",
            path=display,
            hint="give a file, or a directory to check every file in it",
        )
    if isinstance(exc, FileNotFoundError):
        return DilmacError("the file does not exist", path=display, hint="check the spelling of the path")
    if isinstance(exc, PermissionError):
        return DilmacError(
            f"cannot read the file: {exc.strerror or 'permission denied'}",
            path=display,
            hint="check that you may read this file",
        )
    return DilmacError(
        f"cannot read the file: {exc.strerror or exc}",
        path=display,
        hint="check that the file exists and can be opened",
    )


def decode(data: bytes, path: str) -> tuple[str, list[str]]:
    """Decode a text file. Returns the text (BOM removed) and notices about it."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                text = body.decode(codec)
            except UnicodeDecodeError as exc:
                raise DilmacError(
                    f"the file starts with a {name} byte order mark but is not valid {name} "
                    f"(bad bytes at byte offset {exc.start + len(bom)})",
                    path=path,
                    hint=SAVE_AS_UTF8,
                ) from None
            return text, mojibake_notices(text)
    try:
        text = data.decode("utf-8")
        failure = None
    except UnicodeDecodeError as exc:
        text, failure = "", exc
    has_nul = b"\x00" in data[:SNIFF]
    if failure is not None or has_nul:
        _check_binary(data, path)
        if has_nul:
            utf16 = _utf16_without_bom(data)
            if utf16 is not None:
                return utf16, ["read as UTF-16 text without a byte order mark; saving it as UTF-8 is safer"]
            raise BinaryFileError(
                "this is a binary file, not text",
                path=path,
                hint="only text, Markdown, HTML and .docx files can be checked",
            )
        assert failure is not None
        raise not_utf8(data, failure, path)
    return text, mojibake_notices(text)


def _check_binary(data: bytes, path: str) -> None:
    for magic, what, hint in _MAGIC:
        if data.startswith(magic) and what:
            raise BinaryFileError(f"this is {what}, not text", path=path, hint=hint)


def _utf16_without_bom(data: bytes) -> str | None:
    """Text saved as UTF-16 without a BOM (ASCII-heavy text: every other byte is NUL)."""
    sample = data[:SNIFF]
    if len(data) % 2 or len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    pairs = len(sample) // 2
    if odd >= 0.3 * pairs and even == 0:
        codec = "utf-16-le"
    elif even >= 0.3 * pairs and odd == 0:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for c in text[:SNIFF] if c < " " and c not in "\t\n\r\f")
    return text if controls == 0 else None


def not_utf8(data: bytes, exc: UnicodeDecodeError, path: str, *, byte_base: int = 0, line_base: int = 0) -> DilmacError:
    """Why `data` is not UTF-8. `data` may be a block of a larger file that starts `byte_base`
    bytes and `line_base` lines into it."""
    offset = exc.start
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = line_base + data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    byte = data[offset]
    where = f"byte 0x{byte:02X} at byte offset {byte_base + offset}"
    legacy = _legacy_guess(data, offset)
    if legacy is None:
        return DilmacError(
            f"the file is not valid UTF-8: unexpected {where}", path=path, line=line, column=column, hint=SAVE_AS_UTF8
        )
    encoding, char, mixed = legacy
    seen = f" (there, {where} would be “{char}”)" if char.isprintable() else ""
    if mixed:
        message = (
            f"the file is not valid UTF-8: it mixes UTF-8 with {encoding} text{seen}; "
            "parts of it were probably pasted from an older document"
        )
    else:
        message = f"the file is not UTF-8: it looks like {encoding} text{seen}"
    return DilmacError(message, path=path, line=line, column=column, hint=RESAVE_AS_UTF8)


def _legacy_guess(data: bytes, offset: int) -> tuple[str, str, bool] | None:
    """Which legacy encoding the bytes that are not UTF-8 look like, if they look like letters
    inside words: (name, the byte at `offset` in it, whether the file also has UTF-8 text)."""
    escaped = data.decode("utf-8", "surrogateescape")  # bad bytes → U+DC80..U+DCFF
    bad = [k for k, c in enumerate(escaped) if "\udc80" <= c <= "\udcff"]
    mixed = any(c > "\x7f" and not "\udc80" <= c <= "\udcff" for c in escaped)
    for codec in ("cp1254", "cp1252"):
        try:
            chars = {k: bytes([ord(escaped[k]) - 0xDC00]).decode(codec) for k in bad}
        except UnicodeDecodeError:
            continue

        def letter(k: int, chars: dict[int, str] = chars) -> str:
            c = chars.get(k, escaped[k]) if 0 <= k < len(escaped) else ""
            return c if c.isalpha() else ""

        def in_word(k: int, chars: dict[int, str] = chars) -> bool:
            """A letter in a word that also has plain ASCII letters (“Dışişleri”)."""
            if not chars[k].isalpha():
                return False
            left, right = k - 1, k + 1
            while letter(left):
                left -= 1
            while letter(right):
                right += 1
            return any(letter(j).isascii() for j in range(left + 1, right))

        in_words = sum(1 for k in bad if in_word(k))
        if in_words < 0.6 * len(bad):
            return None
        letters = set(chars.values())
        char = data[offset : offset + 1].decode(codec)
        if letters & set(_CP1254_ONLY):
            return "Windows-1254 (Turkish)", char, mixed
        if letters & set(_SHARED_TURKISH):
            return "Windows-1254 (Turkish) or Windows-1252 (Western European)", char, mixed
        if codec == "cp1252":
            return "Windows-1252 (Western European)", char, mixed
    return None


def mojibake_notices(text: str, limit: int = 3, line_base: int = 0) -> list[str]:
    """Notices for UTF-8 text that contains garbled letters such as 'Ã¼' for 'ü' (`text` may
    be a block that starts `line_base` lines into the file)."""
    notices = []
    seen = set()
    for match in MOJIBAKE.finditer(text):
        garbled = match.group()
        if garbled in seen:
            continue
        seen.add(garbled)
        fixed = _unmangle(garbled)
        line = line_base + text.count("\n", 0, match.start()) + 1
        meant = f" (meant “{fixed}”?)" if fixed else ""
        notices.append(
            f"line {line}: “{garbled}” looks like a garbled letter{meant}: part of "
            "the text was converted from the wrong encoding at some point"
        )
        if len(notices) >= limit:
            break
    return notices


def _unmangle(garbled: str) -> str | None:
    for codec in ("cp1252", "cp1254", "latin-1"):
        try:
            return garbled.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return None
