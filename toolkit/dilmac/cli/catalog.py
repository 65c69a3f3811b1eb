"""`dilmac catalog extract|init|update|compile|build|stats|export-json`: the gettext workflow.

Imported at start-up, so only Typer here; polib, Babel and Jinja2 are imported inside the
commands.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from dilmac.cli.app import Format, FormatOption, catalog_app, guarded, warning_line
from dilmac.core.errors import DilmacError
from dilmac.core.i18n import gettext as _
from dilmac.core.i18n import ngettext


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
            raise DilmacError(_("the file does not exist"), path=str(path), hint=_("check the spelling of the path"))
    if not found:
        raise DilmacError(
            _("no .po files found in %(paths)s") % {"paths": ", ".join(map(str, paths))},
            hint=_("name the catalogs, or a directory that holds them"),
        )
    return found


def _messages(number: int) -> str:
    return ngettext("%(n)d message", "%(n)d messages", number) % {"n": number}


def _from_files(messages: int, files: int) -> str:
    return ngettext("%(messages)s from %(n)d file", "%(messages)s from %(n)d files", files) % {
        "messages": _messages(messages),
        "n": files,
    }


def _errors(number: int) -> str:
    return ngettext("%(n)d error", "%(n)d errors", number) % {"n": number}


@catalog_app.command("extract", help=_("Collect the messages of publications and site sources into a POT template."))
@guarded
def extract(
    paths: list[Path] = typer.Argument(
        ..., help=_("Publications (.md .html .txt) and site sources (.py .js .jinja2), or directories.")
    ),
    output: Path = typer.Option(Path("messages.pot"), "--output", "-o", help=_("The template to write.")),
    mapping: list[str] | None = typer.Option(
        None,
        "--map",
        help=_(
            "SUFFIX=METHOD, e.g. .html=jinja2; methods: markdown, html, text, python, javascript, jinja2, none "
            "(skip). Repeatable; wins over the mapping."
        ),
    ),
    mapping_file: Path | None = typer.Option(
        None,
        "--mapping-file",
        "-F",
        help=_(
            "A pybabel mapping (babel.cfg, or TOML) of glob patterns to methods and options (default: the "
            "tool.dilmac.extract table of the project's config, else its babel.cfg, else by suffix)."
        ),
    ),
    check: bool = typer.Option(
        False, "--check", help=_("Write nothing; exit 1 if the template is not up to date with the sources (for CI).")
    ),
    keyword: list[str] | None = typer.Option(
        None, "--keyword", "-k", help=_("An extra translation function, xgettext style (NAME or NAME:1,2). Repeatable.")
    ),
    comment_tag: list[str] | None = typer.Option(
        None, "--comment-tag", help=_("Prefix of translator comments to keep (default: 'Translators:'). Repeatable.")
    ),
    project: str = typer.Option("PACKAGE", "--project", help=_("Project name for the header.")),
    project_version: str = typer.Option("VERSION", "--project-version", help=_("Project version for the header.")),
    bugs_address: str = typer.Option("", "--bugs-address", help=_("Where to report problems with the source texts.")),
    source_lang: str | None = typer.Option(
        None,
        "--source-lang",
        help=_(
            "Language of the publications: those that declare another (translations such as build writes) are skipped."
        ),
    ),
) -> None:
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
        skipped = _("; skipped %(n)d in another language: %(paths)s") % {
            "n": len(result.other_language),
            "paths": ", ".join(result.other_language),
        }
    counted = _from_files(result.messages, result.files) + skipped
    if output.is_file():
        # A template whose messages did not change keeps its old creation date, so that
        # re-running extract does not touch the file.
        previous = read_catalog(output)
        created = template.metadata["POT-Creation-Date"]
        template.metadata["POT-Creation-Date"] = previous.metadata.get("POT-Creation-Date", created)
        if template.render() == previous.render():
            typer.echo(_("%(path)s: unchanged (%(counted)s)") % {"path": output, "counted": counted})
            return
        template.metadata["POT-Creation-Date"] = created
    if check:
        typer.echo(
            _("%(path)s: not up to date with the sources (%(counted)s)") % {"path": output, "counted": counted}
            + "\n  "
            + _("hint: %(hint)s") % {"hint": _("run the same command without --check to write it")},
            err=True,
        )
        raise typer.Exit(1)
    template.path = str(output)
    write_catalog(template, output)
    typer.echo(f"{output}: {counted}")


DirectoryOption = typer.Option(
    None,
    "--directory",
    "-d",
    help=_("The locale folder: catalogs are DIR/<lang>/LC_MESSAGES/<domain>.po (as pybabel's -d)."),
)
DomainOption = typer.Option(
    None, "--domain", "-D", help=_("The catalogs' domain in the -d layout (default: messages, as pybabel's).")
)


def _layout_only(directory: Path | None, domain: str | None) -> str:
    from dilmac.catalog.layout import DEFAULT_DOMAIN

    if domain is not None and directory is None:
        raise DilmacError(
            _("--domain needs --directory"), hint=_("give the locale folder with -d, e.g. -d locales -D site")
        )
    return domain or DEFAULT_DOMAIN


@catalog_app.command("init", help=_("Start a catalog for a language from the template; never overwrites one."))
@guarded
def init(
    template: Path = typer.Argument(..., help=_("The POT template.")),
    lang: str = typer.Option(
        ...,
        "--lang",
        "--locale",
        "-l",
        help=_("Language of the new catalog (az, tr, en, or any CLDR locale such as az_AZ)."),
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help=_("Where to write it (default: LANG.po beside the template, or the -d layout).")
    ),
    directory: Path | None = DirectoryOption,
    domain: str | None = DomainOption,
    plural_forms: str | None = typer.Option(
        None,
        "--plural-forms",
        help=_(
            "The Plural-Forms header, e.g. 'nplurals=2; plural=(n > 1);' (default: that of the language's other "
            "catalogs in the same folder, else dilmac's rule for az, tr and en, else CLDR's)."
        ),
    ),
) -> None:
    from dilmac.catalog.io import read_catalog
    from dilmac.catalog.layout import catalog_path

    domain = _layout_only(directory, domain)
    if output is not None and directory is not None:
        raise DilmacError(_("--output and --directory both say where the catalog goes"), hint=_("give one of them"))
    target = output or (catalog_path(directory, lang, domain) if directory else template.with_name(f"{lang}.po"))
    _init_one(read_catalog(template), template, lang, target, plural_forms)


def _init_one(template, template_path: Path, lang: str, target: Path, plural_forms: str | None = None) -> None:
    from dilmac.catalog import plurals
    from dilmac.catalog.io import write_catalog
    from dilmac.catalog.merge import init_catalog, parse_locale

    if target.exists():
        raise DilmacError(
            _("a catalog already exists here; init would replace its translations"),
            path=str(target),
            hint=_("run '%(command)s' to bring it up to date instead")
            % {"command": f"dilmac catalog update {template_path} {target}"},
        )
    choice = plurals.for_new_catalog(parse_locale(lang), target, plural_forms)
    catalog = init_catalog(template, lang, choice.value)
    catalog.path = str(target)
    write_catalog(catalog, target)
    fields = {
        "path": target,
        "n": len(catalog),
        "lang": catalog.metadata["Language"],
        "plural_forms": catalog.metadata["Plural-Forms"],
        "source": choice.source,
    }
    if choice.source:
        line = ngettext(
            "%(path)s: %(n)d message to translate into %(lang)s (%(plural_forms)s, as in %(source)s)",
            "%(path)s: %(n)d messages to translate into %(lang)s (%(plural_forms)s, as in %(source)s)",
            len(catalog),
        )
    else:
        line = ngettext(
            "%(path)s: %(n)d message to translate into %(lang)s (%(plural_forms)s)",
            "%(path)s: %(n)d messages to translate into %(lang)s (%(plural_forms)s)",
            len(catalog),
        )
    typer.echo(line % fields)


@catalog_app.command(
    "update", help=_("Merge the template into catalogs; no translation is dropped unless --ignore-obsolete says so.")
)
@guarded
def update(
    template: Path = typer.Argument(..., help=_("The POT template.")),
    catalogs: list[Path] | None = typer.Argument(None, help=_("PO files, or directories of them (or use -d).")),
    directory: Path | None = DirectoryOption,
    domain: str | None = DomainOption,
    langs: list[str] | None = typer.Option(
        None, "--lang", "--locale", "-l", help=_("With -d: only these languages (repeatable).")
    ),
    init_missing: bool = typer.Option(
        False, "--init-missing", help=_("With -d and -l: start the catalogs of those languages that do not exist yet.")
    ),
    no_fuzzy_matching: bool = typer.Option(
        False, "--no-fuzzy-matching", "-N", help=_("Do not give new messages the translation of a similar one.")
    ),
    ignore_obsolete: bool = typer.Option(
        False,
        "--ignore-obsolete",
        help=_("Drop the translations of messages no longer in the template instead of keeping them as #~ entries."),
    ),
    check: bool = typer.Option(
        False, "--check", help=_("Change nothing; exit 1 if a catalog is not up to date with the template (for CI).")
    ),
) -> None:
    from dilmac.catalog.io import read_catalog
    from dilmac.catalog.layout import layout_catalogs
    from dilmac.catalog.merge import update_catalog

    domain = _layout_only(directory, domain)
    if (langs or init_missing) and directory is None:
        raise DilmacError(_("--lang and --init-missing go with --directory"), hint=_("give the locale folder with -d"))
    if init_missing and not langs:
        raise DilmacError(_("--init-missing needs the languages"), hint=_("name them with -l, e.g. -l az -l tr"))
    if directory is None and not catalogs:
        raise DilmacError(_("no catalogs given"), hint=_("name PO files or folders, or give the locale folder with -d"))
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
                    _("no %(lang)s catalog for the domain %(domain)s") % {"lang": lang, "domain": domain},
                    path=str(path),
                    hint=_("add --init-missing to start it, or leave the language out"),
                )
        if not targets and not missing:
            raise DilmacError(
                _("no catalogs of the domain %(domain)s in this folder") % {"domain": domain},
                path=str(directory),
                hint=_("check -d and -D, or name languages with -l and add --init-missing"),
            )
    outdated = 0
    for lang, path in missing:
        if check:
            typer.echo(_("%(path)s: missing (init would create it)") % {"path": path})
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
                typer.echo(_("%(path)s: unchanged (%(summary)s)") % {"path": path, "summary": result.summary()})
            else:
                typer.echo(
                    _("%(path)s: not up to date: update would give %(summary)s")
                    % {"path": path, "summary": result.summary()}
                )
                outdated += 1
            continue
        written, result = _update_one(path, source, options)
        if written:
            typer.echo(f"{path}: {result.summary()}")
        else:
            typer.echo(_("%(path)s: unchanged (%(summary)s)") % {"path": path, "summary": result.summary()})
    if outdated:
        typer.echo(
            ngettext(
                "%(n)d catalog not up to date with %(template)s; run the same command without --check to update it",
                "%(n)d catalogs not up to date with %(template)s; run the same command without --check to update them",
                outdated,
            )
            % {"n": outdated, "template": template},
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


@catalog_app.command(
    "compile", help=_("Check the catalogs as msgfmt -c does, then write MO files choosing messages as msgfmt does.")
)
@guarded
def compile_(
    catalogs: list[Path] | None = typer.Argument(None, help=_("PO files, or directories of them (or use -d).")),
    output: Path | None = typer.Option(
        None, "--output", "-o", help=_("The MO file (one catalog only; default: the PO's name with .mo).")
    ),
    directory: Path | None = DirectoryOption,
    domain: str | None = DomainOption,
    use_fuzzy: bool = typer.Option(False, "--use-fuzzy", help=_("Include fuzzy translations.")),
    allow_errors: bool = typer.Option(
        False,
        "--allow-errors",
        help=_("Write the MO files although some translations have errors; those are left untranslated."),
    ),
) -> None:
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
        raise DilmacError(_("no catalogs given"), hint=_("name PO files or folders, or give the locale folder with -d"))
    if output is not None and len(paths) > 1:
        raise DilmacError(
            _("--output names one file, but there are several catalogs"),
            hint=_("leave out --output: each PO gets its MO beside it"),
        )
    checked = []
    for path in paths:
        catalog = read_catalog(path)
        checked.append((path, catalog, check_catalog(catalog, use_fuzzy=use_fuzzy)))
    _report_checks([(path, result) for path, _catalog, result in checked], allow_errors, _("no MO file written"))
    for path, catalog, result in checked:
        compiled = compile_catalog(catalog, use_fuzzy=use_fuzzy, leave_out=result.broken)
        target = output or path.with_suffix(".mo")
        write_atomic(target, compiled.data, what="the MO file", make_dirs=True)
        fields = {"fuzzy": compiled.fuzzy_left_out, "errors": compiled.errors_left_out}
        if compiled.fuzzy_left_out and compiled.errors_left_out:
            note = _(" (%(fuzzy)d fuzzy and %(errors)d with errors left out)") % fields
        elif compiled.fuzzy_left_out:
            note = _(" (%(fuzzy)d fuzzy left out)") % fields
        elif compiled.errors_left_out:
            note = _(" (%(errors)d with errors left out)") % fields
        else:
            note = ""
        typer.echo(f"{path} → {target}: {_messages(compiled.messages)}{note}")


def _report_checks(results, allow_errors: bool, nothing_written: str) -> None:
    """Print the checks' notices and errors; exit 1 unless the errors may be left out."""
    errors = 0
    for path, result in results:
        for notice in result.notices:
            typer.echo(warning_line(f"{path}: {notice}"), err=True)
        for problem in result.errors:
            typer.echo(problem.render(str(path)), err=True)
        errors += len(result.errors)
    if not errors:
        return
    header = sum(len(result.catalog_errors) for _path, result in results)
    if allow_errors and not header:
        typer.echo(
            _(
                "%(errors)s: those translations are left out (--allow-errors); "
                "the program shows the source text for them"
            )
            % {"errors": _errors(errors)},
            err=True,
        )
        return
    if header:
        hint = _("fix the Plural-Forms header shown (--allow-errors cannot leave a header out)")
    else:
        hint = _(
            "fix the translations shown (or mark them fuzzy); --allow-errors writes the others and leaves "
            "these untranslated"
        )
    typer.echo(f"{_errors(errors)}: {nothing_written}\n  " + _("hint: %(hint)s") % {"hint": hint}, err=True)
    raise typer.Exit(1)


