"""`dilmac catalog extract|init|update|compile|build|stats|export-json`: the gettext workflow.

Imported at start-up, so only Typer here; polib, Babel and Jinja2 are imported inside the
commands.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from dilmac.cli.app import Format, FormatOption, catalog_app, guarded
from dilmac.core.errors import DilmacError


def _catalog_paths(paths: list[Path]) -> list[Path]:
    """PO files named, and the .po files below directories, in name order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p for p in path.rglob("*.po") if not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise DilmacError("the file does not exist", path=str(path), hint="check the spelling of the path")
    if not found:
        raise DilmacError(
            "no .po files found in " + ", ".join(map(str, paths)),
            hint="name the catalogs, or a directory that holds them",
        )
    return found


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@catalog_app.command("extract")
@guarded
def extract(
    paths: list[Path] = typer.Argument(
        ..., help="Publications (.md .html .txt) and site sources (.py .js .jinja2), or directories."
    ),
    output: Path = typer.Option(Path("messages.pot"), "--output", "-o", help="The template to write."),
    mapping: list[str] | None = typer.Option(
        None,
        "--map",
        help="SUFFIX=METHOD, e.g. "
        ".html=jinja2; methods: markdown, html, text, "
        "python, javascript, jinja2, none (skip). "
        "Repeatable.",
    ),
    keyword: list[str] | None = typer.Option(
        None, "--keyword", "-k", help="An extra translation function, xgettext style (NAME or NAME:1,2). Repeatable."
    ),
    comment_tag: list[str] | None = typer.Option(
        None, "--comment-tag", help="Prefix of translator comments to keep (default: 'Translators:'). Repeatable."
    ),
    project: str = typer.Option("PACKAGE", "--project", help="Project name for the header."),
    project_version: str = typer.Option("VERSION", "--project-version", help="Project version for the header."),
    bugs_address: str = typer.Option("", "--bugs-address", help="Where to report problems with the source texts."),
    source_lang: str | None = typer.Option(
        None,
        "--source-lang",
        help="Language of "
        "the publications: those that declare another "
        "(translations such as build writes) are "
        "skipped.",
    ),
) -> None:
    """Collect the messages of publications and site sources into a POT template."""
    from dilmac.catalog.extract import COMMENT_TAGS, parse_mapping
    from dilmac.catalog.extract import extract as run_extract
    from dilmac.catalog.io import read_catalog, write_catalog

    result = run_extract(
        paths,
        methods=parse_mapping(mapping),
        keywords=keyword,
        comment_tags=tuple(comment_tag or COMMENT_TAGS),
        project=project,
        version=project_version,
        bugs_address=bugs_address,
        source_lang=source_lang,
    )
    template = result.catalog
    skipped = ""
    if result.other_language:
        skipped = f"; skipped {len(result.other_language)} in another language: " + ", ".join(result.other_language)
    if output.is_file():
        # A template whose messages did not change keeps its old creation date, so that
        # re-running extract does not touch the file.
        previous = read_catalog(output)
        created = template.metadata["POT-Creation-Date"]
        template.metadata["POT-Creation-Date"] = previous.metadata.get("POT-Creation-Date", created)
        if template.render() == previous.render():
            typer.echo(
                f"{output}: unchanged ({_count(result.messages, 'message')} from "
                f"{_count(result.files, 'file')}{skipped})"
            )
            return
        template.metadata["POT-Creation-Date"] = created
    template.path = str(output)
    write_catalog(template, output)
    typer.echo(f"{output}: {_count(result.messages, 'message')} from {_count(result.files, 'file')}{skipped}")


