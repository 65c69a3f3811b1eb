"""translation-inconsistent: one message or one name translated in different ways.

Two checks on translation catalogs (PO, XLIFF):

- across the catalogs of one language linted together: the same msgid (with the same msgctxt;
  XLIFF: the same source and unit id) translated differently. Every translation other than the
  most common one is flagged, with where the common one is;
- within a catalog: one concept of the source rendered with different right forms (the
  preferred term here, an admitted one there). Every rendering other than the main one (the
  preferred form if the catalog uses it, else the most frequent) is flagged.

Users meet a program's messages side by side: "Göç İdaresi Başkanlığı" in one dialog and
"Göç İdaresi" in the next read as two bodies.

Bad:  msgid "Cancel" → msgstr "İptal" in app.po, msgstr "Vazgeç" in plugin.po
Bad:  "State Migration Service" → "Dövlət Miqrasiya Xidməti" in one message, "Miqrasiya
      Xidməti" (admitted) in another

Not flagged, as in term-inconsistent: abbreviations and short names, a shortened form of the
main rendering, and wrong forms (term-wrong reports those). In translated catalogs this rule
replaces term-inconsistent, which would compare every name of the translations regardless of
the source. Fuzzy messages count only with `--check-fuzzy`.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import json
import os
import sys
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterator

from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import Message, Plural
from dilmac.language.normalize import key
from dilmac.match.suggest import render_like
from dilmac.rules import Context
from dilmac.rules._bilingual import (
    acceptable_on,
    message_text,
    plain,
    source_concepts,
    source_form,
    translated_terms,
)
from dilmac.rules._terms import quote

ID = "translation-inconsistent"
SEVERITY = Severity.WARNING
CATALOGS_ONLY = True  # nothing to check outside translation catalogs
REPLACES_IN_CATALOGS = ("term-inconsistent",)
# GNOME/Xfce's message for the translators' names: each catalog has its own on purpose.
CREDITS = frozenset({"translator-credits", "translator_credits"})


def check(ctx: Context) -> Iterator[Finding]:
    """One concept of the source, several right renderings across the catalog."""
    renderings = _renderings(ctx)
    tallies: dict = {}
    _tally(renderings, tallies)
    yield from _flag(ctx, renderings, main_renderings(tallies))


def tally(ctx: Context, tallies: dict, char_base: int = 0) -> None:
    """Add the renderings of a part of a catalog (read block by block, `char_base` characters
    into the file) to `tallies`: concept → term key → [count, first offset, term]."""
    _tally(_renderings(ctx), tallies, char_base)


def main_renderings(tallies: dict) -> dict:
    """concept → (main term, its count) for each concept rendered more than one way: the
    preferred rendering if the catalog uses one, else the most frequent, then the first."""
    mains = {}
    for concept_id, keys in tallies.items():
        if len(keys) < 2:
            continue
        preferred = [k for k, (_, _, term) in keys.items() if term.status == "preferred"]
        main = max(preferred or keys, key=lambda k: (keys[k][0], -keys[k][1]))
        mains[concept_id] = (keys[main][2], keys[main][0])
    return mains


def check_renderings(ctx: Context, mains: dict) -> Iterator[Finding]:
    """The renderings of a part of a catalog other than the catalog's main ones (`mains` from
    main_renderings over the whole catalog)."""
    return _flag(ctx, _renderings(ctx), mains)


def _renderings(ctx: Context) -> dict:
    renderings = defaultdict(list)  # concept → [(occurrence, pair)]
    right = acceptable_on(ctx.date)
    for pair in ctx.pairs:
        for occ in translated_terms(pair):
            term = occ.term
            if not term.abbr and not term.short and right(term):
                renderings[term.concept_id].append((occ, pair))
    return renderings


def _tally(renderings: dict, tallies: dict, char_base: int = 0) -> None:
    for concept_id, found in renderings.items():
        keys = tallies.setdefault(concept_id, {})
        for occ, _ in found:
            seen = keys.get(occ.term.key)
            if seen is None:
                keys[occ.term.key] = [1, occ.start + char_base, occ.term]
            else:
                seen[0] += 1
                seen[1] = min(seen[1], occ.start + char_base)


def _flag(ctx: Context, renderings: dict, mains: dict) -> Iterator[Finding]:
    module = sys.modules[__name__]
    for concept_id, found in renderings.items():
        if concept_id not in mains:
            continue
        main_term, main_count = mains[concept_id]
        main_key = key(main_term.text, main_term.lang)
        for occ, pair in found:
            term = occ.term
            other_key = key(term.text, term.lang)
            if term.key == main_term.key or other_key in main_key or main_key in other_key:
                continue
            source = source_form(ctx, source_concepts(pair)[concept_id])
            yield ctx.finding(
                module,
                occ.start,
                occ.end,
                Plural(
                    "%(source)s is rendered %(this)s here and %(main)s in %(n)d other message of this catalog; "
                    "use one rendering",
                    "%(source)s is rendered %(this)s here and %(main)s in %(n)d other messages of this catalog; "
                    "use one rendering",
                    main_count,
                    source=quote(source),
                    this=quote(term.text),
                    main=quote(main_term.text),
                    n=main_count,
                ),
                suggestions=[render_like(occ, main_term, ctx.doc.text, ctx.lang)],
                concept=concept_id,
                unit=pair.unit,
            )


class Summary:
    """What check_catalogs needs of a catalog linted block by block, in place of its Context:
    each checked message's translation and where it stands. They are kept in a temporary SQLite
    file, not in memory, so a catalog of any size is compared in the memory of a block; the
    file goes when the summary does (or when the process ends). A summary sent to another
    process (the worker pool pickles results) takes the file along."""

    def __init__(self, path: str, lang: str, source_lang: str | None) -> None:
        import tempfile  # (here: linting without a big catalog does without it and sqlite3)

        self.path, self.lang, self.source_lang = path, lang, source_lang
        handle, self.store = tempfile.mkstemp(prefix="dilmac-summary-", suffix=".sqlite")
        os.close(handle)
        self._open()
        self._db.execute(
            "CREATE TABLE messages (key TEXT, translation TEXT, start INTEGER, end INTEGER, "
            "line INTEGER, column INTEGER, end_line INTEGER, end_column INTEGER, found TEXT)"
        )

    def _open(self) -> None:
        import sqlite3

        # Nothing to recover after a crash: the file is thrown away, so no journal, no syncs.
        self._db = sqlite3.connect(self.store, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._removal = weakref.finalize(self, _remove_store, self._db, self.store)

    def __getstate__(self) -> dict:
        self._removal.detach()  # the receiving process owns the file from now on
        return {"path": self.path, "lang": self.lang, "source_lang": self.source_lang, "store": self.store}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._open()

    def add(self, ctx: Context, char_base: int, line_base: int) -> None:
        """The checked messages of a block `char_base` characters and `line_base` lines into
        the file."""
        doc = ctx.doc
        rows = []
        for unit in ctx.units:
            if unit.msgid in CREDITS:
                continue
            translation = _translation(ctx, unit)
            start, end = unit.spans[0][0], unit.spans[-1][1]
            line, column = doc.position(start)
            end_line, end_column = doc.position(end)
            found = doc.source[start:end]
            rows.append(
                (
                    _group_key(self.lang, self.source_lang, unit.msgctxt, unit.msgid),
                    json.dumps(translation, ensure_ascii=False),
                    start + char_base,
                    end + char_base,
                    line + line_base,
                    column,
                    end_line + line_base,
                    end_column,
                    None if translation and found == translation[0] else found,
                )
            )
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def sorted_messages(self) -> Iterator[tuple[str, tuple]]:
        """(group key, record) of every message, by key, each key's in file order; a record is
        (translation, start, end, line, column, end_line, end_column, found)."""
        self._db.execute("CREATE INDEX IF NOT EXISTS by_key ON messages (key)")
        for group_key, translation, *place, found in self._db.execute("SELECT * FROM messages ORDER BY key, rowid"):
            translation = tuple(json.loads(translation))
            yield group_key, (translation, *place, found if found is not None else translation[0])


def _remove_store(db, store: str) -> None:
    db.close()
    with contextlib.suppress(OSError):
        os.remove(store)


def _group_key(lang: str, source_lang: str | None, msgctxt: str | None, msgid: str) -> str:
    """The messages compared with each other: one msgctxt and msgid in one pair of languages.
    A string (JSON, ASCII only) sorts alike in Python and in SQLite."""
    return json.dumps([lang, source_lang, msgctxt, msgid])


def check_catalogs(contexts: list) -> Iterator[Finding]:
    """The same message, translated differently in the catalogs of one language. `contexts`:
    the run's catalogs in file order, each a Context or (linted block by block) a Summary."""
    if any(isinstance(catalog, Summary) for catalog in contexts):
        groups = _merged_groups(contexts)
    else:
        groups = _groups(contexts)
    for (lang, msgctxt, msgid), group in groups:
        if len(group) > 1:
            yield from _differences(lang, msgctxt, msgid, group)


