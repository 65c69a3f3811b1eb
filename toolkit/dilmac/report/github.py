"""GitHub Actions workflow commands (`dilmac lint --format github`): each finding becomes an
annotation on the pull request's diff, e.g.

    ::error file=news/az.md,line=3,col=12,endLine=3,endColumn=27,title=term-forbidden::“Türk Şurası” …

Severity maps to error / warning / notice. Values are escaped as the runner expects (% CR LF
in messages; also : and , in properties).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from dilmac.core.findings import Severity
from dilmac.core.printable import printable_lines

if TYPE_CHECKING:
    from dilmac.lint.pipeline import Run

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    # control characters other than line breaks (an escape sequence from a file) made visible
    text = printable_lines(text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def write(run: Run, out: TextIO) -> None:
    for finding in run.findings:
        message = finding.message
        if finding.suggestions:
            message += " → " + " / ".join(finding.suggestions)
        props = (
            f"file={_property(finding.path)},line={finding.line},col={finding.column},"
            f"endLine={finding.end_line},endColumn={finding.end_column},title={_property(finding.rule)}"
        )
        out.write(f"::{COMMANDS[finding.severity]} {props}::{_data(message)}\n")
    for error in run.errors:
        where = f" file={_property(error.path)}" if error.path else ""
        if error.path and error.line:
            where += f",line={error.line}"
        text = error.message + (f" ({error.hint})" if error.hint else "")
        out.write(f"::error{where}::{_data(text)}\n")
