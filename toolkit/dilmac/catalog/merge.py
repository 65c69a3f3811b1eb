"""Per-language catalogs from a template (`init`) and kept in step with it (`update`).

`update` follows msgmerge, with one rule added: no translation is ever lost.

- A message still in the template keeps its translation; its references, extracted comments
  and format flags come from the template. An obsolete (`#~`) entry whose message comes back
  is revived with its translation.
- A new message gets the translation of the closest translated message of the catalog, marked
  fuzzy with the old msgid as `#|`. Closeness is msgmerge's: twice the longest common
  subsequence of the two msgids' UTF-8 bytes over their total length, above 0.6, a message
  of the same context (or of none) winning a tie; every translated message is a candidate,
  those still in the template and the obsolete ones too (`fuzzy_matching=False`: none).
- A translated message that left the template becomes obsolete, even when a new message
  borrowed its translation: msgmerge would drop it, so a translator who then corrects the
  fuzzy entry would lose the original, and a later update bringing the old text back could
  not revive it. Untranslated messages that left are dropped: there is nothing to keep.
- A message whose singular/plural shape changed is kept fuzzy, and its old form obsolete.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import polib

from dilmac.catalog.io import Catalog, gettext_now, new_catalog
from dilmac.catalog.mofile import check_plural_forms, plural_forms
from dilmac.catalog.plurals import language_plural_forms
from dilmac.core.errors import DilmacError
from dilmac.core.i18n import gettext as _
from dilmac.core.i18n import ngettext

FUZZY_CUTOFF = 0.6


@dataclass
class Updated:
    kept: int = 0  # messages still in the template, translation (if any) as it was
    fuzzy: int = 0  # new or changed messages given a close translation, marked fuzzy
    new: int = 0  # messages with nothing to start from
    obsolete: int = 0  # translated messages that left the template, kept as #~
    revived: int = 0  # obsolete messages back in the template, translation restored
    dropped: int = 0  # untranslated messages that left the template
    discarded: int = 0  # translations dropped because obsolete entries were not wanted

    def summary(self) -> str:
        counts = {
            "kept": self.kept,
            "fuzzy": self.fuzzy,
            "new": self.new,
            "obsolete": self.obsolete,
            "revived": self.revived,
            "dropped": self.dropped,
            "n": self.discarded,
        }
        text = (
            _(
                "%(kept)d kept, %(fuzzy)d fuzzy, %(new)d new, %(obsolete)d obsolete, %(revived)d revived, "
                "%(dropped)d dropped untranslated"
            )
            % counts
        )
        if self.discarded:
            text += (
                ngettext(
                    ", %(n)d obsolete translation discarded", ", %(n)d obsolete translations discarded", self.discarded
                )
                % counts
            )
        return text


def parse_locale(lang: str):
    """The Babel Locale of a --lang value."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise DilmacError(
            f"--lang {lang!r} is not a language Babel knows", hint="use a language code such as az, tr or en (or az_AZ)"
        ) from None


def init_catalog(template: Catalog, lang: str, plurals: str | None = None) -> Catalog:
    """A new, untranslated catalog for `lang` with the template's messages; `plurals` is its
    Plural-Forms (default: the language's, dilmac.catalog.plurals)."""
    locale = parse_locale(lang)
    name = str(locale)
    plurals = plurals or language_plural_forms(locale)
    count = check_plural_forms(plurals)[0]
    project = template.metadata.get("Project-Id-Version", "PACKAGE VERSION")
    catalog = new_catalog()
    catalog.header = "\n".join([f"{locale.english_name} translations for {project}."] + template.header.split("\n")[1:])
    stamp = gettext_now()
    catalog.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": template.metadata.get("Report-Msgid-Bugs-To", ""),
        "POT-Creation-Date": template.metadata.get("POT-Creation-Date", stamp),
        "PO-Revision-Date": stamp,
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": f"{name} <LL@li.org>",
        "Language": name,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plurals,
    }
    for entry in template:
        if not entry.obsolete:
            catalog.append(_from_template(entry, count))
    return catalog


def update_catalog(
    catalog: Catalog, template: Catalog, *, fuzzy_matching: bool = True, keep_obsolete: bool = True
) -> Updated:
    """Merge `template` into `catalog` in place (see the module's rules). `keep_obsolete`
    False drops the translations of messages no longer in the template instead of keeping
    them as `#~` entries (pybabel's and msgmerge's --ignore-obsolete)."""
    forms = plural_forms(catalog)
    count = forms[0] if forms else 2
    result = Updated()
    present: dict[tuple[str | None, str], polib.POEntry] = {}
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid)
        if key not in present or (present[key].obsolete and not entry.obsolete):
            present[key] = entry
    translated = [entry for entry in catalog if entry.msgid and _has_translation(entry)]
    matcher = _Closest(translated if fuzzy_matching else [])
    active: list[polib.POEntry] = []
    reshaped: list[polib.POEntry] = []
    reused: set[int] = set()
    taken: set[tuple[str | None, str]] = set()
    for source in template:
        if source.obsolete or (source.msgctxt, source.msgid) in taken:
            continue  # a template's duplicate would share one entry
        taken.add((source.msgctxt, source.msgid))
        old = present.get((source.msgctxt, source.msgid))
        if old is not None:
            reused.add(id(old))
            if old.obsolete and _has_translation(old):
                result.revived += 1
            else:
                result.kept += 1
            if bool(old.msgid_plural) != bool(source.msgid_plural) and _has_translation(old):
                reshaped.append(_as_obsolete(copy.deepcopy(old)))
            _refresh(old, source, count)
            active.append(old)
            continue
        entry = _from_template(source, count)
        closest = matcher.find(source)
        if closest is not None:
            _borrow(entry, closest, count)
            result.fuzzy += 1
        else:
            result.new += 1
        active.append(entry)
    obsolete = []
    for entry in catalog:
        if id(entry) in reused:
            continue
        if not entry.obsolete:
            if not (_has_translation(entry) or entry.tcomment):
                result.dropped += 1
                continue
            if keep_obsolete:
                _as_obsolete(entry)
                result.obsolete += 1
        if not keep_obsolete:
            result.discarded += _has_translation(entry)
            continue
        obsolete.append(entry)
    catalog[:] = active + reshaped + obsolete
    created = template.metadata.get("POT-Creation-Date")
    if created:
        catalog.metadata["POT-Creation-Date"] = created
    return result


