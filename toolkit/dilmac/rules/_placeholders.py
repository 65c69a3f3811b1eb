"""Format strings of the flavours gettext catalogs declare: c-format, python-format and
python-brace-format, parsed as GNU msgfmt parses them, and compared as `msgfmt -c` compares a
translation with its source.

Shared by placeholder-mismatch (lint), the compile and export checks of the catalog stage and
the masking of machine drafts, so that all of them see the same placeholders.

What a parse gives: every directive with its span, the arguments it takes (by number for
printf's unnamed ones, by name for `%(name)s` and `{name}`) with their types, and, for a text
that is not a valid format string of the flavour, why. Where GNU gettext 0.21 and Python
disagree, Python wins, because Python is what fails at run time: a brace field with a
conversion (`{name!r}`) or an automatic number (`{}`) is valid, and a single `}` is not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from dilmac.core.i18n import N_

C_FORMAT = "c-format"
PYTHON_FORMAT = "python-format"
BRACE_FORMAT = "python-brace-format"
FLAVOURS = (C_FORMAT, PYTHON_FORMAT, BRACE_FORMAT)


@dataclass(frozen=True)
class Directive:
    written: str  # as in the text, e.g. "%(name)s", "{0:>5}", "%2$d"
    start: int
    end: int
    key: str | int | None  # argument name or number; None for one that takes none (%%, %m)


@dataclass
class FormatString:
    flavour: str
    directives: list[Directive] = field(default_factory=list)
    named: dict[str, str] = field(default_factory=dict)  # name → type (brace fields: "")
    positional: list[str] = field(default_factory=list)  # types of arguments 1, 2, … in order
    invalid: str | None = None  # why the text is not a valid format string of the flavour

    @property
    def arguments(self) -> list[Directive]:
        return [d for d in self.directives if d.key is not None]


# --------------------------------------------------------------------------- printf (C)

_C_SIZES = ("hh", "h", "ll", "l", "L", "q", "j", "z", "Z", "t")
_C_SIZE_NAMES = {"q": "ll", "Z": "z"}
_C_FLAGS = "-+ #0'I"
_NUMBER = re.compile(r"[1-9]\d*\$")
_DIGITS = re.compile(r"\d+")
_PRI = re.compile(r"<PRI([diouxX])(8|16|32|64|LEAST8|LEAST16|LEAST32|LEAST64|FAST8|FAST16|FAST32|FAST64|MAX|PTR)>")


def _c_type(conversion: str, size: str) -> str | None:
    """The argument type a conversion takes, as msgfmt compares them (`%i` = `%d`, `%x` = `%u`,
    `%ld` ≠ `%d`); None for an unknown conversion."""
    size = _C_SIZE_NAMES.get(size, size)
    if conversion in "di":
        return f"int{size}"
    if conversion in "ouxX":
        return f"unsigned{size}"
    if conversion in "eEfFgGaA":
        return "long double" if size == "L" else "double"
    if conversion == "c":
        return "wide char" if size == "l" else "char"
    if conversion == "s":
        return "wide string" if size == "l" else "string"
    if conversion == "C":
        return "wide char"
    if conversion == "S":
        return "wide string"
    if conversion == "p":
        return "pointer"
    if conversion == "n":
        return f"count{size}"
    return None


def parse_c(text: str) -> FormatString:
    """printf directives: flags, width, precision (`*` and `*N$` take arguments), size,
    conversion, `%N$` argument numbers (all or none), `%<PRId64>`; `%%` and `%m` take none."""
    result = FormatString(C_FORMAT)
    uses: list[tuple[int | None, str]] = []  # (argument number or None, type) in text order
    printed: list[tuple[int, int, int]] = []  # (start, end, index in uses) of each directive
    pos = text.find("%")
    while pos >= 0:
        start, i = pos, pos + 1
        number = _NUMBER.match(text, i)
        if number:
            i = number.end()
        while i < len(text) and text[i] in _C_FLAGS:
            i += 1
        for part in ("width", "precision"):
            if part == "precision":
                if not text.startswith(".", i):
                    break
                i += 1
            if text.startswith("*", i):
                star = _NUMBER.match(text, i + 1)
                i = star.end() if star else i + 1
                uses.append((int(star.group()[:-1]) if star else None, "int"))
            else:
                digits = _DIGITS.match(text, i)
                i = digits.end() if digits else i
        pri = _PRI.match(text, i)
        if pri:
            kind = "int" if pri.group(1) in "di" else "unsigned"
            argument_type, i = f"{kind} PRI{pri.group(2)}", pri.end()
        else:
            size = next((s for s in _C_SIZES if text.startswith(s, i)), "")
            i += len(size)
            if i >= len(text):
                result.invalid = "it ends in the middle of a placeholder (write %% for a percent sign)"
                return result
            conversion = text[i]
            i += 1
            if conversion in "%m":
                result.directives.append(Directive(text[start:i], start, i, None))
                pos = text.find("%", i)
                continue
            argument_type = _c_type(conversion, size)
            if argument_type is None:
                result.invalid = (
                    f"“{text[start:i]}” is not a placeholder: “{conversion}” is no printf conversion "
                    "(write %% for a percent sign)"
                )
                return result
        uses.append((int(number.group()[:-1]) if number else None, argument_type))
        printed.append((start, i, len(uses) - 1))
        pos = text.find("%", i)
    if len({n is None for n, _ in uses}) > 1:
        result.invalid = "it mixes numbered placeholders (%1$s) with unnumbered ones (%s)"
        return result
    numbers = [n or k for k, (n, _) in enumerate(uses, start=1)]
    types: dict[int, str] = {}
    for number, (_, argument_type) in zip(numbers, uses):
        if types.setdefault(number, argument_type) != argument_type:
            result.invalid = f"it uses argument {number} with two different types"
            return result
    if types and len(types) != max(types):
        gap = min(set(range(1, max(types) + 1)) - set(types))
        result.invalid = f"it uses argument {max(types)} but not argument {gap}"
        return result
    result.positional = [types[n] for n in sorted(types)]
    keys = iter(numbers[index] for _, _, index in printed)
    spans = iter(printed)
    result.directives = sorted(
        result.directives + [Directive(text[a:b], a, b, next(keys)) for a, b, _ in spans],
        key=lambda d: d.start,
    )
    return result


# --------------------------------------------------------------------------- Python %

_PYTHON_TYPES = {"c": "char", "s": "string", "r": "string", "a": "string"}
_PYTHON_TYPES.update(dict.fromkeys("iduoxX", "int"))
_PYTHON_TYPES.update(dict.fromkeys("eEfFgG", "float"))
ANY = "any"  # %.0s takes a value of any type


def parse_python(text: str) -> FormatString:
    """`%` directives: `%(name)s` or unnamed (never both), flags, width and precision (`*` takes
    an argument), an ignored size letter, a conversion; `%%` takes none."""
    result = FormatString(PYTHON_FORMAT)
    pos = text.find("%")
    while pos >= 0:
        start, i = pos, pos + 1
        name = None
        stars: list[str] = []
        if text.startswith("(", i):
            depth, j = 0, i + 1
            while j < len(text) and not (text[j] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
            if j >= len(text):
                result.invalid = "a placeholder “%(…” is not closed with “)”"
                return result
            name, i = text[i + 1 : j], j + 1
        while i < len(text) and text[i] in "-+ #0":
            i += 1
        zero_precision = False
        for part in ("width", "precision"):
            if part == "precision":
                if not text.startswith(".", i):
                    break
                i += 1
            if text.startswith("*", i):
                stars.append("int")
                i += 1
            else:
                digits = _DIGITS.match(text, i)
                if digits:
                    zero_precision = part == "precision" and not digits.group().strip("0")
                    i = digits.end()
        if i < len(text) and text[i] in "hlL":
            i += 1
        if i >= len(text):
            result.invalid = "it ends in the middle of a placeholder (write %% for a percent sign)"
            return result
        conversion = text[i]
        i += 1
        directive = text[start:i]
        if conversion == "%":
            result.directives.append(Directive(directive, start, i, None))
            pos = text.find("%", i)
            continue
        argument_type = _PYTHON_TYPES.get(conversion)
        if argument_type is None:
            result.invalid = (
                f"“{directive}” is not a placeholder: “{conversion}” is no conversion of Python's % "
                "(write %% for a percent sign)"
            )
            return result
        if zero_precision and conversion in "sr":
            argument_type = ANY
        if (name is not None and (result.positional or stars)) or (name is None and result.named):
            result.invalid = "it mixes named placeholders (%(name)s) with unnamed ones (%s)"
            return result
        if name is not None:
            known = result.named.setdefault(name, argument_type)
            if known != argument_type:
                if ANY not in (known, argument_type):
                    result.invalid = f"it uses “{name}” with two different types"
                    return result
                result.named[name] = argument_type if known == ANY else known
            result.directives.append(Directive(directive, start, i, name))
        else:
            result.positional.extend(stars)
            result.positional.append(argument_type)
            result.directives.append(Directive(directive, start, i, len(result.positional)))
        pos = text.find("%", i)
    return result


# --------------------------------------------------------------------------- Python {}

_FIELD_NAME = re.compile(r"(?:[A-Za-z_]\w*|\d+)?(?:\.[A-Za-z_]\w*|\[[^\]]*\])*")


def parse_brace(text: str) -> FormatString:
    """`str.format` fields: `{name}`, `{0}`, `{}`, `{name.attr}`, `{name[key]}`, a conversion
    (`!r`), a format spec that may hold one nested field (`{value:>{width}}`); `{{` and `}}`
    are braces. The key of a field is its whole name (`user.name`), as msgfmt compares them."""
    result = FormatString(BRACE_FORMAT)
    automatic = numbered = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == "}":
            if text.startswith("}}", i):
                i += 2
                continue
            result.invalid = "it has a single “}” (write }} for a brace)"
            return result
        if char != "{":
            i += 1
            continue
        if text.startswith("{{", i):
            i += 2
            continue
        fields: list[tuple[str, int]] = []
        end = _brace_field(text, i, fields, nested=False)
        if end < 0:
            result.invalid = "a field “{…” is not closed with “}” (write {{ for a brace)"
            return result
        for name, _ in fields:
            if name == "":
                name = str(automatic)
                automatic += 1
            elif name[0].isdigit():
                numbered += 1
            if automatic and numbered:
                result.invalid = "it mixes numbered fields ({0}) with automatic ones ({})"
                return result
            result.named.setdefault(name, "")
            result.directives.append(Directive(text[i:end], i, end, name))
        i = end
    return result


def _brace_field(text: str, start: int, fields: list[tuple[str, int]], nested: bool) -> int:
    """Parse the field at text[start] == "{"; append (name, start) of it and of a field nested
    in its format spec; return the offset after its "}", or -1 if it is malformed."""
    name = _FIELD_NAME.match(text, start + 1)
    i = name.end()
    fields.append((name.group(), start))
    if text.startswith("!", i):
        if i + 1 >= len(text) or text[i + 1] not in "rsa":
            return -1
        i += 2
    if text.startswith(":", i):
        i += 1
        while i < len(text) and text[i] != "}":
            if text[i] == "{":
                if nested:
                    return -1
                i = _brace_field(text, i, fields, nested=True)
                if i < 0:
                    return -1
            else:
                i += 1
    if not text.startswith("}", i):
        return -1
    return i + 1


PARSERS = {C_FORMAT: parse_c, PYTHON_FORMAT: parse_python, BRACE_FORMAT: parse_brace}


def parse(flavour: str, text: str) -> FormatString:
    return PARSERS[flavour](text)


# --------------------------------------------------------------------------- comparing


def _shown(names) -> str:
    return ", ".join(f"“{name}”" for name in names)


def compare(source: FormatString, translation: FormatString, strict: bool = True) -> str | None:
    """What is wrong with the translation's directives against the source's, as `msgfmt -c`
    judges it; None if nothing. `strict` False (a plural form used for one count only, such as
    the singular of `nplurals=2`) lets the translation leave arguments out, never add any."""
    if translation.invalid:
        return f"not a valid {translation.flavour} string: {translation.invalid}"
    if source.named and translation.positional:
        return "the source's placeholders are named (%(name)s), the translation's unnamed (%s)"
    if source.positional and translation.named:
        return "the source's placeholders are unnamed (%s), the translation's named (%(name)s)"
    unknown = [name for name in translation.named if name not in source.named]
    if unknown:
        return f"{_shown(_written(translation, unknown))} not in the source (the program has no value for it)"
    missing = [name for name in source.named if name not in translation.named]
    if strict and missing:
        return f"{_shown(_written(source, missing))} of the source missing"
    for name, argument_type in translation.named.items():
        if not _same_type(source.named[name], argument_type, strict):
            return (
                f"{_shown(_written(translation, [name]))} takes another type of value than "
                f"{_shown(_written(source, [name]))} in the source"
            )
    ours, theirs = source.positional, translation.positional
    if len(ours) != len(theirs) and (strict or len(theirs) > len(ours) or source.flavour == PYTHON_FORMAT):
        return (
            f"takes {len(theirs)} value{'s' if len(theirs) != 1 else ''} where the source takes {len(ours)} "
            f"({_shown(d.written for d in source.arguments) or 'none'})"
        )
    for number, (want, have) in enumerate(zip(ours, theirs), start=1):
        if not _same_type(want, have, strict):
            return (
                f"{_shown(_written(translation, [number]))} takes another type of value than "
                f"{_shown(_written(source, [number]))}, argument {number} of the source"
            )
    return None


def _same_type(want: str, have: str, strict: bool) -> bool:
    return want == have or (not strict and ANY in (want, have))


def _written(spec: FormatString, keys) -> list[str]:
    keys = list(keys)
    found = {}
    for directive in spec.arguments:
        if directive.key in keys:
            found.setdefault(directive.key, directive.written)
    return [found.get(key, f"argument {key}") for key in keys]


# --------------------------------------------------------------------------- without flags

# Placeholders recognised in a message without a format flag, as pofilter recognises them: a
# printf directive without a space flag ("100% sure" is text), a named Python one, a brace field
# with a name or number ("{city}", "{0}"). An empty "{}" is not taken for one: CSS and JSON are.
_UNFLAGGED_PRINTF = re.compile(r"%(?:\d+\$)?[-+#0']*(?:\d+|\*)?(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcsp]")
_UNFLAGGED_PYTHON = re.compile(r"%\([A-Za-z_]\w*\)[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_UNFLAGGED_BRACE = re.compile(
    r"(?<!\{)\{(?:[A-Za-z_]\w*|\d+)(?:\.[A-Za-z_]\w*|\[\w+\])*(?:![rsa])?(?::[^{}]*)?\}(?!\})"
)


def flavours_of(texts, flags) -> list[str]:
    """The format flavours a message's texts are checked as: those its flags declare, else
    those its source texts show (named `%(name)s` → python-format, other printf directives →
    c-format, `{name}` → python-brace-format). A `no-…-format` flag rules a flavour out."""
    flags = set(flags)
    declared = [f for f in FLAVOURS if f in flags or f"possible-{f}" in flags]
    if declared:
        return declared
    found = []
    texts = [t for t in texts if t]
    if any(_UNFLAGGED_PYTHON.search(t) for t in texts):
        found.append(PYTHON_FORMAT)
    elif any(_UNFLAGGED_PRINTF.search(t) for t in texts):
        found.append(C_FORMAT)
    if any(_UNFLAGGED_BRACE.search(t) for t in texts):
        found.append(BRACE_FORMAT)
    return [f for f in found if f"no-{f}" not in flags]


# --------------------------------------------------------------------------- readings (lint)

# How placeholder-mismatch and the masking of machine drafts read a text: per kind, what must
# match between source and translation, and each item as written with its span. Unlike the
# parsers above they never refuse a text, so that a broken translation is still compared.
_PYTHON = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")
_C = re.compile(
    r"%(?:(?P<position>\d+)\$)?[-+ #0']*(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d+))?"
    r"(?P<conversion>(?:hh|h|ll|l|L|q|j|z|Z|t)?[diouxXeEfFgGaAcspnCS%]|<PRI\w+>)"
)
_BRACE = re.compile(r"\{\{|\}\}|\{(?P<field>[^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}")
_DOUBLE_BRACES = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_TAG = re.compile(r"<(/?)([A-Za-z][\w.:-]*)(\s[^<>]*?)?\s*(/?)>")
HTML_ELEMENTS = frozenset(
    """
