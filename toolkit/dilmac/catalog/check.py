"""The checks `msgfmt -c` makes before it writes a catalog, so that `compile` and `export-json`
never ship a translation that crashes the program or shows the wrong plural.

Checked, as GNU gettext checks them (msgl-check.c, format-*.c), on every message that would be
written (translated, not obsolete, not fuzzy unless fuzzy ones are used):

- format strings of each flavour the message declares (`c-format`, `python-format`,
  `python-brace-format`, and their `possible-` forms): the translation must be a valid format
  string, take no argument the source does not give (`%(ad)s` for `%(name)s` is a KeyError at
  run time), leave none out, and take each with the same type. A plural form that gettext
  uses for a single count only (the singular of `nplurals=2`) may leave arguments out. The
  source is the msgid, or the msgid_plural where there is one; a source that is no valid format
  string of the flavour is not compared (msgfmt's rule: it may not be one at all);
- line breaks: the msgid, msgid_plural and every translation all begin, and all end, with a
  line break or none does (msgfmt checks this even without -c);
- the header: with plural translations the catalog needs a Plural-Forms header whose
  expression gives 0 … nplurals-1 for every count from 0 to 1000, and every plural message has
  exactly nplurals translations.

Flavours dilmac does not know (php-format, …) are named in a notice, never passed as checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import polib

from dilmac.catalog.io import Catalog
from dilmac.catalog.plural_rule import SAMPLES, plural_rule
from dilmac.rules._placeholders import FLAVOURS, compare, parse

OFTEN = 5  # gettext: a plural form reached this often in 0…1000 is used for many counts
NPLURALS = re.compile(r"nplurals\s*=\s*(\S*?)\s*(?:;|$)")
PLURAL = re.compile(r"plural\s*=\s*([^;]*)")
RANGE = re.compile(r"range:\s*(\d+)\.\.(\d+)")
FORMAT_FLAG = re.compile(r"(?:possible-)?([a-z0-9+-]+-format)")


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str
    entry: polib.POEntry | None  # None: a problem of the whole catalog (its header)

    def render(self, path: str) -> str:
        return f"{path}:{self.line}: error: {self.message}" if self.line else f"{path}: error: {self.message}"


@dataclass
class Checked:
    errors: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def broken(self) -> set[int]:
        """id() of each message with an error: what --allow-errors leaves untranslated."""
        return {id(p.entry) for p in self.errors if p.entry is not None}

    @property
    def catalog_errors(self) -> list[Problem]:
        """Errors no message can be left out for: the header's."""
        return [p for p in self.errors if p.entry is None]


def written(entry: polib.POEntry, use_fuzzy: bool) -> bool:
    """Whether msgfmt writes the message: translated (msgstr, or msgstr[0]), not obsolete, not
    fuzzy unless fuzzy ones are used, not the header."""
    if entry.obsolete or (entry.msgid == "" and entry.msgctxt is None):
        return False
    first = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
    return first != "" and (use_fuzzy or "fuzzy" not in entry.flags)


def forms_of(entry: polib.POEntry) -> list[str]:
    if not entry.msgid_plural:
        return [entry.msgstr]
    return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]


def msgstr_line(catalog: Catalog, entry: polib.POEntry) -> int | None:
    """The line of the entry's first msgstr, where msgfmt reports its problems."""
    known = catalog.layout.entries.get(id(entry))
    if known is None or known[0] is not entry or entry.linenum is None:
        return entry.linenum or None
    for offset, line in enumerate(known[1].text.splitlines()):
        body = line.strip()
        body = body[2:].lstrip() if body.startswith("#~") else body
        if body.startswith("msgstr"):
            return entry.linenum + offset
    return entry.linenum


def check_catalog(catalog: Catalog, *, use_fuzzy: bool = False) -> Checked:
    result = Checked()
    entries = [entry for entry in catalog if written(entry, use_fuzzy)]
    plurals = _check_plurals(catalog, entries, result)
    unknown: dict[str, int] = {}
    for entry in entries:
        line = msgstr_line(catalog, entry)
        for message in _newline_problems(entry):
            result.errors.append(Problem(line, message, entry))
        for flag in entry.flags:
            match = FORMAT_FLAG.fullmatch(flag)
            if match and not flag.startswith("no-") and match.group(1) not in FLAVOURS:
                unknown[match.group(1)] = unknown.get(match.group(1), 0) + 1
        for message in _format_problems(entry, plurals):
            result.errors.append(Problem(line, message, entry))
    for flavour, count in sorted(unknown.items()):
        result.notices.append(
            f"{count} message{'s' if count != 1 else ''} declare {flavour} strings, which dilmac does not check; "
            "check them with 'msgfmt -c'"
        )
    return result


