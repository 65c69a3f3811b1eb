"""Gettext catalogs → JSON for web frontends, in the shape each JavaScript library reads.

    i18next      i18next's v4 JSON: a flat object of keys. The key is the msgid; a context is
                 appended as `msgid_context`, plural forms as `msgid_one`, `msgid_other`, … after
                 the language's CLDR categories (what i18next selects with Intl.PluralRules).
                 The consumer sets `keySeparator: false` and `nsSeparator: false`, because
                 msgids contain "." and ":".
    jed          Jed 1.x: {"domain", "locale_data": {domain: {"": {domain, lang, plural_forms},
                 key: [form, …]}}}, a context as `context\\u0004msgid`.
    gettext-js   gettext.js (guillaumepotier): {"": {language, "plural-forms"}, key: "text" for a
                 singular, [form, …] for a plural}, contexts as in Jed.

Only translated messages are exported, so the libraries fall back to the source text for the
rest; fuzzy ones only when asked; obsolete ones never. Jed and gettext.js evaluate the catalog's
own Plural-Forms; for i18next the gettext plural indices are mapped to CLDR categories by
evaluating both rules on sample counts, never by assuming an order.
"""

from __future__ import annotations

import json
import re
import string
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import polib
from babel import Locale, UnknownLocaleError

from dilmac.catalog.check import Checked, check_catalog
from dilmac.catalog.io import catalog_text
from dilmac.catalog.io import read_catalog as read_po
from dilmac.catalog.plural_rule import plural_rule
from dilmac.catalog.plurals import language_plural_forms
from dilmac.core.errors import DilmacError
from dilmac.core.safe_write import write_atomic
from dilmac.rules._placeholders import flavours_of