@catalog_app.command("init")
@guarded
def init(
    template: Path = typer.Argument(..., help="The POT template."),
    lang: str = typer.Option(
        ..., "--lang", "-l", help="Language of the new catalog (az, tr, en, or any CLDR locale such as az_AZ)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Where to write it (default: LANG.po beside the template)."
    ),
    plural_forms: str | None = typer.Option(
        None,
        "--plural-forms",
        help="The Plural-Forms header, e.g. 'nplurals=2; plural=(n > 1);' (default: that of the "
        "language's other catalogs in the same folder, else dilmac's rule for az, tr and en, else CLDR's).",
    ),
) -> None:
    """Start a catalog for a language from the template; never overwrites one."""
    from dilmac.catalog import plurals
    from dilmac.catalog.io import read_catalog, write_catalog
    from dilmac.catalog.merge import init_catalog, parse_locale

    target = output or template.with_name(f"{lang}.po")
    if target.exists():
        raise DilmacError(
            "a catalog already exists here; init would replace its translations",
            path=str(target),
            hint=f"run 'dilmac catalog update {template} {target}' to bring it up to date instead",
        )
    choice = plurals.for_new_catalog(parse_locale(lang), target, plural_forms)
    catalog = init_catalog(read_catalog(template), lang, choice.value)
    catalog.path = str(target)
    write_catalog(catalog, target)
    copied = f", as in {choice.source}" if choice.source else ""
    typer.echo(
        f"{target}: {_count(len(catalog), 'message')} to translate into "
        f"{catalog.metadata['Language']} ({catalog.metadata['Plural-Forms']}{copied})"
    )


@catalog_app.command("update")
@guarded
def update(
    template: Path = typer.Argument(..., help="The POT template."),
    catalogs: list[Path] = typer.Argument(..., help="PO files, or directories of them."),
) -> None:
    """Merge the template into catalogs; no translation is ever dropped."""
    from dilmac.catalog.io import read_catalog, write_catalog
    from dilmac.catalog.merge import update_catalog

    source = read_catalog(template)
    for path in _catalog_paths(catalogs):
        catalog = read_catalog(path)
        before = catalog.encode()
        result = update_catalog(catalog, source)
        if catalog.encode() == before:
            typer.echo(f"{path}: unchanged ({result.summary()})")
            continue
        write_catalog(catalog, path)
        typer.echo(f"{path}: {result.summary()}")


@catalog_app.command("compile")
@guarded
def compile_(
    catalogs: list[Path] = typer.Argument(..., help="PO files, or directories of them."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="The MO file (one catalog only; default: the PO's name with .mo)."
    ),
    use_fuzzy: bool = typer.Option(False, "--use-fuzzy", help="Include fuzzy translations."),
) -> None:
    """Write MO files, choosing messages as msgfmt does."""
    from dilmac.catalog.io import read_catalog
    from dilmac.catalog.mofile import compile_catalog
    from dilmac.core.atomic import write_atomic

    paths = _catalog_paths(catalogs)
    if output is not None and len(paths) > 1:
        raise DilmacError(
            "--output names one file, but there are several catalogs",
            hint="leave out --output: each PO gets its MO beside it",
        )
    for path in paths:
        compiled = compile_catalog(read_catalog(path), use_fuzzy=use_fuzzy)
        target = output or path.with_suffix(".mo")
        write_atomic(target, compiled.data, what="the MO file", make_dirs=True)
        for warning in compiled.warnings:
            typer.echo(f"warning: {warning}", err=True)
        left_out = f" ({compiled.fuzzy_left_out} fuzzy left out)" if compiled.fuzzy_left_out else ""
        typer.echo(f"{path} → {target}: {_count(compiled.messages, 'message')}{left_out}")


