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
        "Repeatable; wins over the mapping.",
    ),
    mapping_file: Path | None = typer.Option(
        None,
        "--mapping-file",
        "-F",
        help="A pybabel mapping (babel.cfg, or TOML) of glob patterns to methods and options "
        "(default: [tool.dilmac.extract] of the project's config, else its babel.cfg, else by suffix).",
    ),
    check: bool = typer.Option(
        False, "--check", help="Write nothing; exit 1 if the template is not up to date with the sources (for CI)."
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
    from dilmac.catalog.extract import COMMENT_TAGS
    from dilmac.catalog.extract import extract as run_extract
    from dilmac.catalog.io import read_catalog, write_catalog
    from dilmac.catalog.mapping import apply_overrides, load_mapping

    result = run_extract(
        paths,
        mapping=apply_overrides(load_mapping(mapping_file), mapping),
        keywords=keyword,
        comment_tags=tuple(comment_tag or COMMENT_TAGS),
        project=project,
        version=project_version,
        bugs_address=bugs_address,
        source_lang=source_lang,
    )
    template = result.catalog
    for warning in result.warnings:
        typer.echo(warning, err=True)
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
    if check:
        typer.echo(
            f"{output}: not up to date with the sources ({_count(result.messages, 'message')} from "
            f"{_count(result.files, 'file')}{skipped})\n  hint: run the same command without --check to write it",
            err=True,
        )
        raise typer.Exit(1)
    template.path = str(output)
    write_catalog(template, output)
    typer.echo(f"{output}: {_count(result.messages, 'message')} from {_count(result.files, 'file')}{skipped}")


DirectoryOption = typer.Option(
    None,
    "--directory",
    "-d",
    help="The locale folder: catalogs are DIR/<lang>/LC_MESSAGES/<domain>.po (as pybabel's -d).",
)
DomainOption = typer.Option(
    None, "--domain", "-D", help="The catalogs' domain in the -d layout (default: messages, as pybabel's)."
)


def _layout_only(directory: Path | None, domain: str | None) -> str:
    from dilmac.catalog.layout import DEFAULT_DOMAIN

    if domain is not None and directory is None:
        raise DilmacError("--domain needs --directory", hint="give the locale folder with -d, e.g. -d locales -D site")
    return domain or DEFAULT_DOMAIN


@catalog_app.command("init")
@guarded
def init(
    template: Path = typer.Argument(..., help="The POT template."),
    lang: str = typer.Option(
        ...,
        "--lang",
        "--locale",
        "-l",
        help="Language of the new catalog (az, tr, en, or any CLDR locale such as az_AZ).",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Where to write it (default: LANG.po beside the template, or the -d layout)."
    ),
    directory: Path | None = DirectoryOption,
    domain: str | None = DomainOption,
    plural_forms: str | None = typer.Option(
        None,
        "--plural-forms",
        help="The Plural-Forms header, e.g. 'nplurals=2; plural=(n > 1);' (default: that of the "
        "language's other catalogs in the same folder, else dilmac's rule for az, tr and en, else CLDR's).",
    ),
) -> None:
    """Start a catalog for a language from the template; never overwrites one."""
    from dilmac.catalog.io import read_catalog
    from dilmac.catalog.layout import catalog_path

    domain = _layout_only(directory, domain)
    if output is not None and directory is not None:
        raise DilmacError("--output and --directory both say where the catalog goes", hint="give one of them")
    target = output or (catalog_path(directory, lang, domain) if directory else template.with_name(f"{lang}.po"))
    _init_one(read_catalog(template), template, lang, target, plural_forms)


def _init_one(template, template_path: Path, lang: str, target: Path, plural_forms: str | None = None) -> None:
    from dilmac.catalog import plurals
    from dilmac.catalog.io import write_catalog
    from dilmac.catalog.merge import init_catalog, parse_locale

    if target.exists():
        raise DilmacError(
            "a catalog already exists here; init would replace its translations",
            path=str(target),
            hint=f"run 'dilmac catalog update {template_path} {target}' to bring it up to date instead",
        )
    choice = plurals.for_new_catalog(parse_locale(lang), target, plural_forms)
    catalog = init_catalog(template, lang, choice.value)
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
    catalogs: list[Path] | None = typer.Argument(None, help="PO files, or directories of them (or use -d)."),
    directory: Path | None = DirectoryOption,
    domain: str | None = DomainOption,
    langs: list[str] | None = typer.Option(
        None, "--lang", "--locale", "-l", help="With -d: only these languages (repeatable)."
    ),
    init_missing: bool = typer.Option(
        False, "--init-missing", help="With -d and -l: start the catalogs of those languages that do not exist yet."
    ),
    no_fuzzy_matching: bool = typer.Option(
        False, "--no-fuzzy-matching", "-N", help="Do not give new messages the translation of a similar one."
    ),
    ignore_obsolete: bool = typer.Option(
        False,
        "--ignore-obsolete",
        help="Drop the translations of messages no longer in the template instead of keeping them as #~ entries.",
    ),
    check: bool = typer.Option(
        False, "--check", help="Change nothing; exit 1 if a catalog is not up to date with the template (for CI)."
    ),
) -> None:
    """Merge the template into catalogs; no translation is dropped unless --ignore-obsolete says so."""
    from dilmac.catalog.io import read_catalog
    from dilmac.catalog.layout import layout_catalogs
    from dilmac.catalog.merge import update_catalog

    domain = _layout_only(directory, domain)
    if (langs or init_missing) and directory is None:
        raise DilmacError("--lang and --init-missing go with --directory", hint="give the locale folder with -d")
    if init_missing and not langs:
        raise DilmacError("--init-missing needs the languages", hint="name them with -l, e.g. -l az -l tr")
    if directory is None and not catalogs:
        raise DilmacError("no catalogs given", hint="name PO files or folders, or give the locale folder with -d")
    source = read_catalog(template)
    targets = _catalog_paths(catalogs) if catalogs else []
    missing: list[tuple[str, Path]] = []
    if directory is not None:
        for lang, path in layout_catalogs(directory, domain, langs):
            if path.is_file():
                targets.append(path)
            elif init_missing:
                missing.append((lang, path))
            else:
                raise DilmacError(
                    f"no {lang} catalog for the domain {domain}",
                    path=str(path),
                    hint="add --init-missing to start it, or leave the language out",
                )
        if not targets and not missing:
            raise DilmacError(
                f"no catalogs of the domain {domain} in this folder",
                path=str(directory),
                hint="check -d and -D, or name languages with -l and add --init-missing",
            )
    outdated = 0
    for lang, path in missing:
        if check:
            typer.echo(f"{path}: missing (init would create it)")
            outdated += 1
        else:
            _init_one(source, template, lang, path)
    options = {"fuzzy_matching": not no_fuzzy_matching, "keep_obsolete": not ignore_obsolete}
    for path in targets:
        if check:
            catalog = read_catalog(path)
            before = catalog.encode()
            result = update_catalog(catalog, source, **options)
            if catalog.encode() == before:
                typer.echo(f"{path}: unchanged ({result.summary()})")
            else:
                typer.echo(f"{path}: not up to date: update would give {result.summary()}")
                outdated += 1
            continue
        written, result = _update_one(path, source, options)
        typer.echo(f"{path}: {result.summary()}" if written else f"{path}: unchanged ({result.summary()})")
    if outdated:
        typer.echo(
            f"{_count(outdated, 'catalog')} not up to date with {template}; "
            f"run the same command without --check to update {'it' if outdated == 1 else 'them'}",
            err=True,
        )
        raise typer.Exit(1)


