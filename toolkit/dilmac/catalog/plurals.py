"""Which Plural-Forms a new catalog gets, and a catalog without the header is read with.

For Azerbaijani, Turkish and English dilmac decides the value itself instead of taking what the
installed Babel says, so that a library release cannot change the catalogs dilmac writes (Babel
2.19 changed Turkish from one form to two). The choice, and the evidence for it:

- az ``nplurals=2; plural=(n != 1);``: CLDR's rule (one: n = 1), and what all four
  Azerbaijani catalogs in the shared test data use (baobab, caja, django-allauth, mc).
- tr ``nplurals=2; plural=(n != 1);``: CLDR's rule (one: n = 1), which GNU gettext's own table
  for msginit (gettext-tools/src/plural-table.c, 1.0), Babel from 2.19 and Weblate also give.
  Practice is split: four of the five Turkish catalogs in the shared data have two forms with
  ``plural=(n > 1)`` (mc, thunar, django-allauth, django-import-export; the Translate Toolkit's
  localisation guide gives it), GNOME's baobab has ``nplurals=1; plural=0;`` (Babel before
  2.19 too). The tables compared are those WeblateOrg/language-data collects (gettext.csv,
  cldr.csv, l10n-guide.csv, languages.csv; commit f6fa893).
  Two forms, because translators use them (31 of thunar's 41 plural messages have different
  forms); ``n != 1`` rather than ``n > 1``, because it agrees with CLDR, so the JSON exported
  for i18next (which follows CLDR) needs no special case for zero, and with what msginit
  writes. The rules differ only for n = 0, and a catalog's own header always wins: `init`
  copies the Plural-Forms of the language's catalogs beside the new one, `update` never
  changes it, and `export-json` reads it.
- en ``nplurals=2; plural=(n != 1);``: gettext's and CLDR's rule alike.

Other languages get Babel's CLDR data, at the version the lock pins (requirements/).
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from pathlib import Path

from dilmac.catalog.io import read_catalog
from dilmac.catalog.mofile import check_plural_forms, plural_forms
from dilmac.core.errors import DilmacError
from dilmac.readers.common import normalize_lang, path_language
from dilmac.readers.po import header_language

DECIDED = {
    "az": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",
}
# Two plural rules that agree on 0…1000 are taken for one: the rules in use cycle by 10 or 100.
SAMPLES = range(1001)


def language_plural_forms(locale) -> str:
    """The Plural-Forms value for a Babel Locale: dilmac's decision for az, tr and en, else CLDR's."""
    decided = DECIDED.get(locale.language)
    if decided is not None:
        return decided
    from babel.messages.plurals import get_plural

    return str(get_plural(locale))


@dataclass(frozen=True)
class Choice:
    value: str  # the Plural-Forms header value
    source: Path | None = None  # the catalog it was copied from, if any


def for_new_catalog(locale, target: Path, given: str | None = None) -> Choice:
    """The Plural-Forms of a new catalog for `locale` at `target`: `given` (checked), else the one
    the other catalogs of the language in the target's folder share, else the language's own."""
    if given is not None:
        check_plural_forms(given)
        return Choice(given.strip())
    found = _beside(locale.language, target)
    if not found:
        return Choice(language_plural_forms(locale))
    first_path, first_value, first_rule = found[0]
    for path, value, rule in found[1:]:
        if rule != first_rule:
            raise DilmacError(
                f"the {locale.language} catalogs beside it disagree on Plural-Forms: "
                f"{first_path} has “{first_value}”, {path} has “{value}”",
                path=str(target),
                hint="make them agree, or choose with --plural-forms 'nplurals=N; plural=EXPRESSION;'",
            )
    return Choice(first_value, first_path)


def _beside(language: str, target: Path) -> list[tuple[Path, str, tuple]]:
    """(path, Plural-Forms value, the rule as evaluated) of each PO file in the target's folder
    of the same language: its Language header says so, else its path (`tr/LC_MESSAGES/`,
    `site-tr.po`, `tr.po`), as `dilmac lint` and the translation memory read it."""
    found = []
    folder = target.parent
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else ():
        if path.resolve() == target.resolve() or not path.is_file():
            continue
        catalog = read_catalog(path)
        named = header_language(dict(catalog.metadata)) or path_language(path) or normalize_lang(path.stem)
        if named != language:
            continue
        forms = plural_forms(catalog)
        if forms is not None:
            count, expression = forms
            rule = gettext.c2py(expression)
            found.append((path, catalog.metadata["Plural-Forms"].strip(), (count, *map(rule, SAMPLES))))
    return found