a abbr address area article aside audio b bdi bdo big blockquote body br button caption center
cite code col dd del details dfn div dl dt em embed figure font footer form h1 h2 h3 h4 h5 h6
head header hr html i iframe img input ins kbd label legend li link main mark meta nav noscript
object ol option p pre q s samp script section select small source span strike strong style sub
summary sup table tbody td textarea tfoot th thead time title tr tt u ul var video wbr
""".split()
)
_XLIFF_CODE = re.compile(r"<(/?)(?:[\w.-]+:)?(x|g|ph|bx|ex|bpt|ept|it|pc|sc|ec|sm|em|mrk|cp)\b([^>]*?)(/?)>")
_ID = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)')""")

# A kind's reading of a text: (what must match, and how each item was written, where).
Reading = tuple[object, list[tuple[str, int, int]]]


def _python(text: str) -> Reading:
    named, positional, items = set(), [], []
    for match in _PYTHON.finditer(text):
        written = match.group()
        if written == "%%":
            continue
        items.append((written, match.start(), match.end()))
        (named.add(written) if match.group("name") is not None else positional.append(written))
    return (frozenset(named), tuple(positional)), items


def _c(text: str) -> Reading:
    arguments, items, next_argument = set(), [], 1
    for match in _C.finditer(text):
        written = match.group()
        if match.group("conversion") == "%":
            continue
        items.append((written, match.start(), match.end()))
        if match.group("position"):
            argument = int(match.group("position"))
        else:
            argument, next_argument = next_argument, next_argument + 1
        arguments.add((argument, match.group("conversion")))
    return frozenset(arguments), items


