"""`dilmac termbase import` and `dilmac termbase export` (see dilmac.interchange)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer


class ExportFormat(str, Enum):
    tbx = "tbx"
    tbx2 = "tbx2"
    csv = "csv"


class ImportFormat(str, Enum):
    auto = "auto"
    tbx = "tbx"
    csv = "csv"


def register(termbase_app: typer.Typer) -> None:
    from dilmac.cli import TermbaseOption, guarded

    @termbase_app.command("export")
    @guarded
    def termbase_export(
        output: Path = typer.Option(..., "--output", "-o", help="File to write; '-' writes to standard output."),
        output_format: Optional[ExportFormat] = typer.Option(
            None, "--format", "-f", help="tbx: TBX v3 (conceptEntry/langSec/termSec); tbx2: TBX 2008 "
            "(martif/termEntry/langSet/tig, what Weblate reads); csv: one row per term. "
            "Default: csv for a .csv file, else tbx."),
        termbase: Optional[List[str]] = TermbaseOption,
        force: bool = typer.Option(False, "--force", help="Replace the output file if it exists."),
    ) -> None:
        """Write the termbase as TBX or CSV (TBX keeps every field, examples included)."""
        from dilmac.interchange import export_termbase
        from dilmac.interchange.yamlout import write_atomically
        from dilmac.termbase import Termbase, resolve_termbase_args

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
        input_format: ImportFormat = typer.Option(ImportFormat.auto, "--format", "-f",
                                                  help="Input format; auto: from the file name, else the content."),
        domain: Optional[str] = typer.Option(None, "--domain", help="Domain of the concepts whose entry names "
                                             "none of the termbase's domains (e.g. documents)."),
        force: bool = typer.Option(False, "--force", help="Replace the output file if it exists."),
    ) -> None:
        """Read a TBX or CSV termbase into a termbase YAML file; report what was mapped and dropped."""
        from collections import Counter

        from dilmac.interchange import import_file
        from dilmac.errors import DilmacError
        from dilmac.interchange.yamlout import check_writable, render, write_atomically
        from dilmac.validate import validate

        if output.suffix.lower() not in (".yaml", ".yml"):
            raise DilmacError("the output must be a .yaml file", path=str(output),
                              hint="termbase folders are read for *.yaml and *.yml files")
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
            typer.echo(f"notice: `dilmac termbase validate --termbase {output}` reports {len(problems)} "
                       f"problems in the imported data ({checks}); fix them in the YAML", err=True)