@catalog_app.command("build", help=_("Write a translated publication and report its coverage."))
@guarded
def build(
    source: Path = typer.Argument(..., help=_("The source publication (.md, .html or .txt).")),
    catalog_path: Path = typer.Option(..., "--po", help=_("The language's catalog.")),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help=_("The translated file (default: the source's name with the language, e.g. release.az.md)."),
    ),
    lang: str | None = typer.Option(
        None, "--lang", "-l", help=_("Language to declare in the document (default: the catalog's Language).")
    ),
    use_fuzzy: bool = typer.Option(False, "--use-fuzzy", help=_("Use fuzzy translations too.")),
    output_format: Format = FormatOption,
) -> None:
    from dilmac.catalog.build import build_document, default_output
    from dilmac.catalog.io import read_catalog
    from dilmac.catalog.segment import segment_text
    from dilmac.core.safe_write import write_atomic
    from dilmac.readers import kind_of
    from dilmac.readers.decode import decode, read_bytes

    kind = kind_of(source)
    if kind == "docx":
        raise DilmacError(
            _("build writes Markdown, HTML and text, not .docx"),
            path=str(source),
            hint=_("convert the document to Markdown first"),
        )
    catalog = read_catalog(catalog_path)
    declared = (lang or catalog.metadata.get("Language") or "").replace("_", "-") or None
    target = output or default_output(source, declared or "translated")
    if target.resolve() == source.resolve():
        raise DilmacError(
            _("the output would overwrite the source"), path=str(target), hint=_("choose another --output")
        )
    text, _encoding = decode(read_bytes(source, str(source)), str(source))
    document, coverage = build_document(segment_text(text, str(source), kind), catalog, declared, use_fuzzy=use_fuzzy)
    write_atomic(target, document.encode("utf-8"), what="the translated document", make_dirs=True)
    if output_format is Format.json:
        from dilmac.report.json import dump

        dump(coverage.to_json(str(source), str(target), declared), sys.stdout)
    else:
        typer.echo(coverage.render(str(source), str(target), declared))


