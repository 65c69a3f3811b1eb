"""Helpers the readers share: the blanking buffer, language codes, path conventions, dates."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from pathlib import PurePath

from dilmac.core.document import FILLER

# --------------------------------------------------------------------------- blanking buffer


class Blanker:
    """The `text` being built from `source`: same length, same newlines, by construction.

    Every operation keeps `\\n` where the source has one, so a reader can blank or replace any
    range without thinking about the position contract.
    """

    __slots__ = ("chars", "source")

    def __init__(self, source: str, *, blank: bool = False) -> None:
        self.source = source
        if blank:
            self.chars = ["\n" if c == "\n" else " " for c in source]
        else:
            self.chars = list(source)

    def blank(self, start: int, end: int, fill: str = " ") -> None:
        """Replace source[start:end] with `fill` (a space or FILLER), newlines kept."""
        source, chars = self.source, self.chars
        for i in range(max(start, 0), min(end, len(source))):
            chars[i] = "\n" if source[i] == "\n" else fill

    def reveal(self, start: int, end: int) -> None:
        """Copy source[start:end] into the text unchanged."""
        self.chars[start:end] = self.source[start:end]

    def replace(self, start: int, end: int, decoded: str) -> None:
        """Put `decoded` (no longer than the range, no newlines) at start; FILLER the rest."""
        if len(decoded) > end - start or "\n" in decoded or "\n" in self.source[start:end]:
            self.reveal(start, end)
            return
        self.chars[start:end] = decoded + FILLER * (end - start - len(decoded))

    def decode(self, start: int, raw: str) -> None:
        """Decode the character reference `raw` found at `start`, if it is one (see
        `decode_reference`); leave it as it is otherwise."""
        decoded = decode_reference(raw)
        if decoded is not None:
            length, text = decoded
            self.replace(start, start + length, text)

    def text(self) -> str:
        return "".join(self.chars)


def decode_reference(raw: str) -> tuple[int, str] | None:
    """How much of `raw` (`&amp;`, `&#39;`, `&copy`, `&notit;`) is a character reference, and
    what it decodes to; None if nothing. Legacy references without `;` decode only their own
    characters: `&amp0` → (4, "&"), so the "0" keeps its position."""
    decoded = html.unescape(raw)
    if decoded == raw:
        return None
    common = 0
    while common < len(decoded) - 1 and raw[-1 - common] == decoded[-1 - common]:
        common += 1
    length, text = len(raw) - common, decoded[: len(decoded) - common]
    if len(text) > length:
        return None
    return length, text


# --------------------------------------------------------------------------- languages

# ISO 639-1, for recognising `name.de.md` style file names (directories only accept en/az/tr,
# or a full locale such as `ru_RU`, because a directory called `my/` or `it/` is too common).
ISO_639_1 = frozenset(
    """
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da
de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz
ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln
lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi
pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti
tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""".split()
)

_THREE_LETTER = {
    "aze": "az",
    "azj": "az",
    "azb": "az",
    "tur": "tr",
    "eng": "en",
    "rus": "ru",
    "deu": "de",
    "ger": "de",
    "fra": "fr",
    "fre": "fr",
    "spa": "es",
    "ita": "it",
    "ara": "ar",
    "fas": "fa",
    "per": "fa",
    "kaz": "kk",
    "kir": "ky",
    "uzb": "uz",
    "tuk": "tk",
    "ukr": "uk",
    "kat": "ka",
    "geo": "ka",
    "hye": "hy",
    "arm": "hy",
    "zho": "zh",
    "chi": "zh",
    "jpn": "ja",
    "por": "pt",
    "nld": "nl",
    "dut": "nl",
    "pol": "pl",
    "tat": "tt",
}
_NAMES = {
    "english": "en",
    "ingilis": "en",
    "ingilizce": "en",
    "i̇ngilizce": "en",
    "ingilis dili": "en",
    "azerbaijani": "az",
    "azeri": "az",
    "azərbaycan": "az",
    "azərbaycanca": "az",
    "azərbaycan dili": "az",
    "azerice": "az",
    "azerbaycanca": "az",
    "azerbaycan türkçesi": "az",
    "turkish": "tr",
    "türkçe": "tr",
    "turkce": "tr",
    "türk dili": "tr",
    "türk": "tr",
}
_NO_LANGUAGE = frozenset({"und", "zxx", "mul", "mis"})
_PRIMARY = re.compile(r"[a-z]{2,3}")


def normalize_lang(value: object) -> str | None:
    """`az`, `az-Latn`, `az_AZ`, `aze`, `tr_TR.UTF-8`, `English` → `az`, `tr`, `en`; other
    languages → their primary subtag (`ru-RU` → `ru`); nothing usable → None."""
    if not isinstance(value, str):
        return None
    cleaned = value.strip()
    named = _NAMES.get(cleaned.lower())
    if named:
        return named
    cleaned = cleaned.split(".", 1)[0].split("@", 1)[0]  # POSIX locales: tr_TR.UTF-8@euro
    primary = re.split(r"[-_]", cleaned, maxsplit=1)[0].lower()
    if primary in _NO_LANGUAGE or not _PRIMARY.fullmatch(primary):
        return None
    return _THREE_LETTER.get(primary, primary)


def is_no_language(value: object) -> bool:
    """Values that say 'language not known' on purpose: empty, `und`, `zxx`, `mul`."""
    return isinstance(value, str) and value.strip().lower() in _NO_LANGUAGE | {""}


_SUPPORTED_DIR = re.compile(r"(?i)(az|tr|en)(?:[-_](?:[a-z]{2}|[a-z]{4}(?:[-_][a-z]{2})?))?")
_LOCALE_DIR = re.compile(r"([a-z]{2})[-_]([A-Z]{2}|[A-Z][a-z]{3})")
_STEM_SUFFIX = re.compile(r"[-_](az|tr|en|AZ|TR|EN)$")


def _code_part(part: str) -> str | None:
    """A file-name part like `az`, `tr-TR`, `de`, `ru_RU`, `aze` → its language, else None."""
    if _SUPPORTED_DIR.fullmatch(part) or _LOCALE_DIR.fullmatch(part):
        return normalize_lang(part)
    lowered = part.lower()
    if lowered in ISO_639_1 and part in (lowered, part.upper()):
        return lowered
    if lowered in ("aze", "tur", "eng"):
        return _THREE_LETTER[lowered]
    return None


def path_language(path: PurePath | str) -> str | None:
    """Language a path's naming convention gives a file; the nearest marker wins.

    `release.az.md` / `release.tr-TR.txt` (a code just before the extension), `release_AZ.docx`
    (en/az/tr after `_` or `-` at the end of the name), then the nearest directory named
    `az`, `tr`, `en` (or `az_AZ`, `tr-TR`, `en-GB`, `az-Latn`, or any full locale `ru_RU`).
    """
    pure = PurePath(path)
    name_parts = pure.name.split(".")
    if len(name_parts) >= 3 and name_parts[0]:
        code = _code_part(name_parts[-2])
        if code:
            return code
    stem = name_parts[0] if len(name_parts) >= 2 else pure.name
    match = _STEM_SUFFIX.search(stem)
    if match and len(stem) > 3:
        return match.group(1).lower()
    for part in reversed(pure.parent.parts):
        if _SUPPORTED_DIR.fullmatch(part) or _LOCALE_DIR.fullmatch(part):
            code = normalize_lang(part)
            if code in ISO_639_1:
                return code
    return None


# --------------------------------------------------------------------------- dates


def parse_date(value: object) -> date:
    """A front matter / metadata date: a date, a timestamp, or a string in ISO 8601 form.

    Raises ValueError with a short reason when the value is not a date.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        if re.match(r"\d{4}-\d{2}-\d{2}[T ]", text):
            stamp = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
            return datetime.fromisoformat(stamp).date()
        raise ValueError("not in YYYY-MM-DD form")
    raise ValueError(f"a {type(value).__name__}, not a date")


def line_of(source: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset (for errors raised before a Document exists)."""
    line_start = source.rfind("\n", 0, offset) + 1
    return source.count("\n", 0, offset) + 1, offset - line_start + 1
