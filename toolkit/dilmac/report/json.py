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


def finding_json(finding, ui_lang: str) -> dict:
    data = finding.to_json()
    if ui_lang != "en":
        data["localized_message"] = {"lang": ui_lang, "text": finding.localized()}
    return data


def lint_json(run: Run) -> dict:
    findings = run.findings
    data = {
        "findings": [finding_json(f, current_language()) for f in findings],
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
    findings). One write."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n    ".join(map(encode, value))
            parts.append(f"  {encode(key)}: [\n    {items}\n  ]")
        else:
            parts.append(f"  {encode(key)}: {encode(value)}")
    out.write("{\n" + ",\n".join(parts) + "\n}\n" if parts else "{}\n")