def _groups(contexts: list) -> Iterator[tuple[tuple, list]]:
    """Catalogs read whole: their messages grouped in memory, where they are anyway."""
    groups = defaultdict(list)  # (language, source language, msgctxt, msgid) → [(catalog, unit, None)]
    for catalog in contexts:
        for unit in catalog.units:
            if unit.msgid not in CREDITS:
                groups[(catalog.lang, catalog.source_lang, unit.msgctxt, unit.msgid)].append((catalog, unit, None))
    for (lang, _source_lang, msgctxt, msgid), group in groups.items():
        yield (lang, msgctxt, msgid), group


def _merged_groups(contexts: list) -> Iterator[tuple[tuple, list]]:
    """With a summary among the catalogs: every catalog's messages sorted by group key (a
    summary's by its store) and merged, so one group at a time is in memory. Within a group the
    messages stay in catalog order, then file order, as in _groups."""

    def sorted_units(catalog) -> list:
        keyed = [
            (_group_key(catalog.lang, catalog.source_lang, unit.msgctxt, unit.msgid), (catalog, unit, None))
            for unit in catalog.units
            if unit.msgid not in CREDITS
        ]
        keyed.sort(key=lambda item: item[0])
        return keyed

    def sorted_records(summary: Summary) -> Iterator[tuple[str, tuple]]:
        for group_key, record in summary.sorted_messages():
            yield group_key, (summary, record, record[0])

    streams = [
        sorted_records(catalog) if isinstance(catalog, Summary) else sorted_units(catalog) for catalog in contexts
    ]
    for group_key, items in itertools.groupby(
        heapq.merge(*streams, key=lambda item: item[0]), key=lambda item: item[0]
    ):
        group = [item for _, item in items]
        if len(group) > 1:
            lang, _source_lang, msgctxt, msgid = json.loads(group_key)
            yield (lang, msgctxt, msgid), group