SHAPES = ("i18next", "jed", "gettext-js")
CONTEXT_GLUE = "\x04"  # gettext's separator of context and msgid, used by Jed and gettext.js
CLDR_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
# Counts on which the gettext and CLDR rules are compared: every rule in CLDR and in the gettext
# manual repeats by n % 100 or n % 1000 after its first values, except the "many" of millions.
INTEGER_SAMPLES = (*range(1001), 10_000, 100_000, 1_000_000, 10_000_000)
FRACTION_SAMPLES = tuple(Decimal(f"{whole}.{tenths}") for whole in range(201) for tenths in (1, 5))
# Jed's own Plural-Forms parser knows only these tokens (no unary !, no arithmetic but %).
JED_PLURAL_TOKENS = re.compile(r"(?:\s+|n|\d+|\|\||&&|[<>]=?|[!=]=|[%?:()])*")
PLURAL_FORMS = re.compile(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*", re.DOTALL)
PATH_LANGUAGE = re.compile(r"(?:^|[-_.])([a-z]{2,3}(?:_[A-Z]{2})?)$")
DEFAULT_DOMAIN = {"i18next": "translation", "jed": "messages", "gettext-js": "messages"}


@dataclass(frozen=True)
class Notice:
    """Something exported that a library will not show as the catalog says, and why."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class PluralForms:
    """A catalog's Plural-Forms header, evaluated as GNU gettext does."""

    nplurals: int
    expression: str
    evaluate: Callable[[int], int] = field(repr=False, compare=False)

    @classmethod
    def parse(cls, header: str, path: Path) -> PluralForms:
        match = PLURAL_FORMS.fullmatch(header)
        hint = "fix the header, e.g. 'nplurals=2; plural=(n != 1);'"
        if not match or int(match[1]) < 1:
            raise DilmacError(
                f"Plural-Forms header {header!r} is not 'nplurals=N; plural=EXPRESSION;'", path=str(path), hint=hint
            )
        function, problem = plural_rule(int(match[1]), match[2], evaluate=False)
        if problem is not None:
            raise DilmacError(f"the Plural-Forms header is not usable: {problem}", path=str(path), hint=hint)
        return cls(int(match[1]), match[2], function)

    @property
    def header(self) -> str:
        """Spaced as Jed's parser needs: no blanks around "=" and ";" right after the count."""
        return f"nplurals={self.nplurals}; plural={self.expression};"

    def index(self, n: int) -> int:
        """The msgstr[index] gettext shows for n; out of range falls back to 0, as in GNU gettext."""
        index = self.evaluate(n)
        return index if 0 <= index < self.nplurals else 0


# The source texts of an untranslated message are English: the msgid for n = 1, else the plural.
SOURCE_PLURALS = PluralForms(2, "(n != 1)", lambda n: int(n != 1))


@dataclass(frozen=True)
class Message:
    msgid: str
    msgid_plural: str | None
    context: str | None
    forms: tuple[str, ...]  # one for a singular message, nplurals for a plural one
    flags: tuple[str, ...]
    line: int
    untranslated: bool = False  # not translated: forms are the source texts (msgid, msgid_plural)


@dataclass(frozen=True)
class Catalog:
    path: Path
    lang: str  # BCP 47 as the catalog names it (az, tr-TR): what the libraries compare
    locale: Locale  # the same in CLDR, for its plural rule
    domain: str | None  # None: the file's name gives none, the shape's default applies
    plural_forms: PluralForms
    messages: tuple[Message, ...]


@dataclass(frozen=True)
class PluralMap:
    """Which gettext form each CLDR category of i18next shows."""

    categories: dict[str, int]
    zero: int | None  # form for count 0 when its category's form is not gettext's
    mismatches: tuple[int, ...]  # sample counts where i18next still shows another form than gettext


@dataclass(frozen=True)
class Export:
    source: Path
    target: Path
    shape: str
    lang: str
    messages: int
    data: dict


def _language_tag(value: str) -> str:
    """POSIX `tr_TR.UTF-8@euro` → BCP 47 `tr-TR`."""
    return re.split(r"[.@]", value.strip(), maxsplit=1)[0].replace("_", "-")


def _parse_locale(value: str) -> Locale | None:
    tag = _language_tag(value)
    if not tag:
        return None
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def _path_language(path: Path) -> str | None:
    if path.parent.name == "LC_MESSAGES":
        return path.parent.parent.name
    match = PATH_LANGUAGE.search(path.stem)
    return match[1] if match else None


def _domain(path: Path, locale: Locale) -> str | None:
    """`<lang>/LC_MESSAGES/django.po` → django, `baobab-az.po` → baobab, `az.po` → none."""
    if path.parent.name == "LC_MESSAGES":
        return path.stem
    match = PATH_LANGUAGE.search(path.stem)
    named = _parse_locale(match[1]) if match else None
    if named is not None and named.language == locale.language:
        return path.stem[: match.start()] or None
    return path.stem


def _catalog_language(po: polib.POFile, path: Path, lang: str | None) -> tuple[str, Locale]:
    if lang is not None:
        locale = _parse_locale(lang)
        if locale is None:
            raise DilmacError(
                f"--lang {lang!r} is not a language CLDR knows", hint="give a code such as az, tr or tr_TR"
            )
        return _language_tag(lang), locale
    header = po.metadata.get("Language", "")
    for candidate in (header, _path_language(path) or ""):
        locale = _parse_locale(candidate)
        if locale is not None:
            return _language_tag(candidate), locale
    raise DilmacError(
        f"cannot tell the catalog's language (Language header {header!r})",
        path=str(path),
        hint="fill in the 'Language:' header or pass --lang",
    )


def _load_po(path: Path) -> polib.POFile:
    if not path.is_file():
        raise DilmacError("no such file", path=str(path), hint="give a .po file or a directory that holds some")
    # Decoded as `dilmac lint` and the other catalog commands decode it (UTF-16 with a byte
    # order mark, a declared legacy charset); polib parses the text.
    text, _ = catalog_text(path, str(path))
    try:
        return polib.pofile(text if text.count("\n") else text + "\n")
    except OSError as exc:  # polib reports syntax errors as "…(line N): what" or "…(line N)"
        detail = re.search(r"\(line (\d+)\)(?:: (.*))?", str(exc))
        if detail is None:
            raise DilmacError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None
        raise DilmacError(
            f"PO syntax error{': ' + detail[2] if detail[2] else ''}",
            path=str(path),
            line=int(detail[1]),
            hint="check the file with 'msgfmt -c'",
        ) from None


def read_catalog(
    path: Path,
    *,
    lang: str | None = None,
    use_fuzzy: bool = False,
    leave_out: frozenset[tuple[str | None, str]] = frozenset(),
    untranslated: bool = False,
) -> Catalog:
    """The translated messages of a PO file, with its language and plural rule. Messages keyed
    (msgctxt, msgid) in `leave_out` count as untranslated; with `untranslated`, those not
    translated (or fuzzy and not used) come too, with their source texts as forms."""
    po = _load_po(path)
    lang, locale = _catalog_language(po, path, lang)
    header = po.metadata.get("Plural-Forms", "").strip()
    # Without the header, the language's usual rule (what `dilmac catalog init` and msginit
    # write) rather than gettext's English default: the translator counted forms for the language.
    plural_forms = PluralForms.parse(header or language_plural_forms(locale), path)
    messages = []
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        if (entry.fuzzy and not use_fuzzy) or (entry.msgctxt, entry.msgid) in leave_out:
            if untranslated:
                messages.append(_as_source(entry))
            continue
        if entry.msgid_plural:
            present = [entry.msgstr_plural.get(i) for i in range(plural_forms.nplurals)]
            if not any(present):
                if untranslated:
                    messages.append(_as_source(entry))
                continue
            if None in present:
                missing = ", ".join(f"msgstr[{i}]" for i, form in enumerate(present) if form is None)
                raise DilmacError(
                    f"plural message lacks {missing}: Plural-Forms asks for {plural_forms.nplurals} forms, "
                    f"msgstr[0] to msgstr[{plural_forms.nplurals - 1}]",
                    path=str(path),
                    line=entry.linenum,
                    hint="write msgstr[0] … msgstr[N-1] for N = nplurals ('msgfmt -c' checks this)",
                )
            forms = tuple(present)
        else:
            forms = (entry.msgstr,)
        if not all(forms):  # a partly translated plural falls back to the source like an untranslated one
            if untranslated:
                messages.append(_as_source(entry))
            continue
        messages.append(
            Message(entry.msgid, entry.msgid_plural or None, entry.msgctxt, forms, tuple(entry.flags), entry.linenum)
        )
    return Catalog(path, lang, locale, _domain(path, locale), plural_forms, tuple(messages))


def _as_source(entry: polib.POEntry) -> Message:
    forms = (entry.msgid, entry.msgid_plural) if entry.msgid_plural else (entry.msgid,)
    return Message(
        entry.msgid, entry.msgid_plural or None, entry.msgctxt, forms, tuple(entry.flags), entry.linenum, True
    )


def plural_map(locale: Locale, plural_forms: PluralForms) -> PluralMap:
    """Map CLDR categories to gettext indices by evaluating both rules on the same counts.

    A category takes the form gettext shows for most of its integer counts. When count 0 needs
    another form (Turkish `plural=n > 1` shows the singular for 0, CLDR says "other"), i18next's
    `_zero` key, looked up before the category for a count of exactly 0, carries it. A category
    reached only by fractions gets what ngettext shows for the integer part (ngettext takes
    integers); one reached by no sample gets the last form, gettext's catch-all by convention.
    """
    rule = locale.plural_form
    integer_forms: dict[str, Counter] = {}
    fraction_forms: dict[str, Counter] = {}
    for n in INTEGER_SAMPLES:
        integer_forms.setdefault(rule(n), Counter())[plural_forms.index(n)] += 1
    for x in FRACTION_SAMPLES:
        fraction_forms.setdefault(rule(x), Counter())[plural_forms.index(int(x))] += 1

    def form(category: str) -> int:
        counts = integer_forms.get(category) or fraction_forms.get(category)
        if not counts:
            return plural_forms.nplurals - 1
        return max(counts, key=lambda index: (counts[index], -index))

    categories = {
        category: form(category) for category in CLDR_CATEGORIES if category in rule.tags or category == "other"
    }
    zero = None
    if rule(0) != "zero" and "zero" not in categories and categories[rule(0)] != plural_forms.index(0):
        zero = plural_forms.index(0)

    def shown(n: int) -> int:
        return zero if n == 0 and zero is not None else categories[rule(n)]

    mismatches = tuple(n for n in INTEGER_SAMPLES if shown(n) != plural_forms.index(n))
    return PluralMap(categories, zero, mismatches)


BRACE_FIELD = string.Formatter()
PERCENT_DIRECTIVE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?(?P<spec>[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?)"
    r"(?P<type>[diouxXeEfFgGcrsa%])"
)
I18NEXT_SYNTAX = re.compile(r"\{\{|\$t\(")


def _brace_to_i18next(text: str) -> str | None:
    pieces = []
    try:
        for literal, field, spec, conversion in BRACE_FIELD.parse(text):
            pieces.append(literal)
            if field is None:
                continue
            if not field.isidentifier() or spec or conversion:
                return None
            pieces.append("{{" + field + "}}")
    except ValueError:
        return None
    return "".join(pieces)


def _percent_to_i18next(text: str) -> str | None:
    pieces, end = [], 0
    for match in PERCENT_DIRECTIVE.finditer(text):
        pieces.append(text[end : match.start()])
        end = match.end()
        if match["type"] == "%" and match["name"] is None and not match["spec"]:
            pieces.append("%")
        elif (match["name"] or "").isidentifier() and not match["spec"] and match["type"] in "sdi":
            pieces.append("{{" + match["name"] + "}}")
        else:
            return None
    pieces.append(text[end:])
    return "".join(pieces)


def i18next_placeholders(text: str, flavours: list[str]) -> str | None:
    """Python `{name}` or `%(name)s` placeholders as i18next's `{{name}}`; None when a
    placeholder has no i18next equivalent (positional, format spec), so the text stays whole.
    `flavours`: the message's, by its flags or, without them, by what its source shows."""
    if "python-brace-format" in flavours:
        converted = _brace_to_i18next(text)
        if converted is None:
            return None
        text = converted
    if "python-format" in flavours or "c-format" in flavours:
        return _percent_to_i18next(text)
    return text


def to_i18next(catalog: Catalog, *, convert_placeholders: bool = False) -> tuple[dict, list[Notice]]:
    data: dict[str, str] = {}
    owner: dict[str, int] = {}
    notices = []
    untranslated_kept_out = 0
    mapping = plural_map(catalog.locale, catalog.plural_forms)
    source_mapping = plural_map(catalog.locale, SOURCE_PLURALS)
    if mapping.mismatches and any(m.msgid_plural for m in catalog.messages):
        shown = ", ".join(map(str, mapping.mismatches[:8])) + (", …" if len(mapping.mismatches) > 8 else "")
        notices.append(
            Notice(
                catalog.path,
                None,
                f"Plural-Forms '{catalog.plural_forms.header}' and CLDR's plural rule for "
                f"{catalog.lang} disagree: i18next shows another form than gettext for n = {shown}",
            )
        )

    def put(key: str, value: str, message: Message) -> None:
        if key in owner:
            raise DilmacError(
                f"i18next key {key!r} would hold this message and the one on line {owner[key]}",
                path=str(catalog.path),
                line=message.line,
                hint="i18next appends '_' + context and '_' + plural category to the msgid; "
                "change one of the msgids or contexts",
            )
        owner[key] = message.line
        data[key] = value

    for message in catalog.messages:
        if message.context == "":
            notices.append(
                Notice(catalog.path, message.line, 'skipped: i18next cannot look up an empty context (msgctxt "")')
            )
            continue
        forms = message.forms
        flavours = flavours_of([message.msgid, message.msgid_plural], message.flags)
        if message.untranslated and flavours and not convert_placeholders:
            untranslated_kept_out += 1
            continue
        if convert_placeholders:
            converted = [i18next_placeholders(form, flavours) for form in forms]
            if None in converted and message.untranslated:
                untranslated_kept_out += 1
                continue
            if None in converted:
                notices.append(
                    Notice(
                        catalog.path,
                        message.line,
                        "placeholders kept as they are: only named "
                        "ones without a format spec ({name}, %(name)s) have an i18next form",
                    )
                )
            else:
                forms = tuple(converted)
        if forms == message.forms and any(I18NEXT_SYNTAX.search(form) for form in forms):
            notices.append(
                Notice(
                    catalog.path,
                    message.line,
                    "i18next reads '{{…}}' and '$t(…)' in this translation as interpolation or nesting, not as text",
                )
            )
        key = message.msgid if message.context is None else f"{message.msgid}_{message.context}"
        if message.msgid_plural is None:
            put(key, forms[0], message)
            continue
        # the source texts follow the source language's rule, the translations the catalog's
        chosen = source_mapping if message.untranslated else mapping
        for category, index in chosen.categories.items():
            put(f"{key}_{category}", forms[index], message)
        if chosen.zero is not None:
            put(f"{key}_zero", forms[chosen.zero], message)
    if untranslated_kept_out:
        notices.append(
            Notice(
                catalog.path,
                None,
                f"{untranslated_kept_out} untranslated message{'s' if untranslated_kept_out != 1 else ''} with "
                "placeholders left out: i18next would show their placeholders raw "
                "(--convert-placeholders writes named ones as {{name}})",
            )
        )
    return data, notices


def _gettext_key(message: Message) -> str:
    return message.msgid if message.context is None else message.context + CONTEXT_GLUE + message.msgid


def to_jed(catalog: Catalog, domain: str) -> dict:
    if not JED_PLURAL_TOKENS.fullmatch(catalog.plural_forms.expression):
        raise DilmacError(
            f"Jed cannot evaluate the plural expression {catalog.plural_forms.expression!r}",
            path=str(catalog.path),
            hint="Jed's parser knows n, numbers, ?:, ||, &&, comparisons, % "
            "and parentheses; rewrite the Plural-Forms header with those",
        )
    messages = {_gettext_key(m): list(m.forms) for m in catalog.messages}
    header = {"domain": domain, "lang": catalog.lang, "plural_forms": catalog.plural_forms.header}
    return {"domain": domain, "locale_data": {domain: {"": header, **messages}}}


def _gettext_js_literal(text: str) -> str:
    """gettext.js formats every result: "%%" → "%", "%1" → its first argument. Doubling each "%"
    of a text that has either makes it come back as written."""
    return text.replace("%", "%%") if re.search(r"%[%\d]", text) else text


def to_gettext_js(catalog: Catalog, *, gettext_js_placeholders: bool = False) -> dict:
    def text(form: str) -> str:
        return form if gettext_js_placeholders else _gettext_js_literal(form)

    data: dict = {"": {"language": catalog.lang, "plural-forms": catalog.plural_forms.header}}
    for message in catalog.messages:
        forms = [text(form) for form in message.forms]
        data[_gettext_key(message)] = forms if message.msgid_plural else forms[0]
    return data


def po_files(paths: list[Path]) -> list[Path]:
    """The PO files named, and those below the directories named (hidden entries skipped)."""
    files = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*.po")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise DilmacError(
                    "no .po file in this directory",
                    path=str(path),
                    hint="give the directory that holds the catalogs, e.g. locale/",
                )
            files.extend(found)
        elif path.suffix != ".po":
            raise DilmacError(
                "not a .po file",
                path=str(path),
                hint="give PO catalogs (a .pot template has no translations to export)",
            )
        else:
            files.append(path)
    return files


