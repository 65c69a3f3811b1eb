"""placeholder-mismatch: the translation's placeholders or tags differ from the source's.

A program fills placeholders at run time; one lost, misspelt or added in a translation crashes
it or prints garbage, and a tag lost or added breaks the markup. In a catalog every translated
message (each plural form of it) must carry what its source carries:

- `python-format` (`%(name)s`, `%d`), `python-brace-format` (`{name}`, `{0}`) and `c-format`
  (`%s`, `%2$d`) directives, in messages with that PO flag (as `msgfmt -c` does);
- `{{ name }}` placeholders (Symfony, Angular, Jinja), always;
- HTML/XML tags (`<b>`, `</a>`, `<br/>`), always, and XLIFF inline codes (`<x id="…"/>`,
  `<g>`, `<ph>`, …) by element and id.

Named placeholders may move and repeat; positional ones (`%s`, `{}`) must keep their order
unless numbered (`%1$s`). A plural form may match its own source string or the other one
("One file" / "%d files").

Bad (msgid → msgstr):  "Hello, %(name)s" → "Salam, %(ad)s"
Good:                  "Salam, %(name)s"
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator

from dilmac.core.document import FILLER
from dilmac.core.findings import Finding, Severity
from dilmac.rules import Context
from dilmac.rules._bilingual import layer_offset, message_text
from dilmac.rules._terms import quote

ID = "placeholder-mismatch"
SEVERITY = Severity.ERROR
CATALOGS_ONLY = True  # nothing to check outside translation catalogs

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


def _xliff_codes(raw: str) -> Reading:
    items = []
    for m in _XLIFF_CODE.finditer(raw):
        ident = _ID.search(m.group(3))
        id_text = f' id="{ident.group(1) or ident.group(2) or ""}"' if ident else ""
        items.append((f"<{m.group(1)}{m.group(2)}{id_text}{m.group(4)}>", m.start(), m.end()))
    return Counter(i[0] for i in items), items


FLAGGED = ("python-format", "python-brace-format", "c-format")  # checked in messages with the PO flag
ALWAYS_MARKERS = {"{{ }}": "{{", "tag": "<"}  # checked where the marker occurs
READERS: dict[str, Callable[[str], Reading]] = {
    "python-format": _python,
    "python-brace-format": _brace,
    "c-format": _c,
    "{{ }}": _double_braces,
    "tag": _tags,
}
LABELS = {
    "python-format": "python-format placeholders",
    "python-brace-format": "python-brace-format placeholders",
    "c-format": "c-format placeholders",
    "{{ }}": "{{ }} placeholders",
    "tag": "HTML/XML tags",
    "inline code": "XLIFF inline codes",
}


def check(ctx: Context) -> Iterator[Finding]:
    if not ctx.units:
        return
    module = sys.modules[__name__]
    catalog = ctx.doc.catalog
    text, source_text, raw = ctx.doc.text, catalog.source_text, ctx.doc.source
    po = catalog.format == "po"
    for unit in ctx.units:
        if po and not unit.flags:
            # A PO message's strings lie between its msgid and its last msgstr, with nothing
            # else there but keywords: one look for the markers, for the usual message.
            lo, hi = unit.source_spans[0][0], unit.spans[-1][1]
            if raw.find("<", lo, hi) < 0 and raw.find("{{", lo, hi) < 0:
                continue
        kinds = [kind for kind in FLAGGED if kind in unit.flags] if unit.flags else []
        for kind, marker in ALWAYS_MARKERS.items():
            if any(source_text.find(marker, a, b) >= 0 for a, b in unit.source_spans) or any(
                text.find(marker, a, b) >= 0 for a, b in unit.spans
            ):
                kinds.append(kind)
        codes = not po and any(raw.find("<", a, b) >= 0 for a, b in unit.source_spans + unit.spans)
        if not kinds and not codes:
            continue  # most messages: nothing to compare
        sources = [message_text(source_text, raw, a, b, po)[0].replace(FILLER, "") for a, b in unit.source_spans]
        targets = [message_text(text, raw, a, b, po) for a, b in unit.spans]
        for index, ((start, end), (target, pieces)) in enumerate(zip(unit.spans, targets)):
            if start == end:
                continue
            own = min(index, len(sources) - 1)
            order = [own] + [i for i in range(len(sources)) if i != own]
            for kind in kinds:
                reader = READERS[kind]
                problem = _compare([reader(sources[i]) for i in order], reader(target))
                if problem is not None:
                    yield _finding(ctx, module, kind, problem, pieces, start, end, unit, index)
            if codes:
                readings = [_xliff_codes(raw[a:b]) for a, b in (unit.source_spans[i] for i in order)]
                problem = _compare(readings, _xliff_codes(raw[start:end]))
                if problem is not None:
                    yield _finding(ctx, module, "inline code", problem, [(0, start)], start, end, unit, index)


def _compare(sources: list[Reading], target: Reading) -> tuple[str, tuple[int, int] | None] | None:
    """None when the target matches one of the sources, else (what differs from the first
    source, the span in the target of the first placeholder the source does not have)."""
    if any(target[0] == reading[0] for reading in sources):
        return None
    source_items = [written for written, _, _ in sources[0][1]]
    target_items = [written for written, _, _ in target[1]]
    missing = list(dict.fromkeys((Counter(source_items) - Counter(target_items)).elements()))
    extra = list(dict.fromkeys((Counter(target_items) - Counter(source_items)).elements()))
    problems = []
    if missing:
        problems.append(f"{', '.join(quote(m) for m in missing)} missing")
    if extra:
        problems.append(f"{', '.join(quote(e) for e in extra)} not in the source")
    if not problems:
        problems.append(f"in another order than in the source ({', '.join(quote(s) for s in source_items)})")
    at = next(((a, b) for written, a, b in target[1] if written in extra), None)
    return "; ".join(problems), at


def _finding(
    ctx: Context,
    module,
    kind: str,
    problem: tuple[str, tuple[int, int] | None],
    pieces: list[tuple[int, int]],
    start: int,
    end: int,
    unit,
    index: int,
) -> Finding:
    """At the first placeholder the source lacks, else on the whole translation."""
    message, at = problem
    span_start, span_end = start, end
    if at is not None:
        span_start, span_end = layer_offset(pieces, at[0]), layer_offset(pieces, at[1] - 1) + 1
    form = f" (msgstr[{index}])" if len(unit.spans) > 1 else ""
    return ctx.finding(
        module, span_start, span_end, f"{LABELS[kind]} differ from the source{form}: {message}", unit=unit
    )