def _newline_problems(entry: polib.POEntry) -> list[str]:
    problems = []
    msgid = entry.msgid
    names = ["msgstr"] if not entry.msgid_plural else [f"msgstr[{k}]" for k in sorted(entry.msgstr_plural)]
    others = ([("msgid_plural", entry.msgid_plural)] if entry.msgid_plural else []) + list(zip(names, forms_of(entry)))
    for where, test in (("begin", lambda s: s.startswith("\n")), ("end", lambda s: s.endswith("\n"))):
        expected = test(msgid)
        for name, text in others:
            if test(text) != expected:
                problems.append(
                    f"{name} does not {where} with a line break as the msgid does"
                    if expected
                    else f"{name} {where}s with a line break but the msgid does not"
                )
    return problems


def _format_problems(entry: polib.POEntry, plurals: _Plurals | None) -> list[str]:
    flags = set(entry.flags)
    flavours = [f for f in FLAVOURS if (f in flags or f"possible-{f}" in flags) and f"no-{f}" not in flags]
    if not flavours:
        return []
    forms = forms_of(entry)
    plural = bool(entry.msgid_plural)
    source_name = "msgid_plural" if plural else "msgid"
    problems = []
    for flavour in flavours:
        source = parse(flavour, entry.msgid_plural if plural else entry.msgid)
        if source.invalid:
            continue  # not a format string of this flavour at all: msgfmt compares nothing
        for index, form in enumerate(forms):
            strict = not plural or len(forms) == 1 or (plurals is not None and plurals.strict(index, entry))
            problem = compare(source, parse(flavour, form), strict)
            if problem is not None:
                name = f"msgstr[{index}]" if plural else "msgstr"
                problems.append(f"{name}: {flavour}: {problem} ({source_name} “{_short(source_text(entry))}”)")
    return problems


def source_text(entry: polib.POEntry) -> str:
    return entry.msgid_plural or entry.msgid


@dataclass(frozen=True)
class _Plurals:
    """Which plural forms gettext uses for many counts (those are compared strictly)."""

    often: list[bool]
    evaluate: Callable[[int], int]

    def strict(self, index: int, entry: polib.POEntry) -> bool:
        """msgfmt's test; a `range: a..b` flag that leaves the form one count at most makes
        it lenient."""
        if index >= len(self.often) or not self.often[index]:
            return False
        for flag in entry.flags:
            found = RANGE.fullmatch(flag)
            if found:
                low = int(found.group(1))
                high = min(int(found.group(2)), low + 1000)
                if sum(1 for n in range(low, high + 1) if self.evaluate(n) == index) <= 1:
                    return False
        return True


GERMANIC = _Plurals([False, True], lambda n: int(n != 1))  # gettext's rule without a header


def _check_plurals(catalog: Catalog, entries: list[polib.POEntry], result: Checked) -> _Plurals | None:
    """The header's Plural-Forms against the plural messages; None where the header has an
    error (then no plural form is compared strictly)."""
    plurals = [e for e in entries if e.msgid_plural]
    header = catalog.header_msgstr() if catalog.metadata else None
    line = _header_line(catalog, "Plural-Forms")
    if header is None:
        if plurals:
            first = plurals[0]
            result.errors.append(
                Problem(
                    msgstr_line(catalog, first),
                    "the catalog has plural translations but no header entry with "
                    "“Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;”",
                    None,
                )
            )
            return None
        return GERMANIC
    count, expression = NPLURALS.search(header), PLURAL.search(header)
    if count is None or expression is None:
        if plurals:
            missing = "nplurals=INTEGER" if count is None else "plural=EXPRESSION"
            result.errors.append(
                Problem(line, f"the catalog has plural translations but the header has no “{missing}”", None)
            )
            return None
        return GERMANIC
    if not count.group(1).isdigit():
        result.errors.append(Problem(line, f"nplurals={count.group(1)} is not a number", None))
        return None
    nplurals = int(count.group(1))
    function, problem = plural_rule(nplurals, expression.group(1).strip())
    if problem is not None:
        result.errors.append(Problem(line, problem, None))
        return None
    tally = [0] * nplurals
    for n in SAMPLES:
        tally[function(n)] += 1
    for entry in plurals:
        have = len(entry.msgstr_plural)
        if have != nplurals:
            result.errors.append(
                Problem(
                    msgstr_line(catalog, entry),
                    f"{have} plural form{'s' if have != 1 else ''}, but the header's Plural-Forms says "
                    f"nplurals={nplurals}",
                    entry,
                )
            )
    return _Plurals([k >= OFTEN for k in tally], function)


def _header_line(catalog: Catalog, key: str) -> int | None:
    """The line of the header field `key`, else of the header's msgstr (where it belongs)."""
    header = catalog.layout.header
    found = catalog.header_field_line(key)
    if header is None or found is not None:
        return found
    return 1 + catalog.layout.leading.count("\n") + header.text.count("\n", 0, max(header.text.find("msgstr"), 0))


def _short(text: str) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= 50 else text[:49] + "…"
