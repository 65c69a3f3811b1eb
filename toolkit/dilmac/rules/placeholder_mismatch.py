"""placeholder-mismatch: the translation's placeholders or tags differ from the source's.

A program fills placeholders at run time; one lost, misspelt or added in a translation crashes
it or prints garbage, and a tag lost or added breaks the markup. In a catalog every translated
message (each plural form of it) must carry what its source carries:

- `python-format` (`%(name)s`, `%d`), `python-brace-format` (`{name}`, `{0}`) and `c-format`
  (`%s`, `%2$d`) directives, in messages with that PO flag (as `msgfmt -c` does); in a PO
  message without a format flag, those its source shows (as pofilter's `variables` check):
  `%(name)s`, printf directives without a space flag (“100% sure” is text), `{name}` and `{0}`
  fields; a `no-c-format` (`no-python-format`, …) flag rules one out;
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

import sys
from collections import Counter
from collections.abc import Iterator

from dilmac.core.document import FILLER
from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import Message
from dilmac.rules import Context
from dilmac.rules._bilingual import layer_offset, message_text
from dilmac.rules._placeholders import (
    ALWAYS_MARKERS,
    FLAGGED,
    LABELS,
    READERS,
    UNFLAGGED_READERS,
    Reading,
    flavours_of,
    xliff_codes,
)
from dilmac.rules._terms import quote

ID = "placeholder-mismatch"
SEVERITY = Severity.ERROR
CATALOGS_ONLY = True  # nothing to check outside translation catalogs


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
            if not any(raw.find(marker, lo, hi) >= 0 for marker in ("<", "{", "%")):
                continue
        sources = [message_text(source_text, raw, a, b, po)[0].replace(FILLER, "") for a, b in unit.source_spans]
        readers = {kind: READERS[kind] for kind in FLAGGED if kind in unit.flags}
        if po and not readers:
            readers = {kind: UNFLAGGED_READERS[kind] for kind in flavours_of(sources, unit.flags)}
        for kind, marker in ALWAYS_MARKERS.items():
            if any(source_text.find(marker, a, b) >= 0 for a, b in unit.source_spans) or any(
                text.find(marker, a, b) >= 0 for a, b in unit.spans
            ):
                readers[kind] = READERS[kind]
        codes = not po and any(raw.find("<", a, b) >= 0 for a, b in unit.source_spans + unit.spans)
        if not readers and not codes:
            continue  # most messages: nothing to compare
        targets = [message_text(text, raw, a, b, po) for a, b in unit.spans]
        for index, ((start, end), (target, pieces)) in enumerate(zip(unit.spans, targets)):
            if start == end:
                continue
            own = min(index, len(sources) - 1)
            order = [own] + [i for i in range(len(sources)) if i != own]
            for kind, reader in readers.items():
                problem = _compare([reader(sources[i]) for i in order], reader(target))
                if problem is not None:
                    yield _finding(ctx, module, kind, problem, pieces, start, end, unit, index)
            if codes:
                readings = [xliff_codes(raw[a:b]) for a, b in (unit.source_spans[i] for i in order)]
                problem = _compare(readings, xliff_codes(raw[start:end]))
                if problem is not None:
                    yield _finding(ctx, module, "inline code", problem, [(0, start)], start, end, unit, index)


def _compare(sources: list[Reading], target: Reading) -> tuple[Message, tuple[int, int] | None] | None:
    """None when the target matches one of the sources, else (what differs from the first
    source, the span in the target of the first placeholder the source does not have)."""
    if any(target[0] == reading[0] for reading in sources):
        return None
    source_items = [written for written, _, _ in sources[0][1]]
    target_items = [written for written, _, _ in target[1]]
    missing = list(dict.fromkeys((Counter(source_items) - Counter(target_items)).elements()))
    extra = list(dict.fromkeys((Counter(target_items) - Counter(source_items)).elements()))
    missing_text = ", ".join(quote(m) for m in missing)
    extra_text = ", ".join(quote(e) for e in extra)
    if missing and extra:
        problem = Message("%(missing)s missing; %(extra)s not in the source", missing=missing_text, extra=extra_text)
    elif missing:
        problem = Message("%(missing)s missing", missing=missing_text)
    elif extra:
        problem = Message("%(extra)s not in the source", extra=extra_text)
    else:
        problem = Message(
            "in another order than in the source (%(order)s)", order=", ".join(quote(s) for s in source_items)
        )
    at = next(((a, b) for written, a, b in target[1] if written in extra), None)
    return problem, at


def _finding(
    ctx: Context,
    module,
    kind: str,
    problem: tuple[Message, tuple[int, int] | None],
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
        module,
        span_start,
        span_end,
        Message(
            "%(what)s differ from the source%(form)s: %(problem)s",
            what=Message(LABELS[kind]),
            form=form,
            problem=message,
        ),
        unit=unit,
    )
