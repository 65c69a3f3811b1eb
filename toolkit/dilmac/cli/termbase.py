"""`dilmac termbase validate|lookup|stats|export|import` (interchange: dilmac.termbase.interchange)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from dilmac.cli.app import (
    Format,
    FormatOption,
    LangOption,
    NoCacheOption,
    TermbaseOption,
    check_lang,
    compiled_termbase,
    guarded,
    termbase_app,
)
from dilmac.core.errors import DilmacError


@termbase_app.command("validate")
@guarded
def termbase_validate(
    termbase: list[str] | None = TermbaseOption,
    output_format: Format = FormatOption,
    skip_examples: bool = typer.Option(False, "--skip-examples", help="Do not run the concepts' examples."),
) -> None:
    """Check the termbase: schema, ids, sources and attestation, definitions, shared forms, dates,
    offices and successions, scripts, and every concept's examples (README: The termbase)."""
    from dilmac.lint.termbase_validation import validate
    from dilmac.termbase.model import resolve_termbase_args
    from dilmac.termbase.validate import errors

    problems, count = validate(resolve_termbase_args(termbase), examples=not skip_examples)
    failing = errors(problems)
    if output_format is Format.json:
        from dilmac.report.json import dump

        dump({"concepts": count, "problems": [p.to_json() for p in problems]}, sys.stdout)
    else:
        for problem in problems:
            typer.echo(str(problem))
        warnings = len(problems) - len(failing)
        verdict = "ok" if not failing else f"{len(failing)} problem{'s' if len(failing) != 1 else ''}"
        if warnings:
            verdict += f", {warnings} warning{'s' if warnings != 1 else ''}"
        typer.echo(f"{count} concepts checked: {verdict}")
    if failing:
        raise typer.Exit(1)


@termbase_app.command("lookup")
@guarded
def termbase_lookup(
    text: str = typer.Argument(..., help="Any rendering, inflected or not (e.g. 'Xidmətinin', \"Türkiye'nin\")."),
    lang: str | None = LangOption,
    termbase: list[str] | None = TermbaseOption,
    output_format: Format = FormatOption,
    no_cache: bool = NoCacheOption,
) -> None:
    """Show the concept card (all languages, statuses, dates, sources) for a rendering."""
    from dilmac.match.lookup import lookup, render_card

    compiled = compiled_termbase(termbase, no_cache)
    concepts = lookup(compiled, text, check_lang(lang))
    if not concepts:
        raise DilmacError(
            f"no concept matches {text!r}",
            hint="try the name without surrounding words, or another language with --lang",
        )
    if output_format is Format.json:
        from dilmac.match.lookup import card_json
        from dilmac.report.json import dump

        dump({"concepts": [card_json(c) for c in concepts]}, sys.stdout)
    else:
        typer.echo("\n\n".join(render_card(c) for c in concepts))


@termbase_app.command("stats")
@guarded
def termbase_stats(
    termbase: list[str] | None = TermbaseOption,
    output_format: Format = FormatOption,
) -> None:
    """Count concepts per domain and terms per language and status."""
    from dilmac.match.lookup import render_stats, stats
    from dilmac.termbase.model import Termbase, resolve_termbase_args

    data = stats(Termbase.load(resolve_termbase_args(termbase)))
    if output_format is Format.json:
        from dilmac.report.json import dump

        dump(data, sys.stdout)
    else:
        typer.echo(render_stats(data))


class ExportFormat(str, Enum):
    tbx = "tbx"
    tbx2 = "tbx2"
    csv = "csv"


class ImportFormat(str, Enum):
    auto = "auto"
    tbx = "tbx"
    csv = "csv"


@termbase_app.command("export")
@guarded
def termbase_export(
    output: Path = typer.Option(..., "--output", "-o", help="File to write; '-' writes to standard output."),
    output_format: ExportFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help="tbx: TBX v3 (conceptEntry/langSec/termSec); tbx2: TBX 2008 "
        "(martif/termEntry/langSet/tig, what Weblate reads); csv: one row per term. "
        "Default: csv for a .csv file, else tbx.",
    ),
    termbase: list[str] | None = TermbaseOption,
    force: bool = typer.Option(False, "--force", help="Replace the output file if it exists."),
) -> None:
    """Write the termbase as TBX or CSV (TBX keeps every field, examples included)."""
    from dilmac.termbase.interchange import export_termbase
    from dilmac.termbase.interchange.yamlout import write_atomically
    from dilmac.termbase.model import Termbase, resolve_termbase_args

    fmt = output_format.value if output_format else ("csv" if output.suffix.lower() == ".csv" else "tbx")
    loaded = Termbase.load(resolve_termbase_args(termbase))
    data, notices = export_termbase(loaded, fmt)
    if str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomically(output, data, force=force)
        terms = sum(1 for _ in loaded.terms())
        typer.echo(f"{output}: {len(loaded.concepts)} concepts, {terms} terms ({fmt})", err=True)
    for notice in notices:
        typer.echo(f"notice: {notice}", err=True)


@termbase_app.command("import")
@guarded
def termbase_import(
    source: Path = typer.Argument(..., help="A TBX (v3 or martif) or CSV file."),
    output: Path = typer.Option(..., "--output", "-o", help="Termbase YAML file to write."),
    input_format: ImportFormat = typer.Option(
        ImportFormat.auto, "--format", "-f", help="Input format; auto: from the file name, else the content."
    ),
    domain: str | None = typer.Option(
        None,
        "--domain",
        help="Domain of the concepts whose entry names none of the termbase's domains (e.g. documents).",
    ),
    force: bool = typer.Option(False, "--force", help="Replace the output file if it exists."),
) -> None:
    """Read a TBX or CSV termbase into a termbase YAML file; report what was mapped and dropped."""
    from collections import Counter

    from dilmac.core.errors import DilmacError
    from dilmac.lint.termbase_validation import validate
    from dilmac.termbase.interchange import import_file
    from dilmac.termbase.interchange.yamlout import (
        check_writable,
        render,
        write_atomically,
    )

    if output.suffix.lower() not in (".yaml", ".yml"):
        raise DilmacError(
            "the output must be a .yaml file",
            path=str(output),
            hint="termbase folders are read for *.yaml and *.yml files",
        )
    check_writable(output, force=force)
    concepts, report = import_file(source, input_format.value, domain=domain)
    text = render(concepts, f"Imported from {source.name} by `dilmac termbase import`.")
    write_atomically(output, text.encode("utf-8"), force=force)
    typer.echo(f"{source} → {output}")
    for line in report.summary():
        typer.echo(f"  {line}")
    if not concepts:
        typer.echo(f"warning: {source} has no en, az or tr term; {output} holds no concepts", err=True)
    problems, _ = validate([output], examples=False)
    if problems:
        checks = ", ".join(f"{check} {n}" for check, n in Counter(p.check for p in problems).most_common())
        typer.echo(
            f"notice: `dilmac termbase validate --termbase {output}` reports {len(problems)} "
            f"problems in the imported data ({checks}); fix them in the YAML",
            err=True,
        )
