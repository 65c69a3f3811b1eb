"""The JSON output contract (documented in the README; keep it stable).

`dilmac lint --format json`:
    {"findings": [{"path", "line", "column", "end_line", "end_column", "rule", "severity",
                   "message", "found", "suggestions", "concept", "lang"[, "msgid", "msgctxt"]
                   [, "location"]}],
     "summary": {"files", "checked", "skipped", "findings", "by_severity", "by_rule",
                 "errors": [{"path", "line", "column", "message", "hint"}], "notices": [...]
                 [, "messages": {"total", "translated", "fuzzy", "untranslated"}]}}
Lines and columns are 1-based, counted in Unicode characters; end_column is exclusive.
"message" is always English (and "rule" a stable id); when dilmac's UI language is not English
(`--ui-lang`, README "The interface language"), each finding also carries
"localized_message": {"lang", "text"}, the message as the terminal shows it.
Findings in translation catalogs carry "msgid" and "msgctxt" (XLIFF: the source text and the
unit id; msgctxt may be null); "messages" counts the messages of the translated catalogs and is
there only when some were linted. Findings in Word documents carry "location" (Place.to_json:
where the paragraph is; "line" is the paragraph's number).

`dilmac terms --format json`:
    {"occurrences": [{"path", "line", "column", "end_line", "end_column", "found", "concept",
                      "term", "status", "lang"}]}
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import TextIO

from dilmac.core.i18n import current_language
from dilmac.lint.pipeline import Run, span


def error_json(error) -> dict:
    return {
        "path": error.path,
        "line": error.line,
        "column": error.column,
        "message": error.message,
        "hint": error.hint,
    }


class Items:
    """A list to be written item by item: `dump` turns each into JSON as it writes, so that
    500 000 findings never stand in memory as dicts and one string (they took 2.4 GB)."""

    def __init__(self, source: list, to_json) -> None:
        self.source, self.to_json = source, to_json

    def __len__(self) -> int:
        return len(self.source)

    def __iter__(self):
        return map(self.to_json, self.source)


def finding_json(finding, ui_lang: str) -> dict:
    data = finding.to_json()
    if ui_lang != "en":
        data["localized_message"] = {"lang": ui_lang, "text": finding.localized()}
    return data


def lint_json(run: Run) -> dict:
    findings = run.findings
    ui_lang = current_language()
    data = {
        "findings": Items(findings, lambda finding: finding_json(finding, ui_lang)),
        "summary": {
            "files": len(run.files),
            "checked": sum(1 for r in run.files if not r.skipped),
            "skipped": sum(1 for r in run.files if r.skipped),
            "findings": len(findings),
            "by_severity": dict(Counter(str(f.severity) for f in findings)),
            "by_rule": dict(sorted(Counter(f.rule for f in findings).items())),
            "errors": [error_json(e) for e in run.errors],
            "notices": [n for r in run.files for n in r.notices],
        },
    }
    messages = run.message_counts()
    if messages is not None:
        data["summary"]["messages"] = messages
    return data


def terms_json(run: Run) -> dict:
    occurrences = []
    for result in run.files:
        if result.doc is None:
            continue
        source = result.doc.source
        for occ in result.occurrences:
            line, column, end_line, end_column = span(result.doc, occ.start, occ.end)
            occurrences.append(
                {
                    "path": result.path,
                    "line": line,
                    "column": column,
                    "end_line": end_line,
                    "end_column": end_column,
                    "found": source[occ.start : occ.end],
                    "concept": occ.term.concept_id,
                    "term": occ.term.text,
                    "status": occ.term.status,
                    "lang": occ.term.lang,
                }
            )
    return {"occurrences": occurrences}


def dump(data: dict, out: TextIO) -> None:
    """`data` as JSON, each item of a top-level list on a line of its own and each other
    top-level value on one line: readable in a terminal and a diff, and written by json's C
    encoder (any `indent` sends json through its pure-Python encoder: seconds for 10 000
    findings). Lists are written a thousand items at a time (`Items`: made as they are written)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode

    def write(text: str) -> None:
        out.write(surrogates_escaped(text))

    if not data:
        write("{}\n")
        return
    for number, (key, value) in enumerate(data.items()):
        write(("{\n" if number == 0 else ",\n") + f"  {encode(key)}: ")
        if isinstance(value, (list, Items)) and len(value):
            write("[\n    ")
            chunk: list[str] = []
            for index, item in enumerate(value):
                chunk.append(encode(item))
                if len(chunk) == 1000:
                    write(",\n    ".join(chunk) + (",\n    " if index + 1 < len(value) else ""))
                    chunk = []
            write(",\n    ".join(chunk) + "\n  ]")
        else:
            write(encode(list(value) if isinstance(value, Items) else value))
    write("\n}\n")


_SURROGATE = re.compile("[\ud800-\udfff]")


def surrogates_escaped(text: str) -> str:
    """JSON text with each lone surrogate (an undecodable byte of a file name, as os.fsdecode
    gives it) written as a \\u escape: still valid JSON, and encodable as UTF-8."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