@catalog_app.command("build")
@guarded
def build(
    source: Path = typer.Argument(..., help="The source publication (.md, .html or .txt)."),
    catalog_path: Path = typer.Option(..., "--po", help="The language's catalog."),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="The translated file (default: the source's name with the language, e.g. release.az.md).",
    ),
    lang: str | None = typer.Option(
        None, "--lang", "-l", help="Language to declare in the document (default: the catalog's Language)."
    ),
    use_fuzzy: bool = typer.Option(False, "--use-fuzzy", help="Use fuzzy translations too."),
    output_format: Format = FormatOption,
) -> None:
    """Write a translated publication and report its coverage."""
    from dilmac.catalog.build import build_document, default_output
    from dilmac.catalog.io import read_catalog
    from dilmac.catalog.segment import segment_text
    from dilmac.core.atomic import write_atomic
    from dilmac.readers import kind_of
    from dilmac.readers.decode import decode, read_bytes

    kind = kind_of(source)
    if kind == "docx":
        raise DilmacError(
            "build writes Markdown, HTML and text, not .docx",
            path=str(source),
            hint="convert the document to Markdown first",
        )
    catalog = read_catalog(catalog_path)
    declared = (lang or catalog.metadata.get("Language") or "").replace("_", "-") or None
    target = output or default_output(source, declared or "translated")
    if target.resolve() == source.resolve():
        raise DilmacError("the output would overwrite the source", path=str(target), hint="choose another --output")
    text, _ = decode(read_bytes(source, str(source)), str(source))
    document, coverage = build_document(segment_text(text, str(source), kind), catalog, declared, use_fuzzy=use_fuzzy)
    write_atomic(target, document.encode("utf-8"), what="the translated document", make_dirs=True)
    if output_format is Format.json:
        from dilmac.report.json import dump

        dump(coverage.to_json(str(source), str(target), declared), sys.stdout)
    else:
        typer.echo(coverage.render(str(source), str(target), declared))


@catalog_app.command("stats")
@guarded
def stats(
    catalogs: list[Path] = typer.Argument(..., help="PO files, or directories of them."),
    output_format: Format = FormatOption,
) -> None:
    """Translated, fuzzy and untranslated messages and words, per language and file."""
    from dilmac.catalog.io import read_catalog
    from dilmac.catalog.stats import catalog_counts, render_table, stats_json

    files = [catalog_counts(read_catalog(path), str(path)) for path in _catalog_paths(catalogs)]
    if output_format is Format.json:
        from dilmac.report.json import dump

        dump(stats_json(files), sys.stdout)
    else:
        typer.echo(render_table(files))


class Shape(str, Enum):
    i18next = "i18next"
    jed = "jed"
    gettext_js = "gettext-js"


@catalog_app.command(
    "export-json",
    epilog="i18next: initialise with keySeparator: false and nsSeparator: "
    "false (msgids contain '.' and ':'). Jed: new Jed(json). gettext.js: i18n.loadJSON(json, "
    "domain) and i18n.setLocale(the file's language).",
)
@guarded
def export_json(
    paths: list[Path] = typer.Argument(..., help="PO files, or directories searched for *.po (a locale/ tree)."),
    output: Path = typer.Option(
        ...,
        "--output",
        "-o",
        help="A .json file (one catalog), or a directory that gets <lang>/<domain>.json for each catalog.",
    ),
    shape: Shape = typer.Option(Shape.i18next, "--shape", help="The JavaScript library the JSON is for."),
    use_fuzzy: bool = typer.Option(False, "--use-fuzzy", help="Export fuzzy translations too."),
    lang: str | None = typer.Option(
        None,
        "--lang",
        "-l",
        help="Language of every catalog (default: its "
        "Language header, else its path, e.g. tr/LC_MESSAGES or app-tr.po).",
    ),
    domain: str | None = typer.Option(
        None,
        "--domain",
        help="Domain (i18next: namespace) of every catalog "
        "(default: from the file name; i18next 'translation', else 'messages').",
    ),
    convert_placeholders: bool = typer.Option(
        False, "--convert-placeholders", help="i18next: write Python {name} and %(name)s placeholders as {{name}}."
    ),
    gettext_js_placeholders: bool = typer.Option(
        False,
        "--gettext-js-placeholders",
        help="gettext.js: the catalog uses gettext.js's own %1 placeholders, so do not escape '%'.",
    ),
) -> None:
    """Export translated messages as JSON for web frontends (fuzzy and untranslated ones left out)."""
    from dilmac.catalog.export_json import build_exports, write_json

    exports, notices = build_exports(
        paths,
        output,
        shape.value,
        use_fuzzy=use_fuzzy,
        lang=lang,
        domain=domain,
        convert_placeholders=convert_placeholders,
        gettext_js_placeholders=gettext_js_placeholders,
    )
    for notice in notices:
        typer.echo(f"warning: {notice}", err=True)
    for export in exports:
        write_json(export.target, export.data)
        typer.echo(f"{export.target}: {export.messages} messages from {export.source} ({export.shape}, {export.lang})")