@catalog_app.command("stats", help=_("Translated, fuzzy and untranslated messages and words, per language and file."))
@guarded
def stats(
    catalogs: list[Path] = typer.Argument(..., help=_("PO files, or directories of them.")),
    output_format: Format = FormatOption,
) -> None:
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
    epilog=_(
        "i18next: initialise with keySeparator: false and nsSeparator: false (msgids contain '.' and ':'). "
        "Jed: new Jed(json). gettext.js: i18n.loadJSON(json, domain) and i18n.setLocale(the file's language)."
    ),
    help=_(
        "Check the catalogs as compile does, then export translated messages as JSON for web frontends (fuzzy "
        "and untranslated ones left out)."
    ),
)
@guarded
def export_json(
    paths: list[Path] = typer.Argument(..., help=_("PO files, or directories searched for *.po (a locale/ tree).")),
    output: Path = typer.Option(
        ...,
        "--output",
        "-o",
        help=_("A .json file (one catalog), or a directory that gets <lang>/<domain>.json for each catalog."),
    ),
    shape: Shape = typer.Option(Shape.i18next, "--shape", help=_("The JavaScript library the JSON is for.")),
    use_fuzzy: bool = typer.Option(False, "--use-fuzzy", help=_("Export fuzzy translations too.")),
    lang: str | None = typer.Option(
        None,
        "--lang",
        "-l",
        help=_(
            "Language of every catalog (default: its Language header, else its path, e.g. tr/LC_MESSAGES or app-tr.po)."
        ),
    ),
    domain: str | None = typer.Option(
        None,
        "--domain",
        help=_(
            "Domain (i18next: namespace) of every catalog (default: from the file name; i18next 'translation', "
            "else 'messages')."
        ),
    ),
    convert_placeholders: bool = typer.Option(
        False, "--convert-placeholders", help=_("i18next: write Python {name} and %(name)s placeholders as {{name}}.")
    ),
    gettext_js_placeholders: bool = typer.Option(
        False,
        "--gettext-js-placeholders",
        help=_("gettext.js: the catalog uses gettext.js's own %1 placeholders, so do not escape '%'."),
    ),
    untranslated: Untranslated = typer.Option(
        Untranslated.omit,
        "--untranslated",
        help=_(
            "i18next: leave untranslated messages out (omit: i18next falls back by its own rules) or export their "
            "source texts with the source language's plural forms (source; placeholders only converted, with "
            "--convert-placeholders)."
        ),
    ),
    allow_errors: bool = typer.Option(
        False,
        "--allow-errors",
        help=_("Write the JSON although some translations have errors; those are left out as untranslated."),
    ),
) -> None:
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
    _report_checks(checks, allow_errors, _("no JSON written"))
    for notice in notices:
        typer.echo(warning_line(notice), err=True)
    for export in exports:
        write_json(export.target, export.data)
        line = ngettext(
            "%(path)s: %(n)d message from %(source)s (%(shape)s, %(lang)s)",
            "%(path)s: %(n)d messages from %(source)s (%(shape)s, %(lang)s)",
            export.messages,
        )
        fields = {"n": export.messages, "source": export.source, "shape": export.shape, "lang": export.lang}
        typer.echo(line % {"path": export.target, **fields})
