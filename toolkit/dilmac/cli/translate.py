"""`dilmac translate` and `dilmac mt convert|models`: machine drafts for gettext catalogs.

Imported at start-up, so only Typer here; the MT stack (the optional `mt` extra:
transformers, ctranslate2, sentencepiece, torch) is imported when a model is loaded.
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path

import typer

from dilmac.cli.app import (
    NoCacheOption,
    TermbaseOption,
    app,
    check_lang,
    compiled_termbase,
    guarded,
    parse_date_option,
)
from dilmac.core.i18n import gettext as _


class BackendChoice(str, Enum):
    auto = "auto"
    ctranslate2 = "ctranslate2"
    transformers = "transformers"


def _threads_default() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


mt_app = typer.Typer(
    help=_("Machine-translation models: list them, convert them for CTranslate2."), no_args_is_help=True
)
app.add_typer(mt_app, name="mt")
model_option = typer.Option(
    None,
    "--model",
    "-m",
    help=_(
        "PAIR=PATH_OR_ID: the model for a language pair, e.g. en-az=models/opus-mt-en-trk; repeatable ('dilmac mt "
        "models' lists the defaults)."
    ),
)


@app.command(
    "translate",
    epilog=_(
        "Exit status: 0 done, 2 usage, configuration or input errors (a model not on this machine, "
        "the mt extra not installed), 130 interrupted (what was drafted is kept)."
    ),
    help=_(
        "Fill untranslated messages with machine drafts that use the termbase's names, flagged fuzzy for review; "
        "human translations are never touched. Translation memory first, then the model (opus-mt by default, from "
        "this machine only)."
    ),
)
@guarded
def translate(
    catalogs: list[Path] = typer.Argument(..., help=_("PO catalogs to fill, e.g. locales/az/LC_MESSAGES/site.po.")),
    model: list[str] | None = model_option,
    backend: BackendChoice = typer.Option(
        BackendChoice.auto,
        "--backend",
        help=_("auto: CTranslate2 when the model has a converted copy ('dilmac mt convert'), else transformers."),
    ),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help=_("Source strings per batch (sorted by length).")),
    beam: int = typer.Option(
        4, "--beam", min=1, help=_("Beam size; the n-best list searched for the termbase's names is as long.")
    ),
    threads: int | None = typer.Option(
        None,
        "--threads",
        min=1,
        help=_(
            "CPU threads (CTranslate2: parallel batches of one thread each; transformers: torch threads). Default: "
            "the cores available."
        ),
    ),
    refresh_mt: bool = typer.Option(
        False, "--refresh-mt", help=_("Also redo earlier machine drafts that nobody has edited or approved.")
    ),
    checkpoint: int = typer.Option(25, "--checkpoint", min=1, help=_("Write the catalog after every N drafts.")),
    tm: list[Path] | None = typer.Option(
        None,
        "--tm",
        help=_(
            "More catalogs (files or directories) for the translation memory; the .po files beside each catalog are "
            "always used. Repeatable."
        ),
    ),
    no_tm: bool = typer.Option(False, "--no-tm", help=_("Do not reuse existing translations.")),
    tm_threshold: float = typer.Option(
        0.85,
        "--tm-threshold",
        min=0.5,
        max=1.0,
        help=_("Least similarity (0.5-1) of a fuzzy translation-memory match; 1 allows exact matches only."),
    ),
    lang: str | None = typer.Option(
        None, "--lang", "-l", help=_("Language of the translations (default: the Language header, else the path).")
    ),
    source_lang: str | None = typer.Option(
        None, "--source-lang", help=_("Language of the msgids (default: X-Source-Language, else en).")
    ),
    day: str | None = typer.Option(
        None,
        "--date",
        "-d",
        help=_("Date the drafts speak for, YYYY-MM-DD: decides which names are valid (default: today)."),
    ),
    termbase: list[str] | None = TermbaseOption,
    no_cache: bool = NoCacheOption,
) -> None:
    import signal
    from datetime import date

    from dilmac.mt.drafts import Settings, translate_catalog
    from dilmac.mt.models import parse_model_options

    overrides = parse_model_options(model)
    settings = Settings(
        day=parse_date_option(day) or date.today(),
        beam=beam,
        batch_size=batch_size,
        checkpoint=checkpoint,
        refresh=refresh_mt,
        memory=not no_tm,
        memory_paths=list(tm or []),
        memory_threshold=tm_threshold,
        source_lang=check_lang(source_lang),
        target_lang=check_lang(lang),
    )
    compiled = compiled_termbase(termbase, no_cache)
    backends = _Backends(overrides, backend.value, threads or _threads_default(), batch_size)
    # A plain `kill` stops a run the way Ctrl-C does: drafts made since the last checkpoint are saved.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        for path in catalogs:
            if not path.is_file():
                from dilmac.core.errors import DilmacError

                raise DilmacError(_("no such catalog"), path=str(path), hint=_("name a .po file"))
            with _Progress(str(path)) as progress:
                report = translate_catalog(path, compiled, settings, backends.get, progress.update)
            typer.echo(_summary(report))
    finally:
        signal.signal(signal.SIGTERM, previous)


@mt_app.command(
    "convert", help=_("Convert a MarianMT model for CTranslate2 (int8): 'translate' then uses it by default.")
)
@guarded
def convert(
    model: str = typer.Argument(
        ...,
        help=_("A language pair (en-az: its model), a Hugging Face model id in the local cache, or a model directory."),
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help=_("Where to write the converted model (default: the dilmac cache, where 'translate' finds it)."),
    ),
    quantization: str = typer.Option(
        "int8", "--quantization", help=_("Weight type: int8 (default), int8_float32, int16, float16, float32.")
    ),
    force: bool = typer.Option(False, "--force", help=_("Replace an existing output folder.")),
    model_override: list[str] | None = model_option,
) -> None:
    from dilmac.mt.engine import convert as run_convert
    from dilmac.mt.models import model_for, parse_model_options

    pair = model if _is_pair(model) else None
    reference = model_for(pair, parse_model_options(model_override)) if pair else model
    target = run_convert(reference, output, quantization=quantization, force=force, pair=pair)
    typer.echo(f"{reference} → {target} (CTranslate2, {quantization})")


@mt_app.command("models", help=_("The model of each language pair and whether it is on this machine."))
@guarded
def models(model_override: list[str] | None = model_option) -> None:
    from dilmac.core.errors import DilmacError
    from dilmac.mt.models import DEFAULT_MODELS, locate, model_for, parse_model_options

    overrides = parse_model_options(model_override)
    for pair in DEFAULT_MODELS:
        reference = model_for(pair, overrides)
        try:
            found = locate(reference, pair)
            if found.converted:
                where = _("CTranslate2 copy %(path)s") % {"path": found.converted}
            else:
                where = f"transformers {found.checkpoint}"
        except DilmacError:
            where = _("not on this machine (dilmac translate explains how to fetch it)")
        typer.echo(f"{pair}  {reference:36}  {where}")


def _is_pair(value: str) -> bool:
    from dilmac import LANGUAGES

    source, sep, target = value.partition("-")
    return bool(sep) and source in LANGUAGES and target in LANGUAGES


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


class _Backends:
    """One loaded model per language pair, loaded when a catalog first needs it."""

    def __init__(self, overrides: dict[str, str], backend: str, threads: int, batch_size: int) -> None:
        self.overrides, self.backend, self.threads, self.batch_size = overrides, backend, threads, batch_size
        self.loaded: dict[str, object] = {}

    def get(self, source: str, target: str):
        from dilmac.mt.engine import Request, load_backend
        from dilmac.mt.models import model_for

        pair = f"{source}-{target}"
        if pair not in self.loaded:
            self.loaded[pair] = load_backend(
                Request(
                    pair, source, target, model_for(pair, self.overrides), self.backend, self.threads, self.batch_size
                )
            )
        return self.loaded[pair]


class _Progress:
    """A rich progress bar on stderr (terminals only) with entries per second."""

    def __init__(self, label: str) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        console = Console(stderr=True)
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=console,
            disable=not console.is_terminal,
            transient=True,
        )
        self.task = self.bar.add_task(label, total=None, rate="")

    def __enter__(self) -> _Progress:
        self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.stop()

    def update(self, done: int, total: int) -> None:
        speed = self.bar.tasks[0].speed
        self.bar.update(self.task, completed=done, total=total, rate=f"{speed:.1f} entries/s" if speed else "")


def _summary(report) -> str:
    fields = {
        "path": report.path,
        "pair": report.pair,
        "drafted": report.drafted,
        "eligible": report.eligible,
        "exact": report.memory_exact,
        "fuzzy": report.memory_fuzzy,
        "model": report.model,
        "engine": report.engine,
        "sources": report.sources,
        "fixed": report.fixed,
        "missing": report.missing_terms,
        "placeholders": report.placeholder_problems,
        "empty": report.not_drafted,
        "seconds": report.seconds,
        "rate": report.drafted / report.seconds if report.seconds else 0.0,
    }
    if not report.eligible:
        return _("%(path)s: nothing to draft (%(pair)s): every message is translated or a draft") % fields
    parts = [_("%(drafted)d of %(eligible)d drafted") % fields]
    if report.memory_exact or report.memory_fuzzy:
        parts.append(_("%(exact)d exact and %(fuzzy)d fuzzy from translation memory") % fields)
    if report.engine:
        parts.append(_("%(model)s by %(engine)s, %(sources)d distinct source strings") % fields)
    if report.fixed:
        parts.append(_("%(fixed)d with term fixes") % fields)
    if report.missing_terms:
        parts.append(_("%(missing)d with missing terms noted") % fields)
    if report.placeholder_problems:
        parts.append(_("%(placeholders)d with placeholder problems noted") % fields)
    if report.not_drafted:
        parts.append(_("%(empty)d left untranslated (empty output)") % fields)
    return (
        f"{report.path} ({report.pair}): "
        + "; ".join(parts)
        + _("; all fuzzy, %(seconds).1f s (%(rate).1f entries/s)") % fields
    )
