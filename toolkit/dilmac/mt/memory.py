"""Translation memory: human translations of the same language reused before the model runs.

The memory holds the translated, non-fuzzy messages of the catalog itself and of the other
catalogs given (by default the other .po files beside it, e.g. the rest of
`locales/az/LC_MESSAGES/`) whose languages match. An exact match is the same msgid (and
msgid_plural); a fuzzy one a source string at least `threshold` similar (difflib's ratio) whose
translation carries exactly the placeholders of the new source. Both are reused as drafts.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from dilmac.mt.masking import placeholders
from dilmac.readers.common import normalize_lang, path_language
from dilmac.readers.po import header_language


@dataclass(frozen=True)
class Match:
    forms: tuple[str, ...]  # the translation: msgstr, or msgstr[0], msgstr[1], …
    msgid: str  # the source it translated
    msgid_plural: str | None
    msgctxt: str | None
    where: str  # the catalog it comes from
    similarity: float  # 1.0 for an exact match

    @property
    def exact(self) -> bool:
        return self.similarity == 1.0


def translation_forms(entry) -> tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural.get(i, "") for i in range(len(entry.msgstr_plural)))
    return (entry.msgstr,)


def is_human_translation(entry) -> bool:
    forms = translation_forms(entry)
    return bool(entry.msgid) and not entry.obsolete and "fuzzy" not in entry.flags and all(forms)


def catalog_languages(catalog, path: Path) -> tuple[str, str | None]:
    """(source, target) language of a catalog, as `dilmac lint` reads them."""
    source = normalize_lang(catalog.metadata.get("X-Source-Language", "")) or "en"
    return source, header_language(dict(catalog.metadata)) or path_language(path)


class TranslationMemory:
    def __init__(self) -> None:
        self._exact: dict[tuple[str, str | None], list[Match]] = {}
        self._all: list[tuple[Match, frozenset[str]]] = []

    def add(self, catalog, where: str) -> None:
        for entry in catalog:
            if not is_human_translation(entry):
                continue
            match = Match(translation_forms(entry), entry.msgid, entry.msgid_plural or None, entry.msgctxt, where, 1.0)
            self._exact.setdefault((entry.msgid, match.msgid_plural), []).append(match)
            self._all.append((match, frozenset(entry.flags)))

    def lookup(
        self, msgid: str, msgid_plural: str | None, msgctxt: str | None, flags, forms: int, threshold: float
    ) -> Match | None:
        exact = [m for m in self._exact.get((msgid, msgid_plural), ()) if len(m.forms) == forms]
        if exact:
            return next((m for m in exact if m.msgctxt == msgctxt), exact[0])
        if threshold >= 1.0 or msgid_plural is not None:
            return None  # plural messages only from exact matches: forms and sources pair up there
        best, best_ratio = None, threshold
        for match, tm_flags in self._all:
            if match.msgid_plural is not None:
                continue
            a, b = match.msgid, msgid
            if 2 * min(len(a), len(b)) / (len(a) + len(b)) < best_ratio:
                continue  # no edit can make strings of so different length similar enough
            matcher = SequenceMatcher(None, a, b, autojunk=False)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio < best_ratio:
                continue
            every_flag = set(flags) | tm_flags
            if placeholders(match.forms[0], every_flag) != placeholders(msgid, every_flag):
                continue  # the old translation's placeholders would be wrong here
            best, best_ratio = match, ratio
        if best is None:
            return None
        return Match(best.forms, best.msgid, best.msgid_plural, best.msgctxt, best.where, round(best_ratio, 4))


def memory_catalogs(catalog_path: Path, extra: list[Path]) -> list[Path]:
    """The other catalogs to learn from: the .po files beside the catalog, and those under
    `extra` paths (files or directories), without the catalog itself."""
    found: list[Path] = []
    for place in [catalog_path.parent, *extra]:
        if place.is_dir():
            found.extend(
                sorted(
                    p
                    for p in (place.glob("*.po") if place == catalog_path.parent else place.rglob("*.po"))
                    if p.is_file() and not any(part.startswith(".") for part in p.relative_to(place).parts)
                )
            )
        elif place.is_file():
            found.append(place)
    own = catalog_path.resolve()
    unique: dict[Path, Path] = {}
    for path in found:
        resolved = path.resolve()
        if resolved != own:
            unique.setdefault(resolved, path)
    return list(unique.values())