def build_exports(
    paths: list[Path],
    output: Path,
    shape: str,
    *,
    use_fuzzy: bool = False,
    lang: str | None = None,
    domain: str | None = None,
    convert_placeholders: bool = False,
    gettext_js_placeholders: bool = False,
    untranslated: bool = False,
) -> tuple[list[Export], list[Notice], list[tuple[Path, Checked]]]:
    """Convert every catalog; nothing is written. `output` ending in .json is the one file for a
    single catalog; otherwise a directory that gets `<lang>/<domain>.json` for each. Each catalog
    is checked as compile checks it; the messages with errors are converted as untranslated,
    and the checks come back for the caller to decide whether to write."""
    if shape not in SHAPES:
        raise DilmacError(f"unknown shape {shape!r}", hint="use one of: " + ", ".join(SHAPES))
    if convert_placeholders and shape != "i18next":
        raise DilmacError(
            "--convert-placeholders is for --shape i18next",
            hint="only i18next interpolates {{name}}; Jed and gettext.js leave placeholders to the application",
        )
    if gettext_js_placeholders and shape != "gettext-js":
        raise DilmacError(
            "--gettext-js-placeholders is for --shape gettext-js", hint="only gettext.js formats translations itself"
        )
    if untranslated and shape != "i18next":
        raise DilmacError(
            "--untranslated source is for --shape i18next",
            hint="Jed and gettext.js fall back to the msgid and msgid_plural themselves, with the English plural rule",
        )
    files = po_files(paths)
    single_file = output.suffix == ".json"
    if single_file and len(files) != 1:
        raise DilmacError(
            f"--output {output} is one file, but {len(files)} catalogs are given",
            hint="give a directory as --output to get <lang>/<domain>.json for each catalog",
        )
    exports, notices, claimed, checks = [], [], {}, []
    for path in files:
        _load_po(path)  # its errors first, in export-json's words
        checked = check_catalog(read_po(path), use_fuzzy=use_fuzzy)
        checks.append((path, checked))
        broken = frozenset((p.entry.msgctxt, p.entry.msgid) for p in checked.errors if p.entry is not None)
        catalog = read_catalog(path, lang=lang, use_fuzzy=use_fuzzy, leave_out=broken, untranslated=untranslated)
        catalog_domain = domain or catalog.domain or DEFAULT_DOMAIN[shape]
        target = output if single_file else output / catalog.lang / f"{catalog_domain}.json"
        if target in claimed:
            raise DilmacError(
                f"{claimed[target]} and this catalog would both be written to {target}",
                path=str(path),
                hint="export them separately, or give each its own --domain",
            )
        claimed[target] = path
        if shape == "i18next":
            data, found = to_i18next(catalog, convert_placeholders=convert_placeholders)
            notices.extend(found)
        elif shape == "jed":
            data = to_jed(catalog, catalog_domain)
        else:
            data = to_gettext_js(catalog, gettext_js_placeholders=gettext_js_placeholders)
        translated = sum(1 for message in catalog.messages if not message.untranslated)
        exports.append(Export(path, target, shape, catalog.lang, translated, data))
    return exports, notices, checks


def write_json(path: Path, data: dict) -> None:
    """Write atomically (see dilmac.core.safe_write): a reader sees the old file or the new one."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8"), make_dirs=True)
