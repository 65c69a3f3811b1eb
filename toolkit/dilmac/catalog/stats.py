"""How far translation has come: messages and words per state, per file and per language.

States as msgfmt --statistics counts them: fuzzy is any entry flagged fuzzy, translated is a
non-fuzzy entry whose msgstr (msgstr[0]) is filled, untranslated the rest; obsolete entries and
the header are not messages. Words are the source's words (msgid, and msgid_plural where there
is one), counted without markup and placeholders (`<b>`, `%s`, `%(name)s`, `{name}`, `&amp;`,
link targets), a word with an apostrophe suffix (“Türkiye'nin”) being one word; the
translations' own words are counted too (`translation_words`), since az and tr texts run
shorter than their English sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dilmac.catalog.io import Catalog
from dilmac.core.i18n import gettext as _
from dilmac.readers.common import normalize_lang, path_language

STATES = ("translated", "fuzzy", "untranslated")
MARKUP = re.compile(
    r"<[^>]*>|&[#\w]+;|\]\([^)]*\)|\{[^{}\s]*\}"
    r"|%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlLqjzt]*[diouxXeEfFgGcrsa%]"
)
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
LETTER = re.compile(r"[^\W\d_]")


def count_words(text: str) -> int:
    return sum(1 for word in WORD.findall(MARKUP.sub(" ", text)) if LETTER.search(word))


def state(entry) -> str:
    if "fuzzy" in entry.flags:
        return "fuzzy"
    first = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
    return "translated" if first else "untranslated"


@dataclass
class Counts:
    lang: str
    paths: list[str] = field(default_factory=list)
    messages: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    translation_words: int = 0

    def add(self, other: Counts) -> None:
        self.paths.extend(other.paths)
        for name in STATES:
            self.messages[name] += other.messages[name]
            self.words[name] += other.words[name]
        self.translation_words += other.translation_words

    @staticmethod
    def percent(part: int, whole: int) -> float:
        return round(100 * part / whole, 1) if whole else 100.0

    def to_json(self) -> dict:
        total_messages, total_words = sum(self.messages.values()), sum(self.words.values())
        return {
            "lang": self.lang,
            "paths": self.paths,
            "messages": {**self.messages, "total": total_messages},
            "words": {**self.words, "total": total_words},
            "translated_percent": {
                "messages": self.percent(self.messages["translated"], total_messages),
                "words": self.percent(self.words["translated"], total_words),
            },
            "translation_words": self.translation_words,
        }


def catalog_counts(catalog: Catalog, path: str) -> Counts:
    language = normalize_lang(catalog.metadata.get("Language", "")) or path_language(path) or "?"
    counts = Counts(language, [path])
    for entry in catalog:
        if entry.obsolete:
            continue
        name = state(entry)
        counts.messages[name] += 1
        counts.words[name] += count_words(entry.msgid) + count_words(entry.msgid_plural or "")
        if name == "translated":
            strings = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
            counts.translation_words += sum(count_words(text) for text in strings)
    return counts


def by_language(files: list[Counts]) -> list[Counts]:
    languages: dict[str, Counts] = {}
    for counts in files:
        languages.setdefault(counts.lang, Counts(counts.lang)).add(counts)
    return [languages[lang] for lang in sorted(languages)]


def stats_json(files: list[Counts]) -> dict:
    return {"languages": [c.to_json() for c in by_language(files)], "files": [c.to_json() for c in files]}


def render_table(files: list[Counts]) -> str:
    """A table per language, then one per file if a language has several."""
    columns = (
        _("messages"),
        _("translated"),
        _("fuzzy"),
        _("untranslated"),
        _("words"),
        _("words translated"),
        _("words fuzzy"),
        _("words untranslated"),
    )
    lang, file = _("lang"), _("file")
    languages = by_language(files)
    tables = [_table((lang, _("files")) + columns, [(c.lang, str(len(c.paths))) + _cells(c) for c in languages])]
    if len(languages) < len(files):
        tables.append(_table((file, lang) + columns, [(c.paths[0], c.lang) + _cells(c) for c in files]))
    return "\n\n".join(tables)


def _cells(counts: Counts) -> tuple[str, ...]:
    messages, words = counts.messages, counts.words
    total_m, total_w = sum(messages.values()), sum(words.values())
    return (
        str(total_m),
        f"{messages['translated']} ({counts.percent(messages['translated'], total_m)}%)",
        str(messages["fuzzy"]),
        str(messages["untranslated"]),
        str(total_w),
        f"{words['translated']} ({counts.percent(words['translated'], total_w)}%)",
        str(words["fuzzy"]),
        str(words["untranslated"]),
    )


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[k]) for row in [header, *rows]) for k in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if k < 2 else cell.rjust(width) for k, (cell, width) in enumerate(zip(row, widths))
        ).rstrip()
        for row in [header, *rows]
    )
