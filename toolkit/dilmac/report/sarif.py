"""SARIF 2.1.0 output (`dilmac lint --format sarif`), for GitHub code scanning and other viewers.

One run per invocation: the tool's rules (id, summary, documentation, default level), one result
per finding with its region (columns in Unicode code points, as dilmac counts them: the run says
so with columnKind), the suggestion as a SARIF fix when there is exactly one (the unambiguous
case), a content-based partial fingerprint (so a viewer keeps tracking a finding when lines
move), and input errors as tool execution notifications. Messages are English, the run's
default language; when dilmac's UI language is another, each result's property bag also holds
"localizedMessage": {"lang", "text"}.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from dilmac import __version__
from dilmac.core.findings import Finding, Severity
from dilmac.core.i18n import current_language

if TYPE_CHECKING:
    from dilmac.lint.pipeline import Run

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/dilmac/"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def sarif(run: Run, rules: list, *, root: Path | None = None) -> dict:
    """The SARIF log of a lint run; `rules` are the rule modules that ran, paths are made
    relative to `root` (default: the working directory) where they lie under it."""
    from dilmac.core.fingerprint import fingerprint

    root = (root or Path.cwd()).resolve()
    index = {module.ID: i for i, module in enumerate(rules)}
    results = []
    for result in run.files:
        for finding in result.findings:
            results.append(_result(finding, index, root, fingerprint(finding, result.doc)))
    notifications = [
        {
            "level": "error",
            "message": {"text": error.message + (f" ({error.hint})" if error.hint else "")},
            **({"locations": [_location(error.path, root, _region_of_error(error))]} if error.path else {}),
        }
        for error in run.errors
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dilmac",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(module) for module in rules],
                    }
                },
                "originalUriBaseIds": {"SRCROOT": {"uri": root.as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "invocations": [{"executionSuccessful": not run.errors, "toolExecutionNotifications": notifications}],
                "results": results,
            }
        ],
    }


def _rule(module) -> dict:
    doc = (module.__doc__ or "").strip()
    summary = doc.splitlines()[0].split(": ", 1)[-1] if doc else module.ID
    return {
        "id": module.ID,
        "name": "".join(part.capitalize() for part in module.ID.split("-")),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": doc or summary},
        "help": {"text": doc or summary},
        "defaultConfiguration": {"level": LEVELS[module.SEVERITY]},
    }


def _result(finding: Finding, index: dict[str, int], root: Path, print_: str) -> dict:
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "snippet": {"text": finding.found},
    }
    data = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {
            "text": finding.message
            + (f" Suggestion: {finding.suggestions[0]}" if len(finding.suggestions) == 1 else "")
        },
        "locations": [_location(finding.path, root, region)],
        "partialFingerprints": {"dilmacFinding/v1": print_},
    }
    if finding.rule in index:
        data["ruleIndex"] = index[finding.rule]
    if len(finding.suggestions) == 1:
        data["fixes"] = [
            {
                "description": {"text": f"Replace with “{finding.suggestions[0]}”"},
                "artifactChanges": [
                    {
                        "artifactLocation": _artifact(finding.path, root),
                        "replacements": [
                            {
                                "deletedRegion": {
                                    k: region[k] for k in ("startLine", "startColumn", "endLine", "endColumn")
                                },
                                "insertedContent": {"text": finding.suggestions[0]},
                            }
                        ],
                    }
                ],
            }
        ]
    properties = {
        k: v
        for k, v in (
            ("concept", finding.concept),
            ("lang", finding.lang),
            ("suggestions", finding.suggestions or None),
            ("msgid", finding.msgid),
            ("msgctxt", finding.msgctxt),
        )
        if v
    }
    if current_language() != "en":
        properties["localizedMessage"] = {"lang": current_language(), "text": finding.localized()}
    if properties:
        data["properties"] = properties
    return data


def _artifact(path: str, root: Path) -> dict:
    """The file's URI, relative to the source root where it is inside it. Bytes of a name that
    are not UTF-8, control characters and the characters URIs reserve are percent-encoded, so
    that any file name makes a valid URI (other letters stay as they are)."""
    resolved = Path(path).resolve()
    try:
        return {"uri": _uri_path(resolved.relative_to(root).as_posix()), "uriBaseId": "SRCROOT"}
    except ValueError:
        return {"uri": "file://" + _uri_path(resolved.as_posix())}


_URI_UNSAFE = re.compile("[\x00-\x20\x7f-\x9f%#?\\[\\]\ud800-\udfff]+")


def _uri_path(path: str) -> str:
    return _URI_UNSAFE.sub(lambda m: quote(os.fsencode(m.group()), safe=""), path)


def _location(path: str, root: Path, region: dict | None) -> dict:
    physical: dict = {"artifactLocation": _artifact(path, root)}
    if region:
        physical["region"] = region
    return {"physicalLocation": physical}


def _region_of_error(error) -> dict | None:
    if not error.line:
        return None
    region = {"startLine": error.line}
    if error.column:
        region["startColumn"] = error.column
    return region
