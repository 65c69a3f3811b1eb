"""The HTML report (`dilmac lint --format html -o report.html`): one self-contained file, its
style and script inline and nothing loaded from elsewhere, that an editor can open from an
e-mail or a CI artifact. A summary per file and per rule, then every finding with its line,
the span marked, and the suggested fix; filters by severity and rule. In the interface language
(dilmac.core.i18n); rule ids, paths and the termbase's names stay as they are.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import TextIO

from jinja2 import Environment, PackageLoader, select_autoescape

from dilmac import __version__
from dilmac.core import i18n
from dilmac.core.findings import Finding, Severity
from dilmac.lint.pipeline import Run

CONTEXT = 90  # characters of the line shown on either side of a finding


def excerpt(line_text: str, finding: Finding) -> tuple[str, str, str]:
    """(before, found, after) of the finding's line, the sides cut to CONTEXT characters."""
    start = max(0, finding.column - 1)
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line_text)
    end = max(start, min(end, len(line_text)))
    before, found, after = line_text[:start], line_text[start:end], line_text[end:]
    if len(before) > CONTEXT:
        before = "…" + before[-CONTEXT:]
    if len(after) > CONTEXT:
        after = after[:CONTEXT] + "…"
    return before, found, after


def severity_name(level: str) -> str:
    _ = i18n.gettext
    return {"error": _("error"), "warning": _("warning"), "info": _("info")}.get(level, level)


def severity_count(level: str, n: int) -> str:
    """`3 errors`, `1 warning`: a count of findings of one severity."""
    ngettext = i18n.ngettext
    forms = {
        "error": ngettext("%(n)d error", "%(n)d errors", n),
        "warning": ngettext("%(n)d warning", "%(n)d warnings", n),
        "info": ngettext("%(n)d info", "%(n)d info", n),
    }
    return forms.get(level, "%(n)d " + level) % {"n": n}


def jinja_environment(package: str) -> Environment:
    """Jinja2 over a package's `templates` folder, HTML escaped, with dilmac's gettext (so the
    templates speak the UI language) and the severity words; the desk's pages use it too."""
    env = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)
    env.globals.update(severity_name=severity_name, severity_count=severity_count)
    return env


def render(run: Run, *, now: datetime | None = None) -> str:
    levels = [str(level) for level in sorted(Severity, reverse=True)]
    files, rules = [], Counter()
    rule_severity: dict[str, str] = {}
    for result in run.files:
        if result.skipped and not result.findings:
            continue
        counts = Counter(str(f.severity) for f in result.findings)
        shown = []
        for finding in result.findings:
            rules[finding.rule] += 1
            rule_severity.setdefault(finding.rule, str(finding.severity))
            line_text = result.doc.line_text(finding.line) if result.doc is not None and finding.line else ""
            shown.append((finding, excerpt(line_text, finding)))
        files.append({"path": result.path, "counts": counts, "findings": shown, "notices": result.notices})
    totals = Counter(str(f.severity) for f in run.findings)
    return (
        jinja_environment("dilmac.report")
        .get_template("report.html")
        .render(
            ui=i18n.current_language(),
            version=__version__,
            generated=(now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC"),
            levels=levels,
            files=files,
            rules=sorted(rules.items(), key=lambda item: (-item[1], item[0])),
            rule_severity=rule_severity,
            totals=totals,
            total=sum(totals.values()),
            errors=[str(error) for error in run.errors],
            checked=sum(1 for r in run.files if not r.skipped),
            messages=run.message_counts(),
        )
    )


def write(run: Run, out: TextIO) -> None:
    out.write(render(run))