def _brace(text: str) -> Reading:
    fields, items, automatic = set(), [], 0
    for match in _BRACE.finditer(text):
        field = match.group("field")
        if field is None:
            continue  # {{ or }}: a literal brace
        items.append((match.group(), match.start(), match.end()))
        if field == "":
            field, automatic = str(automatic), automatic + 1
        fields.add(field)
    return frozenset(fields), items


def _double_braces(text: str) -> Reading:
    items = [("{{ " + m.group(1) + " }}", m.start(), m.end()) for m in _DOUBLE_BRACES.finditer(text)]
    return frozenset(i[0] for i in items), items


def _tags(text: str) -> Reading:
    """Tags; a start tag only where it is markup for sure: an HTML element, with an attribute
    value, self-closing, or closed in the same message. "<Unknown user>" or "<subject>" in a
    message is text that the translator should translate."""
    items = []
    for m in _TAG.finditer(text):
        closing, name, rest, empty = m.group(1), m.group(2).lower(), m.group(3), m.group(4)
        if closing or empty or (rest and "=" in rest) or name in HTML_ELEMENTS or f"</{name}" in text.lower():
            items.append((f"<{closing}{name}{empty}>", m.start(), m.end()))
    return Counter(i[0] for i in items), items


def xliff_codes(raw: str) -> Reading:
    items = []
    for m in _XLIFF_CODE.finditer(raw):
        ident = _ID.search(m.group(3))
        id_text = f' id="{ident.group(1) or ident.group(2) or ""}"' if ident else ""
        items.append((f"<{m.group(1)}{m.group(2)}{id_text}{m.group(4)}>", m.start(), m.end()))
    return Counter(i[0] for i in items), items


