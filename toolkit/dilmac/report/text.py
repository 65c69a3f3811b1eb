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
    severity = style(_COLOURS[finding.severity] + ";1", str(finding.severity))
    head = (
        f"{style('1', f'{printable(finding.path)}:{finding.line}:{finding.column}:')} {severity} "
        f"[{finding.rule}] {printable(finding.message)}"
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
        lines.append(f" {pad} = in {printable(finding.location.describe())}")
    for suggestion in finding.suggestions:
        lines.append(f" {pad} = {style('32', 'fix:')} {printable(suggestion)}")
    return "\n".join(lines)


def summary_line(run: Run) -> str:
    findings = run.findings
    counts = Counter(f.severity for f in findings)
    checked = sum(1 for r in run.files if not r.skipped)
    with_findings = len({f.path for f in findings})
    parts = ", ".join(f"{counts[s]} {_plural(str(s), counts[s])}" for s in sorted(counts, reverse=True))
    text = (
        f"{len(findings)} {_plural('finding', len(findings))}"
        + (f" ({parts})" if parts else "")
        + f" in {with_findings} of {checked} checked {_plural('file', checked)}"
    )
    messages = run.message_counts()
    if messages is not None:
        text += (
            f"; {messages['total']} catalog {_plural('message', messages['total'])}: "
            f"{messages['translated']} translated, {messages['fuzzy']} fuzzy, "
            f"{messages['untranslated']} untranslated"
        )
    if run.errors:
        text += f"; {len(run.errors)} input {_plural('error', len(run.errors))} (see above)"
    return text


def _plural(word: str, count: int) -> str:
    if count == 1 or word == "info":
        return word
    return word + "s"


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
        print(f"error: {error}", file=err)
    print(summary_line(run), file=out)
