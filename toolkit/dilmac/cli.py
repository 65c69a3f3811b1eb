"""The `dilmac` command line.

Exit status (a contract CI relies on): 0 nothing reached the --fail-on level, 1 something did,
2 usage, configuration or input errors. Heavy modules are imported inside the commands so that
`dilmac lint` on one file starts fast.
"""

from __future__ import annotations

import functools
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Iterable, List, Optional

import typer

from dilmac import LANGUAGES, __version__
from dilmac.errors import DilmacError

app = typer.Typer(
    name="dilmac",
    help="Keep official names consistent in English, Azerbaijani and Turkish texts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
termbase_app = typer.Typer(help="Check, search and summarise the termbase.", no_args_is_help=True)
app.add_typer(termbase_app, name="termbase")
catalog_app = typer.Typer(help="Manage gettext catalogs: extract, init, update, compile, export, build, stats.",
                          no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")


class Format(str, Enum):
    text = "text"
    json = "json"


class LintFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


LangOption = typer.Option(None, "--lang", "-l", help="Language of the files: en, az or tr (default: from "
                          "front matter, the HTML lang attribute, the path such as name.az.md or az/, else detected).")
DateOption = typer.Option(None, "--date", "-d", help="Date the documents speak for, YYYY-MM-DD: decides which "
                          "names were valid (default: front matter 'date:', else today).")
TermbaseOption = typer.Option(None, "--termbase", "-t", help="Termbase YAML file or directory; repeatable. "
                              "'builtin' names the shipped termbase, which is used when none is given.")
FormatOption = typer.Option(Format.text, "--format", "-f", help="Output format.")
NoCacheOption = typer.Option(False, "--no-cache", help="Do not read or write the compiled-termbase cache.")
ConfigOption = typer.Option(None, "--config", help="Config file: a dilmac.toml, or a pyproject.toml with "
                            "[tool.dilmac] (default: the nearest one from the working directory upwards).")
NoConfigOption = typer.Option(False, "--no-config", help="Use no config file.")


def guarded(command):
    """Report DilmacError as `error: …` on stderr with exit status 2, in every command."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DilmacError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
    return wrapper


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dilmac {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """Keep official names consistent in English, Azerbaijani and Turkish texts."""


def _parse_date(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DilmacError(f"--date {value!r} is not a date", hint="write it as YYYY-MM-DD, e.g. 2024-05-01") from None


def _check_lang(value: Optional[str]) -> Optional[str]:
    if value is not None and value not in LANGUAGES:
        raise DilmacError(f"--lang {value!r} is not supported", hint="use one of: " + ", ".join(LANGUAGES))
    return value


def _compiled(termbases: Optional[List[str]], no_cache: bool):
    from dilmac import compiled
    from dilmac.termbase import resolve_termbase_args

    return compiled.load(resolve_termbase_args(termbases), use_cache=not no_cache)


def _rules(disabled: Optional[Iterable[str]]):
    from dilmac.rules import load_rules
    from dilmac.suppress import PSEUDO_RULES

    rules = load_rules()
    unknown = sorted(set(disabled or ()) - {rule.ID for rule in rules} - set(PSEUDO_RULES))
    if unknown:
        raise DilmacError(f"--disable names no rule: {', '.join(unknown)}",
                          hint="run 'dilmac rules' to list the rule ids")
    return [rule for rule in rules if rule.ID not in set(disabled or ())]


def _config(path: Optional[Path], no_config: bool, disabled: Optional[List[str]] = None):
    """The project config (--config FILE, else the nearest one found), with the --disable'd
    rules turned off; defaults under --no-config."""
    from dilmac import config

    if path is not None and no_config:
        raise DilmacError("--config and --no-config exclude each other", hint="pass one of them")
    _rules(disabled)  # unknown --disable ids are an error before any config is read
    found = None if no_config else path or config.discover()
    settings = config.load(found) if found is not None else config.Config()
    settings.rules.update({rule: "off" for rule in disabled or ()})
    return settings


def _run(paths: List[Path], lang, day, termbases, no_cache, disabled=None, check_fuzzy=False, jobs=1,
         stream=True, settings=None, every_occurrence=False):
    """Lint with the config (`settings`, else the one found) applied; command-line options win."""
    from dilmac.lint import lint_paths

    if jobs < 0:
        raise DilmacError(f"--jobs {jobs} is not a number of processes", hint="use 1 or more, or 0 for one per CPU")
    settings = settings or _config(None, False, disabled)
    rules = _rules(settings.disabled)
    return lint_paths(paths, _compiled(termbases or settings.termbases, no_cache), lang=_check_lang(lang),
                      day=_parse_date(day), rules=rules, check_fuzzy=check_fuzzy, jobs=jobs, stream=stream,
                      config=settings, every_occurrence=every_occurrence)


@app.command(epilog="Exit status: 0 nothing reached the --fail-on level, 1 something did, "
                     "2 usage, configuration or input errors.")
@guarded
def lint(
    paths: List[Path] = typer.Argument(..., help="Files or directories (searched recursively)."),
    lang: Optional[str] = LangOption,
    day: Optional[str] = DateOption,
    termbase: Optional[List[str]] = TermbaseOption,
    output_format: LintFormat = typer.Option(LintFormat.text, "--format", "-f", help="Output format: text, json "
                                             "(the documented contract), sarif (SARIF 2.1.0, e.g. for GitHub code "
                                             "scanning), github (Actions annotations), junit (JUnit XML)."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Lowest severity that makes the exit "
                                             "status 1 (default: the config's fail-on, else error)."),
    disable: Optional[List[str]] = typer.Option(None, "--disable", help="A rule id not to run; repeatable "
                                                "(see 'dilmac rules')."),
    no_cache: bool = NoCacheOption,
    check_fuzzy: bool = typer.Option(False, "--check-fuzzy", help="Also check fuzzy (needs-review) messages "
                                     "of PO and XLIFF catalogs; untranslated ones are only counted."),
    config: Optional[Path] = ConfigOption,
    no_config: bool = NoConfigOption,
    jobs: int = typer.Option(1, "--jobs", "-j", help="Lint files in this many processes (0: one per CPU); "
                             "the output is the same as with 1."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", metavar="FILE", help="Report only findings "
                                            "not recorded in this baseline, and those whose entry has expired."),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline", metavar="FILE", help="Record the "
                                                  "findings in this baseline file instead of reporting them (entries "
                                                  "still found keep their reason and expiry)."),
    baseline_reason: Optional[str] = typer.Option(None, "--baseline-reason", metavar="TEXT", help="With "
                                                  "--write-baseline: the reason given to new entries."),
    baseline_expires: Optional[str] = typer.Option(None, "--baseline-expires", metavar="YYYY-MM-DD", help="With "
                                                   "--write-baseline: new entries stop hiding findings after this day."),
    changed_since: Optional[str] = typer.Option(None, "--changed-since", metavar="REF", help="Report only "
                                                "findings on lines changed since this git commit, branch or tag."),
    fix: bool = typer.Option(False, "--fix", help="Apply the unambiguous fixes (forbidden, deprecated and "
                             "outdated names, missing diacritics, look-alike letters) to the files, then "
                             "report what remains."),
    diff: bool = typer.Option(False, "--diff", help="Print the fixes --fix would apply as a unified diff "
                              "and change nothing."),
) -> None:
    """Report wrong, outdated and inconsistent renderings of official names; in translation
    catalogs (.po, .pot, .xlf), also translations that miss or mistranslate the source's names,
    placeholders that differ and inconsistent translations. --lang names the translations'
    language there."""
    settings = _config(config, no_config, disable)
    run = _run(paths, lang, day, termbase, no_cache, disable, check_fuzzy, jobs, settings=settings)
    if run.message_counts() is not None:
        from dilmac.lint import collect_less

        collect_less()   # the catalogs' messages stay alive while the findings are written
    fixes = None
    if fix or diff:
        run, fixes = _autofix(run, fix, diff, output_format, lambda: _run(
            paths, lang, day, termbase, no_cache, disable, check_fuzzy, jobs, settings=settings))
    if any(o is not None for o in (baseline, write_baseline, baseline_reason, baseline_expires, changed_since)):
        from dilmac.baseline import narrow

        if narrow(run, paths, baseline=baseline, write_to=write_baseline, reason=baseline_reason,
                  expires=baseline_expires, changed_since=changed_since):
            return
    if diff:
        pass  # the diff is the output
    elif output_format is LintFormat.text:
        from dilmac.formatters import text

        text.write(run)
    else:
        _write_machine_format(run, output_format, settings.disabled, fixes)
    if run.errors:
        raise typer.Exit(2)
    fail_on = fail_on.value if fail_on is not None else settings.fail_on or FailOn.error.value
    if fail_on != FailOn.never.value:
        from dilmac.findings import Severity

        threshold = Severity.parse(fail_on)
        if any(f.severity >= threshold for f in run.findings):
            raise typer.Exit(1)


def _autofix(run, fix: bool, diff: bool, output_format: LintFormat, relint):
    """--diff: print the fixes as a unified diff. --fix: apply them and lint again, so that the
    report and the exit status are those of the fixed files. Returns the run to report and, for
    JSON, the fixes."""
    if fix and diff:
        raise DilmacError("--fix and --diff exclude each other", hint="preview with --diff, then apply with --fix")
    if diff and output_format is not LintFormat.text:
        raise DilmacError("--diff prints a unified diff, not a report", hint="drop --format, or use --fix")
    from dilmac import fix as autofix

    plan = autofix.plan(run)
    if diff:
        sys.stdout.write(autofix.diff(plan))
        for line in autofix.report_lines(plan, applied=False):
            typer.echo(line, err=True)
        return run, None
    errors = autofix.apply(plan)
    if plan.files:
        run = relint()
    run.errors[:0] = errors
    if output_format is LintFormat.json:
        return run, autofix.fixes_json(plan, applied=True)
    for line in autofix.report_lines(plan, applied=True):
        typer.echo(line, err=output_format is not LintFormat.text)
    return run, None


def _write_machine_format(run, output_format: LintFormat, disabled: Iterable[str], fixes=None) -> None:
    """Findings on stdout in a machine format; input errors also on stderr for the humans."""
    if output_format is LintFormat.json:
        from dilmac.formatters.json import dump, lint_json

        data = lint_json(run)
        if fixes is not None:
            data["fixes"] = fixes  # --fix only, an addition to the documented contract
        dump(data, sys.stdout)
    elif output_format is LintFormat.sarif:
        from dilmac.formatters.json import dump
        from dilmac.formatters.sarif import sarif

        dump(sarif(run, _rules(disabled)), sys.stdout)
    elif output_format is LintFormat.github:
        from dilmac.formatters import github

        github.write(run, sys.stdout)
    else:
        from dilmac.formatters import junit

        junit.write(run, sys.stdout)
    if output_format is not LintFormat.github:  # (annotations already carry the errors)
        for error in run.errors:
            typer.echo(f"error: {error}", err=True)


@app.command()
@guarded
def terms(
    paths: List[Path] = typer.Argument(..., help="Files or directories (searched recursively)."),
    lang: Optional[str] = LangOption,
    day: Optional[str] = DateOption,
    termbase: Optional[List[str]] = TermbaseOption,
    output_format: Format = FormatOption,
    no_cache: bool = NoCacheOption,
    config: Optional[Path] = ConfigOption,
    no_config: bool = NoConfigOption,
) -> None:
    """List every term occurrence (a concordance): where, which concept, which term and status."""
    # occurrences need whole documents: no streaming
    run = _run(paths, lang, day, termbase, no_cache, stream=False, settings=_config(config, no_config),
               every_occurrence=True)
    from dilmac.formatters.json import dump, terms_json

    data = terms_json(run)
    if output_format is Format.json:
        dump(data, sys.stdout)
    else:
        for occ in data["occurrences"]:
            typer.echo(f"{occ['path']}:{occ['line']}:{occ['column']}: {occ['found']}  →  {occ['concept']} "
                       f"“{occ['term']}” ({occ['lang']}, {occ['status']})")
        typer.echo(f"{len(data['occurrences'])} occurrences")
    for error in run.errors:
        typer.echo(f"error: {error}", err=True)
    if run.errors:
        raise typer.Exit(2)


@app.command()
@guarded
def rules(rule_id: Optional[str] = typer.Argument(None, help="A rule id, e.g. term-forbidden.")) -> None:
    """List the checks, or show one check's documentation."""
    from dilmac.rules import load_rules

    modules = load_rules()
    if rule_id is None:
        for module in modules:
            summary = (module.__doc__ or "").strip().splitlines()[0]
            typer.echo(f"{module.ID:24} {str(module.SEVERITY):8} {summary.split(': ', 1)[-1]}")
        return
    for module in modules:
        if module.ID == rule_id:
            typer.echo(f"{module.ID} (default severity: {module.SEVERITY})\n")
            typer.echo((module.__doc__ or "").strip())
            return
    raise DilmacError(f"no rule named {rule_id!r}", hint="run 'dilmac rules' to list them")


@termbase_app.command("validate")
@guarded
def termbase_validate(
    termbase: Optional[List[str]] = TermbaseOption,
    output_format: Format = FormatOption,
    skip_examples: bool = typer.Option(False, "--skip-examples", help="Do not run the concepts' examples."),
) -> None:
    """Check the termbase: schema, ids, shared forms, dates, scripts, and every concept's examples."""
    from dilmac.termbase import resolve_termbase_args
    from dilmac.validate import validate

    problems, count = validate(resolve_termbase_args(termbase), examples=not skip_examples)
    if output_format is Format.json:
        from dilmac.formatters.json import dump

        dump({"concepts": count, "problems": [p.to_json() for p in problems]}, sys.stdout)
    else:
        for problem in problems:
            typer.echo(str(problem))
        verdict = "ok" if not problems else f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        typer.echo(f"{count} concepts checked: {verdict}")
    if problems:
        raise typer.Exit(1)


@termbase_app.command("lookup")
@guarded
def termbase_lookup(
    text: str = typer.Argument(..., help="Any rendering, inflected or not (e.g. 'Xidmətinin', \"Türkiye'nin\")."),
    lang: Optional[str] = LangOption,
    termbase: Optional[List[str]] = TermbaseOption,
    output_format: Format = FormatOption,
    no_cache: bool = NoCacheOption,
) -> None:
    """Show the concept card (all languages, statuses, dates, sources) for a rendering."""
    from dilmac.lookup import lookup, render_card

    compiled = _compiled(termbase, no_cache)
    concepts = lookup(compiled, text, _check_lang(lang))
    if not concepts:
        raise DilmacError(f"no concept matches {text!r}",
                          hint="try the name without surrounding words, or another language with --lang")
    if output_format is Format.json:
        from dilmac.formatters.json import dump
        from dilmac.lookup import card_json

        dump({"concepts": [card_json(c) for c in concepts]}, sys.stdout)
    else:
        typer.echo("\n\n".join(render_card(c) for c in concepts))


@termbase_app.command("stats")
@guarded
def termbase_stats(
    termbase: Optional[List[str]] = TermbaseOption,
    output_format: Format = FormatOption,
) -> None:
    """Count concepts per domain and terms per language and status."""
    from dilmac.lookup import render_stats, stats
    from dilmac.termbase import Termbase, resolve_termbase_args

    data = stats(Termbase.load(resolve_termbase_args(termbase)))
    if output_format is Format.json:
        from dilmac.formatters.json import dump

        dump(data, sys.stdout)
    else:
        typer.echo(render_stats(data))


# Command groups kept in their own modules; each defines register(app) and imports its heavy
# dependencies inside the commands, so start-up stays light.
from dilmac.cli_catalog import register as register_catalog  # noqa: E402
register_catalog(catalog_app)
from dilmac.cli_interchange import register as register_interchange  # noqa: E402
register_interchange(termbase_app)
from dilmac.cli_export_json import register as register_export_json  # noqa: E402
register_export_json(catalog_app)
from dilmac.cli_translate import register as register_translate  # noqa: E402
register_translate(app)


def main() -> None:
    try:
        app()
    except DilmacError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
