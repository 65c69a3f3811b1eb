"""A translated publication from its source and a catalog: each segment whose message has a
translation is replaced by it; the others stay as they are, in the source language. The
document's own language declaration (front matter `lang:`, `<html lang>`) is set to the
catalog's language. Fuzzy translations are used only when asked, as with compile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from dilmac.catalog.io import Catalog
from dilmac.catalog.segment import Segment, Segmented
from dilmac.catalog.stats import count_words
from dilmac.core.i18n import gettext as _
from dilmac.core.i18n import ngettext
from dilmac.readers.common import ISO_639_1

LANG_PART = re.compile(r"([a-z]{2})(?:[-_][A-Za-z]{2,4})?")


@dataclass
class Coverage:
    segments: int = 0
    translated: int = 0
    words: int = 0
    translated_words: int = 0
    fuzzy_unused: int = 0
    untranslated: list[Segment] = field(default_factory=list)

    @staticmethod
    def percent(part: int, whole: int) -> float:
        return round(100 * part / whole, 1) if whole else 100.0

    def to_json(self, source: str, output: str, lang: str | None) -> dict:
        return {
            "source": source,
            "output": output,
            "lang": lang,
            "segments": {
                "total": self.segments,
                "translated": self.translated,
                "percent": self.percent(self.translated, self.segments),
            },
            "words": {
                "total": self.words,
                "translated": self.translated_words,
                "percent": self.percent(self.translated_words, self.words),
            },
            "fuzzy_unused": self.fuzzy_unused,
            "untranslated": [{"line": s.line, "text": s.text} for s in self.untranslated],
        }

    def render(self, source: str, output: str, lang: str | None, limit: int = 10) -> str:
        fields = {
            "output": output,
            "lang": lang or _("language not set"),
            "source": source,
            "translated": self.translated,
            "segments": self.segments,
            "percent": self.percent(self.translated, self.segments),
            "translated_words": self.translated_words,
            "words": self.words,
            "words_percent": self.percent(self.translated_words, self.words),
        }
        lines = [
            _(
                "%(output)s (%(lang)s) from %(source)s: %(translated)d of %(segments)d segments translated "
                "(%(percent)s%%), %(translated_words)d of %(words)d words (%(words_percent)s%%)"
            )
            % fields
        ]
        for segment in self.untranslated[:limit]:
            text = segment.text if len(segment.text) <= 60 else segment.text[:59] + "…"
            lines.append(
                "  " + _("untranslated: %(where)s: %(text)s") % {"where": f"{source}:{segment.line}", "text": text}
            )
        if len(self.untranslated) > limit:
            more = len(self.untranslated) - limit
            lines.append("  " + _("… and %(n)d more untranslated") % {"n": more})
        if self.fuzzy_unused:
            lines.append(
                "  "
                + ngettext(
                    "%(n)d fuzzy translation not used (--use-fuzzy uses them)",
                    "%(n)d fuzzy translations not used (--use-fuzzy uses them)",
                    self.fuzzy_unused,
                )
                % {"n": self.fuzzy_unused}
            )
        return "\n".join(lines)


def translations(catalog: Catalog, use_fuzzy: bool) -> tuple[dict[str, str], set[str]]:
    """Usable translations of context-free singular messages, and the fuzzy ones left out."""
    usable: dict[str, str] = {}
    fuzzy: set[str] = set()
    for entry in catalog:
        if entry.obsolete or entry.msgctxt is not None or entry.msgid_plural or not entry.msgstr:
            continue
        if "fuzzy" in entry.flags and not use_fuzzy:
            fuzzy.add(entry.msgid)
        else:
            usable[entry.msgid] = entry.msgstr
    return usable, fuzzy


def build_document(
    segmented: Segmented, catalog: Catalog, lang: str | None, *, use_fuzzy: bool = False
) -> tuple[str, Coverage]:
    usable, fuzzy = translations(catalog, use_fuzzy)
    source = segmented.source
    coverage = Coverage()
    replacements: list[tuple[int, int, str]] = []
    if lang and segmented.lang_span:
        replacements.append((*segmented.lang_span, lang))
    for segment in segmented.segments:
        words = count_words(segment.text)
        coverage.segments += 1
        coverage.words += words
        translation = usable.get(segment.text)
        if translation is None:
            coverage.untranslated.append(segment)
            coverage.fuzzy_unused += segment.text in fuzzy
            continue
        coverage.translated += 1
        coverage.translated_words += words
        replacements.append((segment.start, segment.end, segment.render(translation)))
    replacements.sort()
    out, pos = [], 0
    for start, end, text in replacements:
        out.append(source[pos:start])
        out.append(text)
        pos = end
    out.append(source[pos:])
    return "".join(out), coverage


def default_output(source: PurePath, lang: str) -> Path:
    """`release.md` → `release.az.md`; `release.en.md` → `release.az.md`."""
    parts = source.name.split(".")
    code = LANG_PART.fullmatch(parts[-2]) if len(parts) >= 3 else None
    if code and code.group(1) in ISO_639_1:
        parts[-2] = lang
    elif len(parts) >= 2:
        parts.insert(-1, lang)
    else:
        parts.append(lang)
    return Path(source.parent, ".".join(parts))
