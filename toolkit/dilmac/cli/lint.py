"""`dilmac lint`, `dilmac terms` and `dilmac rules`."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import typer

from dilmac.cli.app import (
    ConfigOption,
    DateOption,
    FailOn,
    Format,
    FormatOption,
    LangOption,
    LintFormat,
    NoCacheOption,
    NoConfigOption,
    TermbaseOption,
    app,
    enabled_rules,
    error_line,
    guarded,
    project_config,
    run_lint,
)
from dilmac.core.errors import DilmacError
from dilmac.core.i18n import gettext as _
from dilmac.core.i18n import ngettext
from dilmac.core.printable import printable


@app.command(
    help=_(
        "Report wrong, outdated and inconsistent renderings of official names; in translation catalogs "
        "(.po, .pot, .xlf), also translations that miss or mistranslate the source's names, placeholders "
        "that differ and inconsistent translations. --lang names the translations' language there."
    ),
    epilog=_(
        "Exit status: 0 nothing reached the --fail-on level, 1 something did, 2 usage, configuration or input errors."
    ),
)
@guarded
def lint(
    paths: list[Path] | None = typer.Argument(None, help=_("Files or directories (searched recursively).")),
    lang: str | None = LangOption,
    day: str | None = DateOption,
    termbase: list[str] | None = TermbaseOption,
    output_format: LintFormat = typer.Option(
        LintFormat.text,
        "--format",
        "-f",
        help=_(
            "Output format: text, json (the documented contract), sarif (SARIF 2.1.0, e.g. for GitHub code "
            "scanning), github (Actions annotations), junit (JUnit XML), html (a report to open in a "
            "browser; with -o FILE, written there)."
        ),
    ),
    fail_on: FailOn | None = typer.Option(
        None,
        "--fail-on",
        help=_("Lowest severity that makes the exit status 1 (default: the config's fail-on, else error)."),
    ),
    disable: list[str] | None = typer.Option(
        None, "--disable", help=_("A rule id not to run; repeatable (see 'dilmac rules').")
    ),
    no_cache: bool = NoCacheOption,
    check_fuzzy: bool = typer.Option(
        False,
        "--check-fuzzy",
        help=_(
            "Also check fuzzy (needs-review) messages of PO and XLIFF catalogs; untranslated ones are only counted."
        ),
    ),
    config: Path | None = ConfigOption,
    no_config: bool = NoConfigOption,
    jobs: int = typer.Option(
        1,
        "--jobs",
        "-j",
        help=_("Lint files in this many processes (0: one per CPU); the output is the same as with 1."),
    ),
    baseline: Path | None = typer.Option(
        None,
        "--baseline",
        metavar="FILE",
        help=_("Report only findings not recorded in this baseline, and those whose entry has expired."),
    ),
    write_baseline: Path | None = typer.Option(
        None,
        "--write-baseline",
        metavar="FILE",
        help=_(
            "Record the findings in this baseline file instead of reporting them "
            "(entries still found keep their reason and expiry)."
        ),
    ),
    baseline_reason: str | None = typer.Option(
        None,
        "--baseline-reason",
        metavar="TEXT",
        help=_("With --write-baseline: the reason given to new entries."),
    ),
    baseline_expires: str | None = typer.Option(
        None,
        "--baseline-expires",
        metavar="YYYY-MM-DD",
        help=_("With --write-baseline: new entries stop hiding findings after this day."),
    ),
    changed_since: str | None = typer.Option(
        None,
        "--changed-since",
        metavar="REF",
        help=_("Report only findings on lines changed since this git commit, branch or tag."),
    ),
    fix: bool = typer.Option(
        False,
        "--fix",
        help=_(
            "Apply the unambiguous fixes (forbidden, deprecated and outdated names, missing diacritics, "
            "look-alike letters) to the files, then report what remains."
        ),
    ),
    diff: bool = typer.Option(
        False, "--diff", help=_("Print the fixes --fix would apply as a unified diff and change nothing.")
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help=_(
            "With --fix and one file: write the fixed file here and leave the original as it is. "
            "With --format html: write the report here."
        ),
    ),
    author: str | None = typer.Option(
        None,
        "--author",
        metavar="NAME",
        help=_(
            "With --fix: the author of the tracked changes and comments written into Word documents (default: dilmac)."
        ),
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help=_(
            "With --fix: write read-only files, files in read-only folders, and Word documents a lock file "
            "says are open."
        ),
    ),
    follow_symlinks: bool = typer.Option(
        False,
        "--follow-symlinks",
        help=_(
            "Lint the targets of symbolic links wherever they are, and let --fix write them (by default a "
            "link is linted only when it points inside the working directory or a folder named, and never "
            "written through)."
        ),
    ),
    show_config: bool = typer.Option(
        False, "--show-config", help=_("Print which config file is in force and its settings, then exit.")
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=_("Also say which config file is in force.")),
) -> None:
    settings = project_config(config, no_config, disable)
    if show_config:
        for line in settings.describe():
            typer.echo(printable(line))
        return
    if verbose:
        typer.echo(printable(settings.describe()[0]), err=True)
    if not paths:
        raise DilmacError(_("no files or folders to lint"), hint=_("name them, e.g. dilmac lint docs/"))
    report_to = None
    if output is not None and output_format is LintFormat.html:
        report_to, output = output, None  # -o names the report; --fix then fixes in place
    if output is not None:
        _check_output(paths, output, fix)
    if (author is not None or force) and not fix:
        raise DilmacError(_("--author and --force go with --fix"), hint=_("add --fix"))
    if author is not None and not author.strip():
        raise DilmacError(_("--author needs a name"), hint=_("e.g. --author 'Press Office'"))

    def lint_paths(targets: list[Path]):
        return run_lint(
            targets,
            lang,
            day,
            termbase,
            no_cache,
            disable,
            check_fuzzy,
            jobs,
            settings=settings,
            follow_symlinks=follow_symlinks,
        )

    run = lint_paths(paths)
    if run.message_counts() is not None:
        from dilmac.lint.pipeline import collect_less

        collect_less()  # the catalogs' messages stay alive while the findings are written
    fixes = None
    if fix or diff:
        run, fixes = _autofix(
            run,
            fix,
            diff,
            output_format,
            lambda: lint_paths([output] if output is not None else paths),
            output=output,
            author=author or "dilmac",
            force=force,
            follow_symlinks=follow_symlinks,
        )
    if any(o is not None for o in (baseline, write_baseline, baseline_reason, baseline_expires, changed_since)):
        from dilmac.gate.baseline import narrow

        if narrow(
            run,
            paths,
            baseline=baseline,
            write_to=write_baseline,
            reason=baseline_reason,
            expires=baseline_expires,
            changed_since=changed_since,
        ):
            return
    if diff:
        pass  # the diff is the output
    elif output_format is LintFormat.text:
        from dilmac.report import text

        text.write(run)
    elif output_format is LintFormat.html:
        _write_html(run, report_to)
    else:
        _write_machine_format(run, output_format, settings.disabled, fixes)
    if run.errors:
        raise typer.Exit(2)
    fail_on = fail_on.value if fail_on is not None else settings.fail_on or FailOn.error.value
    if fail_on != FailOn.never.value:
        from dilmac.core.findings import Severity

        threshold = Severity.parse(fail_on)
        if any(f.severity >= threshold for f in run.findings):
            raise typer.Exit(1)


def _check_output(paths: list[Path], output: Path, fix: bool) -> None:
    """-o writes the fixed copy of one file, of the same kind."""
    if not fix:
        raise DilmacError(_("--output writes the fixed file: it needs --fix"), hint=_("add --fix"))
    if len(paths) != 1 or not paths[0].is_file():
        raise DilmacError(_("--output needs exactly one file to fix"), hint=_("name one file, not several or a folder"))
    if output.is_dir():
        raise DilmacError(_("--output names a folder"), path=str(output), hint=_("give the name of the file to write"))
    if output.suffix.lower() != paths[0].suffix.lower():
        kind = (
            _("--output must be a %(suffix)s file like the one fixed") % {"suffix": paths[0].suffix}
            if paths[0].suffix
            else _("--output must be a file without extension like the one fixed")
        )
        raise DilmacError(
            kind,
            path=str(output),
            hint=_("name it e.g. %(name)s") % {"name": f"{paths[0].stem}-fixed{paths[0].suffix}"},
        )


def _autofix(
    run,
    fix: bool,
    diff: bool,
    output_format: LintFormat,
    relint,
    *,
    output=None,
    author="",
    force=False,
    follow_symlinks=False,
):
    """--diff: print the fixes as a unified diff. --fix: apply them (to --output, when given)
    and lint again, so that the report and the exit status are those of the fixed files.
    Returns the run to report and, for JSON, the fixes."""
    if fix and diff:
        raise DilmacError(
            _("--fix and --diff exclude each other"), hint=_("preview with --diff, then apply with --fix")
        )
    if diff and output_format is not LintFormat.text:
        raise DilmacError(_("--diff prints a unified diff, not a report"), hint=_("drop --format, or use --fix"))
    from dilmac.report import fix as autofix

    plan = autofix.plan(run, every_file=output is not None)
    if diff:
        sys.stdout.write(autofix.diff(plan))
        for line in autofix.report_lines(plan, applied=False):
            typer.echo(line, err=True)
        return run, None
    errors = autofix.apply(plan, author=author, output=output, force=force, follow_symlinks=follow_symlinks)
    written = any(file.edits or file.commented for file in plan.files)
    if written or (output is not None and plan.files and not errors):
        run = relint()
    run.errors[:0] = errors
    if output_format is LintFormat.json:
        return run, autofix.fixes_json(plan, applied=True)
    for line in autofix.report_lines(plan, applied=True):
        typer.echo(line, err=output_format is not LintFormat.text)
    return run, None


def _write_html(run, path: Path | None) -> None:
    """The HTML report to `path` (written whole or not at all), else to stdout; input errors
    also on stderr."""
    from dilmac.report import html

    page = html.render(run)
    if path is None:
        sys.stdout.write(page)
    else:
        from dilmac.core.safe_write import write_atomic

        if path.is_dir():
            raise DilmacError("-o names a folder", path=str(path), hint="give the name of the report, e.g. report.html")
        write_atomic(path, page.encode("utf-8"), what="the report", display=str(path))
        typer.echo(f"report written to {path}", err=True)
    for error in run.errors:
        typer.echo(f"error: {error}", err=True)


def _write_machine_format(run, output_format: LintFormat, disabled: Iterable[str], fixes=None) -> None:
    """Findings on stdout in a machine format; input errors also on stderr for the humans."""
    if output_format is LintFormat.json:
        from dilmac.report.json import dump, lint_json

        data = lint_json(run)
        if fixes is not None:
            data["fixes"] = fixes  # --fix only, an addition to the documented contract
        dump(data, sys.stdout)
    elif output_format is LintFormat.sarif:
        from dilmac.report.json import dump
        from dilmac.report.sarif import sarif

        dump(sarif(run, enabled_rules(disabled)), sys.stdout)
    elif output_format is LintFormat.github:
        from dilmac.report import github

        github.write(run, sys.stdout)
    else:
        from dilmac.report import junit

        junit.write(run, sys.stdout)
    if output_format is not LintFormat.github:  # (annotations already carry the errors)
        for error in run.errors:
            typer.echo(error_line(error), err=True)


@app.command(help=_("List every term occurrence (a concordance): where, which concept, which term and status."))
@guarded
def terms(
    paths: list[Path] | None = typer.Argument(None, help=_("Files or directories (searched recursively).")),
    lang: str | None = LangOption,
    day: str | None = DateOption,
    termbase: list[str] | None = TermbaseOption,
    output_format: Format = FormatOption,
    no_cache: bool = NoCacheOption,
    config: Path | None = ConfigOption,
    no_config: bool = NoConfigOption,
) -> None:
    # occurrences need whole documents: no streaming
    run = run_lint(
        paths,
        lang,
        day,
        termbase,
        no_cache,
        stream=False,
        settings=project_config(config, no_config),
        every_occurrence=True,
    )
    from dilmac.report.json import dump, terms_json

    data = terms_json(run)
    if output_format is Format.json:
        dump(data, sys.stdout)
    else:
        for occ in data["occurrences"]:
            typer.echo(
                f"{occ['path']}:{occ['line']}:{occ['column']}: {occ['found']}  →  {occ['concept']} "
                f"“{occ['term']}” ({occ['lang']}, {occ['status']})"
            )
        count = len(data["occurrences"])
        typer.echo(ngettext("%(n)d occurrence", "%(n)d occurrences", count) % {"n": count})
    for error in run.errors:
        typer.echo(error_line(error), err=True)
    if run.errors:
        raise typer.Exit(2)


@app.command(help=_("List the checks, or show one check's documentation."))
@guarded
def rules(rule_id: str | None = typer.Argument(None, help=_("A rule id, e.g. term-forbidden."))) -> None:
    from dilmac.rules import documentation, load_rules

    modules = load_rules()
    if rule_id is None:
        width = max(len(module.SEVERITY.label()) for module in modules)
        for module in modules:
            summary = documentation(module).splitlines()[0]
            typer.echo(f"{module.ID:24} {module.SEVERITY.label():{width}} {summary.split(': ', 1)[-1]}")
        return
    for module in modules:
        if module.ID == rule_id:
            heading = _("%(rule)s (default severity: %(severity)s)")
            typer.echo(heading % {"rule": module.ID, "severity": module.SEVERITY.label()})
            typer.echo()
            typer.echo(documentation(module))
            return
    raise DilmacError(_("no rule named %(rule)r") % {"rule": rule_id}, hint=_("run 'dilmac rules' to list them"))
