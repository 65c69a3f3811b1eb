"""Human-readable findings, like ruff and rustc: location, severity, rule, message, then the
source line with the span marked and the suggested fix. Colour only on a terminal. File names
and file content are printed with their control characters escaped (dilmac.core.printable):
a linted file cannot send escape sequences to the terminal."""

from __future__ import annotations

import os
import sys
import unicodedata
from collections import Counter
from typing import TextIO

from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import gettext as _
from dilmac.core.i18n import ngettext
from dilmac.core.printable import printable
from dilmac.lint.pipeline import Run

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


class Style:
    def __init__(self, stream: TextIO, colour: bool | None = None) -> None:
        if colour is None:
            colour = stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
        self.colour = colour

    def __call__(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def render_finding(finding: Finding, line_text: str, style: Style) -> str:
    severity = style(_COLOURS[finding.severity] + ";1", finding.severity.label())
    head = (
        f"{style('1', f'{printable(finding.path)}:{finding.line}:{finding.column}:')} {severity} "
        f"[{finding.rule}] {printable(finding.localized())}"
    )
    gutter = str(finding.line)
    pad = " " * len(gutter)
    start = finding.column - 1
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line_text)
    raw = line_text.expandtabs(1)
    visible = printable(raw)
    # the marker goes under the escaped text: count the width of what is shown before the span
    marker = " " * _width(printable(raw[:start])) + "^" * max(1, _width(printable(raw[start:end])))
    lines = [head, f" {style('34', gutter)} | {visible}", f" {pad} | {style(_COLOURS[finding.severity], marker)}"]
    if finding.location is not None:  # Word documents: line N is paragraph N; say where that is
        lines.append(f" {pad} = " + _("in %(place)s") % {"place": printable(finding.location.describe())})
    fix_label = _("fix:")
    for suggestion in finding.suggestions:
        lines.append(f" {pad} = {style('32', fix_label)} {printable(suggestion)}")
    return "\n".join(lines)


def summary_line(run: Run) -> str:
    findings = run.findings
    counts = Counter(f.severity for f in findings)
    checked = sum(1 for r in run.files if not r.skipped)
    with_findings = len({f.path for f in findings})
    parts = ", ".join(_severity_count(s, counts[s]) for s in sorted(counts, reverse=True))
    text = (
        ngettext("%(n)d finding", "%(n)d findings", len(findings)) % {"n": len(findings)}
        + (f" ({parts})" if parts else "")
        + ngettext(" in %(with)d of %(n)d checked file", " in %(with)d of %(n)d checked files", checked)
        % {"with": with_findings, "n": checked}
    )
    messages = run.message_counts()
    if messages is not None:
        text += ngettext(
            "; %(total)d catalog message: %(translated)d translated, %(fuzzy)d fuzzy, %(untranslated)d untranslated",
            "; %(total)d catalog messages: %(translated)d translated, %(fuzzy)d fuzzy, %(untranslated)d untranslated",
            messages["total"],
        ) % dict(messages)
    if run.errors:
        text += ngettext("; %(n)d input error (see above)", "; %(n)d input errors (see above)", len(run.errors)) % {
            "n": len(run.errors)
        }
    return text


def _severity_count(severity: Severity, count: int) -> str:
    if severity is Severity.ERROR:
        text = ngettext("%(n)d error", "%(n)d errors", count)
    elif severity is Severity.WARNING:
        text = ngettext("%(n)d warning", "%(n)d warnings", count)
    else:
        text = ngettext("%(n)d info", "%(n)d info", count)
    return text % {"n": count}


def write(run: Run, out: TextIO | None = None, err: TextIO | None = None, colour: bool | None = None) -> None:
    out = out or sys.stdout
    err = err or sys.stderr
    style = Style(out, colour)
    for result in run.files:
        for notice in result.notices:
            print(printable(notice), file=err)
        for finding in result.findings:
            text = result.doc.line_text(finding.line) if result.doc else ""
            print(render_finding(finding, text, style), file=out)
            print(file=out)
    for error in run.errors:
        print(_("error: %(message)s") % {"message": error}, file=err)
    print(summary_line(run), file=out)