def _differences(lang: str, msgctxt: str | None, msgid: str, group: list) -> Iterator[Finding]:
    """The messages of a group translated otherwise than the most common way."""
    module = sys.modules[__name__]
    items = [
        (catalog, message, translation if translation is not None else _translation(catalog, message))
        for catalog, message, translation in group
    ]
    counts = Counter(translation for _, _, translation in items)
    if len(counts) < 2:
        return
    main = max(counts, key=lambda t: (counts[t], -next(i for i, item in enumerate(items) if item[2] == t)))
    main_catalog, main_message, _ = next(item for item in items if item[2] == main)
    if isinstance(main_catalog, Summary):
        elsewhere = f"{main_catalog.path}:{main_message[3]}"
    else:
        elsewhere = f"{main_catalog.doc.path}:{main_catalog.doc.position(main_message.spans[0][0])[0]}"
    if counts[main] > 1:
        elsewhere = Message("%(place)s and %(n)d more", place=elsewhere, n=counts[main] - 1)
    for catalog, message, translation in items:
        if translation == main:
            continue
        text = Message(
            "%(msgid)s is translated %(this)s here but %(main)s in %(elsewhere)s; translate one message one way",
            msgid=quote(plain(msgid)),
            this=_show(translation),
            main=_show(main),
            elsewhere=elsewhere,
        )
        suggestions = [main[0]] if len(main) == 1 else []
        if isinstance(catalog, Summary):
            _, start, end, line, column, end_line, end_column, found = message
            yield Finding(
                path=catalog.path,
                start=start,
                end=end,
                rule=ID,
                severity=SEVERITY,
                message=text.english(),
                shown=text,
                found=found,
                suggestions=suggestions,
                lang=lang,
                msgid=msgid,
                msgctxt=msgctxt,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
            )
        else:
            yield catalog.finding(
                module, message.spans[0][0], message.spans[-1][1], text, suggestions=suggestions, unit=message
            )


def _translation(ctx: Context, unit) -> tuple[str, ...]:
    doc = ctx.doc
    po = doc.catalog.format == "po"
    return tuple(plain(message_text(doc.text, doc.source, a, b, po)[0]) for a, b in unit.spans)


def _show(translation: tuple[str, ...]) -> str:
    return " / ".join(quote(form) for form in translation)
