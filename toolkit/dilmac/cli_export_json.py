"""`dilmac catalog export-json`: gettext catalogs as JSON for i18next, Jed and gettext.js.

Only Typer is imported here; polib and Babel are imported when the command runs.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer


class Shape(str, Enum):
    i18next = "i18next"
    jed = "jed"
    gettext_js = "gettext-js"


def register(catalog_app: typer.Typer) -> None:
    from dilmac.cli import guarded  # here, not at the top: dilmac.cli imports this module

    @catalog_app.command("export-json", epilog="i18next: initialise with keySeparator: false and nsSeparator: "
                         "false (msgids contain '.' and ':'). Jed: new Jed(json). gettext.js: i18n.loadJSON(json, "
                         "domain) and i18n.setLocale(the file's language).")
    @guarded
    def export_json(
        paths: List[Path] = typer.Argument(..., help="PO files, or directories searched for *.po (a locale/ tree)."),
        output: Path = typer.Option(..., "--output", "-o", help="A .json file (one catalog), or a directory that "
                                    "gets <lang>/<domain>.json for each catalog."),
        shape: Shape = typer.Option(Shape.i18next, "--shape", help="The JavaScript library the JSON is for."),
        use_fuzzy: bool = typer.Option(False, "--use-fuzzy", help="Export fuzzy translations too."),
        lang: Optional[str] = typer.Option(None, "--lang", "-l", help="Language of every catalog (default: its "
                                           "Language header, else its path, e.g. tr/LC_MESSAGES or app-tr.po)."),
        domain: Optional[str] = typer.Option(None, "--domain", help="Domain (i18next: namespace) of every catalog "
                                             "(default: from the file name; i18next 'translation', else 'messages')."),
        convert_placeholders: bool = typer.Option(False, "--convert-placeholders", help="i18next: write Python "
                                                  "{name} and %(name)s placeholders as {{name}}."),
        gettext_js_placeholders: bool = typer.Option(False, "--gettext-js-placeholders", help="gettext.js: the "
                                                     "catalog uses gettext.js's own %1 placeholders, so do not "
                                                     "escape '%'."),
    ) -> None:
        """Export translated messages as JSON for web frontends (fuzzy and untranslated ones left out)."""
        from dilmac.catalog.export_json import build_exports, write_json

        exports, notices = build_exports(paths, output, shape.value, use_fuzzy=use_fuzzy, lang=lang, domain=domain,
                                         convert_placeholders=convert_placeholders,
                                         gettext_js_placeholders=gettext_js_placeholders)
        for notice in notices:
            typer.echo(f"warning: {notice}", err=True)
        for export in exports:
            write_json(export.target, export.data)
            typer.echo(f"{export.target}: {export.messages} messages from {export.source} "
                       f"({export.shape}, {export.lang})")