def _update_one(path: Path, source, options: dict):
    """Merge the template into one catalog through the safe writer: if a translator saves it
    meanwhile, the merge is made again on their version, so their work is never overwritten.
    Whether it was written, and the merge's counts."""
    from dilmac.catalog.io import read_catalog
    from dilmac.catalog.merge import missing_messages, update_catalog
    from dilmac.core.safe_write import Conflict, rewrite

    first: list = []
    outcome: list = []

    def compute(current: bytes | None) -> bytes:
        if current is None:
            raise Conflict("the catalog was removed while it was being updated")
        catalog = read_catalog(path, data=current)
        if not first:
            first.append(read_catalog(path, data=current))
        elif missing_messages(first[0], catalog):
            raise Conflict("messages are missing from the catalog on disk (was it saved half-way?)")
        outcome[:] = [update_catalog(catalog, source, **options)]
        return catalog.encode()

    written = rewrite(path, compute, parse=lambda data: read_catalog(path, data=data), what="the catalog")
    return written, outcome[0]


@catalog_app.command("compile")
@guarded
def compile_(
    catalogs: list[Path] | None = typer.Argument(None, help="PO files, or directories of them (or use -d)."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="The MO file (one catalog only; default: the PO's name with .mo)."
    ),
    directory: Path | None = DirectoryOption,
    domain: str | None = DomainOption,
    use_fuzzy: bool = typer.Option(False, "--use-fuzzy", help="Include fuzzy translations."),
    allow_errors: bool = typer.Option(
        False,
        "--allow-errors",
        help="Write the MO files although some translations have errors; those are left untranslated.",
    ),
) -> None:
    """Check the catalogs as msgfmt -c does, then write MO files choosing messages as msgfmt does."""
    from dilmac.catalog.check import check_catalog
    from dilmac.catalog.io import read_catalog
    from dilmac.catalog.layout import layout_catalogs
    from dilmac.catalog.mofile import compile_catalog
    from dilmac.core.safe_write import write_atomic

    domain = _layout_only(directory, domain)
    paths = _catalog_paths(catalogs) if catalogs else []
    if directory is not None:
        paths += [path for _, path in layout_catalogs(directory, domain)]
    if not paths:
        raise DilmacError("no catalogs given", hint="name PO files or folders, or give the locale folder with -d")
    if output is not None and len(paths) > 1:
        raise DilmacError(
            "--output names one file, but there are several catalogs",
            hint="leave out --output: each PO gets its MO beside it",
        )
    checked = []
    for path in paths:
        catalog = read_catalog(path)
        checked.append((path, catalog, check_catalog(catalog, use_fuzzy=use_fuzzy)))
    _report_checks([(path, result) for path, _, result in checked], allow_errors, "no MO file written")
    for path, catalog, result in checked:
        compiled = compile_catalog(catalog, use_fuzzy=use_fuzzy, leave_out=result.broken)
        target = output or path.with_suffix(".mo")
        write_atomic(target, compiled.data, what="the MO file", make_dirs=True)
        left_out = [
            f"{compiled.fuzzy_left_out} fuzzy" if compiled.fuzzy_left_out else "",
            f"{compiled.errors_left_out} with errors" if compiled.errors_left_out else "",
        ]
        note = " and ".join(part for part in left_out if part)
        typer.echo(f"{path} → {target}: {_count(compiled.messages, 'message')}{f' ({note} left out)' if note else ''}")


