"""The `dilmac` command line: the command groups, the options and helpers they share. The
commands live in one module per group (lint, termbase, catalog, translate), which
dilmac.cli.main imports; nothing here imports them.

Exit status (a contract CI relies on): 0 nothing reached the --fail-on level, 1 something did,
2 usage, configuration or input errors. Heavy modules are imported inside the commands so that
`dilmac lint` on one file starts fast.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable
from datetime import date
from enum import Enum
from pathlib import Path

import typer

from dilmac import LANGUAGES
from dilmac.core import i18n
from dilmac.core.errors import DilmacError
from dilmac.core.i18n import N_
from dilmac.core.i18n import gettext as _
from dilmac.core.printable import printable

# Typer's own texts in dilmac's help and usage errors (typer.rich_utils translates them with the
# standard library's gettext, which knows no dilmac catalog). Translators: keep the {fields} and
# the [blue]…[/] markup as they are. (Typer's copy of Click has its "Usage:" and the like in
# English only.)
_RICH_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}


def _translate_rich_texts(module) -> None:
    for name, text in _RICH_TEXTS.items():
        if hasattr(module, name):
            setattr(module, name, i18n.gettext(text))


class _RichTextsInTheUILanguage:
    """Import hook: Typer imports typer.rich_utils only to show help or a usage error (it costs
    0.1 s); when it does, its texts are set in the UI language."""

    def find_spec(self, name, path=None, target=None):
        if name != "typer.rich_utils":
            return None
        sys.meta_path.remove(self)
        import importlib.util

        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            run_module = spec.loader.exec_module

            def exec_module(module) -> None:
                run_module(module)
                _translate_rich_texts(module)

            spec.loader.exec_module = exec_module
        return spec


def _speak_through_typer() -> None:
    if "typer.rich_utils" in sys.modules:
        _translate_rich_texts(sys.modules["typer.rich_utils"])
    elif not any(isinstance(finder, _RichTextsInTheUILanguage) for finder in sys.meta_path):
        sys.meta_path.insert(0, _RichTextsInTheUILanguage())


# The help texts below are translated as this module is imported, before Typer reads the
# command line: the UI language comes from --ui-lang in sys.argv, else the environment.
i18n.set_language(i18n.resolve_language(sys.argv[1:]))
if i18n.current_language() != "en":
    _speak_through_typer()

app = typer.Typer(
    name="dilmac",
    help=_("Keep official names consistent in English, Azerbaijani and Turkish texts."),
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
)
termbase_app = typer.Typer(help=_("Check, search and summarise the termbase."), no_args_is_help=True)
app.add_typer(termbase_app, name="termbase")
catalog_app = typer.Typer(
    help=_("Manage gettext catalogs: extract, init, update, compile, export, build, stats."), no_args_is_help=True
)
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
    html = "html"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


LangOption = typer.Option(
    None,
    "--lang",
    "-l",
    help=_(
        "Language of the files: en, az or tr (default: from the front matter, the HTML lang attribute, "
        "the path such as name.az.md or az/, else detected)."
    ),
)
DateOption = typer.Option(
    None,
    "--date",
    "-d",
    help=_(
        "Date the documents speak for, YYYY-MM-DD: decides which names were valid "
        "(default: the front matter's 'date:', else today)."
    ),
)
TermbaseOption = typer.Option(
    None,
    "--termbase",
    "-t",
    help=_(
        "Termbase YAML file or directory; repeatable. 'builtin' names the shipped termbase, "
        "which is used when none is given."
    ),
)
FormatOption = typer.Option(Format.text, "--format", "-f", help=_("Output format."))
NoCacheOption = typer.Option(False, "--no-cache", help=_("Do not read or write the compiled-termbase cache."))
ConfigOption = typer.Option(
    None,
    "--config",
    help=_(
        "Config file: a dilmac.toml, or a pyproject.toml with a tool.dilmac table (default: the "
        "nearest one from the working directory up to the repository root or your home, if you own "
        "it and only you may change it)."
    ),
)
NoConfigOption = typer.Option(False, "--no-config", help=_("Use no config file."))


def guarded(command):
    """Report DilmacError as `error: …` on stderr with exit status 2, in every command."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DilmacError as exc:
            typer.echo(error_line(exc), err=True)
            raise typer.Exit(2) from None

    return wrapper


def error_line(error: object) -> str:
    return _("error: %(message)s") % {"message": error}


def notice_line(notice: object) -> str:
    return _("notice: %(message)s") % {"message": notice}


def warning_line(warning: object) -> str:
    return _("warning: %(message)s") % {"message": warning}