def _unflagged_printf(text: str) -> Reading:
    items = [(m.group(), m.start(), m.end()) for m in _UNFLAGGED_PRINTF.finditer(text)]
    return _c("".join(written for written, _, _ in items))[0], items


def _unflagged_python(text: str) -> Reading:
    items = [(m.group(), m.start(), m.end()) for m in _UNFLAGGED_PYTHON.finditer(text)]
    return (frozenset(written for written, _, _ in items), ()), items


def _unflagged_brace(text: str) -> Reading:
    items = [(m.group(), m.start(), m.end()) for m in _UNFLAGGED_BRACE.finditer(text)]
    return _brace("".join(written for written, _, _ in items))[0], items


FLAGGED = ("python-format", "python-brace-format", "c-format")  # checked in messages with the PO flag
ALWAYS_MARKERS = {"{{ }}": "{{", "tag": "<"}  # checked where the marker occurs
READERS: dict[str, Callable[[str], Reading]] = {
    "python-format": _python,
    "python-brace-format": _brace,
    "c-format": _c,
    "{{ }}": _double_braces,
    "tag": _tags,
}
# A message without format flags: the kinds its source shows, read as conservatively as found.
UNFLAGGED_READERS: dict[str, Callable[[str], Reading]] = {
    "python-format": _unflagged_python,
    "python-brace-format": _unflagged_brace,
    "c-format": _unflagged_printf,
}
LABELS = {
    "python-format": N_("python-format placeholders"),
    "python-brace-format": N_("python-brace-format placeholders"),
    "c-format": N_("c-format placeholders"),
    "{{ }}": N_("{{ }} placeholders"),
    "tag": N_("HTML/XML tags"),
    "inline code": N_("XLIFF inline codes"),
}