def _report_checks(results, allow_errors: bool, nothing_written: str) -> None:
    """Print the checks' notices and errors; exit 1 unless the errors may be left out."""
    errors = 0
    for path, result in results:
        for notice in result.notices:
            typer.echo(f"warning: {path}: {notice}", err=True)
        for problem in result.errors:
            typer.echo(problem.render(str(path)), err=True)
        errors += len(result.errors)
    if not errors:
        return
    header = sum(len(result.catalog_errors) for _, result in results)
    if allow_errors and not header:
        typer.echo(
            f"{_count(errors, 'error')}: those translations are left out (--allow-errors); the program shows "
            "the source text for them",
            err=True,
        )
        return
    if header:
        hint = "fix the Plural-Forms header shown (--allow-errors cannot leave a header out)"
    else:
        hint = (
            "fix the translations shown (or mark them fuzzy); --allow-errors writes the others and leaves "
            "these untranslated"
        )
    typer.echo(f"{_count(errors, 'error')}: {nothing_written}\n  hint: {hint}", err=True)
    raise typer.Exit(1)


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
    from dilmac.core.safe_write import write_atomic
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


class Untranslated(str, Enum):
    omit = "omit"
    source = "source"


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
    untranslated: Untranslated = typer.Option(
        Untranslated.omit,
        "--untranslated",
        help="i18next: leave untranslated messages out (omit: i18next falls back by its own rules) or export "
        "their source texts with the source language's plural forms (source; placeholders only converted, "
        "with --convert-placeholders).",
    ),
    allow_errors: bool = typer.Option(
        False,
        "--allow-errors",
        help="Write the JSON although some translations have errors; those are left out as untranslated.",
    ),
) -> None:
    """Check the catalogs as compile does, then export translated messages as JSON for web
    frontends (fuzzy and untranslated ones left out)."""
    from dilmac.catalog.export_json import build_exports, write_json

    exports, notices, checks = build_exports(
        paths,
        output,
        shape.value,
        use_fuzzy=use_fuzzy,
        lang=lang,
        domain=domain,
        convert_placeholders=convert_placeholders,
        gettext_js_placeholders=gettext_js_placeholders,
        untranslated=untranslated is Untranslated.source,
    )
    _report_checks(checks, allow_errors, "no JSON written")
    for notice in notices:
        typer.echo(f"warning: {notice}", err=True)
    for export in exports:
        write_json(export.target, export.data)
        typer.echo(f"{export.target}: {export.messages} messages from {export.source} ({export.shape}, {export.lang})")