def _version(value: bool) -> None:
    if value:
        # The installed distribution's metadata: what pip installed. Imported only here, as it
        # would cost every start-up some milliseconds.
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"dilmac {version('dilmac')}")
        except PackageNotFoundError:
            from dilmac import __version__

            typer.echo(
                _("dilmac %(version)s (not installed: the version of the sources on sys.path)")
                % {"version": __version__}
            )
        raise typer.Exit()


def _ui_lang(value: str | None) -> str | None:
    """--ui-lang, checked; without it the environment decides again, so that every run of the
    app (tests run many in one process) starts from the same language."""
    if value is not None and i18n.language_of(value) is None:
        raise typer.BadParameter(
            _("%(value)r is not a language of dilmac's interface: use one of %(languages)s")
            % {"value": value, "languages": ", ".join(i18n.UI_LANGUAGES)}
        )
    i18n.set_language(value if value is not None else i18n.resolve_language())
    return value


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help=_("Show the version and exit.")
    ),
    ui_lang: str | None = typer.Option(
        None,
        i18n.OPTION,
        metavar="LANG",
        callback=_ui_lang,
        is_eager=True,
        help=_(
            "Language of dilmac's messages: en, az or tr (default: DILMAC_UI_LANG, else the locale: "
            "LANGUAGE, LC_ALL, LC_MESSAGES, LANG). Machine formats keep their English rule ids."
        ),
    ),
) -> None:
    """Keep official names consistent in English, Azerbaijani and Turkish texts."""


def parse_date_option(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DilmacError(
            _("--date %(value)r is not a date") % {"value": value}, hint=_("write it as YYYY-MM-DD, e.g. 2024-05-01")
        ) from None


def check_lang(value: str | None) -> str | None:
    if value is not None and value not in LANGUAGES:
        raise DilmacError(
            _("--lang %(value)r is not supported") % {"value": value},
            hint=_("use one of: %(languages)s") % {"languages": ", ".join(LANGUAGES)},
        )
    return value


def compiled_termbase(termbases: list[str] | None, no_cache: bool):
    from dilmac.match import compiled
    from dilmac.termbase.model import resolve_termbase_args

    return compiled.load(resolve_termbase_args(termbases), use_cache=not no_cache)


def enabled_rules(disabled: Iterable[str] | None):
    from dilmac.lint.suppress import PSEUDO_RULES
    from dilmac.rules import load_rules

    rules = load_rules()
    unknown = sorted(set(disabled or ()) - {rule.ID for rule in rules} - set(PSEUDO_RULES))
    if unknown:
        raise DilmacError(
            _("--disable names no rule: %(ids)s") % {"ids": ", ".join(unknown)},
            hint=_("run 'dilmac rules' to list the rule ids"),
        )
    return [rule for rule in rules if rule.ID not in set(disabled or ())]


def project_config(path: Path | None, no_config: bool, disabled: list[str] | None = None):
    """The project config (--config FILE, else the nearest one found), with the --disable'd
    rules turned off; defaults under --no-config."""
    from dilmac.lint import config

    if path is not None and no_config:
        raise DilmacError(_("--config and --no-config exclude each other"), hint=_("pass one of them"))
    enabled_rules(disabled)  # unknown --disable ids are an error before any config is read
    warnings: list[str] = []
    found = None if no_config else path or config.discover(warnings=warnings)
    for warning in warnings:
        typer.echo(f"warning: {printable(warning)}", err=True)
    settings = config.load(found) if found is not None else config.Config()
    settings.rules.update(dict.fromkeys(disabled or (), "off"))
    return settings


def run_lint(
    paths: list[Path],
    lang,
    day,
    termbases,
    no_cache,
    disabled=None,
    check_fuzzy=False,
    jobs=1,
    stream=True,
    settings=None,
    every_occurrence=False,
    follow_symlinks=False,
):
    """Lint with the config (`settings`, else the one found) applied; command-line options win."""
    from dilmac.lint.pipeline import lint_paths

    if jobs < 0:
        raise DilmacError(
            _("--jobs %(jobs)d is not a number of processes") % {"jobs": jobs},
            hint=_("use 1 or more, or 0 for one per CPU"),
        )
    settings = settings or project_config(None, False, disabled)
    rules = enabled_rules(settings.disabled)
    return lint_paths(
        paths,
        compiled_termbase(termbases or settings.termbases, no_cache),
        lang=check_lang(lang),
        day=parse_date_option(day),
        rules=rules,
        check_fuzzy=check_fuzzy,
        jobs=jobs,
        stream=stream,
        config=settings,
        every_occurrence=every_occurrence,
        follow_symlinks=follow_symlinks,
    )