def missing_messages(before: Catalog, after: Catalog) -> int:
    """How many active messages of `before` `after` lacks: a catalog saved half-way lacks its
    last ones, so a writer that finds some missing must not merge into it."""
    present = {(entry.msgctxt, entry.msgid) for entry in after if not entry.obsolete}
    active = (entry for entry in before if entry.msgid and not entry.obsolete)
    return sum(1 for entry in active if (entry.msgctxt, entry.msgid) not in present)


def _has_translation(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def _as_obsolete(entry: polib.POEntry) -> polib.POEntry:
    entry.obsolete = True
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    return entry


def _from_template(source: polib.POEntry, count: int) -> polib.POEntry:
    entry = polib.POEntry(
        msgid=source.msgid,
        msgctxt=source.msgctxt,
        occurrences=list(source.occurrences),
        comment=source.comment,
        flags=[flag for flag in source.flags if flag != "fuzzy"],
    )
    if source.msgid_plural:
        entry.msgid_plural = source.msgid_plural
        entry.msgstr_plural = dict.fromkeys(range(count), "")
    return entry


def _refresh(entry: polib.POEntry, source: polib.POEntry, count: int) -> None:
    """Bring an entry in line with the template, its translation kept."""
    fuzzy = "fuzzy" in entry.flags
    plural = source.msgid_plural or ""
    if (entry.msgid_plural or "") != plural and _has_translation(entry):
        fuzzy = True
        entry.previous_msgid = entry.previous_msgid or entry.msgid
        entry.previous_msgid_plural = entry.msgid_plural or None
    if plural and not entry.msgid_plural:
        entry.msgstr_plural = dict.fromkeys(range(count), entry.msgstr)
        entry.msgstr = ""
    elif entry.msgid_plural and not plural:
        entry.msgstr = entry.msgstr_plural.get(0, "")
        entry.msgstr_plural = {}
    elif plural:
        for index in range(count):
            entry.msgstr_plural.setdefault(index, "")
    entry.msgid_plural = plural
    entry.obsolete = False
    entry.occurrences = list(source.occurrences)
    entry.comment = source.comment
    flags = (["fuzzy"] if fuzzy else []) + [flag for flag in source.flags if flag != "fuzzy"]
    if set(flags) != set(entry.flags):
        entry.flags = flags
    if not fuzzy:
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None


def _borrow(entry: polib.POEntry, closest: polib.POEntry, count: int) -> None:
    """Give a new entry the translation of a close one, fuzzy, with the old text as `#|`."""
    strings = (
        [closest.msgstr_plural.get(i, "") for i in sorted(closest.msgstr_plural)]
        if closest.msgid_plural
        else [closest.msgstr]
    )
    if entry.msgid_plural:
        entry.msgstr_plural = {index: strings[min(index, len(strings) - 1)] for index in range(count)}
    else:
        entry.msgstr = strings[0]
    entry.tcomment = closest.tcomment
    entry.flags.insert(0, "fuzzy")
    entry.previous_msgid = closest.msgid
    entry.previous_msgid_plural = closest.msgid_plural or None
    entry.previous_msgctxt = closest.msgctxt if closest.msgctxt != entry.msgctxt else None


class _Closest:
    """The translated message most like a new one, as msgmerge finds it (fstrcmp on bytes)."""

    def __init__(self, candidates: list[polib.POEntry]) -> None:
        self.candidates = [(entry, entry.msgid.encode()) for entry in candidates]

    def find(self, source: polib.POEntry) -> polib.POEntry | None:
        target = source.msgid.encode()
        masks: dict[int, int] = {}
        for position, byte in enumerate(target):
            masks[byte] = masks.get(byte, 0) | 1 << position
        best, best_weight = None, FUZZY_CUTOFF
        for candidate, text in self.candidates:
            total = len(target) + len(text)
            bonus = 0.00001 if candidate.msgctxt is None or candidate.msgctxt == source.msgctxt else 0.0
            if 2 * min(len(target), len(text)) / total + bonus <= best_weight:
                continue  # even a full match of the shorter one could not win
            weight = 2 * _common_subsequence(masks, len(target), text) / total + bonus
            if weight > best_weight:
                best, best_weight = candidate, weight
        return best


def _common_subsequence(masks: dict[int, int], length: int, other: bytes) -> int:
    """Length of the longest common subsequence of a string (its `masks`: bit i set where
    the byte is at position i) and `other`, bit-parallel (Hyyrö 2004)."""
    row = (1 << length) - 1
    for byte in other:
        matched = row & masks.get(byte, 0)
        row = ((row + matched) | (row - matched)) & ((1 << length) - 1)
    return length - row.bit_count()
