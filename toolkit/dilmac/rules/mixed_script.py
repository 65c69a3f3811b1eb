"""mixed-script: a Latin word with Cyrillic or Greek look-alike letters in it.

What it flags
    A word written mostly in Latin letters that contains letters of the Cyrillic or Greek
    alphabet: the Cyrillic schwa ``ә`` (U+04D9) instead of the Latin ``ə`` (U+0259), Cyrillic
    ``о``, ``а``, ``е``, ``с``, ``і`` or Greek ``ο`` instead of the Latin letters they look
    like. The message names each foreign letter by its Unicode name and its position in the
    word, and the suggestion is the word written with the Latin letters only.

Why it matters
    Such a word looks right on screen but is a different string: search engines, spelling
    checkers, the termbase matcher and screen readers do not recognise it, and copied into
    another system it may print as a different letter. It usually comes from typing
    Azerbaijani on a Cyrillic keyboard layout (where ``ә`` has a key of its own) or from text
    converted from the Cyrillic alphabet. Every document dilmac checks is in a Latin-script
    language, so such a word is always a mistake.

Example
    Bad (the second letter ``ә`` is CYRILLIC SMALL LETTER SCHWA)::

        Azәrbaycan Respublikasının Xarici İşlər Nazirliyi

    Good::

        Azərbaycan Respublikasının Xarici İşlər Nazirliyi

    Words written mostly in Cyrillic or Greek (a Russian quotation, a formula such as
    ``μm``) are left alone: only words where Latin letters are at least half of the letters
    are checked, and a Greek letter counts only when it has a Latin look-alike.

Silencing it
    A genuinely mixed word is almost never intended. If one is (a transliteration table, a
    font specimen), mark the passage with an HTML ``lang`` attribute of a Cyrillic-script
    language, or lint such files with ``--disable mixed-script``.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import Joined, Message
from dilmac.language import langid
from dilmac.language.normalize import HOMOGLYPHS

if TYPE_CHECKING:
    from dilmac.rules import Context

ID = "mixed-script"
SEVERITY = Severity.ERROR

_CYRILLIC = re.compile("[\u0400-\u052f\u1c80-\u1c8f\ua640-\ua69f]")
_NON_LATIN = re.compile("[\u0370-\u03ff\u0400-\u052f\u1c80-\u1c8f\u1f00-\u1fff\ua640-\ua69f]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f\u0250-\u02af\u1e00-\u1eff]")


def _latin_twins() -> dict[str, str]:
    """Look-alike letter -> Latin letter, both cases."""
    twins = {glyph: latin for glyph, latin in HOMOGLYPHS.items() if not _LATIN.match(glyph)}
    for glyph, latin in list(twins.items()):
        upper = glyph.upper()
        if upper != glyph and len(upper) == 1:
            twins.setdefault(upper, latin.upper())
    twins.update(
        {
            # capitals whose small letters look different from the Latin twin of the small one
            "Ν": "N",
            "Υ": "Y",
            "Β": "B",
            "Ζ": "Z",
            "Η": "H",
            "Μ": "M",
            # more look-alikes
            "ԛ": "q",
            "Ԛ": "Q",
            "ԝ": "w",
            "Ԝ": "W",
            "ϲ": "c",
            "Ϲ": "C",
            "ϳ": "j",
            "Ϳ": "J",
        }
    )
    return twins


TWINS = _latin_twins()


def _describe(word: str) -> tuple[list[Message], str | None]:
    """The foreign letters of a word ("NAME at position N") and the Latin spelling, if every
    foreign letter has a Latin twin."""
    letters = []
    latin = []
    complete = True
    for position, ch in enumerate(word, 1):
        if _NON_LATIN.match(ch):
            letters.append(
                Message("%(letter)s at position %(n)d", letter=unicodedata.name(ch, f"U+{ord(ch):04X}"), n=position)
            )
            twin = TWINS.get(ch)
            if twin is None:
                complete = False
            latin.append(twin or ch)
        else:
            latin.append(ch)
    return letters, "".join(latin) if complete else None


def _is_mixed(word: str) -> bool:
    latin = len(_LATIN.findall(word))
    if latin == 0:
        return False
    foreign = _NON_LATIN.findall(word)
    if len(foreign) > latin:
        return False  # mostly Cyrillic or Greek: a word of that language
    # a Cyrillic letter always counts; a Greek one only when it looks like a Latin letter
    return any(_CYRILLIC.match(ch) or ch in TWINS for ch in foreign)


# First bytes of the UTF-8 encodings of the _NON_LATIN ranges: U+0340-U+053F start with
# 0xCD-0xD4 (so do the combining marks U+0340-U+036F: a false alarm only costs the regex scan),
# U+1C80-U+1C8F and U+1F00-U+1FFF with 0xE1, U+A640-U+A69F with 0xEA.
_LEAD_BYTES = tuple(bytes([b]) for b in (*range(0xCD, 0xD5), 0xE1, 0xEA))


def _may_have_non_latin(text: str) -> bool:
    """False when the text surely has no _NON_LATIN letter: one UTF-8 encoding and a memchr
    per lead byte instead of a character-class scan of every character."""
    if text.isascii():
        return False
    data = text.encode("utf-8", "surrogatepass")
    for lead in _LEAD_BYTES:
        if lead in data:
            return True
    return False


def check(ctx: Context) -> Iterator[Finding]:
    module = sys.modules[__name__]
    text = ctx.text
    end = ctx.end
    if ctx.plain or not _may_have_non_latin(text[ctx.start : end]):
        return
    search = _NON_LATIN.search
    hit = search(text, ctx.start, end)
    while hit:
        start, stop = langid.word_span(text, hit.start())
        start = max(start, ctx.start)
        stop = min(stop, end)
        word = text[start:stop]
        if _is_mixed(word):
            letters, latin = _describe(word)
            template = (
                "“%(word)s” mixes scripts: %(letters)s"
                if latin is not None
                else "“%(word)s” mixes scripts: %(letters)s (no Latin look-alike known)"
            )
            message = Message(template, word=ctx.doc.source[start:stop], letters=Joined(", ", letters))
            yield ctx.finding(module, start, stop, message, suggestions=[latin] if latin else ())
        hit = search(text, max(stop, hit.end()), end)
